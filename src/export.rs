//! GeoJSON export of a scenario: one feature per unit and category
//! (`held`, `handover`, `returned`, `defender`) and the `current_line` and
//! `frozen_line` front lines, as RFC 7946 text (lon/lat, right-hand rule).

use geo::{BooleanOps, MultiLineString, MultiPolygon};
use serde_json::{Map, Value};

use crate::error::Result;
use crate::geojson_text::{feature_collection, line_feature, polygon_feature};
use crate::geometry::{area_km2, drop_small_rings, guarded, round_multipolygon};

/// Pieces and holes smaller than this (square degrees, about 0.01 km²) are
/// zero-width overlay noise along shared edges and are left out.
const NOISE_DEG2: f64 = 1e-6;

/// Decimal places of exported coordinates (1e-6 degree, about 0.1 m).
const COORD_DECIMALS: i32 = 6;
use crate::model::Dataset;
use crate::scenario::Outcome;

/// Categories of ground in a scenario, in drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Held by the occupier now and after.
    Held,
    /// Handed over to the occupier by the proposal.
    Handover,
    /// Returned to the defender by the proposal.
    Returned,
    /// Held by the defender now and after.
    Defender,
}

impl Category {
    /// All categories.
    pub const ALL: [Category; 4] = [
        Category::Held,
        Category::Handover,
        Category::Returned,
        Category::Defender,
    ];

    /// The name used in files and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Held => "held",
            Category::Handover => "handover",
            Category::Returned => "returned",
            Category::Defender => "defender",
        }
    }
}

/// A unit's ground split into categories (empty ones left out).
pub fn categories(data: &Dataset, outcome: &Outcome, index: usize) -> Result<Vec<(Category, MultiPolygon<f64>)>> {
    let unit = &data.units[index];
    let (before, after) = (&outcome.before[index], &outcome.after[index]);
    let parts = guarded(&unit.id, "splitting into categories", || {
        let either = before.union(after);
        [
            (Category::Held, before.intersection(after)),
            (Category::Handover, after.difference(before)),
            (Category::Returned, before.difference(after)),
            (Category::Defender, unit.geometry.difference(&either)),
        ]
    })?;
    Ok(parts
        .into_iter()
        .map(|(c, g)| (c, drop_small_rings(&round_multipolygon(&g, COORD_DECIMALS), NOISE_DEG2)))
        .filter(|(_, g)| area_km2(g) > 0.01)
        .collect())
}

/// The scenario as GeoJSON text.
pub fn geojson(
    data: &Dataset,
    outcome: &Outcome,
    current_line: &MultiLineString<f64>,
    frozen_line: &MultiLineString<f64>,
) -> Result<String> {
    let mut features = Vec::new();
    for (i, unit) in data.units.iter().enumerate() {
        for (category, geometry) in categories(data, outcome, i)? {
            let mut props = Map::new();
            props.insert("unit".into(), Value::from(unit.id.clone()));
            props.insert("category".into(), Value::from(category.as_str()));
            props.insert("area_km2".into(), Value::from(round1(area_km2(&geometry))));
            features.push(polygon_feature(&geometry, props));
        }
    }
    for (category, lines) in [("current_line", current_line), ("frozen_line", frozen_line)] {
        if lines.0.is_empty() {
            continue;
        }
        let mut props = Map::new();
        props.insert("unit".into(), Value::Null);
        props.insert("category".into(), Value::from(category));
        props.insert("area_km2".into(), Value::Null);
        features.push(line_feature(lines, props));
    }
    Ok(feature_collection(&features))
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
