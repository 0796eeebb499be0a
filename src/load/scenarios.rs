//! The scenario file (`scenarios.toml`): the map's metadata (title, date,
//! the two sides and their colours, credits) and the scenarios, each a list
//! of operations on units, optionally starting from another scenario.
//!
//! ```toml
//! [map]
//! title = "…"
//! as_of = "2025-08-15"
//! credits = "…"
//!
//! [sides.occupier]
//! id = "RU"            # the occupier's country in context.geojson
//! name = "Russia"
//! colour = "#b8312f"
//!
//! [sides.defender]
//! name = "Ukraine"
//! colour = "#f6efd9"
//!
//! [[scenario]]
//! id = "alaska-terms"  # letters, digits and '-': it names output files
//! title = "…"
//! description = "…"
//! sources = ["Axios", "Reuters"]
//! base = "current"     # optional: start from another scenario's result
//! ops = [
//!   { op = "handover", units = ["UA-14", "UA-09"] },
//!   { op = "freeze", units = ["UA-23", "UA-65"] },
//!   { op = "withdraw", units = ["UA-59", "UA-63"] },
//!   { op = "set", shares = { "UA-23" = 1.0 } },
//! ]
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::meta::toml_problem;
use super::{read_text, unit_hint};
use crate::error::{Location, Problem, Problems, Result};
use crate::model::Unit;

/// One side of the conflict as the map shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// The side's country id among the context regions (the occupier's land
    /// is where control areas grow from by default).
    #[serde(default)]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Names in other languages.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Fill colour, `#rrggbb`.
    pub colour: String,
}

/// Both sides.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sides {
    /// The side that holds ground in the units (the control table's side).
    pub occupier: Side,
    /// The side whose country the units make up.
    pub defender: Side,
}

/// Metadata printed on every map.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapMeta {
    /// Title of the map series.
    pub title: String,
    /// Date the lines describe (ISO 8601).
    pub as_of: String,
    /// Credits line (outlets, boundaries).
    pub credits: String,
    /// Legend text for the current line (default "Front line"); the date follows.
    #[serde(default)]
    pub line_label: Option<String>,
    /// Proj string of the map projection; an equal-area projection centred
    /// on the country when absent.
    #[serde(default)]
    pub projection: Option<String>,
    /// Free labels such as seas.
    #[serde(default, rename = "label")]
    pub labels: Vec<FreeLabel>,
}

/// A label placed by hand (a sea, a region).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeLabel {
    /// Text in the main language.
    pub text: String,
    /// Text in other languages.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Longitude of the label's centre.
    pub lon: f64,
    /// Latitude of the label's centre.
    pub lat: f64,
}

/// An operation of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// The whole unit goes to the occupier.
    Handover {
        /// Units handed over.
        units: Vec<Spanned<String>>,
    },
    /// The line stays where it is; drawn as a ceasefire line.
    Freeze {
        /// Units where the line freezes.
        units: Vec<Spanned<String>>,
    },
    /// The occupier leaves: the held part returns.
    Withdraw {
        /// Units the occupier leaves.
        units: Vec<Spanned<String>>,
    },
    /// An explicit held share per unit, drawn with the unit's fitting hint.
    Set {
        /// Unit id → share (0..1).
        shares: BTreeMap<Spanned<String>, f64>,
    },
}

impl Op {
    /// The op's name as written in the file.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Handover { .. } => "handover",
            Op::Freeze { .. } => "freeze",
            Op::Withdraw { .. } => "withdraw",
            Op::Set { .. } => "set",
        }
    }

    /// The units the op names, with their places in the file.
    pub fn units(&self) -> Vec<&Spanned<String>> {
        match self {
            Op::Handover { units } | Op::Freeze { units } | Op::Withdraw { units } => units.iter().collect(),
            Op::Set { shares } => shares.keys().collect(),
        }
    }
}

