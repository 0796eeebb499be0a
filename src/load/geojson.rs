//! Reading GeoJSON polygon layers (unit boundaries, user-supplied lines)
//! into `geo` values, with a location on every problem.

use std::path::Path;

use geo::{MultiPolygon, Polygon};
use geojson::{Feature, GeometryValue};
use serde_json::{Map, Value};

use crate::error::{Error, Location, Problem, Problems, Result};
use crate::geometry;

/// A feature whose geometry is a polygon or multipolygon.
#[derive(Debug, Clone)]
pub struct PolygonFeature {
    /// Index of the feature in the file, counted from 0.
    pub index: usize,
    /// The feature's properties (empty when it had none).
    pub properties: Map<String, Value>,
    /// The geometry, rings oriented per RFC 7946.
    pub geometry: MultiPolygon<f64>,
}

/// Parses `text` as a GeoJSON FeatureCollection and returns its features as
/// raw JSON values. Syntax errors carry the line.
pub fn features(path: &Path, text: &str) -> Result<Vec<Value>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::problem(
            Problem::new(path, Location::Line(e.line()), format!("invalid JSON: {e}"))
                .with_hint("the file must be a GeoJSON FeatureCollection"),
        )
    })?;
    let kind = value.get("type").and_then(Value::as_str);
    if kind != Some("FeatureCollection") {
        let found = kind.map_or("no \"type\"".to_string(), |k| format!("type \"{k}\""));
        return Err(Error::problem(
            Problem::new(
                path,
                Location::File,
                format!("expected a GeoJSON FeatureCollection, found {found}"),
            )
            .with_hint("wrap the geometries in {\"type\":\"FeatureCollection\",\"features\":[...]}"),
        ));
    }
    match value.get("features") {
        Some(Value::Array(items)) => Ok(items.clone()),
        _ => Err(Error::problem(Problem::new(
            path,
            Location::File,
            "the FeatureCollection has no \"features\" array",
        ))),
    }
}

/// Reads every feature of a polygon layer. `id_property` names the property
/// used to identify features in messages.
pub fn polygon_features(path: &Path, text: &str, id_property: &str) -> Result<Vec<PolygonFeature>> {
    let raw = features(path, text)?;
    let mut problems = Problems::new();
    let mut out = Vec::with_capacity(raw.len());
    for (index, value) in raw.into_iter().enumerate() {
        let id = value.get("properties").and_then(|p| p.get(id_property)).and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_i64().map(|n| n.to_string()))
        });
        let at = Location::Feature { index, id };
        match polygon_feature(value) {
            Ok((properties, geometry)) => out.push(PolygonFeature {
                index,
                properties,
                geometry,
            }),
            Err(message) => problems.push(Problem::new(path, at, message)),
        }
    }
    problems.into_result(out)
}

fn polygon_feature(value: Value) -> std::result::Result<(Map<String, Value>, MultiPolygon<f64>), String> {
    let feature: Feature = serde_json::from_value(value).map_err(|e| format!("not a valid GeoJSON feature: {e}"))?;
    let properties = feature.properties.unwrap_or_default();
    let geometry = feature.geometry.ok_or("the feature has no geometry")?;
    check_positions(&geometry.value)?;
    let mp = match &geometry.value {
        GeometryValue::Polygon { .. } => {
            let p = Polygon::<f64>::try_from(&geometry.value).map_err(|e| e.to_string())?;
            MultiPolygon(vec![p])
        }
        GeometryValue::MultiPolygon { .. } => {
            MultiPolygon::<f64>::try_from(&geometry.value).map_err(|e| e.to_string())?
        }
        other => {
            return Err(format!(
                "geometry is a {}, expected Polygon or MultiPolygon",
                other.type_name()
            ));
        }
    };
    Ok((properties, geometry::orient(&mp)))
}

/// Checks every position has two finite coordinates within lon/lat range.
fn check_positions(value: &GeometryValue) -> std::result::Result<(), String> {
    let rings: Vec<&Vec<geojson::Position>> = match value {
        GeometryValue::Polygon { coordinates } => coordinates.iter().collect(),
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().flatten().collect(),
        _ => return Ok(()),
    };
    for ring in rings {
        if ring.len() < 4 {
            return Err(format!(
                "a ring has {} positions; a closed ring needs at least 4",
                ring.len()
            ));
        }
        for p in ring {
            let s = p.as_slice();
            if s.len() < 2 {
                return Err("a position has fewer than 2 coordinates".into());
            }
            let (lon, lat) = (s[0], s[1]);
            if !lon.is_finite()
                || !lat.is_finite()
                || !(-180.0..=180.0).contains(&lon)
                || !(-90.0..=90.0).contains(&lat)
            {
                return Err(format!(
                    "coordinate [{lon}, {lat}] is not a longitude/latitude in degrees"
                ));
            }
        }
    }
    Ok(())
}
