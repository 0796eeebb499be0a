//! The renderer: pixel probes on real maps, labels kept and apart, valid
//! and escaped SVG (golden files are in `golden`).

use std::path::{Path, PathBuf};

use claimsmap::model::Dataset;
use claimsmap::scenario::Resolved;
use claimsmap::scene::labels::{Metrics, overlaps};
use claimsmap::scene::{self, Anchor, Base, Options, Scene};
use claimsmap::write::svg;
use claimsmap::{present, stats};

use super::dataset;

fn outcome(ds: &Dataset, id: &str) -> (Resolved, stats::ScenarioResult) {
    let session = claimsmap::session::Session::with_dataset(ds.clone(), None).unwrap();
    let o = session.resolve(id).unwrap();
    let r = session.stats(&o);
    (o, r)
}

fn map(ds: &Dataset, id: &str) -> Scene {
    let (o, r) = outcome(ds, id);
    scene::single(&Base::new(ds).unwrap(), &o, &r, &Options::default()).unwrap()
}

/// RGB pixels of a PNG.
struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Image {
    fn decode(bytes: &[u8]) -> Image {
        let (width, height, rgb) = super::png_rgb(bytes);
        Image { width, height, rgb }
    }

    fn at(&self, x: f64, y: f64) -> String {
        let (x, y) = (x.round() as usize, y.round() as usize);
        let i = (y * self.width as usize + x) * 3;
        format!("#{:02x}{:02x}{:02x}", self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    /// Colours in a square around a point.
    fn around(&self, x: f64, y: f64, r: i64) -> std::collections::BTreeSet<String> {
        let mut set = std::collections::BTreeSet::new();
        for dx in -r..=r {
            for dy in -r..=r {
                set.insert(self.at(x + dx as f64, y + dy as f64));
            }
        }
        set
    }
}

/// The map rendered without its labels (markers and names would cover the
/// very points probed), and a probe function in PNG pixels.
fn probe(ds: &Dataset, id: &str) -> (Image, impl Fn(f64, f64) -> (f64, f64)) {
    let mut scene = map(ds, id);
    scene.layers.retain(|l| !l.id.ends_with("labels"));
    let png = present::png(&svg::write(&scene), 2000).unwrap();
    let zoom = 2000.0 / scene.width;
    let frame = scene.panels[0];
    let base_proj = claimsmap::projection::Projection::new(ds.scenarios.map.projection.as_deref().unwrap()).unwrap();
    let to_px = move |lon: f64, lat: f64| {
        let (x, y) = base_proj.forward(lon, lat).unwrap();
        let (px, py) = frame.to_page(x, y);
        (px * zoom, py * zoom)
    };
    (Image::decode(&png), to_px)
}

fn place(ds: &Dataset, id: &str) -> (f64, f64) {
    let p = ds.places.iter().find(|p| p.id == id).unwrap();
    (p.lon, p.lat)
}

#[test]
fn pixel_probes_show_the_right_ground() {
    let ds = dataset();
    let held = ds.scenarios.sides.occupier.colour.to_string();
    let defender = ds.scenarios.sides.defender.colour.to_string();
    let sea = claimsmap::scene::style::SEA;
    let (img, px) = probe(&ds, "current");
    let at = |id: &str| {
        let (lon, lat) = place(&ds, id);
        let (x, y) = px(lon, lat);
        img.at(x, y)
    };
    // Ground held before the full-scale invasion is the occupier's colour, darker.
    let c = ds.scenarios.sides.occupier.colour.0;
    let tone = |v: u8| (f64::from(v) * claimsmap::scene::style::BEFORE_TONE).round() as u8;
    let before = format!("#{:02x}{:02x}{:02x}", tone(c[0]), tone(c[1]), tone(c[2]));
    assert_eq!(at("donetsk"), before, "Donetsk city is held since 2014");
    assert_eq!(at("horlivka"), before);
    assert_eq!(at("simferopol"), before, "Crimea is held since 2014");
    let (x, y) = px(34.0, 45.4);
    assert_eq!(img.at(x, y), before, "the middle of Crimea");
    assert_eq!(at("melitopol"), held, "Melitopol is held since 2022");
    assert_eq!(at("nova-kakhovka"), held);
    assert_eq!(at("kramatorsk"), defender, "Kramatorsk is Ukrainian now");
    assert_eq!(at("sloviansk"), defender);
    assert_eq!(at("kyiv"), defender);
    for (lon, lat, what) in [(32.2, 44.9, "the Black Sea"), (36.2, 46.0, "the Sea of Azov")] {
        let (x, y) = px(lon, lat);
        assert_eq!(img.at(x, y), sea, "{what} is sea");
    }

    let (img, px) = probe(&ds, "alaska-terms");
    for town in ["kramatorsk", "sloviansk"] {
        let (lon, lat) = place(&ds, town);
        let (x, y) = px(lon, lat);
        let colours = img.around(x, y, 4);
        assert!(
            colours.contains(&held) && colours.contains(&defender),
            "{town}: handover hatch, found {colours:?}"
        );
    }
    let (lon, lat) = place(&ds, "kyiv");
    let (x, y) = px(lon, lat);
    assert_eq!(img.at(x, y), defender, "Kyiv stays Ukrainian");
    assert_eq!(img.width, 2000);
    assert!(img.height > 1000);
}

fn label_box(m: &Metrics, t: &scene::Text) -> [f64; 4] {
    let w = m.width(&t.text, t.size, t.bold, t.letter_spacing);
    let left = match t.anchor {
        Anchor::Start => t.x,
        Anchor::Middle => t.x - w / 2.0,
        Anchor::End => t.x - w,
    };
    [left, t.y - 0.75 * t.size, w, 0.95 * t.size]
}

#[test]
fn every_label_is_kept_and_none_overlaps() {
    let ds = dataset();
    // The two proposals with a site: its label is a label too.
    for id in ["current", "alaska-terms", "plan-20-points-dmz", "plan-28-points"] {
        let scene = map(&ds, id);
        let svg_text = svg::write(&scene);
        let texts: Vec<&scene::Text> = scene.texts().collect();
        // A haloed label is two texts: the halo, then the label on top.
        let drawn = texts.len() + texts.iter().filter(|t| t.halo.is_some()).count();
        assert_eq!(svg_text.matches("<text ").count(), drawn);
        assert_eq!(svg_text.matches("cm-halo").count(), drawn - texts.len());
        let tree = present::parse(&svg_text).unwrap();
        assert_eq!(
            present::text_count(&tree),
            drawn,
            "usvg dropped text: a font is missing"
        );
        let names: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
        for key in [
            "Kyiv",
            "Kharkiv",
            "Donetsk",
            "Luhansk",
            "Mariupol",
            "Zaporizhzhia",
            "Kherson",
            "Sloviansk",
            "Kramatorsk",
            "Simferopol",
            "Sevastopol",
            "Odesa",
            "Dnipro",
        ] {
            assert!(names.contains(&key), "{id}: label {key} missing");
        }
        let m = Metrics::new().unwrap();
        let labels: Vec<[f64; 4]> = texts
            .iter()
            .filter(|t| t.class.ends_with("-label") && t.class != "cm-legend-label")
            .map(|t| label_box(&m, t))
            .collect();
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!overlaps(a, b), "{id}: labels overlap: {a:?} {b:?}");
            }
        }
    }
}

