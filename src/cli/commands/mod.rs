//! One small function per command: open what it needs through the library,
//! print through the `Ui`. No checks that `plan` could have made.

pub(super) mod export;
pub(super) mod import;
pub(super) mod render;
pub(super) mod scenarios;
pub(super) mod stats;
pub(super) mod units;
pub(super) mod validate;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::OutDir;

/// Writes a file named on the command line: into its folder, atomically.
fn write_file(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("\"{}\" does not name a file", path.display())))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    OutDir::create(dir)?.write(name, bytes)
}
