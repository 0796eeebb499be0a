//! Shaping a fitted area by known places: settlements whose controlling
//! side is reported at a snapshot move the fitted line so that it passes
//! between the ones held and the ones not held, and the share stays exact.
//!
//! Method, in the unit's kilometre plane:
//! 1. **Partition near the places.** Ground within [`REACH_KM`] of a known
//!    place and nearer to a held place than to any place not held is
//!    held; ground within that reach and nearer to a place not held is not
//!    (a Voronoi partition between the two sides, bounded by the reach).
//!    Elsewhere the area fitted from the seeds stands. Slivers narrower
//!    than twice [`SMOOTH_KM`] are then smoothed away, except the cells of
//!    held places, which come back whole: a held place keeps its ground
//!    even where its pocket along the border is thinner than the smoothing.
//! 2. **Back to the share.** The line off the unit's border then moves by
//!    one even distance, out or in, until the area meets the share within
//!    the fit's tolerance, through the fit's own root search; stretches of
//!    line within [`STILL_KM`] of a known place stay where the partition
//!    put them where enough line lies further away.
//!
//! This module only reshapes an area given to it; it knows nothing of any
//! country and reads no file. Limits: between known places the line is a
//! straight bisector, and far from them it is the seeds' schematic line.

use geo::{
    Area, BooleanOps, Buffer, Contains, Coord, Euclidean, Length, LineString, MultiLineString, MultiPolygon, Polygon,
    Simplify,
};

use super::Engine;
use super::fit::{self, Context, SEARCH_SIMPLIFY_KM};
use crate::error::Result;
use crate::geometry::{self, LocalPlane};
use crate::model::{Anchor, Dataset, IsoDate};

/// How far a known place decides the side of the ground around it (km).
pub const REACH_KM: f64 = 15.0;
/// Stretches of line this close to a known place stay put while the area
/// is brought back to the share (km).
pub const STILL_KM: f64 = 4.0;
/// Slivers of held or free ground narrower than twice this are smoothed
/// away before the area is brought back to the share (km).
pub const SMOOTH_KM: f64 = 3.0;
/// The area is simplified to this before smoothing (km).
const SMOOTH_SIMPLIFY_KM: f64 = 0.3;
/// A held piece smaller than this share of the largest, with no known
/// held place inside, is a stray cut off by the partition.
const STRAY_SHARE: f64 = 0.2;
/// Sides of the polygon that stands for a reach disk.
const DISK_SIDES: usize = 48;

/// A known place in lon/lat and whether the occupier holds it.
pub type Known = (f64, f64, bool);

