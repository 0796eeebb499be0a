//! Settlements with their controlling side at snapshot dates
//! (`settlements-control.csv`, optional): one row per settlement and date,
//! with the side public reporting gives, the coordinates and where they come
//! from, and the report. The fit draws each snapshot's line between the
//! settlements held and not held then.
//!
//! This module reads and checks the rows (columns, sides, dates that are
//! snapshots of the control table, points inside their units); it does no
//! fitting.

use std::path::Path;

use super::{CommentedCsv, read_text, unit_hint};
use crate::error::{Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::{Anchor, ControlRow, IsoDate, KnownPlace, Unit};

/// Columns the file must have, in any order.
pub const COLUMNS: [&str; 8] = ["date", "unit", "name", "side", "lon", "lat", "coords", "source"];

/// Loads the file; a dataset without it has no known places.
pub fn load(path: &Path) -> Result<Vec<KnownPlace>> {
    if !crate::input::exists(path) {
        return Ok(Vec::new());
    }
    let text = read_text(path)?;
    parse(path, &text)
}

/// Parses the file's text.
pub fn parse(path: &Path, text: &str) -> Result<Vec<KnownPlace>> {
    let mut problems = Problems::new();
    let table = CommentedCsv::new(text);
    let mut reader = table.reader();
    let (_, idx) = table.header(path, &mut reader, &COLUMNS)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let Some((record, line)) = table.located(path, record, &mut problems) else {
            continue;
        };
        let at = Location::Line(line);
        let field = |i: usize| record.get(idx[i]).unwrap_or("").trim();
        let name = field(2).to_string();
        let Some(date) = IsoDate::parse(field(0)) else {
            problems.push(
                Problem::new(
                    path,
                    at,
                    format!(
                        "settlement \"{name}\" has date \"{}\", not a date like 2025-08-15",
                        field(0)
                    ),
                )
                .with_hint("give the snapshot date of control.csv the report applies to"),
            );
            continue;
        };
        let side = match field(3) {
            "held" => Anchor::Held,
            "defender" => Anchor::Defender,
            other => {
                problems.push(
                    Problem::new(path, at, format!("settlement \"{name}\" has side \"{other}\"")).with_hint(
                        "write \"held\" (the occupier holds it) or \"defender\"; leave out places fought over",
                    ),
                );
                continue;
            }
        };
        let coord = |s: &str, range: f64| s.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= range);
        let (Some(lon), Some(lat)) = (coord(field(4), 180.0), coord(field(5), 90.0)) else {
            problems.push(
                Problem::new(
                    path,
                    at,
                    format!(
                        "settlement \"{name}\" has no valid lon/lat (\"{}\", \"{}\")",
                        field(4),
                        field(5)
                    ),
                )
                .with_hint("give decimal degrees, longitude first"),
            );
            continue;
        };
        if field(7).is_empty() {
            problems.push(
                Problem::new(path, at, format!("settlement \"{name}\" names no source"))
                    .with_hint("give the address of the report that says who holds it"),
            );
            continue;
        }
        rows.push(KnownPlace {
            date,
            unit: field(1).to_string(),
            name,
            side,
            lon,
            lat,
            line,
        });
    }
    problems.into_result(rows)
}

