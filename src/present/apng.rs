//! Animated PNG (APNG): several SVG pages of one size rasterised through
//! [`super::png`] and assembled as the frames of one looping animation,
//! the first frame doubling as the still image viewers without APNG show.
//!
//! The frames share one palette (APNG has one for the whole file), chosen
//! over all their pixels by the rule of [`super::palette`]. After the
//! first, each frame is stored as the rectangle of pixels that differ
//! from the frame before, drawn over it (APNG's `dispose_op` none, `blend_op`
//! source): the dates of a front change the title, the legend and the
//! ground that changed hands, not the page, so the file and its encoding
//! shrink while every frame shows exactly the page it paints. It paints
//! nothing itself (each frame is the page [`super::png`] paints) and knows
//! nothing of maps or dates: it takes SVG texts and delays.

use crate::error::CollectInOrder;
use rayon::prelude::*;

use super::palette::Palette;
use crate::error::{Error, Result};

/// One frame: an SVG page and how long it shows, in milliseconds.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The SVG text of the page.
    pub svg: String,
    /// How long the frame shows, in milliseconds (at most 65,535).
    pub delay_ms: u16,
}

/// The frames as one APNG `width` pixels wide, looping forever. Every
/// frame must have the same page size. The same bytes on every run.
pub fn apng(frames: &[Frame], width: u32) -> Result<Vec<u8>> {
    let err = |e: png::EncodingError| Error::Render {
        stage: "encoding the animated PNG",
        message: e.to_string(),
    };
    let pixels = frames
        .par_iter()
        .map(|f| super::png::raster(&super::parse(&f.svg)?, width))
        .collect_in_order()?;
    let Some(first) = pixels.first() else {
        return Err(Error::Render {
            stage: "encoding the animated PNG",
            message: "an animation needs at least one frame".into(),
        });
    };
    let (w, h) = (first.width, first.height);
    if let Some(f) = pixels.iter().find(|f| (f.width, f.height) != (w, h)) {
        return Err(Error::Render {
            stage: "encoding the animated PNG",
            message: format!("the frames differ in size ({w}×{h} and {}×{})", f.width, f.height),
        });
    }
    // One palette for every frame: APNG has one PLTE for the whole file.
    let rgba: Vec<&[u8]> = pixels.iter().map(|f| f.rgba()).collect();
    let palette = Palette::of(&rgba);
    let n = u32::try_from(frames.len()).map_err(|_| Error::Render {
        stage: "encoding the animated PNG",
        message: "too many frames".into(),
    })?;
    let indices: Vec<Vec<u8>> = pixels.iter().map(|p| palette.indices(p.rgba())).collect();
    let mut out = Vec::new();
    {
        let mut writer = super::png::header(&mut out, first, &palette, Some(n))?;
        for (k, frame) in frames.iter().enumerate() {
            writer.set_frame_delay(frame.delay_ms, 1000).map_err(err)?;
            if k == 0 {
                writer.write_image_data(&indices[0]).map_err(err)?;
                continue;
            }
            let r = changed(&indices[k - 1], &indices[k], w as usize);
            // The position first to (0, 0), so that any size fits while
            // it is set, then the rectangle's corner.
            writer.reset_frame_position().map_err(err)?;
            writer
                .set_frame_dimension(r.width as u32, r.height as u32)
                .map_err(err)?;
            writer.set_frame_position(r.x as u32, r.y as u32).map_err(err)?;
            let rows = (r.y..r.y + r.height).flat_map(|y| {
                let at = y * w as usize + r.x;
                indices[k][at..at + r.width].iter().copied()
            });
            writer.write_image_data(&rows.collect::<Vec<u8>>()).map_err(err)?;
        }
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

/// A rectangle of pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rect {
    x: usize,
    y: usize,
    width: usize,
    height: usize,
}

/// The smallest rectangle holding every pixel where `before` and `after`
/// (one byte a pixel, rows `width` long) differ; the top-left pixel alone
/// when none does (a frame must cover at least one).
fn changed(before: &[u8], after: &[u8], width: usize) -> Rect {
    let rows = || before.chunks_exact(width).zip(after.chunks_exact(width)).enumerate();
    let Some(top) = rows().find(|(_, (a, b))| a != b).map(|(y, _)| y) else {
        return Rect {
            x: 0,
            y: 0,
            width: 1,
            height: 1,
        };
    };
    let bottom = rows().rev().find(|(_, (a, b))| a != b).map_or(top, |(y, _)| y);
    let (mut left, mut right) = (width, 0);
    for (_, (a, b)) in rows().skip(top).take(bottom + 1 - top) {
        if let Some(x) = a.iter().zip(b).position(|(p, q)| p != q) {
            left = left.min(x);
        }
        if let Some(x) = a.iter().zip(b).rposition(|(p, q)| p != q) {
            right = right.max(x);
        }
    }
    Rect {
        x: left,
        y: top,
        width: right + 1 - left,
        height: bottom + 1 - top,
    }
}

#[cfg(test)]
mod tests {
    use super::{Rect, changed};

    fn rect(x: usize, y: usize, width: usize, height: usize) -> Rect {
        Rect { x, y, width, height }
    }

    #[test]
    fn the_changed_rectangle_bounds_every_differing_pixel() {
        let before = vec![0u8; 5 * 4];
        let mut after = before.clone();
        assert_eq!(changed(&before, &after, 5), rect(0, 0, 1, 1), "nothing changed");
        after[5 + 3] = 1; // (3, 1)
        after[2 * 5 + 1] = 1; // (1, 2)
        assert_eq!(changed(&before, &after, 5), rect(1, 1, 3, 2));
        after[3 * 5 + 4] = 1; // (4, 3)
        assert_eq!(changed(&before, &after, 5), rect(1, 1, 4, 3));
    }
}
