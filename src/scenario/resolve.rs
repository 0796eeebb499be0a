//! A scenario's ground split once into what every writer shows: per unit,
//! the part held now and after, the part handed over, the part returned and
//! the defender's part, with the current front and the frozen line.
//!
//! Statistics, the map, the GeoJSON export and the gallery only read a
//! [`Resolved`]; none of them runs a boolean operation of its own, so the
//! numbers and the map cannot disagree.

use crate::error::CollectInOrder;
use geo::{BooleanOps, MultiLineString, MultiPolygon};

use super::fronts::Fronts;
use super::{Control, Outcome};
use crate::error::Result;
use crate::geometry::{area_km2, drop_small_rings, guarded, round_multipolygon};
use crate::model::{Dataset, Unit};

/// Pieces and holes smaller than this (square degrees, about 0.01 km²) are
/// zero-width overlay noise along shared edges and are left out.
const NOISE_DEG2: f64 = 1e-6;

/// Decimal places of the parts' coordinates (1e-6 degree, about 0.1 m).
const COORD_DECIMALS: i32 = 6;

/// Parts smaller than this (km²) are noise and left empty.
const MIN_PART_KM2: f64 = 0.01;

/// Categories of ground in a scenario, in drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Held by the occupier now and after.
    Held,
    /// Handed over to the occupier by the proposal.
    Handover,
    /// Returned to the defender by the proposal.
    Returned,
    /// Held by the defender now and after.
    Defender,
}

impl Category {
    /// All categories, in drawing order.
    pub const ALL: [Category; 4] = [
        Category::Held,
        Category::Handover,
        Category::Returned,
        Category::Defender,
    ];

    /// The name used in files and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Held => "held",
            Category::Handover => "handover",
            Category::Returned => "returned",
            Category::Defender => "defender",
        }
    }
}

/// One unit's ground, split into categories (lon/lat degrees, rounded to
/// 1e-6°, noise-free; a category the unit lacks is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// Held now and after.
    pub held: MultiPolygon<f64>,
    /// Handed over by the proposal.
    pub handover: MultiPolygon<f64>,
    /// Returned by the proposal.
    pub returned: MultiPolygon<f64>,
    /// The defender's now and after.
    pub defender: MultiPolygon<f64>,
    /// Ground in declared categories: (index into the dataset's categories,
    /// ground), carved out of the four above; empty zones are left out.
    pub zones: Vec<(usize, MultiPolygon<f64>)>,
}

impl Parts {
    /// The part of one category.
    pub fn get(&self, category: Category) -> &MultiPolygon<f64> {
        match category {
            Category::Held => &self.held,
            Category::Handover => &self.handover,
            Category::Returned => &self.returned,
            Category::Defender => &self.defender,
        }
    }

    /// Splits a unit's ground between `before` and `after`. A unit the
    /// proposal leaves alone needs one difference, not four operations.
    fn split(unit: &Unit, before: &MultiPolygon<f64>, after: &MultiPolygon<f64>) -> Result<Parts> {
        let raw = guarded(&unit.id, "splitting into categories", || {
            if before == after {
                [
                    before.clone(),
                    MultiPolygon(vec![]),
                    MultiPolygon(vec![]),
                    unit.geometry.difference(before),
                ]
            } else {
                let either = before.union(after);
                [
                    before.intersection(after),
                    after.difference(before),
                    before.difference(after),
                    unit.geometry.difference(&either),
                ]
            }
        })?;
        let [held, handover, returned, defender] = raw.map(clean);
        Ok(Parts {
            held,
            handover,
            returned,
            defender,
            zones: Vec::new(),
        })
    }

