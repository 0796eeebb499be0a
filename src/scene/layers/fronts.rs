//! The current front and the line a proposal would freeze, as the engine
//! resolved them (projected once in [`PanelCx`], where the labels also
//! read them as lines to keep off).
//!
//! Traces no line itself.

use crate::error::Result;
use crate::scene::legend::{Drawn, Key};
use crate::scene::panel::PanelCx;
use crate::scene::{Layer, Shape, style};

/// The current front, then the frozen line; each only when it exists.
pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    let mut drawn = Drawn::NOTHING;
    if !cx.front.is_empty() {
        out.shapes
            .push(Shape::line(cx.front.clone(), style::FRONT_LINE.stroke(), "cm-front"));
        drawn = drawn.with(Key::Front);
    }
    if !cx.frozen.is_empty() {
        out.shapes
            .push(Shape::line(cx.frozen.clone(), style::FROZEN_LINE.stroke(), "cm-frozen"));
        drawn = drawn.with(Key::Frozen);
    }
    Ok(drawn)
}
