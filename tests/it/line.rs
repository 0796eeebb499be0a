//! The `line` op on synthetic boundaries: ground bounded by a user's line
//! in a file next to `scenarios.toml`, handed over, returned or zoned. The
//! geometry is checked, not just its presence: both sides add up to the
//! unit, and the side named holds its point.

use std::path::Path;

use claimsmap::geometry::{area_km2, contains_lonlat};
use claimsmap::session::Session;

const CATEGORY: &str = "\n[[category]]\nid = \"dmz\"\nlabel = \"Demilitarised zone\"\nfill = \"#cdbfe3\"\noutline = \"#4b2e83\"\nlegend = \"Demilitarised zone: {km2} km²\"\n";

/// The tiny dataset with one more scenario (`ops` as written) and the
/// file `cut.geojson` holding `geometry`.
fn session_with(dir: &Path, ops: &str, geometry: &str) -> claimsmap::Result<Session> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny");
    for e in std::fs::read_dir(&root).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let mut scenarios = std::fs::read_to_string(root.join("scenarios.toml")).unwrap();
    scenarios.push_str(CATEGORY);
    scenarios.push_str(&format!(
        "\n[[scenario]]\nid = \"by-line\"\ntitle = \"By a line\"\ndescription = \"Ground bounded by a line.\"\nsources = [\"Test Wire\"]\nops = [{ops}]\n"
    ));
    std::fs::write(dir.join("scenarios.toml"), scenarios).unwrap();
    std::fs::write(
        dir.join("cut.geojson"),
        format!("{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{geometry}}}]}}"),
    )
    .unwrap();
    let ds = claimsmap::load::dataset(dir)?;
    Session::with_dataset(ds, None)
}

const NORTH_SOUTH: &str = "{\"type\":\"LineString\",\"coordinates\":[[11.3,51.2],[11.3,49.8]]}";

fn east_of(lon: f64) -> geo::MultiPolygon<f64> {
    geo::MultiPolygon(vec![geo::Polygon::new(
        geo::LineString::from(vec![(lon, 50.0), (12.0, 50.0), (12.0, 51.0), (lon, 51.0), (lon, 50.0)]),
        vec![],
    )])
}

#[test]
fn a_handover_up_to_a_line_takes_the_named_side() {
    let dir = tempfile::tempdir().unwrap();
    let ops =
        "{ op = \"line\", units = [\"T-2\"], file = \"cut.geojson\", point = [11.6, 50.5], action = \"handover\" }";
    let s = session_with(dir.path(), ops, NORTH_SOUTH).unwrap();
    let i = s.dataset().units.iter().position(|u| u.id == "T-2").unwrap();
    let unit_km2 = s.dataset().units[i].area_km2;
    let r = s.resolve("by-line").unwrap();
    let p = &r.parts[i];
    let after = area_km2(&p.held) + area_km2(&p.handover);
    let want = area_km2(&east_of(11.3));
    assert!((after / want - 1.0).abs() < 0.001, "{after} against {want}");
    // Both sides add up to the unit.
    let sum = after + area_km2(&p.defender) + area_km2(&p.returned);
    assert!((sum / unit_km2 - 1.0).abs() < 0.001, "{sum} against {unit_km2}");
    assert!(contains_lonlat(&p.handover, 11.4, 50.5));
    assert!(!contains_lonlat(&p.handover, 11.2, 50.5));
    assert!(!contains_lonlat(&p.held, 11.2, 50.5));
}

#[test]
fn a_zone_bounded_by_a_line_is_the_side_named() {
    let dir = tempfile::tempdir().unwrap();
    let ops = "{ op = \"line\", units = [\"T-1\"], file = \"cut.geojson\", point = [10.1, 50.5], action = \"zone\", category = \"dmz\" }";
    let line = "{\"type\":\"LineString\",\"coordinates\":[[10.4,51.2],[10.4,49.8]]}";
    let s = session_with(dir.path(), ops, line).unwrap();
    let i = s.dataset().units.iter().position(|u| u.id == "T-1").unwrap();
    let unit_km2 = s.dataset().units[i].area_km2;
    let r = s.resolve("by-line").unwrap();
    let p = &r.parts[i];
    let zone: f64 = p.zones.iter().map(|(_, z)| area_km2(z)).sum();
    let west = geo::MultiPolygon(vec![geo::Polygon::new(
        geo::LineString::from(vec![
            (10.0, 50.0),
            (10.4, 50.0),
            (10.4, 51.0),
            (10.0, 51.0),
            (10.0, 50.0),
        ]),
        vec![],
    )]);
    assert!((zone / area_km2(&west) - 1.0).abs() < 0.001, "{zone}");
    let sum = zone + area_km2(&p.defender) + area_km2(&p.held);
    assert!((sum / unit_km2 - 1.0).abs() < 0.001, "{sum} against {unit_km2}");
    assert!(p.zones.iter().any(|(_, z)| contains_lonlat(z, 10.1, 50.5)));
    assert!(!p.zones.iter().any(|(_, z)| contains_lonlat(z, 10.8, 50.5)));
}

#[test]
fn a_withdrawal_inside_a_polygon_returns_that_ground() {
    let dir = tempfile::tempdir().unwrap();
    let ops = "{ op = \"line\", units = [\"T-2\"], file = \"cut.geojson\", action = \"withdraw\" }";
    let poly = "{\"type\":\"Polygon\",\"coordinates\":[[[11.5,50.0],[12.5,50.0],[12.5,50.5],[11.5,50.5],[11.5,50.0]]]}";
    let s = session_with(dir.path(), ops, poly).unwrap();
    let i = s.dataset().units.iter().position(|u| u.id == "T-2").unwrap();
    let r = s.resolve("by-line").unwrap();
    let p = &r.parts[i];
    assert!(contains_lonlat(&p.returned, 11.95, 50.2));
    assert!(!contains_lonlat(&p.held, 11.95, 50.2));
    assert!(contains_lonlat(&p.held, 11.95, 50.8));
}

#[test]
fn a_line_that_does_not_cross_its_unit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ops =
        "{ op = \"line\", units = [\"T-2\"], file = \"cut.geojson\", point = [11.6, 50.5], action = \"handover\" }";
    let short = "{\"type\":\"LineString\",\"coordinates\":[[11.3,51.2],[11.3,50.6]]}";
    let err = match session_with(dir.path(), ops, short) {
        Ok(_) => panic!("a line that stops short was accepted"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("scenarios.toml:"), "{err}");
    assert!(err.contains("does not cross T-2 (East)"), "{err}");
}
