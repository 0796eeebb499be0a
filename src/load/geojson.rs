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
    /// The feature's own `id` member (RFC 7946 §3.2), when it has one.
    pub member_id: Option<String>,
    /// The feature's properties (empty when it had none).
    pub properties: Map<String, Value>,
    /// The geometry, rings oriented per RFC 7946.
    pub geometry: MultiPolygon<f64>,
    /// What was repaired on reading (unclosed rings, winding,
    /// self-intersections), one sentence each, for warnings.
    pub repairs: Vec<String>,
}

/// Parses `text` as a GeoJSON FeatureCollection and returns its features as
/// raw JSON values. Syntax errors carry the line.
///
/// A TopoJSON file (`"type": "Topology"`) is told apart: its arcs cannot be
/// wrapped into features, so the hint names the converters that can.
pub fn features(path: &Path, text: &str) -> Result<Vec<Value>> {
    crate::input::check_positions(path, text)?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::problem(
            Problem::new(path, Location::Line(e.line()), format!("invalid JSON: {e}"))
                .with_hint("the file must be a GeoJSON FeatureCollection"),
        )
    })?;
    let kind = value.get("type").and_then(Value::as_str);
    if kind == Some("Topology") {
        return Err(Error::problem(topojson(path, &value)));
    }
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
    let features = match value {
        Value::Object(mut map) => map.remove("features"),
        _ => None,
    };
    match features {
        Some(Value::Array(items)) => Ok(items),
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
        let member_id = value.get("id").and_then(id_text);
        let id = value
            .get("properties")
            .and_then(|p| p.get(id_property))
            .and_then(id_text)
            .or_else(|| member_id.clone());
        let at = Location::Feature { index, id };
        match polygon_feature(value) {
            Ok((properties, geometry, repairs)) => out.push(PolygonFeature {
                index,
                member_id,
                properties,
                geometry,
                repairs,
            }),
            Err(message) => problems.push(Problem::new(path, at, message)),
        }
    }
    problems.into_result(out)
}

/// An id written as a string or a whole number, as text.
pub fn id_text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::to_string)
        .or_else(|| v.as_i64().map(|n| n.to_string()))
}

/// A feature as read: properties, geometry, repairs made.
type ReadFeature = (Map<String, Value>, MultiPolygon<f64>, Vec<String>);

/// Reads one feature, repairing what is safe to repair: rings left open
/// are closed, rings wound either way are oriented per RFC 7946, and
/// self-intersecting or overlapping rings are merged into valid polygons.
/// Every repair is reported back; what cannot be repaired is an error.
fn polygon_feature(value: Value) -> std::result::Result<ReadFeature, String> {
    let feature: Feature = serde_json::from_value(value).map_err(|e| format!("not a valid GeoJSON feature: {e}"))?;
    let properties = feature.properties.unwrap_or_default();
    let mut geometry = feature.geometry.ok_or("the feature has no geometry")?.value;
    let mut repairs = Vec::new();
    check_positions(&geometry)?;
    if close_rings(&mut geometry) {
        repairs.push("a ring was not closed; closed it".to_string());
    }
    let mp = match &geometry {
        GeometryValue::Polygon { .. } => {
            let p = Polygon::<f64>::try_from(&geometry).map_err(|e| e.to_string())?;
            MultiPolygon(vec![p])
        }
        GeometryValue::MultiPolygon { .. } => MultiPolygon::<f64>::try_from(&geometry).map_err(|e| e.to_string())?,
        other => {
            return Err(format!(
                "geometry is a {}, expected Polygon or MultiPolygon",
                other.type_name()
            ));
        }
    };
    let oriented = geometry::orient(&mp);
    if oriented != mp {
        repairs.push("rings were wound against RFC 7946 (exteriors clockwise); reoriented them".to_string());
    }
    let valid = geometry::guarded("(input)", "validating", || geometry::is_valid(&oriented)).unwrap_or(false);
    let repaired = if valid {
        oriented
    } else {
        let merged = geometry::guarded("(input)", "repairing", || geo::unary_union(oriented.0.iter()))
            .map_err(|_| "the polygon is invalid and could not be repaired".to_string())?;
        repairs.push("rings intersect themselves or overlap; repaired by merging them".to_string());
        let merged = geometry::orient(&merged);
        geometry::check_repair(&oriented, &merged)?;
        merged
    };
    if !clearly_has_area(&repaired) && geometry::area_km2(&repaired) <= 0.0 {
        return Err("the polygon has zero area".into());
    }
    Ok((properties, repaired, repairs))
}

/// True when some polygon plainly has area: a planar area above 1e-9
/// square degrees (about 10 m²) within a box small enough (under 90° wide,
/// off the poles) that its geodesic area is then positive too. Spares the
/// geodesic area, which costs far more, for all but degenerate input.
fn clearly_has_area(mp: &MultiPolygon<f64>) -> bool {
    use geo::{Area, BoundingRect};
    mp.0.iter().any(|p| {
        p.bounding_rect()
            .is_some_and(|r| r.width() < 90.0 && r.min().y > -89.0 && r.max().y < 89.0)
            && p.signed_area() > 1e-9
    })
}

/// Closes rings whose last position differs from the first; true if any was open.
fn close_rings(value: &mut GeometryValue) -> bool {
    let rings: Vec<&mut Vec<geojson::Position>> = match value {
        GeometryValue::Polygon { coordinates } => coordinates.iter_mut().collect(),
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter_mut().flatten().collect(),
        _ => return false,
    };
    let mut closed = false;
    for ring in rings {
        if ring.first().map(|p| p.as_slice()) != ring.last().map(|p| p.as_slice())
            && let Some(first) = ring.first().cloned()
        {
            ring.push(first);
            closed = true;
        }
    }
    closed
}

/// Checks every position has two finite coordinates within lon/lat range.
fn check_positions(value: &GeometryValue) -> std::result::Result<(), String> {
    let rings: Vec<&Vec<geojson::Position>> = match value {
        GeometryValue::Polygon { coordinates } => coordinates.iter().collect(),
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().flatten().collect(),
        _ => return Ok(()),
    };
    for ring in rings {
        let distinct = ring
            .iter()
            .enumerate()
            .filter(|(i, p)| *i == 0 || ring[i - 1].as_slice() != p.as_slice())
            .count()
            - usize::from(ring.len() > 1 && ring.first().map(|p| p.as_slice()) == ring.last().map(|p| p.as_slice()));
        if distinct < 3 {
            return Err(format!(
                "a ring has {distinct} distinct corners; a polygon needs at least 3"
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

/// The problem for a TopoJSON file: what it is, and two ways to convert
/// it to GeoJSON with its own object names filled in.
fn topojson(path: &Path, value: &Value) -> Problem {
    let objects: Vec<&str> = value
        .get("objects")
        .and_then(Value::as_object)
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let object = objects.first().copied().unwrap_or("OBJECT");
    let file = path.file_name().map_or_else(|| "FILE".into(), |f| f.to_string_lossy());
    let names = if objects.is_empty() {
        String::new()
    } else {
        format!(
            " (its objects: {})",
            objects
                .iter()
                .map(|o| crate::sanitize::terminal(o))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Problem::new(
        path,
        Location::File,
        format!("the file is TopoJSON (\"type\": \"Topology\"), not GeoJSON{names}"),
    )
    .with_hint(format!(
        "convert it first: `npx -p topojson-client topo2geo {object}={object}.geojson < {file}`, or `npx mapshaper {file} -o format=geojson {object}.geojson`",
        object = crate::sanitize::terminal(object),
        file = crate::sanitize::terminal(&file)
    ))
}
