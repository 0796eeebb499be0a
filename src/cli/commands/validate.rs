//! `claimsmap validate`: load, fit, check the anchors, summarise.

use crate::cli::ui::Ui;
use crate::error::{Error, Result};
use crate::load;
use crate::session::{DataSource, Session};

pub(in crate::cli) fn run(source: &DataSource, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&source.dir, &source.boundaries)?;
    let session = Session::with_dataset(data, None)?;
    ui.warn(session.warnings())?;
    let wrong = session.wrong_anchors();
    if !wrong.is_empty() {
        return Err(Error::Invalid(wrong));
    }
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
