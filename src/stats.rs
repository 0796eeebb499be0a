//! Area tables: each unit's measured and official area and the occupier's
//! share and km² from the control table, with country totals.
//!
//! Km² figures use the official unit areas where the dataset gives them
//! (Natural Earth's outlines differ from official areas by up to ~13 % for
//! some units) and the measured geodesic area otherwise.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Dataset;
use crate::population::People;

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

/// One unit's line of a scenario's results. Km² are on the unit's reporting
/// area (official where known): each measured share times that area.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitResult {
    /// Unit id.
    pub id: String,
    /// Unit name.
    pub name: String,
    /// Reporting area (official where known), km²; `area_km2` in files.
    #[serde(rename = "area_km2")]
    pub area_reporting_km2: f64,
    /// Area of the boundary as drawn (Natural Earth), km².
    pub area_boundary_km2: f64,
    /// Held now, km².
    pub held_km2: f64,
    /// Held now, share of the unit.
    pub held_share: f64,
    /// Held after the proposal, km².
    pub after_km2: f64,
    /// Held after, share of the unit.
    pub after_share: f64,
    /// Handed over by the defender, km².
    pub handover_km2: f64,
    /// Returned by the occupier, km².
    pub returned_km2: f64,
    /// Ground in declared categories (zones), km² by category id; left out
    /// of files when the scenario has none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub zones_km2: BTreeMap<String, f64>,
    /// People before the war in each category, when the dataset has a
    /// population layer; left out of files otherwise.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub people: Option<PeopleFigures>,
}

/// People before the war (the dataset's official figures, split by
/// [`crate::population`]) in a unit's or the country's ground, by
/// category, each with the low and high end of its range.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct PeopleFigures {
    /// The official population.
    pub people_official: u64,
    /// In the ground held now.
    pub people_held_now: u64,
    /// Low end of `people_held_now`.
    pub people_held_now_low: u64,
    /// High end of `people_held_now`.
    pub people_held_now_high: u64,
    /// In the ground held after the proposal.
    pub people_after: u64,
    /// Low end of `people_after`.
    pub people_after_low: u64,
    /// High end of `people_after`.
    pub people_after_high: u64,
    /// In the ground handed over.
    pub people_handover: u64,
    /// Low end of `people_handover`.
    pub people_handover_low: u64,
    /// High end of `people_handover`.
    pub people_handover_high: u64,
    /// In the ground returned.
    pub people_returned: u64,
    /// Low end of `people_returned`.
    pub people_returned_low: u64,
    /// High end of `people_returned`.
    pub people_returned_high: u64,
    /// In each zone, by category id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub people_zones: BTreeMap<String, People>,
}

impl PeopleFigures {
    fn new(official: u64, held_now: People, after: People, handover: People, returned: People) -> Self {
        PeopleFigures {
            people_official: official,
            people_held_now: held_now.people,
            people_held_now_low: held_now.low,
            people_held_now_high: held_now.high,
            people_after: after.people,
            people_after_low: after.low,
            people_after_high: after.high,
            people_handover: handover.people,
            people_handover_low: handover.low,
            people_handover_high: handover.high,
            people_returned: returned.people,
            people_returned_low: returned.low,
            people_returned_high: returned.high,
            people_zones: BTreeMap::new(),
        }
    }

    /// People in the ground held now, with the range.
    pub fn held_now(&self) -> People {
        People {
            people: self.people_held_now,
            low: self.people_held_now_low,
            high: self.people_held_now_high,
        }
    }

    /// People in the ground held after, with the range.
    pub fn after(&self) -> People {
        People {
            people: self.people_after,
            low: self.people_after_low,
            high: self.people_after_high,
        }
    }

    /// People in the ground handed over, with the range.
    pub fn handover(&self) -> People {
        People {
            people: self.people_handover,
            low: self.people_handover_low,
            high: self.people_handover_high,
        }
    }

    /// People in the ground returned, with the range.
    pub fn returned(&self) -> People {
        People {
            people: self.people_returned,
            low: self.people_returned_low,
            high: self.people_returned_high,
        }
    }

