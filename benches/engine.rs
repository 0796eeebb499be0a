//! Criterion benchmarks of the scenario engine on the Ukraine dataset, and
//! of `validate`'s work (load, fit, anchors) on the committed units
//! densified with collinear points (1×, 4×, 16× the vertices), which shows
//! how the cost grows with the data.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use claimsmap::scenario::{Engine, check_anchors};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde_json::Value;

/// Load, fit the current lines and check the anchors: what `claimsmap
/// validate` does.
fn validate(dir: &Path) -> usize {
    let data = claimsmap::load::dataset(dir).expect("dataset");
    let current = Engine::new(&data).current().expect("fit");
    assert!(check_anchors(&data, &current).is_empty(), "anchors hold");
    current.held.len()
}

/// Inserts `factor - 1` evenly spaced points on every edge of every ring.
fn densify(value: &mut Value, factor: usize) {
    let Value::Array(items) = value else { return };
    let is_ring = items
        .first()
        .is_some_and(|p| matches!(p, Value::Array(c) if c.first().is_some_and(Value::is_number)));
    if !is_ring {
        items.iter_mut().for_each(|v| densify(v, factor));
        return;
    }
    let pts: Vec<(f64, f64)> = items
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    let mut out = Vec::with_capacity(pts.len() * factor);
    for w in pts.windows(2) {
        for k in 0..factor {
            let t = k as f64 / factor as f64;
            out.push(serde_json::json!([
                w[0].0 + (w[1].0 - w[0].0) * t,
                w[0].1 + (w[1].1 - w[0].1) * t
            ]));
        }
    }
    out.push(serde_json::json!([pts[pts.len() - 1].0, pts[pts.len() - 1].1]));
    *items = out;
}

/// A copy of the dataset folder with its units densified `factor` times.
fn densified(source: &Path, factor: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(source).expect("dataset folder") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let units = dir.path().join("units.geojson");
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&units).expect("units")).expect("json");
    for f in value["features"].as_array_mut().expect("features") {
        densify(&mut f["geometry"]["coordinates"], factor);
    }
    std::fs::write(&units, serde_json::to_string(&value).expect("json")).expect("write");
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn engine(c: &mut Criterion) {
    let root = claimsmap_bench::root().join("geodata");
    let data = claimsmap::load::dataset(&root).expect("dataset");
    let engine = Engine::new(&data);
    c.bench_function("control areas for the Ukrainian dataset", |b| {
        b.iter(|| black_box(engine.current().expect("fit")))
    });
    let current = engine.current().expect("fit");
    // As `stats` measures: the ground alone, without tracing the fronts.
    c.bench_function("run and measure every scenario", |b| {
        b.iter(|| {
            for s in &data.scenarios.scenarios {
                let outcome = engine.run(&data.scenarios, s.id(), &current).expect("run");
                let r = claimsmap::scenario::Resolved::new(&data, outcome, None).expect("resolve");
                black_box(claimsmap::stats::scenario_result(&data, &r));
            }
        })
    });
    c.bench_function("load and fit the current snapshot", |b| {
        b.iter(|| {
            let data = claimsmap::load::dataset(&root).expect("dataset");
            black_box(Engine::new(&data).current().expect("fit"))
        })
    });
    // What `validate` fits: every snapshot, each chained back from the
    // latest rows. A fresh engine per date fits each chain again; one
    // session's engine fits each unit's rows once and shares them.
    let dates = data.snapshot_dates();
    let mut group = c.benchmark_group("every snapshot's lines");
    group.sample_size(10);
    group.bench_function("a fresh engine per date", |b| {
        b.iter(|| {
            for &d in &dates {
                black_box(Engine::new(&data).control_on(d).expect("fit"));
            }
        })
    });
    group.bench_function("one session (fits remembered)", |b| {
        b.iter(|| {
            let session = claimsmap::Session::with_dataset(data.clone(), None).expect("session");
            for &d in &dates {
                black_box(session.engine().control_on(d).expect("fit"));
            }
        })
    });
    group.finish();
    c.bench_function("load the dataset folder", |b| {
        b.iter(|| black_box(claimsmap::load::dataset(&data.dir).expect("dataset")))
    });
    c.bench_function("validate: load, fit and check anchors", |b| {
        b.iter(|| black_box(validate(&root)))
    });
}

fn scaling(c: &mut Criterion) {
    let root = claimsmap_bench::root().join("geodata");
    let mut group = c.benchmark_group("validate on densified units");
    group.sample_size(10);
    for factor in [1, 4, 16] {
        let (_keep, dir) = densified(&root, factor);
        group.bench_with_input(BenchmarkId::from_parameter(format!("{factor}x")), &dir, |b, dir| {
            b.iter(|| black_box(validate(dir)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = engine
}
criterion_group!(scale, scaling);
criterion_main!(benches, scale);
