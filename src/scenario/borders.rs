//! What lies beyond each edge of a unit's boundary: another unit, a
//! neighbouring country, or the sea. The fitting seeds are chosen from this.

use geo::{BoundingRect, Contains, Coord, Intersects, MultiPolygon, Point, Rect};

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
    let unit_candidates: Vec<(usize, Rect<f64>)> = units
        .iter()
        .enumerate()
        .filter(|(i, u)| *i != index && near(&u.geometry))
        .filter_map(|(i, u)| Some((i, u.geometry.bounding_rect()?)))
        .collect();
    let region_candidates: Vec<(usize, Rect<f64>)> = regions
        .iter()
        .enumerate()
        .filter(|(_, r)| near(&r.geometry))
        .filter_map(|(i, r)| Some((i, r.geometry.bounding_rect()?)))
        .collect();
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
                let beyond = find(probe, last, unit, units, regions, &unit_candidates, &region_candidates);
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
    unit: &Unit,
    units: &[Unit],
    regions: &[Region],
    unit_candidates: &[(usize, Rect<f64>)],
    region_candidates: &[(usize, Rect<f64>)],
) -> Beyond {
    let in_unit = |i: usize| units[i].geometry.contains(&probe);
    let in_region = |i: usize| regions[i].geometry.contains(&probe);
    // Neighbouring edges mostly share what lies beyond: try that first.
    match last {
        Beyond::Unit(i) if in_unit(i) => return last,
        Beyond::Region(i) if in_region(i) => return last,
        _ => {}
    }
    for &(i, r) in unit_candidates {
        if r.intersects(&probe) && in_unit(i) {
            return Beyond::Unit(i);
        }
    }
    for &(i, r) in region_candidates {
        if r.intersects(&probe) && in_region(i) {
            return Beyond::Region(i);
        }
    }
    if unit.geometry.contains(&probe) {
        Beyond::Own
    } else {
        Beyond::Sea
    }
}