/// The held area `base` of unit `index` (fitted to `share`, lon/lat)
/// reshaped so that its line passes between the `known` places held and
/// not held, meeting the share within [`fit::SHARE_TOLERANCE`]. Without known
/// places, or for an empty or whole unit, `base` is returned unchanged.
pub fn reshape(
    index: usize,
    share: f64,
    base: &MultiPolygon<f64>,
    known: &[Known],
    ctx: Context<'_>,
) -> Result<MultiPolygon<f64>> {
    let unit = &ctx.units[index];
    let target = share * unit.area_km2;
    if known.is_empty() || base.0.is_empty() || share >= 1.0 || target < fit::MIN_HELD_KM2 {
        return Ok(base.clone());
    }
    // Where every known place already lies on its side, the line stands.
    if known
        .iter()
        .all(|&(lon, lat, held)| geometry::contains_lonlat(base, lon, lat) == held)
    {
        return Ok(base.clone());
    }
    let plane = LocalPlane::around(&unit.geometry);
    let shape = plane.project(&unit.geometry);
    let at = |&(lon, lat, _): &Known| plane.to_plane(Coord { x: lon, y: lat });
    let held_pts: Vec<Coord<f64>> = known.iter().filter(|k| k.2).map(at).collect();
    let free_pts: Vec<Coord<f64>> = known.iter().filter(|k| !k.2).map(at).collect();
    let held_near = cells(&held_pts, &free_pts);
    let free_near = cells(&free_pts, &held_pts);
    let raw = shape.intersection(&plane.project(base).union(&held_near).difference(&free_near));
    // An opening and a closing near the places: slivers of either side
    // narrower than twice SMOOTH_KM (seeded ground left between the
    // partition's cells and the unit's border) go, so the line stays one
    // front; away from the places the seeds' line is left as it was.
    let places: Vec<Coord<f64>> = held_pts.iter().chain(&free_pts).copied().collect();
    let zone = disks(&places, REACH_KM + 2.0 * SMOOTH_KM);
    // Smoothed on the simplified area (the unit's exact outline comes back
    // with the intersection below), which keeps the buffers cheap.
    let smooth = raw
        .simplify(SMOOTH_SIMPLIFY_KM)
        .buffer(-SMOOTH_KM)
        .buffer(SMOOTH_KM)
        .buffer(SMOOTH_KM)
        .buffer(-SMOOTH_KM);
    // The cells of held places come back whole: a pocket along the unit's
    // border can be narrower than the smoothing, and a reported place is
    // no sliver.
    let guide = shape.intersection(
        &smooth
            .intersection(&zone)
            .union(&raw.difference(&zone))
            .union(&held_near),
    );
    let guide = fit::clean(&shape, &guide);
    // Pieces cut off the seeds' area by the partition, holding no known
    // held place, are left to the defender (the share brings the area back).
    let largest = guide.0.iter().map(Area::unsigned_area).fold(0.0, f64::max);
    let guide = MultiPolygon(
        guide
            .0
            .into_iter()
            .filter(|p| p.unsigned_area() >= STRAY_SHARE * largest || held_pts.iter().any(|h| p.contains(h)))
            .collect(),
    );
    let front = off_border(&shape, &guide);
    if front.0.is_empty() {
        return Ok(base.clone());
    }
    // The stretches of line that move: away from the known places, unless
    // too little line lies away from them.
    let still = disks(&places, STILL_KM);
    let far = still.clip(&front, true);
    let moving = if Euclidean.length(&far) >= 0.25 * Euclidean.length(&front) {
        far
    } else {
        front
    };
    let coarse_shape = shape.simplify(SEARCH_SIMPLIFY_KM);
    let scale = unit.area_km2 / coarse_shape.unsigned_area().max(f64::MIN_POSITIVE);
    let coarse_guide = guide.simplify(SEARCH_SIMPLIFY_KM);
    let coarse_moving = moving.simplify(SEARCH_SIMPLIFY_KM);
    let measure = |held: &MultiPolygon<f64>| geometry::area_km2(&plane.unproject(held));
    let rough = |held: &MultiPolygon<f64>| held.unsigned_area() * scale;
    let build = |shape: &MultiPolygon<f64>, guide: &MultiPolygon<f64>, moving: &MultiLineString<f64>, d: f64| {
        Ok(if d >= 0.0 {
            fit::clean(shape, &shape.intersection(&guide.union(&moving.buffer(d))))
        } else {
            fit::clean(shape, &guide.difference(&moving.buffer(-d)))
        })
    };
    let diameter = fit::diameter(&shape);
    let guess = (target - measure(&guide)) / Euclidean.length(&moving).max(1e-9);
    let held = fit::search(
        &unit.id,
        target,
        ((-diameter, -target), (diameter, unit.area_km2 - target)),
        guess,
        |d| build(&coarse_shape, &coarse_guide, &coarse_moving, d),
        rough,
        |d| build(&shape, &guide, &moving, d),
        measure,
    )?;
    fit::checked(&unit.id, &plane, &held, target, " between known places")
}

/// The ground within [`REACH_KM`] of a place of `own` and nearer to it
/// than to any place of `other`: per place, a disk cut by the bisectors
/// with the other side's places, all merged.
pub(super) fn cells(own: &[Coord<f64>], other: &[Coord<f64>]) -> MultiPolygon<f64> {
    cells_within(own, other, REACH_KM)
}

/// The ground within `reach` of a place of `own` and nearer to it than to
/// any place of `other` (plane coordinates, km), as [`cells`] with another
/// reach; a reach of the unit's diameter gives the whole Voronoi side.
pub(super) fn cells_within(own: &[Coord<f64>], other: &[Coord<f64>], reach: f64) -> MultiPolygon<f64> {
    let pieces: Vec<Polygon<f64>> = own
        .iter()
        .filter_map(|&s| {
            let mut ring = disk(s, reach);
            for &t in other {
                ring = clip_half(&ring, s, t);
                if ring.len() < 3 {
                    return None;
                }
            }
            ring.push(ring[0]);
            Some(Polygon::new(LineString::new(ring), vec![]))
        })
        .collect();
    geo::unary_union(pieces.iter())
}

