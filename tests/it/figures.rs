//! Multi-panel figures through the real binary on the tiny dataset:
//! proposals side by side (`--compare-with`), small multiples and the
//! animated PNG through the dates (on a copy of the tiny dataset with
//! dated rows added to its control table), and their bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")
}

fn run(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// A copy of the tiny dataset whose control table holds three dates:
/// East a fifth held in 2014, a third in 2022, half in 2025.
fn dated_tiny() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(tiny()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let control = dir.path().join("control.csv");
    // Each unit's rows oldest first: the earlier dates go before today's row.
    let text = std::fs::read_to_string(&control).unwrap();
    let at = text.find("\nT-2,").unwrap() + 1;
    let text = format!(
        "{}T-2,0.2,0.1,0.3,2014-03-18,estimate,Test Wire,a fifth of East\nT-2,0.35,0.3,0.4,2022-03-25,estimate,Test Wire,a third of East\n{}",
        &text[..at],
        &text[at..]
    );
    std::fs::write(&control, text).unwrap();
    dir
}

/// Texts of the elements with `class`, in document order.
fn texts_of(svg: &str, class: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn assert_ids_unique(svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
}

#[test]
fn compare_with_sets_proposals_side_by_side_with_one_legend() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let data = tiny();
    let r = run(
        &[
            "render",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            "current",
            "--compare-with",
            "give-east",
            "--out",
            o,
            "--format",
            "svg",
        ],
        "2",
    );
    ok(&r);
    let files: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".claimsmap-manifest")
        .collect();
    assert_eq!(files, ["current-vs-give-east.svg"], "only the figure is drawn");
    let svg = std::fs::read_to_string(out.path().join("current-vs-give-east.svg")).unwrap();
    assert_ids_unique(&svg);
    assert_eq!(texts_of(&svg, "cm-subtitle"), ["Now", "East handed over"]);
    let figures = texts_of(&svg, "cm-panel-figures");
    assert!(
        figures
            .iter()
            .any(|t| t.starts_with("Othercountry would hold 3,946 km²")),
        "{figures:?}"
    );
    assert!(
        figures.iter().any(|t| t.starts_with("Othercountry would hold 7,8")),
        "{figures:?}"
    );
    assert!(figures.iter().any(|t| t.starts_with("Handed over 3,9")), "{figures:?}");
    let legend = texts_of(&svg, "cm-legend-label");
    assert!(
        legend.contains(&"To be handed over by Testland".to_string()),
        "{legend:?}"
    );
    assert_eq!(
        legend.iter().filter(|t| t.starts_with("Held by")).count(),
        2,
        "{legend:?}"
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let group = |suffix: &str| {
        doc.descendants()
            .filter(|n| n.attribute("id").is_some_and(|id| id.ends_with(suffix)))
            .count()
    };
    assert_eq!(group("-panel-1-held"), 1);
    assert_eq!(group("-panel-2-held"), 1);
    assert_eq!(group("-legend"), 1, "one legend");
    // One scale: every panel the same size, the first with the scale bar.
    let bars = |id: &str| {
        doc.descendants()
            .filter(|n| n.attribute("id").is_some_and(|i| i.ends_with(id)))
            .map(|n| {
                n.descendants()
                    .filter(|c| c.attribute("class") == Some("cm-scale"))
                    .count()
            })
            .sum::<usize>()
    };
    assert!(bars("-panel-1-scale") > 0, "the first panel has the scale bar");
    assert_eq!(bars("-panel-2-scale"), 0, "the second has none");
    // With --compare, the --scenario maps and their comparisons too (it was
    // ignored without a word).
    let out2 = tempfile::tempdir().unwrap();
    ok(&run(
        &[
            "render",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            "give-east",
            "--compare-with",
            "current",
            "--compare",
            "--out",
            out2.path().to_str().unwrap(),
            "--format",
            "svg",
        ],
        "2",
    ));
    let mut files: Vec<String> = std::fs::read_dir(out2.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".claimsmap-manifest")
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["give-east-compare.svg", "give-east-vs-current.svg", "give-east.svg"]
    );
}

