//! The scenario engine: control areas from the control table (fitted to the
//! shares) or from user-supplied lines, and the operations of a proposal
//! applied to them.
//!
//! Every area is a `MultiPolygon` in lon/lat per unit, index-aligned with
//! the dataset's units. Units are fitted in parallel; results are collected
//! in unit order, so the output does not depend on the thread count.

pub mod borders;
pub mod fit;
pub mod fronts;
pub mod nest;
mod ops;
pub mod resolve;
pub mod shape;
mod split;

pub use fronts::{Fronts, interior};
pub use nest::{Fit, FitMemo};
pub(crate) use ops::line::{Miss as LineMiss, ground as line_ground};
pub use ops::{Exchange, FrontsOf, ZoneArea};
pub use resolve::{Category, Parts, Resolved, Subject};

use crate::error::CollectInOrder;
use std::collections::BTreeSet;

use geo::{BooleanOps, MultiPolygon};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::geometry::{self, guarded};
use crate::model::{Dataset, Method, Scenarios};

/// The held area of every unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Control {
    /// Held area per unit, index-aligned with the dataset's units.
    pub held: Vec<MultiPolygon<f64>>,
}

/// A scenario's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The scenario's id.
    pub id: String,
    /// Held now (the current lines), per unit.
    pub before: Vec<MultiPolygon<f64>>,
    /// Held after the proposal, per unit.
    pub after: Vec<MultiPolygon<f64>>,
    /// Indexes of units where the line freezes.
    pub frozen: BTreeSet<usize>,
    /// Ground put into declared categories, per category.
    pub zones: Vec<ZoneArea>,
    /// Sites with a status.
    pub sites: Vec<crate::model::Site>,
    /// Mutual pull-backs, with both figures.
    pub exchanges: Vec<Exchange>,
}

/// The engine over one dataset.
#[derive(Debug, Clone, Copy)]
pub struct Engine<'a> {
    /// The dataset.
    pub data: &'a Dataset,
    /// Where the fits of the control table's chains are remembered, if
    /// anywhere (see [`FitMemo`]).
    memo: Option<&'a FitMemo>,
}

impl<'a> Engine<'a> {
    /// An engine over `data` that fits every area it is asked for afresh.
    pub fn new(data: &'a Dataset) -> Self {
        Engine { data, memo: None }
    }

    /// An engine over `data` that remembers the areas fitted to the control
    /// table's rows in `memo`, which must have been made for `data` or for
    /// the dataset `data` was moved from by [`Dataset::at`].
    pub fn with_memo(data: &'a Dataset, memo: &'a FitMemo) -> Self {
        Engine { data, memo: Some(memo) }
    }

    /// The band `km` wide along `lines` ([`geometry::band_km`]), read from
    /// the memo when it holds it and kept there when it is drawn: the
    /// operations' bands (a pull-back's search draws one at each depth it
    /// tries) were the largest part of measuring the proposals.
    pub(crate) fn band_km(&self, lines: &geo::MultiLineString<f64>, km: f64) -> Result<MultiPolygon<f64>> {
        let Some(memo) = self.memo else {
            return geometry::band_km(lines, km);
        };
        let key = FitMemo::band_key(lines, km);
        if let Some(band) = memo.band(&key) {
            return Ok(band);
        }
        let band = geometry::band_km(lines, km)?;
        memo.keep_band(key, band.clone());
        Ok(band)
    }

    /// How unit `index` is fitted: its hint, or growth from the occupier's
    /// border (and the coast) when the dataset gives none.
    pub fn method(&self, index: usize) -> Method {
        let id = &self.data.units[index].id;
        match self.data.hints.iter().find(|h| &h.id == id) {
            Some(h) => h.method.clone(),
            None => Method::Grow {
                seeds: self.data.scenarios.sides.occupier.id.clone().into_iter().collect(),
                near: None,
                radius_km: None,
            },
        }
    }

