//! [`PointIndex`]: a multipolygon prepared for many point-in-area tests,
//! answering exactly what `geo`'s `MultiPolygon::contains(&Point)` answers
//! (a point on a boundary is not inside) in time that grows with the edges
//! near the point's latitude instead of with every edge.
//!
//! Written here because `geo`'s own indexed form
//! (`IntervalTreeMultiPolygon`) sums one winding number over every ring of
//! the multipolygon, which is not the per-polygon, holes-excluded answer of
//! `contains` when rings are wound either way, and it does not say when a
//! point lies on a hole's boundary. The per-edge test below is `geo`'s
//! `coord_pos_relative_to_ring`, step for step; only which edges are
//! visited changes: those whose latitude range holds the point's, which
//! are the only ones that test can count. It reads and changes no
//! geometry.

use geo::kernels::{Kernel, RobustKernel};
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Orientation};

/// Where a point lies against one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    Inside,
    OnBoundary,
    Outside,
}

/// One ring's edges, bucketed into horizontal bands by their y range.
#[derive(Debug)]
struct Ring {
    edges: Vec<(Coord<f64>, Coord<f64>)>,
    /// `Some(c)` when the ring is a single point (no edges).
    single: Option<Coord<f64>>,
    /// Lowest and highest y, and the band height.
    y0: f64,
    y1: f64,
    height: f64,
    /// Start of each band's run in `members` (one more entry than bands).
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Ring {
    fn new(ring: &LineString<f64>) -> Self {
        let edges: Vec<(Coord<f64>, Coord<f64>)> = ring.0.windows(2).map(|w| (w[0], w[1])).collect();
        let single = (ring.0.len() == 1).then(|| ring.0[0]);
        let (lo, hi) = edges
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
                (lo.min(a.y).min(b.y), hi.max(a.y).max(b.y))
            });
        // About four edges a band on a ring drawn evenly; never fewer than one band.
        let bands = (edges.len() / 4).clamp(1, 1 << 16);
        let height = if hi > lo { (hi - lo) / bands as f64 } else { 1.0 };
        let mut ring = Ring {
            edges,
            single,
            y0: lo,
            y1: hi,
            height,
            starts: Vec::new(),
            members: Vec::new(),
        };
        if ring.edges.is_empty() {
            return ring;
        }
        // Counting sort of the edges into every band their y range meets.
        let mut counts = vec![0u32; bands + 1];
        let spans: Vec<(usize, usize)> = ring
            .edges
            .iter()
            .map(|(a, b)| (ring.band(a.y.min(b.y), bands), ring.band(a.y.max(b.y), bands)))
            .collect();
        for &(first, last) in &spans {
            for c in &mut counts[first..=last] {
                *c += 1;
            }
        }
        let mut starts = Vec::with_capacity(bands + 1);
        let mut total = 0u32;
        for c in &counts[..bands] {
            starts.push(total);
            total += c;
        }
        starts.push(total);
        let mut next = starts.clone();
        let mut members = vec![0u32; total as usize];
        for (i, &(first, last)) in spans.iter().enumerate() {
            for b in first..=last {
                members[next[b] as usize] = i as u32;
                next[b] += 1;
            }
        }
        ring.starts = starts;
        ring.members = members;
        ring
    }

    /// The band of a y (clamped to the ring's bands). Monotone in y, so an
    /// edge whose range holds y is filed in y's band.
    fn band(&self, y: f64, bands: usize) -> usize {
        let b = ((y - self.y0) / self.height).floor();
        if b <= 0.0 { 0 } else { (b as usize).min(bands - 1) }
    }

    /// `geo`'s `coord_pos_relative_to_ring` on the edges that can count.
    fn position(&self, c: Coord<f64>) -> Pos {
        if self.edges.is_empty() {
            return match self.single {
                Some(p) if p == c => Pos::OnBoundary,
                _ => Pos::Outside,
            };
        }
        let bands = self.starts.len() - 1;
        // Outside the ring's y range no edge counts.
        if c.y < self.y0 || c.y > self.y1 {
            return Pos::Outside;
        }
        let b = self.band(c.y, bands);
        let mut winding = 0i32;
        for &i in &self.members[self.starts[b] as usize..self.starts[b + 1] as usize] {
            let (start, end) = self.edges[i as usize];
            if start.y <= c.y {
                if end.y >= c.y {
                    let o = RobustKernel::orient2d(start, end, c);
                    if o == Orientation::CounterClockwise && end.y != c.y {
                        winding += 1;
                    } else if o == Orientation::Collinear && between(c.x, start.x, end.x) {
                        return Pos::OnBoundary;
                    }
                }
            } else if end.y <= c.y {
                let o = RobustKernel::orient2d(start, end, c);
                if o == Orientation::Clockwise {
                    winding -= 1;
                } else if o == Orientation::Collinear && between(c.x, start.x, end.x) {
                    return Pos::OnBoundary;
                }
            }
        }
        if winding == 0 { Pos::Outside } else { Pos::Inside }
    }
}

