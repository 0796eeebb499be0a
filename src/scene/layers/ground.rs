//! The ground under the country: the sea filling the panel and the
//! neighbouring land (already clipped to the panel by [`PanelCx`]).
//!
//! Draws nothing of the country itself.

use crate::error::Result;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::paths::rings;
use crate::scene::{Layer, Paint, Shape, style};

/// The sea: a rectangle filling the panel.
pub(super) fn sea(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let [x, y, w, h] = cx.rect();
    out.shapes.push(Shape::area(
        vec![vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)]],
        Paint::Colour(style::SEA.into()),
        None,
        "cm-sea",
    ));
    Ok(Drawn::NOTHING)
}

/// Neighbouring land, one shape per region (empty ones too, in order).
pub(super) fn context(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    for land in &cx.page.context {
        out.shapes.push(Shape::area(
            rings(land),
            Paint::Colour(style::LAND.into()),
            Some(style::LAND_LINE.stroke()),
            "cm-context",
        ));
    }
    Ok(Drawn::NOTHING)
}
