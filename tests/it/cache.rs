//! The fit cache through the binary: a run that reads its fits (and its
//! rings' areas) back writes the very bytes a run that fitted them writes;
//! a changed input or a broken entry is fitted afresh; `off` writes
//! nothing.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary with its cache in `cache`.
fn run(args: &[&str], cache: &Path) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(args)
        .env("CLAIMSMAP_CACHE", cache)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The cache's fit entries, sorted by name, with their bytes.
fn entries(cache: &Path) -> Vec<(String, Vec<u8>)> {
    files(cache, "fits-")
}

/// The cache's files whose names start with `prefix`, sorted by name,
/// with their bytes.
fn files(cache: &Path, prefix: &str) -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(cache)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// A copy of the tiny dataset (one unit half held) to change.
fn tiny() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

#[test]
fn fits_read_back_give_the_same_bytes_and_a_changed_input_is_fitted_afresh() {
    let cache = tempfile::tempdir().unwrap();
    let data = tiny();
    let d = data.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let stats = ["stats", "--data", d, "--scenario", "current", "--format", "csv"];
    let render = |dir: &str| {
        run(
            &[
                "render",
                "--data",
                d,
                "--scenario",
                "give-east",
                "--format",
                "svg,png",
                "--out",
                dir,
                "--force",
            ],
            cache.path(),
        );
        ["give-east.svg", "give-east.png"].map(|f| std::fs::read(Path::new(dir).join(f)).unwrap())
    };

    // Cold: the fits are made and kept in one entry; the map adds the
    // front it traced to the same entry.
    let cold = run(&stats, cache.path()).stdout;
    let fits_only = entries(cache.path());
    assert_eq!(
        fits_only.len(),
        1,
        "{:?}",
        fits_only.iter().map(|k| &k.0).collect::<Vec<_>>()
    );
    assert!(fits_only[0].0.starts_with("fits-") && fits_only[0].0.ends_with(".bin"));
    let drawn = render(o);
    let kept = entries(cache.path());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, fits_only[0].0);
    assert!(kept[0].1.len() > fits_only[0].1.len(), "the front is kept too");

    // Warm: the same bytes, and the entry is not rewritten.
    assert_eq!(run(&stats, cache.path()).stdout, cold);
    let warm_out = tempfile::tempdir().unwrap();
    assert_eq!(render(warm_out.path().to_str().unwrap()), drawn);
    assert_eq!(entries(cache.path()), kept);

    // A damaged entry is not trusted: the lines are fitted again, the same
    // bytes come out, and the entry is written whole again (with what
    // `stats` made: the fits, not the front).
    let path = cache.path().join(&kept[0].0);
    let mut broken = kept[0].1.clone();
    let mid = broken.len() / 2;
    broken[mid] ^= 0x40;
    std::fs::write(&path, &broken).unwrap();
    assert_eq!(run(&stats, cache.path()).stdout, cold);
    assert_eq!(entries(cache.path()), fits_only);
    std::fs::write(&path, &kept[0].1[..100]).unwrap();
    assert_eq!(run(&stats, cache.path()).stdout, cold);
    assert_eq!(entries(cache.path()), fits_only);

    // A changed share: another entry, and the new share's area.
    let control = data.path().join("control.csv");
    let text = std::fs::read_to_string(&control).unwrap();
    std::fs::write(&control, text.replace("T-2,0.5,", "T-2,0.55,")).unwrap();
    let changed = run(&stats, cache.path()).stdout;
    assert_ne!(changed, cold);
    assert_eq!(entries(cache.path()).len(), 2);
    // Back to the first share: the first entry serves it again.
    std::fs::write(&control, text).unwrap();
    assert_eq!(run(&stats, cache.path()).stdout, cold);
    assert_eq!(entries(cache.path()).len(), 2);
}