    /// The sum of several units' figures.
    fn sum<'a>(all: impl Iterator<Item = &'a PeopleFigures>) -> PeopleFigures {
        let mut total = PeopleFigures::default();
        let (mut now, mut after, mut handover, mut returned) = (
            People::default(),
            People::default(),
            People::default(),
            People::default(),
        );
        for f in all {
            total.people_official += f.people_official;
            now = now + f.held_now();
            after = after + f.after();
            handover = handover + f.handover();
            returned = returned + f.returned();
            for (k, v) in &f.people_zones {
                let e = total.people_zones.entry(k.clone()).or_default();
                *e = *e + *v;
            }
        }
        PeopleFigures {
            people_zones: total.people_zones,
            ..PeopleFigures::new(total.people_official, now, after, handover, returned)
        }
    }
}

/// A scenario's totals over all units.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScenarioTotals {
    /// Held now, km².
    pub held_km2: f64,
    /// Held now, share of the country's reporting area.
    pub held_share_of_country: f64,
    /// Held after, km².
    pub after_km2: f64,
    /// Held after, share of the country.
    pub after_share_of_country: f64,
    /// Handed over, km².
    pub handover_km2: f64,
    /// Returned, km².
    pub returned_km2: f64,
    /// Ground in declared categories (zones), km² by category id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub zones_km2: BTreeMap<String, f64>,
    /// The same as shares of the country.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub zones_share_of_country: BTreeMap<String, f64>,
    /// People before the war by category, summed over the units (ranges
    /// summed too), when the dataset has a population layer.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub people: Option<PeopleFigures>,
}

/// A mutual pull-back's two figures, km² on the reporting areas.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExchangeResult {
    /// The zone the pulled-back ground becomes.
    pub category: String,
    /// Given up by the defender.
    pub defender_km2: f64,
    /// Given up by the occupier.
    pub occupier_km2: f64,
    /// Depth of the defender's pull-back, km.
    pub defender_depth_km: f64,
    /// Depth of the occupier's pull-back, km.
    pub occupier_depth_km: f64,
}

/// A site and its status under the proposal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SiteResult {
    /// Site id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Status under the proposal.
    pub status: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
}

/// A scenario's results.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScenarioResult {
    /// Scenario id.
    pub id: String,
    /// Scenario title.
    pub title: String,
    /// Units, in dataset order.
    pub units: Vec<UnitResult>,
    /// Totals.
    pub totals: ScenarioTotals,
    /// Mutual pull-backs, when the scenario has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<ExchangeResult>,
    /// Sites, when the scenario has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<SiteResult>,
}

/// The statistics document (`stats.json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// One entry per scenario, in the order asked for.
    pub scenarios: Vec<ScenarioResult>,
}

/// A unit's share held in `ground` ([`crate::model::Unit::share_of`]).
pub fn share_of_unit(unit: &crate::model::Unit, ground: &geo::MultiPolygon<f64>) -> f64 {
    unit.share_of(crate::geometry::area_km2(ground))
}

/// The km² every output reports for `ground` within `unit`
/// ([`crate::model::Unit::reported_km2`]).
pub fn reported_km2(unit: &crate::model::Unit, ground: &geo::MultiPolygon<f64>) -> f64 {
    unit.reported_km2(crate::geometry::area_km2(ground))
}

