//! `claimsmap import`: a dataset's boundary files from Natural Earth.

use crate::cli::plan::ImportPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::import;
use crate::output::OutDir;

pub(in crate::cli) fn run(plan: &ImportPlan, ui: &mut Ui<'_>) -> Result<()> {
    let dir = OutDir::claim(&plan.out, plan.force)?;
    let s = import::run(&plan.recipe, &plan.source, &dir, plan.settlements)?;
    let mut text = format!(
        "wrote {}: {} units, {} context countries, {} places, {} water features",
        dir.path().display(),
        s.units,
        s.context,
        s.places,
        s.water
    );
    if s.population {
        text.push_str(", official population per unit");
    }
    if let Some(n) = s.settlements {
        text.push_str(&format!(
            ", {n} settlements ({} outside the units left out)",
            s.settlements_outside
        ));
    }
    text.push('\n');
    ui.print(&text)
}
