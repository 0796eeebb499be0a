//! Whole-run timings: the release binary run end to end several times,
//! reporting the median wall time of each command (the machine is shared
//! and noisy, so single runs mean little), with the fit cache off (every
//! line fitted) and warm (the lines read back from an entry the first run
//! wrote), and the sizes of the PNGs that `make maps` writes (the size
//! goal: at most 300 KB at 2000 px).

use std::process::Command;
use std::time::Instant;

const RUNS: usize = 7;

/// The median wall time of `args`, the fit cache in `cache` (a folder, or `off`).
fn median_ms(args: &[&str], cache: &str) -> f64 {
    let run = || {
        let t = Instant::now();
        let out = Command::new(claimsmap_bench::binary())
            .args(args)
            .current_dir(claimsmap_bench::root())
            .env("CLAIMSMAP_CACHE", cache)
            .output()
            .expect("claimsmap runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        t.elapsed().as_secs_f64() * 1e3
    };
    // One run first: it writes the cache entry the warm runs read.
    run();
    let mut times: Vec<f64> = (0..RUNS).map(|_| run()).collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn main() {
    // `cargo bench -- FILTER` passes arguments; run everything regardless.
    let out = std::env::temp_dir().join("claimsmap-bench-export.geojson");
    let out = out.to_str().expect("utf-8 temp path");
    let maps = std::env::temp_dir().join("claimsmap-bench-maps");
    let maps = maps.to_str().expect("utf-8 temp path");
    let one = std::env::temp_dir().join("claimsmap-bench-one");
    let one = one.to_str().expect("utf-8 temp path");
    let georgia = std::env::temp_dir().join("claimsmap-bench-georgia");
    let georgia = georgia.to_str().expect("utf-8 temp path");
    let cases: [(&str, Vec<&str>); 8] = [
        ("validate (loads, fits, checks anchors)", vec!["validate"]),
        (
            "stats --scenario current (load + fit)",
            vec!["stats", "--scenario", "current"],
        ),
        ("stats --all --format json", vec!["stats", "--all", "--format", "json"]),
        (
            "export --scenario alaska-terms",
            vec!["export", "--scenario", "alaska-terms", "--out", out],
        ),
        (
            "render --scenario current (SVG + PNG)",
            vec!["render", "--scenario", "current", "--out", one],
        ),
        (
            "render --all --compare",
            vec!["render", "--all", "--compare", "--out", maps, "--force"],
        ),
        (
            "render of make maps (figures, dates)",
            vec![
                "render",
                "--all",
                "--compare",
                "--compare-with",
                "alaska-terms,plan-28-points,plan-20-points-dmz",
                "--small-multiples",
                "--animate",
                "--out",
                maps,
                "--force",
            ],
        ),
        (
            "render --all --compare, Georgia",
            vec![
                "render",
                "--data",
                "datasets/georgia",
                "--all",
                "--compare",
                "--out",
                georgia,
            ],
        ),
    ];
    let cache = std::env::temp_dir().join("claimsmap-bench-cache");
    let _ = std::fs::remove_dir_all(&cache);
    let cache = cache.to_str().expect("utf-8 temp path");
    println!("whole runs, median of {RUNS} (fit cache off / warm):");
    for (name, args) in cases {
        let cold = median_ms(&args, "off");
        let warm = median_ms(&args, cache);
        println!("  {name:<42} {cold:>8.1} ms / {warm:>8.1} ms ({:.2}x)", warm / cold);
    }
    for dir in [maps, georgia] {
        let mut sizes: Vec<(u64, String)> = std::fs::read_dir(dir)
            .expect("maps written")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "png"))
            .map(|p| {
                let name = p.file_name().expect("name").to_string_lossy().into_owned();
                (std::fs::metadata(&p).expect("size").len(), name)
            })
            .collect();
        sizes.sort();
        let (Some(small), Some(large)) = (sizes.first(), sizes.last()) else {
            continue;
        };
        println!(
            "PNGs in {dir}: {} files, {:.0}-{:.0} KB ({} to {})",
            sizes.len(),
            small.0 as f64 / 1e3,
            large.0 as f64 / 1e3,
            small.1,
            large.1
        );
    }
}
