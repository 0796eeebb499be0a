//! Thin, domain-named wrappers over `geo`: orientation, geodesic area,
//! containment, rounding. No algorithm here that `geo` already has.

use geo::{Area, BoundingRect, Contains, Coord, GeodesicArea, LineString, MapCoords, MultiPolygon, Point, Polygon};

use crate::error::{Error, Result};

/// Square metres in a square kilometre.
const M2_PER_KM2: f64 = 1.0e6;

/// Orients every ring the way RFC 7946 and `geo` expect: exterior rings
/// counter-clockwise, holes clockwise. Input may come wound either way
/// (shapefiles wind exteriors clockwise).
///
/// Decided by the sign of each ring's shoelace area. (`geo`'s `Orient`
/// looks only at the ring's extreme vertex and leaves a ring unchanged when
/// that vertex is degenerate, as overlay output sometimes is.)
pub fn orient(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let wound = |ring: &LineString<f64>, ccw: bool| {
        let mut ring = ring.clone();
        let area = Polygon::new(ring.clone(), vec![]).signed_area();
        if (area < 0.0) == ccw {
            ring.0.reverse();
        }
        ring
    };
    MultiPolygon(
        mp.0.iter()
            .map(|p| {
                Polygon::new(
                    wound(p.exterior(), true),
                    p.interiors().iter().map(|h| wound(h, false)).collect(),
                )
            })
            .collect(),
    )
}

/// Geodesic area on the WGS84 ellipsoid.
///
/// # Units
/// Input in degrees (lon, lat); returns km².
///
/// # Assumptions
/// Rings may be wound either way: they are oriented first, so a clockwise
/// ring never yields "the whole Earth minus the polygon".
///
/// # Examples
/// ```
/// use geo::{polygon, MultiPolygon};
/// // A 1° × 1° cell at the equator, wound clockwise on purpose.
/// let cell = polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0)];
/// let km2 = claimsmap::geometry::area_km2(&MultiPolygon(vec![cell]));
/// assert!((km2 - 12_308.8).abs() < 1.0, "{km2}");
/// ```
pub fn area_km2(mp: &MultiPolygon<f64>) -> f64 {
    // Per polygon, the signed area of the oriented polygon: a degenerate
    // sliver (as overlay operations can leave) may come out a hair below
    // zero, which the unsigned area would turn into the whole Earth.
    // (`+ 0.0` turns the empty sum's -0.0 into 0.0.)
    0.0 + orient(mp)
        .0
        .iter()
        .map(|p| p.geodesic_area_signed().max(0.0))
        .sum::<f64>()
        / M2_PER_KM2
}

/// The part of `mp` inside the axis-aligned rectangle from `min` to `max`
/// (x, y), in `mp`'s own units.
pub fn clip_to_rect(mp: &MultiPolygon<f64>, min: (f64, f64), max: (f64, f64)) -> MultiPolygon<f64> {
    use geo::BooleanOps;
    let rect = geo::Rect::new(Coord { x: min.0, y: min.1 }, Coord { x: max.0, y: max.1 }).to_polygon();
    mp.intersection(&rect)
}

/// The parts of `lines` inside `area`, in the same units (hatch stripes
/// cut to the ground they cover).
pub fn clip_lines(area: &MultiPolygon<f64>, lines: &geo::MultiLineString<f64>) -> geo::MultiLineString<f64> {
    use geo::BooleanOps;
    area.clip(lines, false)
}

/// True when the point (lon, lat) lies inside the area.
pub fn contains_lonlat(mp: &MultiPolygon<f64>, lon: f64, lat: f64) -> bool {
    mp.contains(&Point::new(lon, lat))
}

/// Rounds a coordinate to `decimals` decimal places. Equal inputs give equal
/// outputs, so borders two units share stay shared after rounding.
pub fn round_coord(c: Coord<f64>, decimals: i32) -> Coord<f64> {
    let f = 10f64.powi(decimals);
    Coord {
        x: (c.x * f).round() / f,
        y: (c.y * f).round() / f,
    }
}

/// Rounds every coordinate of a ring, drops points that became repeats and
/// returns `None` when fewer than three distinct points remain.
pub fn round_ring(ring: &LineString<f64>, decimals: i32) -> Option<LineString<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let r = round_coord(*c, decimals);
        if out.last() != Some(&r) {
            out.push(r);
        }
    }
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return None;
    }
    Some(LineString::new(out)) // `Polygon::new` closes it again
}

