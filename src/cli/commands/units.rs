//! `claimsmap units`: the area table of a dataset.

use crate::cli::ui::Ui;
use crate::error::Result;
use crate::session::DataSource;
use crate::{load, report, stats};

pub(in crate::cli) fn run(source: &DataSource, format: report::Format, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&source.dir, &source.boundaries)?;
    ui.print_raw(report::area_table(&stats::area_table(&data), format).as_bytes())
}