    /// The held part of unit `index` for `share`.
    pub fn fit(&self, index: usize, share: f64) -> Result<MultiPolygon<f64>> {
        let unit = &self.data.units[index];
        if share <= 0.0 {
            return Ok(MultiPolygon(vec![]));
        }
        if share >= 1.0 {
            return Ok(unit.geometry.clone());
        }
        let ctx = fit::Context {
            units: &self.data.units,
            regions: &self.data.regions,
            water: &self.data.water,
        };
        let edges = borders::classify(index, &self.data.units, &self.data.regions);
        fit::held_area(index, share, &self.method(index), &edges, ctx).map_err(|e| match e {
            // Problems with the hints name the dataset's own hints file.
            Error::Invalid(mut ps) => {
                for p in &mut ps {
                    p.file = self.data.dir.join(&p.file);
                }
                Error::Invalid(ps)
            }
            other => other,
        })
    }

    /// The current lines from the control table: each unit's share in
    /// force fitted (in the chain of its snapshots when it is not its latest).
    pub fn current(&self) -> Result<Control> {
        let held = (0..self.data.units.len())
            .into_par_iter()
            .map(|i| self.fit_in_force(i))
            .collect_in_order()?;
        Ok(Control { held })
    }

    /// The current lines from a user's polygons of held ground, clipped to
    /// each unit. Returns warnings for units whose share falls outside the
    /// control table's range.
    pub fn from_lines(&self, lines: &MultiPolygon<f64>) -> Result<(Control, Vec<String>)> {
        let held = self
            .data
            .units
            .par_iter()
            .map(|u| guarded(&u.id, "clipping the lines", || u.geometry.intersection(lines)))
            .collect_in_order()?;
        let mut warnings = Vec::new();
        for (u, h) in self.data.units.iter().zip(&held) {
            let share = geometry::area_km2(h) / u.area_km2;
            let (low, high) = self.data.control_row(&u.id).map_or((0.0, 0.0), |r| (r.low, r.high));
            // Shares under 0.1 % are border noise between two sources' outlines.
            if share > 0.001 && (share < low - 1e-9 || share > high + 1e-9) || (share <= 0.001 && low > 0.001) {
                warnings.push(format!(
                    "unit {} ({}): the lines give a share of {:.3}, outside the control table's range {:.3}..{:.3}",
                    u.id, u.name, share, low, high
                ));
            }
        }
        Ok((Control { held }, warnings))
    }

    /// An operation's refusal on a dataset moved to an earlier snapshot
    /// names the scenario and the date: the proposal was written for other
    /// lines, which is what the user needs to know.
    fn in_scenario(&self, id: &str, e: Error) -> Error {
        match (e, self.data.moved_from) {
            (Error::Usage(m), Some(_)) => Error::Usage(format!(
                "scenario {id} on the lines of {}: {m}; proposals are written for the lines of one date: give --scenario with the ones that apply then",
                self.data.scenarios.map.as_of
            )),
            (e, _) => e,
        }
    }

    /// Applies scenario `id` (and the scenarios it starts from) to the
    /// current lines, tracing their front if an op needs it.
    pub fn run(&self, file: &Scenarios, id: &str, current: &Control) -> Result<Outcome> {
        self.run_with(file, id, current, None)
    }

    /// [`Engine::run`] with the current lines' fronts from `fronts` (which
    /// must trace those of `current`) instead of traced for this run.
    pub fn run_with<'f>(
        &'f self,
        file: &Scenarios,
        id: &str,
        current: &'f Control,
        fronts: Option<FrontsOf<'f>>,
    ) -> Result<Outcome> {
        let chain = file.chain(id);
        if chain.is_empty() {
            let known: Vec<(&str, &str)> = file.scenarios.iter().map(|s| (s.id(), s.id())).collect();
            return Err(Error::UnknownScenario {
                id: id.to_string(),
                hint: crate::error::suggest(id, known),
            });
        }
        let mut state = ops::State::new(*self, current, fronts);
        for scenario in chain {
            for op in &scenario.ops {
                ops::apply(op, &mut state).map_err(|e| self.in_scenario(scenario.id(), e))?;
            }
        }
        let ops::State {
            after,
            mut frozen,
            zones,
            sites,
            exchanges,
            ..
        } = state;
        // A line frozen in a unit that a later op (or a scenario built on
        // this one) changes no longer stands there.
        frozen.retain(|&i| after[i] == current.held[i]);
        Ok(Outcome {
            id: id.to_string(),
            before: current.held.clone(),
            after,
            frozen,
            zones,
            sites,
            exchanges,
        })
    }
}

