//! One small function per command: open what it needs through the library,
//! print through the `Ui`. No checks that `plan` could have made.

pub(super) mod export;
pub(super) mod import;
pub(super) mod render;
pub(super) mod scenarios;
pub(super) mod stats;
pub(super) mod units;
pub(super) mod validate;

use std::path::Path;

use super::ui::Ui;
use crate::error::Result;

/// Writes the text a command produced to the file named on the command line
/// (atomically, through [`crate::output::write_file`]), or to standard output
/// for `-`.
fn write_out(path: &Path, bytes: &[u8], ui: &mut Ui<'_>, say_wrote: bool) -> Result<()> {
    if path.as_os_str() == "-" {
        return ui.print_raw(bytes);
    }
    let written = crate::output::write_file(path, bytes)?;
    if say_wrote { ui.wrote(&written) } else { Ok(()) }
}
