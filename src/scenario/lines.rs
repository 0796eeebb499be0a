//! Front lines: where held ground meets defended ground inside the country,
//! leaving out the national border and the coast.

use geo::{BooleanOps, Buffer, Euclidean, Length, LineString, MultiLineString, MultiPolygon, Polygon};

use crate::error::Result;
use crate::geometry::guarded;

/// How far inside the national outline a line must run to count as front,
/// in degrees (about 150-200 m): parts along the border or coast are not front.
const BORDER_MARGIN_DEG: f64 = 0.002;
/// Gaps narrower than twice this (degrees, about 20 m) are closed before
/// tracing the front.
const CLOSING_DEG: f64 = 1e-4;
/// Rings smaller than this (square degrees, about 0.1 km²) are dropped.
const MIN_RING_DEG2: f64 = 1e-5;
/// Pieces of line shorter than this (degrees, about 500 m) are overlay noise.
const MIN_PIECE_DEG: f64 = 0.005;

/// The country's interior: all units merged and shrunk by the border margin.
pub fn interior(units: &[MultiPolygon<f64>]) -> Result<MultiPolygon<f64>> {
    guarded("(country)", "merging units", || {
        let polys: Vec<Polygon<f64>> = units.iter().flat_map(|u| u.0.iter().cloned()).collect();
        geo::unary_union(polys.iter()).buffer(-BORDER_MARGIN_DEG)
    })
}

/// The front line of a held area: the outline of all held ground merged,
/// clipped to the country's interior.
pub fn front(held: &[MultiPolygon<f64>], interior: &MultiPolygon<f64>) -> Result<MultiLineString<f64>> {
    guarded("(front line)", "tracing the front", || {
        let polys: Vec<Polygon<f64>> = held.iter().flat_map(|h| h.0.iter().cloned()).collect();
        // A small closing (grow, then shrink) removes slivers where two
        // units' held areas meet almost but not exactly, which would
        // otherwise trace a false front along the unit border.
        let merged = geo::unary_union(polys.iter()).buffer(CLOSING_DEG).buffer(-CLOSING_DEG);
        let merged = crate::geometry::drop_small_rings(&merged, MIN_RING_DEG2);
        let outline: Vec<LineString<f64>> = merged
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior().clone()).chain(p.interiors().iter().cloned()))
            .collect();
        let inside = interior.clip(&MultiLineString(outline), false);
        let keep = |l: &LineString<f64>| Euclidean.length(l) >= MIN_PIECE_DEG;
        MultiLineString(inside.0.into_iter().filter(keep).collect())
    })
}

/// The part of a front inside the given units (slightly widened so that a
/// line along their border counts).
pub fn within(front: &MultiLineString<f64>, units: &[&MultiPolygon<f64>]) -> Result<MultiLineString<f64>> {
    if units.is_empty() {
        return Ok(MultiLineString(vec![]));
    }
    guarded("(frozen line)", "clipping the front", || {
        let polys: Vec<Polygon<f64>> = units.iter().flat_map(|u| u.0.iter().cloned()).collect();
        let area = geo::unary_union(polys.iter()).buffer(BORDER_MARGIN_DEG);
        area.clip(front, false)
    })
}

/// Held areas (per unit) and the front traced around them.
type Traced = (Vec<MultiPolygon<f64>>, MultiLineString<f64>);

/// Front lines of a dataset's outcomes. The country's interior is merged
/// once, and the front of a given set of held areas is traced once: every
/// scenario of a run starts from the same current lines.
#[derive(Debug)]
pub struct Fronts {
    interior: MultiPolygon<f64>,
    traced: std::sync::Mutex<Vec<Traced>>,
}

impl Fronts {
    /// Prepares the fronts of a dataset.
    pub fn new(data: &crate::model::Dataset) -> Result<Self> {
        let units: Vec<MultiPolygon<f64>> = data.units.iter().map(|u| u.geometry.clone()).collect();
        Ok(Fronts {
            interior: interior(&units)?,
            traced: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The current front and the frozen line of a scenario's outcome.
    pub fn of(
        &self,
        data: &crate::model::Dataset,
        outcome: &super::Outcome,
    ) -> Result<(MultiLineString<f64>, MultiLineString<f64>)> {
        let known = self.traced.lock().ok().and_then(|t| {
            t.iter()
                .find(|(held, _)| *held == outcome.before)
                .map(|(_, l)| l.clone())
        });
        let current = match known {
            Some(l) => l,
            None => {
                let l = front(&outcome.before, &self.interior)?;
                if let Ok(mut t) = self.traced.lock() {
                    t.push((outcome.before.clone(), l.clone()));
                }
                l
            }
        };
        let frozen_units: Vec<&MultiPolygon<f64>> = outcome.frozen.iter().map(|&i| &data.units[i].geometry).collect();
        let frozen = within(&current, &frozen_units)?;
        Ok((current, frozen))
    }
}