/// Disks of radius `r` around `points`, merged.
fn disks(points: &[Coord<f64>], r: f64) -> MultiPolygon<f64> {
    let pieces: Vec<Polygon<f64>> = points
        .iter()
        .map(|&c| {
            let mut ring = disk(c, r);
            ring.push(ring[0]);
            Polygon::new(LineString::new(ring), vec![])
        })
        .collect();
    geo::unary_union(pieces.iter())
}

/// A regular polygon of [`DISK_SIDES`] sides around `c` (open ring,
/// counter-clockwise).
fn disk(c: Coord<f64>, r: f64) -> Vec<Coord<f64>> {
    (0..DISK_SIDES)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / DISK_SIDES as f64;
            Coord {
                x: c.x + r * a.cos(),
                y: c.y + r * a.sin(),
            }
        })
        .collect()
}

/// The part of the convex open ring `ring` nearer to `s` than to `t`
/// (one Sutherland–Hodgman step; written here because `geo` has no
/// half-plane clip and a Voronoi crate would do far more than needed).
fn clip_half(ring: &[Coord<f64>], s: Coord<f64>, t: Coord<f64>) -> Vec<Coord<f64>> {
    let (nx, ny) = (t.x - s.x, t.y - s.y);
    let (mx, my) = ((s.x + t.x) / 2.0, (s.y + t.y) / 2.0);
    // Negative on s's side of the bisector.
    let side = |p: Coord<f64>| (p.x - mx) * nx + (p.y - my) * ny;
    let mut out = Vec::with_capacity(ring.len() + 1);
    for (i, &p) in ring.iter().enumerate() {
        let q = ring[(i + 1) % ring.len()];
        let (fp, fq) = (side(p), side(q));
        if fp <= 0.0 {
            out.push(p);
        }
        if (fp < 0.0) != (fq < 0.0) && fp != fq {
            let u = fp / (fp - fq);
            out.push(Coord {
                x: p.x + u * (q.x - p.x),
                y: p.y + u * (q.y - p.y),
            });
        }
    }
    out
}

/// The line of `held` inside the unit `shape`: its rings without the
/// stretches along the unit's own border.
fn off_border(shape: &MultiPolygon<f64>, held: &MultiPolygon<f64>) -> MultiLineString<f64> {
    let border =
        MultiLineString(shape.0.iter().flat_map(|p| p.rings().cloned()).collect()).buffer(fit::FRONT_OFF_BORDER_KM);
    let rings = MultiLineString(held.0.iter().flat_map(|p| p.rings().cloned()).collect());
    border.clip(&rings, true)
}

/// The known places of unit `index` reported from `from` until before
/// `until` (without end: from `from` on), in lon/lat with their side.
pub fn known_on(data: &Dataset, index: usize, from: IsoDate, until: Option<IsoDate>) -> Vec<Known> {
    let unit = &data.units[index].id;
    data.known
        .iter()
        .filter(|k| &k.unit == unit && k.date >= from && until.is_none_or(|u| k.date < u))
        .map(|k| (k.lon, k.lat, k.side == Anchor::Held))
        .collect()
}

impl Engine<'_> {
    /// The held part of unit `index` for its latest row (`share`, dated
    /// `as_of`): the fit from the seeds, reshaped by the places known on
    /// that date or later (the latest row stands for every later snapshot).
    pub fn fit_latest(&self, index: usize, share: f64, as_of: IsoDate) -> Result<MultiPolygon<f64>> {
        let base = self.fit(index, share)?;
        let known = known_on(self.data, index, as_of, None);
        let ctx = Context {
            units: &self.data.units,
            regions: &self.data.regions,
            water: &self.data.water,
        };
        reshape(index, share, &base, &known, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_stops_at_the_bisector() {
        let s = Coord { x: 0.0, y: 0.0 };
        let t = Coord { x: 10.0, y: 0.0 };
        let cell = clip_half(&disk(s, REACH_KM), s, t);
        assert!(cell.iter().all(|p| p.x <= 5.0 + 1e-9), "{cell:?}");
        assert!(cell.iter().any(|p| (p.x - 5.0).abs() < 1e-9));
        let far = cells(&[s], &[Coord { x: 100.0, y: 0.0 }]);
        let disk_area = far.unsigned_area();
        assert!((disk_area - std::f64::consts::PI * REACH_KM * REACH_KM).abs() < 0.01 * disk_area);
    }
}
