//! Sites with a status under the proposal (a nuclear plant, a dam): a
//! diamond marker and the site's name with its status beside it.

use crate::error::Result;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::{Anchor, Layer, Paint, Shape, Stroke, Text, style};

/// Half the diagonal of the marker, page units.
const R: f64 = 5.0;

pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    for site in &cx.resolved.sites {
        let Some((x, y)) = cx.base.page_point(&cx.frame, site.lon, site.lat) else {
            continue;
        };
        out.shapes.push(Shape::area(
            vec![vec![(x, y - R), (x + R, y), (x, y + R), (x - R, y)]],
            Paint::Colour(style::INK.into()),
            Some(Stroke::solid(style::HALO, 1.5)),
            "cm-site",
        ));
        let name = site.names.get(cx.opts.lang.as_str()).unwrap_or(&site.name);
        let text = format!("{name}: {}", site.status);
        let size = style::TYPE.place(3).0;
        // Beside the marker on the right, or on the left where the right
        // would run past the panel (a narrow panel of a figure).
        // Where it fits neither, the marker stands alone: the legend names
        // every site with its status.
        let [left, _, width, _] = cx.rect();
        let w = cx.base.metrics.width(&text, size, true, 0.0);
        let (tx, anchor) = if x + R + 3.0 + w <= left + width {
            (x + R + 3.0, Anchor::Start)
        } else if x - R - 3.0 - w >= left {
            (x - R - 3.0, Anchor::End)
        } else {
            continue;
        };
        let mut label = Text::new(&text, tx, y + 4.0, size, style::INK, "cm-site-label")
            .bold(true)
            .anchored(anchor);
        label.halo = Some((style::HALO.into(), 3.0));
        out.texts.push(label);
    }
    Ok(Drawn::NOTHING)
}
