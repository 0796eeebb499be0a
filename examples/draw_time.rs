//! Times the drawing of one SVG written by claimsmap: usvg's parse, the
//! painting and the palette encode of a PNG `--width` pixels wide (2000 by
//! default), medians of `--runs` runs (5 by default); then the same for
//! each top-level group of the SVG alone (the page's element with that one
//! group), which shows which layer the time goes to:
//! `draw_time FILE.svg [--width N] [--runs N]`.
//!
//! Run with `RAYON_NUM_THREADS=1` for the cost on one core. A measuring
//! tool only: it writes nothing.

use std::time::Instant;

/// Median milliseconds of `runs` calls of `f`.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Parse, parse and paint, parse, paint and encode: median ms each.
fn time(svg: &str, width: u32, runs: usize) -> (f64, f64, f64) {
    let parse = median_ms(runs, || {
        claimsmap::present::parse(svg).expect("parse");
    });
    let paint = median_ms(runs, || {
        claimsmap::present::raster(svg, width).expect("paint");
    });
    let png = median_ms(runs, || {
        claimsmap::present::png(svg, width).expect("png");
    });
    (parse, paint, png)
}

/// The page's opening tag, and each top-level `<g id="...">` group with
/// its id, as text (claimsmap writes one element a line, groups unnested
/// at the top level).
fn groups(svg: &str) -> (String, Vec<(String, String)>) {
    let open_end = svg.find('>').expect("an <svg> element") + 1;
    let head = svg[..open_end].to_string();
    let mut out = Vec::new();
    let mut rest = &svg[open_end..];
    while let Some(start) = rest.find("\n<g id=\"") {
        let from = &rest[start + 1..];
        let id_end = from[7..].find('"').expect("id") + 7;
        let id = from[7..id_end].to_string();
        // The matching close: count nested groups.
        let (mut depth, mut at) = (0usize, 0usize);
        loop {
            let next_open = from[at..].find("<g");
            let next_close = from[at..].find("</g>").expect("a closed group");
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    at += o + 2;
                }
                _ => {
                    depth -= 1;
                    at += next_close + 4;
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
        out.push((id, from[..at].to_string()));
        rest = &from[at..];
    }
    (head, out)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let (mut width, mut runs) = (2000u32, 5usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--width" => width = args.next().and_then(|v| v.parse().ok()).expect("--width N"),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            _ => path = Some(a),
        }
    }
    let path = path.expect("usage: draw_time FILE.svg [--width N] [--runs N]");
    let svg = std::fs::read_to_string(&path).expect("readable SVG");
    println!("{:<40} {:>9} {:>9} {:>9}", "part", "parse ms", "paint ms", "encode ms");
    let row = |name: &str, (parse, paint, png): (f64, f64, f64)| {
        println!("{name:<40} {parse:>9.1} {:>9.1} {:>9.1}", paint - parse, png - paint);
    };
    row("the whole page", time(&svg, width, runs));
    let (head, parts) = groups(&svg);
    row("an empty page", time(&format!("{head}</svg>"), width, runs));
    for (id, text) in parts {
        row(&id, time(&format!("{head}\n{text}\n</svg>"), width, runs));
    }
}
