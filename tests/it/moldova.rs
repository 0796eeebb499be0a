//! The third example dataset (Moldova: Transnistria along the Dniester),
//! made from Natural Earth with the README's walkthrough alone: a unit
//! merged from two features (Dubăsari), one of two features of one name
//! picked by record number (Rîbnița, "Rezina" 949) and the other by a point
//! inside it (Rezina, 3261), units cut along the Dniester, and anchors on
//! both banks.

use std::path::{Path, PathBuf};

use claimsmap::model::{Anchor, Dataset};
use claimsmap::scenario::{Engine, check_anchors};
use claimsmap::scene::{self, Base, Options};
use claimsmap::write::svg;
use claimsmap::{present, stats};

fn moldova() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/moldova")
}

fn outcome(ds: &Dataset, id: &str) -> stats::ScenarioResult {
    let session = claimsmap::session::Session::with_dataset(ds.clone(), None).unwrap();
    session.stats(&session.resolve(id).unwrap())
}

fn unit<'a>(r: &'a stats::ScenarioResult, id: &str) -> &'a stats::UnitResult {
    r.units
        .iter()
        .find(|u| u.id == id)
        .unwrap_or_else(|| panic!("{id} in the stats"))
}

#[test]
fn moldova_loads_with_its_merged_and_selected_units() {
    let ds = claimsmap::load::dataset(&moldova()).expect("the Moldova dataset loads");
    // 40 Natural Earth features, two of them merged into Dubăsari.
    assert_eq!(ds.units.len(), 39);
    assert_eq!(ds.country.name, "Moldova");
    let area = |id: &str| {
        let u = ds.units.iter().find(|u| u.id == id).unwrap();
        claimsmap::geometry::area_km2(&u.geometry)
    };
    // Natural Earth's record 949 ("Rezina", east of the river) is Rîbnița; 3261 is Rezina.
    assert!((area("MD-SN-RI") - 734.0).abs() < 2.0, "{}", area("MD-SN-RI"));
    assert!((area("MD-RE") - 657.0).abs() < 2.0, "{}", area("MD-RE"));
    // Dubăsari: "Stîngă Nistrului" (615 km²) and "Transnistria" (17 km²), merged.
    assert!((area("MD-DU") - 632.0).abs() < 2.0, "{}", area("MD-DU"));
    let total: f64 = ds
        .units
        .iter()
        .map(|u| claimsmap::geometry::area_km2(&u.geometry))
        .sum();
    // The official 33,846 km², within Natural Earth's accuracy.
    assert!((total / 33_846.0 - 1.0).abs() < 0.03, "{total}");
    let unit_of = |place: &str| ds.places.iter().find(|p| p.id == place).unwrap().unit.clone();
    assert_eq!(unit_of("ribnita"), "MD-SN-RI");
    assert_eq!(unit_of("rezina"), "MD-RE");
    assert_eq!(unit_of("dubasari"), "MD-DU");
    assert_eq!(unit_of("cocieri"), "MD-DU");
    assert_eq!(unit_of("tiraspol"), "MD-BD");
}

#[test]
fn moldova_keeps_its_anchors_on_both_banks() {
    let ds = claimsmap::load::dataset(&moldova()).unwrap();
    let engine = Engine::new(&ds);
    let current = engine.current().unwrap();
    let wrong: Vec<String> = check_anchors(&ds, &current).iter().map(ToString::to_string).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    let side = |id: &str| ds.places.iter().find(|p| p.id == id).unwrap().anchor;
    // The test is only as good as the anchors: the ones a reader checks first.
    for held in [
        "tiraspol",
        "bender",
        "ribnita",
        "dubasari",
        "camenca",
        "grigoriopol",
        "slobozia",
    ] {
        assert_eq!(side(held), Some(Anchor::Held), "{held}");
    }
    for defender in ["chisinau", "cocieri", "rezina", "balti", "comrat"] {
        assert_eq!(side(defender), Some(Anchor::Defender), "{defender}");
    }
}

