//! Criterion benchmarks of the scenario engine on the Ukraine dataset.

use std::hint::black_box;
use std::path::Path;

use claimsmap::scenario::Engine;
use criterion::{Criterion, criterion_group, criterion_main};

fn engine(c: &mut Criterion) {
    let data = claimsmap::load::dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata")).expect("dataset");
    let engine = Engine::new(&data);
    c.bench_function("control areas for the Ukrainian dataset", |b| {
        b.iter(|| black_box(engine.current().expect("fit")))
    });
    let current = engine.current().expect("fit");
    let fronts = claimsmap::scenario::Fronts::new(&data, &current.held).expect("fronts");
    c.bench_function("run and measure every scenario", |b| {
        b.iter(|| {
            for s in &data.scenarios.scenarios {
                let outcome = engine.run(&data.scenarios, s.id(), &current).expect("run");
                let r = claimsmap::scenario::Resolved::new(&data, outcome, &fronts).expect("resolve");
                black_box(claimsmap::stats::scenario_result(&data, &r));
            }
        })
    });
    c.bench_function("load the dataset folder", |b| {
        b.iter(|| black_box(claimsmap::load::dataset(&data.dir).expect("dataset")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = engine
}
criterion_main!(benches);