#[test]
fn pockets_too_small_to_see_carry_their_km2_as_in_the_stats() {
    let ds = dataset();
    let (o, r) = outcome(&ds, "alaska-terms");
    let scene = scene::single(&Base::new(&ds).unwrap(), &o, &r, &Options::default()).unwrap();
    let callouts: Vec<&str> = scene
        .texts()
        .filter(|t| t.class == "cm-callout-label")
        .map(|t| t.text.as_str())
        .collect();
    // The small pockets: Sumy and Kharkiv returned, the Luhansk remainder handed over.
    let figure = |unit: &str, pick: fn(&stats::UnitResult) -> f64| {
        let u = r.units.iter().find(|u| u.name == unit).unwrap();
        format!("{} km²", claimsmap::format::km2(pick(u)))
    };
    for expected in [
        figure("Sumy", |u| u.returned_km2),
        figure("Kharkiv", |u| u.returned_km2),
        figure("Luhansk", |u| u.handover_km2),
    ] {
        assert!(
            callouts.contains(&expected.as_str()),
            "no callout {expected}: {callouts:?}"
        );
    }
    // Donetsk's handover is large on the page: named by the legend, not a callout.
    let donetsk = figure("Donetsk", |u| u.handover_km2);
    assert!(!callouts.contains(&donetsk.as_str()), "{callouts:?}");
    // The current lines move no ground: no callouts.
    assert!(!map(&ds, "current").texts().any(|t| t.class == "cm-callout-label"));
}

