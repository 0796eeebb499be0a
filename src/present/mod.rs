//! Presentation formats: the SVG text a scene serialises to, turned into the
//! bytes of each file a user asked for. The SVG is parsed at most once, with
//! the embedded fonts only, and every other format comes from that one tree,
//! so the formats cannot disagree.
//!
//! This module draws nothing and knows nothing of maps: it takes SVG text.

mod apng;
mod fonts;
mod outlined;
mod palette;
mod pdf;
mod png;

pub use apng::{Frame, apng};
pub use fonts::{parse, text_count};
pub use png::Raster;

use crate::error::Result;

/// A file format `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The SVG as serialised, with selectable text in the embedded font's family.
    Svg,
    /// The SVG with every text turned into outlines (exact glyphs, no font needed).
    SvgOutlined,
    /// A PNG this many pixels wide, on opaque white.
    Png {
        /// Width in pixels.
        width: u32,
    },
    /// A one-page vector PDF the size of the map, fonts embedded.
    Pdf,
}

impl Format {
    /// The file name extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Svg | Format::SvgOutlined => "svg",
            Format::Png { .. } => "png",
            Format::Pdf => "pdf",
        }
    }

    const fn needs_tree(self) -> bool {
        !matches!(self, Format::Svg)
    }
}

/// The bytes of `svg` in each of `formats`, in the order given.
pub fn encode(svg: &str, formats: &[Format]) -> Result<Vec<(Format, Vec<u8>)>> {
    let tree = if formats.iter().any(|f| f.needs_tree()) {
        Some(parse(svg)?)
    } else {
        None
    };
    formats
        .iter()
        .map(|&format| {
            let bytes = match (format, &tree) {
                (Format::Svg, _) => svg.as_bytes().to_vec(),
                (Format::SvgOutlined, Some(tree)) => outlined::svg(svg, tree)?.into_bytes(),
                (Format::Png { width }, Some(tree)) => png::png(tree, width)?,
                (Format::Pdf, Some(tree)) => pdf::pdf(tree)?,
                // `needs_tree` holds for every format but plain SVG.
                (_, None) => unreachable!("parsed above"),
            };
            Ok((format, bytes))
        })
        .collect()
}

/// The SVG with its text turned into outlines.
pub fn text_as_paths(svg: &str) -> Result<String> {
    outlined::svg(svg, &parse(svg)?)
}

/// The SVG as a one-page PDF.
pub fn pdf(svg: &str) -> Result<Vec<u8>> {
    pdf::pdf(&parse(svg)?)
}

/// The SVG rendered to a PNG `width` pixels wide.
pub fn png(svg: &str, width: u32) -> Result<Vec<u8>> {
    png::png(&parse(svg)?, width)
}

/// The SVG painted `width` pixels wide, as the PNG would be before its
/// palette: every pixel as painted.
pub fn raster(svg: &str, width: u32) -> Result<Raster> {
    png::raster(&parse(svg)?, width)
}
