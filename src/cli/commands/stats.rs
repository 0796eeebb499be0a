//! `claimsmap stats`: each asked-for scenario's km², or with `--timeline`
//! the km² held at every snapshot date, or with `--change` the ground
//! gained and lost between two dates, to a file or the terminal.

use super::{open, write_out};
use crate::cli::plan::StatsPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::stats;
use crate::write::tables;

pub(in crate::cli) fn run(plan: &StatsPlan, ui: &mut Ui<'_>) -> Result<()> {
    let (session, _cache) = open(
        &plan.source,
        plan.allow_violations,
        |d| {
            d.scenarios.check_ids(&plan.ids)?;
            crate::cli::plan::check_change_dates(d, plan.change.as_slice())
        },
        ui,
    )?;
    if let Some((from, to)) = plan.change {
        let text = tables::change(&session.change_figures(from, to)?, plan.format);
        return emit(plan, text.as_bytes(), ui);
    }
    if plan.timeline {
        let text = tables::timeline(&session.timeline()?, plan.format);
        return emit(plan, text.as_bytes(), ui);
    }
    let named = !plan.ids.is_empty();
    let ids = if named {
        plan.ids.clone()
    } else {
        session.scenario_ids()
    };
    let moved = session.dataset().moved_from.is_some();
    let mut scenarios = Vec::new();
    for id in &ids {
        match session.measure(id) {
            Ok(s) => scenarios.push(s),
            // Every scenario by default, on another snapshot's lines: a
            // proposal written for other lines that cannot apply then is
            // left out of the table with a note, not the whole table.
            Err(crate::Error::Usage(why)) if moved && !named => {
                ui.note(&format!("left out of the table: {why}"))?;
            }
            Err(e) => return Err(e),
        }
    }
    let text = tables::scenario_stats(&stats::Stats { scenarios }, plan.format);
    emit(plan, text.as_bytes(), ui)
}

/// Writes the table to `--out`, or to standard output.
fn emit(plan: &StatsPlan, bytes: &[u8], ui: &mut Ui<'_>) -> Result<()> {
    match &plan.out {
        Some(path) => write_out(path, bytes, ui, false),
        None => ui.print_raw(bytes),
    }
}
