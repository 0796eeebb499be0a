//! The labels layer: place markers and names, callouts for pockets too
//! small to see, unit names, neighbouring
//! countries and free labels (seas), placed most important first so that
//! none overlaps another, a marker, the scale bar or, where avoidable, a
//! front line.
//!
//! Labels only read the panel's page geometry; they draw no areas or lines
//! of their own beyond place markers.

mod callouts;
mod metrics;
mod placer;
mod places;
mod regions;
mod units;

use geo::{Area, Centroid, Contains, InteriorPoint, MultiPolygon};

pub use metrics::Metrics;
pub(crate) use placer::Placer;
pub use placer::{Box2, overlaps};
pub(crate) use places::name_box;

use super::Layer;
use super::legend::Drawn;
use super::panel::PanelCx;
use crate::error::Result;

/// Labels keep this far inside the panel's edge.
const INSET: f64 = 4.0;

/// Every label of a panel, in placement order: major places (markers
/// blocked first), unit names, minor places, neighbours, free labels.
pub(crate) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let [x, y, w, h] = cx.rect();
    let mut lines = cx.front.clone();
    lines.extend(cx.frozen.iter().cloned());
    let mut placer = Placer::new([x + INSET, y + INSET, w - 2.0 * INSET, h - 2.0 * INSET], lines);
    if let Some(bar) = &cx.scale_bar {
        placer.block(bar.bounds());
    }
    // Sites draw their own markers and labels: no name may cover them.
    for b in super::layers::sites::boxes(cx) {
        placer.block(b);
    }
    let places = places::in_panel(cx);
    places::block_major_markers(&places, &mut placer);
    let minor = places.partition_point(|(p, _)| !places::is_minor(p));
    places::label(cx, &places[..minor], &mut placer, out);
    callouts::label(cx, &mut placer, out);
    units::label(cx, &mut placer, out);
    places::label(cx, &places[minor..], &mut placer, out);
    regions::label_neighbours(cx, &mut placer, out);
    regions::label_free(cx, &mut placer, out);
    Ok(Drawn::NOTHING)
}

/// True when a page point lies inside the panel, away from its edge.
fn inside(cx: &PanelCx<'_>, (x, y): (f64, f64)) -> bool {
    let r = cx.frame.rect;
    x > r[0] + INSET && x < r[0] + r[2] - INSET && y > r[1] + INSET && y < r[1] + r[3] - INSET
}

/// A point to label an area at: the centroid of its largest part when that
/// lies inside, else a point guaranteed inside.
pub(crate) fn label_point(mp: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let largest =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let c = largest.centroid()?;
    let p = if largest.contains(&c) {
        c
    } else {
        largest.interior_point()?
    };
    Some((p.x(), p.y()))
}
