//! The optional population layer: `population.csv` (`unit`, `population`,
//! `as_of`, `source`: each unit's official figure) and `settlements.csv`
//! (`id`, `name`, `lon`, `lat`, `unit`, `population`, `source`).
//!
//! A dataset without `population.csv` has no population layer and reads
//! as before; `settlements.csv` needs `population.csv`. When present,
//! every unit needs exactly one official figure, every settlement must lie
//! inside its unit, and a unit's settlements may add up to at most
//! [`MAX_SETTLEMENT_EXCESS`] times its official figure (the estimate scales
//! them down to the figure; beyond that factor one of the two files is wrong).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{CommentedCsv, files, read_text};
use crate::error::{Error, Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::{IsoDate, Population, Settlement, Unit, UnitPopulation};

/// Columns of `population.csv`.
pub const OFFICIAL_COLUMNS: [&str; 4] = ["unit", "population", "as_of", "source"];

/// Columns of `settlements.csv`.
pub const SETTLEMENT_COLUMNS: [&str; 7] = ["id", "name", "lon", "lat", "unit", "population", "source"];

/// How far a unit's settlements may exceed its official figure before the
/// files are taken to disagree (a factor on the official figure). Place
/// figures are often older than the unit's, or count a whole municipality,
/// so some excess is normal; scaled down, it does no harm.
pub const MAX_SETTLEMENT_EXCESS: f64 = 1.5;

/// Loads a folder's population layer: `None` when it has no `population.csv`.
pub fn load(dir: &Path) -> Result<Option<Population>> {
    let official_path = dir.join(files::POPULATION);
    let settlements_path = dir.join(files::SETTLEMENTS);
    if !crate::input::exists(&official_path) {
        if crate::input::exists(&settlements_path) {
            return Err(Error::problem(
                Problem::new(
                    &settlements_path,
                    Location::File,
                    "settlements.csv needs population.csv, each unit's official figure",
                )
                .with_hint("add population.csv (unit,population,as_of,source) or remove settlements.csv"),
            ));
        }
        return Ok(None);
    }
    let mut problems = Problems::new();
    let units = match read_text(&official_path).and_then(|t| parse_official(&official_path, &t)) {
        Ok(u) => u,
        Err(e) => {
            absorb(e, &official_path, &mut problems);
            Vec::new()
        }
    };
    let settlements = if crate::input::exists(&settlements_path) {
        match read_text(&settlements_path).and_then(|t| parse_settlements(&settlements_path, &t)) {
            Ok(s) => s,
            Err(e) => {
                absorb(e, &settlements_path, &mut problems);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    problems.into_result(Some(Population { units, settlements }))
}

fn absorb(e: Error, path: &Path, problems: &mut Problems) {
    match e {
        Error::Invalid(ps) => ps.into_iter().for_each(|p| problems.push(p)),
        other => problems.push(Problem::new(path, Location::File, other.to_string())),
    }
}

/// A whole number of people, or what is wrong with the field.
fn people(field: &str) -> std::result::Result<u64, String> {
    if let Ok(n) = field.parse::<u64>() {
        return Ok(n);
    }
    if field.parse::<f64>().is_ok_and(|v| v < 0.0) {
        return Err(format!("population \"{field}\" is below zero"));
    }
    if !field.is_empty() && field.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("population \"{field}\" is too large"));
    }
    Err(format!("population \"{field}\" is not a whole number of people"))
}

/// The records of a CSV file with comment lines, each with its line number.
fn rows(
    path: &Path,
    table: &CommentedCsv,
    required: &[&str],
    problems: &mut Problems,
) -> Result<Vec<(usize, Vec<String>)>> {
    let mut reader = table.reader();
    let (_, idx) = table.header(path, &mut reader, required)?;
    let mut out = Vec::new();
    for record in reader.records() {
        if let Some((r, line)) = table.located(path, record, problems) {
            out.push((line, idx.iter().map(|&i| r.get(i).unwrap_or("").to_string()).collect()));
        }
    }
    Ok(out)
}

/// Parses `population.csv`.
pub fn parse_official(path: &Path, text: &str) -> Result<Vec<UnitPopulation>> {
    let mut problems = Problems::new();
    let table = CommentedCsv::new(text);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, f) in rows(path, &table, &OFFICIAL_COLUMNS, &mut problems)? {
        let at = Location::Line(line);
        let unit = f[0].clone();
        if !seen.insert(unit.clone()) {
            problems.push(
                Problem::new(path, at, format!("unit \"{unit}\" has a second row"))
                    .with_hint("give each unit one official figure"),
            );
            continue;
        }
        let count = match people(&f[1]) {
            Ok(n) => n,
            Err(message) => {
                problems.push(Problem::new(path, at, message).with_hint("write the number of people, e.g. 4059372"));
                continue;
            }
        };
        let Some(as_of) = IsoDate::parse(&f[2]) else {
            problems.push(
                Problem::new(path, at, format!("date \"{}\" is not a date", f[2])).with_hint("write it as YYYY-MM-DD"),
            );
            continue;
        };
        out.push(UnitPopulation {
            unit,
            people: count,
            as_of,
            source: f[3].clone(),
            line,
        });
    }
    problems.into_result(out)
}

/// Parses `settlements.csv`.
pub fn parse_settlements(path: &Path, text: &str) -> Result<Vec<Settlement>> {
    let mut problems = Problems::new();
    let table = CommentedCsv::new(text);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, f) in rows(path, &table, &SETTLEMENT_COLUMNS, &mut problems)? {
        let at = Location::Line(line);
        let id = f[0].clone();
        if id.is_empty() || !seen.insert(id.clone()) {
            problems.push(Problem::new(
                path,
                at,
                format!("settlement id \"{id}\" is empty or used twice"),
            ));
            continue;
        }
        let lon = f[2].parse::<f64>().ok().filter(|v| (-180.0..=180.0).contains(v));
        let lat = f[3].parse::<f64>().ok().filter(|v| (-90.0..=90.0).contains(v));
        let (Some(lon), Some(lat)) = (lon, lat) else {
            problems.push(
                Problem::new(
                    path,
                    at,
                    format!("settlement \"{id}\" has no valid lon/lat (\"{}\", \"{}\")", f[2], f[3]),
                )
                .with_hint("give decimal degrees, longitude first"),
            );
            continue;
        };
        let count = match people(&f[5]) {
            Ok(n) => n,
            Err(message) => {
                problems.push(
                    Problem::new(path, at, format!("settlement \"{id}\": {message}"))
                        .with_hint("write the settlement's number of people as digits alone, e.g. 35960"),
                );
                continue;
            }
        };
        out.push(Settlement {
            id,
            name: f[1].clone(),
            lon,
            lat,
            unit: f[4].clone(),
            people: count,
            source: f[6].clone(),
            line,
        });
    }
    problems.into_result(out)
}

