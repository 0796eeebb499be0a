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

/// The country's interior: all units merged and shrunk by the border
/// margin. The same for every date and scenario of a dataset, so a
/// session traces it once and shares it with the sessions of its other
/// dates ([`Fronts::within_interior`]).
pub fn interior(data: &crate::model::Dataset) -> Result<MultiPolygon<f64>> {
    let units: Vec<MultiPolygon<f64>> = data.units.iter().map(|u| u.geometry.clone()).collect();
    merged_interior(&units)
}

fn merged_interior(units: &[MultiPolygon<f64>]) -> Result<MultiPolygon<f64>> {
    guarded("(country)", "merging units", || {
        let polys: Vec<Polygon<f64>> = units.iter().flat_map(|u| u.0.iter().cloned()).collect();
        geo::unary_union(polys.iter()).buffer(-BORDER_MARGIN_DEG)
    })
}

/// The front line of a held area: the outline of all held ground merged,
/// clipped to the country's interior.
fn front(held: &[MultiPolygon<f64>], interior: &MultiPolygon<f64>) -> Result<MultiLineString<f64>> {
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
fn within(front: &MultiLineString<f64>, units: &[&MultiPolygon<f64>]) -> Result<MultiLineString<f64>> {
    if units.is_empty() {
        return Ok(MultiLineString(vec![]));
    }
    guarded("(frozen line)", "clipping the front", || {
        let polys: Vec<Polygon<f64>> = units.iter().flat_map(|u| u.0.iter().cloned()).collect();
        let area = geo::unary_union(polys.iter()).buffer(BORDER_MARGIN_DEG);
        area.clip(front, false)
    })
}

/// The fronts of one set of current lines: the country's interior merged
/// once and the current front traced once, when the lines are made; read
/// only afterwards (every scenario starts from the same current lines).
#[derive(Debug, Clone)]
pub struct Fronts {
    current: MultiLineString<f64>,
}

impl Fronts {
    /// Traces the front of the current held areas (per unit) of a dataset.
    pub fn new(data: &crate::model::Dataset, held: &[MultiPolygon<f64>]) -> Result<Self> {
        Fronts::within_interior(held, &interior(data)?)
    }

    /// Traces the front of the held areas `held` inside the country's
    /// interior as [`interior`] made it for their dataset.
    pub fn within_interior(held: &[MultiPolygon<f64>], interior: &MultiPolygon<f64>) -> Result<Self> {
        Ok(Fronts {
            current: front(held, interior)?,
        })
    }

    /// The fronts whose current line is `current`, as traced before from
    /// the same held areas (see [`Fronts::key`]).
    pub fn from_current(current: MultiLineString<f64>) -> Self {
        Fronts { current }
    }

    /// The SHA-256 of held areas (per unit, every coordinate's bits and
    /// every count): equal keys, the same front within the same units.
    pub fn key(held: &[MultiPolygon<f64>]) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let n = |h: &mut Sha256, v: usize| h.update((v as u64).to_le_bytes());
        n(&mut h, held.len());
        for mp in held {
            n(&mut h, mp.0.len());
            for p in &mp.0 {
                n(&mut h, p.interiors().len());
                for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                    crate::geometry::digest_line(&mut h, ring);
                }
            }
        }
        h.finalize().into()
    }

    /// The current front line.
    pub fn current(&self) -> &MultiLineString<f64> {
        &self.current
    }

    /// The part of the current front inside the given units: the line a
    /// proposal freezes there.
    pub fn frozen(&self, units: &[&MultiPolygon<f64>]) -> Result<MultiLineString<f64>> {
        within(&self.current, units)
    }
}
