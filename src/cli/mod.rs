//! The command line in two levels: clap's raw arguments (`args`) become a
//! checked `Plan` before any file is read (`plan`), and each command is one
//! small function (`commands`) that calls the library and prints through
//! `Ui`. Nothing outside this module prints.

mod args;
mod cache;
mod commands;
mod plan;
mod ui;

use std::io::Write;

pub use args::Cli;
pub use ui::{error_message, sanitize};

use crate::error::Result;

/// Runs a parsed command line, writing results to `out` and warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    plan::Plan::try_from(cli)?.execute(&mut ui::Ui::new(out, err))
}
