//! What lies beyond each edge of a unit's boundary: another unit, a
//! neighbouring country, or the sea. The fitting seeds are chosen from this.

use geo::{BoundingRect, Coord, Intersects, Kernel, LineString, MultiPolygon, Orientation, Point, Rect};

use crate::model::Region;
use crate::model::Unit;

/// Distance of the probe point beyond an edge, in degrees (about 100 m).
const PROBE_DEG: f64 = 0.001;

/// What lies beyond an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beyond {
    /// Another unit of the dataset (index into the units).
    Unit(usize),
    /// A neighbouring country (index into the regions).
    Region(usize),
    /// No land: the coast.
    Sea,
    /// The unit itself (a narrow inlet or spit); never a seed.
    Own,
}

/// One boundary edge and what lies beyond it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Start, lon/lat.
    pub a: Coord<f64>,
    /// End, lon/lat.
    pub b: Coord<f64>,
    /// What lies beyond.
    pub beyond: Beyond,
}

/// Classifies every edge of unit `index`, ring by ring, in ring order.
pub fn classify(index: usize, units: &[Unit], regions: &[Region]) -> Vec<Vec<Edge>> {
    let unit = &units[index];
    let grow = |r: Rect<f64>| {
        Rect::new(
            Coord {
                x: r.min().x - 0.01,
                y: r.min().y - 0.01,
            },
            Coord {
                x: r.max().x + 0.01,
                y: r.max().y + 0.01,
            },
        )
    };
    let Some(frame) = unit.geometry.bounding_rect().map(grow) else {
        return Vec::new();
    };
    let near = |mp: &MultiPolygon<f64>| mp.bounding_rect().is_some_and(|r| r.intersects(&frame));
    let unit_candidates: Vec<(usize, Rect<f64>, Locator)> = units
        .iter()
        .enumerate()
        .filter(|(i, u)| *i != index && near(&u.geometry))
        .filter_map(|(i, u)| Some((i, u.geometry.bounding_rect()?, Locator::new(&u.geometry))))
        .collect();
    let region_candidates: Vec<(usize, Rect<f64>, Locator)> = regions
        .iter()
        .enumerate()
        .filter(|(_, r)| near(&r.geometry))
        .filter_map(|(i, r)| Some((i, r.geometry.bounding_rect()?, Locator::new(&r.geometry))))
        .collect();
    let own = Locator::new(&unit.geometry);
    let mut last = Beyond::Sea;
    let mut rings = Vec::new();
    for polygon in &unit.geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut edges = Vec::with_capacity(ring.0.len());
            for w in ring.0.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (dx, dy) = (b.x - a.x, b.y - a.y);
                let len = (dx * dx + dy * dy).sqrt();
                if len == 0.0 {
                    continue;
                }
                // Rings are oriented (exterior counter-clockwise, holes
                // clockwise), so the outside always lies to the right.
                let probe = Point::new(
                    (a.x + b.x) / 2.0 + dy / len * PROBE_DEG,
                    (a.y + b.y) / 2.0 - dx / len * PROBE_DEG,
                );
                let beyond = find(probe, last, &own, &unit_candidates, &region_candidates);
                last = beyond;
                edges.push(Edge { a, b, beyond });
            }
            rings.push(edges);
        }
    }
    rings
}

fn find(
    probe: Point<f64>,
    last: Beyond,
    own: &Locator,
    unit_candidates: &[(usize, Rect<f64>, Locator)],
    region_candidates: &[(usize, Rect<f64>, Locator)],
) -> Beyond {
    let p = probe.0;
    // Neighbouring edges mostly share what lies beyond: try that first.
    match last {
        Beyond::Unit(i) if unit_candidates.iter().any(|c| c.0 == i && c.2.contains(p)) => return last,
        Beyond::Region(i) if region_candidates.iter().any(|c| c.0 == i && c.2.contains(p)) => return last,
        _ => {}
    }
    for (i, r, locator) in unit_candidates {
        if r.intersects(&probe) && locator.contains(p) {
            return Beyond::Unit(*i);
        }
    }
    for (i, r, locator) in region_candidates {
        if r.intersects(&probe) && locator.contains(p) {
            return Beyond::Region(*i);
        }
    }
    if own.contains(p) { Beyond::Own } else { Beyond::Sea }
}

/// Point-in-area tests against one multipolygon that answer exactly as
/// `geo`'s `Contains<Point>` does (winding number, boundary not
/// contained), with each ring's edges binned by latitude band so a test
/// reads only the edges of the point's band: a probe costs about the
/// number of times a parallel crosses the boundary, not the ring's length.
struct Locator {
    /// Per polygon: exterior, then holes.
    polygons: Vec<Vec<Ring>>,
}

/// One ring and its edges by band.
struct Ring {
    coords: Vec<Coord<f64>>,
    y0: f64,
    y1: f64,
    band: f64,
    /// Band `k` holds the edges `edges[starts[k]..starts[k + 1]]`.
    starts: Vec<u32>,
    edges: Vec<u32>,
}

/// Where a point lies against a ring.
#[derive(PartialEq)]
enum Pos {
    Inside,
    Boundary,
    Outside,
}