#[test]
fn svg_is_valid_xml_for_reports() {
    let ds = dataset();
    let scene = map(&ds, "alaska-terms");
    let text = svg::write(&scene);
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    // Scales to its container: a viewBox, no fixed width or height.
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {} {}", scene.width, scene.height).as_str())
    );
    assert!(root.attribute("width").is_none() && root.attribute("height").is_none());
    // The page's typography cannot reach the labels by inheritance.
    for (attr, value) in [
        ("font-style", "normal"),
        ("font-weight", "normal"),
        ("font-variant", "normal"),
        ("font-stretch", "normal"),
        ("letter-spacing", "normal"),
        ("word-spacing", "normal"),
        ("text-decoration", "none"),
    ] {
        assert_eq!(root.attribute(attr), Some(value), "{attr} on the root");
    }
    assert!(root.attribute("style").unwrap().contains("text-transform:none"));
    let child = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(child("title"), "Putin's reported Alaska terms");
    let desc = child("desc");
    assert!(
        desc.contains("km²") && desc.contains("handed over by Ukraine"),
        "{desc}"
    );
    let mut ids = std::collections::BTreeSet::new();
    // The prefix: the scenario, then a hash of the map's content.
    let title_id = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .attribute("id")
        .unwrap();
    let prefix = title_id.strip_suffix("title").unwrap();
    let hash = prefix.strip_prefix("cm-alaska-terms-").unwrap().trim_end_matches('-');
    assert!(
        hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{prefix}"
    );
    for n in doc.descendants().filter(|n| n.attribute("id").is_some()) {
        let id = n.attribute("id").unwrap();
        assert!(id.starts_with(prefix), "unprefixed id {id}");
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
    }
    // Nothing drawn refers to an element by id: a copy of the map hidden
    // elsewhere on the page can never blank this one.
    for reference in ["<use", "href", "url(#", "<pattern", "patternTransform", "paint-order"] {
        assert!(!text.contains(reference), "the SVG uses {reference}");
    }
    for layer in [
        "map-sea",
        "map-context",
        "map-defender",
        "map-held",
        "map-handover",
        "map-returned",
        "map-front",
        "map-labels",
        "legend",
    ] {
        assert!(ids.contains(&format!("{prefix}{layer}")), "layer {layer} missing");
    }
    for class in [
        "cm-held",
        "cm-handover",
        "cm-handover-stripes",
        "cm-returned",
        "cm-front",
        "cm-frozen",
    ] {
        assert!(text.contains(&format!("class=\"{class}\"")), "class {class} missing");
    }
    assert!(text.len() <= 300_000, "SVG is {} bytes", text.len());
}

/// The id prefix of an SVG (from its title's id).
fn id_prefix(svg_text: &str) -> String {
    let start = svg_text.find("<title id=\"").unwrap() + "<title id=\"".len();
    let end = start + svg_text[start..].find("title\"").unwrap();
    svg_text[start..end].to_string()
}

#[test]
fn different_maps_never_share_an_id() {
    let ds = dataset();
    let georgia = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/georgia")).unwrap();
    let (o, r) = outcome(&ds, "current");
    let base = Base::new(&ds).unwrap();
    let uk = Options {
        lang: "uk".into(),
        ..Options::default()
    };
    let (go, gr) = outcome(&georgia, "current");
    let prefixes = [
        id_prefix(&svg::write(&map(&ds, "current"))),
        id_prefix(&svg::write(&scene::single(&base, &o, &r, &uk).unwrap())),
        id_prefix(&svg::write(
            &scene::single(&Base::new(&georgia).unwrap(), &go, &gr, &Options::default()).unwrap(),
        )),
        id_prefix(&svg::write(&map(&ds, "alaska-terms"))),
    ];
    let distinct: std::collections::BTreeSet<&String> = prefixes.iter().collect();
    assert_eq!(distinct.len(), prefixes.len(), "{prefixes:?}");
    // The same map drawn twice keeps its ids: outputs stay reproducible.
    assert_eq!(prefixes[0], id_prefix(&svg::write(&map(&ds, "current"))));
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")
}