fn between(x: f64, a: f64, b: f64) -> bool {
    if a < b { x >= a && x <= b } else { x >= b && x <= a }
}

/// One polygon: its exterior and holes, and the exterior's bounding box.
#[derive(Debug)]
struct Part {
    min: Coord<f64>,
    max: Coord<f64>,
    exterior: Ring,
    holes: Vec<Ring>,
}

/// A multipolygon prepared for point tests (see the module's notes).
#[derive(Debug)]
pub struct PointIndex {
    parts: Vec<Part>,
}

impl PointIndex {
    /// Prepares `mp`: one pass over its edges.
    pub fn new(mp: &MultiPolygon<f64>) -> Self {
        let parts =
            mp.0.iter()
                .filter_map(|p| {
                    let b = p.exterior().bounding_rect()?;
                    Some(Part {
                        min: b.min(),
                        max: b.max(),
                        exterior: Ring::new(p.exterior()),
                        holes: p.interiors().iter().map(Ring::new).collect(),
                    })
                })
                .collect();
        PointIndex { parts }
    }

    /// True when the point lies inside the area, not on its boundary: the
    /// answer of `geo`'s `contains`.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let c = Coord { x: lon, y: lat };
        self.parts.iter().any(|p| {
            // A point outside the exterior's box is outside the exterior.
            c.x >= p.min.x
                && c.x <= p.max.x
                && c.y >= p.min.y
                && c.y <= p.max.y
                && p.exterior.position(c) == Pos::Inside
                && p.holes.iter().all(|h| h.position(c) == Pos::Outside)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point, Polygon};

    use crate::geometry::tests::uniform as numbers;

    fn star(cx: f64, cy: f64, r: f64, n: usize, next: &mut impl FnMut() -> f64, ccw: bool) -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = (0..n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n as f64;
                let rr = r * (0.4 + 0.6 * next());
                Coord {
                    x: cx + rr * a.cos(),
                    y: cy + rr * a.sin(),
                }
            })
            .collect();
        if !ccw {
            pts.reverse();
        }
        LineString::from(pts)
    }

    #[test]
    fn answers_as_geo_does_on_random_polygons_with_holes_wound_either_way() {
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        for round in 0..40 {
            let ccw = round % 2 == 0;
            let outer = star(30.0, 48.0, 2.0, 40 + round * 7, &mut next, ccw);
            let hole = star(30.2, 48.1, 0.3, 12, &mut next, round % 3 == 0);
            let other = star(34.0, 48.0, 1.0, 25, &mut next, !ccw);
            // A square whose edges and corners the probes below land on.
            let square = LineString::from(vec![
                (36.0, 47.0),
                (37.0, 47.0),
                (37.0, 48.0),
                (36.0, 48.0),
                (36.0, 47.0),
            ]);
            let mp = MultiPolygon(vec![
                Polygon::new(outer.clone(), vec![hole.clone()]),
                Polygon::new(other, vec![]),
                Polygon::new(square, vec![]),
            ]);
            let index = PointIndex::new(&mp);
            let mut probes: Vec<(f64, f64)> = (0..2000).map(|_| (27.0 + 11.0 * next(), 45.5 + 5.0 * next())).collect();
            // Vertices, edge midpoints and the square's edges: boundary cases.
            probes.extend(outer.0.iter().chain(hole.0.iter()).map(|c| (c.x, c.y)));
            probes.extend(
                outer
                    .0
                    .windows(2)
                    .map(|w| ((w[0].x + w[1].x) / 2.0, (w[0].y + w[1].y) / 2.0)),
            );
            probes.extend([
                (36.5, 47.0),
                (36.0, 47.5),
                (36.5, 48.0),
                (37.0, 47.25),
                (36.5, 47.5),
                (37.5, 47.5),
            ]);
            for (x, y) in probes {
                assert_eq!(
                    index.contains(x, y),
                    mp.contains(&Point::new(x, y)),
                    "round {round}: ({x}, {y})"
                );
            }
        }
    }

    #[test]
    fn answers_as_geo_does_on_every_unit_of_the_dataset() {
        let data = crate::load::dataset(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("geodata")
                .as_path(),
        )
        .expect("geodata loads");
        let mut next = numbers(7);
        for unit in &data.units {
            let index = PointIndex::new(&unit.geometry);
            let bbox = geo::BoundingRect::bounding_rect(&unit.geometry).expect("a unit has a box");
            for _ in 0..300 {
                let x = bbox.min().x + (bbox.width() * 1.2) * next() - 0.1 * bbox.width();
                let y = bbox.min().y + (bbox.height() * 1.2) * next() - 0.1 * bbox.height();
                assert_eq!(
                    index.contains(x, y),
                    unit.geometry.contains(&Point::new(x, y)),
                    "{} ({x}, {y})",
                    unit.id
                );
            }
            for c in unit.geometry.0.iter().flat_map(|p| p.exterior().0.iter()).step_by(97) {
                assert_eq!(index.contains(c.x, c.y), unit.geometry.contains(&Point::new(c.x, c.y)));
            }
        }
    }
}
