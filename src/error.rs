//! Errors that carry a location and a hint, and their mapping to exit codes.
//!
//! The library never prints: it returns these values and the binary decides
//! what the user sees. Every problem with an input file names the file, the
//! place in it (line or feature), what is wrong and, where possible, the fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A 1-based line number.
    Line(usize),
    /// A GeoJSON feature: its 0-based index and its id, when it has one.
    Feature {
        /// Index of the feature in the collection, counted from 0.
        index: usize,
        /// The feature's id property, if it could be read.
        id: Option<String>,
    },
}

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when the library can tell.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at a location, without a hint.
    pub fn new(file: &Path, location: Location, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_path_buf(),
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.location {
            Location::File => {}
            Location::Line(n) => write!(f, ":{n}")?,
            Location::Feature { index, id: Some(id) } => write!(f, ": feature {index} ({id})")?,
            Location::Feature { index, id: None } => write!(f, ": feature {index}")?,
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// Errors returned by the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input data is invalid; holds at least one problem.
    #[error("{}", join_problems(.0))]
    Invalid(Vec<Problem>),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A scenario id that the dataset does not define.
    #[error("unknown scenario \"{id}\"{}", hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default())]
    UnknownScenario {
        /// The id asked for.
        id: String,
        /// "Did you mean", when a defined id is close.
        hint: Option<String>,
    },
    /// Reading or writing a file failed for a reason outside the data.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Drawing or encoding an output failed (the SVG, a font, the PNG): a
    /// fault of the tool or the machine, not of the input.
    #[error("{stage} failed: {message}")]
    Render {
        /// What was being done.
        stage: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A geometry operation failed for a unit.
    #[error("geometry operation failed for unit {unit}: {message}")]
    Geometry {
        /// The unit being processed.
        unit: String,
        /// What went wrong.
        message: String,
    },
}

/// One line per problem: a line break echoed from an input (an id holding
/// a newline) is shown as `\n`, so it cannot forge a line of its own.
fn join_problems(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| p.to_string().replace('\n', "\\n")).collect();
    lines.join("\n")
}

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for a runtime or I/O failure.
pub const EXIT_RUNTIME: u8 = 1;
/// Exit code for bad input data or bad usage.
pub const EXIT_BAD_INPUT: u8 = 2;

impl Error {
    /// The process exit code documented in the README for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::Usage(_) | Error::UnknownScenario { .. } => EXIT_BAD_INPUT,
            Error::Io { .. } | Error::Geometry { .. } | Error::Render { .. } => EXIT_RUNTIME,
        }
    }

    /// An error holding a single problem.
    pub fn problem(problem: Problem) -> Self {
        Error::Invalid(vec![problem])
    }
}

/// Result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collecting a parallel map whose items may fail, deterministically.
pub trait CollectInOrder<T> {
    /// Every item in order, or the error of the first item in input order
    /// that failed. rayon's own `collect` into a `Result` stops at whichever
    /// error a thread meets first, so which unit a message names could
    /// change from run to run; this runs every item and then picks.
    fn collect_in_order(self) -> Result<Vec<T>>;
}

impl<T: Send, I: rayon::iter::IndexedParallelIterator<Item = Result<T>>> CollectInOrder<T> for I {
    fn collect_in_order(self) -> Result<Vec<T>> {
        self.collect::<Vec<Result<T>>>().into_iter().collect()
    }
}

/// Collects problems while a file is checked, so that one run reports all of them.
#[derive(Debug, Default)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// An empty collection.
    pub fn new() -> Self {
        Problems(Vec::new())
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Moves all problems of another collection into this one.
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when no problem was recorded, else all problems as one error.
    pub fn into_result<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}