    /// Splits a unit's ground when part of it goes into zones: the zones are
    /// carved out of the other parts, so all parts still tile the unit.
    fn split_with_zones(
        unit: &Unit,
        before: &MultiPolygon<f64>,
        after: &MultiPolygon<f64>,
        zones: &[(usize, &MultiPolygon<f64>)],
    ) -> Result<(Parts, MultiPolygon<f64>)> {
        if zones.iter().all(|(_, z)| z.0.is_empty()) {
            return Ok((Self::split(unit, before, after)?, after.clone()));
        }
        let all: MultiPolygon<f64> = guarded(&unit.id, "merging zones", || {
            zones.iter().fold(MultiPolygon(vec![]), |acc, (_, z)| acc.union(*z))
        })?;
        let after_outside = guarded(&unit.id, "carving zones", || after.difference(&all))?;
        let mut parts = Self::split(unit, before, &after_outside)?;
        let carve = |g: &MultiPolygon<f64>| guarded(&unit.id, "carving zones", || g.difference(&all));
        parts.returned = clean(carve(&parts.returned)?);
        parts.defender = clean(carve(&parts.defender)?);
        parts.zones = zones
            .iter()
            .map(|(c, z)| (*c, clean((*z).clone())))
            .filter(|(_, z)| !z.0.is_empty())
            .collect();
        Ok((parts, after_outside))
    }
}

/// A part rounded to 1e-6° and rid of noise; empty when under 0.01 km².
fn clean(g: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let g = drop_small_rings(&round_multipolygon(&g, COORD_DECIMALS), NOISE_DEG2);
    if area_km2(&g) > MIN_PART_KM2 {
        g
    } else {
        MultiPolygon(vec![])
    }
}

/// What a resolved map shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The current lines, nothing proposed (the left panel of a comparison).
    Current,
    /// A scenario of the dataset, by id.
    Scenario(String),
    /// The change between two snapshot dates of the control table: "now"
    /// is the earlier date's lines, "after" the later's, so handed-over
    /// ground is what the occupier gained and returned ground what it lost.
    Change {
        /// The earlier snapshot.
        from: crate::model::IsoDate,
        /// The later snapshot.
        to: crate::model::IsoDate,
    },
}

/// A scenario's ground, split once: what every writer draws, measures or
/// exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// What is shown.
    pub subject: Subject,
    /// True when the proposal changes ground or freezes a line.
    pub proposal: bool,
    /// Held now, per unit in dataset order, as fitted (the exact shares).
    pub held_now: Vec<MultiPolygon<f64>>,
    /// Held after the proposal, per unit, as fitted.
    pub held_after: Vec<MultiPolygon<f64>>,
    /// Each unit's ground by category, in dataset order.
    pub parts: Vec<Parts>,
    /// The current front line.
    pub current_front: MultiLineString<f64>,
    /// The line frozen by the proposal (empty when nothing is frozen).
    pub frozen_line: MultiLineString<f64>,
    /// Sites with their status under the proposal.
    pub sites: Vec<crate::model::Site>,
    /// Mutual pull-backs, with both figures.
    pub exchanges: Vec<super::Exchange>,
    /// Per unit, the held ground that was already held at the dataset's
    /// "before" baseline (empty when the map has none); part of `held`.
    pub held_before: Vec<MultiPolygon<f64>>,
    /// Its area in km².
    pub before_km2: f64,
}

impl Resolved {
    /// Splits a scenario's outcome. Without `fronts` the front lines are
    /// left empty: a resolution for measuring only, never for drawing
    /// (tracing the front is a large part of a command's time).
    pub fn new(data: &Dataset, outcome: Outcome, fronts: Option<&Fronts>) -> Result<Resolved> {
        let proposal = outcome.before != outcome.after
            || !outcome.frozen.is_empty()
            || !outcome.zones.is_empty()
            || !outcome.sites.is_empty();
        let frozen_units: Vec<&MultiPolygon<f64>> = outcome.frozen.iter().map(|&i| &data.units[i].geometry).collect();
        let (parts, held_after) = if outcome.zones.is_empty() {
            (Self::split(data, &outcome.before, &outcome.after)?, outcome.after)
        } else {
            Self::split_zones(data, &outcome)?
        };
        Ok(Resolved {
            subject: Subject::Scenario(outcome.id),
            proposal,
            held_now: outcome.before,
            held_after,
            parts,
            current_front: fronts.map_or_else(|| MultiLineString(vec![]), |f| f.current().clone()),
            frozen_line: match fronts {
                Some(f) => f.frozen(&frozen_units)?,
                None => MultiLineString(vec![]),
            },
            sites: outcome.sites,
            exchanges: outcome.exchanges,
            held_before: Vec::new(),
            before_km2: 0.0,
        })
    }