#[test]
fn off_writes_no_entry() {
    let cache = tempfile::tempdir().unwrap();
    let data = tiny();
    let d = data.path().to_str().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(["stats", "--data", d, "--scenario", "current"])
        .env("CLAIMSMAP_CACHE", "off")
        .env("XDG_CACHE_HOME", cache.path())
        .env("HOME", cache.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(files(cache.path(), "").is_empty());
    // Unset, the folder under XDG_CACHE_HOME is used.
    let o = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args(["stats", "--data", d, "--scenario", "current"])
        .env_remove("CLAIMSMAP_CACHE")
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(entries(&cache.path().join("claimsmap")).len(), 1);
}

#[test]
fn the_fingerprint_follows_the_files_and_the_boundary_options() {
    use claimsmap::load::{BoundarySource, dataset_with};
    let data = tiny();
    let print = |source: &BoundarySource| dataset_with(data.path(), source).unwrap().fingerprint;
    let plain = print(&BoundarySource::default());
    assert_eq!(
        print(&BoundarySource::default()),
        plain,
        "the same inputs, the same fingerprint"
    );
    // The same files read with other options may make other units: another fingerprint.
    let by_name = BoundarySource {
        match_names: true,
        ..BoundarySource::default()
    };
    assert_ne!(print(&by_name), plain);
    let area = BoundarySource {
        area_property: Some("area_official_km2".into()),
        ..BoundarySource::default()
    };
    assert_ne!(print(&area), plain);
    // A byte of one file changed (a comment): another fingerprint.
    let control = data.path().join("control.csv");
    let text = std::fs::read_to_string(&control).unwrap();
    std::fs::write(&control, text.replacen("# One", "# one", 1)).unwrap();
    assert_ne!(print(&BoundarySource::default()), plain);
}

/// Runs `stats` on `data` with `CLAIMSMAP_CACHE` set to `cache`, from `cwd`.
fn stats_with(data: &Path, cache: &std::ffi::OsStr, cwd: &Path) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_claimsmap"))
        .args([
            "stats",
            "--data",
            data.to_str().unwrap(),
            "--scenario",
            "current",
            "--format",
            "csv",
        ])
        .env("CLAIMSMAP_CACHE", cache)
        .current_dir(cwd)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        o.stderr.is_empty(),
        "the cache never prints: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

#[test]
fn a_folder_others_may_write_a_link_or_a_relative_path_is_no_cache() {
    let data = tiny();
    let cold = stats_with(data.path(), "off".as_ref(), data.path());
    // A relative path or a word: no cache, and nothing made in the working folder.
    let cwd = tempfile::tempdir().unwrap();
    for v in ["0", "no", "cache", "false"] {
        assert_eq!(stats_with(data.path(), v.as_ref(), cwd.path()), cold);
    }
    assert_eq!(std::fs::read_dir(cwd.path()).unwrap().count(), 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A folder anyone may write in: anyone could plant an entry. Not used.
        let open = tempfile::tempdir().unwrap();
        std::fs::set_permissions(open.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        assert_eq!(stats_with(data.path(), open.path().as_os_str(), cwd.path()), cold);
        assert!(files(open.path(), "").is_empty());
        // An entry that is a link is not followed (a link to a file whose
        // read blocks would hang the run): a miss, and a plain entry is
        // written in its place.
        let own = tempfile::tempdir().unwrap();
        assert_eq!(stats_with(data.path(), own.path().as_os_str(), cwd.path()), cold);
        let kept = entries(own.path());
        let entry = own.path().join(&kept[0].0);
        let aside = tempfile::NamedTempFile::new().unwrap();
        std::fs::copy(&entry, aside.path()).unwrap();
        std::fs::remove_file(&entry).unwrap();
        std::os::unix::fs::symlink(aside.path(), &entry).unwrap();
        assert_eq!(stats_with(data.path(), own.path().as_os_str(), cwd.path()), cold);
        assert!(std::fs::symlink_metadata(&entry).unwrap().is_file());
        assert_eq!(entries(own.path()), kept);
    }
}

#[test]
fn ring_areas_are_kept_per_folder_read_back_and_refused_when_damaged() {
    let cache = tempfile::tempdir().unwrap();
    let data = tiny();
    let d = data.path().to_str().unwrap();
    let stats = ["stats", "--data", d, "--scenario", "current", "--format", "csv"];
    let cold = run(&stats, cache.path()).stdout;
    let kept = files(cache.path(), "rings-");
    assert_eq!(kept.len(), 1, "one store for the folder");
    let (name, bytes) = &kept[0];
    // magic, key, SHA-256, length; then the count and 40 bytes a ring.
    let count = u64::from_le_bytes(bytes[88..96].try_into().unwrap()) as usize;
    assert!(
        count > 0 && bytes.len() == 96 + 40 * count,
        "{count} rings in {} bytes",
        bytes.len()
    );
    // Warm: the same bytes out, and the store is not written again.
    assert_eq!(run(&stats, cache.path()).stdout, cold);
    assert_eq!(files(cache.path(), "rings-"), kept);

    // The areas are read: a store whose areas were all doubled and sealed
    // again (as only someone able to write the user's own folder could)
    // doubles the figures. That is why the folder must be private.
    let path = cache.path().join(name);
    let mut forged = bytes.clone();
    for i in 0..count {
        let at = 96 + 40 * i + 32;
        let area = f64::from_le_bytes(forged[at..at + 8].try_into().unwrap());
        forged[at..at + 8].copy_from_slice(&(area * 2.0).to_le_bytes());
    }
    use sha2::Digest;
    let sum = sha2::Sha256::digest(&forged[88..]);
    forged[48..80].copy_from_slice(&sum);
    std::fs::write(&path, &forged).unwrap();
    assert_ne!(run(&stats, cache.path()).stdout, cold);

    // Damaged without the seal mended, or cut short: not read, the same
    // figures as cold, and the store written whole again (with the rings
    // this run measured: its fits were read, so fewer than cold).
    let sealed = |b: &[u8]| b.len() >= 96 && sha2::Sha256::digest(&b[88..]).as_slice() == &b[48..80];
    let mut broken = forged.clone();
    broken[100] ^= 1;
    for damaged in [&broken[..], &bytes[..bytes.len() - 8]] {
        std::fs::write(&path, damaged).unwrap();
        assert_eq!(run(&stats, cache.path()).stdout, cold);
        let again = files(cache.path(), "rings-");
        assert_eq!(again.len(), 1);
        assert!(sealed(&again[0].1) && again[0].1 != damaged);
    }
}

/// Under umask 002 (many systems' default) the cache's folder and files are
/// still the user's alone, so they are read back: a folder or entry others
/// may write is refused, and the cache would never hit.
#[cfg(unix)]
#[test]
fn the_cache_is_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let cache = parent.path().join("made").join("here");
    let data = tiny();
    let d = data.path().to_str().unwrap();
    let stats = || {
        let o = Command::new("sh")
            .arg("-c")
            .arg("umask 002 && exec \"$0\" stats --data \"$1\" --scenario current --format csv")
            .arg(env!("CARGO_BIN_EXE_claimsmap"))
            .arg(d)
            .env("CLAIMSMAP_CACHE", &cache)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let cold = stats();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache), 0o700);
    let kept = files(&cache, "");
    assert!(
        kept.len() >= 2,
        "a fit entry and a ring store: {:?}",
        kept.iter().map(|k| &k.0).collect::<Vec<_>>()
    );
    for (name, _) in &kept {
        assert_eq!(mode(&cache.join(name)), 0o600, "{name}");
    }
    // Read back: the same figures, and nothing written again.
    let modified = |name: &str| std::fs::metadata(cache.join(name)).unwrap().modified().unwrap();
    let before: Vec<_> = kept.iter().map(|(n, _)| modified(n)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(stats(), cold);
    assert_eq!(files(&cache, ""), kept);
    // Each was touched as used, so pruning keeps it before entries unused.
    for ((name, _), was) in kept.iter().zip(before) {
        assert!(modified(name) > was, "{name} touched");
    }
}

#[test]
fn bands_of_the_proposals_are_kept_and_read_back_to_the_same_figures() {
    let cache = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
    let d = data.to_str().unwrap();
    let stats = |scenario: &str| {
        run(
            &["stats", "--data", d, "--scenario", scenario, "--format", "csv"],
            cache.path(),
        )
        .stdout
    };
    stats("current");
    let lines_only = entries(cache.path());
    // A buffer zone and a mutual pull-back: their bands join the entry.
    let (buffer, exchange) = (stats("buffer-15km"), stats("plan-20-points-dmz"));
    let kept = entries(cache.path());
    assert_eq!((lines_only.len(), kept.len()), (1, 1));
    assert!(
        kept[0].1.len() > lines_only[0].1.len() + 50_000,
        "the entry grows with what the proposals added (their bands among it; the engine's unit test checks that bands are kept)"
    );
    // Read back: the same figures as drawn afresh, and the entry unchanged.
    assert_eq!(
        (stats("buffer-15km"), stats("plan-20-points-dmz")),
        (buffer.clone(), exchange.clone())
    );
    assert_eq!(entries(cache.path()), kept);
    for (scenario, figures) in [("buffer-15km", &buffer), ("plan-20-points-dmz", &exchange)] {
        let off = run(
            &["stats", "--data", d, "--scenario", scenario, "--format", "csv"],
            "off".as_ref(),
        );
        assert_eq!(&off.stdout, figures, "{scenario}");
    }
}

#[test]
fn drawings_are_kept_per_svg_and_format_and_a_damaged_one_is_drawn_again() {
    let cache = tempfile::tempdir().unwrap();
    let data = tiny();
    let d = data.path().to_str().unwrap();
    let render_with = |width: &str, cache: &Path| {
        let out = tempfile::tempdir().unwrap();
        let o = out.path().to_str().unwrap();
        run(
            &[
                "render",
                "--data",
                d,
                "--scenario",
                "give-east",
                "--format",
                "svg,png,pdf",
                "--width",
                width,
                "--out",
                o,
            ],
            cache,
        );
        ["give-east.svg", "give-east.png", "give-east.pdf"].map(|f| std::fs::read(out.path().join(f)).unwrap())
    };
    let render = |width: &str| render_with(width, cache.path());
    // `off` (not an absolute path) turns the cache off.
    let off = render_with("2000", Path::new("off"));

    // Cold: the PNG and the PDF are kept (the SVG is the run's own text).
    let cold = render("2000");
    assert_eq!(cold, off, "the cache changes no byte");
    let kept = files(cache.path(), "draw-");
    assert_eq!(kept.len(), 2, "{:?}", kept.iter().map(|k| &k.0).collect::<Vec<_>>());
    // Warm: read back, the same bytes, nothing rewritten.
    assert_eq!(render("2000"), cold);
    assert_eq!(files(cache.path(), "draw-"), kept);
    // Another width is another PNG: one more entry, not the kept one.
    let narrow = render("700");
    assert_ne!(narrow[1], cold[1]);
    assert_eq!(narrow[2], cold[2]);
    assert_eq!(files(cache.path(), "draw-").len(), 3);

    // A damaged or cut entry is not trusted: the file is drawn again, the
    // same bytes come out, and the entry is written whole again.
    for (name, bytes) in &kept {
        let mut broken = bytes.clone();
        let at = broken.len() - 7;
        broken[at] ^= 0x10;
        std::fs::write(cache.path().join(name), &broken).unwrap();
    }
    assert_eq!(render("2000"), cold);
    let again = files(cache.path(), "draw-");
    for (name, bytes) in &kept {
        assert!(
            again.contains(&(name.clone(), bytes.clone())),
            "{name} written whole again"
        );
    }
    for (name, bytes) in &kept {
        std::fs::write(cache.path().join(name), &bytes[..bytes.len() / 3]).unwrap();
    }
    assert_eq!(render("2000"), cold);
}
