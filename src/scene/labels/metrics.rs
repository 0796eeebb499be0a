//! [`Metrics`]: text measured in the embedded DejaVu Sans, the font the SVG
//! names and the PNG renders with, so measured boxes match drawn text.
//!
//! Measures and wraps only: it places nothing.

use ttf_parser::{Face, GlyphId};

/// Measures text set in the embedded DejaVu Sans.
pub struct Metrics {
    regular: Face<'static>,
    bold: Face<'static>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics(DejaVu Sans)")
    }
}

impl Metrics {
    /// Metrics of the embedded fonts. The fonts are compiled in; reading
    /// them can only fail if the `dejavu` crate ships broken files.
    pub fn new() -> crate::Result<Self> {
        let font = |data: &'static [u8]| {
            Face::parse(data, 0).map_err(|e| crate::Error::Render {
                stage: "reading the embedded font",
                message: e.to_string(),
            })
        };
        Ok(Metrics {
            regular: font(dejavu::sans::regular())?,
            bold: font(dejavu::sans::bold())?,
        })
    }

    /// Advance width of `text` at `size`, with `spacing` added per letter.
    pub fn width(&self, text: &str, size: f64, bold: bool, spacing: f64) -> f64 {
        let font = if bold { &self.bold } else { &self.regular };
        // Font units scaled in single precision, as font scalers do (the
        // widths are the ones the SVG's text is laid out with).
        let scale = size as f32 / f32::from(font.units_per_em());
        let glyphs: f64 = text
            .chars()
            .map(|c| {
                let gid = font.glyph_index(c).unwrap_or(GlyphId(0));
                f64::from(
                    font.glyph_hor_advance(gid)
                        .map_or(size as f32 * 0.6, |a| f32::from(a) * scale),
                )
            })
            .sum();
        glyphs + spacing * text.chars().count().saturating_sub(1) as f64
    }

    /// Splits `text` into lines no wider than `max` (at spaces).
    pub fn wrap(&self, text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(&candidate, size, bold, 0.0) > max {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_the_embedded_font() {
        let m = Metrics::new().unwrap();
        let w = m.width("Kyiv", 10.0, false, 0.0);
        assert!((15.0..30.0).contains(&w), "{w}");
        assert!(m.width("Kyiv", 10.0, true, 0.0) > w);
        assert!(m.width("Київ", 10.0, false, 0.0) > 10.0, "Cyrillic is measured");
        assert_eq!(m.wrap("one two three four", 10.0, false, 60.0).len(), 2);
    }
}
