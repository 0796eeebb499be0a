//! Names off the country: neighbouring countries (inside their own land on
//! the page) and the dataset's free labels (seas, gulfs) at fixed points.
//!
//! Places a name only where it fits whole; it never moves another label.

use geo::{Area, Contains, Point};

use super::{Box2, Placer};
use crate::scene::panel::PanelCx;
use crate::scene::{Anchor, Layer, Text, style};

/// Neighbours smaller than this on the page (square page units) go unnamed.
const MIN_AREA: f64 = 6000.0;
/// Shifts tried around the neighbour's label point, in order.
const SHIFTS: [(f64, f64); 5] = [(0.0, 0.0), (0.0, -30.0), (0.0, 30.0), (-40.0, 0.0), (40.0, 0.0)];

/// Each neighbouring country's name, upper case and spaced out.
pub(super) fn label_neighbours(cx: &PanelCx<'_>, placer: &mut Placer, out: &mut Layer) {
    let size = style::TYPE.country;
    for (i, (region, page)) in cx.base.data.regions.iter().zip(&cx.page.context).enumerate() {
        if page.unsigned_area() < MIN_AREA {
            continue;
        }
        let Some(pt) = cx.page.context_point(i) else { continue };
        // Regions have no names in other languages: the main name always.
        let name = region.name.to_uppercase();
        let w = cx.base.metrics.width(&name, size, false, style::spacing::COUNTRY);
        let candidates: Vec<Box2> = SHIFTS
            .iter()
            .map(|(dx, dy)| [pt.0 + dx - w / 2.0 - 2.0, pt.1 + dy - 10.0, w + 4.0, 14.0])
            .filter(|b| page.contains(&Point::new(b[0], b[1])) && page.contains(&Point::new(b[0] + b[2], b[1] + b[3])))
            .collect();
        if let Some(k) = placer.place(&candidates) {
            let b = candidates[k];
            out.texts.push(
                Text::new(
                    &name,
                    b[0] + b[2] / 2.0,
                    b[1] + 11.0,
                    size,
                    style::COUNTRY_LABEL,
                    "cm-country-label",
                )
                .anchored(Anchor::Middle)
                .spaced(style::spacing::COUNTRY),
            );
        }
    }
}

/// The dataset's free labels, each at its point or not at all.
pub(super) fn label_free(cx: &PanelCx<'_>, placer: &mut Placer, out: &mut Layer) {
    let size = style::TYPE.water;
    for fl in &cx.base.data.scenarios.map.labels {
        let Some(pt) = cx.base.page_point(&cx.frame, fl.lon, fl.lat) else {
            continue;
        };
        let name = cx.base.name(&fl.text, &fl.names, cx.opts);
        let w = cx.base.metrics.width(name, size, false, style::spacing::WATER);
        let b = [pt.0 - w / 2.0 - 2.0, pt.1 - 11.0, w + 4.0, 15.0];
        if placer.place(&[b]).is_some() {
            out.texts.push(
                Text::new(name, pt.0, pt.1, size, style::WATER_LABEL, "cm-water-label")
                    .anchored(Anchor::Middle)
                    .italic()
                    .spaced(style::spacing::WATER),
            );
        }
    }
}
