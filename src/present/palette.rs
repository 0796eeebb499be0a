//! Palette: at most 256 colours for one or more RGBA images of the same
//! drawing, and the images written as indices into it, so that the PNG
//! stores one byte a pixel instead of three.
//!
//! The rule: an image of at most 256 colours keeps every pixel exact. Past
//! that, the [`EXACT`] most frequent colours (the flat fills, the text and
//! line colours: each covers far more pixels than any blend) are kept
//! exact, and the rarer colours (the anti-aliased blends of edges and
//! glyphs) are clustered by k-means in Oklab, a perceptual space, into the
//! remaining entries; each such pixel takes the entry nearest to it in
//! Oklab, exact ones included, so an edge stays anti-aliased. Deterministic:
//! the colours are taken in a fixed order (most frequent first, then by
//! value), the sums run in that order, and only the per-colour nearest
//! searches run in parallel.
//!
//! Hand-written rather than a crate: `color_quant` (NeuQuant) works in RGB
//! on every pixel and keeps no colour exact; `quantette` would add a
//! dozen crates (`palette`, `bitvec`, `wide`, proc macros) and a newer Rust
//! than this crate's `rust-version`; `imagequant` is GPL. What is needed
//! here is about two hundred lines: the histogram of a drawing has a few
//! thousand colours, so k-means runs on the colours, not on the pixels.
//!
//! It knows nothing of maps or PNG files and paints nothing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

/// How many of the most frequent colours are kept exact when an image has
/// more than 256. Measured on the maps of `geodata` at 2000 px: 32, 64,
/// 128 and 192 give PNGs within 1–2 % of one another; 128 keeps 97–99.6 %
/// of the pixels exact (every colour covering at least ~250 pixels of
/// `current`) and leaves 128 entries for the blends.
pub(super) const EXACT: usize = 128;

/// Rounds of k-means after the first choice of centres (which already
/// places each centre on a real colour far from the rest).
const ROUNDS: usize = 8;

/// A multiplicative hash for the colour keys: the std hasher's DoS
/// resistance costs a third of the histogram's time and is not needed for
/// the colours of our own drawing. Iteration order is never used.
#[derive(Default)]
struct ColourHash(u64);

impl Hasher for ColourHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (u64::from(n) ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
    }
}

type ColourMap<V> = HashMap<u32, V, BuildHasherDefault<ColourHash>>;

/// The palette of one or more RGB images and the index of every colour
/// they use.
pub(super) struct Palette {
    colours: Vec<[u8; 3]>,
    index: ColourMap<u8>,
}

/// The colour of an RGBA pixel as `0x00RRGGBB` (alpha ignored: the pages
/// are painted opaque).
fn key(px: &[u8]) -> u32 {
    u32::from_be_bytes([px[0], px[1], px[2], px[3]]) >> 8
}

/// The key of a colour, as [`key`] gives it for a pixel of that colour.
fn colour_key([r, g, b]: [u8; 3]) -> u32 {
    u32::from_be_bytes([0, r, g, b])
}

fn rgb(key: u32) -> [u8; 3] {
    let [_, r, g, b] = key.to_be_bytes();
    [r, g, b]
}

impl Palette {
    /// The palette for `images` (each 8-bit RGBA, four bytes a pixel, as
    /// painted; alpha is ignored): exact
    /// when they use at most 256 colours together, else as the module doc
    /// says.
    pub(super) fn of(images: &[&[u8]]) -> Palette {
        let colours = histogram(images);
        let exact = if colours.len() <= 256 { colours.len() } else { EXACT };
        let mut palette: Vec<[u8; 3]> = colours[..exact].iter().map(|&(k, _)| rgb(k)).collect();
        if colours.len() > 256 {
            palette.extend(cluster(&colours[EXACT..], &palette, 256 - EXACT));
        }
        let mut index = ColourMap::default();
        for (i, c) in palette.iter().enumerate() {
            index.entry(colour_key(*c)).or_insert(i as u8);
        }
        let lab: Vec<[f32; 3]> = palette.iter().map(|&c| oklab(c)).collect();
        let rest: Vec<u32> = colours
            .iter()
            .map(|&(k, _)| k)
            .filter(|k| !index.contains_key(k))
            .collect();
        let nearest: Vec<u8> = rest.par_iter().map(|&k| nearest(oklab(rgb(k)), &lab).0 as u8).collect();
        index.extend(rest.into_iter().zip(nearest));
        Palette {
            colours: palette,
            index,
        }
    }

