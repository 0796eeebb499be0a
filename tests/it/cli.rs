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
fn unknown_unit_in_control_table_suggests_the_fix() {
    let dir = scratch_dataset();
    let control = dir.path().join("data/control.csv");
    let text = std::fs::read_to_string(&control).unwrap().replace("UA-14,", "UA-41,");
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