#[test]
fn user_strings_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(tiny()).unwrap() {
        let f = f.unwrap();
        if f.file_type().unwrap().is_file() {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    let units = dir.path().join("units.geojson");
    let text = std::fs::read_to_string(&units)
        .unwrap()
        .replace("\"name\":\"West\"", r#""name":"<b>\"&'""#);
    std::fs::write(&units, text).unwrap();
    let scenarios = dir.path().join("scenarios.toml");
    let text = std::fs::read_to_string(&scenarios)
        .unwrap()
        .replace("title = \"Testland\"", "title = \"</svg><script>x</script>\"");
    std::fs::write(&scenarios, text).unwrap();
    let ds = claimsmap::load::dataset(dir.path()).unwrap();
    let scene = map(&ds, "current");
    let text = svg::write(&scene);
    let doc = roxmltree::Document::parse(&text).expect("still well-formed");
    assert!(
        doc.descendants().any(|n| n.text() == Some("<B>\"&'")),
        "the unit name is shown as text (upper-cased)"
    );
    assert!(!text.contains("<script>"));
    let html = claimsmap::write::gallery::html(&ds, &[], &[], &stats::Stats { scenarios: vec![] });
    assert!(html.contains("&lt;/svg&gt;&lt;script&gt;") && !html.contains("<script>"));
}

/// A title or description with a word longer than the page is wide (a
/// file name, an address, an id) is broken inside the word: every text of
/// the page stays on the page, and none of its letters is lost.
#[test]
fn a_long_unbreakable_title_stays_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(tiny()).unwrap() {
        let f = f.unwrap();
        if f.file_type().unwrap().is_file() {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    let long = "https://example.org/reports/2026/the-proposal-of-the-contact-group-for-a-demilitarised-zone-along-the-line-as-of-the-signing-date";
    let scenarios = dir.path().join("scenarios.toml");
    let text = std::fs::read_to_string(&scenarios)
        .unwrap()
        .replace("title = \"Now\"", &format!("title = \"{long}\""))
        .replace(
            "name = \"Othercountry\"",
            "name = \"the Federation of Othercountry and its Very Long Named Northern Territories\"",
        );
    std::fs::write(&scenarios, text).unwrap();
    let ds = claimsmap::load::dataset(dir.path()).unwrap();
    let (o, r) = outcome(&ds, "current");
    let column = Options {
        layout: Some(scene::Layout::Column),
        ..Options::default()
    };
    // In a 700 px column the legend's entry, too long for the page, wraps.
    let narrow = scene::single(&Base::new(&ds).unwrap(), &o, &r, &column).unwrap();
    let m = Metrics::new().unwrap();
    let legend: Vec<&scene::Text> = narrow.texts().filter(|t| t.class == "cm-legend-label").collect();
    assert!(legend.iter().any(|t| t.text.starts_with("Held by the Federation")));
    for t in narrow.texts() {
        let [left, _, w, _] = label_box(&m, t);
        assert!(left + w <= narrow.width + 0.01, "{:?} runs off the column", t.text);
    }
    let scene = map(&ds, "current");
    let mut title = String::new();
    for t in scene.texts() {
        let [left, _, w, _] = label_box(&m, t);
        assert!(
            left >= -0.01 && left + w <= scene.width + 0.01,
            "{:?} runs off the page: {left:.1}..{:.1} of {}",
            t.text,
            left + w,
            scene.width
        );
        if long.starts_with(t.text.as_str()) || (!title.is_empty() && long.contains(t.text.as_str())) {
            title.push_str(&t.text);
        }
    }
    assert!(
        title.contains(long),
        "the title is drawn whole, across lines: {title:?}"
    );
}

/// The PNG against the page as painted, pixel by pixel, on the largest
/// single map of the Ukraine dataset (the most colours: hatching, change
/// tones, labels).
#[test]
fn png_palette_keeps_fills_exact_and_blends_near() {
    let ds = dataset();
    let text = svg::write(&map(&ds, "plan-28-points"));
    let painted = present::raster(&text, 2000).unwrap();
    let png = Image::decode(&present::png(&text, 2000).unwrap());
    assert_eq!((png.width, png.height), (painted.width, painted.height));
    let (a, b) = (&painted.rgb(), &png.rgb);
    let n = a.len() / 3;
    let err = |i: usize| (0..3).map(|c| a[i * 3 + c].abs_diff(b[i * 3 + c])).max().unwrap();
    // Every colour covering at least 0.1 % of the page (the flat fills,
    // the text and line colours) is exact wherever it is painted.
    let mut count = std::collections::HashMap::<[u8; 3], usize>::new();
    for p in a.chunks_exact(3) {
        *count.entry([p[0], p[1], p[2]]).or_default() += 1;
    }
    let flat: Vec<usize> = (0..n)
        .filter(|&i| count[&[a[i * 3], a[i * 3 + 1], a[i * 3 + 2]]] * 1000 >= n)
        .collect();
    assert!(
        flat.len() * 100 >= n * 95,
        "flat fills cover {} of {n} pixels",
        flat.len()
    );
    let off = flat.iter().filter(|&&i| err(i) != 0).count();
    assert_eq!(off, 0, "{off} pixels of flat fills changed");
    // The blends of edges and glyphs move little: 98 % of all pixels are
    // exact, 99.9 % within 12 of 255 in each channel (where two neighbouring
    // blends become one, invisible at full size), and none by more than 32
    // (an eighth of the range; at most 28 on the maps of `make maps`).
    let mut hist = [0usize; 256];
    for i in 0..n {
        hist[usize::from(err(i))] += 1;
    }
    let within = |e: usize| hist[..=e].iter().sum::<usize>();
    let worst = hist.iter().rposition(|&k| k > 0).unwrap();
    assert!(within(0) * 100 >= n * 98, "{} of {n} pixels exact", within(0));
    assert!(within(12) * 1000 >= n * 999, "{} of {n} pixels within 12", within(12));
    assert!(worst <= 32, "a pixel is off by {worst}");
    // Known places keep their ground's colour exactly.
    let defender = ds.scenarios.sides.defender.colour.to_string();
    let held = ds.scenarios.sides.occupier.colour.to_string();
    let (img, px) = probe(&ds, "plan-28-points");
    let c = ds.scenarios.sides.occupier.colour.0;
    let tone = |v: u8| (f64::from(v) * claimsmap::scene::style::BEFORE_TONE).round() as u8;
    let before = format!("#{:02x}{:02x}{:02x}", tone(c[0]), tone(c[1]), tone(c[2]));
    for (id, want) in [("kyiv", &defender), ("melitopol", &held), ("simferopol", &before)] {
        let (lon, lat) = place(&ds, id);
        let (x, y) = px(lon, lat);
        assert_eq!(&img.at(x, y), want, "{id}");
    }
}

#[test]
fn png_records_its_pixel_density() {
    let ds = claimsmap::load::dataset(&tiny()).unwrap();
    let text = svg::write(&map(&ds, "current"));
    let png_bytes = present::png(&text, 2000).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(&png_bytes)).read_info().unwrap();
    let dims = reader.info().pixel_dims.expect("pHYs chunk");
    let dpi = f64::from(dims.xppu) * 0.0254;
    assert!((dpi - 192.0).abs() < 1.0, "{dpi}");
    // Same input, same bytes.
    assert_eq!(present::png(&text, 2000).unwrap(), png_bytes);
}

#[test]
fn ukrainian_names_render_in_the_embedded_font() {
    let ds = dataset();
    let (o, r) = outcome(&ds, "current");
    let scene = scene::single(
        &Base::new(&ds).unwrap(),
        &o,
        &r,
        &Options {
            lang: "uk".into(),
            ..Options::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = scene.texts().map(|t| t.text.as_str()).collect();
    assert!(names.contains(&"Київ") && names.contains(&"Словʼянськ"), "{names:?}");
    let tree = present::parse(&svg::write(&scene)).unwrap();
    let halos = scene.texts().filter(|t| t.halo.is_some()).count();
    assert_eq!(present::text_count(&tree), names.len() + halos);
}

/// sRGB `#rrggbb` or pixel channels to linear RGB.
/// A legend swatch of `class` as painted in `img` (drawn at `zoom`):
/// its mean linear-light colour, averaged over its stripes (as at column
/// width, where stripes blur), and how many distinct colours it holds.
fn legend_swatch(img: &Image, zoom: f64, legend: &scene::Layer, class: &str) -> ([f64; 3], usize) {
    let s = legend.shapes.iter().find(|s| s.class == class).unwrap();
    let xs = s.parts[0].iter().map(|p| p.0);
    let ys = s.parts[0].iter().map(|p| p.1);
    let (x0, x1) = (xs.clone().fold(f64::MAX, f64::min), xs.fold(f64::MIN, f64::max));
    let (y0, y1) = (ys.clone().fold(f64::MAX, f64::min), ys.fold(f64::MIN, f64::max));
    let (mut sum, mut n, mut colours) = ([0.0; 3], 0.0, std::collections::BTreeSet::new());
    // Inside the swatch's outline, a whole number of stripe periods.
    for py in ((y0 + 2.0) * zoom) as i64..((y1 - 2.0) * zoom) as i64 {
        for px in ((x0 + 2.0) * zoom) as i64..((x1 - 2.0) * zoom) as i64 {
            let i = (py as usize * img.width as usize + px as usize) * 3;
            let c = [img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]].map(f64::from);
            colours.insert(img.at(px as f64, py as f64));
            let l = linear(c);
            (0..3).for_each(|k| sum[k] += l[k]);
            n += 1.0;
        }
    }
    (sum.map(|v| v / n), colours.len())
}

fn linear(rgb: [f64; 3]) -> [f64; 3] {
    rgb.map(|c| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
}

/// Relative luminance of linear RGB (WCAG).
fn luminance(l: [f64; 3]) -> f64 {
    0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]
}

/// WCAG contrast ratio of two luminances.
fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// CIELAB of linear RGB (D65).
fn lab(l: [f64; 3]) -> [f64; 3] {
    let x = (0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2]) / 0.95047;
    let y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    let z = (0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2]) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
}

/// Colour-blindness simulation (Machado, Oliveira & Fernandes 2009, full
/// severity) on linear RGB.
fn simulate(m: [[f64; 3]; 3], l: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| (m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]).clamp(0.0, 1.0))
}

