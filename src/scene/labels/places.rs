//! Place markers and names. Major places (rank 1–3) always get a marker;
//! a minor place gets one only together with its name. Each name tries
//! eight positions around its marker.
//!
//! Decides nothing about other labels: it only asks the [`Placer`].

use super::{Box2, Placer, inside, overlaps};
use crate::model::Place;
use crate::scene::panel::PanelCx;
use crate::scene::paths::circle;
use crate::scene::{Anchor, Layer, Paint, Shape, Text, style};

/// A place and its page point.
pub(super) type Located<'d> = (&'d Place, (f64, f64));

/// True for places below the towns named in reports (rank 4 and up).
pub(super) fn is_minor(p: &Place) -> bool {
    p.rank >= 4
}

/// The places inside the panel, most important first (stable by rank).
pub(super) fn in_panel<'d>(cx: &PanelCx<'d>) -> Vec<Located<'d>> {
    let base = cx.base;
    let mut places: Vec<Located<'d>> = base
        .data
        .places
        .iter()
        .filter_map(|p| Some((p, base.page_point(&cx.frame, p.lon, p.lat)?)))
        .filter(|(_, pt)| inside(cx, *pt))
        .collect();
    places.sort_by_key(|(p, _)| p.rank);
    places
}

/// A marker's box around its point.
fn marker_box((x, y): (f64, f64), r: f64) -> Box2 {
    [x - r, y - r, 2.0 * r, 2.0 * r]
}

/// Blocks the markers of every major place before any name is placed.
pub(super) fn block_major_markers(places: &[Located<'_>], placer: &mut Placer) {
    for (p, pt) in places.iter().filter(|(p, _)| !is_minor(p)) {
        placer.block(marker_box(*pt, style::marker_radius(p.rank)));
    }
}

/// Names (and markers) of `places`, in order.
pub(super) fn label(cx: &PanelCx<'_>, places: &[Located<'_>], placer: &mut Placer, out: &mut Layer) {
    for (p, pt) in places {
        label_one(cx, p, *pt, placer, out);
    }
}

fn label_one(cx: &PanelCx<'_>, p: &Place, (x, y): (f64, f64), placer: &mut Placer, out: &mut Layer) {
    let name = cx.base.name(&p.name, &p.names, cx.opts);
    let (size, bold) = style::TYPE.place(p.rank);
    let r = style::marker_radius(p.rank);
    let w = cx.base.metrics.width(name, size, bold, 0.0);
    let options = positions((x, y), r, size);
    let boxes: Vec<Box2> = options.iter().map(|o| name_box(*o, w, size)).collect();
    if is_minor(p) {
        let marker = marker_box((x, y), r);
        if placer.taken().iter().any(|t| overlaps(t, &marker)) {
            return;
        }
        placer.block(marker);
    }
    let Some(k) = placer.place(&boxes) else { return };
    let (tx, ty, a) = options[k];
    out.texts.push(
        Text::new(name, tx, ty, size, style::INK, "cm-place-label")
            .bold(bold)
            .anchored(a)
            .halo(style::HALO, style::halo::PLACE),
    );
    out.shapes.push(marker((x, y), r, p.rank));
}

/// Ascent of a name as a share of its size.
const ASCENT: f64 = 0.78;

/// Where a name may go around a marker of radius `r`, in order of
/// preference: right, left, above, below, then the four diagonals.
fn positions((x, y): (f64, f64), r: f64, size: f64) -> [(f64, f64, Anchor); 8] {
    let asc = ASCENT * size;
    let gap = r + 2.5;
    [
        (x + gap, y + 0.35 * size, Anchor::Start),
        (x - gap, y + 0.35 * size, Anchor::End),
        (x, y - gap - 1.0, Anchor::Middle),
        (x, y + gap + asc, Anchor::Middle),
        (x + gap - 1.0, y - gap + 1.0, Anchor::Start),
        (x + gap - 1.0, y + gap + asc - 1.0, Anchor::Start),
        (x - gap + 1.0, y - gap + 1.0, Anchor::End),
        (x - gap + 1.0, y + gap + asc - 1.0, Anchor::End),
    ]
}

/// The box a name of width `w` takes at one position.
/// The box of a name `w` wide at `size`, its baseline at (`tx`, `ty`) with
/// anchor `a` (with a margin of 1.5 page units).
pub(crate) fn name_box((tx, ty, a): (f64, f64, Anchor), w: f64, size: f64) -> Box2 {
    let (asc, h) = (ASCENT * size, size * 1.05);
    let left = match a {
        Anchor::Start => tx,
        Anchor::Middle => tx - w / 2.0,
        Anchor::End => tx - w,
    };
    [left - 1.5, ty - asc - 1.5, w + 3.0, h + 3.0]
}

/// A capital's square or a town's dot.
fn marker((x, y): (f64, f64), r: f64, rank: u8) -> Shape {
    let ring = if rank <= 1 {
        vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    } else {
        circle(x, y, r)
    };
    Shape::area(
        vec![ring],
        Paint::Colour(style::INK.into()),
        Some(style::MARKER_LINE.stroke()),
        "cm-place",
    )
}
