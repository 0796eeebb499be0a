//! The line file of a `line` op: a GeoJSON FeatureCollection of
//! LineStrings (a line that cuts units) or Polygons (the ground itself),
//! next to `scenarios.toml`. Reads it, and has the engine cut the op's units
//! once, so every problem (a missing file, a line that does not cross its
//! units, a side point outside them) is found when the scenarios are read.
//!
//! It reads only plain file names inside the dataset folder, never a path
//! elsewhere, and it does not decide what the op does with the ground.

use std::path::Path;

use geo::{Geometry, MultiLineString, MultiPolygon};

use crate::error::{Error, Location, Problem, Problems};
use crate::model::{Unit, UnitIdx};
use crate::scenario::LineMiss;

/// The ground the line in `file` bounds in each of `units`, or nothing
/// (with the problems recorded) when it cannot be had. `at` is the op's
/// line in `scenarios` (the scenario file's path).
pub(super) fn ground(
    scenarios: &Path,
    at: Location,
    file: &str,
    units: &[UnitIdx],
    all: &[Unit],
    point: Option<[f64; 2]>,
    problems: &mut Problems,
) -> Vec<(UnitIdx, MultiPolygon<f64>)> {
    let problem = |message: String, hint: &str| Problem::new(scenarios, at.clone(), message).with_hint(hint);
    if file.is_empty() || file.starts_with('.') || file.contains(['/', '\\']) {
        problems.push(problem(
            format!("line: file \"{file}\" is not a file name"),
            "put the line file next to scenarios.toml and give its name only",
        ));
        return Vec::new();
    }
    let path = scenarios.parent().unwrap_or(Path::new("")).join(file);
    let (lines, area) = match read(&path) {
        Ok(read) => read,
        Err(Error::Invalid(ps)) => {
            ps.into_iter().for_each(|p| problems.push(p));
            return Vec::new();
        }
        Err(other) => {
            problems.push(Problem::new(&path, Location::File, other.to_string()));
            return Vec::new();
        }
    };
    if units.is_empty() {
        return Vec::new();
    }
    let chosen: Vec<&Unit> = units.iter().map(|i| &all[i.get()]).collect();
    let named = chosen
        .iter()
        .map(|u| format!("{} ({})", u.id, u.name))
        .collect::<Vec<_>>()
        .join(", ");
    if !lines.0.is_empty() && point.is_none() {
        problems.push(problem(
            format!("line: the line in \"{file}\" cuts {named}, but the op names no side"),
            "add point = [lon, lat], a place on the side the op takes",
        ));
        return Vec::new();
    }
    match crate::scenario::line_ground(&chosen, &lines, &area, point) {
        Ok(ground) => units.iter().copied().zip(ground).collect(),
        Err(miss) => {
            let (message, hint) = match miss {
                LineMiss::DoesNotCross => (
                    format!("line: the line in \"{file}\" does not cross {named}"),
                    "draw it from one side of the outline to the other (it may run on beyond it), or give a Polygon of the ground",
                ),
                LineMiss::PointOutside => (
                    format!(
                        "line: point = [{}, {}] lies in none of {named} off the line in \"{file}\"",
                        point.map_or(f64::NAN, |p| p[0]),
                        point.map_or(f64::NAN, |p| p[1])
                    ),
                    "give a point inside the units, on the side the op takes, longitude first",
                ),
                LineMiss::NoOverlap => (
                    format!("line: the polygons in \"{file}\" do not overlap {named}"),
                    "check the file's coordinates (longitude first) and the op's units",
                ),
            };
            problems.push(problem(message, hint));
            Vec::new()
        }
    }
}

/// The file's lines and polygons.
fn read(path: &Path) -> crate::error::Result<(MultiLineString<f64>, MultiPolygon<f64>)> {
    let text = super::read_text(path)?;
    let raw = super::geojson::features(path, &text)?;
    let mut problems = Problems::new();
    let (mut lines, mut area) = (Vec::new(), Vec::new());
    for (index, value) in raw.into_iter().enumerate() {
        let id = value.get("id").and_then(super::geojson::id_text);
        let geometry = serde_json::from_value::<geojson::Feature>(value)
            .ok()
            .and_then(|f| f.geometry)
            .and_then(|g| Geometry::<f64>::try_from(&g.value).ok());
        let in_range = |c: &geo::Coord<f64>| (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y);
        let ok = match geometry {
            Some(Geometry::LineString(l)) if l.0.iter().all(in_range) => {
                lines.push(l);
                true
            }
            Some(Geometry::MultiLineString(m)) if m.0.iter().flat_map(|l| &l.0).all(in_range) => {
                lines.extend(m.0);
                true
            }
            Some(Geometry::Polygon(p)) => {
                area.push(p);
                true
            }
            Some(Geometry::MultiPolygon(m)) => {
                area.extend(m.0);
                true
            }
            _ => false,
        };
        if !ok {
            problems.push(
                Problem::new(
                    path,
                    Location::Feature { index, id },
                    "expected a LineString, MultiLineString, Polygon or MultiPolygon in longitude/latitude degrees",
                )
                .with_hint("a line op's file holds the line (or the ground) in WGS84 longitude, latitude"),
            );
        }
    }
    let area = crate::geometry::orient(&MultiPolygon(area));
    problems.into_result((MultiLineString(lines), area))
}
