//! Compares fitted control areas with a real control map, unit by unit.
//!
//! `cargo run --release --example iou -- geodata REFERENCE.geojson`
//! prints each partly held unit's target share, fitted share, the share of
//! the reference inside the unit, and the intersection over union.

use std::path::Path;
use std::time::Instant;

use claimsmap::geometry::area_km2;
use claimsmap::load::{self, files, hints, layers};
use claimsmap::scenario::{borders, fit};
use geo::{BooleanOps, MultiPolygon};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (data, reference) = match args.as_slice() {
        [_, d, r] => (Path::new(d), Path::new(r)),
        _ => return Err("usage: iou DATA_DIR REFERENCE.geojson".into()),
    };
    let ds = load::dataset(data)?;
    let regions = layers::load_context(&data.join(files::CONTEXT))?;
    let water = layers::load_water(&data.join(files::WATER))?;
    let hints = hints::load(&data.join("fit.toml"))?;
    let text = std::fs::read_to_string(reference)?;
    let refs = load::geojson::polygon_features(reference, &text, "id")?;
    let real: MultiPolygon<f64> = MultiPolygon(refs.into_iter().flat_map(|f| f.geometry.0).collect());
    let ctx = fit::Context {
        units: &ds.units,
        regions: &regions,
        water: &water,
    };
    println!(
        "{:<7} {:<16} {:>7} {:>7} {:>7} {:>6} {:>8}",
        "unit", "name", "target", "fitted", "real", "IoU", "ms"
    );
    for row in &ds.control {
        let index = ds.units.iter().position(|u| u.id == row.unit).ok_or("unit")?;
        let unit = &ds.units[index];
        let hint = hints
            .iter()
            .find(|h| h.id == unit.id)
            .map(|h| h.method.clone())
            .unwrap_or(hints::Method::Grow {
                seeds: vec!["RU".into()],
                near: None,
                radius_km: None,
            });
        let t = Instant::now();
        let edges = borders::classify(index, &ds.units, &regions);
        let held = fit::held_area(index, row.share, &hint, &edges, ctx)?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let real_held = unit.geometry.intersection(&real);
        let inter = area_km2(&held.intersection(&real_held));
        let union = area_km2(&held.union(&real_held));
        if std::env::var("IOU_DEBUG").is_ok() {
            eprintln!(
                "{}: held {:.0} real {:.0} inter {inter:.0} union {union:.0} polys {}",
                unit.id,
                area_km2(&held),
                area_km2(&real_held),
                held.0.len()
            );
        }
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
