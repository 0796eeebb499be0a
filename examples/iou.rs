//! Compares fitted control areas with a real control map, unit by unit.
//!
//! `cargo run --release --example iou -- geodata REFERENCE.geojson`
//! prints each partly held unit's target share, fitted share, the share of
//! the reference inside the unit, the intersection over union, and the time
//! the fit took. With `--where` it also lists, per unit, the pieces of
//! ground only one of the two holds (over 5 km²), each with its area and
//! the nearest settlement of `settlements.csv`: where to look for public
//! reporting, never data to copy (the reference's licence bars that).

use std::path::Path;
use std::time::Instant;

use claimsmap::geometry::area_km2;
use claimsmap::load;
use claimsmap::scenario::Engine;
use geo::{Area, BooleanOps, Centroid, MultiPolygon, Polygon};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (data, reference, show_where) = match args.as_slice() {
        [_, d, r] => (Path::new(d), Path::new(r), false),
        [_, d, r, w] if w == "--where" => (Path::new(d), Path::new(r), true),
        _ => return Err("usage: iou DATA_DIR REFERENCE.geojson [--where]".into()),
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
        if show_where {
            let settlements = ds.population.as_ref().map(|p| p.settlements.as_slice()).unwrap_or(&[]);
            print_pieces("  ours only", &held.difference(&real_held), settlements);
            print_pieces("  real only", &real_held.difference(&held), settlements);
        }
    }
    Ok(())
}

/// Prints each piece over 5 km² with its area and nearest settlement.
fn print_pieces(label: &str, pieces: &MultiPolygon<f64>, settlements: &[claimsmap::model::Settlement]) {
    let mut rows: Vec<(f64, &Polygon<f64>)> = pieces
        .0
        .iter()
        .map(|p| (area_km2(&MultiPolygon(vec![p.clone()])), p))
        .filter(|(a, p)| *a > 5.0 && p.unsigned_area() > 0.0)
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (a, p) in rows {
        let Some(c) = p.centroid() else { continue };
        let near = settlements
            .iter()
            .min_by(|s, t| {
                let d = |x: &claimsmap::model::Settlement| (x.lon - c.x()).powi(2) + (x.lat - c.y()).powi(2);
                d(s).total_cmp(&d(t))
            })
            .map(|s| s.name.as_str())
            .unwrap_or("-");
        println!("{label} {a:>8.1} km2 near {near} ({:.2}, {:.2})", c.x(), c.y());
    }
}
