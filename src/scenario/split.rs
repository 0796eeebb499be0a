//! The river a `split` hint cuts a unit along, made sure to cut it: a line
//! that divides the unit is used as it is; one that ends inside the unit
//! (an estuary drawn as land, a line clipped short) is extended straight on
//! to the unit's outline when the outline is within [`EXTEND_KM`] of the
//! end; otherwise the fit is refused with the line, the unit and where the
//! line stops. It also keeps the held area on its own bank: held pieces cut
//! off from the held side are absorbed.
//!
//! It must not move a line that already divides the unit, so datasets whose
//! rivers cross their units draw exactly as before, and it never searches
//! for a share (that is `fit`'s job).

use geo::{
    BooleanOps, Buffer, Contains, Coord, Distance, Euclidean, Line, LineString, MultiLineString, MultiPolygon, Point,
    Polygon,
};

use crate::error::{Error, Location, Problem, Result};
use crate::geometry::LocalPlane;
use crate::model::Unit;

/// A river end inside the unit is extended straight on to the unit's
/// outline when the outline lies at most this far ahead (km).
pub const EXTEND_KM: f64 = 30.0;
/// How far an extended end is carried past the outline, so the cut leaves
/// the unit cleanly (km).
const OVERSHOOT_KM: f64 = 0.5;
/// A side of the cut smaller than this is not a side (km²).
const MIN_SIDE_KM2: f64 = 3.0;

/// The river in the unit's plane, extended where it ends inside the unit,
/// or the located problem when it does not divide the unit.
///
/// `cut` removes the cut along a line from the unit's shape; `index` is
/// the river's feature in `water.geojson`.
pub(crate) fn river_across(
    unit: &Unit,
    water: (usize, &str),
    shape: &MultiPolygon<f64>,
    river: MultiLineString<f64>,
    plane: &LocalPlane,
    cut: impl Fn(&MultiLineString<f64>) -> MultiPolygon<f64>,
) -> Result<MultiLineString<f64>> {
    let divides = |r: &MultiLineString<f64>| {
        use geo::Area;
        cut(r).0.iter().filter(|p| p.unsigned_area() >= MIN_SIDE_KM2).count() >= 2
    };
    if divides(&river) {
        return Ok(river);
    }
    let extended = MultiLineString(river.0.iter().map(|l| extend(l, shape)).collect());
    if divides(&extended) {
        return Ok(extended);
    }
    let (index, id) = water;
    let path = std::path::Path::new(crate::load::files::WATER);
    let location = Location::Feature {
        index,
        id: Some(id.to_string()),
    };
    // Each end inside the unit, with the point before it.
    let ends: Vec<(Coord<f64>, Coord<f64>)> = river
        .0
        .iter()
        .filter(|l| l.0.len() >= 2)
        .flat_map(|l| [(l.0[1], l.0[0]), (l.0[l.0.len() - 2], l.0[l.0.len() - 1])])
        .filter(|(_, c)| shape.contains(&Point(*c)))
        .collect();
    let problem = match ends.first() {
        Some(&(before, end)) => {
            let at = plane.to_lonlat(end);
            let away = ahead(before, end, shape, 1e5).map_or_else(|| outline_distance(shape, end), |(_, t)| t);
            Problem::new(
                path,
                location,
                format!(
                    "water line \"{id}\" ends inside unit {} ({}) at {}, {}, {away:.0} km short of its outline, so it does not divide the unit",
                    unit.id,
                    unit.name,
                    round4(at.x),
                    round4(at.y)
                ),
            )
            .with_hint(format!(
                "extend the line to the unit's outline (claimsmap extends it by up to {EXTEND_KM:.0} km), or give {} a grow hint in fit.toml",
                unit.id
            ))
        }
        None => Problem::new(
            path,
            location,
            format!("water line \"{id}\" does not divide unit {} ({})", unit.id, unit.name),
        )
        .with_hint(format!(
            "draw the line across the unit from outline to outline, or give {} a grow hint in fit.toml",
            unit.id
        )),
    };
    Err(Error::problem(problem))
}

/// The held pieces of `held` on the held side: those holding `side`, or
/// touching the piece that does. Islands cut off across the river go.
pub(crate) fn on_held_bank(held: MultiPolygon<f64>, side: Coord<f64>) -> MultiPolygon<f64> {
    let Some(main) = held.0.iter().find(|p| p.contains(&Point(side))).cloned() else {
        return held;
    };
    let touches = |p: &Polygon<f64>| std::ptr::eq(p, &main) || Euclidean.distance(p, &main) <= 1e-9;
    let kept: Vec<Polygon<f64>> = held.0.iter().filter(|p| touches(p)).cloned().collect();
    MultiPolygon(kept)
}

/// The line with each end inside `shape` carried straight on to the
/// outline, when the outline is within [`EXTEND_KM`] ahead.
fn extend(line: &LineString<f64>, shape: &MultiPolygon<f64>) -> LineString<f64> {
    let mut points = line.0.clone();
    if points.len() < 2 {
        return line.clone();
    }
    let n = points.len();
    if let Some((end, _)) = ahead(points[n - 2], points[n - 1], shape, EXTEND_KM) {
        points.push(end);
    }
    if let Some((start, _)) = ahead(points[1], points[0], shape, EXTEND_KM) {
        points.insert(0, start);
    }
    LineString::new(points)
}

/// Where the ray from `from` through `end`, past `end`, leaves `shape`
/// (plus [`OVERSHOOT_KM`]) and how far ahead that is, when `end` is inside
/// it and that is within `reach` km.
fn ahead(from: Coord<f64>, end: Coord<f64>, shape: &MultiPolygon<f64>, reach: f64) -> Option<(Coord<f64>, f64)> {
    if !shape.contains(&Point(end)) {
        return None;
    }
    let d = end - from;
    let len = d.x.hypot(d.y);
    if len <= 0.0 {
        return None;
    }
    let unit = Coord {
        x: d.x / len,
        y: d.y / len,
    };
    let ray = Line::new(end, end + unit * reach);
    let mut nearest: Option<f64> = None;
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for edge in ring.lines() {
                if let Some(geo::line_intersection::LineIntersection::SinglePoint { intersection, .. }) =
                    geo::line_intersection::line_intersection(ray, edge)
                {
                    let t = (intersection - end).x.hypot((intersection - end).y);
                    if nearest.is_none_or(|n| t < n) {
                        nearest = Some(t);
                    }
                }
            }
        }
    }
    nearest.map(|t| (end + unit * (t + OVERSHOOT_KM), t))
}

/// Distance from a point to the nearest outline of `shape`, km.
fn outline_distance(shape: &MultiPolygon<f64>, c: Coord<f64>) -> f64 {
    shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| Euclidean.distance(&Point(c), ring))
        .fold(f64::INFINITY, f64::min)
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The unit's shape with a cut `cut_km` wide along `river` taken out.
pub(crate) fn cut_along(shape: &MultiPolygon<f64>, river: &MultiLineString<f64>, cut_km: f64) -> MultiPolygon<f64> {
    shape.difference(&river.buffer(cut_km))
}
