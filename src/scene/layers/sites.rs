//! Sites with a status under the proposal (a nuclear plant, a dam): a
//! diamond marker and the site's name with its status beside it.

use crate::error::Result;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::{Layer, Paint, Shape, Stroke, Text, style};

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
        let mut label = Text::new(
            &format!("{name}: {}", site.status),
            x + R + 3.0,
            y + 4.0,
            style::TYPE.place(3).0,
            style::INK,
            "cm-site-label",
        )
        .bold(true);
        label.halo = Some((style::HALO.into(), 3.0));
        out.texts.push(label);
    }
    Ok(Drawn::NOTHING)
}
