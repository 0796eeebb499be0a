//! Dataset metadata (`dataset.toml`): the country as a whole, and the
//! credit line of its population layer. It reads the file only; it checks
//! nothing against the other files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{read_text, toml_problem};
use crate::error::{Error, Location, Problem, Result};
use crate::model::Country;

/// The file's layout, as written by hand.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaFile {
    country: CountryTable,
    population: Option<PopulationTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PopulationTable {
    credits: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryTable {
    id: String,
    name: String,
    #[serde(default)]
    names: BTreeMap<String, String>,
    area_official_km2: Option<f64>,
    #[serde(default)]
    area_source: String,
}

/// Loads the metadata file.
pub fn load(path: &Path) -> Result<Country> {
    let text = read_text(path)?;
    let file: MetaFile = toml::from_str(&text).map_err(|e| toml_problem(path, &text, &e))?;
    let c = file.country;
    if let Some(a) = c.area_official_km2
        && !(a.is_finite() && a > 0.0)
    {
        return Err(Error::problem(Problem::new(
            path,
            Location::File,
            format!("country.area_official_km2 must be a positive number, found {a}"),
        )));
    }
    Ok(Country {
        id: c.id,
        name: c.name,
        names: c.names,
        area_official_km2: c.area_official_km2,
        area_source: c.area_source,
        population_credits: file.population.map(|p| p.credits),
    })
}