/// What to check when an anchor of unit `index` is on the wrong side: the
/// share, and the part of the unit's fitting that decides where it goes.
/// `earlier` is the snapshot checked when it is not the latest: the hint
/// then names that date's row, not the latest one.
fn anchor_hint(data: &Dataset, index: usize, earlier: Option<crate::model::IsoDate>) -> String {
    let unit = &data.units[index];
    let share = match earlier {
        Some(date) => data
            .unit_history(&unit.id)
            .into_iter()
            .rev()
            .find(|r| r.as_of <= date)
            .map(|r| r.share),
        None => data.control_row(&unit.id).map(|r| r.share),
    };
    let share = match (share, earlier) {
        (Some(s), Some(date)) => format!("check the share of {} on {date} in control.csv ({s})", unit.id),
        (Some(s), None) => format!("check the share of {} in control.csv ({s})", unit.id),
        (None, Some(date)) => format!("control.csv gives {} no row on {date} (nothing held then)", unit.id),
        (None, None) => format!("control.csv gives {} no row (nothing held): add one", unit.id),
    };
    let hinted = data.hints.iter().any(|h| h.id == unit.id);
    match Engine::new(data).method(index) {
        Method::Split { line, .. } => {
            format!("{share}, and that held_side of its hint in fit.toml lies on the held bank of \"{line}\"")
        }
        Method::Grow { seeds, .. } if hinted => format!(
            "{share}, or the borders its hint in fit.toml grows from ({})",
            seeds.join(", ")
        ),
        Method::Grow { .. } => {
            format!("{share}, or add a hint for it in fit.toml naming the borders control comes from")
        }
    }
}

/// Notes on ops that change nothing on `control`'s lines: a `withdraw` or a
/// `freeze` naming a unit where the occupier holds no ground at that point
/// of the scenario (after the ops of the scenarios it starts from). The map
/// would look as if the proposal said nothing about the unit; often the
/// unit is misnamed, or the op was written for another snapshot's lines.
pub fn idle_ops(data: &Dataset, control: &Control) -> Vec<String> {
    use crate::model::{LineAction, Op, UnitIdx};
    let mut notes = Vec::new();
    for scenario in &data.scenarios.scenarios {
        let chain = data.scenarios.chain(scenario.id());
        let mut held: Vec<bool> = control.held.iter().map(|g| !g.0.is_empty()).collect();
        for (k, step) in chain.iter().enumerate() {
            let own = k + 1 == chain.len();
            for op in &step.ops {
                let (name, units, leaves) = match op {
                    Op::Withdraw(units) => ("withdraw", units, true),
                    Op::Freeze(units) => ("freeze", units, false),
                    Op::Handover(units) => {
                        units.iter().for_each(|u| held[u.get()] = true);
                        continue;
                    }
                    Op::Set(shares) => {
                        shares.iter().for_each(|(u, v)| held[u.get()] = v.get() > 0.0);
                        continue;
                    }
                    Op::Line {
                        action: LineAction::Handover,
                        ground,
                    } => {
                        ground.iter().for_each(|(u, _)| held[u.get()] = true);
                        continue;
                    }
                    _ => continue,
                };
                let idle: Vec<&UnitIdx> = units.iter().filter(|u| !held[u.get()]).collect();
                if own && !idle.is_empty() {
                    let named: Vec<String> = idle
                        .iter()
                        .map(|u| {
                            let unit = &data.units[u.get()];
                            format!("{} ({})", unit.name, unit.id)
                        })
                        .collect();
                    notes.push(format!(
                        "scenario \"{}\": {name} changes nothing in {}: the occupier holds no ground there in these lines; check the unit ids of the op in scenarios.toml",
                        scenario.id(),
                        named.join(", ")
                    ));
                }
                if leaves {
                    units.iter().for_each(|u| held[u.get()] = false);
                }
            }
        }
    }
    notes
}