const PROTANOPIA: [[f64; 3]; 3] = [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
];
const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
];

#[test]
fn categories_stay_apart_in_greyscale_and_for_colour_blind_readers() {
    // The legend's swatches, rendered: each category as a reader sees it,
    // averaged over its stripes (as at column width, where stripes blur).
    let ds = dataset();
    let scene = map(&ds, "alaska-terms");
    let zoom = 2.0;
    let img = Image::decode(&present::png(&svg::write(&scene), (scene.width * zoom) as u32).unwrap());
    let legend = scene.layers.iter().find(|l| l.id == "legend").unwrap();
    let swatch = |class: &str| legend_swatch(&img, zoom, legend, class);
    let (handover, handover_colours) = swatch("cm-handover");
    let (returned, returned_colours) = swatch("cm-returned");
    let (held, _) = swatch("cm-held");
    // Different families: stripes against a solid fill.
    assert!(handover_colours > 2, "handover is striped");
    assert!(returned_colours <= 2, "returned is solid, not another stripe direction");
    for (name, a, b, min_grey) in [
        ("handover/returned", handover, returned, 2.0),
        ("returned/held", returned, held, 1.3),
    ] {
        let grey = contrast(luminance(a), luminance(b));
        assert!(grey >= min_grey, "{name}: greyscale contrast {grey:.2}");
        for (vision, m) in [
            ("normal", None),
            ("protanopia", Some(PROTANOPIA)),
            ("deuteranopia", Some(DEUTERANOPIA)),
        ] {
            let (sa, sb) = match m {
                Some(m) => (simulate(m, a), simulate(m, b)),
                None => (a, b),
            };
            let (la, lb) = (lab(sa), lab(sb));
            let de = ((la[0] - lb[0]).powi(2) + (la[1] - lb[1]).powi(2) + (la[2] - lb[2]).powi(2)).sqrt();
            assert!(de >= 20.0, "{name} under {vision}: ΔE {de:.1}");
        }
    }
}