    /// The palette's colours, as PLTE wants them: R, G, B for each entry.
    pub(super) fn plte(&self) -> Vec<u8> {
        self.colours.iter().flatten().copied().collect()
    }

    /// The colour of entry `i`.
    #[cfg(test)]
    pub(super) fn colour(&self, i: u8) -> [u8; 3] {
        self.colours[usize::from(i)]
    }

    /// `image` (8-bit RGBA, one of the images the palette was made for) as
    /// one palette index a pixel.
    pub(super) fn indices(&self, image: &[u8]) -> Vec<u8> {
        // Runs of pixels in parallel; each keeps the last colour it looked
        // up, since most pixels repeat their left neighbour.
        const RUN: usize = 4096;
        let mut out = vec![0u8; image.len() / 4];
        out.par_chunks_mut(RUN)
            .zip(image.par_chunks(4 * RUN))
            .for_each(|(out, px)| {
                let (mut last, mut at) = (u32::MAX, 0u8);
                for (o, p) in out.iter_mut().zip(px.chunks_exact(4)) {
                    let k = key(p);
                    if k != last {
                        last = k;
                        at = self.index[&k];
                    }
                    *o = at;
                }
            });
        out
    }
}

/// Every colour of the images with its pixel count, most frequent first,
/// ties by colour value.
fn histogram(images: &[&[u8]]) -> Vec<(u32, u64)> {
    let mut counts: ColourMap<u64> = ColourMap::default();
    for image in images {
        let (mut last, mut run) = (u32::MAX, 0u64);
        for p in image.chunks_exact(4) {
            let k = key(p);
            if k == last {
                run += 1;
            } else {
                if run > 0 {
                    *counts.entry(last).or_default() += run;
                }
                (last, run) = (k, 1);
            }
        }
        if run > 0 {
            *counts.entry(last).or_default() += run;
        }
    }
    let mut colours: Vec<(u32, u64)> = counts.into_iter().collect();
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    colours
}

/// `m` colours for the `rest` (colour, count), given the `fixed` entries
/// already chosen: weighted k-means in Oklab, each centre finally moved to
/// the real colour of `rest` nearest to it.
fn cluster(rest: &[(u32, u64)], fixed: &[[u8; 3]], m: usize) -> Vec<[u8; 3]> {
    let pts: Vec<[f32; 3]> = rest.iter().map(|&(k, _)| oklab(rgb(k))).collect();
    let weight: Vec<f64> = rest.iter().map(|&(_, n)| n as f64).collect();
    let fixed: Vec<[f32; 3]> = fixed.iter().map(|&c| oklab(c)).collect();
    // How far each colour is from the exact entries: a centre only takes
    // the colours it is nearer to than that.
    let to_fixed: Vec<f32> = pts.par_iter().map(|&p| nearest(p, &fixed).1).collect();
    // First centres: greedily the colour farthest from every entry so far,
    // its distance weighted by the fourth root of its pixel count (ties:
    // the first, i.e. the more frequent). Measured on the maps of
    // `geodata`: weighting by the count itself leaves the worst pixel off
    // by up to 36 of 255 in a channel, the fourth root by up to 23, with
    // 99.99 % of the pixels within 11 and PNGs 1 % smaller; no weight at
    // all is no better and keeps fewer pixels exact.
    let weight_root: Vec<f64> = weight.iter().map(|w| w.sqrt().sqrt()).collect();
    let mut dist = to_fixed.clone();
    let mut centres: Vec<[f32; 3]> = Vec::with_capacity(m);
    while centres.len() < m.min(pts.len()) {
        let mut best = (0, -1.0);
        for (i, (&d, &w)) in dist.iter().zip(&weight_root).enumerate() {
            let score = f64::from(d) * w;
            if score > best.1 {
                best = (i, score);
            }
        }
        let c = pts[best.0];
        centres.push(c);
        for (d, p) in dist.iter_mut().zip(&pts) {
            *d = d.min(d2(*p, c));
        }
    }
    for _ in 0..ROUNDS {
        let owner: Vec<Option<usize>> = pts
            .par_iter()
            .zip(&to_fixed)
            .map(|(&p, &f)| {
                let (j, d) = nearest(p, &centres);
                (d < f).then_some(j)
            })
            .collect();
        let mut sums = vec![[0.0f64; 4]; centres.len()];
        for ((p, w), o) in pts.iter().zip(&weight).zip(&owner) {
            if let Some(j) = *o {
                let s = &mut sums[j];
                for q in 0..3 {
                    s[q] += f64::from(p[q]) * w;
                }
                s[3] += w;
            }
        }
        for (c, s) in centres.iter_mut().zip(&sums) {
            if s[3] > 0.0 {
                *c = [(s[0] / s[3]) as f32, (s[1] / s[3]) as f32, (s[2] / s[3]) as f32];
            }
        }
    }
    centres.par_iter().map(|&c| rgb(rest[nearest(c, &pts).0].0)).collect()
}