/// Rounds a multipolygon's coordinates, dropping rings and polygons that
/// collapse (fewer than three points or no area), and orients the result
/// per RFC 7946.
pub fn round_multipolygon(mp: &MultiPolygon<f64>, decimals: i32) -> MultiPolygon<f64> {
    let rounded =
        mp.0.iter()
            .filter_map(|p| {
                let ext = round_ring(p.exterior(), decimals)?;
                let holes = p.interiors().iter().filter_map(|h| round_ring(h, decimals)).collect();
                Some(Polygon::new(ext, holes))
            })
            .collect();
    drop_small_rings(&MultiPolygon(rounded), 0.0)
}

/// Planar area of a ring in square degrees (for size filters only).
fn ring_area_deg2(ring: &LineString<f64>) -> f64 {
    Polygon::new(ring.clone(), vec![]).unsigned_area()
}

/// Drops polygons and holes whose planar area is at most `min_deg2` square
/// degrees (zero-area slivers left by dissolving, specks too small to see),
/// and orients the result per RFC 7946.
///
/// # Units
/// `min_deg2` in square degrees; at 48° N, 1e-4 deg² ≈ 0.8 km².
pub fn drop_small_rings(mp: &MultiPolygon<f64>, min_deg2: f64) -> MultiPolygon<f64> {
    let polys =
        mp.0.iter()
            .filter(|p| ring_area_deg2(p.exterior()) > min_deg2)
            .map(|p| {
                let holes = p
                    .interiors()
                    .iter()
                    .filter(|h| ring_area_deg2(h) > min_deg2)
                    .cloned()
                    .collect();
                Polygon::new(p.exterior().clone(), holes)
            })
            .collect();
    orient(&MultiPolygon(polys))
}

/// Kilometres per degree of latitude (mean Earth radius 6,371 km).
const KM_PER_DEG: f64 = 6_371.0 * std::f64::consts::PI / 180.0;

/// A local plane in kilometres around a reference point: longitude scaled by
/// the cosine of the reference latitude. Distances and buffers in it are
/// close to true kilometres across a unit of a few hundred km; areas are not
/// exact, so anything that must be exact is measured geodesically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalPlane {
    lon0: f64,
    lat0: f64,
    kx: f64,
}

impl LocalPlane {
    /// The plane centred on the middle of a geometry's bounding box.
    pub fn around(mp: &MultiPolygon<f64>) -> Self {
        let (lon0, lat0) = mp.bounding_rect().map_or((0.0, 0.0), |r| {
            ((r.min().x + r.max().x) / 2.0, (r.min().y + r.max().y) / 2.0)
        });
        LocalPlane {
            lon0,
            lat0,
            kx: lat0.to_radians().cos() * KM_PER_DEG,
        }
    }

    /// lon/lat degrees → plane km.
    pub fn to_plane(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (c.x - self.lon0) * self.kx,
            y: (c.y - self.lat0) * KM_PER_DEG,
        }
    }

    /// Plane km → lon/lat degrees.
    pub fn to_lonlat(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: c.x / self.kx + self.lon0,
            y: c.y / KM_PER_DEG + self.lat0,
        }
    }

    /// A geometry in plane km.
    pub fn project<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| self.to_plane(c))
    }

    /// A geometry back in lon/lat degrees.
    pub fn unproject<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| self.to_lonlat(c))
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while a [`guarded`] operation runs on this thread: the binary's
/// panic hook stays quiet then, since the panic becomes an error message.
pub fn in_guarded() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Runs a geometry operation for `unit`, turning a panic inside the geometry
/// crates into an error that names the unit.
pub fn guarded<T>(unit: &str, what: &str, op: impl FnOnce() -> T) -> Result<T> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(op));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|_| Error::Geometry {
        unit: unit.to_string(),
        message: format!("{what} failed"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn area_ignores_winding() {
        let ccw = polygon![(x: 30.0, y: 48.0), (x: 31.0, y: 48.0), (x: 31.0, y: 49.0), (x: 30.0, y: 49.0)];
        let cw = polygon![(x: 30.0, y: 48.0), (x: 30.0, y: 49.0), (x: 31.0, y: 49.0), (x: 31.0, y: 48.0)];
        let a = area_km2(&MultiPolygon(vec![ccw]));
        let b = area_km2(&MultiPolygon(vec![cw]));
        assert!((a - b).abs() < 1e-6);
        // 1° × 1° at 48.5° N: 111.2 km × 73.9 km ≈ 8,200 km².
        assert!((8_100.0..8_300.0).contains(&a), "{a}");
    }

    #[test]
    fn rounding_drops_collapsed_rings() {
        let tiny = polygon![(x: 30.0, y: 48.0), (x: 30.00001, y: 48.0), (x: 30.00001, y: 48.00001)];
        assert!(round_multipolygon(&MultiPolygon(vec![tiny]), 4).0.is_empty());
    }
}
