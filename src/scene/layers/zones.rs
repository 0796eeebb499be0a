//! Ground in the categories a dataset declares (demilitarised zones, free
//! economic zones…), each in its declared fill with its outline, on top of
//! the built-in categories. Only projects the engine's parts.

use crate::error::Result;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::paths::{page_polygons, rings};
use crate::scene::{Layer, Paint, Shape, Stroke};

/// Width of a zone's outline, page units.
const OUTLINE: f64 = 1.2;

pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let categories = &cx.base.data.scenarios.categories;
    for parts in &cx.resolved.parts {
        for (c, ground) in &parts.zones {
            let category = &categories[*c];
            let page = rings(&page_polygons(&cx.frame, &cx.base.projection.project(ground)));
            if page.is_empty() {
                continue;
            }
            out.shapes.push(Shape::area(
                page,
                Paint::Colour(category.fill.to_string()),
                Some(Stroke::solid(&category.outline.to_string(), OUTLINE)),
                &format!("cm-zone cm-zone-{}", category.id),
            ));
        }
    }
    Ok(Drawn::NOTHING)
}
