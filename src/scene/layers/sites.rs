//! Sites with a status under the proposal (a nuclear plant, a dam): a
//! diamond marker and the site's name with its status beside it.

use crate::error::Result;
use crate::scene::labels::{Box2, name_box};
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::{Anchor, Layer, Paint, Shape, Stroke, Text, style};

/// Half the diagonal of the marker, page units.
const R: f64 = 5.0;

pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    for (x, y, label) in placed(cx) {
        out.shapes.push(Shape::area(
            vec![vec![(x, y - R), (x + R, y), (x, y + R), (x - R, y)]],
            Paint::Colour(style::INK.into()),
            Some(Stroke::solid(style::HALO, 1.5)),
            "cm-site",
        ));
        if let Some((label, _)) = label {
            out.texts.push(label);
        }
    }
    Ok(Drawn::NOTHING)
}

/// The boxes of every site's marker and label, which the labels layer
/// keeps other names off.
pub(crate) fn boxes(cx: &PanelCx<'_>) -> Vec<Box2> {
    placed(cx)
        .into_iter()
        .flat_map(|(x, y, label)| std::iter::once([x - R, y - R, 2.0 * R, 2.0 * R]).chain(label.map(|(_, b)| b)))
        .collect()
}

/// A site's marker centre and its label with the label's box, if any.
type Placed = (f64, f64, Option<(Text, Box2)>);

/// Each site in the panel: its marker's centre and, where it fits, its
/// label with the label's box.
fn placed(cx: &PanelCx<'_>) -> Vec<Placed> {
    let mut out = Vec::new();
    for site in &cx.resolved.sites {
        let Some((x, y)) = cx.base.page_point(&cx.frame, site.lon, site.lat) else {
            continue;
        };
        let name = site.names.get(cx.opts.lang.as_str()).unwrap_or(&site.name);
        let text = format!("{name}: {}", site.status);
        let size = style::TYPE.place(3).0;
        // Beside the marker on the right, or on the left where the right
        // would run past the panel (a narrow panel of a figure).
        // Where it fits neither, the marker stands alone: the legend names
        // every site with its status.
        let [left, _, width, _] = cx.rect();
        let w = cx.base.metrics.width(&text, size, true, 0.0);
        let at = if x + R + 3.0 + w <= left + width {
            Some((x + R + 3.0, Anchor::Start))
        } else if x - R - 3.0 - w >= left {
            Some((x - R - 3.0, Anchor::End))
        } else {
            None
        };
        let label = at.map(|(tx, anchor)| {
            let mut label = Text::new(&text, tx, y + 4.0, size, style::INK, "cm-site-label")
                .bold(true)
                .anchored(anchor);
            label.halo = Some((style::HALO.into(), 3.0));
            (label, name_box((tx, y + 4.0, anchor), w, size))
        });
        out.push((x, y, label));
    }
    out
}
