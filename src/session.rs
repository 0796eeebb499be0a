//! The library's front door: a dataset opened with its current lines (fitted
//! to the control table, or read from the user's polygons), ready to resolve
//! scenarios and render maps in memory.
//!
//! A session prints nothing and writes no file: warnings are returned for
//! the caller to show, and rendered files are returned as bytes for the
//! caller to write (the command line writes them through `output::OutDir`).

use crate::error::CollectInOrder;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::{Problem, Result};
use crate::load::{self, BoundarySource};
use crate::model::Dataset;
use crate::present::{self, Format};
use crate::scenario::{Control, Engine, FitMemo, Fronts, Resolved};
use crate::scene::{self, Base, Options};
use crate::stats::{self, ScenarioResult};
use crate::write::svg;

/// Where a session's data comes from.
#[derive(Debug, Clone, Default)]
pub struct DataSource {
    /// The dataset folder.
    pub dir: PathBuf,
    /// Boundaries from another file instead of the folder's `units.geojson`.
    pub boundaries: BoundarySource,
    /// A GeoJSON of held polygons replacing the lines fitted to the control table.
    pub lines: Option<PathBuf>,
    /// The control table as of this date (each unit's latest row on or
    /// before it); the latest rows when `None`.
    pub date: Option<crate::model::IsoDate>,
    /// Leave the dataset's population layer out (`--no-population`): the
    /// outputs are then those of a dataset without one.
    pub without_population: bool,
}

impl DataSource {
    /// Loads the dataset, as of the source's date when it has one, without
    /// its population layer when asked.
    pub fn load(&self) -> Result<Dataset> {
        let mut data = load::dataset_with(&self.dir, &self.boundaries)?;
        if self.without_population {
            data.population = None;
        }
        Ok(match self.date {
            Some(date) => data.at(date),
            None => data,
        })
    }
}

impl DataSource {
    /// The dataset folder `dir` with its own boundaries and fitted lines.
    pub fn folder(dir: impl Into<PathBuf>) -> Self {
        DataSource {
            dir: dir.into(),
            ..DataSource::default()
        }
    }
}

/// A dataset with its current lines.
#[derive(Debug)]
pub struct Session {
    data: Dataset,
    current: Control,
    /// Traced on first use: `validate` and `units` never need the front.
    fronts: std::sync::OnceLock<std::result::Result<Fronts, (String, String)>>,
    warnings: Vec<String>,
    /// The polygons file the current lines come from, if not fitted.
    lines: Option<PathBuf>,
    /// The held area per unit at the "before" baseline, when the map's date
    /// is after it.
    baseline: Option<Control>,
    /// The areas fitted to the control table and the country's interior,
    /// shared with the sessions of the other dates ([`Session::snapshots`]).
    shared: Arc<Shared>,
    /// Each scenario resolved once per session: a run that draws a
    /// scenario alone and beside other proposals resolves it once.
    resolved: Resolutions,
}

/// What the sessions of one dataset's dates share: the fits of the
/// control table, and the country's interior the fronts are traced in
/// (the units are the same at every date).
#[derive(Debug, Default)]
struct Shared {
    fits: Arc<FitMemo>,
    interior: std::sync::OnceLock<std::result::Result<geo::MultiPolygon<f64>, (String, String)>>,
}

/// A geometry failure kept for every thread that asks (errors are not `Clone`).
fn kept_error(e: crate::Error, unit: &str) -> (String, String) {
    match e {
        crate::Error::Geometry { unit, message } => (unit, message),
        other => (unit.into(), other.to_string()),
    }
}

fn from_kept((unit, message): &(String, String)) -> crate::Error {
    crate::Error::Geometry {
        unit: unit.clone(),
        message: message.clone(),
    }
}

/// Scenarios resolved in a session, by id. No lock is held while a
/// scenario resolves: resolving starts parallel work, and a thread waiting
/// on that work may pick up a request for the same scenario. Two threads
/// asking at once may each resolve it (the same result); the first kept
/// stays. A scenario that fails is not remembered.
#[derive(Debug, Default)]
struct Resolutions(Mutex<HashMap<String, Resolved>>);

impl Resolutions {
    /// The scenario `id` resolved by `make`, remembered.
    fn get(&self, id: &str, make: impl FnOnce() -> Result<Resolved>) -> Result<Resolved> {
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(r) = lock().get(id) {
            return Ok(r.clone());
        }
        let made = make()?;
        Ok(lock().entry(id.to_string()).or_insert(made).clone())
    }
}

