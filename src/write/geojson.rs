//! GeoJSON export of a scenario: one feature per unit and category
//! (`held`, `handover`, `returned`, `defender`, and each declared zone's
//! id), the `current_line` and `frozen_line` front lines, and sites as
//! points (category `site`), as RFC 7946 text (lon/lat, right-hand rule).
//! Each part carries its measured `area_km2` and its `reported_km2` (the
//! statistics' figure, on the unit's reporting area).
//! Where the dataset has a population layer, each unit's category and zone
//! features also carry `people`, `people_low` and `people_high`: the people
//! who lived there before the war, from the same split as the statistics
//! (so a unit's features add up to its official figure). It measures and
//! estimates through [`crate::population`]; it draws nothing.

use serde_json::{Map, Value};

use super::geojson_text::{feature_collection, line_feature, point_feature, polygon_feature};
use crate::geometry::area_km2;
use crate::model::Dataset;
use crate::population::{self, FIRST_ZONE, People, part_areas};
use crate::scenario::{Category, Resolved};

/// Adds a part's people to a feature's properties.
fn insert_people(props: &mut Map<String, Value>, p: People) {
    props.insert("people".into(), Value::from(p.people));
    props.insert("people_low".into(), Value::from(p.low));
    props.insert("people_high".into(), Value::from(p.high));
}

/// Adds a part's areas: `area_km2` measured (geodesic) on the boundaries
/// drawn, and `reported_km2`, its share of the unit times the unit's
/// reporting area (official where known): the figure the statistics and
/// the map's legend give.
fn insert_areas(props: &mut Map<String, Value>, unit: &crate::model::Unit, geometry: &geo::MultiPolygon<f64>) {
    let measured = area_km2(geometry);
    props.insert("area_km2".into(), Value::from(round1(measured)));
    props.insert(
        "reported_km2".into(),
        Value::from(round1(unit.share_of(measured) * unit.reporting_area_km2())),
    );
}

/// The scenario as GeoJSON text.
pub fn geojson(data: &Dataset, r: &Resolved) -> String {
    let mut features = Vec::new();
    let estimates = population::of_dataset(data);
    for (i, (unit, parts)) in data.units.iter().zip(&r.parts).enumerate() {
        let split = estimates.as_ref().map(|e| e[i].split(&part_areas(parts)));
        for (k, category) in Category::ALL.into_iter().enumerate() {
            let geometry = parts.get(category);
            if geometry.0.is_empty() {
                continue;
            }
            let mut props = Map::new();
            props.insert("unit".into(), Value::from(unit.id.clone()));
            props.insert("category".into(), Value::from(category.as_str()));
            insert_areas(&mut props, unit, geometry);
            if let Some(split) = &split {
                insert_people(&mut props, split.people(&[k]));
            }
            features.push(polygon_feature(geometry, props));
        }
        for (z, (c, geometry)) in parts.zones.iter().enumerate() {
            let mut props = Map::new();
            props.insert("unit".into(), Value::from(unit.id.clone()));
            props.insert("category".into(), Value::from(data.scenarios.categories[*c].id.clone()));
            insert_areas(&mut props, unit, geometry);
            if let Some(split) = &split {
                insert_people(&mut props, split.people(&[FIRST_ZONE + z]));
            }
            features.push(polygon_feature(geometry, props));
        }
    }
    for site in &r.sites {
        let mut props = Map::new();
        props.insert("unit".into(), Value::Null);
        props.insert("category".into(), Value::from("site"));
        props.insert("area_km2".into(), Value::Null);
        props.insert("id".into(), Value::from(site.id.clone()));
        props.insert("name".into(), Value::from(site.name.clone()));
        props.insert("status".into(), Value::from(site.status.clone()));
        features.push(point_feature(site.lon, site.lat, props));
    }
    for (category, lines) in [("current_line", &r.current_front), ("frozen_line", &r.frozen_line)] {
        if lines.0.is_empty() {
            continue;
        }
        let mut props = Map::new();
        props.insert("unit".into(), Value::Null);
        props.insert("category".into(), Value::from(category));
        props.insert("area_km2".into(), Value::Null);
        features.push(line_feature(lines, props));
    }
    feature_collection(&features)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
