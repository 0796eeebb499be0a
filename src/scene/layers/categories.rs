//! The country's ground by category, straight from the engine's per-unit
//! parts ([`crate::scenario::Resolved::parts`]): the defender's ground under
//! everything, then held, handed-over and returned ground on top.
//!
//! Only projects and snaps the parts: it never splits or merges ground.

use crate::error::Result;
use crate::scenario::Category;
use crate::scene::legend::{Drawn, Key};
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_polygons, rings, stripes};
use crate::scene::style::Look;
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
    let look = cx.palette.category(category);
    let mut pieces = Vec::new();
    for parts in &cx.resolved.parts {
        let ground = parts.get(category);
        if ground.0.is_empty() {
            continue;
        }
        pieces.push(page_polygons(&cx.frame, &cx.base.projection.project(ground)));
    }
    hatched(&pieces, &look, &mut out.shapes);
    !pieces.is_empty()
}
