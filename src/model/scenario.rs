//! The map's metadata, the two sides and the scenarios, as the engine and
//! the writers use them: ids typed, units resolved to indexes, bases known
//! to exist and to form no cycle (the loader checked them).
//!
//! No spans, no file format: `load::scenarios` parses `scenarios.toml` into
//! these values.

use std::collections::BTreeMap;

use super::ids::{Colour, IsoDate, ScenarioId, Share, UnitIdx};

/// One side of the conflict as the map shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The side's country id among the context regions (the occupier's land
    /// is where control areas grow from by default).
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Names in other languages.
    pub names: BTreeMap<String, String>,
    /// Fill colour.
    pub colour: Colour,
}

/// Both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Sides {
    /// The side that holds ground in the units (the control table's side).
    pub occupier: Side,
    /// The side whose country the units make up.
    pub defender: Side,
}

/// Metadata printed on every map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMeta {
    /// Title of the map series.
    pub title: String,
    /// Date the lines describe.
    pub as_of: IsoDate,
    /// Credits line (outlets, boundaries).
    pub credits: String,
    /// Legend text for the current line (default "Front line"); the date follows.
    pub line_label: Option<String>,
    /// Proj string of the map projection, checked to be usable when loaded;
    /// an equal-area projection centred on the country when absent.
    pub projection: Option<String>,
    /// Free labels such as seas.
    pub labels: Vec<FreeLabel>,
    /// The "before" baseline: the snapshot whose held ground maps of later
    /// dates draw in a darker tone of the occupier's colour.
    pub before: Option<Baseline>,
}

/// The snapshot maps of later dates set apart, with its legend words.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// The snapshot's date (one of the control table's dates).
    pub date: IsoDate,
    /// Legend text for the ground held then ("Held before 24 February 2022").
    pub label: String,
}

/// A label placed by hand (a sea, a region).
#[derive(Debug, Clone, PartialEq)]
pub struct FreeLabel {
    /// Text in the main language.
    pub text: String,
    /// Text in other languages.
    pub names: BTreeMap<String, String>,
    /// Longitude of the label's centre.
    pub lon: f64,
    /// Latitude of the label's centre.
    pub lat: f64,
}

/// A category of ground a dataset declares beyond the four built-in ones
/// (held, handed over, returned, the defender's): a demilitarised zone, a
/// free economic zone, an international administration.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneCategory {
    /// Id used by ops and in files (`dmz`).
    pub id: String,
    /// Label in the main language ("Demilitarised zone").
    pub label: String,
    /// Labels in other languages.
    pub names: BTreeMap<String, String>,
    /// Fill colour.
    pub fill: Colour,
    /// Outline colour.
    pub outline: Colour,
    /// The legend's sentence; `{km2}` is replaced by the zone's km².
    pub legend: String,
}

/// Which part of a unit an op takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitPart {
    /// The whole unit.
    Whole,
    /// The part the defender holds at that point of the scenario.
    Defender,
    /// The part the occupier holds at that point of the scenario.
    Occupier,
}

/// Which side of a line a band lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandSide {
    /// Both sides.
    Both,
    /// The defender's side only.
    Defender,
    /// The occupier's side only.
    Occupier,
}

/// A point of interest with a status under a proposal (a nuclear plant, a dam).
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Id (`zaporizhzhia-npp`).
    pub id: String,
    /// Name in the main language.
    pub name: String,
    /// Names in other languages.
    pub names: BTreeMap<String, String>,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// The status under the proposal, as the legend states it ("status open").
    pub status: String,
}

