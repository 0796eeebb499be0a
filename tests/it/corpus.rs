//! The bad-input corpus: every case under `tests/fixtures/bad/<case>/` runs
//! the real binary on the tiny dataset with the case's files laid over it,
//! and must give exactly the exit code and message in the case's `expected`
//! file (first line `exit N`, then standard error). A case may hold `args`
//! (one argument per line; default `validate --data data`) and `delete`
//! (files of the dataset to remove). `UPDATE_GOLDEN=1` rewrites the
//! expected files and fails.

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn every_bad_input_gets_its_exact_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the corpus shrank");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy_dir(&root.join("tests/golden/tiny"), &data);
        for e in std::fs::read_dir(case).unwrap() {
            let e = e.unwrap();
            let file = e.file_name().to_string_lossy().into_owned();
            if !["args", "expected", "delete"].contains(&file.as_str()) {
                std::fs::copy(e.path(), data.join(&file)).unwrap();
            }
        }
        if let Ok(list) = std::fs::read_to_string(case.join("delete")) {
            for f in list.lines() {
                std::fs::remove_file(data.join(f)).unwrap();
            }
        }
        let args: Vec<String> = match std::fs::read_to_string(case.join("args")) {
            Ok(a) => a.lines().map(str::to_string).collect(),
            Err(_) => vec!["validate".into(), "--data".into(), "data".into()],
        };
        let out = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let got = format!(
            "exit {}\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr)
        );
        // Every message names where the problem is and starts with the program name.
        for line in String::from_utf8_lossy(&out.stderr).lines() {
            assert!(line.starts_with("claimsmap: error: "), "{name}: {line}");
        }
        assert_ne!(out.status.code(), Some(0), "{name}: bad input was accepted");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{name}: panic"
        );
        if update {
            std::fs::write(case.join("expected"), &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(case.join("expected")) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{name}:\n  expected: {want:?}\n  got:      {got:?}")),
            Err(_) => failures.push(format!("{name}: no expected file; run with UPDATE_GOLDEN=1 and review")),
        }
    }
    assert!(
        !update,
        "expected messages rewritten; review them and rerun without UPDATE_GOLDEN"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_failed_run_leaves_the_output_folder_untouched() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&root.join("tests/golden/tiny"), &data);
    let render = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_claimsmap"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let ok = render(&["render", "--data", "data", "--all", "--width", "300", "--out", "out"]);
    assert!(ok.status.success());
    let snapshot = |p: &Path| {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&dir.path().join("out"));
    // Break the data: the run must fail and write nothing.
    std::fs::write(
        data.join("control.csv"),
        "unit,share,low,high,as_of,basis,source,note\nT-9,2,0,1,x,y,,\n",
    )
    .unwrap();
    let bad = render(&["render", "--data", "data", "--all", "--width", "300", "--out", "out"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        snapshot(&dir.path().join("out")),
        before,
        "a failed run changed the output folder"
    );
}

/// Runs the binary on a fresh copy of the tiny dataset in a temporary
/// folder, after `prepare` has laid its files in.
fn run_on_tiny(prepare: impl FnOnce(&Path), args: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("tests/golden/tiny"), &dir.path().join("data"));
    prepare(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (out, dir)
}

#[test]
fn a_lines_file_over_the_position_budget_is_refused_before_parsing() {
    let n = claimsmap::load::MAX_POSITIONS + 1;
    let (out, _dir) = run_on_tiny(
        |d| {
            let ring = "[11.5,50.5],".repeat(n);
            let text = format!(
                "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{ring}[11.5,50.5]]]}}}}]}}"
            );
            std::fs::write(d.join("lines.geojson"), text).unwrap();
        },
        &["stats", "--data", "data", "--lines", "lines.geojson"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "claimsmap: error: lines.geojson: the file holds {} positions; claimsmap reads GeoJSON of up to {} positions; simplify the geometry first (for example mapshaper -simplify or ogr2ogr -simplify)\n",
            n + 1,
            n - 1
        )
    );
}

#[cfg(unix)]
#[test]
fn a_folder_another_run_writes_into_is_refused() {
    let mut held = None;
    let (out, dir) = run_on_tiny(
        |d| {
            let folder = d.join("out");
            std::fs::create_dir(&folder).unwrap();
            let f = std::fs::File::open(&folder).unwrap();
            f.lock().unwrap();
            held = Some(f);
        },
        &["render", "--data", "data", "--all", "--format", "svg", "--out", "out"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "claimsmap: error: out: another claimsmap run is writing into this folder; wait for it to finish, or use another --out\n"
    );
    assert_eq!(std::fs::read_dir(dir.path().join("out")).unwrap().count(), 0);
    drop(held);
}

#[test]
fn only_files_claimsmap_wrote_are_replaced_without_force() {
    let args = ["render", "--data", "data", "--all", "--format", "svg", "--out", "out"];
    let (out, dir) = run_on_tiny(
        |d| {
            std::fs::create_dir(d.join("out")).unwrap();
            std::fs::write(d.join("out/stats.csv"), "mine").unwrap();
        },
        &args,
    );
    assert_eq!(out.status.code(), Some(2));
    let out_dir = dir.path().join("out");
    assert_eq!(std::fs::read(out_dir.join("stats.csv")).unwrap(), b"mine");
    assert_eq!(
        std::fs::read_dir(&out_dir).unwrap().count(),
        1,
        "a refused run wrote nothing"
    );
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_claimsmap"))
            .args(args.iter().chain(extra))
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    assert!(run(&["--force"]).status.success());
    assert_ne!(std::fs::read(out_dir.join("stats.csv")).unwrap(), b"mine");
    // The second run replaces what the first wrote, without --force.
    assert!(run(&[]).status.success());
    let manifest = std::fs::read_to_string(out_dir.join(claimsmap::output::MANIFEST)).unwrap();
    assert!(manifest.lines().any(|l| l == "index.html"), "{manifest}");
}
