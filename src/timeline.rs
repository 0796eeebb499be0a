//! The timeline table: the occupier's km² and share held at each snapshot
//! date of the control table, per unit and in total. Each date's figures
//! are that date's current lines measured by [`crate::stats`], the very
//! numbers `stats --as-of DATE` reports for held ground.

use serde::Serialize;

use crate::model::IsoDate;
use crate::stats::ScenarioResult;

/// One unit's held ground at one date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitHeld {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Reporting area (official where known), km².
    pub area_km2: f64,
    /// Held, km² on the reporting area.
    pub held_km2: f64,
    /// Held, share of the unit.
    pub held_share: f64,
}

/// The country's held ground at one date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TotalHeld {
    /// Held, km² (sum over the units).
    pub held_km2: f64,
    /// Held, share of the country's reporting area.
    pub held_share_of_country: f64,
}

/// One snapshot date's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateHeld {
    /// The snapshot date, `YYYY-MM-DD`.
    pub date: String,
    /// Units, in dataset order.
    pub units: Vec<UnitHeld>,
    /// Country totals.
    pub totals: TotalHeld,
}

/// The timeline document (`stats --timeline --format json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Timeline {
    /// One entry per snapshot date, oldest first.
    pub dates: Vec<DateHeld>,
}

impl Timeline {
    /// The timeline of each date's current lines, measured: `results` in
    /// date order, each the statistics of that date's lines.
    pub fn from_results<'a>(results: impl IntoIterator<Item = (IsoDate, &'a ScenarioResult)>) -> Timeline {
        let dates = results
            .into_iter()
            .map(|(date, r)| DateHeld {
                date: date.to_string(),
                units: r
                    .units
                    .iter()
                    .map(|u| UnitHeld {
                        id: u.id.clone(),
                        name: u.name.clone(),
                        area_km2: u.area_reporting_km2,
                        held_km2: u.held_km2,
                        held_share: u.held_share,
                    })
                    .collect(),
                totals: TotalHeld {
                    held_km2: r.totals.held_km2,
                    held_share_of_country: r.totals.held_share_of_country,
                },
            })
            .collect();
        Timeline { dates }
    }
}
