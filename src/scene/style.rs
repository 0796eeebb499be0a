//! The house style in one place: palette, type sizes, line styles, halos
//! and the hatch patterns with their ids. Side colours come from the
//! dataset (`Palette`); everything else is fixed here.
//!
//! Nothing here places or draws: layers ask this file how a thing looks,
//! never the other way round.

use super::{Hatch, Paint, Stroke};
use crate::model::Dataset;
use crate::scenario::Category;

/// Page background (outside the map panels).
pub const PAGE: &str = "#ffffff";
/// The edge of a map panel.
pub const PANEL_EDGE: &str = "#c9c3b6";
/// Sea.
pub const SEA: &str = "#dfe9ef";
/// Neighbouring land.
pub const LAND: &str = "#e9e6df";
/// Borders between neighbouring countries.
pub const LAND_BORDER: &str = "#ffffff";
/// Borders between units.
pub const UNIT_BORDER: &str = "#9d9686";
/// The country's outline.
pub const NATIONAL_BORDER: &str = "#5f5a50";
/// Rivers.
pub const RIVER: &str = "#9cbfd3";
/// The current front line.
pub const FRONT: &str = "#4a1410";
/// The frozen (ceasefire) line.
pub const FROZEN: &str = "#1d2b4f";
/// Main text.
pub const INK: &str = "#1f1f1f";
/// Secondary text.
pub const MUTED: &str = "#5c5c5c";
/// Unit names.
pub const UNIT_LABEL: &str = "#7a7263";
/// Neighbouring country names.
pub const COUNTRY_LABEL: &str = "#7a7467";
/// Sea names.
pub const WATER_LABEL: &str = "#55778e";
/// Ground the occupier would return: a solid blue, another colour and
/// another family (solid, not striped) than handed-over ground, and darker
/// than both it and held ground in greyscale and for red-green colour-blind
/// readers (`render::categories_stay_apart_…` measures it).
pub const RETURNED: &str = "#2f6aa8";
/// Ground the occupier gained between the two dates of a change map: a
/// light orange, solid, in the occupier's family of warm colours but far
/// lighter than its held ground and the darker pre-invasion tone, so the
/// three stay apart in greyscale and for red-green colour-blind readers
/// (`render::change_styles_stay_apart_…` measures it).
pub const GAINED: &str = "#fdae61";
/// The stripes of ground the occupier lost between the two dates of a
/// change map: the blue of returned ground, striped over the defender's
/// colour, so lost ground differs from every solid fill in kind.
pub const LOST_STRIPE: &str = "#2f6aa8";
/// Text halo.
pub const HALO: &str = "#ffffff";
/// Settlement circles of the people layer: a dark fill, semi-transparent so
/// the ground under a city shows through, with a darker outline so
/// overlapping circles stay apart.
pub const PEOPLE_FILL: &str = "#2b2b2b";
/// The circles' outline.
pub const PEOPLE_OUTLINE: &str = "#111111";
/// The circles' fill opacity.
pub const PEOPLE_OPACITY: f64 = 0.3;
/// The circles' outline width, page units.
pub const PEOPLE_STROKE: f64 = 0.8;
/// Font family written into the SVG: the embedded DejaVu Sans first.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Ground held since the "before" baseline: the occupier's colour times this.
pub const BEFORE_TONE: f64 = 0.62;

/// The colours that come from the dataset: the two sides' fills, and the
/// hatches and category fills made from them.
#[derive(Debug, Clone)]
pub(crate) struct Palette {
    occupier: String,
    defender: String,
    returned: String,
}

impl Palette {
    /// The sides' colours of `data`.
    pub(crate) fn new(data: &Dataset) -> Palette {
        let sides = &data.scenarios.sides;
        Palette {
            occupier: sides.occupier.colour.to_string(),
            defender: sides.defender.colour.to_string(),
            returned: RETURNED.to_string(),
        }
    }

    /// How ground held since the "before" baseline looks: the occupier's
    /// colour, darker.
    pub(crate) fn before(&self) -> Look {
        let c = crate::model::Colour::parse(&self.occupier).map_or([0, 0, 0], |c| c.0);
        let dark = c.map(|v| (f64::from(v) * BEFORE_TONE).round() as u8);
        Look {
            fill: Paint::Colour(crate::model::Colour(dark).to_string()),
            hatch: None,
            class: "cm-held-before",
        }
    }

    /// How the ground gained on a change map looks: a solid light orange.
    pub(crate) fn gained(&self) -> Look {
        Look {
            fill: Paint::Colour(GAINED.to_string()),
            hatch: None,
            class: "cm-gained",
        }
    }

    /// How the ground lost on a change map looks: blue stripes over the
    /// defender's colour, denser than a proposal's stripes and the other
    /// way round, so they are not mistaken for ground handed over.
    pub(crate) fn lost(&self) -> Look {
        Look {
            fill: Paint::Colour(self.defender.clone()),
            hatch: Some(Hatch {
                stripe: LOST_STRIPE.to_string(),
                spacing: 5.0,
                width: 2.2,
                angle: 45.0,
            }),
            class: "cm-lost",
        }
    }

    /// How a category's ground looks on a map of `resolved`: on a change
    /// map, handed-over ground is the ground gained and returned ground the
    /// ground lost.
    pub(crate) fn category_of(&self, category: Category, resolved: &crate::scenario::Resolved) -> Look {
        match (category, resolved.change_dates().is_some()) {
            (Category::Handover, true) => self.gained(),
            (Category::Returned, true) => self.lost(),
            _ => self.category(category),
        }
    }

