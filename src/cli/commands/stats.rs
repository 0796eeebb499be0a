//! `claimsmap stats`: each asked-for scenario's km², to a file or the terminal.

use super::write_out;
use crate::cli::plan::StatsPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::session::Session;
use crate::{load, report, stats};

pub(in crate::cli) fn run(plan: &StatsPlan, ui: &mut Ui<'_>) -> Result<()> {
    let data = load::dataset_with(&plan.source.dir, &plan.source.boundaries)?;
    data.scenarios.check_ids(&plan.ids)?;
    let session = Session::with_dataset(data, plan.source.lines.as_deref())?;
    ui.warn(session.warnings())?;
    let ids = if plan.ids.is_empty() {
        session.scenario_ids()
    } else {
        plan.ids.clone()
    };
    let scenarios = ids
        .iter()
        .map(|id| Ok(session.stats(&session.resolve(id)?)))
        .collect::<Result<Vec<_>>>()?;
    let text = report::scenario_stats(&stats::Stats { scenarios }, plan.format);
    match &plan.out {
        Some(path) => write_out(path, text.as_bytes(), ui, false),
        None => ui.print_raw(text.as_bytes()),
    }
}
