//! SVG text → PNG bytes: parsed by usvg with the embedded DejaVu Sans as
//! the only fonts (never system fonts, so text renders the same on every
//! machine), painted by resvg, encoded with the DPI recorded.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use crate::error::{Error, Result};

/// The font database: DejaVu Sans regular, bold, oblique and bold oblique,
/// loaded from memory, and every generic family mapped to it.
pub fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for data in [
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
        ] {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family("DejaVu Sans");
        db.set_serif_family("DejaVu Sans");
        db.set_monospace_family("DejaVu Sans");
        db.set_cursive_family("DejaVu Sans");
        db.set_fantasy_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parses SVG text with the embedded fonts.
pub fn parse(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| Error::Usage(format!("the SVG does not parse: {e}")))
}

/// Counts the text elements usvg kept (it drops text it cannot shape).
pub fn text_count(tree: &usvg::Tree) -> usize {
    fn walk(g: &usvg::Group) -> usize {
        g.children()
            .iter()
            .map(|n| match n {
                usvg::Node::Text(_) => 1,
                usvg::Node::Group(g) => walk(g),
                _ => 0,
            })
            .sum()
    }
    walk(tree.root())
}

/// The same drawing with every text turned into paths (for exact
/// reproduction where the reader's fonts must not matter).
pub fn text_as_paths(svg: &str) -> Result<String> {
    let tree = parse(svg)?;
    let options = usvg::WriteOptions {
        coordinates_precision: 2,
        ..usvg::WriteOptions::default()
    };
    Ok(tree.to_string(&options))
}

/// Renders SVG text to PNG bytes `width` pixels wide, on an opaque white
/// background, with the pixel density recorded (96 dpi × the zoom).
pub fn png(svg: &str, width: u32) -> Result<Vec<u8>> {
    let tree = parse(svg)?;
    let size = tree.size();
    let zoom = width as f32 / size.width();
    let height = (size.height() * zoom).round() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
        Error::Usage(format!(
            "cannot make a {width}×{height} image; choose a smaller --width"
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(zoom, zoom),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap, 96.0 * f64::from(zoom))
}

fn encode(pixmap: &tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>> {
    let err = |e: png::EncodingError| Error::Usage(format!("PNG encoding failed: {e}"));
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
        enc.set_compression(png::Compression::Fast);
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