    /// The change from the lines `from` (held per unit at the earlier
    /// date) to the later date's current lines `to` (resolved on their
    /// own, with their front): held ground is what is held on both dates,
    /// handed-over ground what was gained, returned ground what was lost.
    /// The front is the later date's. The ground held at the baseline is
    /// left for [`Resolved::with_before`] to set apart.
    pub fn change(
        data: &Dataset,
        (from_date, from): (crate::model::IsoDate, &[MultiPolygon<f64>]),
        (to_date, to): (crate::model::IsoDate, &Resolved),
    ) -> Result<Resolved> {
        Ok(Resolved {
            subject: Subject::Change {
                from: from_date,
                to: to_date,
            },
            proposal: false,
            held_now: from.to_vec(),
            held_after: to.held_now.clone(),
            parts: Self::split(data, from, &to.held_now)?,
            current_front: to.current_front.clone(),
            frozen_line: MultiLineString(vec![]),
            sites: Vec::new(),
            exchanges: Vec::new(),
            held_before: Vec::new(),
            before_km2: 0.0,
        })
    }

    /// The current lines alone (without `fronts`: for measuring only, as
    /// in [`Resolved::new`]).
    pub fn now(data: &Dataset, control: &Control, fronts: Option<&Fronts>) -> Result<Resolved> {
        Ok(Resolved {
            subject: Subject::Current,
            proposal: false,
            held_now: control.held.clone(),
            held_after: control.held.clone(),
            parts: Self::split(data, &control.held, &control.held)?,
            current_front: fronts.map_or_else(|| MultiLineString(vec![]), |f| f.current().clone()),
            frozen_line: MultiLineString(vec![]),
            sites: Vec::new(),
            exchanges: Vec::new(),
            held_before: Vec::new(),
            before_km2: 0.0,
        })
    }

    /// Splits every unit with the outcome's zones carved out; returns the
    /// parts and the held ground after outside the zones.
    fn split_zones(data: &Dataset, outcome: &Outcome) -> Result<(Vec<Parts>, Vec<MultiPolygon<f64>>)> {
        use rayon::prelude::*;
        let pairs = (0..data.units.len())
            .into_par_iter()
            .map(|i| {
                let zones: Vec<(usize, &MultiPolygon<f64>)> =
                    outcome.zones.iter().map(|z| (z.category, &z.area[i])).collect();
                Parts::split_with_zones(&data.units[i], &outcome.before[i], &outcome.after[i], &zones)
            })
            .collect_in_order()?;
        Ok(pairs.into_iter().unzip())
    }

    fn split(data: &Dataset, before: &[MultiPolygon<f64>], after: &[MultiPolygon<f64>]) -> Result<Vec<Parts>> {
        use rayon::prelude::*;
        (0..data.units.len())
            .into_par_iter()
            .map(|i| Parts::split(&data.units[i], &before[i], &after[i]))
            .collect_in_order()
    }

    /// Sets apart the held ground already held at the baseline: `baseline`
    /// is the held area per unit on the baseline's date.
    pub fn with_before(mut self, data: &Dataset, baseline: &[MultiPolygon<f64>]) -> Result<Resolved> {
        use rayon::prelude::*;
        let parts = &self.parts;
        self.held_before = (0..data.units.len())
            .into_par_iter()
            .map(|i| {
                if baseline[i].0.is_empty() || parts[i].held.0.is_empty() {
                    return Ok(MultiPolygon(vec![]));
                }
                let g = guarded(&data.units[i].id, "setting apart the baseline", || {
                    parts[i].held.intersection(&baseline[i])
                })?;
                Ok(clean(g))
            })
            .collect_in_order()?;
        // Reported like every other figure: the share of each unit times
        // its reporting (official) area.
        self.before_km2 = self
            .held_before
            .iter()
            .zip(&data.units)
            .map(|(g, u)| u.reported_km2(area_km2(g)))
            .sum();
        Ok(self)
    }

    /// The scenario id, or `None` for the current lines and a change.
    pub fn scenario_id(&self) -> Option<&str> {
        match &self.subject {
            Subject::Current | Subject::Change { .. } => None,
            Subject::Scenario(id) => Some(id),
        }
    }

    /// The two dates of a change map, or `None` for any other map.
    pub fn change_dates(&self) -> Option<(crate::model::IsoDate, crate::model::IsoDate)> {
        match self.subject {
            Subject::Change { from, to } => Some((from, to)),
            _ => None,
        }
    }
}
