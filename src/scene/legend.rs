//! The legend: one entry per thing the panels drew, worded by
//! [`Summary`], laid out in two columns under the panels.
//!
//! It draws swatches the way the layers look (through [`style`]), but it
//! never looks into the layers: what appeared comes in as [`Drawn`].

use super::labels::Metrics;
use super::layers::categories::hatched;
use super::layers::people::{self, CircleScale};
use super::style::{self, LineStyle, Look, Palette};
use super::text::{ChangeWords, SharedWords, Summary};
use super::{Layer, Paint, Shape, Text};
use crate::scenario::Category;

/// A legend entry shown only when some panel drew it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// Handed-over ground.
    Handover,
    /// Returned ground.
    Returned,
    /// The current front line.
    Front,
    /// The frozen line.
    Frozen,
    /// Settlements sized by their people.
    People,
    /// Ground held since the baseline.
    Before,
}

impl Key {
    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The set of legend entries the layers drew.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Drawn(u8);

impl Drawn {
    /// Nothing the legend depends on.
    pub(crate) const NOTHING: Drawn = Drawn(0);

    /// `key` when `drawn`, else nothing.
    pub(crate) fn when(drawn: bool, key: Key) -> Drawn {
        if drawn { Drawn(key.bit()) } else { Drawn::NOTHING }
    }

    /// This set and `key`.
    pub(crate) fn with(self, key: Key) -> Drawn {
        Drawn(self.0 | key.bit())
    }

    /// What either set drew.
    pub(crate) fn union(self, other: Drawn) -> Drawn {
        Drawn(self.0 | other.0)
    }

    /// True when `key` was drawn.
    pub(crate) fn has(self, key: Key) -> bool {
        self.0 & key.bit() != 0
    }
}

/// What an entry shows before its words.
enum Swatch {
    Fill(Look),
    Line(LineStyle),
    /// A settlement circle of this radius, as the people layer draws it.
    Circle(f64),
    None,
}

/// Swatch size and the room an entry takes.
const SWATCH_W: f64 = 28.0;
const SWATCH_H: f64 = 15.0;
const LABEL_INDENT: f64 = 38.0;
/// How far a part of the entry above it (ground held since the baseline,
/// ground to be returned: both inside the ground held now) sits right of it.
const PART_INDENT: f64 = 20.0;
const ROW: f64 = 24.0;
const BASELINE: f64 = 12.0;
const BOTTOM: f64 = 8.0;
/// The least room between the legend's two columns.
const COLUMN_GAP: f64 = 16.0;

/// The legend's entries, in order.
pub(crate) struct Legend {
    items: Vec<(Swatch, String)>,
    /// The indices of the entries that are parts of the entry above them,
    /// drawn indented so that the reader does not add their km² to its.
    parts: Vec<usize>,
}

impl Legend {
    /// The entries for a page whose panels drew `drawn`.
    pub(crate) fn new(summary: &Summary<'_>, palette: &Palette, drawn: Drawn) -> Legend {
        let fill = |c: Category| Swatch::Fill(palette.category(c));
        let mut items = vec![(fill(Category::Held), summary.held_now())];
        let mut parts = Vec::new();
        if drawn.has(Key::Before) {
            parts.push(items.len());
            items.push((Swatch::Fill(palette.before()), summary.before()));
        }
        if drawn.has(Key::Returned) {
            parts.push(items.len());
            items.push((fill(Category::Returned), summary.returned()));
        }
        if !parts.is_empty() {
            items[0].1 = summary.held_now_with_parts();
        }
        if drawn.has(Key::Handover) {
            items.push((fill(Category::Handover), summary.handover()));
        }
        for (colour, sentence) in summary.zones() {
            let look = Look {
                fill: Paint::Colour(colour.to_string()),
                hatch: None,
                class: "cm-zone",
            };
            items.push((Swatch::Fill(look), sentence));
        }
        items.push((fill(Category::Defender), summary.held_by_defender()));
        if drawn.has(Key::Front) {
            items.push((Swatch::Line(style::FRONT_SWATCH), summary.front()));
        }
        if drawn.has(Key::Frozen) {
            items.push((Swatch::Line(style::FROZEN_LINE), summary.frozen()));
        }
        if drawn.has(Key::People)
            && let Some(scale) = CircleScale::of(summary.dataset())
        {
            items.push((Swatch::None, summary.circles_key(scale.threshold)));
            for n in scale.references() {
                items.push((Swatch::Circle(scale.radius(n)), summary.circle_size(n)));
            }
        }
        items.extend(summary.sites().into_iter().map(|s| (Swatch::None, s)));
        items.extend(summary.exchanges().into_iter().map(|s| (Swatch::None, s)));
        if summary.moves_ground() {
            items.push((Swatch::None, summary.under_proposal()));
        }
        Legend { items, parts }
    }

    /// The entries of a legend shared by the panels of a figure: those of
    /// [`Legend::new`] for what any panel drew, worded without figures.
    pub(crate) fn shared(words: &SharedWords<'_>, palette: &Palette, drawn: Drawn) -> Legend {
        let fill = |c: Category| Swatch::Fill(palette.category(c));
        let mut items = vec![(fill(Category::Held), words.held())];
        let mut parts = Vec::new();
        if drawn.has(Key::Before) {
            parts.push(items.len());
            items.push((Swatch::Fill(palette.before()), words.before()));
        }
        if drawn.has(Key::Returned) {
            parts.push(items.len());
            items.push((fill(Category::Returned), words.returned()));
        }
        if drawn.has(Key::Handover) {
            items.push((fill(Category::Handover), words.handover()));
        }
        for (colour, label) in words.zones() {
            let look = Look {
                fill: Paint::Colour(colour.to_string()),
                hatch: None,
                class: "cm-zone",
            };
            items.push((Swatch::Fill(look), label));
        }
        items.push((fill(Category::Defender), words.held_by_defender()));
        if drawn.has(Key::Front) {
            items.push((Swatch::Line(style::FRONT_SWATCH), words.front()));
        }
        if drawn.has(Key::Frozen) {
            items.push((Swatch::Line(style::FROZEN_LINE), words.frozen()));
        }
        items.extend(words.sites().into_iter().map(|s| (Swatch::None, s)));
        Legend { items, parts }
    }