/// A scenario as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// File-name-safe id.
    pub id: Spanned<String>,
    /// Title shown on the map.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// The outlets the scenario rests on.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Scenario whose result this one starts from.
    #[serde(default)]
    pub base: Option<Spanned<String>>,
    /// Operations, applied in order.
    #[serde(default, deserialize_with = "ops")]
    pub ops: Vec<Op>,
}

/// An operation as written: `{ op = "handover", units = [...] }`. Read into
/// a flat struct first (an internally tagged enum would lose the positions
/// of the unit ids, which messages need).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOp {
    op: String,
    #[serde(default)]
    units: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    shares: Option<BTreeMap<Spanned<String>, f64>>,
}

fn ops<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<Op>, D::Error> {
    use serde::de::Error as _;
    let raw: Vec<RawOp> = Vec::deserialize(d)?;
    raw.into_iter()
        .map(|r| match (r.op.as_str(), r.units, r.shares) {
            ("handover", Some(units), None) => Ok(Op::Handover { units }),
            ("freeze", Some(units), None) => Ok(Op::Freeze { units }),
            ("withdraw", Some(units), None) => Ok(Op::Withdraw { units }),
            ("set", None, Some(shares)) => Ok(Op::Set { shares }),
            ("handover" | "freeze" | "withdraw", _, _) => {
                Err(D::Error::custom(format!("op \"{}\" takes `units = [...]` only", r.op)))
            }
            ("set", _, _) => Err(D::Error::custom(
                "op \"set\" takes `shares = { UNIT = SHARE, ... }` only",
            )),
            (other, _, _) => Err(D::Error::custom(format!(
                "unknown op \"{other}\"; use handover, freeze, withdraw or set"
            ))),
        })
        .collect()
}

impl Scenario {
    /// The id as a plain string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

/// The whole scenario file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Map metadata.
    pub map: MapMeta,
    /// The two sides.
    pub sides: Sides,
    /// The scenarios, in file order.
    #[serde(rename = "scenario")]
    pub scenarios: Vec<Scenario>,
}

impl ScenarioFile {
    /// The scenario with this id.
    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id() == id)
    }

    /// The chain from the root scenario to `id` (root first). The loader
    /// has checked that bases exist and form no cycle.
    pub fn chain(&self, id: &str) -> Vec<&Scenario> {
        let mut chain = Vec::new();
        let mut next = self.get(id);
        while let Some(s) = next {
            if chain.iter().any(|c: &&Scenario| c.id() == s.id()) {
                break;
            }
            chain.push(s);
            next = s.base.as_ref().and_then(|b| self.get(b.get_ref()));
        }
        chain.reverse();
        chain
    }
}

/// Longest scenario id (characters); its output names stay far below the
/// file-name limit ([`crate::output::MAX_NAME_BYTES`]).
pub const MAX_ID_CHARS: usize = 64;

/// True for ids made of ASCII letters, digits, `-` and `_`, starting with a
/// letter or digit, at most [`MAX_ID_CHARS`] long and not a Windows device
/// name: safe as file names on every system.
pub fn is_file_safe(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && id.len() <= MAX_ID_CHARS
        && !crate::output::windows_reserved(id)
}

/// The problem with an id that is not file-name safe, as message and hint.
fn unsafe_id_problem(id: &str) -> (String, String) {
    let count = id.chars().count();
    if count > MAX_ID_CHARS {
        let head: String = id.chars().take(20).collect();
        (
            format!("scenario id \"{head}…\" is too long ({count} characters)"),
            format!("use at most {MAX_ID_CHARS} characters"),
        )
    } else if crate::output::windows_reserved(id) {
        (
            format!(
                "scenario id \"{id}\" is a device name on Windows ({})",
                crate::output::WINDOWS_RESERVED
            ),
            "its maps could not be copied to Windows; choose another id".into(),
        )
    } else {
        (
            format!("scenario id \"{id}\" is not file-name safe"),
            "use letters, digits, '-' and '_' only, starting with a letter or digit".into(),
        )
    }
}

