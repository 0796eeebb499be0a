//! PDF: one vector page the size of the map (1 CSS px = 0.75 pt), text kept
//! as text in the embedded DejaVu Sans (subset, selectable, searchable),
//! written by svg2pdf.
//!
//! svg2pdf 0.13 (the newest release) is built on usvg 0.45, the version
//! resvg is pinned to here, so the PDF is written from the very tree the
//! PNG is painted from. The bytes carry no date or random id, so the same
//! map gives the same file:
//! svg2pdf writes a document's fonts in hash-map order, so a conversion is
//! kept only when its fonts come in their canonical order (see [`canonical`]).

use resvg::usvg;

use crate::error::{Error, Result};

/// CSS pixels per inch: a map of 1000 px is a page of 750 pt.
const DPI: f32 = 96.0;

/// The parsed SVG as a one-page PDF.
pub(super) fn pdf(tree: &usvg::Tree) -> Result<Vec<u8>> {
    let convert = || {
        svg2pdf::to_pdf(
            tree,
            svg2pdf::ConversionOptions::default(),
            svg2pdf::PageOptions { dpi: DPI },
        )
        .map_err(|e| Error::Render {
            stage: "writing the PDF",
            message: e.to_string(),
        })
    };
    // Each conversion orders the fonts at random (a few fonts: a few
    // orders), and everything else is fixed: keep the canonical one.
    let mut bytes = convert()?;
    for _ in 0..MAX_TRIES {
        if canonical(&bytes) {
            break;
        }
        bytes = convert()?;
    }
    sort_font_resources(&mut bytes);
    Ok(bytes)
}

/// Sorts the entries of every `/Font << … >>` resource dictionary (written
/// in hash-map order, one entry a line) by name, in place: the same bytes
/// reordered, so no offset moves.
fn sort_font_resources(pdf: &mut [u8]) {
    const OPEN: &[u8] = b"/Font <<\n";
    let mut at = 0;
    while let Some(k) = pdf[at..].windows(OPEN.len()).position(|w| w == OPEN) {
        let start = at + k + OPEN.len();
        let Some(len) = pdf[start..].windows(2).position(|w| w == b">>") else {
            return;
        };
        // The block's whole lines, up to the line holding `>>`.
        let end = start
            + pdf[start..start + len]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
        let mut lines: Vec<Vec<u8>> = pdf[start..end]
            .split_inclusive(|b| *b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        lines.sort();
        pdf[start..end].copy_from_slice(&lines.concat());
        at = end;
    }
}

/// Conversions tried for the canonical font order (with the document's
/// four fonts at most, missing it this often is below one in a billion).
const MAX_TRIES: usize = 500;

/// True when the document's fonts (`/Type /Font /Subtype /Type0` objects,
/// numbered in the order the text first uses them) are written in the
/// order of their object numbers.
fn canonical(pdf: &[u8]) -> bool {
    const FONT: &[u8] = b" 0 obj\n<<\n  /Type /Font\n  /Subtype /Type0";
    let mut last = 0u32;
    let mut at = 0;
    while let Some(k) = pdf[at..].windows(FONT.len()).position(|w| w == FONT) {
        let end = at + k;
        let start = pdf[..end].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let n: u32 = std::str::from_utf8(&pdf[start..end])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if n < last {
            return false;
        }
        last = n;
        at = end + FONT.len();
    }
    true
}