#[test]
fn moldova_areas_match_the_shares_and_the_scenarios() {
    let ds = claimsmap::load::dataset(&moldova()).unwrap();
    let r = outcome(&ds, "current");
    // Shares of Natural Earth's units: 3,162 km², 9.3 % of 33,846 km²
    // (Transnistria's own figure is 4,163 km²: Natural Earth's left bank is smaller).
    assert!((r.totals.held_km2 - 3162.0).abs() < 10.0, "{}", r.totals.held_km2);
    assert!(
        (0.090..=0.096).contains(&r.totals.held_share_of_country),
        "{}",
        r.totals.held_share_of_country
    );
    for (id, share) in [("MD-DU", 0.65), ("MD-SN-CA", 0.62), ("MD-BD", 1.0), ("MD-SN-RI", 1.0)] {
        let u = unit(&r, id);
        assert!(
            (u.held_share - share).abs() < 0.003,
            "{id}: {} of {}",
            u.held_km2,
            u.area_boundary_km2
        );
    }
    let back = outcome(&ds, "reintegration");
    assert_eq!(back.totals.after_km2, 0.0);
    assert!((back.totals.returned_km2 - r.totals.held_km2).abs() < 1.0);
    let frozen = outcome(&ds, "status-quo");
    assert!((frozen.totals.after_km2 - r.totals.held_km2).abs() < 1.0);
}

/// RGB pixels of the current map without its labels, and lon/lat → pixel.
fn probe(ds: &Dataset, id: &str) -> (u32, Vec<u8>, impl Fn(f64, f64) -> (usize, usize)) {
    let session = claimsmap::session::Session::with_dataset(ds.clone(), None).unwrap();
    let o = session.resolve(id).unwrap();
    let r = session.stats(&o);
    let mut s = scene::single(&Base::new(ds).unwrap(), &o, &r, &Options::default()).unwrap();
    s.layers.retain(|l| !l.id.ends_with("labels"));
    let png = present::png(&svg::write(&s), 2000).unwrap();
    let zoom = 2000.0 / s.width;
    let frame = s.panels[0];
    let proj = claimsmap::projection::Projection::new(ds.scenarios.map.projection.as_deref().unwrap()).unwrap();
    let (width, _, rgb) = super::png_rgb(&png);
    let to_px = move |lon: f64, lat: f64| {
        let (x, y) = proj.forward(lon, lat).unwrap();
        let (px, py) = frame.to_page(x, y);
        ((px * zoom).round() as usize, (py * zoom).round() as usize)
    };
    (width, rgb, to_px)
}

#[test]
fn moldova_map_colours_each_bank_right() {
    let ds = claimsmap::load::dataset(&moldova()).unwrap();
    let held = ds.scenarios.sides.occupier.colour.to_string();
    let defender = ds.scenarios.sides.defender.colour.to_string();
    let (width, rgb, px) = probe(&ds, "current");
    let at = |x: usize, y: usize| {
        let i = (y * width as usize + x) * 3;
        format!("#{:02x}{:02x}{:02x}", rgb[i], rgb[i + 1], rgb[i + 2])
    };
    // The colours in a 7 × 7 px square around a place (towns on the river
    // sit under its line), which must hold `want` and not the other side's fill.
    let around = |place: &str, want: &str, not: &str| {
        let p = ds.places.iter().find(|p| p.id == place).unwrap();
        let (x, y) = px(p.lon, p.lat);
        let mut seen = std::collections::BTreeSet::new();
        for dx in 0..7 {
            for dy in 0..7 {
                seen.insert(at(x + dx - 3, y + dy - 3));
            }
        }
        assert!(
            seen.contains(want) && !seen.contains(not),
            "{place}: want {want}, found {seen:?}"
        );
    };
    for town in ["tiraspol", "grigoriopol", "slobozia", "ribnita", "camenca"] {
        around(town, &held, &defender);
    }
    for town in ["chisinau", "balti", "comrat", "rezina"] {
        around(town, &defender, &held);
    }
    // Dubăsari and Cocieri lie by the line itself, 4 km apart: a few pixels
    // east of Dubăsari is held, west of Cocieri Moldova's (the anchor test checks the points themselves).
    let p = ds.places.iter().find(|p| p.id == "dubasari").unwrap();
    let (x, y) = px(p.lon, p.lat);
    assert_eq!(at(x + 3, y), held, "east of Dubăsari");
    let p = ds.places.iter().find(|p| p.id == "cocieri").unwrap();
    let (x, y) = px(p.lon, p.lat);
    assert_eq!(at(x - 3, y), defender, "west of Cocieri");
    // West of the river in Natural Earth's Camenca: Moldova's side.
    let (x, y) = px(28.6, 47.95);
    assert_eq!(at(x, y), defender, "Camenca's unit west of the Dniester");
}

