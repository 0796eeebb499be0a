//! Criterion benchmarks of the renderer stages on the Ukraine dataset:
//! scene build, SVG write, SVG parse, PNG raster and encode.

use std::hint::black_box;

use claimsmap::present;
use claimsmap::scene::{self, Base, Options};
use claimsmap::write::svg;
use criterion::{Criterion, criterion_group, criterion_main};

fn render(c: &mut Criterion) {
    // The one-map goal, in process: load, fit today's lines and the
    // pre-2022 snapshot, resolve, draw the SVG and the 2000 px PNG.
    let dir = claimsmap_bench::root().join("geodata");
    let one = claimsmap::RenderOptions {
        formats: vec![claimsmap::Format::Svg, claimsmap::Format::Png { width: 2000 }],
        ..claimsmap::RenderOptions::default()
    };
    c.bench_function("one map: open, fit, render current (SVG + PNG)", |b| {
        b.iter(|| {
            let session = claimsmap::Session::open(&claimsmap::DataSource::folder(&dir)).expect("session");
            black_box(session.render("current", &one).expect("render"))
        })
    });
    let data = claimsmap::load::dataset(&claimsmap_bench::root().join("geodata")).expect("dataset");
    let session = claimsmap::session::Session::with_dataset(data, None).expect("session");
    let data = session.dataset();
    let outcome = session.resolve("alaska-terms").expect("resolve");
    let result = session.stats(&outcome);
    let opts = Options::default();
    c.bench_function("base: project the dataset", |b| {
        b.iter(|| black_box(Base::new(data).expect("base")))
    });
    let base = Base::new(data).expect("base");
    c.bench_function("scene build alaska-terms", |b| {
        b.iter(|| black_box(scene::single(&base, &outcome, &result, &opts).expect("scene")))
    });
    let s = scene::single(&base, &outcome, &result, &opts).expect("scene");
    c.bench_function("svg write alaska-terms", |b| b.iter(|| black_box(svg::write(&s))));
    let text = svg::write(&s);
    c.bench_function("svg parse with usvg", |b| {
        b.iter(|| black_box(present::parse(&text).expect("parse")))
    });
    // The size goal: a 2000 px map (palette; see src/present/png.rs), and
    // its share of the time: painting alone, painting and encoding, and the
    // RGB encoding the maps had before on the same pixels.
    let bytes = present::png(&text, 2000).expect("png");
    println!("png at 2000 px for alaska-terms: {} bytes", bytes.len());
    c.bench_function("png raster and encode 2000 px", |b| {
        b.iter(|| black_box(present::png(&text, 2000).expect("png")))
    });
    c.bench_function("png raster only 2000 px", |b| {
        b.iter(|| black_box(present::raster(&text, 2000).expect("raster")))
    });
    let painted = present::raster(&text, 2000).expect("raster");
    println!(
        "rgb (before) at 2000 px for alaska-terms: {} bytes",
        rgb_png(&painted).len()
    );
    c.bench_function("png encode rgb level 7 (before) 2000 px", |b| {
        b.iter(|| black_box(rgb_png(&painted)))
    });
}

/// The pixels as the maps were written before their palette: RGB, no row
/// filter, zlib level 7.
fn rgb_png(r: &present::Raster) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, r.width, r.height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_filter(png::Filter::NoFilter);
    enc.set_deflate_compression(png::DeflateCompression::Level(7));
    let mut w = enc.write_header().expect("header");
    w.write_image_data(&r.rgb()).expect("data");
    w.finish().expect("finish");
    out
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = render
}
criterion_main!(benches);
