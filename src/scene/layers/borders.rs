//! Unit borders and the national outline, each one path of closed rings
//! (the country's fill is the outline, so the units' points are written
//! once, here).

use crate::error::Result;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_polygons, rings};
use crate::scene::{Layer, Shape, style};

/// Unit borders, then the national outline on top.
pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let mut units = Shape::line(
        cx.page.units.iter().flat_map(rings).collect(),
        style::UNIT_LINE.stroke(),
        "cm-unit-border",
    );
    units.closed = true;
    out.shapes.push(units);
    out.shapes.push(Shape::line(
        rings(&page_polygons(&cx.frame, &cx.base.outline)),
        style::NATIONAL_LINE.stroke(),
        "cm-national-border",
    ));
    Ok(Drawn::NOTHING)
}