    /// The entries of a change map: held on both dates (and of that, held
    /// since the baseline), gained, lost, the defender's ground, the later
    /// date's front and the net change; then, as a second legend
    /// ([`Legend::change_by_unit`]), each unit's change.
    pub(crate) fn change(words: &ChangeWords<'_>, palette: &Palette, drawn: Drawn) -> Legend {
        let mut items = Vec::new();
        let mut parts = Vec::new();
        // Where all the ground held on both dates was held before the
        // baseline too, its entry alone says so.
        let held_both = !(drawn.has(Key::Before) && words.held_both_after_baseline_km2() < 0.5);
        if held_both {
            items.push((Swatch::Fill(palette.category(Category::Held)), words.held_both()));
        }
        if drawn.has(Key::Before) {
            if held_both {
                parts.push(items.len());
            }
            items.push((Swatch::Fill(palette.before()), words.before()));
        }
        items.push((Swatch::Fill(palette.gained()), words.gained()));
        items.push((Swatch::Fill(palette.lost()), words.lost()));
        items.push((
            Swatch::Fill(palette.category(Category::Defender)),
            words.held_by_defender(),
        ));
        if drawn.has(Key::Front) {
            items.push((Swatch::Line(style::FRONT_SWATCH), words.front()));
        }
        items.push((Swatch::None, words.net()));
        Legend { items, parts }
    }

    /// Each unit's change on a change map, under a heading; `None` when
    /// no ground changed hands.
    pub(crate) fn change_by_unit(words: &ChangeWords<'_>) -> Option<Legend> {
        let units = words.by_unit();
        if units.is_empty() {
            return None;
        }
        let mut items = vec![(Swatch::None, "By region (gained +, lost −):".to_string())];
        items.extend(units.into_iter().map(|u| (Swatch::None, u)));
        Some(Legend {
            items,
            parts: Vec::new(),
        })
    }

    /// The legend as a layer from `(left, top)` across `width`, in two
    /// columns when every entry fits half the width (else one), and the
    /// height it takes.
    pub(crate) fn layer(self, id: &str, left: f64, top: f64, width: f64, metrics: &Metrics) -> (Layer, f64) {
        let mut l = Layer::new(id);
        let col_w = width / 2.0;
        let widest = self
            .items
            .iter()
            .enumerate()
            .map(|(k, (_, label))| self.indent(k) + LABEL_INDENT + metrics.width(label, style::TYPE.legend, false, 0.0))
            .fold(0.0, f64::max);
        let columns = if widest <= col_w - COLUMN_GAP { 2 } else { 1 };
        let rows = self.items.len().div_ceil(columns);
        let indents: Vec<f64> = (0..self.items.len()).map(|k| self.indent(k)).collect();
        // In one column, an entry wider than the page wraps onto lines of
        // its own below its swatch (a narrow column, a long name): the
        // rows below move down by the lines it added.
        let line = style::TYPE.legend * 1.25;
        let mut added = 0.0;
        for (k, (swatch, label)) in self.items.into_iter().enumerate() {
            let (col, row) = (k / rows, k % rows);
            let x = left + col as f64 * col_w + indents[k];
            let y = top + row as f64 * ROW + added;
            let tx = if matches!(swatch, Swatch::None) {
                x
            } else {
                x + LABEL_INDENT
            };
            swatch.shapes(x, y, &mut l.shapes);
            let lines = if columns == 1 {
                metrics.wrap(&label, style::TYPE.legend, false, left + width - tx)
            } else {
                vec![label]
            };
            for (i, text) in lines.iter().enumerate() {
                l.texts.push(Text::new(
                    text,
                    tx,
                    y + BASELINE + i as f64 * line,
                    style::TYPE.legend,
                    style::INK,
                    "cm-legend-label",
                ));
            }
            added += lines.len().saturating_sub(1) as f64 * line;
        }
        (l, rows as f64 * ROW + added + BOTTOM)
    }

    /// How far entry `k` sits right of the column's edge.
    fn indent(&self, k: usize) -> f64 {
        if self.parts.contains(&k) { PART_INDENT } else { 0.0 }
    }
}

impl Swatch {
    /// The swatch's shapes at `(x, y)`: hatched swatches are drawn like
    /// the ground (background, stripes), then outlined.
    fn shapes(self, x: f64, y: f64, out: &mut Vec<Shape>) {
        let (w, h) = (SWATCH_W, SWATCH_H);
        let ring = vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
        match self {
            Swatch::Fill(look) => {
                let rect = geo::Rect::new((x, y), (x + w, y + h)).to_polygon();
                hatched(&[geo::MultiPolygon(vec![rect])], &look, out);
                let mut edge = Shape::line(vec![ring], style::SWATCH_LINE.stroke(), "cm-legend-swatch");
                edge.closed = true;
                out.push(edge);
            }
            Swatch::Line(line) => out.push(Shape::line(
                vec![vec![(x, y + h / 2.0), (x + w, y + h / 2.0)]],
                line.stroke(),
                "cm-legend-swatch",
            )),
            Swatch::Circle(r) => out.push(people::circle(x + w / 2.0, y + h / 2.0, r)),
            Swatch::None => {}
        }
    }
}
