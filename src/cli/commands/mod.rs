//! One small function per command: open what it needs through the library,
//! print through the `Ui`. No checks that `plan` could have made.

pub(super) mod export;
pub(super) mod import;
pub(super) mod render;
pub(super) mod scenarios;
pub(super) mod stats;
pub(super) mod units;
pub(super) mod validate;

use std::path::Path;
use std::sync::Arc;

use super::cache::{Drawings, Entry, Folder, Keeper, Rings};
use super::ui::Ui;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::session::{DataSource, Session};

/// Loads the dataset, runs `check` on it before any line is fitted, makes
/// the current lines, prints the warnings, and refuses lines that put an
/// anchor place on the wrong side (the same check as `validate`): no map,
/// table or export contradicts the dataset's own anchors unless the user
/// allows it, and then each violation is printed.
///
/// The geodesic areas start from the ring areas kept for the dataset's
/// folder, and the fits from the cache entry of the dataset's inputs
/// (`cache.rs`); the returned keeper writes what the command solved and
/// fitted more back when it is dropped, so the caller keeps it to the end.
fn open(
    source: &DataSource,
    allow_violations: bool,
    check: impl FnOnce(&Dataset) -> Result<()>,
    ui: &mut Ui<'_>,
) -> Result<(Session, Keeper)> {
    let folder = Folder::open();
    let mut keeper = Keeper::default();
    if let Some(folder) = &folder {
        let mut rings = Rings::of(folder, source);
        rings.load();
        keeper.rings = Some(rings);
        crate::present::set_store(Box::new(Drawings::of(folder)));
    }
    let data = crate::load::dataset_with(&source.dir, &source.boundaries)?;
    check_date(&data, (source.date, "lines"), ui)?;
    // Undated anchors describe the latest lines; an earlier snapshot is held
    // only to the dated ones.
    let latest = data.snapshot_dates().last().copied();
    let undated = data.places.iter().any(|p| p.anchor.is_some());
    let (data, anchored) = match (source.date, latest) {
        (Some(date), Some(latest)) if date < latest => (data.at(date), !undated),
        (Some(date), _) => (data.at(date), true),
        (None, _) => (data, true),
    };
    check(&data)?;
    let mut entry = folder.as_ref().map(|f| Entry::of(f, &data));
    let fits = Arc::new(entry.as_mut().map(|e| e.load(data.units.len())).unwrap_or_default());
    keeper.fits = entry.map(|e| (e, Arc::clone(&fits)));
    let session = Session::with_fits(data, source.lines.as_deref(), fits)?;
    ui.warn(session.warnings())?;
    let wrong = session.wrong_anchors();
    if !anchored && let (Some(date), Some(latest)) = (source.date, latest) {
        ui.warn(&[format!(
            "the anchors without dates in places.csv describe the lines of {latest}; they are not checked for the snapshot of {date}"
        )])?;
    }
    if wrong.is_empty() {
        Ok((session, keeper))
    } else if allow_violations {
        ui.warn(&wrong.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        Ok((session, keeper))
    } else {
        Err(Error::Invalid(wrong))
    }
}

/// Writes the text a command produced to the file named on the command line
/// (atomically, through [`crate::output::write_file`]), or to standard output
/// for `-`.
fn write_out(path: &Path, bytes: &[u8], ui: &mut Ui<'_>, say_wrote: bool) -> Result<()> {
    if path.as_os_str() == "-" {
        return ui.print_raw(bytes);
    }
    let written = crate::output::write_file(path, bytes)?;
    if say_wrote { ui.wrote(&written) } else { Ok(()) }
}

/// Checks `--as-of` against the dataset's snapshots: a date before the
/// first is refused with the dates there are; a date between snapshots, or
/// after the last, shows the snapshot in force then, which dates the map
/// ([`Dataset::at`]), and a note says which (`shown_what`: what the
/// command shows, "lines" or "shares").
pub(super) fn check_date(
    data: &Dataset,
    (date, shown_what): (Option<crate::model::IsoDate>, &str),
    ui: &mut Ui<'_>,
) -> Result<()> {
    let latest = data.snapshot_dates().last().copied();
    if let (Some(date), Some(first)) = (date, data.snapshot_dates().first().copied())
        && date < first
    {
        let dates: Vec<String> = data.snapshot_dates().iter().map(ToString::to_string).collect();
        return Err(Error::Invalid(vec![
            crate::error::Problem::new(
                &data.dir.join(crate::load::files::CONTROL),
                crate::error::Location::File,
                format!("no snapshot on or before {date} (--as-of); the first is {first}"),
            )
            .with_hint(format!(
                "choose a date from {first} on; the snapshots are {}",
                dates.join(", ")
            )),
        ]));
    }
    // A date between snapshots, or after the last, shows the snapshot in
    // force then, which dates the map ([`Dataset::at`]): say which.
    if let Some(asked) = date
        && let Some(shown) = data.snapshot_on(asked).filter(|d| *d != asked)
    {
        let after = if latest == Some(shown) {
            "the latest snapshot"
        } else {
            "the latest snapshot on or before it"
        };
        ui.note(&format!(
            "--as-of {asked}: the control table has no snapshot that day; the {shown_what} shown are those of {shown}, {after}"
        ))?;
    }
    Ok(())
}