    /// How a category's ground looks: its fill, its stripes, its class.
    pub(crate) fn category(&self, category: Category) -> Look {
        let hatch = |stripe: &str, angle: f64| Hatch {
            stripe: stripe.to_string(),
            spacing: 6.0,
            width: 2.6,
            angle,
        };
        let (fill, hatch, class) = match category {
            Category::Held => (&self.occupier, None, "cm-held"),
            Category::Handover => (&self.defender, Some(hatch(&self.occupier, -45.0)), "cm-handover"),
            Category::Returned => (&self.returned, None, "cm-returned"),
            Category::Defender => (&self.defender, None, "cm-defender"),
        };
        Look {
            fill: Paint::Colour(fill.clone()),
            hatch,
            class,
        }
    }
}

/// How a category's ground looks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Look {
    /// The ground's fill (a hatch's background).
    pub fill: Paint,
    /// Stripes drawn over the fill, when the ground is hatched.
    pub hatch: Option<Hatch>,
    /// CSS class of the ground (its stripes add `-stripes`).
    pub class: &'static str,
}

/// A line's look: colour, width and dashes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineStyle {
    /// `#rrggbb`.
    pub colour: &'static str,
    /// Width in page units.
    pub width: f64,
    /// Dash lengths, empty for a solid line.
    pub dash: &'static [f64],
}

impl LineStyle {
    const fn solid(colour: &'static str, width: f64) -> LineStyle {
        LineStyle {
            colour,
            width,
            dash: &[],
        }
    }

    /// The stroke drawing this line.
    pub(crate) fn stroke(&self) -> Stroke {
        Stroke::solid(self.colour, self.width).dashed(self.dash)
    }
}

/// Borders between neighbouring countries.
pub(crate) const LAND_LINE: LineStyle = LineStyle::solid(LAND_BORDER, 0.8);
/// Rivers.
pub(crate) const RIVER_LINE: LineStyle = LineStyle::solid(RIVER, 0.9);
/// Borders between units.
pub(crate) const UNIT_LINE: LineStyle = LineStyle::solid(UNIT_BORDER, 0.5);
/// The country's outline.
pub(crate) const NATIONAL_LINE: LineStyle = LineStyle::solid(NATIONAL_BORDER, 1.1);
/// The current front line on the map.
pub(crate) const FRONT_LINE: LineStyle = LineStyle::solid(FRONT, 1.6);
/// The current front line's legend swatch (a touch heavier than on the map).
pub(crate) const FRONT_SWATCH: LineStyle = LineStyle::solid(FRONT, 1.8);
/// The frozen line, on the map and in the legend.
pub(crate) const FROZEN_LINE: LineStyle = LineStyle {
    colour: FROZEN,
    width: 3.0,
    dash: &[7.0, 4.0],
};
/// The edge of a map panel.
pub(crate) const PANEL_LINE: LineStyle = LineStyle::solid(PANEL_EDGE, 0.8);
/// The scale bar.
pub(crate) const SCALE_LINE: LineStyle = LineStyle::solid(INK, 1.2);
/// The scale bar's middle tick.
pub(crate) const SCALE_TICK: LineStyle = LineStyle::solid(INK, 1.0);
/// The outline of a place marker.
pub(crate) const MARKER_LINE: LineStyle = LineStyle::solid(HALO, 1.0);
/// The outline of a legend swatch.
pub(crate) const SWATCH_LINE: LineStyle = LineStyle::solid(UNIT_BORDER, 0.6);

/// Halo widths around texts drawn over the map.
pub(crate) mod halo {
    /// Place names.
    pub(crate) const PLACE: f64 = 3.0;
    /// Unit names.
    pub(crate) const UNIT: f64 = 2.0;
    /// Scale bar figures.
    pub(crate) const SCALE: f64 = 2.5;
}

/// Letter spacing of spaced-out names.
pub(crate) mod spacing {
    /// Unit names (upper case).
    pub(crate) const UNIT: f64 = 0.8;
    /// Neighbouring country names (upper case).
    pub(crate) const COUNTRY: f64 = 2.0;
    /// Sea and other free labels.
    pub(crate) const WATER: f64 = 0.5;
}

/// Every type size on the page, in page units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TypeScale {
    /// The page title (bold).
    pub title: f64,
    /// The scenario's description under the title.
    pub body: f64,
    /// The panel titles of a comparison (bold).
    pub subtitle: f64,
    /// Legend entries.
    pub legend: f64,
    /// The credits line.
    pub credits: f64,
    /// Scale bar figures.
    pub scale: f64,
    /// Unit names.
    pub unit: f64,
    /// Neighbouring country names.
    pub country: f64,
    /// Sea and other free labels.
    pub water: f64,
}

/// The house type scale, in page units. Pages are laid out at the width
/// they are read at ([`super::Layout`]), so a page unit is a CSS pixel:
/// place names are never under 11 px, unit names never under 10 px.
pub(crate) const TYPE: TypeScale = TypeScale {
    title: 24.0,
    body: 14.5,
    subtitle: 15.0,
    legend: 13.0,
    credits: 11.0,
    scale: 10.5,
    unit: 10.0,
    country: 11.0,
    water: 12.0,
};

impl TypeScale {
    /// Size and weight of a place name by rank (1 capital … 4 other).
    pub(crate) const fn place(&self, rank: u8) -> (f64, bool) {
        match rank {
            0 | 1 => (13.5, true),
            2 => (12.0, true),
            3 => (11.0, false),
            _ => (11.0, false),
        }
    }
}

/// Radius of a place marker by rank: capitals largest.
pub(crate) const fn marker_radius(rank: u8) -> f64 {
    if rank <= 1 {
        3.6
    } else if rank <= 3 {
        2.6
    } else {
        2.1
    }
}
