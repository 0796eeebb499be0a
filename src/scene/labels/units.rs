//! Unit names: upper case, spaced out, wrapped when long, at a point inside
//! each unit large enough on the page to carry one.
//!
//! Skips a name rather than crowding: it never forces a placement.

use super::{Box2, Placer};
use crate::scene::panel::PanelCx;
use crate::scene::{Anchor, Layer, Text, style};

/// Units smaller than this on the page (square page units) go unnamed.
const MIN_AREA: f64 = 2500.0;
/// Names wider than this wrap at spaces.
const MAX_WIDTH: f64 = 95.0;
/// Line height of a wrapped name.
const LINE: f64 = 11.0;
/// Baseline of the first line below the box's inner top.
const BASELINE: f64 = 8.5;
/// Vertical shifts tried, in order.
const SHIFTS: [f64; 5] = [0.0, -14.0, 14.0, -26.0, 26.0];

/// The name of every unit that has room for one.
pub(super) fn label(cx: &PanelCx<'_>, placer: &mut Placer, out: &mut Layer) {
    let m = &cx.base.metrics;
    let (size, spacing) = (style::TYPE.unit, style::spacing::UNIT);
    for (i, (u, page)) in cx.base.data.units.iter().zip(&cx.page.units).enumerate() {
        if geo::Area::unsigned_area(page) < MIN_AREA {
            continue;
        }
        let Some(pt) = cx.page.unit_point(i) else { continue };
        let upper = cx.base.name(&u.name, &u.names, cx.opts).to_uppercase();
        let lines: Vec<String> = if m.width(&upper, size, false, spacing) > MAX_WIDTH && upper.contains(' ') {
            m.wrap(&upper, size, false, MAX_WIDTH)
        } else {
            vec![upper]
        };
        let w = lines
            .iter()
            .map(|s| m.width(s, size, false, spacing))
            .fold(0.0, f64::max);
        let h = lines.len() as f64 * LINE;
        let candidates: Vec<Box2> = SHIFTS
            .iter()
            .map(|dy| [pt.0 - w / 2.0 - 2.0, pt.1 + dy - h / 2.0 - 2.0, w + 4.0, h + 4.0])
            .collect();
        let Some(k) = placer.place(&candidates) else { continue };
        let b = candidates[k];
        for (j, s) in lines.iter().enumerate() {
            let y = b[1] + 2.0 + BASELINE + j as f64 * LINE;
            out.texts.push(
                Text::new(s, b[0] + b[2] / 2.0, y, size, style::UNIT_LABEL, "cm-unit-label")
                    .anchored(Anchor::Middle)
                    .spaced(spacing)
                    .halo(style::HALO, style::halo::UNIT),
            );
        }
    }
}
