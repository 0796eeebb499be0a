//! The country's ground by category, straight from the engine's per-unit
//! parts ([`crate::scenario::Resolved::parts`]): the defender's ground under
//! everything, then held, handed-over and returned ground on top.
//!
//! Only projects and snaps the parts: it never splits or merges ground.

use crate::error::Result;
use crate::scenario::Category;
use crate::scene::layers::UNITS_PATH;
use crate::scene::legend::{Drawn, Key};
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_polygons, rings};
use crate::scene::{Layer, Shape};

/// Every unit in the defender's colour, as one path the borders reuse.
pub(super) fn defender(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let (paint, class) = cx.palette.category(Category::Defender);
    let mut units = Shape::area(cx.units.iter().flat_map(rings).collect(), paint, None, class);
    units.id = Some(cx.id(UNITS_PATH));
    out.shapes.push(units);
    Ok(Drawn::NOTHING)
}

/// Ground held now and after.
pub(super) fn held(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    category(cx, Category::Held, out);
    Ok(Drawn::NOTHING)
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
    let (paint, class) = cx.palette.category(category);
    let mut any = false;
    for parts in &cx.resolved.parts {
        let ground = parts.get(category);
        if ground.0.is_empty() {
            continue;
        }
        any = true;
        let page = rings(&page_polygons(&cx.frame, &cx.base.projection.project(ground)));
        if !page.is_empty() {
            out.shapes.push(Shape::area(page, paint.clone(), None, class));
        }
    }
    any
}
