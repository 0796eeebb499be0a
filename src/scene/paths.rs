//! From geometries to page points: project to metres once per dataset,
//! then per panel map onto the page, snap to a half-unit grid, drop
//! repeated points and spikes. Pure geometry to page points: no styling,
//! no layers.
//!
//! Snapping is done per vertex, so a border two units share gives the same
//! page points on both sides and stays shared; it is also what keeps the
//! SVG small (a point per half page unit at most).

use geo::{Coord, LineString, MultiLineString, MultiPolygon};

use crate::projection::Frame;
use crate::scene::Hatch;

/// Page grid that points are snapped to.
pub(crate) const GRID: f64 = 0.5;

fn snap(v: f64) -> f64 {
    (v / GRID).round() * GRID
}

/// Maps a geometry in metres onto the page (not snapped).
pub(crate) fn page_polygons(frame: &Frame, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::MapCoords;
    mp.map_coords(|c| {
        let (x, y) = frame.to_page(c.x, c.y);
        Coord { x, y }
    })
}

/// Maps lines in metres onto the page (not snapped).
pub(crate) fn page_lines(frame: &Frame, ml: &MultiLineString<f64>) -> MultiLineString<f64> {
    use geo::MapCoords;
    ml.map_coords(|c| {
        let (x, y) = frame.to_page(c.x, c.y);
        Coord { x, y }
    })
}

/// Clips page polygons to a rectangle `[left, top, width, height]`.
pub(crate) fn clip_polygons(mp: &MultiPolygon<f64>, rect: [f64; 4]) -> MultiPolygon<f64> {
    crate::geometry::clip_to_rect(mp, (rect[0], rect[1]), (rect[0] + rect[2], rect[1] + rect[3]))
}

/// Snapped rings of page polygons: exteriors and holes alike, each with at
/// least three distinct points.
pub(crate) fn rings(mp: &MultiPolygon<f64>) -> Vec<Vec<(f64, f64)>> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .filter_map(|r| snapped(r, true))
        .collect()
}

/// Snapped polylines, each with at least two distinct points.
pub(crate) fn polylines(ml: &MultiLineString<f64>) -> Vec<Vec<(f64, f64)>> {
    ml.0.iter().filter_map(|l| snapped(l, false)).collect()
}

fn snapped(line: &LineString<f64>, closed: bool) -> Option<Vec<(f64, f64)>> {
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(line.0.len());
    for c in &line.0 {
        let p = (snap(c.x), snap(c.y));
        if pts.last() == Some(&p) {
            continue;
        }
        // A spike (a, b, a) folds back on itself: drop b.
        if pts.len() >= 2 && pts[pts.len() - 2] == p {
            pts.pop();
            continue;
        }
        pts.push(p);
    }
    if closed {
        while pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        (pts.len() >= 3).then_some(pts)
    } else {
        (pts.len() >= 2).then_some(pts)
    }
}

/// The stripes of `hatch` across page polygons `area`, clipped to it and
/// snapped. Stripes sit on one page-wide grid, so the stripes of
/// neighbouring pieces line up across their shared edge.
pub(crate) fn stripes(area: &MultiPolygon<f64>, hatch: &Hatch) -> Vec<Vec<(f64, f64)>> {
    use geo::BoundingRect;
    let Some(b) = area.bounding_rect() else {
        return Vec::new();
    };
    let a = hatch.angle.to_radians();
    let (d, n) = ((a.cos(), a.sin()), (-a.sin(), a.cos()));
    let corners = [
        (b.min().x, b.min().y),
        (b.max().x, b.min().y),
        (b.min().x, b.max().y),
        (b.max().x, b.max().y),
    ];
    let along = |v: (f64, f64)| corners.iter().map(move |c| c.0 * v.0 + c.1 * v.1);
    let (t0, t1) = along(d).fold((f64::MAX, f64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    let (s0, s1) = along(n).fold((f64::MAX, f64::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
    let lines: Vec<LineString<f64>> = ((s0 / hatch.spacing).floor() as i64..=(s1 / hatch.spacing).ceil() as i64)
        .map(|k| {
            let s = k as f64 * hatch.spacing;
            let at = |t: f64| (n.0 * s + d.0 * t, n.1 * s + d.1 * t);
            LineString::from(vec![at(t0 - 1.0), at(t1 + 1.0)])
        })
        .collect();
    polylines(&crate::geometry::clip_lines(area, &MultiLineString(lines)))
}

/// A circle as a closed ring of page points (markers).
pub(crate) fn circle(cx: f64, cy: f64, r: f64) -> Vec<(f64, f64)> {
    (0..16)
        .map(|i| {
            let a = i as f64 * std::f64::consts::TAU / 16.0;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_keeps_shared_points_and_drops_repeats_and_spikes() {
        let ring = LineString::from(vec![
            (0.0, 0.0),
            (0.1, 0.1),
            (10.0, 0.0),
            (12.0, 5.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 0.0),
        ]);
        let pts = snapped(&ring, true).unwrap();
        assert_eq!(pts, vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]);
        let tiny = LineString::from(vec![(0.0, 0.0), (0.1, 0.0), (0.1, 0.1), (0.0, 0.0)]);
        assert_eq!(snapped(&tiny, true), None);
    }
}
