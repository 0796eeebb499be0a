//! The command line: clap types, and `run`, which turns parsed arguments
//! into library calls and prints their results. Nothing else prints.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::report::{self, Format};
use crate::{import, load, output, stats};

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
  claimsmap validate                      check the dataset in ./geodata
  claimsmap units --format csv            unit areas and held shares as CSV
  claimsmap import --recipe geodata/recipe.toml --source /tmp/ne --out geodata

Exit codes: 0 ok, 1 runtime or I/O error, 2 bad input or usage.";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a dataset folder and report every problem with file and line.
    Validate {
        /// Dataset folder.
        #[arg(long, default_value = "geodata")]
        data: PathBuf,
    },
    /// List the units with measured and official areas and held shares.
    Units {
        /// Dataset folder.
        #[arg(long, default_value = "geodata")]
        data: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
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

/// Runs a parsed command line, writing results to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: PathBuf::from("<stdout>"),
        source: e,
    };
    match cli.command {
        Command::Validate { data } => {
            let ds = load::dataset(&data)?;
            writeln!(
                out,
                "{}: ok: {} units, {} control rows, {} places",
                data.display(),
                ds.units.len(),
                ds.control.len(),
                ds.places.len()
            )
            .map_err(io)?;
        }
        Command::Units { data, format } => {
            let ds = load::dataset(&data)?;
            let table = stats::area_table(&ds);
            out.write_all(report::area_table(&table, format).as_bytes())
                .map_err(io)?;
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

/// Replaces control characters (except newline) and bidi controls with `?`.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            let bidi =
                matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
            if (c.is_control() && c != '\n') || bidi { '?' } else { c }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_escapes_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202E}c\nd"), "a?[31mb?c\nd");
    }
}
