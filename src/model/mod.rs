//! The domain types every stage shares: units, places, control rows, layers,
//! fitting hints, scenarios, the dataset, and the small typed values they are
//! made of.
//!
//! These are plain values, built and validated by `load`; nothing here reads
//! files, computes geometry or knows where in a file a value came from.

mod fit;
mod ids;
mod layers;
mod population;
mod scenario;

pub use fit::{Hint, Method, SEA};
pub use ids::{Colour, IsoDate, Lang, MAX_SCENARIO_ID, PerUnit, ScenarioId, Share, UnitIdx};
pub use layers::{Region, Water};
pub use population::{Population, Settlement, UnitPopulation};
pub use scenario::{
    BandSide, Baseline, FreeLabel, LineAction, MapMeta, Op, Scenario, Scenarios, Side, Sides, Site, UnitPart,
    ZoneCategory,
};

use std::collections::BTreeMap;
use std::path::PathBuf;

use geo::MultiPolygon;

/// An administrative unit of the mapped country (an oblast, a region, a city).
#[derive(Debug, Clone)]
pub struct Unit {
    /// Stable identifier, e.g. an ISO 3166-2 code.
    pub id: String,
    /// Name in the dataset's main language (English).
    pub name: String,
    /// Names in other languages, keyed by language code (`uk` → "Донецька область").
    pub names: BTreeMap<String, String>,
    /// Official area in km², when the dataset gives one.
    pub area_official_km2: Option<f64>,
    /// Boundary in lon/lat degrees, exterior rings counter-clockwise.
    pub geometry: MultiPolygon<f64>,
    /// Geodesic area of `geometry` on the WGS84 ellipsoid, in km².
    pub area_km2: f64,
}

impl Unit {
    /// The unit's name in `lang`, falling back to the main name.
    pub fn name_in(&self, lang: &str) -> &str {
        self.names.get(lang).map_or(self.name.as_str(), String::as_str)
    }

    /// The area statistics report: the official figure where the dataset has
    /// one, else the measured geodesic area. In km².
    pub fn reporting_area_km2(&self) -> f64 {
        self.area_official_km2.unwrap_or(self.area_km2)
    }

    /// The unit's share held in ground measuring `km2` on its boundary;
    /// shares below 1e-7 (a few m² of overlay noise) count as zero.
    pub fn share_of(&self, km2: f64) -> f64 {
        let s = (km2 / self.area_km2).clamp(0.0, 1.0);
        if s < 1e-7 { 0.0 } else { s }
    }

    /// The km² every output reports for ground measuring `km2` on the
    /// unit's boundary: its share of the unit times the reporting area.
    pub fn reported_km2(&self, km2: f64) -> f64 {
        self.share_of(km2) * self.reporting_area_km2()
    }
}

/// A named place shown on maps and used as an anchor in checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable identifier (`kyiv`, `sloviansk`).
    pub id: String,
    /// Name in the main language.
    pub name: String,
    /// Names in other languages, keyed by language code.
    pub names: BTreeMap<String, String>,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// The unit the place lies in.
    pub unit: String,
    /// Importance: 1 capital, 2 regional centre or major city, 3 town named in reports, 4 other.
    pub rank: u8,
    /// Where the coordinates come from.
    pub source: String,
    /// The side the place must be on in the latest lines, if it is an
    /// anchor without dates.
    pub anchor: Option<Anchor>,
    /// The sides the place is on from each date on, oldest first, if it is
    /// an anchor with dates (`defender@2014-03-18 held@2022-05-20`): every
    /// snapshot from the first date on is checked against them. `None` is a
    /// place fought over from that date (`contested@…`), not checked.
    pub dated_anchor: Vec<(IsoDate, Option<Anchor>)>,
    /// Line of the place in its file, for messages.
    pub line: usize,
}

impl Place {
    /// The side the place must be on in the lines of snapshot `date`, where
    /// `latest` is the control table's latest snapshot: the dated side in
    /// force then, or the undated side when `date` is the latest.
    pub fn anchor_on(&self, date: IsoDate, latest: IsoDate) -> Option<Anchor> {
        if self.dated_anchor.is_empty() {
            return self.anchor.filter(|_| date >= latest);
        }
        self.dated_anchor
            .iter()
            .rev()
            .find(|(d, _)| *d <= date)
            .and_then(|(_, a)| *a)
    }
}

/// A settlement whose controlling side public reporting gives at one
/// snapshot date: the fitted line of that date passes between the ones
/// held and the ones not held.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownPlace {
    /// The snapshot the report applies to.
    pub date: IsoDate,
    /// The unit the settlement lies in.
    pub unit: String,
    /// The settlement's name.
    pub name: String,
    /// Who controls it.
    pub side: Anchor,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Line of the row in its file, for messages.
    pub line: usize,
}

