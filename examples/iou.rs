//! Compares fitted control areas with a real control map, unit by unit.
//!
//! `cargo run --release --example iou -- geodata REFERENCE.geojson`
//! prints each partly held unit's target share, fitted share, the share of
//! the reference inside the unit, the intersection over union, and the time
//! the fit took.

use std::path::Path;
use std::time::Instant;

use claimsmap::geometry::area_km2;
use claimsmap::load;
use claimsmap::scenario::Engine;
use geo::{BooleanOps, MultiPolygon};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (data, reference) = match args.as_slice() {
        [_, d, r] => (Path::new(d), Path::new(r)),
        _ => return Err("usage: iou DATA_DIR REFERENCE.geojson".into()),
    };
    let ds = load::dataset(data)?;
    let engine = Engine::new(&ds);
    let text = std::fs::read_to_string(reference)?;
    let refs = load::geojson::polygon_features(reference, &text, "id")?;
    let real: MultiPolygon<f64> = MultiPolygon(refs.into_iter().flat_map(|f| f.geometry.0).collect());
    println!(
        "{:<7} {:<16} {:>7} {:>7} {:>7} {:>6} {:>8}",
        "unit", "name", "target", "fitted", "real", "IoU", "ms"
    );
    for row in &ds.control {
        let index = ds.units.iter().position(|u| u.id == row.unit).ok_or("unit")?;
        let unit = &ds.units[index];
        let t = Instant::now();
        let held = engine.fit_on(index, row.as_of)?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let real_held = unit.geometry.intersection(&real);
        let inter = area_km2(&held.intersection(&real_held));
        let union = area_km2(&held.union(&real_held));
        println!(
            "{:<7} {:<16} {:>7.4} {:>7.4} {:>7.4} {:>6.3} {:>8.1}",
            unit.id,
            unit.name,
            row.share,
            area_km2(&held) / unit.area_km2,
            area_km2(&real_held) / unit.area_km2,
            if union > 0.0 { inter / union } else { 1.0 },
            ms
        );
    }
    Ok(())
}
