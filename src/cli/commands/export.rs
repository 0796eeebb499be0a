//! `claimsmap export`: a scenario's parts and lines as GeoJSON.

use super::{open, write_out};
use crate::cli::plan::ExportPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::write::geojson;

pub(in crate::cli) fn run(plan: &ExportPlan, ui: &mut Ui<'_>) -> Result<()> {
    let ids = std::slice::from_ref(&plan.id);
    let (session, _cache) = open(&plan.source, plan.allow_violations, |d| d.scenarios.check_ids(ids), ui)?;
    let text = geojson::geojson(session.dataset(), &session.resolve(&plan.id)?);
    write_out(&plan.out, text.as_bytes(), ui, true)
}
