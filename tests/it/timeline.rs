//! The control table through time on the committed dataset: each
//! snapshot's total against the band its sources give, and the nesting of
//! consecutive snapshots' fitted areas.

use claimsmap::geometry::area_km2;
use claimsmap::model::IsoDate;
use claimsmap::scenario::{Engine, check_anchors_on};
use geo::BooleanOps;

use super::dataset;

/// Each snapshot with the band of the country's area (per cent) its sources
/// give, as `geodata/control.csv`'s header cites them.
const BANDS: [(&str, f64, f64, &str); 8] = [
    ("2014-03-18", 4.2, 4.7, "Crimea and Sevastopol, about 27,000 km² (NDTV)"),
    (
        "2015-02-20",
        6.5,
        8.0,
        "about 7 % before 24 February 2022 (Forbes; bne IntelliNews)",
    ),
    (
        "2022-02-23",
        6.5,
        8.0,
        "about 7 % before 24 February 2022 (Forbes; bne IntelliNews)",
    ),
    (
        "2022-03-25",
        21.5,
        27.0,
        "22 % (The Times / ISW) to nearly 25 % (War Mapper); over 160,000 km² (ISW)",
    ),
    (
        "2022-11-12",
        16.5,
        18.5,
        "17 % (Guardian / ISW, Feb 2023); 16.55 % (War Mapper, Jan 2023)",
    ),
    (
        "2023-12-31",
        17.0,
        19.0,
        "584 km² more than the year before (AFP / ISW)",
    ),
    (
        "2024-12-31",
        18.0,
        19.5,
        "about 18 % (Italian press, Jan 2025); 3,985 km² more in 2024 (AFP / ISW)",
    ),
    (
        "2025-08-15",
        18.5,
        20.0,
        "about a fifth (the reports around the Alaska summit)",
    ),
];

fn date(text: &str) -> IsoDate {
    IsoDate::parse(text).unwrap()
}

#[test]
fn the_dataset_ships_the_eight_snapshots() {
    let ds = dataset();
    let dates: Vec<String> = ds.snapshot_dates().iter().map(ToString::to_string).collect();
    let want: Vec<&str> = BANDS.iter().map(|b| b.0).collect();
    assert_eq!(dates, want);
    for r in &ds.history {
        assert!(!r.source.is_empty(), "line {}", r.line);
    }
}

#[test]
fn each_snapshot_total_lies_in_its_sources_band() {
    let ds = dataset();
    let country = ds.country_reporting_area_km2();
    for (d, low, high, why) in BANDS {
        let at = ds.clone().at(date(d));
        let km2: f64 = at
            .control
            .iter()
            .map(|r| r.share * at.unit(&r.unit).unwrap().reporting_area_km2())
            .sum();
        let pct = km2 / country * 100.0;
        assert!(
            (low..=high).contains(&pct),
            "{d}: {pct:.2} % outside {low}..{high} ({why})"
        );
    }
}

#[test]
fn dated_anchors_are_on_their_side_and_snapshots_nest() {
    let ds = dataset();
    let engine = Engine::new(&ds);
    let dates = ds.snapshot_dates();
    let areas: Vec<_> = dates.iter().map(|d| engine.control_on(*d).unwrap()).collect();
    // Every snapshot's lines put the dated anchors on their side.
    for (d, control) in dates.iter().zip(&areas) {
        let wrong: Vec<String> = check_anchors_on(&ds, control, Some(*d))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(wrong.is_empty(), "{d}: {wrong:#?}");
    }
    // The latest snapshot is today's single-date fit, unchanged.
    assert_eq!(areas.last().unwrap(), &engine.current().unwrap());
    // A session remembers its fits and shares them between the dates,
    // newest first or oldest first: the same areas as fitted afresh.
    let session = claimsmap::Session::with_dataset(ds.clone(), None).unwrap();
    for d in dates.iter().rev().chain(&dates) {
        let i = dates.iter().position(|x| x == d).unwrap();
        assert_eq!(session.engine().control_on(*d).unwrap(), areas[i], "{d}");
    }
    for (i, unit) in ds.units.iter().enumerate() {
        for w in 0..dates.len() - 1 {
            let (a, b) = (&areas[w].held[i], &areas[w + 1].held[i]);
            let (sa, sb) = (area_km2(a), area_km2(b));
            // The part of the smaller area outside the larger.
            let outside = if sb >= sa {
                area_km2(&a.difference(b))
            } else {
                area_km2(&b.difference(a))
            };
            assert!(
                outside <= 0.005 * unit.area_km2,
                "{} {}→{}: {outside:.1} km² of the smaller area lies outside the larger",
                unit.id,
                dates[w],
                dates[w + 1]
            );
        }
    }
}