/// True for `#rgb` or `#rrggbb`.
pub fn is_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Loads and checks the scenario file against the dataset's units.
pub fn load(path: &Path, units: &[Unit]) -> Result<ScenarioFile> {
    let text = read_text(path)?;
    parse(path, &text, units)
}

/// Parses and checks the scenario file's text.
pub fn parse(path: &Path, text: &str, units: &[Unit]) -> Result<ScenarioFile> {
    let file: ScenarioFile = toml::from_str(text).map_err(|e| toml_problem(path, text, &e))?;
    let line = |start: usize| Location::Line(text[..start.min(text.len())].matches('\n').count() + 1);
    let mut problems = Problems::new();
    for side in [&file.sides.occupier, &file.sides.defender] {
        if !is_colour(&side.colour) {
            problems.push(
                Problem::new(
                    path,
                    Location::File,
                    format!("colour \"{}\" of {} is not a colour", side.colour, side.name),
                )
                .with_hint("write colours as #rrggbb, e.g. #b8312f"),
            );
        }
    }
    let mut ids = BTreeSet::new();
    for s in &file.scenarios {
        let at = line(s.id.span().start);
        if !is_file_safe(s.id()) {
            let (message, hint) = unsafe_id_problem(s.id());
            problems.push(Problem::new(path, at.clone(), message).with_hint(hint));
        }
        if !ids.insert(s.id()) {
            problems.push(Problem::new(
                path,
                at.clone(),
                format!("scenario id \"{}\" is used twice", s.id()),
            ));
        }
        for op in &s.ops {
            for unit in op.units() {
                if !units.iter().any(|u| u.id == *unit.get_ref()) {
                    let mut p = Problem::new(
                        path,
                        line(unit.span().start),
                        format!("unknown unit \"{}\" in {}", unit.get_ref(), op.name()),
                    );
                    if let Some(h) = unit_hint(unit.get_ref(), units) {
                        p = p.with_hint(h);
                    }
                    problems.push(p);
                }
            }
            if let Op::Set { shares } = op {
                for (unit, share) in shares {
                    if !(share.is_finite() && (0.0..=1.0).contains(share)) {
                        problems.push(Problem::new(
                            path,
                            line(unit.span().start),
                            format!("share {share} for \"{}\" is not between 0 and 1", unit.get_ref()),
                        ));
                    }
                }
            }
        }
    }
    for s in &file.scenarios {
        let Some(base) = &s.base else { continue };
        if file.get(base.get_ref()).is_none() {
            let known: Vec<(&str, &str)> = file.scenarios.iter().map(|s| (s.id(), s.id())).collect();
            let mut p = Problem::new(
                path,
                line(base.span().start),
                format!(
                    "scenario \"{}\" starts from unknown scenario \"{}\"",
                    s.id(),
                    base.get_ref()
                ),
            );
            if let Some(h) = crate::error::suggest(base.get_ref(), known) {
                p = p.with_hint(h);
            }
            problems.push(p);
            continue;
        }
        // Follow the chain; coming back to a scenario already seen is a cycle.
        let mut seen = vec![s.id()];
        let mut next = Some(base.get_ref().as_str());
        while let Some(id) = next {
            if seen.contains(&id) {
                seen.push(id);
                problems.push(
                    Problem::new(
                        path,
                        line(base.span().start),
                        format!("scenario bases form a cycle: {}", seen.join(" → ")),
                    )
                    .with_hint("one scenario in the chain must have no base"),
                );
                break;
            }
            seen.push(id);
            next = file.get(id).and_then(|x| x.base.as_ref()).map(|b| b.get_ref().as_str());
        }
    }
    if file.scenarios.is_empty() {
        problems.push(
            Problem::new(path, Location::File, "the file defines no scenario").with_hint("add a [[scenario]] table"),
        );
    }
    problems.into_result(file)
}
