//! The command line: clap types, and `run`, which turns parsed arguments
//! into library calls and prints their results. Nothing else prints.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::report::{self, Format};
use crate::scenario::{Control, Engine, Outcome, lines};
use crate::{export, import, load, output, stats};

/// Renders territorial-claims maps from a dataset folder of boundaries,
/// control shares and scenarios.
#[derive(Debug, Parser)]
#[command(name = "claimsmap", version, about, after_long_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  claimsmap validate                              check the dataset in ./geodata
  claimsmap units --format csv                    unit areas and held shares as CSV
  claimsmap scenarios                             the scenarios, described
  claimsmap stats --all                           every scenario's km² per unit
  claimsmap stats --scenario alaska-terms --format json
  claimsmap stats --all --lines held.geojson      use real control polygons
  claimsmap export --scenario alaska-terms --out alaska-terms.geojson
  claimsmap render --all --compare --out output   every map, statistics and index.html
  claimsmap render --scenario alaska-terms --format svg --lang uk
  claimsmap import --recipe geodata/recipe.toml --source target/naturalearth --out geodata

Exit codes: 0 ok, 1 runtime or I/O error, 2 bad input or usage.";

/// The dataset folder, and optionally boundaries from elsewhere.
#[derive(Debug, Clone, clap::Args)]
pub struct Data {
    /// Dataset folder.
    #[arg(long, default_value = "geodata")]
    pub data: PathBuf,
    /// Boundaries GeoJSON to use instead of the folder's units.geojson.
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    /// Property of the boundaries holding each unit's id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_property: String,
    /// Property of the boundaries holding each unit's name.
    #[arg(long, value_name = "NAME", default_value = "name")]
    pub name_property: String,
}

impl Data {
    /// Loads the dataset.
    pub fn load(&self) -> Result<Dataset> {
        load::dataset_with(
            &self.data,
            &load::BoundarySource {
                file: self.boundaries.clone(),
                id_property: self.id_property.clone(),
                name_property: self.name_property.clone(),
            },
        )
    }
}

