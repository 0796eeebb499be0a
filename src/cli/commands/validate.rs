//! `claimsmap validate`: load, fit, check the anchors, summarise.

use super::open;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::session::DataSource;

pub(in crate::cli) fn run(source: &DataSource, ui: &mut Ui<'_>) -> Result<()> {
    let (session, _cache) = open(source, false, |_| Ok(()), ui)?;
    let ds = session.dataset();
    if source.lines.is_none() {
        // Every other snapshot's lines against the anchors dated for it.
        let engine = session.engine();
        let shown = crate::scenario::snapshot_in_force(ds);
        let mut wrong = Vec::new();
        for date in ds.snapshot_dates().into_iter().filter(|d| Some(*d) != shown) {
            let control = engine.control_on(date)?;
            wrong.extend(crate::scenario::check_anchors_on(ds, &control, Some(date)));
        }
        if !wrong.is_empty() {
            return Err(crate::error::Error::Invalid(wrong));
        }
    }
    // With several snapshots, the rows in force and the whole table.
    let dates = ds.snapshot_dates().len();
    let through_time = if dates > 1 {
        format!(
            " in force ({} over {dates} snapshot dates, each fitted and checked)",
            ds.history.len()
        )
    } else {
        String::new()
    };
    ui.print(&format!(
        "{}: ok: {} units, {} control rows{through_time}, {} places, {} scenarios\n",
        source.dir.display(),
        ds.units.len(),
        ds.control.len(),
        ds.places.len(),
        ds.scenarios.scenarios.len()
    ))
}
