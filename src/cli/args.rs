//! The command line as clap parses it: flags and subcommands, with their
//! help texts. Only types; checking them is `plan`'s job, running them is
//! `commands`'.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::write::tables;

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
  claimsmap stats --timeline --format csv         km² held at every snapshot date
  claimsmap export --scenario alaska-terms --out alaska-terms.geojson
  claimsmap render --all --compare --out output   every map, statistics and index.html
  claimsmap render --scenario alaska-terms --format svg --lang uk
  claimsmap render --compare-with alaska-terms,plan-28-points,plan-20-points-dmz
  claimsmap render --small-multiples --animate    a panel and a frame per date
  claimsmap render --change 2022-02-23,2025-08-15 ground gained and lost between two dates
  claimsmap import --recipe geodata/recipe.toml --source target/naturalearth --out geodata

Exit codes: 0 ok, 1 runtime or I/O error, 2 bad input or usage.";

/// The dataset folder, and optionally boundaries from elsewhere.
#[derive(Debug, Clone, clap::Args)]
pub struct Data {
    /// Dataset folder [default: ./geodata, or the built-in dataset where there is none].
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Boundaries GeoJSON to use instead of the folder's units.geojson.
    #[arg(long, value_name = "FILE")]
    pub boundaries: Option<PathBuf>,
    /// Property of the boundaries holding each unit's id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_property: String,
    /// Property of the boundaries holding each unit's name.
    #[arg(long, value_name = "NAME", default_value = "name")]
    pub name_property: String,
    /// CSV with columns their_id,id: the boundaries' ids (or names) → the dataset's unit ids.
    #[arg(long, value_name = "FILE.csv", requires = "boundaries")]
    pub id_map: Option<PathBuf>,
    /// Match the boundaries' features to the dataset's units by name
    /// (--name-property; any language, transliteration variants allowed).
    #[arg(long, requires = "boundaries")]
    pub match_names: bool,
    /// Who drew the boundaries: replaces "Boundaries: …" in the map credits.
    #[arg(long, value_name = "TEXT", requires = "boundaries")]
    pub boundaries_credit: Option<String>,
    /// Property of the boundaries holding each unit's official area in km² [default: area_official_km2].
    #[arg(long, value_name = "NAME", requires = "boundaries")]
    pub area_property: Option<String>,
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
    /// Use the control table as of this date (YYYY-MM-DD): each unit's latest
    /// row on or before it, fitted in the chain of its snapshots. The latest
    /// rows when not given. `--date` is the same option.
    #[arg(long = "as-of", visible_alias = "date", value_name = "DATE")]
    pub date: Option<String>,
    /// Write even when an anchor place lies on the wrong side of the lines
    /// (each such place is then printed as a warning).
    #[arg(long)]
    pub allow_violations: bool,
    /// Leave out the people before the war (legend, description, credits,
    /// statistics, export) where the dataset has a population layer.
    #[arg(long)]
    pub no_population: bool,
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
        /// The held shares as of this date (YYYY-MM-DD): each unit's latest
        /// row of the control table on or before it. The latest rows when
        /// not given. `--date` is the same option.
        #[arg(long = "as-of", visible_alias = "date", value_name = "DATE")]
        date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
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
        /// Report the km² and share held at every snapshot date of the
        /// control table, per unit and in total, instead of scenarios (each
        /// date's figures are those of `stats --as-of DATE --scenario current`).
        #[arg(long, conflicts_with_all = ["scenario", "all", "date", "lines"])]
        timeline: bool,
        /// Report the ground the occupier gained and lost between two
        /// snapshot dates of the control table (FROM,TO, the earlier
        /// first), per unit and in total, instead of scenarios: the figures
        /// of `render --change FROM,TO`.
        #[arg(long, value_name = "FROM,TO", conflicts_with_all = ["scenario", "all", "timeline"])]
        change: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
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
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "all",
            required_unless_present_any = ["all", "compare_with", "small_multiples", "animate", "change", "dates"]
        )]
        scenario: Vec<String>,
        /// Draw every scenario, and write stats.csv, stats.json and index.html
        /// (and timeline.csv and timeline.json when the control table has
        /// several dates).
        #[arg(long)]
        all: bool,
        /// Formats to write, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [ImageFormat::Svg, ImageFormat::Png])]
        format: Vec<ImageFormat>,
        /// Also draw each proposal beside the current lines (`ID-compare.svg`).
        #[arg(long)]
        compare: bool,
        /// Also draw one figure setting these proposals side by side, after
        /// the --scenario ones: two or three in all, one legend, one scale
        /// (`ID-vs-ID.svg`).
        #[arg(long, value_name = "ID,ID", value_delimiter = ',')]
        compare_with: Vec<String>,
        /// Also draw one figure with a panel per date of the control table
        /// (`small-multiples.svg`), one legend, one scale.
        #[arg(long)]
        small_multiples: bool,
        /// Also write an animated PNG stepping through the dates of the
        /// control table, one frame per date (`animation.png`, --width wide).
        #[arg(long)]
        animate: bool,
        /// The dates of --small-multiples and --animate, comma-separated
        /// (YYYY-MM-DD, each a snapshot of the control table); every
        /// snapshot when not given.
        #[arg(long, value_name = "DATE,DATE", value_delimiter = ',')]
        dates: Vec<String>,
        /// Also draw a map of the ground the occupier gained and lost between
        /// two snapshot dates of the control table (FROM,TO, the earlier
        /// first; `change-FROM-TO.svg`). Repeatable, one map each.
        #[arg(long, value_name = "FROM,TO")]
        change: Vec<String>,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Replace files in --out that claimsmap did not write (by default
        /// only the files listed in its manifest there are replaced).
        #[arg(long)]
        force: bool,
        /// PNG width in pixels.
        #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(100..=i64::from(crate::cli::plan::MAX_PNG_WIDTH)))]
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
        /// Lay the map out for the width it is read at: column (700 px),
        /// wide (1000 px) or full (1400 px). Type sizes are the same pixels
        /// at every width; the default is wide for maps, full for comparisons.
        #[arg(long, value_enum)]
        layout: Option<LayoutArg>,
        /// Draw the settlements as circles whose area is proportional to
        /// their people before the war (datasets with a population layer).
        #[arg(long, conflicts_with = "no_population")]
        population: bool,
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
        #[arg(long, required_unless_present = "list")]
        recipe: Option<PathBuf>,
        /// Print the Natural Earth admin-1 features of a country (ISO 3166-1
        /// alpha-2 code, e.g. MD) with what a recipe selects them by, and write nothing.
        #[arg(long, value_name = "COUNTRY")]
        list: Option<String>,
        /// Folder the recipe's source paths are relative to.
        #[arg(long)]
        source: PathBuf,
        /// Folder to write units.geojson, context.geojson, places.csv and water.geojson into
        /// (and population.csv and settlements.csv when the recipe has a population layer).
        #[arg(long, default_value = "geodata")]
        out: PathBuf,
        /// Replace files in --out that claimsmap did not write (by default
        /// only the files listed in its manifest there are replaced).
        #[arg(long)]
        force: bool,
        /// Leave settlements.csv alone (the settlements package is not at hand);
        /// the official figures in population.csv are still written.
        #[arg(long)]
        no_settlements: bool,
    },
}

/// Image formats `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImageFormat {
    /// SVG, for embedding in reports.
    Svg,
    /// PNG, rendered from the same SVG.
    Png,
    /// PDF: one vector page the size of the map, fonts embedded.
    Pdf,
}

/// Display widths `render --layout` lays maps out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// A report column, 700 px wide.
    Column,
    /// A wide column, 1000 px.
    Wide,
    /// A full page or screen, 1400 px.
    Full,
}

impl From<LayoutArg> for crate::scene::Layout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::Column => crate::scene::Layout::Column,
            LayoutArg::Wide => crate::scene::Layout::Wide,
            LayoutArg::Full => crate::scene::Layout::Full,
        }
    }
}

/// Output formats of the table commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for reading.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// JSON.
    Json,
}

impl From<TableFormat> for tables::Format {
    fn from(f: TableFormat) -> Self {
        match f {
            TableFormat::Table => tables::Format::Table,
            TableFormat::Csv => tables::Format::Csv,
            TableFormat::Json => tables::Format::Json,
        }
    }
}
