//! The real binary, run as a user would: exit codes and exact messages.

use std::path::Path;
use std::process::{Command, Output};

use super::geodata;

fn claimsmap(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch copy of the dataset to break on purpose.
fn scratch_dataset() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in [
        "dataset.toml",
        "units.geojson",
        "control.csv",
        "places.csv",
        "context.geojson",
        "water.geojson",
        "fit.toml",
        "scenarios.toml",
    ] {
        std::fs::copy(geodata().join(f), data.join(f)).unwrap();
    }
    dir
}

#[test]
fn validate_accepts_the_committed_dataset() {
    let o = claimsmap(&["validate", "--data", geodata().to_str().unwrap()], Path::new("."));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok: 27 units, 10 control rows"));
}

#[test]
fn units_lists_areas() {
    let o = claimsmap(
        &["units", "--data", geodata().to_str().unwrap(), "--format", "csv"],
        Path::new("."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("id,name,area_km2,area_official_km2,held_share,held_km2\n"));
    let donetsk = out.lines().find(|l| l.starts_with("UA-14,")).unwrap();
    assert!(donetsk.starts_with("UA-14,Donetsk,2659"), "{donetsk}");
    assert_eq!(out.lines().count(), 28);
}

#[test]
fn units_lists_the_held_shares_of_an_earlier_snapshot() {
    let folder = geodata();
    let units = |extra: &[&str]| {
        let mut args = vec!["units", "--data", folder.to_str().unwrap(), "--format", "csv"];
        args.extend_from_slice(extra);
        let o = claimsmap(&args, Path::new("."));
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let share = |id: &str| -> f64 {
            let row = out.lines().find(|l| l.starts_with(&format!("{id},"))).unwrap();
            row.split(',').nth(4).unwrap().parse().unwrap()
        };
        (share("UA-14"), share("UA-43"), stderr(&o))
    };
    let (donetsk, crimea, _) = units(&[]);
    assert!(donetsk > 0.7 && crimea == 1.0, "today: {donetsk} {crimea}");
    // Before the full-scale invasion: about a third of Donetsk, all of Crimea.
    let (donetsk, crimea, note) = units(&["--as-of", "2022-02-23"]);
    assert!(
        (0.25..0.4).contains(&donetsk) && crimea == 1.0,
        "2022-02-23: {donetsk} {crimea}"
    );
    assert!(note.is_empty(), "{note}");
    // A day between snapshots: the one in force, said in a note.
    let (between, _, note) = units(&["--as-of", "2022-02-24"]);
    assert_eq!(between, donetsk);
    assert!(note.contains("the shares shown are those of 2022-02-23"), "{note}");
}

#[test]
fn unknown_unit_in_control_table_suggests_the_fix() {
    let dir = scratch_dataset();
    let control = dir.path().join("data/control.csv");
    let text = std::fs::read_to_string(&control)
        .unwrap()
        .replace("UA-14,0.75,", "UA-41,0.75,");
    std::fs::write(&control, text.as_bytes()).unwrap();
    let line = text.lines().position(|l| l.starts_with("UA-41,")).unwrap() + 1;
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "claimsmap: error: data/control.csv:{line}: unknown unit \"UA-41\"; did you mean \"UA-14\" (Donetsk)?\n"
        )
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = scratch_dataset();
    let data = dir.path().join("data");
    std::fs::write(
        data.join("control.csv"),
        "unit,share,low,high,as_of,basis,source,note\nUA-14,0.75,0.8,0.9,2025-08-16,reported,Axios,\n",
    )
    .unwrap();
    std::fs::write(
        data.join("units.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",",
    )
    .unwrap();
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("claimsmap: error: data/units.geojson:2: invalid JSON: EOF while parsing"),
        "{err}"
    );
    assert!(
        err.contains("claimsmap: error: data/control.csv:2: share 0.75 lies outside its range 0.8..0.9"),
        "{err}"
    );
}

