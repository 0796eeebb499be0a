//! The fully resolved drawing of a map: every shape in page units with its
//! colours, dashes and classes, every label at its final position. Built
//! once from a scenario's outcome; the SVG writer only serializes it, and
//! the PNG is rendered from that SVG, so the two cannot disagree.
//!
//! The files read as the page: `page` lays out header, panels, legend and
//! footer; `panel` runs the map layers ([`LayerKind`], one file each under
//! `layers/`) in order over one [`Base`]; [`labels`] places names; `legend`
//! and `text` say what was drawn; [`style`] holds every colour, type size,
//! stroke and hatch id.
//! Nothing here computes the engine's geometry: categories and lines come
//! from [`crate::scenario::Resolved`], ready to project.

mod base;
pub mod labels;
mod layers;
mod legend;
mod page;
mod panel;
mod paths;
pub mod style;
mod text;

pub use base::Base;
pub use layers::LayerKind;
pub use page::{change, compare, date_frames, dates, proposals, single};
pub(crate) use text::population_credits;

/// Choices a user makes on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Language of place and unit names (`en` uses the main names).
    pub lang: String,
    /// The width the map will be read at; `None`: single maps
    /// [`Layout::Wide`], comparisons [`Layout::Full`].
    pub layout: Option<Layout>,
    /// Draw the dataset's settlements as circles whose area is proportional
    /// to their people before the war (`render --population`); nothing
    /// changes where the dataset has no population layer.
    pub population: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: "en".into(),
            layout: None,
            population: false,
        }
    }
}

/// The width a map is laid out for, in CSS pixels. The page is drawn at
/// that width, so the house type sizes are the sizes a reader sees when the
/// SVG fills a container of that width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A report or newspaper column, 700 px.
    Column,
    /// A wide column, 1000 px.
    Wide,
    /// The full width of a page or screen, 1400 px.
    Full,
}

impl Layout {
    /// The display width in CSS pixels (= page units).
    pub const fn width(self) -> f64 {
        match self {
            Layout::Column => 700.0,
            Layout::Wide => 1000.0,
            Layout::Full => 1400.0,
        }
    }
}

/// A fill: a plain colour. Hatched ground is drawn as geometry (a
/// background area under stripe lines), never as an SVG pattern, so no
/// drawing depends on an id another copy of the map could hide.
#[derive(Debug, Clone, PartialEq)]
pub enum Paint {
    /// `#rrggbb`.
    Colour(String),
}

/// Stroke of a shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// `#rrggbb`.
    pub colour: String,
    /// Width in page units.
    pub width: f64,
    /// Dash lengths, empty for a solid line.
    pub dash: Vec<f64>,
    /// Opacity, 0..1.
    pub opacity: f64,
    /// Square line ends cut at the points (hatch stripes), instead of round.
    pub butt: bool,
}

impl Stroke {
    /// A solid, opaque line.
    pub fn solid(colour: &str, width: f64) -> Stroke {
        Stroke {
            colour: colour.to_string(),
            width,
            dash: Vec::new(),
            opacity: 1.0,
            butt: false,
        }
    }

    /// The same line dashed with `dash` (empty keeps it solid).
    pub fn dashed(self, dash: &[f64]) -> Stroke {
        Stroke {
            dash: dash.to_vec(),
            ..self
        }
    }
}

/// A path: closed rings (filled areas) or open polylines.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Parts, each a list of page points.
    pub parts: Vec<Vec<(f64, f64)>>,
    /// True when the parts are closed rings.
    pub closed: bool,
    /// Fill, if any.
    pub fill: Option<Paint>,
    /// Opacity of the fill, 0..1 (1: opaque, the default).
    pub fill_opacity: f64,
    /// Stroke, if any.
    pub stroke: Option<Stroke>,
    /// CSS class (category), for reports that restyle.
    pub class: String,
}

impl Shape {
    /// A filled area of closed rings.
    pub fn area(parts: Vec<Vec<(f64, f64)>>, fill: Paint, stroke: Option<Stroke>, class: &str) -> Shape {
        Shape {
            parts,
            closed: true,
            fill: Some(fill),
            fill_opacity: 1.0,
            stroke,
            class: class.to_string(),
        }
    }