/// The side an anchor place must be on in the current lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Inside ground the occupier holds.
    Held,
    /// Inside ground the defender holds.
    Defender,
}

/// How a control share is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Basis {
    /// The figure is stated in the press reports the dataset cites.
    Reported,
    /// The figure comes from wider public reporting and is an estimate.
    Estimate,
}

impl Basis {
    /// The word used in the control table.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Reported => "reported",
            Basis::Estimate => "estimate",
        }
    }
}

/// One row of the control table: how much of a unit the occupier holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlRow {
    /// The unit this row is about.
    pub unit: String,
    /// Best estimate of the held share, 0..=1.
    pub share: f64,
    /// Lower end of the plausible range.
    pub low: f64,
    /// Upper end of the plausible range.
    pub high: f64,
    /// Date the figure describes.
    pub as_of: IsoDate,
    /// Whether the figure is reported or estimated.
    pub basis: Basis,
    /// The outlets the figure rests on.
    pub source: String,
    /// Free-text note.
    pub note: String,
    /// Line of the row in its file, for messages.
    pub line: usize,
}

/// The mapped country as a whole, from `dataset.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// Identifier (ISO 3166-1 alpha-2 for real countries).
    pub id: String,
    /// Name in the main language.
    pub name: String,
    /// Names in other languages, keyed by language code.
    pub names: BTreeMap<String, String>,
    /// Official area in km², when known.
    pub area_official_km2: Option<f64>,
    /// Where the official area comes from.
    pub area_source: String,
    /// The credit maps carry when they show people (`[population] credits`
    /// in `dataset.toml`): who the figures and settlements come from, and
    /// their licences. `None`: the credit is made from the population
    /// files' `source` columns.
    pub population_credits: Option<String>,
}

/// A whole dataset folder, loaded and cross-checked.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The folder it was read from.
    pub dir: PathBuf,
    /// The country the units make up.
    pub country: Country,
    /// The country's units, in file order.
    pub units: Vec<Unit>,
    /// The control table's rows in force at the map's date (each unit's
    /// latest row on or before it, units with a share of 0 left out), in
    /// file order.
    pub control: Vec<ControlRow>,
    /// Every row of the control table, every date, in file order: the
    /// snapshots through time that nested fitting and the timeline read.
    pub history: Vec<ControlRow>,
    /// Places, in file order.
    pub places: Vec<Place>,
    /// Settlements whose controlling side is reported at a snapshot
    /// (`settlements-control.csv`), in file order; empty without the file.
    pub known: Vec<KnownPlace>,
    /// Neighbouring countries' land.
    pub regions: Vec<Region>,
    /// Rivers and reservoirs.
    pub water: Vec<Water>,
    /// Fitting hints per unit.
    pub hints: Vec<Hint>,
    /// Map metadata, sides and scenarios.
    pub scenarios: Scenarios,
    /// Official population per unit and settlements, when the dataset has
    /// `population.csv` (and `settlements.csv`).
    pub population: Option<Population>,
    /// What was repaired on reading, for the user to see.
    pub warnings: Vec<crate::error::Problem>,
    /// The date the scenarios' texts describe, when [`Dataset::at`] moved
    /// the dataset to another snapshot (`None`: the dataset's own date), so
    /// titles can say which lines a map shows.
    pub moved_from: Option<IsoDate>,
    /// The date `scenarios.toml`'s texts and credits were written for
    /// (its `map.as_of`), when the control table has a later snapshot: the
    /// dataset's lines are then that snapshot's, `map.as_of` is moved to
    /// it, and titles are made for its date (`None`: `map.as_of` is the
    /// latest snapshot or after it).
    pub texts_from: Option<IsoDate>,
    /// SHA-256 of every file read to make the dataset, each file's name and
    /// content in the order read, and of the options the boundaries were
    /// read with ([`crate::load::BoundarySource`]): equal for equal inputs,
    /// and different when any file is added, removed or changed, or an
    /// option differs. It describes the files, not
    /// the fields: a caller that changes a field that fits read (units,
    /// regions, water, hints, places, known places, the control table)
    /// must not key anything fitted by it.
    pub fingerprint: [u8; 32],
}

impl Dataset {
    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The index of the unit with this id.
    pub fn unit_idx(&self, id: &str) -> Option<UnitIdx> {
        self.units.iter().position(|u| u.id == id).map(UnitIdx)
    }

    /// The control row for this unit, if the occupier holds any of it.
    ///
    /// The table may hold several dated rows per unit (snapshots through
    /// time); the latest is the unit's row. [`Dataset::at`] picks a date.
    pub fn control_row(&self, id: &str) -> Option<&ControlRow> {
        self.control.iter().filter(|r| r.unit == id).max_by_key(|r| r.as_of)
    }

