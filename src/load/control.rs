//! The control-share table (`control.csv`): one row per unit where the
//! occupier holds ground, with a range, a date, a basis and the sources.
//!
//! Lines starting with `#` are comments, so the table can carry notes.

use std::collections::BTreeSet;
use std::path::Path;

use super::{CommentedCsv, read_text, unit_hint};
use crate::error::{Location, Problem, Problems, Result};
use crate::model::{Basis, ControlRow, IsoDate, Unit};

/// Columns the table must have, in any order.
pub const COLUMNS: [&str; 8] = ["unit", "share", "low", "high", "as_of", "basis", "source", "note"];

/// Loads and checks the table on its own (unit ids are checked by [`check_against`]).
pub fn load(path: &Path) -> Result<Vec<ControlRow>> {
    let text = read_text(path)?;
    parse(path, &text)
}

/// Parses the table's text.
pub fn parse(path: &Path, text: &str) -> Result<Vec<ControlRow>> {
    let mut problems = Problems::new();
    let table = CommentedCsv::new(text);
    let mut reader = table.reader();
    let (_, idx) = table.header(path, &mut reader, &COLUMNS)?;
    let mut rows: Vec<ControlRow> = Vec::new();
    let mut seen = BTreeSet::new();
    for record in reader.records() {
        let Some((record, line)) = table.located(path, record, &mut problems) else {
            continue;
        };
        let fields = Fields {
            path,
            at: Location::Line(line),
            record: &record,
            idx: &idx,
        };
        rows.extend(fields.row(line, &mut seen, &mut problems));
    }
    check_order(path, &rows, &mut problems);
    problems.into_result(rows)
}

/// Each unit's rows must come oldest first, so a snapshot appended at the
/// end of the file is the latest and the file reads as a history.
fn check_order(path: &Path, rows: &[ControlRow], problems: &mut Problems) {
    let mut last: std::collections::BTreeMap<&str, &ControlRow> = std::collections::BTreeMap::new();
    for row in rows {
        if let Some(before) = last.get(row.unit.as_str())
            && before.as_of > row.as_of
        {
            problems.push(
                Problem::new(
                    path,
                    Location::Line(row.line),
                    format!(
                        "the row for \"{}\" dated {} comes after its row dated {} (line {})",
                        row.unit, row.as_of, before.as_of, before.line
                    ),
                )
                .with_hint("keep each unit's rows oldest first: append a new snapshot at the end"),
            );
        }
        last.insert(row.unit.as_str(), row);
    }
}

/// One row of the table being read.
struct Fields<'a> {
    path: &'a Path,
    at: Location,
    record: &'a csv::StringRecord,
    idx: &'a [usize],
}