/// An operation of a scenario, on units of the dataset. This enum is the
/// reference of the `ops` a scenario may list; a new operation is a variant
/// here, its parse in `load::scenarios` and its effect in the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// The whole unit goes to the occupier (`{ op = "handover", units = [...] }`).
    Handover(Vec<UnitIdx>),
    /// The line stays where it is; drawn as a ceasefire line (`op = "freeze"`).
    Freeze(Vec<UnitIdx>),
    /// The occupier leaves: the held part returns (`op = "withdraw"`).
    Withdraw(Vec<UnitIdx>),
    /// An explicit held share per unit, drawn with the unit's fitting hint
    /// (`{ op = "set", shares = { UNIT = SHARE } }`).
    Set(BTreeMap<UnitIdx, Share>),
    /// Part of each unit becomes a declared zone (`{ op = "zone", category =
    /// "dmz", units = [...], part = "defender" }`; `part` is `whole`,
    /// `defender` or `occupier`).
    Zone {
        /// Index into [`Scenarios::categories`].
        category: usize,
        /// The units.
        units: Vec<UnitIdx>,
        /// Which part of each unit.
        part: UnitPart,
    },
    /// A band of `km` along the current front becomes a declared zone
    /// (`{ op = "buffer", category = "dmz", km = 15, side = "both" }`),
    /// within `units` when given, else within the whole country.
    Buffer {
        /// Index into [`Scenarios::categories`].
        category: usize,
        /// Width on each side taken, km.
        km: f64,
        /// Which side of the front.
        side: BandSide,
        /// The units the band is confined to; every unit when empty.
        units: Vec<UnitIdx>,
    },
    /// Both sides pull back from the front in `units` by equal areas: the
    /// defender from a band `depth_km` deep, the occupier from a band as
    /// deep as it takes to give up the same km² (within 1 %); both bands
    /// become a declared zone (`{ op = "exchange", category = "dmz", units =
    /// [...], depth_km = 10 }`).
    Exchange {
        /// Index into [`Scenarios::categories`].
        category: usize,
        /// The units whose front the pull-back follows.
        units: Vec<UnitIdx>,
        /// Depth of the defender's pull-back, km.
        depth_km: f64,
    },
    /// Ground bounded by a user's line, in a file next to `scenarios.toml`:
    /// the part of `units` on the side of its LineStrings that holds `side`,
    /// or inside its Polygons, is handed over, returned or zoned (`{ op =
    /// "line", units = [...], file = "line.geojson", side = [lon, lat],
    /// action = "handover" }`). The cut is made when the file is read.
    Line {
        /// What happens to the ground.
        action: LineAction,
        /// The ground taken in each unit, lon/lat.
        ground: Vec<(UnitIdx, geo::MultiPolygon<f64>)>,
    },
    /// A site with a status, drawn as a symbol and listed in the legend and
    /// the statistics (`{ op = "site", id = "…", name = "…", lon = …, lat = …,
    /// status = "…" }`).
    Site(Site),
}

impl Op {
    /// The op's name as written in the file.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Handover(_) => "handover",
            Op::Freeze(_) => "freeze",
            Op::Withdraw(_) => "withdraw",
            Op::Set(_) => "set",
            Op::Zone { .. } => "zone",
            Op::Buffer { .. } => "buffer",
            Op::Exchange { .. } => "exchange",
            Op::Site(_) => "site",
            Op::Line { .. } => "line",
        }
    }
}

/// What a `line` op does with the ground its line bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAction {
    /// The ground goes to the occupier.
    Handover,
    /// The occupier leaves the ground.
    Withdraw,
    /// The ground becomes a declared zone (index into [`Scenarios::categories`]).
    Zone(usize),
}

/// A scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// File-name-safe id.
    pub id: ScenarioId,
    /// Title shown on the map.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// The outlets the scenario rests on.
    pub sources: Vec<String>,
    /// Scenario whose result this one starts from.
    pub base: Option<ScenarioId>,
    /// Operations, applied in order.
    pub ops: Vec<Op>,
}

impl Scenario {
    /// The id as a plain string.
    pub fn id(&self) -> &str {
        self.id.as_str()
    }
}

/// The map's metadata, the sides and the scenarios of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenarios {
    /// Position of each id in `scenarios`, so that looking up a scenario or
    /// following a chain of bases costs no scan of the list.
    index: std::collections::HashMap<String, usize>,
    /// Map metadata.
    pub map: MapMeta,
    /// The two sides.
    pub sides: Sides,
    /// The scenarios, in file order.
    pub scenarios: Vec<Scenario>,
    /// Categories of ground the dataset declares (`[[category]]`), in file order.
    pub categories: Vec<ZoneCategory>,
}

impl Scenarios {
    /// The scenarios with their metadata; bases must exist and form no cycle
    /// (the loader checks both).
    pub fn new(map: MapMeta, sides: Sides, scenarios: Vec<Scenario>, categories: Vec<ZoneCategory>) -> Self {
        let index = scenarios
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.id().to_string(), i))
            .collect();
        Scenarios {
            index,
            map,
            sides,
            scenarios,
            categories,
        }
    }

    /// The scenario with this id.
    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.index.get(id).map(|&i| &self.scenarios[i])
    }

    /// Checks that every id names a scenario; the first that does not is an
    /// error with the closest defined id as a hint.
    pub fn check_ids(&self, ids: &[String]) -> crate::Result<()> {
        for id in ids {
            if self.get(id).is_none() {
                let known = self.scenarios.iter().map(|s| (s.id(), s.id()));
                return Err(crate::Error::UnknownScenario {
                    id: id.clone(),
                    hint: crate::error::suggest(id, known),
                });
            }
        }
        Ok(())
    }

    /// The chain from the root scenario to `id` (root first); empty when
    /// `id` is unknown. Bases were checked to exist and form no cycle.
    pub fn chain(&self, id: &str) -> Vec<&Scenario> {
        let mut chain = Vec::new();
        let mut next = self.get(id);
        while let Some(s) = next {
            // Bases form no cycle; the bound only keeps a hand-built value safe.
            if chain.len() > self.scenarios.len() {
                break;
            }
            chain.push(s);
            next = s.base.as_ref().and_then(|b| self.get(b.as_str()));
        }
        chain.reverse();
        chain
    }
}
