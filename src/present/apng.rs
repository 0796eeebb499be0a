//! Animated PNG (APNG): several SVG pages of one size rasterised through
//! [`super::png`] and assembled as the frames of one looping animation,
//! the first frame doubling as the still image viewers without APNG show.
//!
//! It paints nothing itself (each frame is the PNG `png` makes, decoded)
//! and knows nothing of maps or dates: it takes SVG texts and delays.

use rayon::prelude::*;

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
        .map(|f| rgb(&super::png::png(&super::parse(&f.svg)?, width)?))
        .collect::<Result<Vec<_>>>()?;
    let Some(&(w, h, _)) = pixels.first() else {
        return Err(Error::Render {
            stage: "encoding the animated PNG",
            message: "an animation needs at least one frame".into(),
        });
    };
    if let Some((fw, fh, _)) = pixels.iter().find(|(fw, fh, _)| (*fw, *fh) != (w, h)) {
        return Err(Error::Render {
            stage: "encoding the animated PNG",
            message: format!("the frames differ in size ({w}×{h} and {fw}×{fh})"),
        });
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        enc.set_filter(png::Filter::Adaptive);
        enc.set_deflate_compression(png::DeflateCompression::Level(4));
        let n = u32::try_from(frames.len()).map_err(|_| Error::Render {
            stage: "encoding the animated PNG",
            message: "too many frames".into(),
        })?;
        enc.set_animated(n, 0).map_err(err)?;
        let mut writer = enc.write_header().map_err(err)?;
        for (frame, (_, _, data)) in frames.iter().zip(&pixels) {
            writer.set_frame_delay(frame.delay_ms, 1000).map_err(err)?;
            writer.write_image_data(data).map_err(err)?;
        }
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

/// Width, height and RGB pixels of a PNG that [`super::png`] wrote.
fn rgb(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>)> {
    let err = |e: png::DecodingError| Error::Render {
        stage: "reading a frame of the animated PNG",
        message: e.to_string(),
    };
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .map_err(err)?;
    let size = reader.output_buffer_size().ok_or_else(|| Error::Render {
        stage: "reading a frame of the animated PNG",
        message: "the frame is too large".into(),
    })?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(err)?;
    if info.color_type != png::ColorType::Rgb || info.bit_depth != png::BitDepth::Eight {
        return Err(Error::Render {
            stage: "reading a frame of the animated PNG",
            message: format!("the frame is {:?} {:?}, not 8-bit RGB", info.color_type, info.bit_depth),
        });
    }
    buf.truncate(info.buffer_size());
    Ok((info.width, info.height, buf))
}