/// Suggests the closest of `candidates` (id, label) to `wanted`, for
/// "did you mean" hints. Transpositions count as one edit, and among equally
/// close candidates one made of the same characters is preferred
/// (`UA-41` suggests `UA-14`).
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.to_lowercase().chars().collect();
        c.sort_unstable();
        c
    };
    let wanted_sorted = sorted(wanted);
    let wanted_lower = wanted.to_lowercase();
    let mut best: Option<(usize, bool, &str, &str)> = None;
    // When nothing is close, a single id that starts with what was typed
    // ("alaska" for "alaska-terms") is still the likely meaning.
    let mut prefixed: Vec<&str> = Vec::new();
    for (id, label) in candidates {
        if wanted_lower.len() >= 3 && id.to_lowercase().starts_with(&wanted_lower) {
            prefixed.push(id);
        }
        let by_id = strsim::osa_distance(&wanted_lower, &id.to_lowercase());
        let by_label = strsim::osa_distance(&wanted_lower, &label.to_lowercase());
        let distance = by_id.min(by_label);
        let key = (distance, sorted(id) != wanted_sorted, id, label);
        if best.as_ref().is_none_or(|b| (key.0, key.1, key.2) < (b.0, b.1, b.2)) {
            best = Some(key);
        }
    }
    let (distance, _, id, label) = best?;
    let limit = (wanted.chars().count() / 2).max(2);
    if distance > limit {
        return match prefixed.as_slice() {
            [one] => Some(format!("did you mean \"{one}\"?")),
            [] => None,
            many => Some(format!("did you mean one of {}?", quoted_list(many))),
        };
    }
    if label.is_empty() || label == id {
        Some(format!("did you mean \"{id}\"?"))
    } else {
        Some(format!("did you mean \"{id}\" ({label})?"))
    }
}

fn quoted_list(ids: &[&str]) -> String {
    ids.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_transposed_id() {
        let units = [("UA-14", "Donetsk"), ("UA-43", "Crimea"), ("UA-40", "Sevastopol")];
        assert_eq!(
            suggest("UA-41", units).as_deref(),
            Some("did you mean \"UA-14\" (Donetsk)?")
        );
    }

    #[test]
    fn suggests_by_name_and_gives_up_when_far() {
        let units = [("UA-14", "Donetsk"), ("UA-09", "Luhansk")];
        assert_eq!(
            suggest("Donetks", units).as_deref(),
            Some("did you mean \"UA-14\" (Donetsk)?")
        );
        assert_eq!(suggest("Transnistria", units), None);
        let scenarios = [
            ("alaska-terms", ""),
            ("alaska-terms-no-withdrawal", ""),
            ("four-regions", ""),
        ];
        assert_eq!(
            suggest("alaska", scenarios).as_deref(),
            Some("did you mean one of \"alaska-terms\", \"alaska-terms-no-withdrawal\"?")
        );
        assert_eq!(
            suggest("four", scenarios).as_deref(),
            Some("did you mean \"four-regions\"?")
        );
    }

    /// The README's exit-code table: 0 ok, 1 runtime or I/O, 2 bad input or usage.
    #[test]
    fn exit_codes_match_the_readme() {
        let io = Error::Io {
            path: "x".into(),
            source: std::io::Error::other("disk full"),
        };
        let render = Error::Render {
            stage: "encoding the PNG",
            message: "x".into(),
        };
        let geometry = Error::Geometry {
            unit: "U".into(),
            message: "x".into(),
        };
        for e in [&io, &render, &geometry] {
            assert_eq!(e.exit_code(), EXIT_RUNTIME, "{e}");
        }
        let unknown = Error::UnknownScenario {
            id: "alaska".into(),
            hint: Some("did you mean \"alaska-terms\"?".into()),
        };
        assert_eq!(
            unknown.to_string(),
            "unknown scenario \"alaska\"; did you mean \"alaska-terms\"?"
        );
        for e in [&unknown, &Error::Usage("x".into()), &Error::Invalid(vec![])] {
            assert_eq!(e.exit_code(), EXIT_BAD_INPUT, "{e}");
        }
        let readme = include_str!("../README.md");
        assert!(
            readme.contains("| 1 |") && readme.contains("| 2 |"),
            "the README documents exit codes 1 and 2"
        );
    }

    #[test]
    fn an_echoed_newline_cannot_forge_a_line() {
        let e = Error::Invalid(vec![Problem::new(
            Path::new("c.csv"),
            Location::Line(2),
            "unknown unit \"X\nclaimsmap: error: forged\"",
        )]);
        assert_eq!(e.to_string().lines().count(), 1, "{e}");
        assert!(e.to_string().contains("X\\nclaimsmap"));
    }

    #[test]
    fn problem_display_names_file_line_and_hint() {
        let p = Problem::new(
            Path::new("geodata/control.csv"),
            Location::Line(12),
            "unknown unit \"UA-41\"",
        )
        .with_hint("did you mean \"UA-14\" (Donetsk)?");
        assert_eq!(
            p.to_string(),
            "geodata/control.csv:12: unknown unit \"UA-41\"; did you mean \"UA-14\" (Donetsk)?"
        );
        let f = Problem::new(
            Path::new("u.geojson"),
            Location::Feature {
                index: 3,
                id: Some("X".into()),
            },
            "bad",
        );
        assert_eq!(f.to_string(), "u.geojson: feature 3 (X): bad");
    }
}
