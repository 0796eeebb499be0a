//! Where in a file a problem sits, and what the user may have meant: byte
//! offsets to line numbers, TOML parse errors to located problems, and the
//! "did you mean" hint for an unknown unit id. Shared by every loader.

use std::path::Path;

use crate::error::{Error, Location, Problem};
use crate::model::Unit;

/// The 1-based line of byte offset `at` in `text`.
pub fn line_at(text: &str, at: usize) -> Location {
    Location::Line(text[..at.min(text.len())].matches('\n').count() + 1)
}

/// Turns a TOML parse error into a problem at the right line.
pub fn toml_problem(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let location = match e.span() {
        Some(span) => line_at(text, span.start),
        None => Location::File,
    };
    let message = e.message();
    let problem = Problem::new(path, location, message.to_string());
    // serde says which field is missing but not what it is: point to the
    // README's list of each file's fields.
    let problem = match missing_field(message) {
        Some(field) => {
            let file = path
                .file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
            problem.with_hint(format!(
                "the README's section \"The dataset folder\" lists the fields {file} must hold, `{field}` among them"
            ))
        }
        None => problem,
    };
    Error::problem(problem)
}

/// The field a serde "missing field `x`" message names.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// A "did you mean" hint for an unknown unit id, from the dataset's units.
pub fn unit_hint(wanted: &str, units: &[Unit]) -> Option<String> {
    crate::error::suggest(wanted, units.iter().map(|u| (u.id.as_str(), u.name.as_str())))
}

/// A problem about an unknown unit id, with a "did you mean" when a unit is close.
pub fn unknown_unit(path: &Path, at: Location, message: String, wanted: &str, units: &[Unit]) -> Problem {
    let p = Problem::new(path, at, message);
    match unit_hint(wanted, units) {
        Some(h) => p.with_hint(h),
        None => p,
    }
}

/// Warnings made alike for many items (`features`) as one warning each
/// with a count ("27 features: rings were wound …"); a warning made for
/// one item keeps its location. In order of first appearance.
pub fn grouped(path: &Path, items: Vec<(Location, String)>, noun: &str) -> Vec<Problem> {
    let mut kinds: Vec<(String, Vec<Location>)> = Vec::new();
    for (at, message) in items {
        match kinds.iter_mut().find(|(m, _)| *m == message) {
            Some((_, ats)) => ats.push(at),
            None => kinds.push((message, vec![at])),
        }
    }
    kinds
        .into_iter()
        .map(|(message, mut ats)| {
            if ats.len() == 1 {
                Problem::new(path, ats.remove(0), message)
            } else {
                Problem::new(path, Location::File, format!("{} {noun}: {message}", ats.len()))
            }
        })
        .collect()
}
