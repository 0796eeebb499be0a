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
pub(crate) const MAX_PNG_WIDTH: u32 = 8_000;

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
    /// Report the timeline of every snapshot date instead of scenarios.
    pub timeline: bool,
    /// Report the change between these two snapshot dates instead.
    pub change: Option<(IsoDate, IsoDate)>,
    pub format: tables::Format,
    pub out: Option<PathBuf>,
}

/// Most proposals one figure sets side by side: more would shrink each
/// panel below what reads in a column.
pub(super) const MAX_COMPARE_WITH: usize = 3;
/// Most panels of small multiples: beyond, each map is too small to read.
pub(super) const MAX_SMALL_MULTIPLES: usize = 24;

/// `claimsmap render`.
pub(super) struct RenderPlan {
    pub source: DataSource,
    pub allow_violations: bool,
    /// Scenario ids; every scenario (and the gallery) when empty and
    /// `singles` holds.
    pub ids: Vec<String>,
    /// Draw the single maps (and comparisons) of `ids`: false when only
    /// figures were asked for.
    pub singles: bool,
    /// The multi-panel figures asked for.
    pub figures: Figures,
    /// The PNG width asked for, which the animation takes even when the
    /// formats hold no PNG.
    pub png_width: u32,
    pub lang: Lang,
    pub options: RenderOptions,
    pub out: PathBuf,
    /// Replace files in `out` that claimsmap did not write.
    pub force: bool,
}

