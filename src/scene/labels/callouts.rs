//! Callouts: ground a proposal hands over or returns that is too small to
//! see at the map's size gets its km² written beside it, joined to it by a
//! thin leader line, so a reader finds a pocket of a few pixels and knows
//! what it weighs. On a change map the ground gained and lost get them
//! too, signed (+ gained, − lost) and named with their unit.
//!
//! A callout is placed like any label (it never overlaps another) and is
//! skipped, not forced, when no position fits. It measures areas but
//! changes no ground.

use geo::{Area, Contains, Coord, Intersects, MultiPolygon, Rect};

use super::{Box2, Placer, label_point};
use crate::scenario::Category;
use crate::scene::panel::PanelCx;
use crate::scene::paths::page_polygons;
use crate::scene::{Anchor, Layer, Shape, Stroke, Text, style};

/// Ground smaller than this on the page (square page units, about a 28 px
/// square) gets a callout.
const MAX_PAGE_AREA: f64 = 800.0;
/// Distance from the pocket to the near edge of its callout (page units).
const OFFSET: f64 = 16.0;
/// Type size of a callout.
const SIZE: f64 = 11.0;

/// One callout per unit whose handed-over or returned ground is too small
/// to see.
pub(super) fn label(cx: &PanelCx<'_>, placer: &mut Placer, out: &mut Layer) {
    // Every unit's handed-over or returned ground on the page, projected
    // once: the small pieces get callouts, and a callout sits off the
    // ground of other units, where it would be read as theirs.
    let grounds: Vec<(Category, usize, MultiPolygon<f64>)> = [Category::Handover, Category::Returned]
        .into_iter()
        .flat_map(|category| {
            cx.resolved.parts.iter().enumerate().filter_map(move |(i, parts)| {
                let ground = parts.get(category);
                (!ground.0.is_empty()).then(|| {
                    (
                        category,
                        i,
                        page_polygons(&cx.frame, &cx.base.projection.project(ground)),
                    )
                })
            })
        })
        .collect();
    for (category, index, page) in &grounds {
        let (category, index) = (*category, *index);
        if page.unsigned_area() >= MAX_PAGE_AREA {
            continue;
        }
        let (unit, ground) = (&cx.base.data.units[index], cx.resolved.parts[index].get(category));
        let others: Vec<&MultiPolygon<f64>> = grounds
            .iter()
            .filter(|(_, i, _)| *i != index)
            .map(|(_, _, g)| g)
            .collect();
        let other_lands: Vec<&MultiPolygon<f64>> = cx
            .page
            .units
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, g)| g)
            .collect();
        let Some(pt) = label_point(page) else { continue };
        let km2 = crate::format::km2(crate::stats::reported_km2(unit, ground));
        // On a change map the sign says which way the ground went, and
        // the unit's name which region the pocket is in (a pocket on a
        // border is otherwise read as the neighbour's).
        let name = cx.base.name(&unit.name, &unit.names, cx.opts);
        let text = match (category, cx.resolved.change_dates().is_some()) {
            (_, false) => format!("{km2} km²"),
            (Category::Handover, true) => format!("{name} +{km2} km²"),
            (_, true) => format!("{name} −{km2} km²"),
        };
        one(cx, (pt, (&others, &other_lands)), &text, placer, out);
    }
}

/// Ground on the page, one multipolygon a unit.
type Grounds<'a> = &'a [&'a MultiPolygon<f64>];

/// Places `text` near `pt` at the first free position, with its leader.
/// Positions (eight directions, near then farther out) are tried in this
/// order: off the ground of `others` (other units' pockets and areas)
/// first, then not centred on another unit's land (`lands`), then with a
/// leader through no name already placed; the figure would otherwise be
/// read as another unit's.
fn one(
    cx: &PanelCx<'_>,
    ((x, y), (others, lands)): ((f64, f64), (Grounds<'_>, Grounds<'_>)),
    text: &str,
    placer: &mut Placer,
    out: &mut Layer,
) {
    let w = cx.base.metrics.width(text, SIZE, true, 0.0) + 4.0;
    let h = SIZE + 4.0;
    // Right, left, above, below, then the diagonals.
    let dirs: [(f64, f64); 8] = [
        (1.0, 0.0),
        (-1.0, 0.0),
        (0.0, -1.0),
        (0.0, 1.0),
        (1.0, -1.0),
        (-1.0, -1.0),
        (1.0, 1.0),
        (-1.0, 1.0),
    ];
    // Each direction at the near offset, then farther out: a longer
    // leader beats a figure written over another unit's ground.
    let boxes: Vec<Box2> = [OFFSET, 2.5 * OFFSET, 4.0 * OFFSET]
        .iter()
        .flat_map(|&off| {
            dirs.iter().map(move |&(dx, dy)| {
                let left = match dx {
                    d if d > 0.0 => x + off,
                    d if d < 0.0 => x - off - w,
                    _ => x - w / 2.0,
                };
                let top = match dy {
                    d if d > 0.0 => y + off,
                    d if d < 0.0 => y - off - h,
                    _ => y - h / 2.0,
                };
                [left, top, w, h]
            })
        })
        .collect();
    let over_others = |b: &Box2| {
        let rect = Rect::new(
            Coord { x: b[0], y: b[1] },
            Coord {
                x: b[0] + b[2],
                y: b[1] + b[3],
            },
        );
        others.iter().any(|g| g.intersects(&rect))
    };
    // A stable sort: the directions' order stands within each kind.
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    let on_other_land = |b: &Box2| {
        let centre = Coord {
            x: b[0] + b[2] / 2.0,
            y: b[1] + b[3] / 2.0,
        };
        lands.iter().any(|g| g.contains(&centre))
    };
    // The leader runs from the pocket to the nearest point of the box; one
    // through a name already placed reads as pointing at it.
    let end = |b: &Box2| (x.clamp(b[0], b[0] + b[2]), y.clamp(b[1], b[1] + b[3]));
    let leader_blocked = |b: &Box2| !placer.clear_path((x, y), end(b));
    // Each box's rank is computed once (the tests are geometry against
    // whole units: a comparison sort calling them per comparison spent
    // most of a warm run's labelling there).
    let ranks: Vec<(bool, bool, bool)> = boxes
        .iter()
        .map(|b| (over_others(b), on_other_land(b), leader_blocked(b)))
        .collect();
    order.sort_by_key(|&k| ranks[k]);
    let ordered: Vec<Box2> = order.iter().map(|&k| boxes[k]).collect();
    let Some(k) = placer.place(&ordered) else { return };
    let b = ordered[k];
    let end = end(&b);
    // Names placed after it keep off the leader where they can.
    placer.add_line(vec![(x, y), end]);
    out.shapes.push(Shape::line(
        vec![vec![(x, y), end]],
        Stroke::solid(style::INK, 0.8),
        "cm-callout-leader",
    ));
    out.texts.push(
        Text::new(
            text,
            b[0] + b[2] / 2.0,
            b[1] + 2.0 + SIZE * 0.8,
            SIZE,
            style::INK,
            "cm-callout-label",
        )
        .bold(true)
        .anchored(Anchor::Middle)
        .halo(style::HALO, style::halo::PLACE),
    );
}