#[test]
fn compare_with_bad_input_gets_one_message_with_a_hint() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("out");
    let o = o.to_str().unwrap();
    let data = tiny();
    let d = data.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--compare-with", "give-east,give-eats"],
            "unknown scenario \"give-eats\"; did you mean \"give-east\"?",
        ),
        (
            &["--compare-with", "a,b,c,d"],
            "--compare-with sets at most 3 proposals side by side, but 4 are named (a, b, c, d); draw the others in a second figure",
        ),
        (
            &["--compare-with", "give-east"],
            "--compare-with sets two or three proposals side by side, but names only \"give-east\"; add another id",
        ),
        (
            &["--small-multiples", "--dates", "2024-01-01"],
            "--dates: the control table has no snapshot on 2024-01-01; its snapshots are 2025-08-16: choose among them, or leave --dates out for all",
        ),
        (
            &["--animate", "--dates", "2025-08-16,2025-08-16"],
            "--dates names 2025-08-16 twice; give each date once (one panel and one frame each)",
        ),
    ];
    for (extra, want) in cases {
        let mut args = vec!["render", "--data", d, "--out", o];
        args.extend_from_slice(extra);
        let r = run(&args, "1");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(want), "{extra:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{extra:?}: one message: {err}");
        assert!(!Path::new(o).exists(), "{extra:?}: nothing written");
    }
}

#[test]
fn small_multiples_draw_a_panel_per_date_in_order() {
    let data = dated_tiny();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let d = data.path().to_str().unwrap();
    ok(&run(
        &[
            "render",
            "--data",
            d,
            "--small-multiples",
            "--out",
            o,
            "--format",
            "svg",
        ],
        "2",
    ));
    let svg = std::fs::read_to_string(out.path().join("small-multiples.svg")).unwrap();
    assert_ids_unique(&svg);
    assert_eq!(
        texts_of(&svg, "cm-subtitle"),
        ["18 March 2014", "25 March 2022", "16 August 2025"]
    );
    let figures = texts_of(&svg, "cm-panel-figures");
    // Each panel's km² is its share of the unit East (7,892 km²), within the
    // fit tolerance, and its share as the table gives it.
    let km2 = |t: &str| -> f64 {
        let n = t.split(" held ").nth(1).unwrap().split(" km²").next().unwrap();
        n.replace(',', "").parse().unwrap()
    };
    assert_eq!(figures.len(), 3, "{figures:?}");
    for (t, (share, pct)) in figures
        .iter()
        .zip([(0.2, "(10.0 %)"), (0.35, "(17.5 %)"), (0.5, "(25.0 %)")])
    {
        assert!(t.starts_with("Othercountry held ") && t.ends_with(pct), "{t}");
        let want = share * 7892.0;
        assert!(
            (km2(t) - want).abs() <= want * 0.002 + 1.0,
            "{t}: want about {want:.0} km²"
        );
    }
    // --dates picks panels, in date order whatever the order given.
    let out2 = tempfile::tempdir().unwrap();
    let o2 = out2.path().to_str().unwrap();
    ok(&run(
        &[
            "render",
            "--data",
            d,
            "--small-multiples",
            "--dates",
            "2025-08-16,2014-03-18",
            "--out",
            o2,
            "--format",
            "svg",
        ],
        "1",
    ));
    let svg = std::fs::read_to_string(out2.path().join("small-multiples.svg")).unwrap();
    assert_eq!(texts_of(&svg, "cm-subtitle"), ["18 March 2014", "16 August 2025"]);
    // In a 700 px column the title wraps rather than running off the page,
    // and the panels sit two to a row.
    let out3 = tempfile::tempdir().unwrap();
    let o3 = out3.path().to_str().unwrap();
    ok(&run(
        &[
            "render",
            "--data",
            d,
            "--small-multiples",
            "--layout",
            "column",
            "--out",
            o3,
            "--format",
            "svg",
        ],
        "1",
    ));
    let svg = std::fs::read_to_string(out3.path().join("small-multiples.svg")).unwrap();
    assert_eq!(
        texts_of(&svg, "cm-title"),
        ["Ground held by Othercountry, 18 March 2014 to", "16 August 2025"]
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let xs: Vec<f64> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cm-subtitle"))
        .map(|n| n.attribute("x").unwrap().parse().unwrap())
        .collect();
    assert_eq!(xs.len(), 3);
    assert_eq!(xs[0], xs[2], "the third panel starts a second row");
    assert!(
        xs[1] > 300.0 && xs[1] < 700.0,
        "the second sits beside the first: {xs:?}"
    );
}

/// The APNG's chunks: (type, data), after the signature.
fn chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let mut out = Vec::new();
    let mut at = 8;
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
        out.push((kind, png[at + 8..at + 8 + len].to_vec()));
        at += 12 + len;
    }
    out
}

