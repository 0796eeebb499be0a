//! What the user sees: results on standard output, warnings and errors on
//! standard error, every echoed string sanitised first. The only place the
//! command line prints; the library never prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The two streams of a run.
pub struct Ui<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl<'a> Ui<'a> {
    /// A user interface over these streams.
    pub fn new(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        Ui { out, err }
    }

    /// Prints a result, sanitised.
    pub fn print(&mut self, text: &str) -> Result<()> {
        self.out
            .write_all(sanitize(text).as_bytes())
            .map_err(|e| stream_error("<stdout>", e))
    }

    /// Prints bytes produced by the tool itself (tables, GeoJSON), as they are.
    pub fn print_raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|e| stream_error("<stdout>", e))
    }

    /// Says that a file was written.
    pub fn wrote(&mut self, path: &Path) -> Result<()> {
        writeln!(self.out, "wrote {}", path.display()).map_err(|e| stream_error("<stdout>", e))
    }

    /// Prints a note: something the user should know that is not wrong.
    pub fn note(&mut self, note: &str) -> Result<()> {
        writeln!(self.err, "claimsmap: note: {}", sanitize(note)).map_err(|e| stream_error("<stderr>", e))
    }

    /// Prints warnings, one line each.
    pub fn warn(&mut self, warnings: &[String]) -> Result<()> {
        for w in warnings {
            writeln!(self.err, "claimsmap: warning: {}", sanitize(w)).map_err(|e| stream_error("<stderr>", e))?;
        }
        Ok(())
    }
}

fn stream_error(name: &str, source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from(name),
        source,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_escapes_and_bidi() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202E}c\nd"), "a?[31mb?c\nd");
    }
}
