//! `claimsmap export`: a scenario's parts and lines as GeoJSON.

use super::write_out;
use crate::cli::plan::ExportPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::session::Session;
use crate::{export, load};

pub(in crate::cli) fn run(plan: &ExportPlan, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&plan.source.dir, &plan.source.boundaries)?;
    data.scenarios.check_ids(std::slice::from_ref(&plan.id))?;
    let session = Session::with_dataset(data, plan.source.lines.as_deref())?;
    ui.warn(session.warnings())?;
    let text = export::geojson(session.dataset(), &session.resolve(&plan.id)?);
    write_out(&plan.out, text.as_bytes(), ui, true)
}
