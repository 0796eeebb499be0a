//! PNG: the parsed tree painted by resvg on opaque white, written as an
//! indexed-colour PNG (one palette byte a pixel; no row filter, zlib level
//! 6) with the pixel density recorded.
//!
//! The rule for pixels (the palette's, see [`super::palette`]): an image of
//! at most 256 colours is written exactly as painted. Past that, the 128
//! most frequent colours (every flat fill, text and line colour) stay exact
//! and only the rarer anti-aliased blends of edges and glyphs are moved to
//! the nearest palette entry: on the PNGs of `make maps` at 2000 px 97–99.6 %
//! of the pixels are exact and the others are off by at most 28 of 255 in
//! a channel (most by a few). This module draws nothing of its own and
//! changes no other pixel.

use resvg::tiny_skia;
use resvg::usvg;

use super::palette::Palette;
use crate::error::{Error, Result};

/// The painted pixels of a page, before any palette: 8-bit RGBA as
/// painted (opaque: alpha is always 255), rows top to bottom.
#[derive(Debug, Clone)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel density, dots per inch (96 × the zoom).
    pub dpi: f64,
    /// R, G, B, A for each pixel: the pixmap's own buffer, kept as it is
    /// (a copy to RGB cost a 10 MB buffer and a pass over every pixel at
    /// 2000 px; the palette reads RGBA directly).
    rgba: Vec<u8>,
}

impl Raster {
    /// R, G, B for each pixel (a copy, three bytes a pixel).
    pub fn rgb(&self) -> Vec<u8> {
        let mut rgb = Vec::with_capacity(self.rgba.len() / 4 * 3);
        for px in self.rgba.chunks_exact(4) {
            rgb.extend_from_slice(&px[..3]);
        }
        rgb
    }

    /// R, G, B, A for each pixel, as painted.
    pub(super) fn rgba(&self) -> &[u8] {
        &self.rgba
    }
}

/// Renders the tree to PNG bytes `width` pixels wide, with the pixel
/// density recorded (96 dpi × the zoom).
pub(super) fn png(tree: &usvg::Tree, width: u32) -> Result<Vec<u8>> {
    let r = raster(tree, width)?;
    let palette = Palette::of(&[r.rgba()]);
    let mut out = Vec::new();
    {
        let mut writer = header(&mut out, &r, &palette, None)?;
        writer.write_image_data(&palette.indices(r.rgba())).map_err(encoding)?;
        writer.finish().map_err(encoding)?;
    }
    Ok(out)
}

/// Paints the tree `width` pixels wide on opaque white.
pub(super) fn raster(tree: &usvg::Tree, width: u32) -> Result<Raster> {
    let size = tree.size();
    let zoom = width as f32 / size.width();
    let height = (size.height() * zoom).round() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
        Error::Usage(format!(
            "cannot make a {width}×{height} image; choose a smaller --width"
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(tree, tiny_skia::Transform::from_scale(zoom, zoom), &mut pixmap.as_mut());
    // Painted on opaque white, so the premultiplied pixels are plain RGBA
    // with alpha 255.
    Ok(Raster {
        width,
        height,
        dpi: 96.0 * f64::from(zoom),
        rgba: pixmap.take(),
    })
}

pub(super) fn encoding(e: png::EncodingError) -> Error {
    Error::Render {
        stage: "encoding the PNG",
        message: e.to_string(),
    }
}

/// The PNG header of an image the size of `r` in `palette`'s colours, with
/// `frames` frames when animated, ready for the image data.
pub(super) fn header<'a>(
    out: &'a mut Vec<u8>,
    r: &Raster,
    palette: &Palette,
    frames: Option<u32>,
) -> Result<png::Writer<&'a mut Vec<u8>>> {
    let mut enc = png::Encoder::new(out, r.width, r.height);
    enc.set_color(png::ColorType::Indexed);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_palette(palette.plte());
    // Measured on the 2000 px maps of `geodata` (see the README's
    // performance section): the maps are flat fills with thin anti-aliased
    // edges, whose raw rows compress best as they are, palette indices as
    // RGB before them (Sub, Up or adaptive filters: 17–30 % larger). At one
    // byte a pixel, zlib level 6 (through flate2's zlib-rs backend, chosen
    // in Cargo.toml) is both smaller and faster than level 7 (231 against
    // 234 KB, 19 against 30 ms for the largest map); levels 8–9 save 2–4 %
    // at four to ten times the time. Deterministic: the same bytes every
    // run and thread count.
    enc.set_filter(png::Filter::NoFilter);
    enc.set_deflate_compression(png::DeflateCompression::Level(6));
    let ppm = (r.dpi / 0.0254).round() as u32;
    enc.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    if let Some(n) = frames {
        enc.set_animated(n, 0).map_err(encoding)?;
    }
    enc.write_header().map_err(encoding)
}
