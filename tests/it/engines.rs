//! The SVGs through real engines, as a report would take them: resvg (the
//! PNG writer), librsvg (`rsvg-convert`), headless Chromium, WeasyPrint and
//! wkhtmltopdf (`wkhtmltoimage`), pandoc to DOCX, and the PDF through poppler. Each render
//! is probed: place labels dark on their halo, the country's fill present,
//! handed-over ground striped and returned ground solid and different, and,
//! in a page with two different maps inline and the same map twice (the
//! first copy hidden), every visible copy right.
//!
//! Probe points are found on resvg's render (the reference) and checked on
//! every other engine's. An engine that is not installed is skipped with
//! its reason printed (`make test` installs them where apt-get exists).

use std::path::{Path, PathBuf};
use std::process::Command;

use claimsmap::scene::labels::Metrics;
use claimsmap::scene::{self, Anchor, Base, Options, Scene, style};
use claimsmap::session::Session;
use claimsmap::write::svg;

/// An RGB image.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Image {
    /// Decodes a PNG of any colour type to RGB (alpha composed on white).
    fn decode(bytes: &[u8]) -> Image {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let (w, h) = (info.width as usize, info.height as usize);
        let channels = info.color_type.samples();
        let mut rgb = Vec::with_capacity(w * h * 3);
        for px in buf[..w * h * channels].chunks_exact(channels) {
            let (c, a) = match channels {
                1 => ([px[0]; 3], 255),
                2 => ([px[0]; 3], px[1]),
                3 => ([px[0], px[1], px[2]], 255),
                _ => ([px[0], px[1], px[2]], px[3]),
            };
            let a = f64::from(a) / 255.0;
            rgb.extend(c.map(|v| (f64::from(v) * a + 255.0 * (1.0 - a)).round() as u8));
        }
        Image {
            width: w,
            height: h,
            rgb,
        }
    }

    fn px(&self, x: i64, y: i64) -> [u8; 3] {
        let (x, y) = (
            x.clamp(0, self.width as i64 - 1) as usize,
            y.clamp(0, self.height as i64 - 1) as usize,
        );
        let i = (y * self.width + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// The pixels of a square window of radius `r` around `(x, y)`.
    fn window(&self, (x, y): (i64, i64), r: i64) -> Vec<[u8; 3]> {
        (-r..=r)
            .flat_map(|dy| (-r..=r).map(move |dx| (dx, dy)))
            .map(|(dx, dy)| self.px(x + dx, y + dy))
            .collect()
    }
}

fn hex(c: &str) -> [u8; 3] {
    let v = |i: usize| u8::from_str_radix(&c[i..i + 2], 16).unwrap();
    [v(1), v(3), v(5)]
}

fn near(a: [u8; 3], b: [u8; 3], tol: i32) -> bool {
    (0..3).all(|k| (i32::from(a[k]) - i32::from(b[k])).abs() <= tol)
}

fn lum(c: [u8; 3]) -> f64 {
    (0.2126 * f64::from(c[0]) + 0.7152 * f64::from(c[1]) + 0.0722 * f64::from(c[2])) / 255.0
}

fn mean(px: &[[u8; 3]]) -> [f64; 3] {
    let n = px.len() as f64;
    [0, 1, 2].map(|k| px.iter().map(|p| f64::from(p[k])).sum::<f64>() / n)
}

/// One map and where to probe it (page units = pixels at 1:1).
struct Map {
    name: &'static str,
    svg: String,
    width: f64,
    height: f64,
    /// Boxes of place labels: left, top, width, height.
    labels: Vec<(String, [f64; 4])>,
    /// A point inside the defender's plain fill, and its colour.
    defender: ((i64, i64), [u8; 3]),
    /// A point inside handed-over ground, when the map has some.
    handover: Option<(i64, i64)>,
    /// A point inside returned ground, when the map has some.
    returned: Option<(i64, i64)>,
    occupier: [u8; 3],
}

fn map(name: &'static str, dir: &Path, id: &str) -> Map {
    let session = Session::open(&claimsmap::session::DataSource::folder(dir)).unwrap();
    let r = session.resolve(id).unwrap();
    let stats = session.stats(&r);
    let data = session.dataset();
    let scene = scene::single(&Base::new(data).unwrap(), &r, &stats, &Options::default()).unwrap();
    let svg_text = svg::write(&scene);
    let defender = hex(&data.scenarios.sides.defender.colour.to_string());
    let occupier = hex(&data.scenarios.sides.occupier.colour.to_string());
    // The reference: resvg at 1:1, without labels (they would cover probes),
    // every pixel as painted (the PNG's palette may round a blend at an
    // edge to the fill beside it, which would pass an edge for interior).
    let mut bare: Scene = scene.clone();
    bare.layers.retain(|l| !l.id.ends_with("labels"));
    let painted = claimsmap::present::raster(&svg::write(&bare), scene.width as u32).unwrap();
    let img = Image {
        width: painted.width as usize,
        height: painted.height as usize,
        rgb: painted.rgb(),
    };
    let frame = scene.panels[0].rect;
    let find = |ok: &dyn Fn(&[[u8; 3]]) -> bool, r: i64| {
        let mut y = frame[1] as i64 + 20;
        while y < (frame[1] + frame[3]) as i64 - 20 {
            let mut x = frame[0] as i64 + 20;
            while x < (frame[0] + frame[2]) as i64 - 20 {
                if ok(&img.window((x, y), r)) {
                    return Some((x, y));
                }
                x += 3;
            }
            y += 3;
        }
        None
    };
    let returned_colour = hex(style::RETURNED);
    let defender_at = find(&|w| w.iter().all(|p| *p == defender), 8).expect("plain defender ground");
    // Between the two colours channel by channel (stripes and their
    // anti-aliased edges), with both colours present.
    let between = |p: &[u8; 3]| {
        (0..3).all(|k| {
            let (lo, hi) = (defender[k].min(occupier[k]), defender[k].max(occupier[k]));
            p[k].saturating_add(6) >= lo && p[k] <= hi.saturating_add(6)
        })
    };
    let handover = find(
        &|w| w.iter().all(between) && w.contains(&defender) && w.contains(&occupier),
        6,
    );
    let returned = find(&|w| w.iter().all(|p| *p == returned_colour), 2);
    let m = Metrics::new().unwrap();
    let labels = scene
        .texts()
        .filter(|t| t.class == "cm-place-label" && t.bold)
        .map(|t| {
            let w = m.width(&t.text, t.size, t.bold, t.letter_spacing);
            let left = match t.anchor {
                Anchor::Start => t.x,
                Anchor::Middle => t.x - w / 2.0,
                Anchor::End => t.x - w,
            };
            (t.text.clone(), [left, t.y - 0.7 * t.size, w, 0.7 * t.size])
        })
        .collect();
    Map {
        name,
        svg: svg_text,
        width: scene.width,
        height: scene.height,
        labels,
        defender: (defender_at, defender),
        handover,
        returned,
        occupier,
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn maps() -> (Map, Map) {
    (
        map("Ukraine alaska-terms", &root().join("geodata"), "alaska-terms"),
        map("Georgia current", &root().join("datasets/georgia"), "current"),
    )
}

/// Checks one map drawn at `(0, top)` of `img`; returns the problems.
fn probe(engine: &str, img: &Image, m: &Map, top: f64) -> Vec<String> {
    let mut bad = Vec::new();
    let at = |(x, y): (i64, i64)| (x, y + top.round() as i64);
    let (p, colour) = m.defender;
    let w = img.window(at(p), 4);
    if !w.iter().all(|c| near(*c, colour, 12)) {
        bad.push(format!(
            "{engine}, {}: the country's fill is missing at {p:?}: {:?}",
            m.name, w[0]
        ));
    }
    for (name, b) in &m.labels {
        let (x0, y0) = (b[0].round() as i64, (b[1] + top).round() as i64);
        let px: Vec<[u8; 3]> = (y0..y0 + b[3].round() as i64)
            .flat_map(|y| (x0..x0 + b[2].round() as i64).map(move |x| (x, y)))
            .map(|(x, y)| img.px(x, y))
            .collect();
        let dark = px.iter().filter(|c| lum(**c) < 0.3).count() as f64 / px.len() as f64;
        let light = px.iter().filter(|c| lum(**c) > 0.85).count() as f64 / px.len() as f64;
        if dark < 0.08 || light < 0.2 {
            bad.push(format!(
                "{engine}, {}: label {name} is not dark on its halo ({:.0} % dark, {:.0} % light)",
                m.name,
                dark * 100.0,
                light * 100.0
            ));
        }
    }
    let handover = m.handover.map(|p| img.window(at(p), 6));
    if let Some(w) = &handover {
        let stripes = w.iter().any(|c| near(*c, m.occupier, 30)) && w.iter().any(|c| near(*c, colour, 30));
        if !stripes {
            bad.push(format!("{engine}, {}: handed-over ground is not striped", m.name));
        }
    }
    let returned = m.returned.map(|p| img.window(at(p), 2));
    if let Some(w) = &returned
        && !w.iter().all(|c| near(*c, hex(style::RETURNED), 14))
    {
        bad.push(format!(
            "{engine}, {}: returned ground is not solid blue: {:?}",
            m.name, w[0]
        ));
    }
    if let (Some(h), Some(r)) = (&handover, &returned) {
        let (h, r) = (mean(h), mean(r));
        let d: f64 = (0..3).map(|k| (h[k] - r[k]).abs()).sum();
        if d < 90.0 {
            bad.push(format!(
                "{engine}, {}: handed-over and returned ground look alike",
                m.name
            ));
        }
    }
    bad
}

fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

fn skip(engine: &str, why: &str) {
    eprintln!("engines: skipping {engine}: {why}");
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed: {}", cmd, String::from_utf8_lossy(&out.stderr)))
    }
}

/// The report page: the same map twice (the first copy in a collapsed
/// section), then a second, different map; hostile typography on the page.
fn page(a: &Map, b: &Map, pdf_page: bool) -> String {
    let size = if pdf_page {
        format!("@page {{ size: {}px {}px; margin: 0 }}", a.width, a.height + b.height)
    } else {
        String::new()
    };
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><style>{size} html, body {{ margin: 0; padding: 0; background: #fff; \
         font-style: italic; font-weight: bold; letter-spacing: 3px; word-spacing: 9px; text-transform: uppercase; }} \
         .map {{ width: {}px; }} .map svg {{ display: block; width: 100%; }}</style></head><body>\n\
         <section style=\"display:none\"><div class=\"map\">{}</div></section>\n\
         <div class=\"map\">{}</div>\n<div class=\"map\">{}</div>\n</body></html>\n",
        a.width, a.svg, a.svg, b.svg
    )
}

fn check(engine: &str, img: &Image, maps: &[(&Map, f64)]) {
    let bad: Vec<String> = maps.iter().flat_map(|(m, top)| probe(engine, img, m, *top)).collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    eprintln!("engines: {engine}: every probe right");
}

#[test]
fn resvg_draws_every_probe() {
    let (a, b) = maps();
    for m in [&a, &b] {
        let img = Image::decode(&claimsmap::present::png(&m.svg, m.width as u32).unwrap());
        check("resvg", &img, &[(m, 0.0)]);
    }
    assert!(
        a.handover.is_some() && a.returned.is_some(),
        "alaska-terms hands over and returns ground"
    );
}

#[test]
fn librsvg_draws_every_probe() {
    let Some(rsvg) = tool("rsvg-convert") else {
        return skip("librsvg", "rsvg-convert is not installed (Debian: librsvg2-bin)");
    };
    let (a, b) = maps();
    let dir = tempfile::tempdir().unwrap();
    for (k, m) in [&a, &b].into_iter().enumerate() {
        let (input, output) = (dir.path().join(format!("{k}.svg")), dir.path().join(format!("{k}.png")));
        std::fs::write(&input, &m.svg).unwrap();
        run(Command::new(&rsvg)
            .args(["-w", &(m.width as u32).to_string(), "-b", "white", "-o"])
            .arg(&output)
            .arg(&input))
        .unwrap();
        check("librsvg", &Image::decode(&std::fs::read(&output).unwrap()), &[(m, 0.0)]);
    }
}

#[test]
fn chromium_draws_every_copy_inline() {
    let Some(chromium) = tool("chromium").or_else(|| tool("chromium-browser")) else {
        return skip("Chromium", "chromium is not installed (Debian: chromium)");
    };
    let (a, b) = maps();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(&html, page(&a, &b, false)).unwrap();
    let shot = dir.path().join("shot.png");
    let profile = dir.path().join("profile");
    run(Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!(
            "--window-size={},{}",
            a.width as u32,
            (a.height + b.height) as u32
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display())))
    .unwrap();
    let img = Image::decode(&std::fs::read(&shot).unwrap());
    check("Chromium", &img, &[(&a, 0.0), (&b, a.height)]);
}

