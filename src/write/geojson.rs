//! GeoJSON export of a scenario: one feature per unit and category
//! (`held`, `handover`, `returned`, `defender`, and each declared zone's
//! id), the `current_line` and `frozen_line` front lines, and sites as
//! points (category `site`), as RFC 7946 text (lon/lat, right-hand rule).

use serde_json::{Map, Value};

use super::geojson_text::{feature_collection, line_feature, point_feature, polygon_feature};
use crate::geometry::area_km2;
use crate::model::Dataset;
use crate::scenario::{Category, Resolved};

/// The scenario as GeoJSON text.
pub fn geojson(data: &Dataset, r: &Resolved) -> String {
    let mut features = Vec::new();
    for (unit, parts) in data.units.iter().zip(&r.parts) {
        for category in Category::ALL {
            let geometry = parts.get(category);
            if geometry.0.is_empty() {
                continue;
            }
            let mut props = Map::new();
            props.insert("unit".into(), Value::from(unit.id.clone()));
            props.insert("category".into(), Value::from(category.as_str()));
            props.insert("area_km2".into(), Value::from(round1(area_km2(geometry))));
            features.push(polygon_feature(geometry, props));
        }
        for (c, geometry) in &parts.zones {
            let mut props = Map::new();
            props.insert("unit".into(), Value::from(unit.id.clone()));
            props.insert("category".into(), Value::from(data.scenarios.categories[*c].id.clone()));
            props.insert("area_km2".into(), Value::from(round1(area_km2(geometry))));
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