/// Cross-checks the layer against the units: one official figure per unit
/// (and none for unknown units), every settlement inside its unit, and no
/// unit whose settlements exceed [`MAX_SETTLEMENT_EXCESS`] times its figure.
pub fn check_against(dir: &Path, pop: &Population, units: &[Unit], problems: &mut Problems) {
    let official_path = dir.join(files::POPULATION);
    let settlements_path = dir.join(files::SETTLEMENTS);
    for row in &pop.units {
        if !units.iter().any(|u| u.id == row.unit) {
            problems.push(super::locate::unknown_unit(
                &official_path,
                Location::Line(row.line),
                format!("unknown unit \"{}\"", row.unit),
                &row.unit,
                units,
            ));
        }
    }
    for unit in units.iter().filter(|u| pop.of(&u.id).is_none()) {
        problems.push(
            Problem::new(
                &official_path,
                Location::File,
                format!("unit \"{}\" ({}) has no official population", unit.id, unit.name),
            )
            .with_hint("add a row for it: every unit needs one, or the people would not add up"),
        );
    }
    let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
    for s in &pop.settlements {
        let at = Location::Line(s.line);
        match units.iter().find(|u| u.id == s.unit) {
            None => problems.push(super::locate::unknown_unit(
                &settlements_path,
                at,
                format!("settlement \"{}\" names unknown unit \"{}\"", s.id, s.unit),
                &s.unit,
                units,
            )),
            Some(unit) if !geometry::contains_lonlat(&unit.geometry, s.lon, s.lat) => {
                let actual = units
                    .iter()
                    .find(|u| geometry::contains_lonlat(&u.geometry, s.lon, s.lat));
                let hint = match actual {
                    Some(u) => format!("the point lies in \"{}\" ({})", u.id, u.name),
                    None => "the point lies outside the country, in none of the units: check its lon/lat (longitude first) or leave the settlement out".to_string(),
                };
                problems.push(
                    Problem::new(
                        &settlements_path,
                        at,
                        format!(
                            "settlement \"{}\" ({}) at {}, {} is not inside its unit \"{}\"",
                            s.id, s.name, s.lon, s.lat, s.unit
                        ),
                    )
                    .with_hint(hint),
                );
            }
            Some(unit) => *sums.entry(unit.id.as_str()).or_insert(0) += s.people,
        }
    }
    for row in &pop.units {
        let sum = sums.get(row.unit.as_str()).copied().unwrap_or(0);
        if sum as f64 > MAX_SETTLEMENT_EXCESS * row.people as f64 {
            problems.push(
                Problem::new(
                    &official_path,
                    Location::Line(row.line),
                    format!(
                        "the settlements of \"{}\" add up to {sum} people, more than {MAX_SETTLEMENT_EXCESS} times its official {}",
                        row.unit, row.people
                    ),
                )
                .with_hint("check the unit's figure here and the settlements' figures and units in settlements.csv"),
            );
        }
    }
}