/// One drawn map: its SVG text and its files (name and bytes).
#[derive(Debug, Clone)]
pub struct Drawing {
    /// The SVG as serialised (selectable text), for inlining in a page.
    pub svg: String,
    /// File name (with extension) and bytes, per format asked for.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A scenario rendered in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The scenario's numbers, as the map prints them.
    pub result: ScenarioResult,
    /// The single map.
    pub single: Drawing,
    /// The comparison with the current lines, when asked for and the
    /// scenario proposes something.
    pub compare: Option<Drawing>,
}

/// The change between two snapshot dates ([`Session::change`]).
#[derive(Debug)]
pub struct Change {
    /// The later date's session: its dataset is the one the map is drawn
    /// from (dated the later date).
    pub session: Session,
    /// The ground held on both dates, gained and lost.
    pub resolved: Resolved,
    /// Its measured numbers (held now: the earlier date; after: the
    /// later; handed over: gained; returned: lost).
    pub result: ScenarioResult,
    /// The same numbers as the change document.
    pub change: crate::change::Change,
}

/// How to render.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Formats of each map's files, in this order.
    pub formats: Vec<Format>,
    /// Also draw the comparison with the current lines.
    pub compare: bool,
    /// Choices that change the drawing (the names' language).
    pub scene: Options,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            formats: vec![Format::Svg],
            compare: false,
            scene: Options::default(),
        }
    }
}

impl Session {
    /// Loads the dataset and makes its current lines.
    pub fn open(source: &DataSource) -> Result<Session> {
        Session::with_dataset(source.load()?, source.lines.as_deref())
    }

    /// Makes the current lines of a loaded dataset: from `lines` when given,
    /// else fitted to the control table.
    pub fn with_dataset(data: Dataset, lines: Option<&Path>) -> Result<Session> {
        Session::sharing(data, lines, Arc::default())
    }

    /// [`Session::with_dataset`] starting from fits already made: `fits`
    /// must have been fitted for this dataset's inputs (the same
    /// [`Dataset::fingerprint`] and code), or for the dataset it was moved
    /// from by [`Dataset::at`]. What the session fits more is added to them
    /// ([`Session::fits`]).
    pub fn with_fits(data: Dataset, lines: Option<&Path>, fits: Arc<FitMemo>) -> Result<Session> {
        let shared = Shared {
            fits,
            interior: std::sync::OnceLock::new(),
        };
        Session::sharing(data, lines, Arc::new(shared))
    }

    /// The areas fitted to the control table so far, by this session and
    /// the sessions of its other dates.
    pub fn fits(&self) -> &Arc<FitMemo> {
        &self.shared.fits
    }

    /// [`Session::with_dataset`] with the fits and interior of `shared`, made for `data`
    /// or for the dataset it was moved from by [`Dataset::at`].
    fn sharing(data: Dataset, lines: Option<&Path>, shared: Arc<Shared>) -> Result<Session> {
        let engine = Engine::with_memo(&data, &shared.fits);
        let mut warnings: Vec<String> = data.warnings.iter().map(ToString::to_string).collect();
        let current = match lines {
            Some(path) => {
                let (lines, repairs) = load::lines::load(path)?;
                warnings.extend(repairs.iter().map(ToString::to_string));
                let (control, outside) = engine.from_lines(&lines)?;
                warnings.extend(outside);
                control
            }
            None => engine.current()?,
        };
        // The scenarios are written for the latest lines: on an earlier
        // snapshot an op idle there is the point of the comparison.
        if crate::scenario::snapshot_in_force(&data) == data.snapshot_dates().last().copied() {
            warnings.extend(crate::scenario::idle_ops(&data, &current));
        }
        let baseline = match &data.scenarios.map.before {
            Some(b) if data.scenarios.map.as_of > b.date => Some(engine.control_on(b.date)?),
            _ => None,
        };
        Ok(Session {
            baseline,
            data,
            current,
            fronts: std::sync::OnceLock::new(),
            warnings,
            lines: lines.map(Path::to_path_buf),
            shared,
            resolved: Resolutions::default(),
        })
    }