/// A PDF's first page rendered by poppler at 96 dpi (1 px per CSS px).
fn pdf_page(pdf: &Path) -> Result<Image, String> {
    let pdftoppm = tool("pdftoppm").ok_or("pdftoppm is not installed (Debian: poppler-utils)")?;
    let stem = pdf.with_extension("");
    run(Command::new(pdftoppm)
        .args(["-r", "96", "-png", "-singlefile"])
        .arg(pdf)
        .arg(&stem))?;
    Ok(Image::decode(
        &std::fs::read(stem.with_extension("png")).map_err(|e| e.to_string())?,
    ))
}

#[test]
fn weasyprint_draws_every_copy_inline() {
    let Some(weasyprint) = tool("weasyprint") else {
        return skip("WeasyPrint", "weasyprint is not installed (Debian: weasyprint)");
    };
    if tool("pdftoppm").is_none() {
        return skip("WeasyPrint", "pdftoppm is not installed (Debian: poppler-utils)");
    }
    let (a, b) = maps();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(&html, page(&a, &b, true)).unwrap();
    let pdf = dir.path().join("page.pdf");
    run(Command::new(weasyprint).arg(&html).arg(&pdf)).unwrap();
    let img = pdf_page(&pdf).unwrap();
    check("WeasyPrint", &img, &[(&a, 0.0), (&b, a.height)]);
}

