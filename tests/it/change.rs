//! Change maps through the real binary on the Ukraine dataset: the
//! legend's and the description's km² against `stats --change`, gained −
//! lost against the two dates' held areas in `stats --timeline`, the same
//! bytes on every run and thread count, every layout and format, and the
//! gallery's change section. (Pixel probes and colour checks are in
//! `render`; bad input in the corpus.)

use std::path::Path;
use std::process::{Command, Output};

use super::geodata;

const PAIR: &str = "2022-03-25,2025-08-15";

fn run(args: &[&str], threads: &str) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&run(args, "2").stdout).unwrap()
}

/// Texts of the elements with `class`, in document order.
fn texts_of(svg: &str, class: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn render_svg(dir: &Path, extra: &[&str]) -> String {
    let data = geodata();
    let out = dir.to_str().unwrap();
    let mut args = vec![
        "render",
        "--data",
        data.to_str().unwrap(),
        "--change",
        PAIR,
        "--out",
        out,
    ];
    args.extend(extra);
    run(&args, "2");
    std::fs::read_to_string(dir.join("change-2022-03-25-2025-08-15.svg")).unwrap()
}

fn km2(v: f64) -> String {
    claimsmap::format::km2(v)
}

/// True when `text` holds `{prefix}N km²` for the km² the JSON's figure
/// `v` (rounded to 0.1) comes from: N is the figure rounded, either way
/// of the JSON's own rounding.
fn has_km2(text: &str, prefix: &str, v: f64) -> bool {
    [v - 0.05, v + 0.05]
        .iter()
        .any(|x| text.contains(&format!("{prefix}{} km²", km2(*x))))
}

#[test]
fn the_legend_and_description_give_the_figures_of_stats_change() {
    let data = geodata();
    let stats = json(&[
        "stats",
        "--data",
        data.to_str().unwrap(),
        "--change",
        PAIR,
        "--format",
        "json",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(dir.path(), &["--format", "svg"]);
    let t = &stats["totals"];
    let f = |k: &str| t[k].as_f64().unwrap();
    let legend = texts_of(&svg, "cm-legend-label");
    let find = |start: &str| {
        legend
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no legend entry {start}: {legend:?}"))
            .clone()
    };
    assert!(
        has_km2(&find("Gained by Russia since 25 March 2022: "), ": ", f("gained_km2")),
        "{legend:?}"
    );
    assert!(has_km2(
        &find("Lost by Russia since 25 March 2022: "),
        ": ",
        f("lost_km2")
    ));
    let net = find("Net: ");
    assert!(has_km2(&net, "Net: −", -f("net_km2")), "{net}");
    assert!(
        has_km2(&net, "(from ", f("held_from_km2")) && has_km2(&net, "to ", f("held_to_km2")),
        "{net}"
    );
    assert!(net.contains("23.1 %") && net.contains("19.2 %"), "{net}");
    assert!(has_km2(
        &find("Held by Russia on both dates: "),
        ": ",
        f("held_both_km2")
    ));
    // People where the dataset has them, as the other maps give them.
    let people = t["people_lost"].as_u64().unwrap();
    assert!(people > 100_000, "{people}");
    assert!(find("Lost by").contains(&format!(
        "≈ {} people before the war",
        claimsmap::format::rounded_count(people)
    )));
    // Every unit whose ground changed hands, with its km², signed.
    let by_unit = texts_of(&svg, "cm-legend-label");
    for u in stats["units"].as_array().unwrap() {
        let (g, l) = (u["gained_km2"].as_f64().unwrap(), u["lost_km2"].as_f64().unwrap());
        let name = u["name"].as_str().unwrap();
        let line = by_unit.iter().find(|s| s.starts_with(&format!("{name}: ")));
        if g.round() == 0.0 && l.round() == 0.0 {
            assert!(line.is_none(), "{name} changed nothing: {line:?}");
            continue;
        }
        let line = line.unwrap_or_else(|| panic!("{name} is missing from the legend"));
        if g.round() > 0.0 {
            assert!(has_km2(line, "+", g), "{line} against {g}");
        }
        if l.round() > 0.0 {
            assert!(has_km2(line, "−", l), "{line} against {l}");
        }
    }
    // The description carries the totals with the people's range.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap()
        .to_string();
    assert!(
        desc.starts_with("Change between 25 March 2022 and 15 August 2025."),
        "{desc}"
    );
    assert!(
        has_km2(&desc, "Gained by Russia: ", f("gained_km2")) && desc.contains("km², about "),
        "{desc}"
    );
    assert!(has_km2(&desc, "Lost: ", f("lost_km2")), "{desc}");
    assert!(desc.contains("Kharkiv: −"), "{desc}");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(title, "Change between 25 March 2022 and 15 August 2025");
    // The table and the CSV give the same figures.
    let table =
        String::from_utf8(run(&["stats", "--data", data.to_str().unwrap(), "--change", PAIR], "2").stdout).unwrap();
    let total = table.lines().find(|l| l.trim_start().starts_with("total")).unwrap();
    assert!(
        ["gained_km2", "lost_km2"]
            .iter()
            .all(|k| [f(k) - 0.05, f(k) + 0.05].iter().any(|x| total.contains(&km2(*x)))),
        "{total}"
    );
    let csv = String::from_utf8(
        run(
            &[
                "stats",
                "--data",
                data.to_str().unwrap(),
                "--change",
                PAIR,
                "--format",
                "csv",
            ],
            "2",
        )
        .stdout,
    )
    .unwrap();
    assert!(csv.starts_with(claimsmap::write::tables::CHANGE_CSV_HEADER), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 27 + 1, "a row per unit and a total");
}

#[test]
fn gained_minus_lost_is_the_change_of_the_held_area() {
    let data = geodata();
    let d = data.to_str().unwrap();
    let timeline = json(&["stats", "--data", d, "--timeline", "--format", "json"]);
    let held_on = |date: &str| {
        let entry = timeline["dates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["date"] == date)
            .unwrap();
        entry["totals"]["held_km2"].as_f64().unwrap()
    };
    for pair in [
        "2022-02-23,2025-08-15",
        PAIR,
        "2022-03-25,2022-11-12",
        "2014-03-18,2015-02-20",
    ] {
        let c = json(&["stats", "--data", d, "--change", pair, "--format", "json"]);
        let (from, to) = pair.split_once(',').unwrap();
        let t = &c["totals"];
        let f = |k: &str| t[k].as_f64().unwrap();
        // The held areas are those of the timeline, each date's own fit.
        assert!((f("held_from_km2") - held_on(from)).abs() <= 0.1, "{pair}: {t}");
        assert!((f("held_to_km2") - held_on(to)).abs() <= 0.1, "{pair}: {t}");
        let diff = (f("gained_km2") - f("lost_km2")) - (held_on(to) - held_on(from));
        assert!(
            diff.abs() <= 1.0,
            "{pair}: gained − lost is {diff:.2} km² off the change of the held area"
        );
        for u in c["units"].as_array().unwrap() {
            let g = |k: &str| u[k].as_f64().unwrap();
            let diff = (g("gained_km2") - g("lost_km2")) - (g("held_to_km2") - g("held_from_km2"));
            assert!(diff.abs() <= 0.5, "{pair} {}: {diff:.2} km²", u["id"]);
        }
    }
    // Since the eve of the invasion, nested fits lose no ground.
    let c = json(&[
        "stats",
        "--data",
        d,
        "--change",
        "2022-02-23,2025-08-15",
        "--format",
        "json",
    ]);
    assert!(c["totals"]["lost_km2"].as_f64().unwrap() < 1.0, "{}", c["totals"]);
}

#[test]
fn a_change_map_has_the_same_bytes_on_every_run_and_thread_count() {
    let data = geodata();
    let d = data.to_str().unwrap();
    let files = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_str().unwrap();
        run(
            &[
                "render", "--data", d, "--change", PAIR, "--format", "svg,png", "--width", "900", "--out", out,
            ],
            threads,
        );
        ["svg", "png"].map(|e| std::fs::read(dir.path().join(format!("change-2022-03-25-2025-08-15.{e}"))).unwrap())
    };
    let a = files("2");
    assert_eq!(a, files("2"), "two runs");
    assert_eq!(a, files("1"), "one thread and two");
}

#[test]
fn every_layout_and_format_draws_the_change_map() {
    let data = geodata();
    let d = data.to_str().unwrap();
    for (layout, width) in [("column", "700"), ("wide", "1000"), ("full", "1400")] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_str().unwrap();
        let o = run(
            &[
                "render",
                "--data",
                d,
                "--change",
                PAIR,
                "--layout",
                layout,
                "--format",
                "svg,png,pdf",
                "--width",
                "800",
                "--out",
                out,
            ],
            "2",
        );
        let listed = String::from_utf8_lossy(&o.stdout);
        for ext in ["svg", "png", "pdf"] {
            let file = dir.path().join(format!("change-2022-03-25-2025-08-15.{ext}"));
            assert!(
                file.is_file() && listed.contains(&file.display().to_string()),
                "{layout} {ext}: {listed}"
            );
        }
        let svg = std::fs::read_to_string(dir.path().join("change-2022-03-25-2025-08-15.svg")).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let view = doc.root_element().attribute("viewBox").unwrap();
        assert_eq!(view.split(' ').nth(2), Some(width), "{layout}: {view}");
        let png = std::fs::read(dir.path().join("change-2022-03-25-2025-08-15.png")).unwrap();
        assert_eq!(super::png_rgb(&png).0, 800);
        assert!(
            std::fs::read(dir.path().join("change-2022-03-25-2025-08-15.pdf"))
                .unwrap()
                .starts_with(b"%PDF")
        );
    }
}

#[test]
fn the_gallery_shows_each_change_map_with_its_table() {
    // The tiny dataset with a second date: East a fifth held in 2022,
    // half in 2025.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    for e in std::fs::read_dir(&tiny).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let control = std::fs::read_to_string(data.join("control.csv")).unwrap();
    let at = control.find("\nT-2,").unwrap() + 1;
    std::fs::write(
        data.join("control.csv"),
        format!(
            "{}T-2,0.2,0.1,0.3,2022-02-23,estimate,Test Wire,a fifth of East\n{}",
            &control[..at],
            &control[at..]
        ),
    )
    .unwrap();
    let (d, out) = (data.to_str().unwrap(), dir.path().join("out"));
    let pair = "2022-02-23,2025-08-16";
    run(
        &[
            "render",
            "--data",
            d,
            "--all",
            "--change",
            pair,
            "--format",
            "svg",
            "--out",
            out.to_str().unwrap(),
        ],
        "2",
    );
    let stats = json(&["stats", "--data", d, "--change", pair, "--format", "json"]);
    let gained = stats["totals"]["gained_km2"].as_f64().unwrap();
    assert!(gained > 1_000.0, "{stats}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let start = html
        .find("<section id=\"change-2022-02-23-2025-08-16\">")
        .expect("a change section");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(section.contains("<h2>Change between 23 February 2022 and 16 August 2025</h2>"));
    assert!(section.contains("<svg"), "the map inline");
    let total = section.lines().find(|l| l.starts_with("<tr><td>Total</td>")).unwrap();
    let cell = format!("<td>+{}</td>", km2(gained));
    assert!(total.contains(&cell), "{total} lacks {cell}");
    assert!(out.join("change-2022-02-23-2025-08-16.svg").is_file());
}

/// The rings of an SVG path with absolute or relative moves and lines
/// (`M m L l H h V v Z z`, as claimsmap writes them), in page units.
fn path_rings(d: &str) -> Vec<Vec<(f64, f64)>> {
    let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    let mut cmd = 'M';
    let mut nums: Vec<f64> = Vec::new();
    let flush = |cmd: char, nums: &mut Vec<f64>, x: &mut f64, y: &mut f64, rings: &mut Vec<Vec<(f64, f64)>>| {
        let step = if cmd.eq_ignore_ascii_case(&'h') || cmd.eq_ignore_ascii_case(&'v') {
            1
        } else {
            2
        };
        for (k, c) in nums.chunks(step).enumerate() {
            match cmd {
                'M' | 'L' => (*x, *y) = (c[0], c[1]),
                'm' | 'l' => (*x, *y) = (*x + c[0], *y + c[1]),
                'H' => *x = c[0],
                'h' => *x += c[0],
                'V' => *y = c[0],
                'v' => *y += c[0],
                _ => {}
            }
            if (cmd == 'M' || cmd == 'm') && k == 0 {
                rings.push(Vec::new());
            }
            if let Some(r) = rings.last_mut() {
                r.push((*x, *y));
            }
        }
        nums.clear();
    };
    let mut token = String::new();
    for ch in d.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_digit() || ch == '.' || (ch == '-' && token.is_empty()) {
            token.push(ch);
            continue;
        }
        if !token.is_empty() {
            nums.push(token.parse().unwrap());
            token.clear();
        }
        if ch == '-' {
            token.push(ch);
        } else if ch.is_ascii_alphabetic() {
            flush(cmd, &mut nums, &mut x, &mut y, &mut rings);
            cmd = ch;
        }
    }
    flush(cmd, &mut nums, &mut x, &mut y, &mut rings);
    rings
}

fn in_ring((px, py): (f64, f64), ring: &[(f64, f64)]) -> bool {
    let mut inside = false;
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
        if (a.1 > py) != (b.1 > py) && px < (b.0 - a.0) * (py - a.1) / (b.1 - a.1) + a.0 {
            inside = !inside;
        }
    }
    inside
}

#[test]
fn a_callout_is_not_written_over_another_units_gained_or_lost_ground() {
    // Zhytomyr's −597 km² was written over Kyiv Oblast's lost ground, where
    // a reader takes it for Kyiv Oblast's figure; it now stands aside.
    let dir = tempfile::tempdir().unwrap();
    let svg = render_svg(dir.path(), &["--format", "svg"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let grounds: Vec<Vec<Vec<(f64, f64)>>> = doc
        .descendants()
        .filter(|n| matches!(n.attribute("class"), Some("cm-lost" | "cm-gained")))
        .filter_map(|n| n.attribute("d"))
        .map(path_rings)
        .collect();
    assert!(
        grounds.len() >= 8,
        "a path per unit that gained or lost: {}",
        grounds.len()
    );
    let labels: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cm-callout-label"))
        .collect();
    let leaders: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cm-callout-leader"))
        .filter_map(|n| n.attribute("d"))
        .map(|d| path_rings(d)[0][0])
        .collect();
    assert!(
        labels.len() >= 3 && labels.len() == leaders.len(),
        "{} callouts",
        labels.len()
    );
    for (label, start) in labels.iter().zip(&leaders) {
        let text = label.text().unwrap_or_default();
        let x: f64 = label.attribute("x").unwrap().parse().unwrap();
        let y: f64 = label.attribute("y").unwrap().parse().unwrap();
        // The box the text takes: bold 11 px, about 0.62 em a character.
        let w = text.chars().count() as f64 * 11.0 * 0.62;
        let (left, right, top, bottom) = (x - w / 2.0, x + w / 2.0, y - 9.0, y + 2.0);
        let inside_box = |&(px, py): &(f64, f64)| px > left && px < right && py > top && py < bottom;
        for ground in &grounds {
            // Its own unit's ground holds the leader's start.
            if ground.iter().any(|r| in_ring(*start, r)) {
                continue;
            }
            let over = ground.iter().flatten().any(inside_box)
                || ground.iter().any(|r| {
                    [(left, top), (right, top), (left, bottom), (right, bottom)]
                        .iter()
                        .any(|c| in_ring(*c, r))
                });
            assert!(
                !over,
                "the callout \"{text}\" lies over another unit's gained or lost ground"
            );
        }
    }
}

#[test]
fn a_change_before_the_population_figures_dates_its_people_by_them() {
    // Counted with the figures of 1 January 2022, the people of a change
    // between 2014 and 2015 are not "before the war": which war?
    let dir = tempfile::tempdir().unwrap();
    let data = geodata();
    let out = dir.path().to_str().unwrap();
    for pair in ["2014-03-18,2015-02-20", PAIR] {
        run(
            &[
                "render",
                "--data",
                data.to_str().unwrap(),
                "--change",
                pair,
                "--format",
                "svg",
                "--out",
                out,
            ],
            "2",
        );
    }
    let early = std::fs::read_to_string(dir.path().join("change-2014-03-18-2015-02-20.svg")).unwrap();
    let gained = texts_of(&early, "cm-legend-label")
        .into_iter()
        .find(|t| t.starts_with("Gained by Russia"))
        .unwrap();
    assert!(gained.ends_with("people as of 1 January 2022"), "{gained}");
    assert!(
        texts_of(&early, "cm-legend-label")
            .iter()
            .all(|t| !t.contains("before the war")),
        "the 2014 change says when its people lived there"
    );
    let later = std::fs::read_to_string(dir.path().join("change-2022-03-25-2025-08-15.svg")).unwrap();
    assert!(
        later.contains("people before the war"),
        "a change after the figures keeps the words"
    );
}