fn hex(c: &str) -> [f64; 3] {
    let v = |i: usize| f64::from(u8::from_str_radix(&c[i..i + 2], 16).unwrap());
    [v(1), v(3), v(5)]
}

#[test]
fn every_label_is_legible_at_every_layout() {
    use claimsmap::scene::Layout;
    let ds = dataset();
    let base = Base::new(&ds).unwrap();
    let (o, r) = outcome(&ds, "alaska-terms");
    let m = Metrics::new().unwrap();
    for layout in [Layout::Column, Layout::Wide, Layout::Full] {
        let opts = Options {
            layout: Some(layout),
            ..Options::default()
        };
        let scene = scene::single(&base, &o, &r, &opts).unwrap();
        // Read at its display width, a page unit is one CSS pixel.
        let px = layout.width() / scene.width;
        assert_eq!(px, 1.0, "{layout:?}: the page is laid out at the display width");
        let mut bare = scene.clone();
        bare.layers.retain(|l| !l.id.ends_with("labels"));
        let img = Image::decode(&present::png(&svg::write(&bare), scene.width as u32).unwrap());
        let mut checked = 0;
        for (layer, t) in scene.layers.iter().flat_map(|l| l.texts.iter().map(move |t| (l, t))) {
            let on_map = layer.id.ends_with("labels");
            let min = match t.class.as_str() {
                "cm-place-label" => 11.0,
                "cm-unit-label" => 10.0,
                _ => 9.0,
            };
            assert!(t.size * px >= min, "{layout:?}: {} at {} px", t.text, t.size * px);
            // What the glyphs sit on: the halo when there is one, else the
            // darkest ground under the label's box (the worst case).
            let ink = luminance(linear(hex(&t.colour)));
            let ground = match &t.halo {
                Some((c, w)) if *w >= 1.5 => luminance(linear(hex(c))),
                // Header, legend, footer and scale sit on the page.
                _ if !on_map => luminance(linear(hex(&scene.background))),
                _ => {
                    let b = label_box(&m, t);
                    let mut worst = f64::MAX;
                    for x in [b[0] + 1.0, b[0] + b[2] / 2.0, b[0] + b[2] - 1.0] {
                        for y in [b[1] + 1.0, b[1] + b[3] / 2.0, b[1] + b[3] - 1.0] {
                            let (x, y) = (x.clamp(0.0, scene.width - 1.0), y.clamp(0.0, scene.height - 1.0));
                            let i = (y as usize * img.width as usize + x as usize) * 3;
                            let c = [img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]].map(f64::from);
                            let l = luminance(linear(c));
                            if contrast(ink, l) < contrast(ink, worst.min(1.0)) || worst == f64::MAX {
                                worst = l;
                            }
                        }
                    }
                    worst
                }
            };
            let ratio = contrast(ink, ground);
            assert!(
                ratio >= 3.0,
                "{layout:?}: {:?} ({}) has contrast {ratio:.2}",
                t.text,
                t.class
            );
            checked += 1;
        }
        assert!(checked > 40, "{layout:?}: only {checked} labels");
    }
}