/// Measures a resolved scenario: held now and after from the fitted areas,
/// handed over and returned from the very parts the map draws.
pub fn scenario_result(data: &Dataset, r: &crate::scenario::Resolved) -> ScenarioResult {
    let estimates = crate::population::of_dataset(data);
    let units: Vec<UnitResult> = data
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let share = |mp: &geo::MultiPolygon<f64>| share_of_unit(u, mp);
            let parts = &r.parts[i];
            let area = u.reporting_area_km2();
            let (held_share, after_share) = (share(&r.held_now[i]), share(&r.held_after[i]));
            UnitResult {
                id: u.id.clone(),
                name: u.name.clone(),
                area_reporting_km2: area,
                area_boundary_km2: u.area_km2,
                held_km2: held_share * area,
                held_share,
                after_km2: after_share * area,
                after_share,
                handover_km2: share(&parts.handover) * area,
                returned_km2: share(&parts.returned) * area,
                zones_km2: parts
                    .zones
                    .iter()
                    .map(|(c, z)| (data.scenarios.categories[*c].id.clone(), share(z) * area))
                    .collect(),
                people: estimates.as_ref().map(|e| unit_people(data, r, i, &e[i])),
            }
        })
        .collect();
    let sum = |f: fn(&UnitResult) -> f64| units.iter().map(f).sum::<f64>() + 0.0;
    let country = data.country_reporting_area_km2();
    let totals = ScenarioTotals {
        held_km2: sum(|u| u.held_km2),
        held_share_of_country: sum(|u| u.held_km2) / country,
        after_km2: sum(|u| u.after_km2),
        after_share_of_country: sum(|u| u.after_km2) / country,
        handover_km2: sum(|u| u.handover_km2),
        returned_km2: sum(|u| u.returned_km2),
        zones_km2: zone_totals(&units),
        zones_share_of_country: zone_totals(&units).into_iter().map(|(k, v)| (k, v / country)).collect(),
        people: estimates.map(|_| PeopleFigures::sum(units.iter().filter_map(|u| u.people.as_ref()))),
    };
    // A pull-back's km² measured on the boundaries, scaled like the units'
    // figures to the reporting area.
    let scale = country / data.country_area_km2();
    let exchanges = r
        .exchanges
        .iter()
        .map(|e| ExchangeResult {
            category: data.scenarios.categories[e.category].id.clone(),
            defender_km2: e.defender_km2 * scale,
            occupier_km2: e.occupier_km2 * scale,
            defender_depth_km: e.defender_depth_km,
            occupier_depth_km: e.occupier_depth_km,
        })
        .collect();
    let sites = r
        .sites
        .iter()
        .map(|s| SiteResult {
            id: s.id.clone(),
            name: s.name.clone(),
            status: s.status.clone(),
            lon: s.lon,
            lat: s.lat,
        })
        .collect();
    let id = r.scenario_id().unwrap_or_default().to_string();
    // The title the map prints (dated on another snapshot's lines).
    let title = match data.scenarios.get(&id) {
        Some(_) => data.scenario_text(&id).0,
        None => String::new(),
    };
    ScenarioResult {
        id,
        title,
        units,
        totals,
        exchanges,
        sites,
    }
}

/// One unit's people by category: handed over, returned and the zones
/// from the split of its parts (which adds up to the official figure);
/// held now and after from the same split where the scenario has no
/// zones, else measured on those areas themselves.
fn unit_people(
    data: &Dataset,
    r: &crate::scenario::Resolved,
    i: usize,
    est: &crate::population::UnitPeople<'_>,
) -> PeopleFigures {
    use crate::population::{FIRST_ZONE, HANDOVER, RETURNED, part_areas};
    let parts = &r.parts[i];
    let split = est.split(&part_areas(parts));
    let (held_now, after) = if parts.zones.is_empty() {
        (split.people(&[0, RETURNED]), split.people(&[0, HANDOVER]))
    } else {
        let unit = &data.units[i];
        (est.in_area(&r.held_now[i], unit), est.in_area(&r.held_after[i], unit))
    };
    let mut figures = PeopleFigures::new(
        est.official(),
        held_now,
        after,
        split.people(&[HANDOVER]),
        split.people(&[RETURNED]),
    );
    figures.people_zones = parts
        .zones
        .iter()
        .enumerate()
        .map(|(k, (c, _))| {
            (
                data.scenarios.categories[*c].id.clone(),
                split.people(&[FIRST_ZONE + k]),
            )
        })
        .collect();
    figures
}

fn zone_totals(units: &[UnitResult]) -> BTreeMap<String, f64> {
    let mut totals = BTreeMap::new();
    for u in units {
        for (k, v) in &u.zones_km2 {
            *totals.entry(k.clone()).or_insert(0.0) += v;
        }
    }
    totals
}
