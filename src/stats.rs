//! Area tables: each unit's measured and official area and the occupier's
//! share and km² from the control table, with country totals.
//!
//! Km² figures use the official unit areas where the dataset gives them
//! (Natural Earth's outlines differ from official areas by up to ~13 % for
//! some units) and the measured geodesic area otherwise.

use serde::Serialize;

use crate::model::Dataset;

/// One unit's line of the table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitArea {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Geodesic area of the boundary, km².
    pub area_km2: f64,
    /// Official area, km², when known.
    pub area_official_km2: Option<f64>,
    /// Share held by the occupier per the control table (0 when no row).
    pub held_share: f64,
    /// Held area, km², on the reporting area.
    pub held_km2: f64,
}

/// Country totals.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Totals {
    /// Sum of measured unit areas, km².
    pub area_km2: f64,
    /// The country's reporting area (official where known), km².
    pub area_reporting_km2: f64,
    /// Held area, km² (sum over units).
    pub held_km2: f64,
    /// Held area as a share of the reporting area.
    pub held_share_of_country: f64,
    /// Held share measured on the boundaries alone (shares × measured areas).
    pub held_share_measured: f64,
}

/// The whole table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AreaTable {
    /// One line per unit, in dataset order.
    pub units: Vec<UnitArea>,
    /// Country totals.
    pub totals: Totals,
}

/// Builds the table from a loaded dataset.
pub fn area_table(data: &Dataset) -> AreaTable {
    let units: Vec<UnitArea> = data
        .units
        .iter()
        .map(|u| {
            let share = data.control_row(&u.id).map_or(0.0, |r| r.share);
            UnitArea {
                id: u.id.clone(),
                name: u.name.clone(),
                area_km2: u.area_km2,
                area_official_km2: u.area_official_km2,
                held_share: share,
                held_km2: share * u.reporting_area_km2(),
            }
        })
        .collect();
    let area_km2: f64 = units.iter().map(|u| u.area_km2).sum();
    let held_km2: f64 = units.iter().map(|u| u.held_km2).sum();
    let held_measured: f64 = units.iter().map(|u| u.held_share * u.area_km2).sum();
    let area_reporting_km2 = data.country_reporting_area_km2();
    AreaTable {
        units,
        totals: Totals {
            area_km2,
            area_reporting_km2,
            held_km2,
            held_share_of_country: held_km2 / area_reporting_km2,
            held_share_measured: held_measured / area_km2,
        },
    }
}
