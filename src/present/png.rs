//! PNG: the parsed tree painted by resvg on opaque white, encoded as RGB
//! (adaptive filters, zlib level 4) with the pixel density recorded.

use resvg::tiny_skia;
use resvg::usvg;

use crate::error::{Error, Result};

/// Renders the tree to PNG bytes `width` pixels wide, with the pixel
/// density recorded (96 dpi × the zoom).
pub(super) fn png(tree: &usvg::Tree, width: u32) -> Result<Vec<u8>> {
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
    encode(&pixmap, 96.0 * f64::from(zoom))
}

fn encode(pixmap: &tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>> {
    let err = |e: png::EncodingError| Error::Render {
        stage: "encoding the PNG",
        message: e.to_string(),
    };
    // The page is painted on opaque white, so alpha is always 255: write RGB.
    let data: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // Adaptive row filters and zlib level 4: the same pixels in 44 %
        // fewer bytes than fdeflate's fast mode (a 2000 px map: 752 KB ->
        // 424 KB) for about 30 ms more. Levels 6-9 save 1-2 % more at three
        // times the encoding time; no palette fits (anti-aliased edges give
        // 1,600-2,300 colours). Deterministic: the same bytes every run.
        enc.set_compression(png::Compression::Balanced);
        enc.set_filter(png::Filter::Adaptive);
        enc.set_deflate_compression(png::DeflateCompression::Level(4));
        let ppm = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(&data).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}
