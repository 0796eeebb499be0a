//! `claimsmap render`: maps, and with `--all` the statistics and gallery.

use crate::cli::plan::RenderPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::output::OutDir;
use crate::session::Session;
use crate::{load, render};

pub(in crate::cli) fn run(plan: &RenderPlan, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&plan.source.dir, &plan.source.boundaries)?;
    plan.check(&data)?;
    let session = Session::with_dataset(data, plan.source.lines.as_deref())?;
    ui.warn(session.warnings())?;
    let dir = OutDir::create(&plan.out)?;
    let run = render::Plan {
        gallery: plan.ids.is_empty(),
        ids: plan.ids.clone(),
        options: plan.options.clone(),
    };
    for path in render::run(&session, &run, &dir)? {
        ui.wrote(&path)?;
    }
    Ok(())
}
