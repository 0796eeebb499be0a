//! Golden outputs: each case under `tests/golden/<group>/<case>/` holds a
//! `cmd` file (one argument per line; `{out}` is a fresh scratch folder) and
//! the files that command must write, byte for byte (PNGs within ±1 per
//! channel, with a diff image on failure). Standard output, with the scratch
//! folder's path replaced by `{out}`, is compared with `stdout` when the case
//! holds one. The command runs through the real binary from the repository
//! root, on the tiny synthetic dataset in `tests/golden/tiny`.
//!
//! `UPDATE_GOLDEN=1` rewrites a case's expected files and fails, so a
//! regeneration never passes as green.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use super::png_rgb;

macro_rules! cases {
    ($($name:ident => $path:literal,)*) => {
        $(#[test] fn $name() { check($path) })*

        /// Every case folder on disk has its `#[test]`.
        #[test]
        fn every_case_folder_is_tested() {
            let listed: BTreeSet<&str> = [$($path),*].into_iter().collect();
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
            let mut found = BTreeSet::new();
            for group in std::fs::read_dir(&root).unwrap() {
                let group = group.unwrap().path();
                for case in std::fs::read_dir(&group).unwrap() {
                    let case = case.unwrap().path();
                    if case.join("cmd").is_file() {
                        found.insert(case.strip_prefix(&root).unwrap().to_string_lossy().into_owned());
                    }
                }
            }
            let listed: BTreeSet<String> = listed.into_iter().map(String::from).collect();
            assert_eq!(found, listed, "tests/golden case folders and the cases! list disagree");
        }
    };
}

cases! {
    pages_single => "pages/single",
    pages_current => "pages/current",
    pages_compare => "pages/compare",
    labels_lang_uk => "labels/lang-uk",
    present_text_as_paths => "present/text-as-paths",
    write_gallery => "write/gallery",
    write_export => "write/export",
    write_stats_table => "write/stats-table",
}

fn check(case: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/golden").join(case);
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().to_str().unwrap();
    let args: Vec<String> = std::fs::read_to_string(dir.join("cmd"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.replace("{out}", out))
        .collect();
    let run = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(&args)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{case}: {args:?} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout).replace(out, "{out}");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut written: Vec<(String, Vec<u8>)> = std::fs::read_dir(scratch.path())
        .unwrap()
        // The manifest of what claimsmap wrote is bookkeeping, not an output.
        .filter(|e| {
            e.as_ref()
                .map_or(true, |e| e.file_name() != claimsmap::output::MANIFEST)
        })
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    if dir.join("stdout").is_file() || update {
        written.push(("stdout".into(), stdout.into_bytes()));
    }
    written.sort();
    if update {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            if e.file_name() != "cmd" {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        for (name, bytes) in &written {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        panic!("{case}: golden files rewritten; rerun without UPDATE_GOLDEN");
    }
    let expected: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "cmd")
        .collect();
    let got: BTreeSet<String> = written.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        got, expected,
        "{case}: the command wrote other files than the case expects"
    );
    for (name, bytes) in &written {
        let want = std::fs::read(dir.join(name)).unwrap();
        if name.ends_with(".png") {
            compare_png(case, name, &want, bytes);
        } else if want != *bytes {
            let diff = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-diff").join(case);
            std::fs::create_dir_all(&diff).unwrap();
            std::fs::write(diff.join(name), bytes).unwrap();
            panic!(
                "{case}/{name} differs; the new output is in {} (UPDATE_GOLDEN=1 rewrites the case)",
                diff.join(name).display()
            );
        }
    }
}

fn compare_png(case: &str, name: &str, want: &[u8], got: &[u8]) {
    let ((ew, eh, e), (aw, ah, a)) = (png_rgb(want), png_rgb(got));
    assert_eq!((aw, ah), (ew, eh), "{case}/{name}: image size");
    let bad: Vec<usize> = (0..e.len() / 3)
        .filter(|i| (0..3).any(|c| e[i * 3 + c].abs_diff(a[i * 3 + c]) > 1))
        .collect();
    if bad.is_empty() {
        return;
    }
    // A three-panel diff image: expected | mask | actual.
    let (w, h) = (ew as usize, eh as usize);
    let mut out = vec![255u8; w * 3 * h * 3];
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) * 3;
            let o = |panel: usize| (y * w * 3 + panel * w + x) * 3;
            out[o(0)..o(0) + 3].copy_from_slice(&e[i..i + 3]);
            out[o(2)..o(2) + 3].copy_from_slice(&a[i..i + 3]);
        }
    }
    for i in &bad {
        let (y, x) = (i / w, i % w);
        let o = (y * w * 3 + w + x) * 3;
        out[o..o + 3].copy_from_slice(&[255, 0, 0]);
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-diff").join(case);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    let mut enc = png::Encoder::new(file, (w * 3) as u32, h as u32);
    enc.set_color(png::ColorType::Rgb);
    enc.write_header().unwrap().write_image_data(&out).unwrap();
    panic!(
        "{case}/{name}: {} pixels differ by more than 1; diff image: {}",
        bad.len(),
        path.display()
    );
}