    /// Open polylines drawn with `stroke`.
    pub fn line(parts: Vec<Vec<(f64, f64)>>, stroke: Stroke, class: &str) -> Shape {
        Shape {
            parts,
            closed: false,
            fill: None,
            fill_opacity: 1.0,
            stroke: Some(stroke),
            class: class.to_string(),
        }
    }
}

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at x.
    Start,
    /// The text is centred on x.
    Middle,
    /// The text ends at x.
    End,
}

/// A text at its final position.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The text, as the user's data spells it (escaped only when written).
    pub text: String,
    /// Anchor x.
    pub x: f64,
    /// Baseline y.
    pub y: f64,
    /// Font size in page units.
    pub size: f64,
    /// Bold when true.
    pub bold: bool,
    /// Italic when true.
    pub italic: bool,
    /// Horizontal anchoring.
    pub anchor: Anchor,
    /// Text colour.
    pub colour: String,
    /// Halo colour and width (a stroke painted under the text).
    pub halo: Option<(String, f64)>,
    /// Extra space between letters.
    pub letter_spacing: f64,
    /// CSS class.
    pub class: String,
}

impl Text {
    /// A plain text: regular, start-anchored, no halo, no extra spacing.
    pub fn new(text: &str, x: f64, y: f64, size: f64, colour: &str, class: &str) -> Text {
        Text {
            text: text.to_string(),
            x,
            y,
            size,
            bold: false,
            italic: false,
            anchor: Anchor::Start,
            colour: colour.to_string(),
            halo: None,
            letter_spacing: 0.0,
            class: class.to_string(),
        }
    }

    /// The same text, bold when `bold`.
    pub fn bold(self, bold: bool) -> Text {
        Text { bold, ..self }
    }

    /// The same text in italics.
    pub fn italic(self) -> Text {
        Text { italic: true, ..self }
    }

    /// The same text anchored at `anchor`.
    pub fn anchored(self, anchor: Anchor) -> Text {
        Text { anchor, ..self }
    }

    /// The same text with a halo of `width` in the halo colour.
    pub fn halo(self, colour: &str, width: f64) -> Text {
        Text {
            halo: Some((colour.to_string(), width)),
            ..self
        }
    }

    /// The same text with `spacing` between letters.
    pub fn spaced(self, spacing: f64) -> Text {
        Text {
            letter_spacing: spacing,
            ..self
        }
    }
}

/// A hatch: stripes of one colour over the ground's own fill, drawn as
/// stripe lines clipped to the hatched area.
#[derive(Debug, Clone, PartialEq)]
pub struct Hatch {
    /// Stripe colour.
    pub stripe: String,
    /// Distance between stripes.
    pub spacing: f64,
    /// Stripe width.
    pub width: f64,
    /// Direction of the stripes in degrees, on the page (y down): -45 runs
    /// up to the right.
    pub angle: f64,
}

/// A group of shapes and texts drawn together, one `<g id>` in the SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Id (without prefix), e.g. `sea`, `held`, `front`.
    pub id: String,
    /// Shapes, in drawing order.
    pub shapes: Vec<Shape>,
    /// Texts, drawn after the shapes.
    pub texts: Vec<Text>,
}

impl Layer {
    /// An empty layer.
    pub fn new(id: impl Into<String>) -> Layer {
        Layer {
            id: id.into(),
            shapes: Vec::new(),
            texts: Vec::new(),
        }
    }
}

/// A whole drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in page units.
    pub width: f64,
    /// Height in page units.
    pub height: f64,
    /// Prefix of every id in the drawing, unique per map.
    pub id_prefix: String,
    /// Title (SVG `<title>`).
    pub title: String,
    /// Text summary with the km² figures (SVG `<desc>`).
    pub description: String,
    /// Background colour of the page.
    pub background: String,
    /// Layers, in drawing order.
    pub layers: Vec<Layer>,
    /// The frame of each map panel, left to right (for placing probes and
    /// overlays with the same projection and fit).
    pub panels: Vec<crate::projection::Frame>,
}

impl Scene {
    /// Every text of the drawing.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.layers.iter().flat_map(|l| l.texts.iter())
    }
}
