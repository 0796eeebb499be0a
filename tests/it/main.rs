//! Integration tests, one binary, modules by theme:
//! - `cache`: the fit cache through the binary: the same bytes cold and warm, changed inputs fitted afresh;
//! - `data`: the committed Ukraine dataset checked against known facts;
//! - `engines`: the SVGs through resvg, librsvg, Chromium, WeasyPrint and
//!   wkhtmltopdf, and the PDF through poppler, pixels probed;
//! - `engine`: share fitting, anchors, scenario algebra, statistics, `--lines`;
//! - `render`: pixel probes, labels, SVG validity and escaping;
//! - `golden`: every output of the binary on the tiny dataset, byte for byte;
//! - `props`: property tests, random and mutated inputs never panic;
//! - `georgia`: the second example dataset, another dispute;
//! - `moldova`: the third example dataset, made with the README's walkthrough;
//! - `crosswalk`: someone else's boundaries, matched by name or through an id map;
//! - `population`: the population layer, its published figures and the dasymetric split;
//! - `line`: the `line` op, ground bounded by a user line, on synthetic boundaries;
//! - `split`: splitting a unit along a river on synthetic boundaries;
//! - `timeline`: dated snapshots, their totals and nesting through time;
//! - `stats_timeline`: `stats --timeline` against `stats --as-of`, and the gallery's timeline table;
//! - `figures`: multi-panel figures, small multiples and the animation;
//! - `change`: change maps between two dates through the binary, against `stats --change`;
//! - `line`: the line op, ground bounded by a user line;
//! - `recipes`: Natural Earth selection in import recipes (`--list`, did-you-mean, duplicates, merges);
//! - `corpus`: the bad-input corpus, exact messages and exit codes;
//! - `cli`: the real `claimsmap` binary run as a user would, exit codes and messages.

mod cache;
mod change;
mod cli;
mod corpus;
mod crosswalk;
mod data;
mod engine;
mod engines;
mod figures;
mod georgia;
mod golden;
mod known;
mod line;
mod moldova;
mod population;
mod props;
mod recipes;
mod render;
mod split;
mod stats_timeline;
mod timeline;

use std::path::{Path, PathBuf};

/// The repository's default dataset folder.
pub fn geodata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata")
}

/// The default dataset, loaded once per test.
pub fn dataset() -> claimsmap::model::Dataset {
    claimsmap::load::dataset(&geodata()).expect("the committed dataset loads")
}

/// Width, height and RGB pixels of an opaque PNG (RGB, or indexed
/// colour without transparency, as claimsmap writes them).
pub fn png_rgb(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "opaque RGB");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}