/// Checks every anchor place against the current lines: a place marked
/// `held` must lie in held ground, one marked `defender` outside it.
/// Returns one problem per place on the wrong side. The lines are those of
/// the dataset's snapshot in force (see [`snapshot_in_force`]).
pub fn check_anchors(data: &Dataset, control: &Control) -> Vec<crate::error::Problem> {
    check_anchors_on(data, control, snapshot_in_force(data))
}

/// The snapshot a dataset's rows in force come from: the latest snapshot on
/// or before the map's date, else the latest snapshot.
pub fn snapshot_in_force(data: &Dataset) -> Option<crate::model::IsoDate> {
    data.snapshot_on(data.scenarios.map.as_of)
        .or_else(|| data.snapshot_dates().last().copied())
}

/// Checks every anchor place against `control`, the lines of snapshot
/// `date`: dated anchors by the side they give for that date, undated ones
/// only when `date` is the latest snapshot (or the table has no dates).
pub fn check_anchors_on(
    data: &Dataset,
    control: &Control,
    date: Option<crate::model::IsoDate>,
) -> Vec<crate::error::Problem> {
    use crate::error::{Location, Problem};
    use crate::model::Anchor;
    let path = data.dir.join(crate::load::files::PLACES);
    let latest = data.snapshot_dates().last().copied();
    data.places
        .iter()
        .filter_map(|p| {
            let anchor = match (date, latest) {
                (Some(date), Some(latest)) => p.anchor_on(date, latest)?,
                _ => p.anchor.or(p.dated_anchor.last().and_then(|(_, a)| *a))?,
            };
            let index = data.units.iter().position(|u| u.id == p.unit)?;
            let held = geometry::contains_lonlat(&control.held[index], p.lon, p.lat);
            let (wanted, found) = match (anchor, held) {
                (Anchor::Held, false) => ("held", "defender"),
                (Anchor::Defender, true) => ("defender", "held"),
                _ => return None,
            };
            let earlier = matches!((date, latest), (Some(d), Some(l)) if d < l);
            let message = if earlier {
                format!(
                    "anchor \"{}\" should be on the {wanted} side on {}, but the lines of that snapshot put it on the {found} side",
                    p.id,
                    date.map(|d| d.to_string()).unwrap_or_default()
                )
            } else {
                format!("anchor \"{}\" should be on the {wanted} side, but the current lines put it on the {found} side", p.id)
            };
            // A settlement of that date on the other side, near the anchor,
            // is what drew the line there: name it.
            let found_side = if held { Anchor::Held } else { Anchor::Defender };
            let km = |k: &crate::model::KnownPlace| {
                use geo::Distance;
                geo::Haversine.distance(geo::Point::new(k.lon, k.lat), geo::Point::new(p.lon, p.lat)) / 1000.0
            };
            let near = data
                .known
                .iter()
                .filter(|k| k.unit == p.unit && k.side == found_side && date.is_none_or(|d| k.date == d))
                .map(|k| (km(k), k))
                .filter(|(d, _)| *d <= shape::REACH_KM)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let hint = match near {
                Some((d, k)) => format!(
                    "{}:{} gives settlement \"{}\", {d:.0} km away, the {found} side on {}, and the line passes between the settlements listed there: fix that row or this anchor",
                    crate::load::files::KNOWN,
                    k.line,
                    k.name,
                    k.date
                ),
                None => anchor_hint(data, index, date.filter(|_| earlier)),
            };
            Some(Problem::new(&path, Location::Line(p.line), message).with_hint(hint))
        })
        .chain(wrong_known(data, control, date))
        .collect()
}

