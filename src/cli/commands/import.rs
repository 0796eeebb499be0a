//! `claimsmap import`: a dataset's boundary files from Natural Earth.

use crate::cli::plan::ImportPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::import;
use crate::output::OutDir;

pub(in crate::cli) fn run(plan: &ImportPlan, ui: &mut Ui<'_>) -> Result<()> {
    let dir = OutDir::create(&plan.out)?;
    let s = import::run(&plan.recipe, &plan.source, &dir)?;
    ui.print(&format!(
        "wrote {}: {} units, {} context countries, {} places, {} water features\n",
        dir.path().display(),
        s.units,
        s.context,
        s.places,
        s.water
    ))
}
