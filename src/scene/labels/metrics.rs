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

    /// Splits `text` into lines no wider than `max`: at spaces, and inside a
    /// word only where the word alone is wider than `max` (a long path, id
    /// or address), after its last hyphen, slash, underscore, dot or comma
    /// that fits, else after the last letter that fits.
    pub fn wrap(&self, text: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        // Each piece, and whether it continues a word broken before it (such
        // a piece starts its own line: no space is ever put inside a word).
        let words = text.split_whitespace().flat_map(|w| {
            let pieces = self.break_word(w, size, bold, max);
            pieces.into_iter().enumerate().map(|(i, p)| (p, i > 0))
        });
        for (word, continues) in words {
            let word = word.as_str();
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && (continues || self.width(&candidate, size, bold, 0.0) > max) {
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

    /// `word` as one piece when it fits in `max`, else as pieces that each
    /// fit (at least one letter each, so a column narrower than a letter
    /// still ends). Linear in the word's length: each letter's advance is
    /// measured once and the pieces' widths are running sums (the sums
    /// [`Metrics::width`] makes), so an overlong word in a dataset's text
    /// costs no more than its letters.
    fn break_word(&self, word: &str, size: f64, bold: bool, max: f64) -> Vec<String> {
        let mut pieces = Vec::new();
        // Byte offset just after each letter, and whether a soft break
        // may follow it.
        let letters: Vec<(usize, f64, bool)> = word
            .char_indices()
            .map(|(i, c)| {
                let mut buf = [0u8; 4];
                let w = self.width(c.encode_utf8(&mut buf), size, bold, 0.0);
                (i + c.len_utf8(), w, matches!(c, '-' | '/' | '_' | '.' | ','))
            })
            .collect();
        let (mut start, mut k) = (0, 0);
        while k < letters.len() {
            // The longest run of letters from `k` that fits (at least one),
            // and within it the last soft break.
            let (mut end, mut width, mut soft) = (k, 0.0, None);
            while end < letters.len() && (end == k || width + letters[end].1 <= max) {
                width += letters[end].1;
                if letters[end].2 {
                    soft = Some(end);
                }
                end += 1;
            }
            let last = if end == letters.len() {
                end - 1
            } else {
                soft.filter(|&s| s > k).unwrap_or(end - 1)
            };
            let cut = letters[last].0;
            pieces.push(word[start..cut].to_string());
            (start, k) = (cut, last + 1);
        }
        if pieces.is_empty() {
            pieces.push(String::new());
        }
        pieces
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

    #[test]
    fn a_word_wider_than_the_column_is_broken_so_every_line_fits() {
        let m = Metrics::new().unwrap();
        let long = "Zaporizhzhia-Kherson-Crimea_land_bridge/corridor_under_the_proposal_of_2026";
        for max in [40.0, 120.0, 300.0] {
            let lines = m.wrap(&format!("Map: {long} today"), 12.0, true, max);
            assert!(lines.len() > 1, "{lines:?}");
            for l in &lines {
                assert!(m.width(l, 12.0, true, 0.0) <= max, "{l:?} wider than {max}");
            }
            assert_eq!(
                lines.concat().replace(' ', ""),
                format!("Map:{long}today"),
                "nothing lost"
            );
        }
        // Soft breaks preferred: a piece ends after a hyphen, slash or underscore.
        let lines = m.wrap(long, 12.0, true, 200.0);
        assert!(
            lines[..lines.len() - 1].iter().all(|l| l.ends_with(['-', '/', '_'])),
            "{lines:?}"
        );
        // A column narrower than a letter still ends, one letter a line.
        assert_eq!(m.wrap("abc", 12.0, false, 1.0), vec!["a", "b", "c"]);
        // A word of 200,000 letters (a hostile title) is broken in linear
        // time: every letter kept, every line within the column.
        let huge = "x".repeat(200_000);
        let t = std::time::Instant::now();
        let lines = m.wrap(&huge, 12.0, false, 300.0);
        assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
        assert_eq!(lines.concat(), huge);
        assert!(lines.iter().all(|l| m.width(l, 12.0, false, 0.0) <= 300.0));
    }
}
