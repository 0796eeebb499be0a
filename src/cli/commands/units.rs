//! `claimsmap units`: the area table of a dataset.

use crate::cli::ui::Ui;
use crate::error::Result;
use crate::session::DataSource;
use crate::write::tables;
use crate::{load, stats};

pub(in crate::cli) fn run(source: &DataSource, format: tables::Format, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&source.dir, &source.boundaries)?;
    super::check_date(&data, (source.date, "shares"), ui)?;
    let data = match source.date {
        Some(date) => data.at(date),
        None => data,
    };
    ui.warn(&data.warnings.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    ui.print_raw(tables::area_table(&stats::area_table(&data), format).as_bytes())
}