/// The index of the entry of `set` nearest to `p` and its squared distance
/// (the first of equals; `(0, f32::MAX)` for an empty set).
fn nearest(p: [f32; 3], set: &[[f32; 3]]) -> (usize, f32) {
    let mut best = (0, f32::MAX);
    for (i, &q) in set.iter().enumerate() {
        let d = d2(p, q);
        if d < best.1 {
            best = (i, d);
        }
    }
    best
}

fn d2(a: [f32; 3], b: [f32; 3]) -> f32 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

fn oklab(c: [u8; 3]) -> [f32; 3] {
    crate::model::Colour(c).oklab()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Opaque RGBA pixels of the colours.
    fn image(colours: impl Iterator<Item = [u8; 3]>) -> Vec<u8> {
        colours.flat_map(|[r, g, b]| [r, g, b, 255]).collect()
    }

    #[test]
    fn few_colours_are_exact() {
        // 256 colours, each on 40 pixels.
        let img = image((0..10_240u32).map(|i| [(i % 16 * 16) as u8, 7, (i / 16 % 16 * 16) as u8]));
        let p = Palette::of(&[&img]);
        let idx = p.indices(&img);
        for (i, px) in img.chunks_exact(4).enumerate() {
            assert_eq!(p.colour(idx[i]), [px[0], px[1], px[2]]);
        }
    }

    #[test]
    fn frequent_colours_are_exact_and_rare_ones_near() {
        // 20 flat fills of 5,000 pixels each and the anti-aliased edges
        // between neighbouring fills: 15 blends each, 1,000 pixels apiece
        // (19 × 15 = 285 blends, so the palette cannot hold every colour).
        // The fills stay exact, the blends land near.
        let fill = |f: u32| [(f * 12) as u8, (255 - f * 12) as u8, (100 + f * 5) as u8];
        let mut px: Vec<[u8; 3]> = Vec::new();
        for f in 0..20 {
            px.extend(std::iter::repeat_n(fill(f), 5_000));
        }
        for f in 0..19 {
            let (a, b) = (fill(f), fill(f + 1));
            for t in 1..16u32 {
                let mix = |k: usize| ((u32::from(a[k]) * (16 - t) + u32::from(b[k]) * t + 8) / 16) as u8;
                px.extend(std::iter::repeat_n([mix(0), mix(1), mix(2)], 1_000 / t as usize));
            }
        }
        let img = image(px.iter().copied());
        let p = Palette::of(&[&img]);
        let idx = p.indices(&img);
        let mut worst = 0;
        for (i, c) in px.iter().enumerate() {
            let got = p.colour(idx[i]);
            let e = (0..3).map(|k| got[k].abs_diff(c[k])).max().unwrap();
            if i < 100_000 {
                assert_eq!(e, 0, "fill pixel {i}");
            }
            worst = worst.max(e);
        }
        assert!(worst <= 4, "{worst}");
        assert_eq!(p.plte().len(), 3 * 256);
        // Same input, same palette.
        assert_eq!(Palette::of(&[&img]).plte(), p.plte());
    }
}
