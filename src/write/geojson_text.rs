//! Deterministic GeoJSON text: one feature per line, keys sorted, numbers in
//! their shortest round-trip form, so committed data diffs line by line.

use geo::{MultiLineString, MultiPolygon};
use geojson::{Feature, Geometry, GeometryValue};
use serde_json::{Map, Value};

/// A feature with a polygon geometry and the given properties.
pub fn polygon_feature(geometry: &MultiPolygon<f64>, properties: Map<String, Value>) -> Feature {
    let value = if geometry.0.len() == 1 {
        GeometryValue::from(&geometry.0[0])
    } else {
        GeometryValue::from(geometry)
    };
    feature(value, properties)
}

/// A feature with a line geometry and the given properties.
pub fn line_feature(geometry: &MultiLineString<f64>, properties: Map<String, Value>) -> Feature {
    let value = if geometry.0.len() == 1 {
        GeometryValue::from(&geometry.0[0])
    } else {
        GeometryValue::from(geometry)
    };
    feature(value, properties)
}

/// A point feature.
pub fn point_feature(lon: f64, lat: f64, properties: Map<String, Value>) -> Feature {
    feature(
        GeometryValue::Point {
            coordinates: vec![lon, lat].into(),
        },
        properties,
    )
}

fn feature(value: GeometryValue, properties: Map<String, Value>) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(value)),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

/// Serializes features as a FeatureCollection, one feature per line.
pub fn feature_collection(features: &[Feature]) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, f) in features.iter().enumerate() {
        // Serializing a Feature built from plain values cannot fail: it holds
        // only strings, finite numbers and maps with string keys.
        let line = serde_json::to_string(f).unwrap_or_default();
        out.push_str(&line);
        out.push_str(if i + 1 < features.len() { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    out
}
