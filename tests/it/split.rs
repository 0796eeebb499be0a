//! Splitting a unit along a river on synthetic boundaries: a line that ends
//! inside the unit is extended to its outline or refused with a located
//! message, a share exactly at the river fits, and no held island is left
//! across the river.

use std::path::Path;

use claimsmap::geometry::{area_km2, contains_lonlat};
use claimsmap::scenario::Engine;

/// The tiny dataset with East (T-2, lon 11..12, lat 50..51) split along a
/// river given as `[lon, lat]` points, the held side east of it.
fn dataset_with_river(dir: &Path, river: &[[f64; 2]]) -> claimsmap::model::Dataset {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    for e in std::fs::read_dir(&root).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    std::fs::write(
        dir.join("fit.toml"),
        "[[unit]]\nid = \"T-2\"\nmethod = \"split\"\nline = \"river\"\nheld_side = [11.9, 50.5]\n",
    )
    .unwrap();
    let coords: Vec<String> = river.iter().map(|[x, y]| format!("[{x},{y}]")).collect();
    std::fs::write(
        dir.join("water.geojson"),
        format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{\"id\":\"river\",\"name\":\"River\",\"kind\":\"river\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[{}]}}}}]}}",
            coords.join(",")
        ),
    )
    .unwrap();
    claimsmap::load::dataset(dir).expect("the synthetic dataset loads")
}

fn east(ds: &claimsmap::model::Dataset) -> usize {
    ds.units.iter().position(|u| u.id == "T-2").unwrap()
}

#[test]
fn a_river_across_the_unit_splits_it() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dataset_with_river(dir.path(), &[[11.5, 51.2], [11.5, 49.8]]);
    let i = east(&ds);
    let held = Engine::new(&ds).fit(i, 0.3).unwrap();
    assert!(contains_lonlat(&held, 11.9, 50.5));
    assert!(!contains_lonlat(&held, 11.2, 50.5));
}

#[test]
fn a_share_exactly_at_the_river_fits() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dataset_with_river(dir.path(), &[[11.5, 51.2], [11.5, 49.8]]);
    let i = east(&ds);
    let unit = &ds.units[i];
    // The area east of the river, measured on the unit itself.
    let east_half = geo::MultiPolygon(vec![geo::Polygon::new(
        geo::LineString::from(vec![
            (11.5, 50.0),
            (12.0, 50.0),
            (12.0, 51.0),
            (11.5, 51.0),
            (11.5, 50.0),
        ]),
        vec![],
    )]);
    let share = area_km2(&east_half) / unit.area_km2;
    for s in [share, share * 0.9995, share * 1.0005] {
        let held = Engine::new(&ds).fit(i, s).unwrap_or_else(|e| panic!("share {s}: {e}"));
        let got = area_km2(&held) / unit.area_km2;
        assert!(
            (got / s - 1.0).abs() <= claimsmap::scenario::fit::SHARE_TOLERANCE,
            "{s}: {got}"
        );
    }
}

#[test]
fn a_river_ending_near_the_outline_is_extended_to_it() {
    let dir = tempfile::tempdir().unwrap();
    // The river stops 11 km short of the southern border (an estuary inside the unit).
    let ds = dataset_with_river(dir.path(), &[[11.5, 51.2], [11.5, 50.1]]);
    let i = east(&ds);
    let unit = &ds.units[i];
    let held = Engine::new(&ds).fit(i, 0.4).unwrap();
    let got = area_km2(&held) / unit.area_km2;
    assert!((got / 0.4 - 1.0).abs() <= claimsmap::scenario::fit::SHARE_TOLERANCE);
    // Divided: the west bank south of where the line stopped is not held.
    assert!(!contains_lonlat(&held, 11.2, 50.05));
    assert!(!contains_lonlat(&held, 11.2, 50.8));
    assert!(contains_lonlat(&held, 11.9, 50.05));
}

#[test]
fn a_river_ending_far_inside_the_unit_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let ds = dataset_with_river(dir.path(), &[[11.5, 51.2], [11.5, 50.6]]);
    let i = east(&ds);
    let err = Engine::new(&ds).fit(i, 0.4).unwrap_err().to_string();
    assert!(err.contains("T-2"), "{err}");
    assert!(err.contains("\"river\""), "{err}");
    assert!(err.contains("11.5, 50.6"), "{err}");
}

#[test]
fn no_held_island_is_left_across_the_river() {
    let dir = tempfile::tempdir().unwrap();
    // The river leaves the unit in the south, runs west outside it and
    // comes back to within a kilometre of its southern border.
    let ds = dataset_with_river(dir.path(), &[[11.5, 51.2], [11.5, 49.9], [11.2, 49.9], [11.2, 49.99]]);
    let i = east(&ds);
    let unit = &ds.units[i];
    let held = Engine::new(&ds).fit(i, 0.55).unwrap();
    let got = area_km2(&held) / unit.area_km2;
    assert!((got / 0.55 - 1.0).abs() <= claimsmap::scenario::fit::SHARE_TOLERANCE);
    assert!(!contains_lonlat(&held, 11.2, 50.005), "a held island across the river");
    assert_eq!(held.0.len(), 1, "one held piece, on the held bank");
}