#[test]
fn text_as_paths_is_a_drop_in() {
    let ds = dataset();
    let text = svg::write(&map(&ds, "alaska-terms"));
    let outlined = present::text_as_paths(&text).unwrap();
    let (a, b) = (
        roxmltree::Document::parse(&text).unwrap(),
        roxmltree::Document::parse(&outlined).unwrap(),
    );
    let (ra, rb) = (a.root_element(), b.root_element());
    for attr in ["viewBox", "role", "aria-labelledby"] {
        assert_eq!(ra.attribute(attr), rb.attribute(attr), "{attr}");
    }
    for tag in ["title", "desc"] {
        let text_of = |d: &roxmltree::Document| {
            d.descendants()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .map(String::from)
        };
        assert_eq!(text_of(&a), text_of(&b), "<{tag}>");
    }
    let ids = |d: &roxmltree::Document| {
        d.descendants()
            .filter_map(|n| n.attribute("id").map(String::from))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b), "ids kept");
    let classes = |d: &roxmltree::Document| {
        d.descendants()
            .filter_map(|n| n.attribute("class").map(String::from))
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(classes(&a), classes(&b), "classes kept");
    assert!(!outlined.contains("<text"), "no text left");
    assert!(
        outlined.len() < text.len() * 3,
        "{} bytes against {}",
        outlined.len(),
        text.len()
    );
    // It draws the same picture as the text does.
    let (pa, pb) = (
        present::png(&text, 1000).unwrap(),
        present::png(&outlined, 1000).unwrap(),
    );
    let ((_, _, x), (_, _, y)) = (super::png_rgb(&pa), super::png_rgb(&pb));
    let differ = x
        .chunks(3)
        .zip(y.chunks(3))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(u, v)| u.abs_diff(*v) > 64))
        .count();
    assert!(differ * 200 < x.len() / 3, "{differ} pixels differ");
}

/// A snapshot date of the Ukraine dataset.
fn date(s: &str) -> claimsmap::model::IsoDate {
    claimsmap::model::IsoDate::parse(s).unwrap()
}

/// The change map from `from` to `to` without its labels, rendered 2000 px
/// wide, with a probe function in PNG pixels and the change's numbers.
fn change_probe(
    ds: &Dataset,
    from: &str,
    to: &str,
) -> (
    Image,
    impl Fn(f64, f64) -> (f64, f64),
    claimsmap::session::Change,
    Scene,
) {
    let session = claimsmap::session::Session::with_dataset(ds.clone(), None).unwrap();
    let c = session.change(date(from), date(to)).unwrap();
    let full = scene::change(
        &Base::new(c.session.dataset()).unwrap(),
        &c.resolved,
        &c.change,
        &Options::default(),
    )
    .unwrap();
    let mut scene = full.clone();
    scene.layers.retain(|l| !l.id.ends_with("labels"));
    let png = present::png(&svg::write(&scene), 2000).unwrap();
    let zoom = 2000.0 / scene.width;
    let frame = scene.panels[0];
    let proj = claimsmap::projection::Projection::new(ds.scenarios.map.projection.as_deref().unwrap()).unwrap();
    let to_px = move |lon: f64, lat: f64| {
        let (x, y) = proj.forward(lon, lat).unwrap();
        let (px, py) = frame.to_page(x, y);
        (px * zoom, py * zoom)
    };
    (Image::decode(&png), to_px, c, full)
}