#[test]
fn moldova_legend_names_the_long_side_without_overlap() {
    let ds = claimsmap::load::dataset(&moldova()).unwrap();
    let session = claimsmap::session::Session::with_dataset(ds, None).unwrap();
    let o = session.resolve("status-quo").unwrap();
    let r = session.stats(&o);
    let s = scene::single(&Base::new(session.dataset()).unwrap(), &o, &r, &Options::default()).unwrap();
    let names: Vec<&str> = s.texts().map(|t| t.text.as_str()).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Held by Transnistria (Russian-backed) now: 3,16")),
        "{names:?}"
    );
    for key in ["Chișinău", "Tiraspol", "Rîbnița", "Cocieri", "Bender"] {
        assert!(names.contains(&key), "{key} missing: {names:?}");
    }
    let text = svg::write(&s);
    assert!(text.contains("class=\"cm-frozen\""));
}

#[test]
fn tables_size_their_columns_to_long_ids_and_names() {
    let run = |cmd: &str| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_claimsmap"));
        c.arg(cmd).arg("--data").arg(moldova());
        if cmd == "stats" {
            c.args(["--scenario", "current"]);
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let stats = run("stats");
    // Ids of 8 characters and names of 19: every row as wide as the header.
    let rows: Vec<&str> = stats.lines().skip(1).filter(|l| !l.is_empty()).collect();
    let widths: Vec<usize> = rows.iter().map(|l| l.chars().count()).collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{stats}");
    assert!(
        stats.contains(
            "\n  MD-SN-CA Camenca                   667       414  62.0 %       414  62.0 %         0         0\n"
        ),
        "{stats}"
    );
    let units = run("units");
    let widths: Vec<usize> = units
        .lines()
        .filter(|l| !l.starts_with("total"))
        .map(|l| l.chars().count())
        .collect();
    assert!(widths.iter().all(|w| *w == widths[0]), "{units}");
    assert!(
        units.contains("\nMD-SN-CA Camenca                       667            -        -   62.0 %        414\n"),
        "{units}"
    );
}

#[test]
fn the_change_table_sizes_its_columns_to_long_ids_and_names() {
    // Moldova with an earlier, smaller Camenca row: a unit with an id of 8
    // characters gains ground between the two dates.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("moldova");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(moldova()).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
        }
    }
    let control = std::fs::read_to_string(data.join("control.csv")).unwrap();
    std::fs::write(
        data.join("control.csv"),
        control.replacen(
            "MD-SN-CA,0.62,",
            "MD-SN-CA,0.40,0.30,0.50,2020-01-01,estimate,Test Wire,an earlier Camenca\nMD-SN-CA,0.62,",
            1,
        ),
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(["stats", "--data"])
        .arg(&data)
        .args(["--change", "2020-01-01,2025-10-01"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8(o.stdout).unwrap();
    // The header, every unit and the total, as wide as each other.
    let rows: Vec<&str> = table.lines().skip(1).filter(|l| l.starts_with("  ")).collect();
    assert!(rows.iter().any(|l| l.contains("MD-SN-CA Camenca")), "{table}");
    let widths: Vec<usize> = rows.iter().map(|l| l.chars().count()).collect();
    assert!(rows.len() >= 3 && widths.iter().all(|w| *w == widths[0]), "{table}");
}
