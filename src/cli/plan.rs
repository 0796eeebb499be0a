//! Raw arguments checked into a plan: every check that needs no dataset
//! (scale, language code, formats, widths) happens here, before any file is
//! read; checks against the dataset (scenario ids, names in the language)
//! happen right after it loads, before any line is fitted.

use std::path::PathBuf;

use super::args::{Cli, Command, Data, ImageFormat, Source};
use super::commands;
use super::ui::{Ui, sanitize};
use crate::error::{Error, Result};
use crate::load::BoundarySource;
use crate::model::{Dataset, IsoDate, Lang};
use crate::present::Format;
use crate::scene::Options;
use crate::session::{DataSource, RenderOptions};
use crate::write::tables;

/// Widest PNG drawn, pixels. A map page is about as tall as it is wide, so
/// 8,000 px is ~230 MB of pixels while painting plus ~170 MB while encoding,
/// and two maps are drawn at once: under 1 GB in all. It is 600 dpi across
/// a 13-inch page, enough for print.
const MAX_PNG_WIDTH: u32 = 8_000;

/// A checked command.
pub(super) enum Plan {
    Validate(DataSource),
    Units(DataSource, tables::Format),
    Scenarios { data: DataSource, ids_only: bool },
    Stats(StatsPlan),
    Render(RenderPlan),
    Export(ExportPlan),
    Import(ImportPlan),
}

/// `claimsmap stats`.
pub(super) struct StatsPlan {
    pub source: DataSource,
    pub allow_violations: bool,
    /// Scenario ids; every scenario when empty.
    pub ids: Vec<String>,
    pub format: tables::Format,
    pub out: Option<PathBuf>,
}

/// `claimsmap render`.
pub(super) struct RenderPlan {
    pub source: DataSource,
    pub allow_violations: bool,
    /// Scenario ids; every scenario (and the gallery) when empty.
    pub ids: Vec<String>,
    pub lang: Lang,
    pub options: RenderOptions,
    pub out: PathBuf,
    /// Replace files in `out` that claimsmap did not write.
    pub force: bool,
}

/// `claimsmap export`.
pub(super) struct ExportPlan {
    pub source: DataSource,
    pub allow_violations: bool,
    pub id: String,
    pub out: PathBuf,
}

/// `claimsmap import`.
pub(super) struct ImportPlan {
    pub recipe: PathBuf,
    pub source: PathBuf,
    pub out: PathBuf,
    /// Replace files in `out` that claimsmap did not write.
    pub force: bool,
    /// Whether to read and write the population layer's settlements.
    pub settlements: bool,
}

impl Plan {
    /// Runs the plan.
    pub(super) fn execute(self, ui: &mut Ui<'_>) -> Result<()> {
        match self {
            Plan::Validate(data) => commands::validate::run(&data, ui),
            Plan::Units(data, format) => commands::units::run(&data, format, ui),
            Plan::Scenarios { data, ids_only } => commands::scenarios::run(&data, ids_only, ui),
            Plan::Stats(plan) => commands::stats::run(&plan, ui),
            Plan::Render(plan) => commands::render::run(&plan, ui),
            Plan::Export(plan) => commands::export::run(&plan, ui),
            Plan::Import(plan) => commands::import::run(&plan, ui),
        }
    }
}

impl TryFrom<Cli> for Plan {
    type Error = Error;

