//! The fully resolved drawing of a map: every shape in page units with its
//! colours, dashes and classes, every label at its final position. Built
//! once from a scenario's outcome; the SVG writer only serializes it, and
//! the PNG is rendered from that SVG, so the two cannot disagree.

pub mod build;
pub mod labels;
pub mod paths;
pub mod style;

pub use build::{Base, Options, compare, single};

/// A fill: a colour or a pattern defined in the scene.
#[derive(Debug, Clone, PartialEq)]
pub enum Paint {
    /// `#rrggbb`.
    Colour(String),
    /// A pattern by its id (without the scene's prefix).
    Pattern(String),
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
    /// Stroke, if any.
    pub stroke: Option<Stroke>,
    /// CSS class (category), for reports that restyle.
    pub class: String,
    /// Id (without prefix), when another shape reuses this one's path.
    pub id: Option<String>,
    /// Id of a shape whose path to draw again with this shape's fill and
    /// stroke (an SVG `<use>`): unit borders reuse the units' fill path
    /// instead of repeating its points. `parts` is then empty.
    pub reuse: Option<String>,
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

/// A hatch pattern: stripes of one colour over a background colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Hatch {
    /// Id (without prefix).
    pub id: String,
    /// Background colour.
    pub background: String,
    /// Stripe colour.
    pub stripe: String,
    /// Distance between stripes.
    pub spacing: f64,
    /// Stripe width.
    pub width: f64,
    /// Angle in degrees.
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
    /// Hatch patterns used by the layers.
    pub hatches: Vec<Hatch>,
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