/// Where the current lines come from.
#[derive(Debug, Clone, clap::Args)]
pub struct Source {
    /// Dataset folder and boundaries.
    #[command(flatten)]
    pub data: Data,
    /// GeoJSON of polygons the occupier holds; replaces the lines fitted to the control table.
    #[arg(long, value_name = "FILE")]
    pub lines: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a dataset folder and report every problem with file and line.
    Validate {
        /// Dataset folder and boundaries.
        #[command(flatten)]
        data: Data,
    },
    /// List the units with measured and official areas and held shares.
    Units {
        /// Dataset folder and boundaries.
        #[command(flatten)]
        data: Data,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List the dataset's scenarios with their descriptions and sources.
    Scenarios {
        /// Dataset folder and boundaries.
        #[command(flatten)]
        data: Data,
        /// Print only the ids, one per line.
        #[arg(long)]
        ids: bool,
    },
    /// Km² held now and after each scenario, per unit and in total.
    Stats {
        /// Dataset folder and lines.
        #[command(flatten)]
        source: Source,
        /// Scenario to report (repeatable); all scenarios when none is given.
        #[arg(long, value_name = "ID", conflicts_with = "all")]
        scenario: Vec<String>,
        /// Report every scenario (the default).
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file instead of standard output (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Draw maps of scenarios as SVG and PNG (with --all also the statistics and index.html).
    Render {
        /// Dataset folder and lines.
        #[command(flatten)]
        source: Source,
        /// Scenario to draw (repeatable).
        #[arg(long, value_name = "ID", conflicts_with = "all", required_unless_present = "all")]
        scenario: Vec<String>,
        /// Draw every scenario, and write stats.csv, stats.json and index.html.
        #[arg(long)]
        all: bool,
        /// Formats to write, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [ImageFormat::Svg, ImageFormat::Png])]
        format: Vec<ImageFormat>,
        /// Also draw each proposal beside the current lines (`ID-compare.svg`).
        #[arg(long)]
        compare: bool,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// PNG width in pixels.
        #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(100..=20000))]
        width: u32,
        /// Multiplies the PNG width, for high-density screens and print.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// Language of place and unit names.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Write text as paths (exact glyphs without the font; not selectable).
        #[arg(long)]
        text_as_paths: bool,
    },
    /// Write a scenario's areas and front lines as GeoJSON.
    Export {
        /// Dataset folder and lines.
        #[command(flatten)]
        source: Source,
        /// Scenario to export.
        #[arg(long, value_name = "ID")]
        scenario: String,
        /// GeoJSON file to write (`-`: standard output).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Build a dataset's boundary files from Natural Earth shapefiles.
    Import {
        /// The recipe naming the source features, ids and names.
        #[arg(long)]
        recipe: PathBuf,
        /// Folder the recipe's source paths are relative to.
        #[arg(long)]
        source: PathBuf,
        /// Folder to write units.geojson, context.geojson, places.csv and water.geojson into.
        #[arg(long, default_value = "geodata")]
        out: PathBuf,
    },
}

/// Image formats `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImageFormat {
    /// SVG, for embedding in reports.
    Svg,
    /// PNG, rendered from the same SVG.
    Png,
}

/// A loaded dataset with its current lines.
pub struct Loaded {
    /// The dataset.
    pub data: Dataset,
    /// The current lines.
    pub control: Control,
    /// Warnings to show the user (lines outside the table's ranges).
    pub warnings: Vec<String>,
}

impl Loaded {
    /// Loads the dataset and computes the current lines.
    pub fn new(source: &Source) -> Result<Self> {
        let data = source.data.load()?;
        let engine = Engine::new(&data);
        let mut warnings: Vec<String> = data.warnings.iter().map(ToString::to_string).collect();
        let control = match &source.lines {
            Some(path) => {
                let (lines, repairs) = load::lines::load(path)?;
                warnings.extend(repairs.iter().map(ToString::to_string));
                let (control, outside) = engine.from_lines(&lines)?;
                warnings.extend(outside);
                control
            }
            None => engine.current()?,
        };
        Ok(Loaded {
            data,
            control,
            warnings,
        })
    }

    /// Runs one scenario.
    pub fn run(&self, id: &str) -> Result<Outcome> {
        Engine::new(&self.data).run(&self.data.scenarios, id, &self.control)
    }
}

/// Runs a parsed command line, writing results to `out` and warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: PathBuf::from("<stdout>"),
        source: e,
    };
    match cli.command {
        Command::Validate { data } => {
            let ds = data.load()?;
            warn(err, &ds.warnings.iter().map(ToString::to_string).collect::<Vec<_>>())?;
            let control = Engine::new(&ds).current()?;
            let wrong = crate::scenario::check_anchors(&ds, &control);
            if !wrong.is_empty() {
                return Err(Error::Invalid(wrong));
            }
            writeln!(
                out,
                "{}: ok: {} units, {} control rows, {} places, {} scenarios",
                data.data.display(),
                ds.units.len(),
                ds.control.len(),
                ds.places.len(),
                ds.scenarios.scenarios.len()
            )
            .map_err(io)?;
        }
        Command::Scenarios { data, ids } => {
            let ds = data.load()?;
            for sc in &ds.scenarios.scenarios {
                let text = if ids {
                    format!("{}\n", sc.id())
                } else {
                    let base = sc
                        .base
                        .as_ref()
                        .map(|b| format!(" (starts from {})", b.get_ref()))
                        .unwrap_or_default();
                    format!(
                        "{}: {}{base}\n  {}\n  sources: {}\n",
                        sc.id(),
                        sc.title,
                        sc.description,
                        sc.sources.join(", ")
                    )
                };
                out.write_all(sanitize(&text).as_bytes()).map_err(io)?;
            }
        }
        Command::Units { data, format } => {
            let ds = data.load()?;
            let table = stats::area_table(&ds);
            out.write_all(report::area_table(&table, format).as_bytes())
                .map_err(io)?;
        }
        Command::Stats {
            source,
            scenario,
            all: _,
            format,
            out: file,
        } => {
            let loaded = Loaded::new(&source)?;
            warn(err, &loaded.warnings)?;
            let ids: Vec<String> = if scenario.is_empty() {
                loaded
                    .data
                    .scenarios
                    .scenarios
                    .iter()
                    .map(|s| s.id().to_string())
                    .collect()
            } else {
                scenario
            };
            let scenarios = ids
                .iter()
                .map(|id| stats::scenario_result(&loaded.data, &loaded.run(id)?))
                .collect::<Result<Vec<_>>>()?;
            let text = report::scenario_stats(&stats::Stats { scenarios }, format);
            match file {
                Some(path) if path.as_os_str() != "-" => {
                    output::write_file(&path, text.as_bytes())?;
                }
                _ => out.write_all(text.as_bytes()).map_err(io)?,
            }
        }
        Command::Render {
            source,
            scenario,
            all,
            format,
            compare,
            out: dir,
            width,
            scale,
            lang,
            text_as_paths,
        } => {
            if !(scale.is_finite() && (0.1..=10.0).contains(&scale)) {
                return Err(Error::Usage(format!("--scale {scale} is outside 0.1..10")));
            }
            let loaded = Loaded::new(&source)?;
            warn(err, &loaded.warnings)?;
            if lang != "en" && !loaded.data.units.iter().any(|u| u.names.contains_key(&lang)) {
                return Err(Error::Usage(format!(
                    "the dataset has no names in \"{}\"; try --lang en",
                    sanitize(&lang)
                )));
            }
            let plan = crate::render::Plan {
                ids: if all { Vec::new() } else { scenario },
                svg: format.contains(&ImageFormat::Svg),
                png: format.contains(&ImageFormat::Png),
                compare,
                width: ((f64::from(width) * scale).round() as u32).clamp(100, 40_000),
                lang,
                text_as_paths,
                gallery: all,
            };
            let dir = output::OutDir::create(&dir)?;
            for path in crate::render::run(&loaded.data, &loaded.control, &plan, &dir)? {
                writeln!(out, "wrote {}", path.display()).map_err(io)?;
            }
        }
        Command::Export {
            source,
            scenario,
            out: file,
        } => {
            let loaded = Loaded::new(&source)?;
            warn(err, &loaded.warnings)?;
            let outcome = loaded.run(&scenario)?;
            let (current, frozen) = lines::Fronts::new(&loaded.data)?.of(&loaded.data, &outcome)?;
            let text = export::geojson(&loaded.data, &outcome, &current, &frozen)?;
            if file.as_os_str() == "-" {
                out.write_all(text.as_bytes()).map_err(io)?;
            } else {
                let path = output::write_file(&file, text.as_bytes())?;
                writeln!(out, "wrote {}", path.display()).map_err(io)?;
            }
        }
        Command::Import {
            recipe,
            source,
            out: dir,
        } => {
            let dir = output::OutDir::create(&dir)?;
            let s = import::run(&recipe, &source, &dir)?;
            writeln!(
                out,
                "wrote {}: {} units, {} context countries, {} places, {} water features",
                dir.path().display(),
                s.units,
                s.context,
                s.places,
                s.water
            )
            .map_err(io)?;
        }
    }
    Ok(())
}

fn warn(err: &mut dyn Write, warnings: &[String]) -> Result<()> {
    for w in warnings {
        writeln!(err, "claimsmap: warning: {}", sanitize(w)).map_err(|e| Error::Io {
            path: PathBuf::from("<stderr>"),
            source: e,
        })?;
    }
    Ok(())
}

/// The message printed for an error: prefixed with the program name,
/// with control and bidirectional-override characters removed so that
/// names echoed from input files cannot steer the terminal.
pub fn error_message(err: &Error) -> String {
    let text = sanitize(&err.to_string());
    text.lines()
        .map(|l| format!("claimsmap: error: {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces control characters (except newline) and bidi controls with `?`
/// (the shared sanitiser, [`crate::sanitize::terminal`]).
pub use crate::sanitize::terminal as sanitize;
