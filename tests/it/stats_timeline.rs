//! `stats --timeline`: the km² held at every snapshot date, checked against
//! `stats --as-of DATE --scenario current` for each date, its JSON and CSV
//! contracts, its clap conflicts, and the gallery's timeline table.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::geodata;

fn claimsmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout_ok(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn tiny() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")
}

/// A scratch copy of the tiny dataset with a second, earlier snapshot.
fn tiny_two_dates() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(tiny()).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    let control = dir.path().join("control.csv");
    let text = std::fs::read_to_string(&control).unwrap();
    let (head, rows) = text.split_once("note\n").unwrap();
    std::fs::write(
        &control,
        format!("{head}note\nT-2,0.25,0.2,0.3,2024-01-01,reported,Test Wire,a quarter of East\n{rows}"),
    )
    .unwrap();
    dir
}

#[test]
fn every_date_is_what_stats_as_of_reports() {
    let data = geodata();
    let data = data.to_str().unwrap();
    let timeline: Value = serde_json::from_str(&stdout_ok(&claimsmap(&[
        "stats",
        "--timeline",
        "--data",
        data,
        "--format",
        "json",
    ])))
    .unwrap();
    let dates = timeline["dates"].as_array().unwrap();
    let known: Vec<String> = claimsmap::load::dataset(&geodata())
        .unwrap()
        .snapshot_dates()
        .iter()
        .map(ToString::to_string)
        .collect();
    let listed: Vec<&str> = dates.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(listed, known, "every snapshot date, oldest first");
    let as_of: Vec<Value> = std::thread::scope(|s| {
        let runs: Vec<_> = listed
            .iter()
            .map(|date| {
                s.spawn(move || {
                    let out = claimsmap(&[
                        "stats",
                        "--data",
                        data,
                        "--as-of",
                        date,
                        "--scenario",
                        "current",
                        "--format",
                        "json",
                    ]);
                    serde_json::from_str::<Value>(&stdout_ok(&out)).unwrap()
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for (d, stats) in dates.iter().zip(&as_of) {
        let sc = &stats["scenarios"][0];
        assert_eq!(d["totals"]["held_km2"], sc["totals"]["held_km2"], "{}", d["date"]);
        assert_eq!(
            d["totals"]["held_share_of_country"], sc["totals"]["held_share_of_country"],
            "{}",
            d["date"]
        );
        let units = d["units"].as_array().unwrap();
        assert_eq!(units.len(), sc["units"].as_array().unwrap().len());
        for (u, s) in units.iter().zip(sc["units"].as_array().unwrap()) {
            for (field, theirs) in [
                ("id", "id"),
                ("area_km2", "area_km2"),
                ("held_km2", "held_km2"),
                ("held_share", "held_share"),
            ] {
                assert_eq!(u[field], s[theirs], "{} {} {field}", d["date"], u["id"]);
            }
        }
    }
    // The widely cited figures: about 7 % before 2022, a peak over a fifth.
    let share = |i: usize| dates[i]["totals"]["held_share_of_country"].as_f64().unwrap();
    assert!((0.06..0.08).contains(&share(1)));
    assert!(share(3) > 0.2);
}

#[test]
fn json_has_the_documented_fields() {
    let out = claimsmap(&[
        "stats",
        "--timeline",
        "--data",
        tiny().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
    let dates = v["dates"].as_array().unwrap();
    assert_eq!(dates.len(), 1, "the tiny dataset has one date");
    let d = &dates[0];
    assert_eq!(d["date"], "2025-08-16");
    for f in ["held_km2", "held_share_of_country"] {
        assert!(d["totals"][f].is_number(), "totals.{f}");
    }
    let units = d["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    for u in units {
        for f in ["id", "name"] {
            assert!(u[f].is_string(), "units.{f}");
        }
        for f in ["area_km2", "held_km2", "held_share"] {
            assert!(u[f].is_number(), "units.{f}");
        }
    }
    // Half of East, as fitted (within the fit's tolerance).
    assert!((units[1]["held_share"].as_f64().unwrap() - 0.5).abs() < 1e-4);
}

#[test]
fn csv_has_a_header_and_a_row_per_date_and_unit() {
    let out = claimsmap(&[
        "stats",
        "--timeline",
        "--data",
        tiny().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let text = stdout_ok(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "date,unit,name,area_km2,held_km2,held_share");
    assert_eq!(lines.len(), 1 + 2 + 1, "header, two units, one total: {text}");
    assert!(lines[3].starts_with("2025-08-16,total,,,"), "{}", lines[3]);
    // The same bytes through --out FILE.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    let out = claimsmap(&[
        "stats",
        "--timeline",
        "--data",
        tiny().to_str().unwrap(),
        "--format",
        "csv",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(stdout_ok(&out).is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn table_of_one_date_has_one_row() {
    let text = stdout_ok(&claimsmap(&["stats", "--timeline", "--data", tiny().to_str().unwrap()]));
    let first: Vec<&str> = text.split("\n\n").next().unwrap().lines().collect();
    assert_eq!(first.len(), 3, "title, header, one date: {text}");
    assert!(first[2].trim_start().starts_with("2025-08-16"), "{text}");
    assert!(text.contains("East"), "{text}");
}

#[test]
fn several_dates_in_order_with_their_change() {
    let dir = tiny_two_dates();
    let data = dir.path().to_str().unwrap();
    let text = stdout_ok(&claimsmap(&["stats", "--timeline", "--data", data, "--format", "csv"]));
    let totals: Vec<&str> = text.lines().filter(|l| l.contains(",total,")).collect();
    assert_eq!(totals.len(), 2, "{text}");
    assert!(totals[0].starts_with("2024-01-01,") && totals[1].starts_with("2025-08-16,"));
    let table = stdout_ok(&claimsmap(&["stats", "--timeline", "--data", data]));
    assert!(table.contains(" +"), "the later date gains ground: {table}");
}

#[test]
fn timeline_conflicts_with_scenarios_dates_and_lines() {
    let data = tiny();
    for extra in [
        &["--scenario", "current"][..],
        &["--all"],
        &["--as-of", "2025-08-16"],
        &["--lines", "held.geojson"],
    ] {
        let mut args = vec!["stats", "--timeline", "--data", data.to_str().unwrap()];
        args.extend(extra);
        let out = claimsmap(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot be used with"), "{extra:?}: {err}");
        assert!(err.contains("--timeline"), "{extra:?}: {err}");
    }
}

#[test]
fn the_gallery_shows_the_timeline_when_there_are_several_dates() {
    let data = tiny_two_dates();
    let out = tempfile::tempdir().unwrap();
    let o = claimsmap(&[
        "render",
        "--all",
        "--format",
        "svg",
        "--data",
        data.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    stdout_ok(&o);
    let page = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(page.contains("<section id=\"timeline\">"), "timeline section");
    assert!(page.contains("<td>2024-01-01</td>") && page.contains("<td>2025-08-16</td>"));
    let csv = std::fs::read_to_string(out.path().join("timeline.csv")).unwrap();
    let stats = stdout_ok(&claimsmap(&[
        "stats",
        "--timeline",
        "--data",
        data.path().to_str().unwrap(),
        "--format",
        "csv",
    ]));
    assert_eq!(csv, stats, "the gallery's file is the command's output");
    assert!(out.path().join("timeline.json").is_file());

    // One date: no section and no timeline files.
    let one = tempfile::tempdir().unwrap();
    let o = claimsmap(&[
        "render",
        "--all",
        "--format",
        "svg",
        "--data",
        tiny().to_str().unwrap(),
        "--out",
        one.path().to_str().unwrap(),
    ]);
    stdout_ok(&o);
    let page = std::fs::read_to_string(one.path().join("index.html")).unwrap();
    assert!(!page.contains("timeline"));
    assert!(!one.path().join("timeline.csv").exists());
}

#[test]
fn the_timeline_is_the_same_bytes_whatever_the_thread_count() {
    let data = geodata();
    let run = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
            .args([
                "stats",
                "--timeline",
                "--format",
                "json",
                "--data",
                data.to_str().unwrap(),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("binary runs");
        stdout_ok(&out)
    };
    assert_eq!(run("1"), run("4"));
}