#[test]
fn the_animation_has_a_frame_per_date_in_order_and_the_same_bytes_every_run() {
    let data = dated_tiny();
    let d = data.path().to_str().unwrap();
    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let out = tempfile::tempdir().unwrap();
        let o = out.path().to_str().unwrap();
        let r = run(
            &[
                "render",
                "--data",
                d,
                "--animate",
                "--out",
                o,
                "--width",
                "500",
                "--format",
                "svg",
            ],
            threads,
        );
        ok(&r);
        // --format svg: the animation is still a PNG, and a note says so.
        assert!(
            String::from_utf8_lossy(&r.stderr).contains(
                "note: --animate writes an animated PNG (animation.png, 500 px wide) whatever --format names"
            ),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
        runs.push(std::fs::read(out.path().join("animation.png")).unwrap());
    }
    assert_eq!(runs[0], runs[1], "the same bytes with 1 and 2 threads");
    let c = chunks(&runs[0]);
    let actl = &c.iter().find(|(k, _)| k == b"acTL").expect("an acTL chunk").1;
    assert_eq!(u32::from_be_bytes(actl[0..4].try_into().unwrap()), 3, "three frames");
    assert_eq!(u32::from_be_bytes(actl[4..8].try_into().unwrap()), 0, "loops forever");
    // Frame controls in sequence, each frame the full page, the last held longer.
    let fctl: Vec<&Vec<u8>> = c.iter().filter(|(k, _)| k == b"fcTL").map(|(_, d)| d).collect();
    assert_eq!(fctl.len(), 3);
    let be = |b: &[u8]| u32::from_be_bytes(b.try_into().unwrap());
    let seq: Vec<u32> = c
        .iter()
        .filter(|(k, _)| k == b"fcTL" || k == b"fdAT")
        .map(|(_, d)| be(&d[0..4]))
        .collect();
    assert_eq!(
        seq,
        (0..seq.len() as u32).collect::<Vec<_>>(),
        "sequence numbers run in order"
    );
    let delays: Vec<u16> = fctl.iter().map(|d| u16::from_be_bytes([d[20], d[21]])).collect();
    assert_eq!(delays, [1200, 1200, 3000]);
    // The first frame is the whole page; each later one the rectangle that
    // changed, inside the page, drawn over the frame before.
    let (w, h) = (be(&fctl[0][4..8]), be(&fctl[0][8..12]));
    assert_eq!(w, 500, "the first frame is the full width");
    assert_eq!((be(&fctl[0][12..16]), be(&fctl[0][16..20])), (0, 0));
    for d in &fctl[1..] {
        let (fw, fh, x, y) = (be(&d[4..8]), be(&d[8..12]), be(&d[12..16]), be(&d[16..20]));
        assert!(
            fw >= 1 && fh >= 1 && x + fw <= w && y + fh <= h,
            "a frame inside the page: {fw}×{fh} at {x},{y}"
        );
        assert_eq!(
            (d[24], d[25]),
            (0, 0),
            "drawn over the frame before (dispose none, blend source)"
        );
    }
    // The first frame is the still image (IDAT right after its fcTL).
    let first_fctl = c.iter().position(|(k, _)| k == b"fcTL").unwrap();
    assert_eq!(&c[first_fctl + 1].0, b"IDAT");
    // Frames in date order, as a viewer shows them (each rectangle drawn
    // over the page so far): the red held ground grows frame by frame.
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&runs[0]));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut page = vec![0u8; (w * h * 3) as usize];
    let mut red = Vec::new();
    for _ in 0..3 {
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        let fc = reader.info().frame_control().copied().expect("a frame control");
        let (fw, x, y) = (fc.width as usize, fc.x_offset as usize, fc.y_offset as usize);
        for (row, line) in buf.chunks_exact(fw * 3).enumerate() {
            let at = ((y + row) * w as usize + x) * 3;
            page[at..at + fw * 3].copy_from_slice(line);
        }
        red.push(
            page.chunks_exact(3)
                .filter(|p| p[0] > 190 && p[1] < 120 && p[2] < 100)
                .count(),
        );
    }
    assert!(red[0] < red[1] && red[1] < red[2], "held ground grows: {red:?}");
}

