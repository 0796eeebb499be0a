//! Presentation formats: the SVG text a scene serialises to, turned into the
//! bytes of each file a user asked for. The SVG is parsed at most once, with
//! the embedded fonts only, and every other format comes from that one tree,
//! so the formats cannot disagree.
//!
//! A caller may install a [`Store`] (the command line keeps one in its
//! cache folder): every file but the plain SVG is then looked up there by
//! the SHA-256 of its format and of the SVG text it is made from before it
//! is made, and kept there once made. The encoders are deterministic, so a
//! file read back is the very bytes the encoder would write.
//!
//! This module draws nothing and knows nothing of maps: it takes SVG text.
//! It reads and writes no file itself.

mod apng;
mod fonts;
mod outlined;
mod palette;
mod pdf;
mod png;

pub use apng::Frame;
pub use fonts::{parse, text_count};
pub use png::Raster;

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::error::Result;

/// Where encoded files may be kept between runs, by a key that digests
/// everything they are made from (the format and the SVG text). A store
/// must give back exactly the bytes it was given under a key, or nothing;
/// its failures are its own to swallow (a store only saves time).
pub trait Store: Send + Sync {
    /// The bytes kept under `key`, if any.
    fn get(&self, key: &[u8; 32]) -> Option<Vec<u8>>;
    /// Keeps `bytes` under `key`.
    fn put(&self, key: &[u8; 32], bytes: &[u8]);
}

static STORE: OnceLock<Box<dyn Store>> = OnceLock::new();

/// Installs the process's store of encoded files; the first call wins and
/// later ones are ignored.
pub fn set_store(store: Box<dyn Store>) {
    let _ = STORE.set(store);
}

/// The key of a file of kind `what` made from `parts`: each part's length
/// and bytes, so no two lists of parts share a key.
fn key<'a>(what: &'a str, parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"claimsmap-encoded-2\0");
    for part in std::iter::once(what.as_bytes()).chain(parts) {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().into()
}

/// The bytes the store keeps under `key`, when one is installed.
fn kept(key: &[u8; 32]) -> Option<Vec<u8>> {
    STORE.get()?.get(key)
}

/// Hands `bytes` to the store, when one is installed.
fn keep(key: &[u8; 32], bytes: &[u8]) {
    if let Some(store) = STORE.get() {
        store.put(key, bytes);
    }
}

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

/// The bytes of `svg` in each of `formats`, in the order given. With a
/// [`Store`] installed, a file it keeps is read back instead of made, and
/// the SVG is parsed only when some file is to be made.
pub fn encode(svg: &str, formats: &[Format]) -> Result<Vec<(Format, Vec<u8>)>> {
    let keys: Vec<Option<[u8; 32]>> = formats
        .iter()
        .map(|f| (f.needs_tree() && STORE.get().is_some()).then(|| key(&format!("{f:?}"), [svg.as_bytes()])))
        .collect();
    let found: Vec<Option<Vec<u8>>> = keys.iter().map(|k| k.as_ref().and_then(kept)).collect();
    let tree = if formats.iter().zip(&found).any(|(f, b)| f.needs_tree() && b.is_none()) {
        Some(parse(svg)?)
    } else {
        None
    };
    formats
        .iter()
        .zip(keys)
        .zip(found)
        .map(|((&format, key), found)| {
            if let Some(bytes) = found {
                return Ok((format, bytes));
            }
            let bytes = match (format, &tree) {
                (Format::Svg, _) => svg.as_bytes().to_vec(),
                (Format::SvgOutlined, Some(tree)) => outlined::svg(svg, tree)?.into_bytes(),
                (Format::Png { width }, Some(tree)) => png::png(tree, width)?,
                (Format::Pdf, Some(tree)) => pdf::pdf(tree)?,
                // A tree is parsed whenever a format needing one is to be made.
                (_, None) => unreachable!("parsed above"),
            };
            if let Some(key) = key {
                keep(&key, &bytes);
            }
            Ok((format, bytes))
        })
        .collect()
}

/// The frames as one animated PNG `width` pixels wide (see [`Frame`]);
/// read back from the [`Store`] when it keeps the same frames at that width.
pub fn apng(frames: &[Frame], width: u32) -> Result<Vec<u8>> {
    if STORE.get().is_none() {
        return apng::apng(frames, width);
    }
    let w = width.to_le_bytes();
    let delays: Vec<[u8; 2]> = frames.iter().map(|f| f.delay_ms.to_le_bytes()).collect();
    let parts = frames.iter().zip(&delays).flat_map(|(f, d)| [&d[..], f.svg.as_bytes()]);
    let key = key("apng", std::iter::once(&w[..]).chain(parts));
    if let Some(bytes) = kept(&key) {
        return Ok(bytes);
    }
    let bytes = apng::apng(frames, width)?;
    keep(&key, &bytes);
    Ok(bytes)
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
