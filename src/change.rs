//! The change between two snapshot dates of the control table: per unit
//! and in total, the km² the occupier held on each date and the ground it
//! gained and lost between them, with the people who lived there before
//! the war where the dataset has a population layer.
//!
//! Built once from the statistics of the change's resolved ground
//! ([`crate::scenario::Resolved::change`] measured by [`crate::stats`]),
//! so the map's legend, its `<desc>` and `stats --change` print the very
//! same figures. Measures no ground and draws nothing.

use serde::Serialize;

use crate::model::IsoDate;
use crate::population::People;
use crate::stats::ScenarioResult;

/// People before the war in the ground gained and in the ground lost.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct ChangePeople {
    /// In the ground gained.
    pub people_gained: u64,
    /// Low end of `people_gained`.
    pub people_gained_low: u64,
    /// High end of `people_gained`.
    pub people_gained_high: u64,
    /// In the ground lost.
    pub people_lost: u64,
    /// Low end of `people_lost`.
    pub people_lost_low: u64,
    /// High end of `people_lost`.
    pub people_lost_high: u64,
}

impl ChangePeople {
    fn new(gained: People, lost: People) -> Self {
        ChangePeople {
            people_gained: gained.people,
            people_gained_low: gained.low,
            people_gained_high: gained.high,
            people_lost: lost.people,
            people_lost_low: lost.low,
            people_lost_high: lost.high,
        }
    }

    /// People in the ground gained, with the range.
    pub fn gained(&self) -> People {
        People {
            people: self.people_gained,
            low: self.people_gained_low,
            high: self.people_gained_high,
        }
    }

    /// People in the ground lost, with the range.
    pub fn lost(&self) -> People {
        People {
            people: self.people_lost,
            low: self.people_lost_low,
            high: self.people_lost_high,
        }
    }
}

/// One unit's change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitChange {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Reporting area (official where known), km².
    pub area_km2: f64,
    /// Held on the earlier date, km².
    pub held_from_km2: f64,
    /// Held on the later date, km².
    pub held_to_km2: f64,
    /// Held on the later date and not on the earlier, km².
    pub gained_km2: f64,
    /// Held on the earlier date and not on the later, km².
    pub lost_km2: f64,
    /// Gained minus lost, km².
    pub net_km2: f64,
    /// People before the war, where the dataset has them.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub people: Option<ChangePeople>,
}

/// The country's change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeTotals {
    /// Held on the earlier date, km².
    pub held_from_km2: f64,
    /// Held on the later date, km².
    pub held_to_km2: f64,
    /// Held on both dates, km² (held on the earlier date minus lost).
    pub held_both_km2: f64,
    /// Gained, km².
    pub gained_km2: f64,
    /// Lost, km².
    pub lost_km2: f64,
    /// Gained minus lost, km².
    pub net_km2: f64,
    /// Held on the earlier date, share of the country's reporting area.
    pub held_from_share_of_country: f64,
    /// Held on the later date, share of the country's reporting area.
    pub held_to_share_of_country: f64,
    /// People before the war, summed over the units (ranges summed too).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub people: Option<ChangePeople>,
}

/// The change document (`stats --change FROM,TO --format json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// The earlier snapshot, `YYYY-MM-DD`.
    pub from: String,
    /// The later snapshot, `YYYY-MM-DD`.
    pub to: String,
    /// Units, in dataset order.
    pub units: Vec<UnitChange>,
    /// Country totals.
    pub totals: ChangeTotals,
}

impl Change {
    /// The change measured in `result`, the statistics of
    /// [`crate::scenario::Resolved::change`] from `from` to `to`: held now
    /// is the earlier date, after the later, handed over is gained and
    /// returned is lost.
    pub fn from_result(from: IsoDate, to: IsoDate, result: &ScenarioResult) -> Change {
        let units = result
            .units
            .iter()
            .map(|u| UnitChange {
                id: u.id.clone(),
                name: u.name.clone(),
                area_km2: u.area_reporting_km2,
                held_from_km2: u.held_km2,
                held_to_km2: u.after_km2,
                gained_km2: u.handover_km2,
                lost_km2: u.returned_km2,
                net_km2: u.handover_km2 - u.returned_km2,
                people: u.people.as_ref().map(|p| ChangePeople::new(p.handover(), p.returned())),
            })
            .collect();
        let t = &result.totals;
        Change {
            from: from.to_string(),
            to: to.to_string(),
            units,
            totals: ChangeTotals {
                held_from_km2: t.held_km2,
                held_to_km2: t.after_km2,
                held_both_km2: (t.held_km2 - t.returned_km2).max(0.0),
                gained_km2: t.handover_km2,
                lost_km2: t.returned_km2,
                net_km2: t.handover_km2 - t.returned_km2,
                held_from_share_of_country: t.held_share_of_country,
                held_to_share_of_country: t.after_share_of_country,
                people: t.people.as_ref().map(|p| ChangePeople::new(p.handover(), p.returned())),
            },
        }
    }

    /// The file name (without extension) of the change map:
    /// `change-FROM-TO`.
    pub fn name(from: IsoDate, to: IsoDate) -> String {
        format!("change-{from}-{to}")
    }
}
