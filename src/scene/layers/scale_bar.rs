//! The scale bar (on panels that carry one) and the panel's edge, the top
//! layer of every panel.
//!
//! The bar's box is known before any label is placed ([`ScaleBar::bounds`]),
//! so the labels keep off it; this file does not place labels.

use crate::error::Result;
use crate::projection::Frame;
use crate::scene::labels::Box2;
use crate::scene::legend::Drawn;
use crate::scene::panel::PanelCx;
use crate::scene::{Anchor, Layer, Shape, Text, style};

/// Round lengths the bar may show, shortest first.
const LENGTHS_KM: [f64; 6] = [50.0, 100.0, 200.0, 250.0, 500.0, 1000.0];
/// The shortest bar on the page.
const MIN_LENGTH: f64 = 70.0;

/// A scale bar in a panel's lower left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ScaleBar {
    km: f64,
    len: f64,
    x: f64,
    y: f64,
}

impl ScaleBar {
    /// The shortest round length at least [`MIN_LENGTH`] long in `frame`.
    pub(crate) fn new(frame: &Frame) -> ScaleBar {
        let per_km = frame.scale * 1000.0;
        let km = LENGTHS_KM
            .into_iter()
            .find(|k| k * per_km >= MIN_LENGTH)
            .unwrap_or(1000.0);
        let rect = frame.rect;
        ScaleBar {
            km,
            len: km * per_km,
            x: rect[0] + 16.0,
            y: rect[1] + rect[3] - 18.0,
        }
    }

    /// The box the bar and its figures take on the page.
    pub(crate) fn bounds(&self) -> Box2 {
        [self.x - 8.0, self.y - 20.0, self.len + 40.0, 24.0]
    }

    fn draw(&self, out: &mut Layer) {
        let (x, y, len) = (self.x, self.y, self.len);
        out.shapes.push(Shape::line(
            vec![vec![(x, y - 5.0), (x, y), (x + len, y), (x + len, y - 5.0)]],
            style::SCALE_LINE.stroke(),
            "cm-scale",
        ));
        out.shapes.push(Shape::line(
            vec![vec![(x + len / 2.0, y), (x + len / 2.0, y - 3.5)]],
            style::SCALE_TICK.stroke(),
            "cm-scale",
        ));
        let figure = |s: &str, x: f64| {
            Text::new(s, x, y - 8.0, style::TYPE.scale, style::INK, "cm-scale")
                .anchored(Anchor::Middle)
                .halo(style::HALO, style::halo::SCALE)
        };
        out.texts
            .extend([figure("0", x), figure(&format!("{} km", self.km as i64), x + len)]);
    }
}

/// The scale bar when the panel has one, then the panel's edge.
pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    if let Some(bar) = &cx.scale_bar {
        bar.draw(out);
    }
    let [x0, y0, w, h] = cx.rect();
    let (x1, y1) = (x0 + w, y0 + h);
    let edge = vec![vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]];
    out.shapes
        .push(Shape::line(edge, style::PANEL_LINE.stroke(), "cm-panel-edge"));
    Ok(Drawn::NOTHING)
}
