//! Property tests: random and mutated inputs to the loaders and the engine
//! never panic, and every error names its file (and, where it can, the line
//! or feature).

use std::path::Path;

use claimsmap::Error;
use claimsmap::load::{control, geojson, places, scenarios};
use claimsmap::scenario::Engine;
use proptest::prelude::*;

fn tiny(file: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden/tiny")
            .join(file),
    )
    .unwrap()
}

/// Edits: (where, what, character). 0 deletes a run, 1 inserts, 2 duplicates a run.
fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, char)>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            0..3u8,
            prop::sample::select(&b"[]{}\",:0123456789.-e#\n =TU"[..]).prop_map(char::from),
        ),
        1..6,
    )
}

fn mutate(text: &str, edits: &[(prop::sample::Index, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, op, c) in edits {
        if chars.is_empty() {
            chars.push(*c);
            continue;
        }
        let i = at.index(chars.len());
        match op {
            0 => {
                let end = (i + 1 + i % 7).min(chars.len());
                chars.drain(i..end);
            }
            1 => chars.insert(i, *c),
            _ => {
                let end = (i + 1 + i % 11).min(chars.len());
                let run: Vec<char> = chars[i..end].to_vec();
                chars.splice(i..i, run);
            }
        }
    }
    chars.into_iter().collect()
}

/// Every problem of an input error names the file it is about.
fn located(e: &Error, file: &str) -> bool {
    match e {
        Error::Invalid(ps) => !ps.is_empty() && ps.iter().all(|p| p.to_string().starts_with(file)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn control_tables_never_panic(edits in edits(), noise in "[ -~\n]{0,200}") {
        for text in [mutate(&tiny("control.csv"), &edits), noise.clone()] {
            if let Err(e) = control::parse(Path::new("c.csv"), &text) {
                prop_assert!(located(&e, "c.csv"), "{e}");
            }
        }
    }

    #[test]
    fn places_never_panic(edits in edits()) {
        if let Err(e) = places::parse(Path::new("p.csv"), &mutate(&tiny("places.csv"), &edits)) {
            prop_assert!(located(&e, "p.csv"), "{e}");
        }
    }

    #[test]
    fn scenario_files_never_panic(edits in edits()) {
        let units = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")).unwrap().units;
        if let Err(e) = scenarios::parse(Path::new("s.toml"), &mutate(&tiny("scenarios.toml"), &edits), &units) {
            prop_assert!(located(&e, "s.toml"), "{e}");
        }
    }

    #[test]
    fn geojson_never_panics(edits in edits()) {
        if let Err(e) = geojson::polygon_features(Path::new("u.geojson"), &mutate(&tiny("units.geojson"), &edits), "id") {
            prop_assert!(located(&e, "u.geojson"), "{e}");
        }
    }

    #[test]
    fn random_polygons_as_lines_never_panic(points in prop::collection::vec((9.5f64..12.5, 49.5f64..51.5), 3..12)) {
        let ds = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")).unwrap();
        let ring: Vec<String> = points.iter().chain(points.first()).map(|(x, y)| format!("[{x},{y}]")).collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
            ring.join(",")
        );
        match geojson::polygon_features(Path::new("l.geojson"), &text, "id") {
            Ok(features) => {
                let held = geo::MultiPolygon(features.into_iter().flat_map(|f| f.geometry.0).collect());
                let (control, _) = Engine::new(&ds).from_lines(&held).unwrap();
                for (h, u) in control.held.iter().zip(&ds.units) {
                    let share = claimsmap::geometry::area_km2(h) / u.area_km2;
                    prop_assert!((0.0..=1.0 + 1e-9).contains(&share), "{share}");
                }
            }
            Err(e) => prop_assert!(located(&e, "l.geojson"), "{e}"),
        }
    }

    #[test]
    fn any_share_fits_within_tolerance(share in 0.0f64..=1.0) {
        let ds = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")).unwrap();
        let unit = 1; // East borders the occupier; West does not (see below).
        let held = Engine::new(&ds).fit(unit, share).unwrap();
        let got = claimsmap::geometry::area_km2(&held) / ds.units[unit].area_km2;
        if share * ds.units[unit].area_km2 < claimsmap::scenario::fit::MIN_HELD_KM2 {
            // Below the smallest area drawn: nothing is drawn.
            prop_assert!(held.0.is_empty() || share >= 1.0, "{share} -> {got}");
        } else {
            prop_assert!((got - share).abs() <= claimsmap::scenario::fit::SHARE_TOLERANCE * share.max(1e-9) + 1e-9, "{share} -> {got}");
        }
    }
}

#[test]
fn a_unit_without_the_seed_border_gets_a_clear_error() {
    let ds = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")).unwrap();
    let err = Engine::new(&ds).fit(0, 0.5).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let dir = ds.dir.display();
    assert_eq!(
        err.to_string(),
        format!(
            "{dir}/fit.toml: unit T-1 (West) has no border with OC to grow its held area from; add a hint for it naming one of its borders: NB, T-2, sea"
        )
    );
}

/// Hostile text: formula starters, control and bidi characters, quotes,
/// separators, and long runs.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        "\n",
        "\u{1b}[31m",
        "\u{1b}]0;x\u{7}",
        "\u{9b}",
        "\u{202E}",
        "\u{2066}",
        "\"",
        ",",
        ";",
        "'",
        "SUM(A1)",
        "Донецьк",
        "-12.5",
        " ",
        "\u{0}",
        "\u{FEFF}",
    ]);
    (prop::collection::vec(pieces, 0..12), "[ -~]{0,20}", 0..400usize).prop_map(|(v, tail, pad)| {
        let mut s = v.concat();
        s.push_str(&tail);
        if pad > 380 {
            s.push_str(&"x".repeat(pad * 10));
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn csv_cells_from_input_never_hold_a_formula_or_a_control(s in hostile_text()) {
        let line = format!("0,{},1\n", claimsmap::write::tables::csv_field(&s));
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        prop_assert_eq!(row.len(), 3, "{:?}", line);
        let cell = &row[1];
        prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
        prop_assert!(!cell.chars().any(|c| c.is_control() && c != '\n'), "{:?}", cell);
        // Only the neutralising quote is added; the rest is the text, sanitised.
        let want = claimsmap::sanitize::terminal(&s);
        prop_assert_eq!(cell.strip_prefix('\'').filter(|_| claimsmap::sanitize::looks_like_formula(&s)).unwrap_or(cell), want.as_str());
    }

    #[test]
    fn table_cells_never_carry_a_control_or_a_line_break(s in hostile_text()) {
        let cell = claimsmap::sanitize::terminal_cell(&s);
        prop_assert!(!cell.chars().any(|c| c.is_control()), "{:?}", cell);
        prop_assert!(!cell.contains(['\u{202E}', '\u{2066}']), "{:?}", cell);
    }

    #[test]
    fn output_names_never_leave_the_folder(s in hostile_text(), sep in prop::sample::select(vec!["", "/", "../", "/..", "./"])) {
        let dir = tempfile::tempdir().unwrap();
        let out = claimsmap::output::OutDir::create(dir.path()).unwrap();
        let name = format!("{sep}{s}");
        if let Ok(path) = out.resolve(&name) {
            prop_assert!(path.starts_with(dir.path()), "{:?}", path);
            prop_assert!(!path.components().any(|c| matches!(c, std::path::Component::ParentDir)), "{:?}", path);
            for part in path.strip_prefix(dir.path()).unwrap().components() {
                let part = part.as_os_str().to_string_lossy();
                prop_assert!(part.len() <= claimsmap::output::MAX_NAME_BYTES);
                prop_assert!(!claimsmap::output::windows_reserved(&part));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn accepted_scenario_ids_are_safe_output_names(id in prop_oneof![
        "[a-zA-Z0-9_-]{1,80}",
        prop::sample::select(vec!["con", "NUL", "com1", "Lpt9", "aux", "prn", "com10", "nul-x"]).prop_map(str::to_string),
        "[ -~]{0,30}",
    ]) {
        let units = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")).unwrap().units;
        let text = tiny("scenarios.toml").replace("id = \"give-east\"", &format!("id = {}", toml_string(&id)));
        match scenarios::parse(Path::new("s.toml"), &text, &units) {
            Ok(_) => {
                let dir = tempfile::tempdir().unwrap();
                let out = claimsmap::output::OutDir::create(dir.path()).unwrap();
                for name in [format!("{id}.svg"), format!("{id}-compare.png")] {
                    prop_assert!(out.resolve(&name).is_ok(), "{}", name);
                }
            }
            Err(e) => prop_assert!(located(&e, "s.toml:23"), "{e}"),
        }
    }
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