/// The multi-panel figures of one `render` run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Figures {
    /// Proposals set side by side in one figure (two or three); none when empty.
    pub proposals: Vec<String>,
    /// Draw the small multiples through the dates.
    pub small_multiples: bool,
    /// Write the animation through the dates.
    pub animate: bool,
    /// The dates of both; every snapshot when empty.
    pub dates: Vec<IsoDate>,
    /// Change maps: each a pair of snapshot dates, the earlier first.
    pub changes: Vec<(IsoDate, IsoDate)>,
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
    /// The recipe; absent only with `list`.
    pub recipe: Option<PathBuf>,
    /// `--list COUNTRY`: print the country's features instead of importing.
    pub list: Option<String>,
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
            Command::Units { data, date, format } => Plan::Units(
                DataSource {
                    date: date.as_deref().map(parse_as_of).transpose()?,
                    ..data_source(data, None)
                },
                format.into(),
            ),
            Command::Scenarios { data, ids } => Plan::Scenarios {
                data: data_source(data, None),
                ids_only: ids,
            },
            Command::Stats {
                source,
                scenario,
                all: _,
                timeline,
                change,
                format,
                out,
            } => Plan::Stats(StatsPlan {
                change: match &change {
                    Some(text) => Some(change_dates(text, &source)?),
                    None => None,
                },
                allow_violations: source.allow_violations,
                source: lines_source(source)?,
                ids: scenario,
                timeline,
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
                list,
                source,
                out,
                force,
                no_settlements,
            } => Plan::Import(ImportPlan {
                recipe,
                list,
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
            population,
            compare_with,
            small_multiples,
            animate,
            dates,
            change,
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
        let mut figures = figures(&scenario, all, compare_with, small_multiples, animate, &dates)?;
        for text in &change {
            let pair = change_dates(text, &source)?;
            if !figures.changes.contains(&pair) {
                figures.changes.push(pair);
            }
        }
        if (small_multiples || animate) && source.date.is_some() {
            return Err(Error::Usage(
                "--as-of picks one snapshot, but --small-multiples and --animate draw several; choose them with --dates"
                    .into(),
            ));
        }
        if (small_multiples || animate) && source.lines.is_some() {
            return Err(Error::Usage(
                "--small-multiples and --animate draw the control table's dates, but --lines gives one set of lines; leave --lines out".into(),
            ));
        }
        Ok(RenderPlan {
            allow_violations: source.allow_violations,
            source: lines_source(source)?,
            // With --compare-with, the --scenario maps themselves only when
            // --compare asks for their comparisons too.
            singles: all || !scenario.is_empty() && (figures.proposals.is_empty() || compare),
            figures,
            png_width: width,
            ids: if all { Vec::new() } else { scenario },
            options: RenderOptions {
                formats,
                compare,
                scene: Options {
                    lang: lang.to_string(),
                    layout: layout.map(Into::into),
                    population,
                },
            },
            lang,
            out,
            force,
        })
    }
}

/// Checks the figure flags that need no dataset: two or three proposals,
/// dates that are dates, and dates only with a figure through them.
fn figures(
    scenario: &[String],
    all: bool,
    compare_with: Vec<String>,
    small_multiples: bool,
    animate: bool,
    dates: &[String],
) -> Result<Figures> {
    let mut proposals = Vec::new();
    if !compare_with.is_empty() {
        let given = if all { &[][..] } else { scenario };
        for id in given.iter().chain(&compare_with) {
            if !proposals.contains(id) {
                proposals.push(id.clone());
            }
        }
        if proposals.len() < 2 {
            return Err(Error::Usage(format!(
                "--compare-with sets two or three proposals side by side, but names only \"{}\"; add another id (--compare-with A,B), or draw one proposal beside the current lines with --scenario ID --compare",
                sanitize(&proposals.join(","))
            )));
        }
        if proposals.len() > MAX_COMPARE_WITH {
            return Err(Error::Usage(format!(
                "--compare-with sets at most {MAX_COMPARE_WITH} proposals side by side, but {} are named ({}); draw the others in a second figure",
                proposals.len(),
                sanitize(&proposals.join(", "))
            )));
        }
    }
    if !dates.is_empty() && !small_multiples && !animate {
        return Err(Error::Usage(
            "--dates chooses the panels of --small-multiples and the frames of --animate; add one of them, or use --as-of for single maps".into(),
        ));
    }
    let mut parsed: Vec<IsoDate> = Vec::new();
    for text in dates {
        let date = IsoDate::parse(text.trim())
            .ok_or_else(|| Error::Usage(format!("--dates: \"{}\" is not a date like 2025-08-15", sanitize(text))))?;
        if parsed.contains(&date) {
            return Err(Error::Usage(format!(
                "--dates names {date} twice; give each date once (one panel and one frame each)"
            )));
        }
        parsed.push(date);
    }
    parsed.sort();
    if small_multiples && parsed.len() > MAX_SMALL_MULTIPLES {
        return Err(Error::Usage(format!(
            "--small-multiples draws at most {MAX_SMALL_MULTIPLES} panels, but --dates names {}; choose fewer dates",
            parsed.len()
        )));
    }
    Ok(Figures {
        proposals,
        small_multiples,
        animate,
        dates: parsed,
        changes: Vec::new(),
    })
}

/// The two dates of `--change FROM,TO`: two dates, different, the earlier
/// first, and not with a flag that picks one set of lines.
fn change_dates(text: &str, source: &Source) -> Result<(IsoDate, IsoDate)> {
    const EXAMPLE: &str = "--change 2022-02-23,2025-08-15";
    let shown = sanitize(text);
    if source.date.is_some() {
        return Err(Error::Usage(format!(
            "--change {shown} compares two snapshot dates, but --as-of picks one; leave --as-of out"
        )));
    }
    if source.lines.is_some() {
        return Err(Error::Usage(format!(
            "--change {shown} compares the control table's lines of two dates, but --lines gives one set of lines; leave --lines out"
        )));
    }
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [from, to] = parts[..] else {
        return Err(Error::Usage(format!(
            "--change \"{shown}\" needs two snapshot dates separated by a comma, the earlier first, like {EXAMPLE}"
        )));
    };
    let parse = |t: &str| {
        IsoDate::parse(t).ok_or_else(|| {
            Error::Usage(format!(
                "--change: \"{}\" is not a date like 2025-08-15 (YYYY-MM-DD, with leading zeros); give two snapshot dates, the earlier first, like {EXAMPLE}",
                sanitize(t)
            ))
        })
    };
    let (from, to) = (parse(from)?, parse(to)?);
    if from == to {
        return Err(Error::Usage(format!(
            "--change {from},{to} names the same date twice; a change map needs two different snapshot dates, the earlier first (the lines of one date are --as-of {from})"
        )));
    }
    if from > to {
        return Err(Error::Usage(format!(
            "--change {from},{to}: the first date must be before the second; swap them: --change {to},{from}"
        )));
    }
    Ok((from, to))
}

/// Checks the dates of change maps against the dataset: it has two
/// snapshots or more, and each date is one of them (else the nearest is
/// suggested). The problem is located in the control table.
pub(super) fn check_change_dates(data: &Dataset, pairs: &[(IsoDate, IsoDate)]) -> Result<()> {
    use crate::error::{Location, Problem};
    if pairs.is_empty() {
        return Ok(());
    }
    let known = data.snapshot_dates();
    let list = known.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let path = data.dir.join(crate::load::files::CONTROL);
    if known.len() < 2 {
        let one = known.first().map_or_else(|| "none".to_string(), ToString::to_string);
        return Err(Error::Invalid(vec![
            Problem::new(
                &path,
                Location::File,
                format!(
                    "--change maps the ground that changed hands between two snapshot dates, but the control table has one date ({one})"
                ),
            )
            .with_hint(
                "add a block of rows with another date to control.csv (see \"Lines through time\" in the README), or leave --change out",
            ),
        ]));
    }
    // A day count good enough to find the nearest snapshot.
    let day = |d: &IsoDate| {
        let s = d.to_string();
        let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap_or(0);
        n(0..4) * 372 + n(5..7) * 31 + n(8..10)
    };
    for d in pairs.iter().flat_map(|(a, b)| [a, b]) {
        if known.contains(d) {
            continue;
        }
        let nearest = known.iter().min_by_key(|k| (day(k) - day(d)).abs());
        let mean = nearest.map_or_else(String::new, |n| format!("did you mean {n}? "));
        return Err(Error::Invalid(vec![
            Problem::new(&path, Location::File, format!("no snapshot on {d} (--change)")).with_hint(format!(
                "{mean}--change takes dates the control table has a snapshot for: {list}"
            )),
        ]));
    }
    Ok(())
}

impl RenderPlan {
    /// Checks the plan against the loaded dataset, before any fitting: the
    /// scenario ids exist, every date asked for is a snapshot, the dataset
    /// has settlements to draw when `--population` asks for them, and names
    /// in the language.
    pub(super) fn check(&self, data: &Dataset) -> Result<()> {
        data.scenarios.check_ids(&self.ids)?;
        check_change_dates(data, &self.figures.changes)?;
        data.scenarios.check_ids(&self.figures.proposals)?;
        if self.options.scene.population && data.population.as_ref().is_none_or(|p| p.settlements.is_empty()) {
            return Err(Error::Usage(
                "--population draws the dataset's settlements, and this dataset has none (settlements.csv with population.csv); leave --population out".into(),
            ));
        }
        if self.figures.small_multiples || self.figures.animate {
            let known = data.snapshot_dates();
            let list = || known.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            if known.is_empty() {
                return Err(Error::Usage(
                    "the control table has no rows, so no dates to draw; add rows to control.csv".into(),
                ));
            }
            if let Some(d) = self.figures.dates.iter().find(|d| !known.contains(d)) {
                return Err(Error::Usage(format!(
                    "--dates: the control table has no snapshot on {d}; its snapshots are {}: choose among them, or leave --dates out for all",
                    list()
                )));
            }
            if self.figures.small_multiples && self.figures.dates.is_empty() && known.len() > MAX_SMALL_MULTIPLES {
                return Err(Error::Usage(format!(
                    "the control table has {} snapshots, more than the {MAX_SMALL_MULTIPLES} panels small multiples can draw; choose some with --dates",
                    known.len()
                )));
            }
        }
        if !self.lang.is_main() && !data.units.iter().any(|u| u.names.contains_key(self.lang.as_str())) {
            // The languages the units are named in, beside the main one.
            let langs: std::collections::BTreeSet<&str> = data
                .units
                .iter()
                .flat_map(|u| u.names.keys().map(String::as_str))
                .collect();
            let others: Vec<&str> = langs.into_iter().collect();
            let (has, try_lang) = match others.as_slice() {
                [] => ("its names are in en only".to_string(), "en"),
                [one, ..] => (format!("its names are in en and {}", others.join(", ")), *one),
            };
            return Err(Error::Usage(format!(
                "the dataset has no names in \"{}\"; {has}: try --lang {try_lang} (the title, legend and credits stay as the dataset writes them)",
                self.lang
            )));
        }
        Ok(())
    }
}

fn data_source(data: Data, lines: Option<PathBuf>) -> DataSource {
    DataSource {
        dir: data.data.unwrap_or_else(crate::embedded::default_dir),
        boundaries: BoundarySource {
            file: data.boundaries,
            id_property: data.id_property,
            name_property: data.name_property,
            id_map: data.id_map,
            match_names: data.match_names,
            credit: data.boundaries_credit,
            area_property: data.area_property,
        },
        lines,
        date: None,
        without_population: false,
    }
}

fn lines_source(source: Source) -> Result<DataSource> {
    Ok(DataSource {
        date: source.date.as_deref().map(parse_as_of).transpose()?,
        without_population: source.no_population,
        ..data_source(source.data, source.lines)
    })
}

/// The date of `--as-of`.
fn parse_as_of(text: &str) -> Result<IsoDate> {
    IsoDate::parse(text)
        .ok_or_else(|| Error::Usage(format!("--as-of \"{}\" is not a date like 2025-08-15", sanitize(text))))
}