#[test]
fn anchors_carry_dates() {
    let ds = dataset();
    let latest = *ds.snapshot_dates().last().unwrap();
    let side = |id: &str, d: &str| {
        ds.places
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .anchor_on(date(d), latest)
    };
    use claimsmap::model::Anchor::{Defender, Held};
    assert_eq!(side("kherson", "2022-02-23"), Some(Defender));
    assert_eq!(side("kherson", "2022-03-25"), Some(Held));
    assert_eq!(side("kherson", "2022-11-12"), Some(Defender));
    assert_eq!(side("mariupol", "2022-03-25"), None, "besieged, not checked");
    assert_eq!(side("mariupol", "2022-11-12"), Some(Held));
    assert_eq!(side("donetsk", "2015-02-20"), Some(Held));
    assert_eq!(side("simferopol", "2014-03-18"), Some(Held));
}

/// An anchor the lines of an earlier snapshot contradict is refused with a
/// hint naming that snapshot's share, not the latest one.
#[test]
fn an_anchor_wrong_at_an_earlier_snapshot_names_that_snapshots_share() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(super::geodata()).unwrap() {
        let f = f.unwrap();
        if f.file_type().unwrap().is_file() {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    // Far inside the held ground of 2015 (Donetsk city), marked as the
    // defender's until 2024.
    let places = dir.path().join("places.csv");
    let mut text = std::fs::read_to_string(&places).unwrap();
    text.push_str("probe,Probe,Проба,37.80,48.00,UA-14,3,defender@2014-03-18 held@2024-02-17,test\n");
    std::fs::write(&places, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(["validate", "--data", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("on 2015-02-20"))
        .unwrap_or_else(|| panic!("no message for 2015-02-20:\n{err}"));
    assert!(
        line.contains("anchor \"probe\" should be on the defender side on 2015-02-20")
            && line.contains("check the share of UA-14 on 2015-02-20 in control.csv (0.33)"),
        "{line}"
    );
    assert!(!err.contains("(0.75)"), "no hint names the latest share:\n{err}");
}

#[test]
fn a_date_between_snapshots_is_the_snapshot_in_force_and_dates_the_map_by_it() {
    let ds = dataset();
    let between = ds.clone().at(date("2023-06-01"));
    assert_eq!(between.scenarios.map.as_of, date("2022-11-12"));
    assert_eq!(between.control, ds.clone().at(date("2022-11-12")).control);
    assert!(
        between.scenario_text("current").0.ends_with("12 November 2022"),
        "{:?}",
        between.scenario_text("current")
    );
    // After the last snapshot: the last, which is the dataset's own date.
    let after = ds.clone().at(date("2030-01-01"));
    assert_eq!(after.scenarios.map.as_of, date("2025-08-15"));
    assert!(after.moved_from.is_none(), "today's lines are not another snapshot's");
}

#[test]
fn render_all_on_an_early_snapshot_leaves_out_the_proposals_that_cannot_apply() {
    let out = tempfile::tempdir().unwrap();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/geodata");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args([
            "render",
            "--data",
            data,
            "--all",
            "--as-of",
            "2014-03-18",
            "--format",
            "svg",
        ])
        .args(["--out", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("left out: scenario plan-20-points-dmz on the lines of 2014-03-18"),
        "{err}"
    );
    assert!(out.path().join("current-2014-03-18.svg").is_file());
    assert!(!out.path().join("plan-20-points-dmz-2014-03-18.svg").exists());
    let index = std::fs::read_to_string(out.path().join("index-2014-03-18.html")).unwrap();
    assert!(
        !index.contains("plan-20-points-dmz-2014-03-18.svg"),
        "the gallery lists only what was drawn"
    );
}

#[test]
fn a_render_that_fails_leaves_no_folder_it_made() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("maps");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/geodata");
    // Named, the proposal that cannot apply to the lines of 2014 is an error.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args([
            "render",
            "--data",
            data,
            "--scenario",
            "plan-20-points-dmz",
            "--as-of",
            "2014-03-18",
        ])
        .args(["--format", "svg", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("scenario plan-20-points-dmz on the lines of 2014-03-18"),
        "{err}"
    );
    assert!(!out.exists(), "the folder the run made is gone again");
}
