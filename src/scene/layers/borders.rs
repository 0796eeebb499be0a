//! Unit borders (the units' fill path drawn again as a line) and the
//! national outline.
//!
//! Never repeats the units' points: the unit borders reuse their path.

use crate::error::Result;
use crate::scene::layers::UNITS_PATH;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_polygons, rings};
use crate::scene::{Layer, Shape, style};

/// Unit borders, then the national outline on top.
pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let mut units = Shape::line(Vec::new(), style::UNIT_LINE.stroke(), "cm-unit-border");
    units.reuse = Some(cx.id(UNITS_PATH));
    out.shapes.push(units);
    out.shapes.push(Shape::line(
        rings(&page_polygons(&cx.frame, &cx.base.outline)),
        style::NATIONAL_LINE.stroke(),
        "cm-national-border",
    ));
    Ok(Drawn::NOTHING)
}