    fn try_from(cli: Cli) -> Result<Plan> {
        Ok(match cli.command {
            Command::Validate { data } => Plan::Validate(data_source(data, None)),
            Command::Units { data, format } => Plan::Units(data_source(data, None), format.into()),
            Command::Scenarios { data, ids } => Plan::Scenarios {
                data: data_source(data, None),
                ids_only: ids,
            },
            Command::Stats {
                source,
                scenario,
                all: _,
                format,
                out,
            } => Plan::Stats(StatsPlan {
                allow_violations: source.allow_violations,
                source: lines_source(source)?,
                ids: scenario,
                format: format.into(),
                out,
            }),
            Command::Render { .. } => Plan::Render(RenderPlan::try_from(cli.command)?),
            Command::Export { source, scenario, out } => Plan::Export(ExportPlan {
                allow_violations: source.allow_violations,
                source: lines_source(source)?,
                id: scenario,
                out,
            }),
            Command::Import {
                recipe,
                source,
                out,
                force,
                no_settlements,
            } => Plan::Import(ImportPlan {
                recipe,
                source,
                out,
                force,
                settlements: !no_settlements,
            }),
        })
    }
}

impl TryFrom<Command> for RenderPlan {
    type Error = Error;

    fn try_from(command: Command) -> Result<RenderPlan> {
        let Command::Render {
            source,
            scenario,
            all,
            format,
            compare,
            out,
            force,
            width,
            scale,
            lang,
            text_as_paths,
            layout,
        } = command
        else {
            unreachable!("called for render only")
        };
        if !(scale.is_finite() && (0.1..=10.0).contains(&scale)) {
            return Err(Error::Usage(format!("--scale {scale} is outside 0.1..10")));
        }
        let lang = Lang::new(&lang).ok_or_else(|| {
            Error::Usage(format!(
                "--lang \"{}\" is not a language code; use a lower-case code such as en or uk",
                sanitize(&lang)
            ))
        })?;
        let width = (f64::from(width) * scale).round();
        if width > f64::from(MAX_PNG_WIDTH) {
            return Err(Error::Usage(format!(
                "--width and --scale ask for a PNG {width} px wide; the largest is {MAX_PNG_WIDTH} px (a larger one needs gigabytes of memory); lower --width or --scale"
            )));
        }
        let width = (width as u32).max(100);
        let formats = [ImageFormat::Svg, ImageFormat::Png, ImageFormat::Pdf]
            .into_iter()
            .filter(|f| format.contains(f))
            .map(|f| match f {
                ImageFormat::Svg if text_as_paths => Format::SvgOutlined,
                ImageFormat::Svg => Format::Svg,
                ImageFormat::Png => Format::Png { width },
                ImageFormat::Pdf => Format::Pdf,
            })
            .collect();
        Ok(RenderPlan {
            allow_violations: source.allow_violations,
            source: lines_source(source)?,
            ids: if all { Vec::new() } else { scenario },
            options: RenderOptions {
                formats,
                compare,
                scene: Options {
                    lang: lang.to_string(),
                    layout: layout.map(Into::into),
                },
            },
            lang,
            out,
            force,
        })
    }
}

impl RenderPlan {
    /// Checks the plan against the loaded dataset, before any fitting: the
    /// scenario ids exist and the dataset has names in the language.
    pub(super) fn check(&self, data: &Dataset) -> Result<()> {
        data.scenarios.check_ids(&self.ids)?;
        if !self.lang.is_main() && !data.units.iter().any(|u| u.names.contains_key(self.lang.as_str())) {
            return Err(Error::Usage(format!(
                "the dataset has no names in \"{}\"; try --lang en",
                self.lang
            )));
        }
        Ok(())
    }
}

fn data_source(data: Data, lines: Option<PathBuf>) -> DataSource {
    DataSource {
        dir: data.data,
        boundaries: BoundarySource {
            file: data.boundaries,
            id_property: data.id_property,
            name_property: data.name_property,
            id_map: data.id_map,
            match_names: data.match_names,
            credit: data.boundaries_credit,
        },
        lines,
        date: None,
    }
}

fn lines_source(source: Source) -> Result<DataSource> {
    let date = match &source.date {
        None => None,
        Some(text) => Some(
            IsoDate::parse(text)
                .ok_or_else(|| Error::Usage(format!("--date \"{}\" is not a date like 2025-08-15", sanitize(text))))?,
        ),
    };
    Ok(DataSource {
        date,
        ..data_source(source.data, source.lines)
    })
}