#[test]
fn the_animation_keeps_one_legend_on_every_frame() {
    // The shipped dataset's frames gain the pre-2022 tone from 2022-03-25
    // on; its legend entry is there from the first frame, so the legend
    // and the credits under it are the same pixels on every frame.
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let data = crate::geodata();
    ok(&run(
        &[
            "render",
            "--data",
            data.to_str().unwrap(),
            "--animate",
            "--out",
            o,
            "--width",
            "400",
        ],
        "2",
    ));
    let bytes = std::fs::read(out.path().join("animation.png")).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let (w, h) = (reader.info().width as usize, reader.info().height as usize);
    let n = reader.info().animation_control().unwrap().num_frames;
    let mut page = vec![0u8; w * h * 3];
    let mut bottoms = Vec::new();
    for _ in 0..n {
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        let fc = reader.info().frame_control().copied().unwrap();
        let (fw, x, y) = (fc.width as usize, fc.x_offset as usize, fc.y_offset as usize);
        for (row, line) in buf.chunks_exact(fw * 3).enumerate() {
            let at = ((y + row) * w + x) * 3;
            page[at..at + fw * 3].copy_from_slice(line);
        }
        // The bottom eighth: the legend's lower rows and the credits.
        bottoms.push(page[(h - h / 8) * w * 3..].to_vec());
    }
    assert_eq!(n, 8, "a frame per snapshot");
    assert!(
        bottoms.windows(2).all(|p| p[0] == p[1]),
        "the legend shifts between frames"
    );
}

#[test]
fn an_animation_of_one_date_says_it_is_a_single_frame() {
    let data = dated_tiny();
    let d = data.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let r = run(
        &[
            "render",
            "--data",
            d,
            "--animate",
            "--dates",
            "2025-08-16",
            "--out",
            o,
            "--width",
            "400",
        ],
        "1",
    );
    ok(&r);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("note: --animate has one date to show (2025-08-16), so animation.png is a single frame"),
        "{err}"
    );
    assert!(out.path().join("animation.png").is_file());
}

/// The legend entries with their x, in document order.
fn legend_entries(svg: &str) -> Vec<(f64, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("cm-legend-label"))
        .map(|n| {
            (
                n.attribute("x").unwrap().parse().unwrap(),
                n.text().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The first "N km²" figure of a legend sentence.
fn km2_in(s: &str) -> f64 {
    let end = s.find(" km²").unwrap();
    let start = s[..end].rfind(' ').unwrap() + 1;
    s[start..end].replace(',', "").parse().unwrap()
}

#[test]
fn the_legend_sets_the_parts_of_the_ground_held_now_under_it() {
    // The ground held before the baseline and the ground to be returned are
    // inside the ground held now, painted in their own colours: their
    // entries sit indented under it and its figure says it is the whole, so
    // that a reader does not read the red as 115,804 km² of red.
    let out = tempfile::tempdir().unwrap();
    let geodata = crate::geodata();
    let o = run(
        &[
            "render",
            "--data",
            geodata.to_str().unwrap(),
            "--scenario",
            "alaska-terms",
            "--format",
            "svg",
            "--out",
            out.path().to_str().unwrap(),
        ],
        "2",
    );
    ok(&o);
    let svg = std::fs::read_to_string(out.path().join("alaska-terms.svg")).unwrap();
    let entries = legend_entries(&svg);
    let find = |start: &str| entries.iter().position(|(_, t)| t.starts_with(start)).unwrap();
    let (now, before, returned, handover) = (
        find("Held by Russia now"),
        find("Held before 24 February 2022"),
        find("To be returned by Russia"),
        find("To be handed over by Ukraine"),
    );
    assert!(entries[now].1.contains(" km² in all ("), "{}", entries[now].1);
    assert_eq!((before, returned), (now + 1, now + 2), "{entries:?}");
    for part in [before, returned] {
        assert!(entries[part].0 > entries[now].0, "{:?} not indented", entries[part]);
    }
    // The handover is not held now: it lines up with the whole.
    assert_eq!(entries[handover].0, entries[now].0);
    assert!(km2_in(&entries[before].1) + km2_in(&entries[returned].1) < km2_in(&entries[now].1));
}