#[test]
fn wkhtmltopdf_draws_every_copy_inline() {
    let Some(wk) = tool("wkhtmltoimage") else {
        return skip("wkhtmltopdf", "wkhtmltoimage is not installed (Debian: wkhtmltopdf)");
    };
    let (a, b) = maps();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(&html, page(&a, &b, false)).unwrap();
    let shot = dir.path().join("shot.png");
    if let Err(e) = run(Command::new(wk)
        .env("QT_QPA_PLATFORM", "offscreen")
        .args(["--quiet", "--enable-local-file-access", "--width"])
        .arg((a.width as u32).to_string())
        .arg(&html)
        .arg(&shot))
    {
        return skip("wkhtmltopdf", &format!("wkhtmltoimage cannot run here: {e}"));
    }
    let img = Image::decode(&std::fs::read(&shot).unwrap());
    check("wkhtmltopdf", &img, &[(&a, 0.0), (&b, a.height)]);
}

#[test]
fn pandoc_docx_keeps_the_vector_map_and_a_faithful_fallback() {
    let Some(pandoc) = tool("pandoc") else {
        return skip("pandoc (DOCX)", "pandoc is not installed (Debian: pandoc)");
    };
    let Some(unzip) = tool("unzip") else {
        return skip("pandoc (DOCX)", "unzip is not installed (Debian: unzip)");
    };
    let (a, b) = maps();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.svg"), &a.svg).unwrap();
    std::fs::write(dir.path().join("b.svg"), &b.svg).unwrap();
    std::fs::write(
        dir.path().join("report.md"),
        "# Report\n\nThe proposal.\n\n![Ukraine](a.svg){width=100%}\n\n![Georgia](b.svg){width=100%}\n",
    )
    .unwrap();
    run(Command::new(pandoc)
        .current_dir(dir.path())
        .args(["report.md", "-o", "report.docx"]))
    .unwrap();
    let docx = dir.path().join("docx");
    run(Command::new(unzip)
        .args(["-q", "-o"])
        .arg(dir.path().join("report.docx"))
        .arg("-d")
        .arg(&docx))
    .unwrap();
    let media: Vec<PathBuf> = {
        let mut m: Vec<PathBuf> = std::fs::read_dir(docx.join("word/media"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        m.sort();
        m
    };
    let bytes: Vec<Vec<u8>> = media.iter().map(|p| std::fs::read(p).unwrap()).collect();
    for m in [&a, &b] {
        // Word gets the SVG itself, unchanged, ...
        assert!(
            bytes.iter().any(|b| b == m.svg.as_bytes()),
            "pandoc (DOCX), {}: the SVG is not in the document unchanged",
            m.name
        );
        // ... and a PNG for older readers, drawn by librsvg at the map's size.
        let fallback = media
            .iter()
            .zip(&bytes)
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "png"))
            .map(|(_, b)| Image::decode(b))
            .find(|img| img.width == m.width as usize && img.height == m.height as usize)
            .unwrap_or_else(|| panic!("pandoc (DOCX), {}: no PNG fallback at the map's size", m.name));
        check("pandoc (DOCX fallback)", &fallback, &[(m, 0.0)]);
    }
    // Each picture keeps the map's aspect ratio on the page.
    let xml = std::fs::read_to_string(docx.join("word/document.xml")).unwrap();
    let extents: Vec<f64> = xml
        .match_indices("<wp:extent cx=\"")
        .map(|(i, _)| {
            let rest = &xml[i + 15..];
            let cx: f64 = rest[..rest.find('"').unwrap()].parse().unwrap();
            let j = rest.find("cy=\"").unwrap() + 4;
            let cy: f64 = rest[j..j + rest[j..].find('"').unwrap()].parse().unwrap();
            cy / cx
        })
        .collect();
    assert_eq!(extents.len(), 2, "{xml}");
    for (ratio, m) in extents.iter().zip([&a, &b]) {
        assert!((ratio - m.height / m.width).abs() < 0.01, "{}: aspect {ratio}", m.name);
    }
}

