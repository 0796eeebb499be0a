//! Background layers of a dataset: neighbouring countries' land, and rivers
//! and reservoirs. Plain values; `load::layers` reads them.

use geo::{MultiLineString, MultiPolygon};

/// A neighbouring country's land.
#[derive(Debug, Clone)]
pub struct Region {
    /// Country id (ISO 3166-1 alpha-2 in the Natural Earth import).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Land, lon/lat degrees.
    pub geometry: MultiPolygon<f64>,
}

/// A river or reservoir.
#[derive(Debug, Clone)]
pub struct Water {
    /// Id, referred to by fitting hints (`line = "dnipro"`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Centre lines (rivers); empty for reservoirs.
    pub lines: MultiLineString<f64>,
    /// Outline (reservoirs); empty for rivers.
    pub area: MultiPolygon<f64>,
}
