//! `line`: ground bounded by a user's line rather than by whole units. The
//! line (LineStrings, or Polygons, in a GeoJSON file next to
//! `scenarios.toml`) cuts the listed units; the ground on the side holding
//! a given point (or inside the polygons) is handed over, returned, or put
//! into a declared zone.
//!
//! [`ground`] makes the cut once, when the scenario file is read, so a line
//! that misses its units is refused by `validate` with the op's line; the
//! op itself only moves that ground. It never fits a share and never moves
//! the user's line.

use geo::{Area, BooleanOps, Buffer, Contains, Coord, MultiLineString, MultiPolygon, Point};

use super::State;
use crate::error::Result;
use crate::geometry::{LocalPlane, guarded};
use crate::model::{LineAction, Unit, UnitIdx};

/// Width of the cut along a user line (km); the cut's strip goes to the
/// named side, so the two sides add up to the units exactly.
const CUT_KM: f64 = 0.02;
/// A side of the cut smaller than this is not a side (km²).
const MIN_SIDE_KM2: f64 = 3.0;

/// Why a line gives no ground, for the loader's message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Miss {
    /// The lines do not divide the units (they stop short, or miss them).
    DoesNotCross,
    /// The point naming the side is not inside the units.
    PointOutside,
    /// The polygons do not overlap the units.
    NoOverlap,
}

/// The ground of `units` on the side of `lines` holding `point`, plus the
/// ground of `units` inside `area`, per unit (in the order given).
pub(crate) fn ground(
    units: &[&Unit],
    lines: &MultiLineString<f64>,
    area: &MultiPolygon<f64>,
    point: Option<[f64; 2]>,
) -> std::result::Result<Vec<MultiPolygon<f64>>, Miss> {
    let whole = units.iter().fold(MultiPolygon(vec![]), |acc, u| acc.union(&u.geometry));
    let mut taken = MultiPolygon(vec![]);
    if !lines.0.is_empty() {
        let plane = LocalPlane::around(&whole);
        let shape = plane.project(&whole);
        let pieces = shape.difference(&plane.project(lines).buffer(CUT_KM));
        if pieces.0.iter().filter(|p| p.unsigned_area() >= MIN_SIDE_KM2).count() < 2 {
            return Err(Miss::DoesNotCross);
        }
        let [lon, lat] = point.ok_or(Miss::PointOutside)?;
        let at = Point(plane.to_plane(Coord { x: lon, y: lat }));
        if !pieces.0.iter().any(|p| p.contains(&at)) {
            return Err(Miss::PointOutside);
        }
        let others = MultiPolygon(pieces.0.into_iter().filter(|p| !p.contains(&at)).collect());
        taken = whole.difference(&plane.unproject(&others));
    }
    if !area.0.is_empty() {
        let inside = whole.intersection(area);
        if crate::geometry::area_km2(&inside) < MIN_SIDE_KM2 {
            return Err(Miss::NoOverlap);
        }
        taken = taken.union(&inside);
    }
    Ok(units.iter().map(|u| u.geometry.intersection(&taken)).collect())
}

pub(super) fn apply(action: LineAction, ground: &[(UnitIdx, MultiPolygon<f64>)], state: &mut State<'_>) -> Result<()> {
    let data = state.engine.data;
    match action {
        LineAction::Zone(category) => {
            state.add_zone(category, ground.iter().map(|(i, g)| (i.get(), g.clone())).collect())?;
        }
        LineAction::Handover | LineAction::Withdraw => {
            for (i, g) in ground {
                let (i, unit) = (i.get(), &data.units[i.get()]);
                let held = &state.after[i];
                state.after[i] = guarded(&unit.id, "moving ground by a line", || {
                    if action == LineAction::Handover {
                        held.union(g).intersection(&unit.geometry)
                    } else {
                        held.difference(g)
                    }
                })?;
            }
        }
    }
    Ok(())
}
