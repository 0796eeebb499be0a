//! Background layers of a dataset: neighbouring land (`context.geojson`)
//! and water (`water.geojson`). Both are optional for loading; the engine
//! needs context land to tell land borders from coast.

use std::path::Path;

use geo::{Geometry, LineString, MultiLineString, MultiPolygon};
use serde_json::Value;

use super::geojson::{features, polygon_features};
use super::read_text;
use crate::error::{Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::{Region, Water};

/// Loads neighbouring land; a missing file means no neighbours.
pub fn load_context(path: &Path) -> Result<Vec<Region>> {
    if !crate::input::exists(path) {
        return Ok(Vec::new());
    }
    let text = read_text(path)?;
    let feats = polygon_features(path, &text, "id")?;
    Ok(feats
        .into_iter()
        .map(|f| {
            let s = |k: &str| f.properties.get(k).and_then(Value::as_str).map(str::to_string);
            let id = s("id").unwrap_or_else(|| format!("#{}", f.index));
            Region {
                name: s("name").unwrap_or_else(|| id.clone()),
                id,
                geometry: f.geometry,
            }
        })
        .collect())
}

/// Loads water features; a missing file means none.
pub fn load_water(path: &Path) -> Result<Vec<Water>> {
    if !crate::input::exists(path) {
        return Ok(Vec::new());
    }
    let text = read_text(path)?;
    let raw = features(path, &text)?;
    let mut problems = Problems::new();
    let mut out = Vec::new();
    for (index, value) in raw.into_iter().enumerate() {
        let props = value.get("properties").cloned().unwrap_or(Value::Null);
        let s = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_string);
        let id = s("id");
        let at = Location::Feature { index, id: id.clone() };
        let Some(id) = id else {
            problems.push(Problem::new(path, at, "the feature has no \"id\" property"));
            continue;
        };
        let geometry = serde_json::from_value::<geojson::Feature>(value)
            .ok()
            .and_then(|f| f.geometry)
            .and_then(|g| Geometry::<f64>::try_from(&g.value).ok());
        let (lines, area) = match geometry {
            Some(Geometry::LineString(l)) => (MultiLineString(vec![l]), MultiPolygon(vec![])),
            Some(Geometry::MultiLineString(m)) => (m, MultiPolygon(vec![])),
            Some(Geometry::Polygon(p)) => (
                MultiLineString(Vec::<LineString<f64>>::new()),
                geometry::orient(&MultiPolygon(vec![p])),
            ),
            Some(Geometry::MultiPolygon(m)) => (MultiLineString(vec![]), geometry::orient(&m)),
            _ => {
                problems.push(Problem::new(
                    path,
                    at,
                    "expected a LineString, MultiLineString, Polygon or MultiPolygon geometry",
                ));
                continue;
            }
        };
        out.push(Water {
            name: s("name").unwrap_or_else(|| id.clone()),
            id,
            lines,
            area,
        });
    }
    problems.into_result(out)
}
