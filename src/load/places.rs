//! Named places (`places.csv`): id, name, `name_<lang>` columns, lon, lat,
//! the unit the place lies in, a rank and the source of the coordinates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{CommentedCsv, read_text, unit_hint};
use crate::error::{Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::{Anchor, IsoDate, Place, Unit};

/// The ranks a place may have: 1 capital, 2 major city, 3 city, 4 regional
/// centre or town (smaller type and marker as the rank grows).
pub const RANKS: std::ops::RangeInclusive<u8> = 1..=4;

/// Columns the file must have; `name_<lang>` columns are optional extras.
pub const COLUMNS: [&str; 7] = ["id", "name", "lon", "lat", "unit", "rank", "source"];

/// Loads the places file.
pub fn load(path: &Path) -> Result<Vec<Place>> {
    let text = read_text(path)?;
    parse(path, &text)
}

/// Parses the places file's text.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Place>> {
    let mut problems = Problems::new();
    let table = CommentedCsv::new(text);
    let mut reader = table.reader();
    let (headers, idx) = table.header(path, &mut reader, &COLUMNS)?;
    let anchor_column = headers.iter().position(|h| h == "anchor");
    let lang_columns: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((i, h.strip_prefix("name_")?.to_string())))
        .collect();
    let mut places = Vec::new();
    let mut seen = BTreeSet::new();
    for record in reader.records() {
        let Some((record, line)) = table.located(path, record, &mut problems) else {
            continue;
        };
        let at = Location::Line(line);
        let field = |i: usize| record.get(idx[i]).unwrap_or("");
        let id = field(0).to_string();
        if id.is_empty() || !seen.insert(id.clone()) {
            problems.push(Problem::new(
                path,
                at,
                format!("place id \"{id}\" is empty or used twice"),
            ));
            continue;
        }
        let lon = field(2)
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && (-180.0..=180.0).contains(v));
        let lat = field(3)
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && (-90.0..=90.0).contains(v));
        let (Some(lon), Some(lat)) = (lon, lat) else {
            problems.push(
                Problem::new(
                    path,
                    at,
                    format!(
                        "place \"{id}\" has no valid lon/lat (\"{}\", \"{}\")",
                        field(2),
                        field(3)
                    ),
                )
                .with_hint("give decimal degrees, longitude first"),
            );
            continue;
        };
        let Ok(rank) = field(5).parse::<u8>() else {
            problems.push(Problem::new(
                path,
                at,
                format!(
                    "place \"{id}\" has rank \"{}\", expected a small whole number",
                    field(5)
                ),
            ));
            continue;
        };
        if !RANKS.contains(&rank) {
            // Drawn as the nearest rank, it would look like a choice the
            // file did not make.
            problems.push(
                Problem::new(path, at, format!("place \"{id}\" has rank {rank}, outside 1 to 4"))
                    .with_hint("rank a place 1 (capital), 2 (major city), 3 (city) or 4 (regional centre or town)"),
            );
            continue;
        }
        let anchor_text = anchor_column.and_then(|i| record.get(i)).unwrap_or("");
        let dated_anchor = if anchor_text.contains('@') {
            match dated_anchor(anchor_text) {
                Ok(sides) => sides,
                Err((message, hint)) => {
                    problems.push(Problem::new(path, at, format!("place \"{id}\": {message}")).with_hint(hint));
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        let anchor = match anchor_text {
            _ if !dated_anchor.is_empty() => None,
            "" => None,
            "held" => Some(Anchor::Held),
            "defender" => Some(Anchor::Defender),
            other => {
                problems.push(
                    Problem::new(path, at, format!("place \"{id}\" has anchor \"{other}\""))
                        .with_hint("write \"held\", \"defender\" or leave it empty"),
                );
                continue;
            }
        };
        let names: BTreeMap<String, String> = lang_columns
            .iter()
            .filter_map(|(i, lang)| Some((lang.clone(), record.get(*i)?.to_string())))
            .filter(|(_, n)| !n.is_empty())
            .collect();
        places.push(Place {
            id,
            name: field(1).to_string(),
            names,
            lon,
            lat,
            unit: field(4).to_string(),
            rank,
            source: field(6).to_string(),
            anchor,
            dated_anchor,
            line,
        });
    }
    problems.into_result(places)
}

/// An anchor's sides with the date each holds from (`None`: contested).
type DatedSides = Vec<(IsoDate, Option<Anchor>)>;

/// Reads a dated anchor: sides with the date each holds from, oldest first
/// (`defender@2014-03-18 held@2022-05-20`); or the message and hint.
fn dated_anchor(text: &str) -> std::result::Result<DatedSides, (String, String)> {
    const HINT: &str =
        "write sides with the date they hold from, oldest first, e.g. \"defender@2014-03-18 held@2022-05-20\"";
    let mut sides: DatedSides = Vec::new();
    for token in text.split_whitespace() {
        let (side, date) = token.split_once('@').unwrap_or((token, ""));
        let side = match side {
            "held" => Some(Anchor::Held),
            "defender" => Some(Anchor::Defender),
            "contested" => None,
            other => {
                return Err((
                    format!("anchor side \"{other}\" is not \"held\", \"defender\" or \"contested\""),
                    HINT.into(),
                ));
            }
        };
        let Some(date) = IsoDate::parse(date) else {
            return Err((
                format!("anchor date \"{date}\" is not a date like 2022-05-20"),
                HINT.into(),
            ));
        };
        if let Some((before, _)) = sides.last()
            && *before >= date
        {
            return Err((
                format!("anchor dates out of order: {date} comes after {before}"),
                "list a place's sides oldest first, one per date".into(),
            ));
        }
        sides.push((date, side));
    }
    Ok(sides)
}

/// The hint for coordinates that fit once longitude and latitude are swapped.
pub const SWAPPED_HINT: &str = "the coordinates look like [lat, lon]; GeoJSON and places.csv take longitude first";

/// Checks that every place names a unit of the dataset and lies inside it.
/// Places that would lie inside with longitude and latitude swapped say so;
/// when more than three do, they are one problem with a count.
pub fn check_against(path: &Path, places: &[Place], units: &[Unit], problems: &mut Problems) {
    let mut swapped: Vec<&Place> = Vec::new();
    let mut found: Vec<Problem> = Vec::new();
    for place in places {
        let at = Location::Line(place.line);
        match units.iter().find(|u| u.id == place.unit) {
            None => {
                let mut p = Problem::new(
                    path,
                    at,
                    format!("place \"{}\" names unknown unit \"{}\"", place.id, place.unit),
                );
                if let Some(hint) = unit_hint(&place.unit, units) {
                    p = p.with_hint(hint);
                }
                found.push(p);
            }
            Some(unit) if !geometry::contains_lonlat(&unit.geometry, place.lon, place.lat) => {
                let actual = units
                    .iter()
                    .find(|u| geometry::contains_lonlat(&u.geometry, place.lon, place.lat));
                let flipped = geometry::contains_lonlat(&unit.geometry, place.lat, place.lon);
                let hint = match actual {
                    _ if flipped => {
                        swapped.push(place);
                        SWAPPED_HINT.to_string()
                    }
                    Some(u) => format!("the point lies in \"{}\" ({})", u.id, u.name),
                    None => match on_border(units, place.lon, place.lat) {
                        Some(ids) => format!("the point lies on the border of {ids}: move it inside its unit"),
                        None => "the point lies in none of the units".to_string(),
                    },
                };
                found.push(
                    Problem::new(
                        path,
                        at,
                        format!(
                            "place \"{}\" at {}, {} is not inside its unit \"{}\"",
                            place.id, place.lon, place.lat, place.unit
                        ),
                    )
                    .with_hint(hint),
                );
            }
            Some(_) => {}
        }
    }
    if swapped.len() > 3 {
        let shown: Vec<&str> = swapped.iter().take(3).map(|p| p.id.as_str()).collect();
        problems.push(
            Problem::new(
                path,
                Location::File,
                format!(
                    "{} places are not inside their units but would be with longitude and latitude swapped ({}, …)",
                    swapped.len(),
                    shown.join(", ")
                ),
            )
            .with_hint(SWAPPED_HINT),
        );
        found.retain(|p| p.hint.as_deref() != Some(SWAPPED_HINT));
    }
    found.into_iter().for_each(|p| problems.push(p));
}

/// The units whose outline a point lies on (within about a metre), as
/// `"A" and "B"`: such a point is in none of them, which says nothing
/// useful about what is wrong.
pub(super) fn on_border(units: &[Unit], lon: f64, lat: f64) -> Option<String> {
    use geo::Distance;
    // Degrees; about 1 m of latitude.
    const ON_BORDER_DEG: f64 = 1e-5;
    let point = geo::Point::new(lon, lat);
    let ids: Vec<String> = units
        .iter()
        .filter(|u| geo::Euclidean.distance(&point, &u.geometry) <= ON_BORDER_DEG)
        .map(|u| format!("\"{}\"", u.id))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" and "))
}