impl Fields<'_> {
    fn field(&self, i: usize) -> &str {
        self.record.get(self.idx[i]).unwrap_or("")
    }

    fn problem(&self, message: String) -> Problem {
        Problem::new(self.path, self.at.clone(), message)
    }

    /// Column `i` as a share, or a problem.
    fn share(&self, i: usize, problems: &mut Problems) -> Option<f64> {
        match self.field(i).parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=1.0).contains(&v) => Some(v),
            _ => {
                problems.push(
                    self.problem(format!(
                        "{} \"{}\" is not a share between 0 and 1",
                        COLUMNS[i],
                        self.field(i)
                    ))
                    .with_hint("write shares as fractions, e.g. 0.75 for three quarters"),
                );
                None
            }
        }
    }

    fn basis(&self, problems: &mut Problems) -> Option<Basis> {
        match self.field(5) {
            "reported" => Some(Basis::Reported),
            "estimate" => Some(Basis::Estimate),
            other => {
                problems.push(
                    self.problem(format!("basis \"{other}\" is neither \"reported\" nor \"estimate\""))
                        .with_hint("use \"reported\" for figures in the cited reports, \"estimate\" otherwise"),
                );
                None
            }
        }
    }

    /// The row, or `None` with its problems recorded (in the order a reader
    /// meets them: numbers, basis, date, source, duplicate, range).
    fn row(&self, line: usize, seen: &mut BTreeSet<(String, String)>, problems: &mut Problems) -> Option<ControlRow> {
        let (share, low, high) = (
            self.share(1, problems),
            self.share(2, problems),
            self.share(3, problems),
        );
        let unit = self.field(0).to_string();
        let basis = self.basis(problems);
        let as_of = IsoDate::parse(self.field(4));
        if as_of.is_none() {
            problems.push(self.problem(format!("as_of \"{}\" is not a date like 2025-08-16", self.field(4))));
        }
        if self.field(6).is_empty() {
            problems.push(
                self.problem(format!("row for \"{unit}\" names no source"))
                    .with_hint("name the outlet the figure comes from"),
            );
        }
        if !seen.insert((unit.clone(), self.field(4).to_string())) {
            problems.push(
                self.problem(format!("unit \"{unit}\" has a second row for {}", self.field(4)))
                    .with_hint("keep one row per unit and date"),
            );
        }
        let (share, low, high, basis) = (share?, low?, high?, basis?);
        if low > high {
            problems.push(
                self.problem(format!("low {low} is above high {high}"))
                    .with_hint("swap them"),
            );
            return None;
        }
        if !(low..=high).contains(&share) {
            problems.push(self.problem(format!("share {share} lies outside its range {low}..{high}")));
            return None;
        }
        Some(ControlRow {
            unit,
            share,
            low,
            high,
            as_of: as_of?,
            basis,
            source: self.field(6).to_string(),
            note: self.field(7).to_string(),
            line,
        })
    }
}

/// Checks that every row names a unit of the dataset.
pub fn check_against(path: &Path, rows: &[ControlRow], units: &[Unit], problems: &mut Problems) {
    for row in rows {
        if !units.iter().any(|u| u.id == row.unit) {
            let mut p = Problem::new(path, Location::Line(row.line), format!("unknown unit \"{}\"", row.unit));
            if let Some(hint) = unit_hint(&row.unit, units) {
                p = p.with_hint(hint);
            }
            problems.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "unit,share,low,high,as_of,basis,source,note\n";

    fn messages(text: &str) -> Vec<String> {
        match parse(Path::new("control.csv"), text) {
            Ok(_) => Vec::new(),
            Err(crate::error::Error::Invalid(ps)) => ps.iter().map(ToString::to_string).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn reads_rows_with_comments() {
        let text =
            format!("# a comment\n{HEADER}# another\nX-1,0.5,0.4,0.6,2025-08-16,reported,Axios,\"half, roughly\"\n");
        let rows = parse(Path::new("c.csv"), &text).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].note, "half, roughly");
    }

    #[test]
    fn rejects_bad_values_with_line() {
        let text = format!(
            "{HEADER}X-1,1.5,0.4,0.6,2025-08-16,reported,Axios,\nX-2,0.5,0.6,0.4,2025-08-16,reported,Axios,\nX-3,0.9,0.4,0.6,2025-08-16,guess,Axios,\n"
        );
        let m = messages(&text);
        assert!(m.contains(&"control.csv:2: share \"1.5\" is not a share between 0 and 1; write shares as fractions, e.g. 0.75 for three quarters".to_string()), "{m:?}");
        assert!(
            m.contains(&"control.csv:3: low 0.6 is above high 0.4; swap them".to_string()),
            "{m:?}"
        );
        assert!(
            m.iter().any(|s| s.starts_with("control.csv:4: basis \"guess\"")),
            "{m:?}"
        );
    }

    #[test]
    fn rejects_missing_columns() {
        let m = messages("unit,share\nX,0.5\n");
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("control.csv:1: missing column(s): low, high, as_of, basis, source, note"),
            "{m:?}"
        );
    }
}