    /// The fronts of the current lines, traced once.
    fn fronts(&self) -> Result<&Fronts> {
        // Threads resolving at once wait for the one tracing.
        let traced = self.fronts.get_or_init(|| {
            // Traced before from the same held areas (another date with the
            // same lines, or a run whose fits were kept): the same front.
            let key = Fronts::key(&self.current.held);
            if let Some(front) = self.shared.fits.front(&key) {
                return Ok(Fronts::from_current(front));
            }
            let interior = self
                .shared
                .interior
                .get_or_init(|| crate::scenario::interior(&self.data).map_err(|e| kept_error(e, "(country)")))
                .as_ref()
                .map_err(Clone::clone)?;
            let fronts =
                Fronts::within_interior(&self.current.held, interior).map_err(|e| kept_error(e, "(front line)"))?;
            // Only the fronts of fitted lines: a front of `--lines` is
            // one user file's, and kept would grow the memo with every file.
            if self.lines.is_none() {
                self.shared.fits.keep_front(key, fronts.current().clone());
            }
            Ok(fronts)
        });
        traced.as_ref().map_err(from_kept)
    }

    /// The engine over the session's dataset, with the session's fits.
    pub fn engine(&self) -> Engine<'_> {
        Engine::with_memo(&self.data, &self.shared.fits)
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The current held area per unit.
    pub fn current(&self) -> &Control {
        &self.current
    }

    /// What was repaired or is out of range, for the user to see.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every scenario id, in file order.
    pub fn scenario_ids(&self) -> Vec<String> {
        self.data
            .scenarios
            .scenarios
            .iter()
            .map(|s| s.id().to_string())
            .collect()
    }

    /// Anchor places on the wrong side of the current lines, each with the
    /// fix that fits where the lines come from.
    pub fn wrong_anchors(&self) -> Vec<Problem> {
        let wrong = crate::scenario::check_anchors(&self.data, &self.current);
        match &self.lines {
            None => wrong,
            Some(path) => wrong
                .into_iter()
                .map(|p| {
                    p.with_hint(format!(
                        "the lines in {} put it there: check that file, or the anchor in places.csv",
                        path.display()
                    ))
                })
                .collect(),
        }
    }

    /// A scenario's ground, split once, with its front lines: what a map
    /// draws.
    pub fn resolve(&self, id: &str) -> Result<Resolved> {
        self.resolved.get(id, || {
            let engine = self.engine();
            let fronts = || self.fronts();
            let outcome = engine.run_with(&self.data.scenarios, id, &self.current, Some(&fronts))?;
            self.before(Resolved::new(&self.data, outcome, Some(self.fronts()?))?)
        })
    }

    /// A scenario's numbers: its ground resolved as by
    /// [`Session::resolve`] and measured, without tracing the front lines
    /// that only a drawing needs.
    pub fn measure(&self, id: &str) -> Result<ScenarioResult> {
        // The fronts are traced only if an op needs them, once a session.
        let engine = self.engine();
        let fronts = || self.fronts();
        let outcome = engine.run_with(&self.data.scenarios, id, &self.current, Some(&fronts))?;
        Ok(self.stats(&self.before(Resolved::new(&self.data, outcome, None)?)?))
    }

    /// The current lines alone (the left panel of a comparison).
    pub fn now(&self) -> Result<Resolved> {
        self.before(Resolved::now(&self.data, &self.current, Some(self.fronts()?))?)
    }

    /// Sets apart the ground held at the baseline, when the map has one.
    fn before(&self, r: Resolved) -> Result<Resolved> {
        match &self.baseline {
            Some(b) => r.with_before(&self.data, &b.held),
            None => Ok(r),
        }
    }

    /// A resolved scenario's numbers.
    pub fn stats(&self, r: &Resolved) -> ScenarioResult {
        stats::scenario_result(&self.data, r)
    }

    /// Each date's lines, fitted to that snapshot of the control table
    /// (the chain of snapshots up to it) as the current lines of their own
    /// session, with their numbers: what `stats --as-of DATE` measures.
    /// Dates are fitted in parallel, each once; the result is in the order
    /// of `dates`. Anchors are not checked here: undated ones describe the
    /// latest lines, which the caller's session has checked.
    pub fn snapshots(
        &self,
        dates: &[crate::model::IsoDate],
    ) -> Result<Vec<(crate::model::IsoDate, Resolved, ScenarioResult)>> {
        self.snapshots_with(dates, true)
    }

    /// [`Session::snapshots`], with each date's front traced when `traced`
    /// (for drawing) or left empty (for its numbers alone).
    fn snapshots_with(
        &self,
        dates: &[crate::model::IsoDate],
        traced: bool,
    ) -> Result<Vec<(crate::model::IsoDate, Resolved, ScenarioResult)>> {
        use rayon::prelude::*;
        dates
            .par_iter()
            .map(|&date| {
                let s = Session::sharing(self.data.clone().at(date), None, Arc::clone(&self.shared))?;
                let now = if traced {
                    s.now()?
                } else {
                    s.before(Resolved::now(&s.data, &s.current, None)?)?
                };
                let result = s.stats(&now);
                Ok((date, now, result))
            })
            .collect_in_order()
    }

