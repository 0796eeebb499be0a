//! `claimsmap validate`: load, fit, check the anchors, summarise.

use super::open;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::session::DataSource;

pub(in crate::cli) fn run(source: &DataSource, ui: &mut Ui<'_>) -> Result<()> {
    let session = open(source, false, |_| Ok(()), ui)?;
    let ds = session.dataset();
    ui.print(&format!(
        "{}: ok: {} units, {} control rows, {} places, {} scenarios\n",
        source.dir.display(),
        ds.units.len(),
        ds.control.len(),
        ds.places.len(),
        ds.scenarios.scenarios.len()
    ))
}