#[test]
fn change_maps_show_gained_lost_and_pre_invasion_ground() {
    use claimsmap::scene::style::{BEFORE_TONE, GAINED, LOST_STRIPE};
    let ds = dataset();
    let held = ds.scenarios.sides.occupier.colour.to_string();
    let defender = ds.scenarios.sides.defender.colour.to_string();
    let c = ds.scenarios.sides.occupier.colour.0;
    let tone = |v: u8| (f64::from(v) * BEFORE_TONE).round() as u8;
    let before = format!("#{:02x}{:02x}{:02x}", tone(c[0]), tone(c[1]), tone(c[2]));

    // The eve of the invasion to today: ground taken since is gained.
    let (img, px, _, _) = change_probe(&ds, "2022-02-23", "2025-08-15");
    let at = |lon: f64, lat: f64| {
        let (x, y) = px(lon, lat);
        img.at(x, y)
    };
    let (lon, lat) = place(&ds, "melitopol");
    assert_eq!(at(lon, lat), GAINED, "Melitopol, taken in 2022 and held now, is gained");
    let (lon, lat) = place(&ds, "nova-kakhovka");
    assert_eq!(at(lon, lat), GAINED);
    let (lon, lat) = place(&ds, "simferopol");
    assert_eq!(at(lon, lat), before, "Crimea, held since 2014, keeps the pre-2022 tone");
    assert_eq!(at(34.0, 45.4), before, "the middle of Crimea");
    let (lon, lat) = place(&ds, "kyiv");
    assert_eq!(at(lon, lat), defender);

    // The peak of spring 2022 to today: the Kharkiv counter-offensive and
    // Kyiv Oblast are lost ground, striped over the defender's colour.
    let (img, px, change, _) = change_probe(&ds, "2022-03-25", "2025-08-15");
    let kharkiv = change.change.units.iter().find(|u| u.id == "UA-63").unwrap();
    assert!(
        kharkiv.lost_km2 > 5_000.0,
        "the fits show Kharkiv ground lost: {kharkiv:?}"
    );
    for (what, lon, lat) in [
        ("Balakliia, taken in March, freed in September 2022", 36.86, 49.46),
        ("north of Kyiv, left in April 2022", 30.25, 51.0),
    ] {
        let (x, y) = px(lon, lat);
        let colours = img.around(x, y, 5);
        assert!(
            colours.contains(LOST_STRIPE) && colours.contains(&defender) && !colours.contains(&held),
            "{what}: lost stripes, found {colours:?}"
        );
    }
    let (x, y) = px(34.0, 45.4);
    assert_eq!(img.at(x, y), before, "Crimea is held on both dates, since 2014");
    let (lon, lat) = place(&ds, "melitopol");
    let (x, y) = px(lon, lat);
    assert_eq!(img.at(x, y), held, "Melitopol is held on both dates");
}

#[test]
fn change_styles_stay_apart_in_greyscale_and_for_colour_blind_readers() {
    // The legend's swatches of a change map, rendered and averaged over
    // their stripes: gained, lost, held on both dates, held before 2022
    // and the defender's ground, each pair apart.
    let ds = dataset();
    let (_, _, _, scene) = change_probe(&ds, "2022-03-25", "2025-08-15");
    let zoom = 2.0;
    let img = Image::decode(&present::png(&svg::write(&scene), (scene.width * zoom) as u32).unwrap());
    let legend = scene.layers.iter().find(|l| l.id == "legend").unwrap();
    let swatch = |class: &str| legend_swatch(&img, zoom, legend, class);
    let (gained, gained_colours) = swatch("cm-gained");
    let (lost, lost_colours) = swatch("cm-lost");
    let (held, _) = swatch("cm-held");
    let (before, _) = swatch("cm-held-before");
    let (defender, _) = swatch("cm-defender");
    assert!(gained_colours <= 2, "gained is solid");
    assert!(lost_colours > 2, "lost is striped");
    for (name, a, b, min_grey, min_de) in [
        ("gained/held", gained, held, 1.5, 20.0),
        ("gained/before", gained, before, 3.0, 20.0),
        ("held/before", held, before, 1.8, 20.0),
        ("gained/lost", gained, lost, 1.0, 20.0),
        ("lost/defender", lost, defender, 1.4, 20.0),
        ("gained/defender", gained, defender, 1.3, 15.0),
    ] {
        let grey = contrast(luminance(a), luminance(b));
        assert!(grey >= min_grey, "{name}: greyscale contrast {grey:.2}");
        for (vision, m) in [
            ("normal", None),
            ("protanopia", Some(PROTANOPIA)),
            ("deuteranopia", Some(DEUTERANOPIA)),
        ] {
            let (sa, sb) = match m {
                Some(m) => (simulate(m, a), simulate(m, b)),
                None => (a, b),
            };
            let (la, lb) = (lab(sa), lab(sb));
            let de = ((la[0] - lb[0]).powi(2) + (la[1] - lb[1]).powi(2) + (la[2] - lb[2]).powi(2)).sqrt();
            assert!(de >= min_de, "{name} under {vision}: ΔE {de:.1}");
        }
    }
}