impl Locator {
    fn new(mp: &MultiPolygon<f64>) -> Self {
        Locator {
            polygons: mp
                .0
                .iter()
                .filter(|p| !p.exterior().0.is_empty())
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(Ring::new)
                        .collect()
                })
                .collect(),
        }
    }

    /// True when the point lies inside the area (not on its boundary).
    fn contains(&self, c: Coord<f64>) -> bool {
        self.polygons.iter().any(|rings| {
            rings[0].position(c) == Pos::Inside && rings[1..].iter().all(|h| h.position(c) == Pos::Outside)
        })
    }
}

impl Ring {
    fn new(ring: &LineString<f64>) -> Self {
        let coords = ring.0.clone();
        let (y0, y1) = coords
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), c| (a.min(c.y), b.max(c.y)));
        let n = coords.len().saturating_sub(1);
        let mut bands = (n / 4).clamp(1, 1 << 16);
        loop {
            let band = (y1 - y0) / bands as f64;
            let index = |y: f64| -> usize {
                if band > 0.0 && band.is_finite() {
                    (((y - y0) / band) as usize).min(bands - 1)
                } else {
                    0
                }
            };
            let mut counts = vec![0u32; bands + 1];
            let mut total = 0usize;
            for w in coords.windows(2) {
                let (a, b) = (index(w[0].y.min(w[1].y)), index(w[0].y.max(w[1].y)));
                total += b - a + 1;
                for k in a..=b {
                    counts[k + 1] += 1;
                }
            }
            if total > 8 * n + 64 && bands > 1 {
                bands /= 2;
                continue;
            }
            for k in 0..bands {
                counts[k + 1] += counts[k];
            }
            let mut fill = counts.clone();
            let mut edges = vec![0u32; total];
            for (i, w) in coords.windows(2).enumerate() {
                let (a, b) = (index(w[0].y.min(w[1].y)), index(w[0].y.max(w[1].y)));
                for slot in &mut fill[a..=b] {
                    edges[*slot as usize] = i as u32;
                    *slot += 1;
                }
            }
            return Ring {
                coords,
                y0,
                y1,
                band,
                starts: counts,
                edges,
            };
        }
    }

    /// `geo`'s `coord_pos_relative_to_ring`, over the point's band only.
    fn position(&self, c: Coord<f64>) -> Pos {
        match self.coords.len() {
            0 => return Pos::Outside,
            1 => {
                return if c == self.coords[0] {
                    Pos::Boundary
                } else {
                    Pos::Outside
                };
            }
            _ => {}
        }
        if !(c.y >= self.y0 && c.y <= self.y1) {
            return Pos::Outside;
        }
        let bands = self.starts.len() - 1;
        let k = if self.band > 0.0 && self.band.is_finite() {
            (((c.y - self.y0) / self.band) as usize).min(bands - 1)
        } else {
            0
        };
        let between = |v: f64, a: f64, b: f64| v >= a.min(b) && v <= a.max(b);
        let mut winding = 0i64;
        for &i in &self.edges[self.starts[k] as usize..self.starts[k + 1] as usize] {
            let (s, e) = (self.coords[i as usize], self.coords[i as usize + 1]);
            if s.y <= c.y {
                if e.y >= c.y {
                    let o = <f64 as geo::GeoNum>::Ker::orient2d(s, e, c);
                    if o == Orientation::CounterClockwise && e.y != c.y {
                        winding += 1;
                    } else if o == Orientation::Collinear && between(c.x, s.x, e.x) {
                        return Pos::Boundary;
                    }
                }
            } else if e.y <= c.y {
                let o = <f64 as geo::GeoNum>::Ker::orient2d(s, e, c);
                if o == Orientation::Clockwise {
                    winding -= 1;
                } else if o == Orientation::Collinear && between(c.x, s.x, e.x) {
                    return Pos::Boundary;
                }
            }
        }
        if winding == 0 { Pos::Outside } else { Pos::Inside }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Contains;

    /// The banded locator answers as `geo` on the committed units, at the
    /// probes of every edge and at points on and between vertices.
    #[test]
    fn locator_agrees_with_geo() {
        let ds = crate::load::dataset(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata")).unwrap();
        for (k, u) in ds.units.iter().enumerate().step_by(3) {
            let locator = Locator::new(&u.geometry);
            let other = &ds.units[(k + 1) % ds.units.len()].geometry;
            let other_locator = Locator::new(other);
            for ring in u
                .geometry
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            {
                for w in ring.0.windows(2) {
                    let mid = Coord {
                        x: (w[0].x + w[1].x) / 2.0,
                        y: (w[0].y + w[1].y) / 2.0,
                    };
                    for c in [
                        w[0],
                        mid,
                        Coord {
                            x: mid.x + 0.001,
                            y: mid.y - 0.001,
                        },
                        Coord {
                            x: mid.x - 0.001,
                            y: mid.y + 0.001,
                        },
                    ] {
                        assert_eq!(locator.contains(c), u.geometry.contains(&Point(c)), "{} at {c:?}", u.id);
                        assert_eq!(other_locator.contains(c), other.contains(&Point(c)));
                    }
                }
            }
        }
    }
}