    /// The dates the control table has rows for, oldest first.
    pub fn snapshot_dates(&self) -> Vec<IsoDate> {
        let dates: std::collections::BTreeSet<IsoDate> = self.history.iter().map(|r| r.as_of).collect();
        dates.into_iter().collect()
    }

    /// The latest snapshot date on or before `date`, if any.
    pub fn snapshot_on(&self, date: IsoDate) -> Option<IsoDate> {
        self.history.iter().map(|r| r.as_of).filter(|d| *d <= date).max()
    }

    /// The dataset as of `date`: each unit's latest row on or before it
    /// (units with none are held by the defender), and the map dated by the
    /// snapshot those rows come from ([`Dataset::snapshot_on`]; `date`
    /// itself before the first): its lines are those reported then, not on
    /// a later day between snapshots.
    pub fn at(mut self, date: IsoDate) -> Dataset {
        let date = self.snapshot_on(date).unwrap_or(date);
        self.control = rows_in_force(&self.history, Some(date));
        if date != self.scenarios.map.as_of {
            let own = self.texts_from.unwrap_or(self.scenarios.map.as_of);
            self.moved_from = Some(self.moved_from.unwrap_or(own));
        }
        self.scenarios.map.as_of = date;
        self
    }

    /// The file stem of a map or table named `name` drawn from this
    /// dataset: `name` itself on the dataset's own date, `name-DATE` on a
    /// dataset moved to another snapshot ([`Dataset::at`]), so a map of
    /// 25 March 2022 never replaces today's map of the same scenario in
    /// the same folder.
    pub fn file_stem(&self, name: &str) -> String {
        match self.moved_from {
            Some(_) => format!("{name}-{}", self.scenarios.map.as_of),
            None => name.to_string(),
        }
    }

    /// Scenario `id`'s title and description (the id alone when it has
    /// none). On a dataset moved to another snapshot ([`Dataset::at`]) the
    /// texts, written for the dataset's own date, would name the wrong
    /// lines: the current lines get a title and description of the date
    /// shown, and a proposal's title says which lines it is drawn on. Maps
    /// and tables print these, so they agree.
    pub fn scenario_text(&self, id: &str) -> (String, String) {
        let (title, description, moves) = self.scenarios.get(id).map_or_else(
            || (id.to_string(), String::new(), false),
            |s| {
                (
                    s.title.clone(),
                    s.description.clone(),
                    s.base.is_some() || !s.ops.is_empty(),
                )
            },
        );
        if self.moved_from.is_none() && self.texts_from.is_none() {
            return (title, description);
        }
        let date = self.scenarios.map.as_of.long();
        if moves {
            (format!("{title}, on the lines of {date}"), description)
        } else {
            (
                format!("The lines on {date}"),
                format!(
                    "Ground held by {} on {date}, drawn from each region's share in the control table for that date.",
                    self.scenarios.sides.occupier.name
                ),
            )
        }
    }

    /// One unit's rows through time, oldest first.
    pub fn unit_history(&self, id: &str) -> Vec<&ControlRow> {
        let mut rows: Vec<&ControlRow> = self.history.iter().filter(|r| r.unit == id).collect();
        rows.sort_by_key(|r| r.as_of);
        rows
    }

    /// The country's area measured on the boundaries, in km².
    pub fn country_area_km2(&self) -> f64 {
        self.units.iter().map(|u| u.area_km2).sum()
    }

    /// The country's area as statistics report it: the official figure where
    /// the dataset gives one, else the measured area. In km².
    pub fn country_reporting_area_km2(&self) -> f64 {
        self.country
            .area_official_km2
            .unwrap_or_else(|| self.country_area_km2())
    }
}

/// The rows in force on `date` (the latest rows when `None`): per unit its
/// latest row on or before the date, in file order. A row with share and
/// range 0 (the occupier left) is in force but means no row.
pub fn rows_in_force(history: &[ControlRow], date: Option<IsoDate>) -> Vec<ControlRow> {
    let mut latest: BTreeMap<&str, &ControlRow> = BTreeMap::new();
    for row in history.iter().filter(|r| date.is_none_or(|d| r.as_of <= d)) {
        match latest.get(row.unit.as_str()) {
            Some(kept) if kept.as_of >= row.as_of => {}
            _ => {
                latest.insert(row.unit.as_str(), row);
            }
        }
    }
    let mut rows: Vec<ControlRow> = latest
        .into_values()
        .filter(|r| r.share > 0.0 || r.high > 0.0)
        .cloned()
        .collect();
    rows.sort_by_key(|r| r.line);
    rows
}