#[test]
fn missing_dataset_folder_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = claimsmap(&["validate", "--data", "nowhere"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "claimsmap: error: nowhere/dataset.toml: file not found; check the path, or the dataset folder given with --data\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_installed_binary_uses_its_built_in_dataset_from_any_folder() {
    // No ./geodata here and no --data: the dataset compiled into the binary.
    let elsewhere = tempfile::tempdir().unwrap();
    let built_in = claimsmap(&["stats", "--all", "--format", "json"], elsewhere.path());
    assert_eq!(built_in.status.code(), Some(0), "{}", stderr(&built_in));
    let folder = geodata();
    let local = claimsmap(
        &["stats", "--all", "--format", "json", "--data", folder.to_str().unwrap()],
        elsewhere.path(),
    );
    assert_eq!(local.status.code(), Some(0), "{}", stderr(&local));
    assert_eq!(
        String::from_utf8_lossy(&built_in.stdout),
        String::from_utf8_lossy(&local.stdout)
    );
    let v = claimsmap(&["validate"], elsewhere.path());
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("builtin:geodata: ok: "));
    // --data still wins, and a folder named geodata in the working folder is used first.
    let o = claimsmap(&["validate", "--data", "nowhere"], elsewhere.path());
    assert_eq!(o.status.code(), Some(2));
    std::fs::create_dir(elsewhere.path().join("geodata")).unwrap();
    let o = claimsmap(&["validate"], elsewhere.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("geodata/dataset.toml: file not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_place_outside_its_unit_names_the_unit_it_is_in() {
    let dir = scratch_dataset();
    let places = dir.path().join("data/places.csv");
    let text = std::fs::read_to_string(&places).unwrap();
    let broken: String = text
        .lines()
        .map(|l| {
            if l.starts_with("sloviansk,") {
                l.replace(",UA-14,", ",UA-09,")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&places, broken + "\n").unwrap();
    let line = text.lines().position(|l| l.starts_with("sloviansk,")).unwrap() + 1;
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "claimsmap: error: data/places.csv:{line}: place \"sloviansk\" at 37.6167, 48.8667 is not inside its unit \"UA-09\"; the point lies in \"UA-14\" (Donetsk)\n"
        )
    );
}

fn claimsmap_env(args: &[&str], dir: &Path, threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("binary runs")
}

#[test]
fn stats_json_follows_the_contract() {
    let o = claimsmap(
        &[
            "stats",
            "--data",
            geodata().to_str().unwrap(),
            "--all",
            "--format",
            "json",
        ],
        Path::new("."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let scenarios = v["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 8);
    for s in scenarios {
        for key in ["id", "title", "units", "totals"] {
            assert!(s.get(key).is_some(), "scenario lacks {key}");
        }
        for key in [
            "held_km2",
            "held_share_of_country",
            "after_km2",
            "after_share_of_country",
            "handover_km2",
            "returned_km2",
        ] {
            assert!(s["totals"][key].is_number(), "totals lack {key}");
        }
        for u in s["units"].as_array().unwrap() {
            for key in [
                "id",
                "name",
                "area_km2",
                "held_km2",
                "held_share",
                "after_km2",
                "after_share",
                "handover_km2",
                "returned_km2",
            ] {
                assert!(u.get(key).is_some(), "unit lacks {key}");
            }
        }
    }
    let alaska = scenarios.iter().find(|s| s["id"] == "alaska-terms").unwrap();
    let handover = alaska["totals"]["handover_km2"].as_f64().unwrap();
    assert!((6_500.0..7_500.0).contains(&handover), "{handover}");
}

#[test]
fn outputs_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let data = geodata();
    let data = data.to_str().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let json = format!("stats-{threads}.json");
        let geo = format!("alaska-{threads}.geojson");
        let o = claimsmap_env(
            &["stats", "--data", data, "--all", "--format", "json", "--out", &json],
            dir.path(),
            threads,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let o = claimsmap_env(
            &["export", "--data", data, "--scenario", "alaska-terms", "--out", &geo],
            dir.path(),
            threads,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push((
            std::fs::read(dir.path().join(&json)).unwrap(),
            std::fs::read(dir.path().join(&geo)).unwrap(),
        ));
    }
    assert!(
        outputs[0].0 == outputs[1].0,
        "stats.json differs between 1 and 2 threads"
    );
    assert!(outputs[0].1 == outputs[1].1, "export differs between 1 and 2 threads");
}

#[test]
fn export_is_valid_rfc7946_with_every_category_and_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let o = claimsmap(
        &[
            "export",
            "--data",
            geodata().to_str().unwrap(),
            "--scenario",
            "alaska-terms",
            "--out",
            "a.geojson",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("a.geojson")).unwrap();
    let fc: geojson::FeatureCollection = text.parse().expect("valid GeoJSON");
    let mut categories = std::collections::BTreeSet::new();
    for f in &fc.features {
        let category = f.property("category").and_then(|v| v.as_str()).unwrap().to_string();
        assert!(f.contains_property("unit") && f.contains_property("area_km2"));
        let g: geo::Geometry<f64> = f.geometry.clone().unwrap().value.try_into().unwrap();
        match g {
            geo::Geometry::Polygon(p) => check_ccw(&[p]),
            geo::Geometry::MultiPolygon(m) => check_ccw(&m.0),
            geo::Geometry::LineString(_) | geo::Geometry::MultiLineString(_) => {
                assert!(category.ends_with("_line"), "{category}")
            }
            other => panic!("unexpected {other:?}"),
        }
        categories.insert(category);
    }
    let expected: std::collections::BTreeSet<String> = [
        "held",
        "handover",
        "returned",
        "defender",
        "current_line",
        "frozen_line",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(categories, expected);
}

fn check_ccw(polys: &[geo::Polygon<f64>]) {
    use geo::Area;
    for p in polys {
        assert!(
            geo::Polygon::new(p.exterior().clone(), vec![]).signed_area() > 0.0,
            "exterior not counter-clockwise"
        );
        for h in p.interiors() {
            assert!(
                geo::Polygon::new(h.clone(), vec![]).signed_area() < 0.0,
                "hole not clockwise"
            );
        }
    }
}

#[test]
fn lines_outside_the_table_range_warn_and_still_report() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lines-clockwise.geojson");
    let o = claimsmap(
        &[
            "stats",
            "--data",
            geodata().to_str().unwrap(),
            "--scenario",
            "current",
            "--format",
            "csv",
            "--lines",
            fixture.to_str().unwrap(),
            "--allow-violations",
        ],
        Path::new("."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // The fixture is a rough square: it misses held anchors, which is
    // refused unless allowed, and then each one is a warning.
    assert!(
        err.contains("claimsmap: warning: ") && err.contains("anchor \"mariupol\" should be on the held side"),
        "{err}"
    );
    assert!(
        err.lines().any(
            |l| l.starts_with("claimsmap: warning: unit UA-14 (Donetsk): the lines give a share of 0.")
                && l.ends_with(", outside the control table's range 0.700..0.780")
        ),
        "{err}"
    );
    let out = String::from_utf8_lossy(&o.stdout);
    let donetsk = out.lines().find(|l| l.starts_with("current,UA-14,")).unwrap();
    assert!(!donetsk.contains(",0.75000,"), "{donetsk}");
}

#[test]
fn unknown_unit_in_a_scenario_names_the_line() {
    let dir = scratch_dataset();
    let path = dir.path().join("data/scenarios.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("\"UA-14\", \"UA-09\"", "\"UA-41\", \"UA-09\"", 1);
    std::fs::write(&path, &text).unwrap();
    let line = text.lines().position(|l| l.contains("UA-41")).unwrap() + 1;
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "claimsmap: error: data/scenarios.toml:{line}: unknown unit \"UA-41\" in handover; did you mean \"UA-14\" (Donetsk)?\n"
        )
    );
}

#[test]
fn scenario_base_cycle_is_reported() {
    let dir = scratch_dataset();
    let path = dir.path().join("data/scenarios.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "id = \"alaska-terms-no-withdrawal\"",
        "id = \"alaska-terms-no-withdrawal\"\nbase = \"alaska-terms\"",
    );
    std::fs::write(&path, &text).unwrap();
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "scenario bases form a cycle: alaska-terms-no-withdrawal → alaska-terms → alaska-terms-no-withdrawal"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn boundaries_from_another_source_with_other_property_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tiny = root.join("tests/golden/tiny");
    let other = root.join("tests/fixtures/tiny-other-properties.geojson");
    let (tiny, other) = (tiny.to_str().unwrap(), other.to_str().unwrap());
    let o = claimsmap(
        &[
            "units",
            "--data",
            tiny,
            "--boundaries",
            other,
            "--id-property",
            "ISO",
            "--name-property",
            "NAME_EN",
            "--format",
            "csv",
        ],
        Path::new("."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\nT-2,East province,"), "{out}");
    // Without the property names, the message lists what the file has.
    let o = claimsmap(&["validate", "--data", tiny, "--boundaries", other], Path::new("."));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(": 2 features have no \"id\" property (feature 0, feature 1); properties present: ISO, NAME_EN, POP; choose the id property with --id-property, or match the features to the dataset's units with --match-names or --id-map"),
        "{err}"
    );
}

#[test]
fn safe_repairs_are_made_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    for f in [
        "dataset.toml",
        "control.csv",
        "places.csv",
        "scenarios.toml",
        "context.geojson",
    ] {
        std::fs::copy(tiny.join(f), data.join(f)).unwrap();
    }
    // West: ring left open and wound clockwise. East: a bow-tie
    // (self-intersecting) ring over the same square plus a fold.
    std::fs::write(
        data.join("units.geojson"),
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"T-1","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[10,50],[10,51],[11,51],[11,50]]]}},
{"type":"Feature","properties":{"id":"T-2","name":"East"},"geometry":{"type":"Polygon","coordinates":[[[11,50],[12,50],[12,51],[11,51],[11,50],[11.5,50.5],[11,50]]]}}
]}"#,
    )
    .unwrap();
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("claimsmap: warning: data/units.geojson: feature 0 (T-1): a ring was not closed; closed it\n"),
        "{err}"
    );
    assert!(err.contains("claimsmap: warning: data/units.geojson: feature 0 (T-1): rings were wound against RFC 7946 (exteriors clockwise); reoriented them\n"), "{err}");
    assert!(
        err.contains("feature 1 (T-2): rings intersect themselves or overlap; repaired by merging them"),
        "{err}"
    );
}

#[test]
fn a_200_mb_input_fails_cleanly_before_reading() {
    let dir = scratch_dataset();
    // A sparse file: 200 MB long, nothing written, nothing read.
    let f = std::fs::File::create(dir.path().join("data/units.geojson")).unwrap();
    f.set_len(200_000_000).unwrap();
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "claimsmap: error: data/units.geojson: the file is 200 MB; claimsmap reads input files up to 100 MB; simplify the geometry first"
        ),
        "{}",
        stderr(&o)
    );
}