#[test]
fn pdf_is_one_page_the_map_s_size_with_text_and_fonts_embedded() {
    let (a, _) = maps();
    let pdf_bytes = claimsmap::present::pdf(&a.svg).unwrap();
    assert_eq!(
        pdf_bytes,
        claimsmap::present::pdf(&a.svg).unwrap(),
        "deterministic bytes"
    );
    assert!(pdf_bytes.starts_with(b"%PDF-"));
    let (Some(pdfinfo), Some(pdftotext), Some(pdffonts)) = (tool("pdfinfo"), tool("pdftotext"), tool("pdffonts"))
    else {
        return skip(
            "poppler",
            "pdfinfo, pdftotext or pdffonts is not installed (Debian: poppler-utils)",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("map.pdf");
    std::fs::write(&pdf, &pdf_bytes).unwrap();
    let info = String::from_utf8(Command::new(pdfinfo).arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(
        info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    let size = format!("{} x {} pts", a.width * 0.75, a.height * 0.75);
    let page = info.lines().find_map(|l| l.strip_prefix("Page size:")).map(str::trim);
    assert_eq!(
        page,
        Some(size.as_str()),
        "the page is the map's size (1 px = 0.75 pt):\n{info}"
    );
    let text = String::from_utf8(Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    for name in ["Kyiv", "Donetsk", "Sloviansk", "To be handed over by Ukraine"] {
        assert!(text.contains(name), "pdftotext does not find {name}:\n{text}");
    }
    let fonts = String::from_utf8(Command::new(pdffonts).arg(&pdf).output().unwrap().stdout).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("DejaVu")), "{fonts}");
    // emb column: every font embedded.
    assert!(
        rows.iter().all(|r| r.split_whitespace().rev().nth(4) == Some("yes")),
        "{fonts}"
    );
    let img = pdf_page(&pdf).unwrap();
    check("PDF (poppler)", &img, &[(&a, 0.0)]);
}

#[test]
fn the_gallery_fits_a_420_px_phone_in_chromium() {
    let Some(chromium) = tool("chromium").or_else(|| tool("chromium-browser")) else {
        return skip("Chromium (gallery)", "chromium is not installed (Debian: chromium)");
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("maps");
    let o = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(["render", "--all", "--format", "svg", "--data"])
        .arg(root().join("geodata"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The page measures itself: how wide the document is, and whether any
    // table cell split a number from its unit (a cell holding a figure
    // taller than one line).
    let probe = "<script>const w=document.documentElement.scrollWidth;\
        const split=[...document.querySelectorAll('td:not(:first-child)')].filter(td=>td.getClientRects()[0]&&td.getClientRects()[0].height>2.2*parseFloat(getComputedStyle(td).lineHeight||'20')).length;\
        parent.document.body.setAttribute('data-measured', w+','+split+','+window.innerWidth);</script></body>";
    let html = std::fs::read_to_string(out.join("index.html"))
        .unwrap()
        .replace("</body>", probe);
    std::fs::write(out.join("measure.html"), html).unwrap();
    // Headless Chromium's window is at least 500 px wide: the phone is a
    // 420 px frame holding the page.
    let page = out.join("phone.html");
    std::fs::write(
        &page,
        "<!doctype html><html><body style=\"margin:0\"><iframe src=\"measure.html\" width=\"420\" height=\"900\" style=\"border:0\"></iframe></body></html>",
    )
    .unwrap();
    let profile = dir.path().join("profile");
    let dom = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=600,900",
            "--allow-file-access-from-files",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let measured = dom
        .split("data-measured=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("the page did not measure itself: {}", &dom[..dom.len().min(300)]));
    let v: Vec<u32> = measured.split(',').map(|x| x.parse().unwrap()).collect();
    let (width, split, screen) = (v[0], v[1], v[2]);
    assert!(
        width <= screen,
        "the gallery is {width} px wide on a {screen} px screen"
    );
    assert_eq!(split, 0, "{split} table cells wrap a figure onto two lines");
    eprintln!("engines: Chromium: the gallery is {width} px wide on a {screen} px screen, no figure split");
}
