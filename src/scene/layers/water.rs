//! Reservoirs (filled like the sea) and rivers over the country's ground.
//!
//! Draws only the dataset's water; it labels nothing.

use crate::error::Result;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_lines, page_polygons, polylines, rings};
use crate::scene::{Layer, Paint, Shape, style};

/// Reservoirs, then rivers, each skipped when nothing of it is left on
/// the page grid.
pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    for area in &cx.base.reservoirs {
        let r = rings(&page_polygons(&cx.frame, area));
        if !r.is_empty() {
            out.shapes
                .push(Shape::area(r, Paint::Colour(style::SEA.into()), None, "cm-water"));
        }
    }
    for river in &cx.base.rivers {
        let l = polylines(&page_lines(&cx.frame, river));
        if !l.is_empty() {
            out.shapes.push(Shape::line(l, style::RIVER_LINE.stroke(), "cm-river"));
        }
    }
    Ok(Drawn::NOTHING)
}