/// The settlements of `settlements-control.csv` dated `date` that the
/// lines of that snapshot put on the other side: the line is drawn to pass
/// between them, so one on the wrong side means the share cannot hold it
/// (or a place of the other side lies too close).
fn wrong_known<'a>(
    data: &'a Dataset,
    control: &'a Control,
    date: Option<crate::model::IsoDate>,
) -> impl Iterator<Item = crate::error::Problem> + 'a {
    use crate::error::{Location, Problem};
    use crate::model::Anchor;
    let path = data.dir.join(crate::load::files::KNOWN);
    data.known
        .iter()
        .filter(move |k| date.is_some_and(|d| k.date == d))
        .filter_map(move |k| {
            let index = data.units.iter().position(|u| u.id == k.unit)?;
            let held = geometry::contains_lonlat(&control.held[index], k.lon, k.lat);
            let (wanted, found) = match (k.side, held) {
                (Anchor::Held, false) => ("held", "defender"),
                (Anchor::Defender, true) => ("defender", "held"),
                _ => return None,
            };
            // The unit's share on the row's date (the dataset may be moved).
            let share = data
                .history
                .iter()
                .filter(|r| r.unit == k.unit && r.as_of <= k.date)
                .max_by_key(|r| r.as_of)
                .map_or(0.0, |r| r.share);
            // An earlier snapshot is fitted inside (or around) the next
            // one of its unit: with no settlements listed then, that line
            // is schematic and may leave no room for this date's places.
            let next = data
                .history
                .iter()
                .filter(|r| r.unit == k.unit && r.as_of > k.date)
                .map(|r| r.as_of)
                .min();
            let hint = match next {
                Some(next) if !data.known.iter().any(|o| o.unit == k.unit && o.date == next) => format!(
                    "the lines of {} on {} are fitted from its next snapshot, {next}, which lists no settlements there: copy the rows of {} that still hold to {next}, so that line passes between them too",
                    k.unit, k.date, k.date
                ),
                _ => format!(
                    "the lines of {} on {} are drawn to {share} of the unit in control.csv: check this row's side, its coordinates, and that share",
                    k.unit, k.date
                ),
            };
            Some(
                Problem::new(
                    &path,
                    Location::Line(k.line),
                    format!(
                        "settlement \"{}\" is listed on the {wanted} side on {}, but the lines of that snapshot put it on the {found} side",
                        k.name, k.date
                    ),
                )
                .with_hint(hint),
            )
        })
}

#[cfg(test)]
mod tests {
    use geo::{LineString, MultiLineString};

    use super::*;

    #[test]
    fn bands_are_drawn_once_per_line_and_width_and_kept_in_the_memo() {
        let data = crate::load::dataset(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/tiny").as_ref()).unwrap();
        let memo = FitMemo::default();
        let engine = Engine::with_memo(&data, &memo);
        let line = MultiLineString(vec![LineString::from(vec![(30.0, 48.0), (30.5, 48.2)])]);
        let drawn = geometry::band_km(&line, 5.0).unwrap();
        assert_eq!(engine.band_km(&line, 5.0).unwrap(), drawn);
        assert_eq!(memo.bands(), vec![(FitMemo::band_key(&line, 5.0), drawn.clone())]);
        // Another width is another band; the same again is read back.
        engine.band_km(&line, 6.0).unwrap();
        assert_eq!(memo.bands().len(), 2);
        let planted = MultiPolygon(vec![]);
        let key = FitMemo::band_key(&line, 7.0);
        memo.keep_band(key, planted.clone());
        assert_eq!(
            engine.band_km(&line, 7.0).unwrap(),
            planted,
            "read from the memo, not drawn"
        );
        // Without a memo, nothing is kept.
        assert_eq!(Engine::new(&data).band_km(&line, 5.0).unwrap(), drawn);
    }
}
