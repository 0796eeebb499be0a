//! Unit boundaries (`units.geojson`): one feature per unit with an id, a
//! name, names in other languages (`name_<lang>`) and an optional official area.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::geojson::polygon_features;
use super::read_text;
use crate::error::{Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::Unit;

/// Property holding the official area in km².
pub const AREA_OFFICIAL: &str = "area_official_km2";

/// Loads the units of a boundaries file; `id_property` and `name_property`
/// name the properties that hold each unit's id and name (`id` and `name`
/// in claimsmap's own datasets).
///
/// Returns the units and a warning for every repair made on reading.
pub fn load(path: &Path, id_property: &str, name_property: &str) -> Result<(Vec<Unit>, Vec<Problem>)> {
    let text = read_text(path)?;
    let features = polygon_features(path, &text, id_property)?;
    let mut problems = Problems::new();
    let mut units = Vec::with_capacity(features.len());
    let mut warnings = Vec::new();
    let mut seen = BTreeSet::new();
    for f in features {
        let string = |key: &str| f.properties.get(key).and_then(Value::as_str).map(str::to_string);
        let id = string(id_property).or_else(|| {
            f.properties
                .get(id_property)
                .and_then(Value::as_i64)
                .map(|n| n.to_string())
        });
        let at = Location::Feature {
            index: f.index,
            id: id.clone(),
        };
        let Some(id) = id.filter(|s| !s.trim().is_empty()) else {
            let keys: Vec<&str> = f.properties.keys().map(String::as_str).collect();
            problems.push(
                Problem::new(path, at, format!("the feature has no \"{id_property}\" property")).with_hint(format!(
                    "properties present: {}; choose the id property with --id-property",
                    list_or_none(&keys)
                )),
            );
            continue;
        };
        for repair in &f.repairs {
            warnings.push(Problem::new(path, at.clone(), repair.clone()));
        }
        if !seen.insert(id.clone()) {
            problems.push(
                Problem::new(path, at, format!("duplicate unit id \"{id}\"")).with_hint("every unit needs its own id"),
            );
            continue;
        }
        let name = string(name_property).unwrap_or_else(|| id.clone());
        let names: BTreeMap<String, String> = f
            .properties
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("name_")?.to_string(), v.as_str()?.to_string())))
            .collect();
        let area_official_km2 = match f.properties.get(AREA_OFFICIAL) {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_f64().filter(|a| a.is_finite() && *a > 0.0) {
                Some(a) => Some(a),
                None => {
                    problems.push(Problem::new(
                        path,
                        at,
                        format!("\"{AREA_OFFICIAL}\" must be a positive number of km², found {v}"),
                    ));
                    continue;
                }
            },
        };
        let area_km2 = geometry::area_km2(&f.geometry);
        if area_km2 <= 0.0 {
            problems
                .push(Problem::new(path, at, "the unit's polygons have zero area").with_hint("check the coordinates"));
            continue;
        }
        units.push(Unit {
            id,
            name,
            names,
            area_official_km2,
            geometry: f.geometry,
            area_km2,
        });
    }
    if units.is_empty() && problems.is_empty() {
        problems.push(
            Problem::new(path, Location::File, "the file holds no units")
                .with_hint("a country needs at least one unit"),
        );
    }
    problems.into_result((units, warnings))
}

fn list_or_none(keys: &[&str]) -> String {
    if keys.is_empty() {
        "none".into()
    } else {
        keys.join(", ")
    }
}
