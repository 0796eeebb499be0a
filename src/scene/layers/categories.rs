//! The country's ground by category, straight from the engine's per-unit
//! parts ([`crate::scenario::Resolved::parts`]): the defender's ground under
//! everything, then held, handed-over and returned ground on top (on a
//! change map, handed over is the ground gained and returned the ground
//! lost, each in its own look).
//!
//! Only projects and snaps the parts: it never splits or merges ground.

use crate::error::Result;
use crate::scenario::Category;
use crate::scene::legend::{Drawn, Key};
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_polygons, rings, stripes};
use crate::scene::style::{self, Look};
use crate::scene::{Layer, Shape, Stroke};

/// The whole country in the defender's colour: one path of the national
/// outline (the unit borders are drawn on top by the borders layer).
pub(super) fn defender(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let look = cx.palette.category(Category::Defender);
    let outline = rings(&page_polygons(&cx.frame, &cx.base.outline));
    out.shapes.push(Shape::area(outline, look.fill, None, look.class));
    Ok(Drawn::NOTHING)
}

/// Hatched ground drawn as geometry: the background areas, then one path
/// of stripe lines clipped to them.
pub(crate) fn hatched(pieces: &[geo::MultiPolygon<f64>], look: &Look, out: &mut Vec<Shape>) {
    let mut lines = Vec::new();
    for page in pieces {
        let parts = rings(page);
        if parts.is_empty() {
            continue;
        }
        out.push(Shape::area(parts, look.fill.clone(), None, look.class));
        if let Some(h) = &look.hatch {
            lines.extend(stripes(page, h));
        }
    }
    if let (Some(h), false) = (&look.hatch, lines.is_empty()) {
        let stroke = Stroke {
            butt: true,
            ..Stroke::solid(&h.stripe, h.width)
        };
        out.push(Shape::line(lines, stroke, &format!("{}-stripes", look.class)));
    }
}

/// Ground held now and after.
pub(super) fn held(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    category(cx, Category::Held, out);
    Ok(Drawn::NOTHING)
}

/// Held ground already held at the baseline, in the darker tone.
pub(super) fn before(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let look = cx.palette.before();
    let pieces: Vec<_> = cx
        .resolved
        .held_before
        .iter()
        .filter(|g| !g.0.is_empty())
        .map(|g| page_polygons(&cx.frame, &cx.base.projection.project(g)))
        .collect();
    hatched(&pieces, &look, &mut out.shapes);
    Ok(Drawn::when(!pieces.is_empty(), Key::Before))
}

/// Ground the proposal hands over to the occupier.
pub(super) fn handover(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    Ok(Drawn::when(category(cx, Category::Handover, out), Key::Handover))
}

/// Ground the proposal returns to the defender.
pub(super) fn returned(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    Ok(Drawn::when(category(cx, Category::Returned, out), Key::Returned))
}

/// One shape per unit that has ground of `category`; true when any unit
/// has such ground (even if it is too small to survive snapping).
fn category(cx: &PanelCx<'_>, category: Category, out: &mut Layer) -> bool {
    let look = cx.palette.category_of(category, cx.resolved);
    let mut pieces = Vec::new();
    for parts in &cx.resolved.parts {
        let ground = parts.get(category);
        if ground.0.is_empty() {
            continue;
        }
        pieces.push(page_polygons(&cx.frame, &cx.base.projection.project(ground)));
    }
    hatched(&pieces, &look, &mut out.shapes);
    // Lost ground on a change map is also outlined in its stripes' colour,
    // so a narrow strip reads as one area, not as loose stripes.
    if category == Category::Returned && cx.resolved.change_dates().is_some() {
        let edges: Vec<_> = pieces.iter().flat_map(rings).collect();
        if !edges.is_empty() {
            let mut edge = Shape::line(edges, Stroke::solid(style::LOST_STRIPE, 1.0), "cm-lost-edge");
            edge.closed = true;
            out.shapes.push(edge);
        }
    }
    !pieces.is_empty()
}
