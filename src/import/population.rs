//! The population layer's two files: `population.csv` (each unit's
//! official figure, from the recipe) and `settlements.csv` (the country's
//! GeoNames settlements inside the units).
//!
//! Both are deterministic: units in id order; settlements by unit, then
//! by population (largest first), then by GeoNames id.

use std::path::Path;

use geo::MultiPolygon;

use super::geonames::City;
use super::recipe::{PopulationRecipe, Recipe};
use crate::error::{Error, Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::IsoDate;

/// A CSV file's text and how many rows it holds.
pub(super) struct Built {
    pub text: String,
    pub count: usize,
    /// Settlements of the country left out because no unit contains them.
    pub outside: usize,
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>, stage: &'static str) -> Result<String> {
    let bytes = w.into_inner().map_err(|e| Error::Render {
        stage,
        message: e.to_string(),
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `population.csv`: `unit,population,as_of,source`, one row per unit in
/// id order. Every unit of the recipe must have `population_official`.
pub(super) fn official_csv(recipe_path: &Path, recipe: &Recipe, pop: &PopulationRecipe) -> Result<String> {
    const STAGE: &str = "formatting population.csv";
    let mut problems = Problems::new();
    let mut rows: Vec<[String; 4]> = Vec::new();
    for u in &recipe.units {
        let Some(people) = u.population_official else {
            problems.push(
                Problem::new(
                    recipe_path,
                    Location::File,
                    format!("unit {}: no `population_official`", u.id),
                )
                .with_hint("a recipe with [population] gives every unit its official population"),
            );
            continue;
        };
        let as_of = u.population_as_of.clone().unwrap_or_else(|| pop.as_of.clone());
        if IsoDate::parse(&as_of).is_none() {
            problems.push(Problem::new(
                recipe_path,
                Location::File,
                format!("unit {}: population date \"{as_of}\" is not YYYY-MM-DD", u.id),
            ));
            continue;
        }
        let source = u.population_source.clone().unwrap_or_else(|| pop.source.clone());
        rows.push([u.id.clone(), people.to_string(), as_of, source]);
    }
    rows.sort();
    let mut w = writer();
    let err = |e: csv::Error| Error::Render {
        stage: STAGE,
        message: e.to_string(),
    };
    w.write_record(["unit", "population", "as_of", "source"]).map_err(err)?;
    for row in &rows {
        w.write_record(row).map_err(err)?;
    }
    problems.into_result(())?;
    finish(w, STAGE)
}

/// `settlements.csv`: `id,name,lon,lat,unit,population,source`, the
/// recipe's country's settlements of at least `min_population` people that
/// lie inside a unit (`units` in id order; the first that contains the
/// point). The GeoNames coordinates (1e-5 degree) are kept as they are.
pub(super) fn settlements_csv(
    pop: &PopulationRecipe,
    cities: &[City],
    units: &[(&str, &MultiPolygon<f64>)],
) -> Result<Built> {
    const STAGE: &str = "formatting settlements.csv";
    let mut kept: Vec<(&str, &City)> = Vec::new();
    let mut outside = 0;
    for c in cities.iter().filter(|c| {
        c.country == pop.country
            && c.population >= pop.min_population
            && !pop.exclude_feature_codes.contains(&c.feature_code)
    }) {
        match units.iter().find(|(_, g)| geometry::contains_lonlat(g, c.lon, c.lat)) {
            Some((id, _)) => kept.push((id, c)),
            None => outside += 1,
        }
    }
    kept.sort_by(|a, b| {
        a.0.cmp(b.0)
            .then(b.1.population.cmp(&a.1.population))
            .then(a.1.id.cmp(&b.1.id))
    });
    let err = |e: csv::Error| Error::Render {
        stage: STAGE,
        message: e.to_string(),
    };
    let mut w = writer();
    w.write_record(["id", "name", "lon", "lat", "unit", "population", "source"])
        .map_err(err)?;
    for (unit, c) in &kept {
        w.write_record([
            c.id.to_string(),
            c.name.clone(),
            c.lon.to_string(),
            c.lat.to_string(),
            unit.to_string(),
            c.population.to_string(),
            pop.settlements_source.clone(),
        ])
        .map_err(err)?;
    }
    Ok(Built {
        text: finish(w, STAGE)?,
        count: kept.len(),
        outside,
    })
}