    /// The change from snapshot `from` to snapshot `to`: both dates'
    /// lines fitted as in [`Session::snapshots`] (in parallel), the ground
    /// split into held on both dates, gained and lost, the ground held at
    /// the baseline set apart as on the later date's maps, and measured
    /// once. The map and its legend read this; `stats --change` reads
    /// the same figures through [`Session::change_figures`].
    pub fn change(&self, from: crate::model::IsoDate, to: crate::model::IsoDate) -> Result<Change> {
        self.change_with(from, to, true)
    }

    /// The figures of [`Session::change`], without tracing the later
    /// date's front (which only the map draws).
    pub fn change_figures(
        &self,
        from: crate::model::IsoDate,
        to: crate::model::IsoDate,
    ) -> Result<crate::change::Change> {
        Ok(self.change_with(from, to, false)?.change)
    }

    fn change_with(&self, from: crate::model::IsoDate, to: crate::model::IsoDate, traced: bool) -> Result<Change> {
        use rayon::prelude::*;
        // The session's fits are shared: the later date's chain of
        // snapshots runs through the earlier date's.
        let mut sessions = [from, to]
            .par_iter()
            .map(|&date| Session::sharing(self.data.clone().at(date), None, Arc::clone(&self.shared)))
            .collect_in_order()?;
        let later = sessions.pop().unwrap_or_else(|| unreachable!("two dates fitted"));
        let earlier = sessions.pop().unwrap_or_else(|| unreachable!("two dates fitted"));
        let to_now = if traced {
            later.now()?
        } else {
            later.before(Resolved::now(&later.data, &later.current, None)?)?
        };
        let resolved = later.before(Resolved::change(
            &later.data,
            (from, &earlier.current.held),
            (to, &to_now),
        )?)?;
        let mut result = later.stats(&resolved);
        result.id = crate::change::Change::name(from, to);
        let change = crate::change::Change::from_result(from, to, &result);
        Ok(Change {
            session: later,
            resolved,
            result,
            change,
        })
    }

    /// The km² and shares held at every snapshot date of the control
    /// table, oldest first (see [`Session::snapshots`]).
    pub fn timeline(&self) -> Result<crate::timeline::Timeline> {
        let snapshots = self.snapshots_with(&self.data.snapshot_dates(), false)?;
        Ok(crate::timeline::Timeline::from_results(
            snapshots.iter().map(|(d, _, r)| (*d, r)),
        ))
    }

    /// Checks that every id names a scenario, before anything is drawn.
    pub fn check_ids(&self, ids: &[String]) -> Result<()> {
        self.data.scenarios.check_ids(ids)
    }

    /// Draws one scenario in memory.
    pub fn render(&self, id: &str, opts: &RenderOptions) -> Result<Rendered> {
        let base = Base::new(&self.data)?;
        let now = if opts.compare { Some(self.now()?) } else { None };
        self.render_with(&base, now.as_ref(), id, opts)
    }

    /// Draws one scenario on a prepared base (shared by the maps of a run).
    pub(crate) fn render_with(
        &self,
        base: &Base<'_>,
        now: Option<&Resolved>,
        id: &str,
        opts: &RenderOptions,
    ) -> Result<Rendered> {
        let r = self.resolve(id)?;
        let result = self.stats(&r);
        let single = draw(
            &self.data.file_stem(id),
            svg::write(&scene::single(base, &r, &result, &opts.scene)?),
            &opts.formats,
        )?;
        let compare = match now {
            Some(now) if r.proposal => Some(draw(
                &self.data.file_stem(&format!("{id}-compare")),
                svg::write(&scene::compare(base, now, &r, &result, &opts.scene)?),
                &opts.formats,
            )?),
            _ => None,
        };
        Ok(Rendered {
            result,
            single,
            compare,
        })
    }
}

fn draw(name: &str, svg: String, formats: &[Format]) -> Result<Drawing> {
    let files = present::encode(&svg, formats)?
        .into_iter()
        .map(|(format, bytes)| (format!("{name}.{}", format.extension()), bytes))
        .collect();
    Ok(Drawing { svg, files })
}