/// Runs the binary with a deadline: a read that blocks (a FIFO without a
/// writer) fails the test instead of hanging it.
fn claimsmap_within(args: &[&str], dir: &Path, secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("claimsmap {args:?} blocked for {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A scratch copy of the two-unit test dataset.
fn scratch_tiny() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny")).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
        }
    }
    dir
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn dataset_files_that_are_not_regular_files_are_refused_before_opening() {
    let dir = scratch_tiny();
    // A FIFO with no writer: opening it would block forever.
    std::fs::remove_file(dir.path().join("data/control.csv")).unwrap();
    mkfifo(&dir.path().join("data/control.csv"));
    // A link to a device that never ends.
    std::fs::remove_file(dir.path().join("data/places.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("data/places.csv")).unwrap();
    let o = claimsmap_within(&["validate", "--data", "data"], dir.path(), 20);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let hint = "claimsmap reads input only from regular files; copy the data into a file";
    assert!(
        stderr(&o).contains(&format!(
            "claimsmap: error: data/control.csv: this is a FIFO (named pipe), not a regular file; {hint}\n"
        )),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(&format!(
            "claimsmap: error: data/places.csv: this is a character device, not a regular file; {hint}\n"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lines_may_come_from_a_pipe_within_the_cap() {
    use std::io::Write;
    let dir = scratch_dataset();
    let lines =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lines-clockwise.geojson")).unwrap();
    let run = |input: Vec<u8>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
            .args([
                "stats",
                "--data",
                "data",
                "--lines",
                "/dev/stdin",
                "--format",
                "csv",
                "--allow-violations",
            ])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // The writer may see a broken pipe once the reader stops at the cap.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let o = child.wait_with_output().unwrap();
        writer.join().unwrap();
        o
    };
    let o = run(lines);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("scenario,unit,"));
    let o = run(vec![b' '; 100_000_001]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "claimsmap: error: /dev/stdin: the input is larger than 100 MB; claimsmap reads input files up to 100 MB; simplify the geometry first (for example mapshaper -simplify or ogr2ogr -simplify)\n"
    );
}

#[test]
fn a_byte_order_mark_is_accepted_in_every_text_file() {
    let dir = scratch_dataset();
    for f in [
        "dataset.toml",
        "units.geojson",
        "control.csv",
        "places.csv",
        "scenarios.toml",
        "fit.toml",
    ] {
        let path = dir.path().join("data").join(f);
        let mut text = b"\xEF\xBB\xBF".to_vec();
        text.extend(std::fs::read(&path).unwrap());
        std::fs::write(&path, text).unwrap();
    }
    let o = claimsmap(&["validate", "--data", "data"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn out_file_writes_to_standard_output_and_refuses_what_is_not_a_file() {
    let dir = scratch_tiny();
    let o = claimsmap(
        &["stats", "--data", "data", "--format", "csv", "--out", "-"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("scenario,unit,"));
    assert!(!dir.path().join("-").exists());
    let o = claimsmap(
        &["export", "--data", "data", "--scenario", "current", "--out", "-"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with('{'));
    // /dev/stdout is a pipe here; a FIFO stands for any device.
    mkfifo(&dir.path().join("fifo"));
    for (target, kind) in [("/dev/stdout", "a FIFO (named pipe)"), ("fifo", "a FIFO (named pipe)")] {
        let o = claimsmap_within(&["stats", "--data", "data", "--out", target], dir.path(), 60);
        assert_eq!(o.status.code(), Some(2), "{target}");
        assert_eq!(
            stderr(&o),
            format!(
                "claimsmap: error: --out {target} is {kind}, not a regular file; name a regular file, or - for standard output\n"
            )
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(dir.path().join("fifo"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn nothing_planted_in_the_output_folder_sends_a_byte_outside_it() {
    use std::os::unix::fs::symlink;
    let dir = scratch_tiny();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let victim = outside.join("victim");
    std::fs::write(&victim, b"precious").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let names = [
        "current.svg",
        "current.png",
        "give-east.svg",
        "give-east-compare.svg",
        "stats.csv",
        "stats.json",
        "index.html",
    ];
    // Links under every final name, and under the temporary names an older
    // claimsmap would have used (`.<name>.tmp-<pid>`) for the next pids.
    let next_pid = std::process::id();
    for name in names {
        symlink(&victim, out.join(name)).unwrap();
        for pid in next_pid..next_pid + 200 {
            symlink(&victim, out.join(format!(".{name}.tmp-{pid}"))).unwrap();
        }
    }
    let o = claimsmap(
        &[
            "render",
            "--data",
            "data",
            "--all",
            "--compare",
            "--width",
            "300",
            "--out",
            "out",
            // The planted links are not claimsmap's files: replacing them
            // (never writing through them) takes --force.
            "--force",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        1,
        "a file appeared outside"
    );
    for name in names {
        let meta = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(meta.is_file(), "{name}: the link was replaced by the output");
    }
}

#[test]
fn csv_cells_from_names_cannot_run_as_formulas_nor_tables_steer_the_terminal() {
    let dir = scratch_tiny();
    let units = dir.path().join("data/units.geojson");
    let text = std::fs::read_to_string(&units).unwrap();
    let (first, second) = {
        let mut names = text.match_indices("\"name\":\"").map(|(i, m)| i + m.len());
        (names.next().unwrap(), names.next().unwrap())
    };
    let name_end = |at: usize| at + text[at..].find('"').unwrap();
    let mut hostile = String::new();
    hostile.push_str(&text[..first]);
    hostile.push_str("=HYPERLINK(\\\"http://x\\\")");
    hostile.push_str(&text[name_end(first)..second]);
    hostile.push_str("\\u001b]0;owned\\u0007-East");
    hostile.push_str(&text[name_end(second)..]);
    std::fs::write(&units, hostile).unwrap();
    let o = claimsmap(&["units", "--data", "data", "--format", "csv"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    for row in rows.records() {
        let row = row.unwrap();
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "{cell}");
            assert!(!cell.chars().any(|c| c.is_control()), "{cell:?}");
        }
    }
    assert!(out.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{out}");
    for args in [&["units", "--data", "data"][..], &["stats", "--data", "data"][..]] {
        let o = claimsmap(args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{args:?}: {out:?}");
        assert!(out.contains("?]0;owned?-East"), "{args:?}: {out}");
    }
    // Numbers the tool writes keep their sign.
    let o = claimsmap(&["stats", "--data", "data", "--format", "csv"], dir.path());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("'-0"));
}

#[test]
fn flags_are_checked_before_any_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dataset");
    let m = missing.to_str().unwrap();
    let o = claimsmap(
        &["render", "--data", m, "--scenario", "x", "--lang", "../x"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "claimsmap: error: --lang \"../x\" is not a language code; use a lower-case code such as en or uk\n"
    );
    let o = claimsmap(&["render", "--data", m, "--scenario", "x", "--scale", "50"], dir.path());
    assert_eq!(stderr(&o), "claimsmap: error: --scale 50 is outside 0.1..10\n");
    assert!(!dir.path().join("output").exists(), "nothing written");
}

#[test]
fn an_unknown_scenario_stops_the_run_before_the_output_folder_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    let out = dir.path().join("maps");
    let o = claimsmap(
        &[
            "render",
            "--data",
            tiny.to_str().unwrap(),
            "--scenario",
            "give-est",
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "claimsmap: error: unknown scenario \"give-est\"; did you mean \"give-east\"?\n"
    );
    assert!(!out.exists());
}

#[test]
fn lines_that_contradict_the_anchors_write_nothing() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lines-clockwise.geojson");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("maps");
    let (data, lines, out_s) = (geodata(), fixture.to_str().unwrap(), out.to_str().unwrap());
    for args in [
        vec![
            "render",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            "current",
            "--lines",
            lines,
            "--out",
            out_s,
        ],
        vec!["stats", "--data", data.to_str().unwrap(), "--lines", lines],
        vec![
            "export",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            "current",
            "--lines",
            lines,
            "--out",
            out_s,
        ],
    ] {
        let o = claimsmap(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("geodata/places.csv:10: anchor \"mariupol\" should be on the held side"),
            "{}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty() && !out.exists(), "{args:?} wrote something");
    }
}

#[test]
fn a_chain_of_five_thousand_bases_loads_at_once() {
    let dir = scratch_tiny();
    let data = dir.path().join("data");
    let mut text = std::fs::read_to_string(data.join("scenarios.toml")).unwrap();
    for i in 0..5000 {
        let base = if i > 0 {
            format!("base = \"s{}\"\n", i - 1)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "\n[[scenario]]\nid = \"s{i}\"\ntitle = \"t\"\ndescription = \"d\"\n{base}ops = [{{ op = \"handover\", units = [\"T-2\"] }}]\n"
        ));
    }
    std::fs::write(data.join("scenarios.toml"), text).unwrap();
    // Loading was cubic in the chain's depth (48 s at 5,000); a deadline
    // far above today's ~0.1 s keeps it from coming back.
    let o = claimsmap_within(
        &["stats", "--data", "data", "--scenario", "s4999", "--format", "csv"],
        dir.path(),
        20,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("s4999,T-2,East"));
}

#[test]
fn a_png_too_large_for_memory_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let o = claimsmap(
        &[
            "render", "--data", "nowhere", "--all", "--width", "8000", "--scale", "10",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "claimsmap: error: --width and --scale ask for a PNG 80000 px wide; the largest is 8000 px (a larger one needs gigabytes of memory); lower --width or --scale\n"
    );
}

#[test]
fn area_property_names_the_files_official_areas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tiny = root.join("tests/golden/tiny");
    let dir = tempfile::tempdir().unwrap();
    // Official areas under the file's own property name, one written as text.
    let other = dir.path().join("other.geojson");
    std::fs::write(
        &other,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"T-1","AREA_KM2":7000},"geometry":{"type":"Polygon","coordinates":[[[10,50],[11,50],[11,51],[10,51],[10,50]]]}},
{"type":"Feature","properties":{"id":"T-2","AREA_KM2":"7100.5"},"geometry":{"type":"Polygon","coordinates":[[[11,50],[12,50],[12,51],[11,51],[11,50]]]}}]}"#,
    )
    .unwrap();
    let (tiny, other) = (tiny.to_str().unwrap(), other.to_str().unwrap());
    let run = |extra: &[&str]| {
        let mut args = vec![
            "units",
            "--data",
            tiny,
            "--boundaries",
            other,
            "--boundaries-credit",
            "Test survey",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        claimsmap(&args, Path::new("."))
    };
    let o = run(&["--area-property", "AREA_KM2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "no warning: every unit has its official area");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\nT-1,West,7892.1,7000,") && out.contains("\nT-2,East,7892.1,7100,"),
        "{out}"
    );
    // Without it, one warning says the stats measure the file instead.
    let o = run(&[]);
    assert!(o.status.success());
    assert_eq!(
        stderr(&o),
        format!(
            "claimsmap: warning: {other}: 2 of 2 units have no official area (area_official_km2) in this file or the dataset's units.geojson: stats use their areas measured on this file; name the file's property of official km² with --area-property NAME, or add area_official_km2 to the dataset's units.geojson\n"
        )
    );
    // A property no feature has is refused, with the nearest one.
    let o = run(&["--area-property", "AREA"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "claimsmap: error: {other}: --area-property AREA: no feature has this property; did you mean \"AREA_KM2\"? (properties present: AREA_KM2, id)\n"
        )
    );
}

#[test]
fn boundaries_from_elsewhere_keep_ids_names_and_say_what_changed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tiny = root.join("tests/golden/tiny");
    let dir = tempfile::tempdir().unwrap();
    // Ids in the Feature's own `id` member (RFC 7946 §3.2), rings wound
    // clockwise, an official area for one unit only.
    let other = dir.path().join("other.geojson");
    std::fs::write(
        &other,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","id":"T-1","properties":{"area_official_km2":7000},"geometry":{"type":"Polygon","coordinates":[[[10,50],[10,51],[11,51],[11,50],[10,50]]]}},
{"type":"Feature","id":"T-2","properties":{},"geometry":{"type":"Polygon","coordinates":[[[11,50],[11,51],[12,51],[12,50],[11,50]]]}}]}"#,
    )
    .unwrap();
    let (tiny, other) = (tiny.to_str().unwrap(), other.to_str().unwrap());
    let o = claimsmap(
        &["units", "--data", tiny, "--boundaries", other, "--format", "csv"],
        Path::new("."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    // The dataset's names are kept for the ids the file gives.
    assert!(out.contains("\nT-1,West,") && out.contains("\nT-2,East,"), "{out}");
    let err = stderr(&o);
    assert_eq!(
        err,
        format!(
            "claimsmap: warning: {other}: 2 features: rings were wound against RFC 7946 (exteriors clockwise); reoriented them\n\
             claimsmap: warning: {other}: 1 of 2 units have no official area (area_official_km2) in this file or the dataset's units.geojson: stats use their areas measured on this file; name the file's property of official km² with --area-property NAME, or add area_official_km2 to the dataset's units.geojson\n\
             claimsmap: warning: {other}: the map credits still name the dataset's own boundaries; say who drew these with --boundaries-credit\n"
        )
    );
    let o = claimsmap(
        &[
            "validate",
            "--data",
            tiny,
            "--boundaries",
            other,
            "--boundaries-credit",
            "Test survey",
        ],
        Path::new("."),
    );
    assert!(o.status.success());
    assert!(!stderr(&o).contains("credits"), "{}", stderr(&o));
    // The flags need boundaries from elsewhere.
    let o = claimsmap(&["validate", "--data", tiny, "--match-names"], Path::new("."));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_boundaries_credit_replaces_the_sentence_it_names() {
    use claimsmap::load::with_boundaries_credit as credit;
    assert_eq!(
        credit("Reports: Axios, BBC. Boundaries: Natural Earth.", "GADM 4.1"),
        "Reports: Axios, BBC. Boundaries: GADM 4.1."
    );
    assert_eq!(
        credit("Boundaries: Natural Earth. Lines: ISW.", "GADM."),
        "Boundaries: GADM. Lines: ISW."
    );
    assert_eq!(credit("Reports: Axios.", "GADM"), "Reports: Axios. Boundaries: GADM.");
    assert_eq!(credit("", "GADM"), "Boundaries: GADM.");
}

#[test]
fn many_scenarios_stream_out_and_the_gallery_links_them() {
    let dir = scratch_tiny();
    let data = dir.path().join("data");
    let mut text = std::fs::read_to_string(data.join("scenarios.toml")).unwrap();
    for i in 0..60 {
        text.push_str(&format!(
            "\n[[scenario]]\nid = \"s{i}\"\ntitle = \"t{i}\"\ndescription = \"d\"\nops = [{{ op = \"handover\", units = [\"T-2\"] }}]\n"
        ));
    }
    std::fs::write(data.join("scenarios.toml"), text).unwrap();
    let o = claimsmap(
        &["render", "--data", "data", "--all", "--format", "svg", "--out", "out"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    // 62 maps are too many to inline: each is linked, and the page stays small.
    assert_eq!(html.matches("<svg").count(), 0);
    assert_eq!(html.matches("<img src=\"s").count(), 60);
    assert!(html.len() < 100_000, "{} bytes", html.len());
    assert!(dir.path().join("out/s59.svg").is_file());
}

#[test]
fn the_control_table_keeps_dated_snapshots_and_date_picks_one() {
    let dir = scratch_tiny();
    let data = dir.path().join("data");
    std::fs::write(
        data.join("control.csv"),
        "unit,share,low,high,as_of,basis,source,note\n\
         T-2,0.2,0.1,0.3,2022-02-23,estimate,Test Wire,before\n\
         T-2,0.5,0.4,0.6,2025-08-16,reported,Test Wire,now\n",
    )
    .unwrap();
    let held = |extra: &[&str]| {
        let mut args = vec!["stats", "--data", "data", "--scenario", "current", "--format", "csv"];
        args.extend_from_slice(extra);
        let o = claimsmap(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let row = out.lines().find(|l| l.starts_with("current,T-2,")).unwrap().to_string();
        row.split(',').nth(6).unwrap().parse::<f64>().unwrap()
    };
    assert!((held(&[]) - 0.5).abs() < 0.002, "the latest snapshot by default");
    assert!(
        (held(&["--date", "2023-01-01"]) - 0.2).abs() < 0.002,
        "the snapshot in force on the date"
    );
    assert!(
        (held(&["--as-of", "2023-01-01"]) - 0.2).abs() < 0.002,
        "--as-of is the same option"
    );
    let o = claimsmap(&["stats", "--data", "data", "--as-of", "2020-01-01"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "claimsmap: error: data/control.csv: no snapshot on or before 2020-01-01 (--as-of); the first is 2022-02-23; choose a date from 2022-02-23 on; the snapshots are 2022-02-23, 2025-08-16\n"
    );
    let o = claimsmap(&["stats", "--data", "data", "--date", "23 Feb 2022"], dir.path());
    assert_eq!(
        stderr(&o),
        "claimsmap: error: --as-of \"23 Feb 2022\" is not a date like 2025-08-15\n"
    );
    // The map names the snapshot's date.
    let o = claimsmap(
        &[
            "render",
            "--data",
            "data",
            "--scenario",
            "current",
            "--date",
            "2023-01-01",
            "--format",
            "svg",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A date between snapshots shows the one in force and is dated by it:
    // its lines are those reported then, not on the date asked for.
    assert_eq!(
        stderr(&o).lines().next().unwrap_or_default(),
        "claimsmap: note: --as-of 2023-01-01: the control table has no snapshot that day; the lines shown are those of 2022-02-23, the latest snapshot on or before it"
    );
    // Named with the snapshot's date, so it does not replace today's map.
    assert!(!dir.path().join("out/current.svg").exists());
    let svg = std::fs::read_to_string(dir.path().join("out/current-2022-02-23.svg")).unwrap();
    assert!(svg.contains("23 February 2022"), "the snapshot's date in the legend");
    assert!(!svg.contains("January 2023"), "not the date asked for");
    assert!(svg.contains("Held by "), "the legend");
    assert!(!svg.contains(" now:"), "an earlier snapshot's ground is not held now");
    // The table says the same, titled as the map is.
    let o = claimsmap(
        &[
            "stats",
            "--data",
            "data",
            "--scenario",
            "current",
            "--as-of",
            "2023-01-01",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        table
            .lines()
            .next()
            .unwrap_or_default()
            .ends_with("The lines on 23 February 2022"),
        "{table}"
    );
}

/// `render --as-of DATE --format svg` of the shipped dataset into `out`,
/// with `extra` (the scenarios to draw); it must succeed.
fn render_geodata_as_of(out: &Path, date: &str, extra: &[&str]) {
    let folder = geodata();
    let mut args = vec!["render", "--data", folder.to_str().unwrap(), "--as-of", date];
    args.extend_from_slice(extra);
    args.extend(["--format", "svg", "--out", out.to_str().unwrap()]);
    let o = claimsmap(&args, out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_map_of_an_earlier_snapshot_is_titled_with_its_date() {
    let out = tempfile::tempdir().unwrap();
    render_geodata_as_of(
        out.path(),
        "2022-03-25",
        &["--scenario", "current", "--scenario", "alaska-terms"],
    );
    // Each file carries the snapshot's date: today's maps in the same
    // folder are not replaced.
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    names.sort();
    assert_eq!(names, ["alaska-terms-2022-03-25.svg", "current-2022-03-25.svg"]);
    let current = std::fs::read_to_string(out.path().join("current-2022-03-25.svg")).unwrap();
    assert!(current.contains(">The lines on 25 March 2022</title>"), "current title");
    assert!(!current.contains("August 2025</title>"));
    let proposal = std::fs::read_to_string(out.path().join("alaska-terms-2022-03-25.svg")).unwrap();
    assert!(
        proposal.contains(", on the lines of 25 March 2022</title>"),
        "proposal title"
    );
}

#[test]
fn a_proposal_that_cannot_apply_to_an_earlier_snapshot_names_itself_and_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let folder = geodata();
    let f = folder.to_str().unwrap();
    // Named, it is refused with the reason and the date.
    let o = claimsmap(
        &[
            "stats",
            "--data",
            f,
            "--as-of",
            "2014-03-18",
            "--scenario",
            "plan-20-points-dmz",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("claimsmap: error: scenario plan-20-points-dmz on the lines of 2014-03-18: exchange:"),
        "{err}"
    );
    assert!(err.contains("give --scenario with the ones that apply then"), "{err}");
    // Every scenario by default: the ones that apply, and a note on it.
    let o = claimsmap(&["stats", "--data", f, "--as-of", "2014-03-18"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "claimsmap: note: left out of the table: scenario plan-20-points-dmz on the lines of 2014-03-18: exchange:"
        ),
        "{err}"
    );
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(table.contains("current: The lines on 18 March 2014"), "{table}");
    assert!(!table.contains("plan-20-points-dmz:"), "{table}");
}

#[test]
fn a_map_in_another_language_says_once_which_texts_stay_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    let out = dir.path().join("maps");
    let args = |lang: &'static str| {
        vec![
            "render".to_string(),
            "--data".into(),
            tiny.to_str().unwrap().into(),
            "--scenario".into(),
            "give-east".into(),
            "--format".into(),
            "svg".into(),
            "--lang".into(),
            lang.into(),
            "--out".into(),
            out.to_str().unwrap().into(),
        ]
    };
    let uk = args("uk");
    let o = claimsmap(&uk.iter().map(String::as_str).collect::<Vec<_>>(), dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "claimsmap: note: --lang uk changes the names of places and units; the title and credits stay as the dataset writes them, and the legend's sentences stay English\n"
    );
    let en = args("en");
    let o = claimsmap(&en.iter().map(String::as_str).collect::<Vec<_>>(), dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "no note in the dataset's own language");
}

#[test]
fn a_map_of_2015_dates_its_people_by_the_figures_not_before_the_war() {
    // Ground held in 2015, counted with the population figures of 2022:
    // "before the war" would read as before 2014.
    let out = tempfile::tempdir().unwrap();
    render_geodata_as_of(out.path(), "2015-02-20", &["--scenario", "current"]);
    let svg = std::fs::read_to_string(out.path().join("current-2015-02-20.svg")).unwrap();
    assert!(
        svg.contains("people as of 1 January 2022<"),
        "the legend dates the people"
    );
    assert!(
        !svg.contains("people before the war<"),
        "and does not say before the war"
    );
}

#[test]
fn a_dated_gallery_links_its_own_tables() {
    let out = tempfile::tempdir().unwrap();
    render_geodata_as_of(out.path(), "2022-11-12", &["--all"]);
    let page = std::fs::read_to_string(out.path().join("index-2022-11-12.html")).unwrap();
    for name in [
        "stats-2022-11-12.csv",
        "stats-2022-11-12.json",
        "current-2022-11-12.svg",
        "timeline.csv",
    ] {
        assert!(page.contains(&format!("href=\"{name}\"")), "links {name}");
        assert!(out.path().join(name).exists(), "writes {name}");
    }
    assert!(!page.contains("href=\"stats.csv\""), "not today's table");
    assert!(!out.path().join("current.svg").exists(), "not today's map");
}

#[test]
fn an_op_on_a_unit_the_occupier_does_not_hold_is_named() {
    let dir = scratch_tiny();
    let file = dir.path().join("data/scenarios.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n[[scenario]]\nid = \"leave-west\"\ntitle = \"West left\"\ndescription = \"The occupier leaves West.\"\nsources = [\"Test Wire\"]\nops = [{ op = \"withdraw\", units = [\"T-1\", \"T-2\"] }]\n\n[[scenario]]\nid = \"then-freeze\"\nbase = \"give-east\"\ntitle = \"East frozen after the handover\"\ndescription = \"The line stays.\"\nsources = [\"Test Wire\"]\nops = [{ op = \"freeze\", units = [\"T-2\"] }]\n",
    );
    std::fs::write(&file, text).unwrap();
    let o = claimsmap(&["stats", "--data", "data", "--scenario", "leave-west"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "claimsmap: warning: scenario \"leave-west\": withdraw changes nothing in West (T-1): the occupier holds no ground there in these lines; check the unit ids of the op in scenarios.toml\n",
        "East (T-2) is held, and a freeze after a handover stands on held ground"
    );
    let held_after = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(held_after.contains("T-2"), "{held_after}");
}