/// Checks every row against the dataset: its unit exists and holds the
/// point, its date is a snapshot of the control table, the side agrees
/// with the unit's share then (a place held where nothing is held, or not
/// held where all is, contradicts the table), and no settlement is given
/// twice for one date.
pub fn check_against(
    path: &Path,
    rows: &[KnownPlace],
    units: &[Unit],
    control: &[ControlRow],
    problems: &mut Problems,
) {
    let mut dates: Vec<IsoDate> = control.iter().map(|r| r.as_of).collect();
    dates.sort();
    dates.dedup();
    for row in rows {
        let at = Location::Line(row.line);
        if !dates.contains(&row.date) {
            let listed: Vec<String> = dates.iter().map(ToString::to_string).collect();
            problems.push(
                Problem::new(
                    path,
                    at.clone(),
                    format!(
                        "settlement \"{}\" is dated {}, which is not a snapshot of control.csv",
                        row.name, row.date
                    ),
                )
                .with_hint(format!(
                    "date the row with the snapshot it describes: {}",
                    listed.join(", ")
                )),
            );
        }
        let placed = match units.iter().find(|u| u.id == row.unit) {
            None => {
                let mut p = Problem::new(
                    path,
                    at.clone(),
                    format!("settlement \"{}\" names unknown unit \"{}\"", row.name, row.unit),
                );
                if let Some(hint) = unit_hint(&row.unit, units) {
                    p = p.with_hint(hint);
                }
                problems.push(p);
                false
            }
            Some(unit) if !geometry::contains_lonlat(&unit.geometry, row.lon, row.lat) => {
                let hint = if geometry::contains_lonlat(&unit.geometry, row.lat, row.lon) {
                    super::places::SWAPPED_HINT.to_string()
                } else {
                    match units
                        .iter()
                        .find(|u| geometry::contains_lonlat(&u.geometry, row.lon, row.lat))
                    {
                        Some(u) => format!(
                            "the point lies in \"{}\" ({}): fix the unit or the coordinates",
                            u.id, u.name
                        ),
                        None => match super::places::on_border(units, row.lon, row.lat) {
                            Some(ids) => format!("the point lies on the border of {ids}: move it inside its unit"),
                            None => "the point lies in none of the units: check the coordinates".to_string(),
                        },
                    }
                };
                problems.push(
                    Problem::new(
                        path,
                        at,
                        format!(
                            "settlement \"{}\" at {}, {} is not inside its unit \"{}\"",
                            row.name, row.lon, row.lat, row.unit
                        ),
                    )
                    .with_hint(hint),
                );
                false
            }
            Some(_) => true,
        };
        if !placed {
            // The unit or the point is wrong: that is the problem to fix.
            continue;
        }
        // The unit's share in force on the row's date: its latest row on
        // or before it, nothing before its first.
        let share = control
            .iter()
            .filter(|r| r.unit == row.unit && r.as_of <= row.date)
            .max_by_key(|r| r.as_of)
            .map(|r| (r.share, r.line));
        let contradiction = match (row.side, share) {
            (Anchor::Held, None) => Some((
                format!(
                    "control.csv gives {} no row on or before {}, so nothing is held there then",
                    row.unit, row.date
                ),
                format!(
                    "add a row for {} on {} to control.csv, or give the settlement the side defender",
                    row.unit, row.date
                ),
            )),
            (Anchor::Held, Some((s, line))) if s <= 0.0 => Some((
                format!("control.csv:{line} gives {} a share of 0 then", row.unit),
                "give the unit the share held then, or give the settlement the side defender".to_string(),
            )),
            (Anchor::Defender, Some((s, line))) if s >= 1.0 => Some((
                format!(
                    "control.csv:{line} gives {} a share of 1 (all of it held) then",
                    row.unit
                ),
                "lower the unit's share then, or give the settlement the side held".to_string(),
            )),
            _ => None,
        };
        if let Some((why, hint)) = contradiction {
            problems.push(
                Problem::new(
                    path,
                    Location::Line(row.line),
                    format!(
                        "settlement \"{}\" is {} on {}, but {why}",
                        row.name,
                        match row.side {
                            Anchor::Held => "held",
                            Anchor::Defender => "not held",
                        },
                        row.date
                    ),
                )
                .with_hint(hint),
            );
        }
        if let Some(first) = rows
            .iter()
            .find(|o| o.line < row.line && o.date == row.date && o.unit == row.unit && o.name == row.name)
        {
            let (message, hint) = if first.side == row.side {
                (
                    format!(
                        "settlement \"{}\" on {} repeats line {}",
                        row.name, row.date, first.line
                    ),
                    "remove one of the two rows".to_string(),
                )
            } else {
                (
                    format!(
                        "settlement \"{}\" on {} is given the other side on line {}",
                        row.name, row.date, first.line
                    ),
                    "keep the row the reports support, or leave the place out while it is fought over".to_string(),
                )
            };
            problems.push(Problem::new(path, Location::Line(row.line), message).with_hint(hint));
        }
    }
    // Places of both sides at one spot on one date: the line cannot pass
    // between them, whatever their names.
    for (i, a) in rows.iter().enumerate() {
        let clash = rows[..i]
            .iter()
            .find(|b| b.date == a.date && b.side != a.side && b.name != a.name && same_spot(a, b));
        if let Some(b) = clash {
            problems.push(
                Problem::new(
                    path,
                    Location::Line(a.line),
                    format!(
                        "settlement \"{}\" on {} lies within {SAME_SPOT_M} m of \"{}\" (line {}), given the other side",
                        a.name, a.date, b.name, b.line
                    ),
                )
                .with_hint("the line cannot pass between them: check both rows' coordinates, or keep the one the reports support"),
            );
        }
    }
}

/// Places of both sides closer than this (metres) are one spot.
const SAME_SPOT_M: f64 = 100.0;

fn same_spot(a: &KnownPlace, b: &KnownPlace) -> bool {
    use geo::Distance;
    geo::Haversine.distance(geo::Point::new(a.lon, a.lat), geo::Point::new(b.lon, b.lat)) < SAME_SPOT_M
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "date,unit,name,side,lon,lat,coords,source\n";

    fn messages(text: &str) -> Vec<String> {
        match parse(Path::new("s.csv"), text) {
            Ok(_) => Vec::new(),
            Err(crate::error::Error::Invalid(ps)) => ps.iter().map(ToString::to_string).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn reads_rows_and_refuses_bad_sides_and_dates() {
        let ok = parse(
            Path::new("s.csv"),
            &format!("# note\n{HEADER}2025-08-15,X-1,A,held,37.5,48.2,GeoNames 1,https://example.org/a\n"),
        )
        .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!((ok[0].line, ok[0].side), (3, Anchor::Held));
        let m = messages(&format!(
            "{HEADER}2025-08-15,X-1,A,ours,37.5,48.2,GeoNames 1,https://example.org/a\n15.08.2025,X-1,B,held,37.5,48.2,GeoNames 1,https://example.org/a\n"
        ));
        assert!(m[0].starts_with("s.csv:2: settlement \"A\" has side \"ours\""), "{m:?}");
        assert!(
            m[1].starts_with("s.csv:3: settlement \"B\" has date \"15.08.2025\""),
            "{m:?}"
        );
    }
}
