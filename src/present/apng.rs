//! Animated PNG (APNG): several SVG pages of one size rasterised through
//! [`super::png`] and assembled as the frames of one looping animation,
//! the first frame doubling as the still image viewers without APNG show.
//!
//! The frames share one palette (APNG has one for the whole file), chosen
//! over all their pixels by the rule of [`super::palette`]. It paints
//! nothing itself (each frame is the page [`super::png`] paints) and knows
//! nothing of maps or dates: it takes SVG texts and delays.

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
        .collect::<Result<Vec<_>>>()?;
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
    let rgb: Vec<&[u8]> = pixels.iter().map(|f| f.rgb.as_slice()).collect();
    let palette = Palette::of(&rgb);
    let n = u32::try_from(frames.len()).map_err(|_| Error::Render {
        stage: "encoding the animated PNG",
        message: "too many frames".into(),
    })?;
    let mut out = Vec::new();
    {
        let mut writer = super::png::header(&mut out, first, &palette, Some(n))?;
        for (frame, pixels) in frames.iter().zip(&pixels) {
            writer.set_frame_delay(frame.delay_ms, 1000).map_err(err)?;
            writer.write_image_data(&palette.indices(&pixels.rgb)).map_err(err)?;
        }
        writer.finish().map_err(err)?;
    }
    Ok(out)
}
