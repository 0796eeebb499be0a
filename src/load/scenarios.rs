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

use super::locate::{line_at, unknown_unit};
use super::{read_text, toml_problem};
use crate::error::{Error, Location, Problem, Problems, Result};
use crate::model::{
    Colour, FreeLabel, IsoDate, MAX_SCENARIO_ID, MapMeta, Op, Scenario, ScenarioId, Scenarios, Share, Side, Sides,
    Unit, UnitIdx,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSide {
    #[serde(default)]
    id: Option<String>,
    name: String,
    #[serde(default)]
    names: BTreeMap<String, String>,
    colour: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSides {
    occupier: RawSide,
    defender: RawSide,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    title: String,
    as_of: Spanned<String>,
    credits: String,
    #[serde(default)]
    line_label: Option<String>,
    #[serde(default)]
    projection: Option<Spanned<String>>,
    #[serde(default, rename = "label")]
    labels: Vec<RawLabel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    text: String,
    #[serde(default)]
    names: BTreeMap<String, String>,
    lon: f64,
    lat: f64,
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

/// An operation checked for its shape, its unit ids not yet resolved.
enum OpAsWritten {
    Units(&'static str, Vec<Spanned<String>>),
    Set(BTreeMap<Spanned<String>, f64>),
}

fn ops<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<OpAsWritten>, D::Error> {
    use serde::de::Error as _;
    let raw: Vec<RawOp> = Vec::deserialize(d)?;
    raw.into_iter()
        .map(|r| match (r.op.as_str(), r.units, r.shares) {
            ("handover", Some(units), None) => Ok(OpAsWritten::Units("handover", units)),
            ("freeze", Some(units), None) => Ok(OpAsWritten::Units("freeze", units)),
            ("withdraw", Some(units), None) => Ok(OpAsWritten::Units("withdraw", units)),
            ("set", None, Some(shares)) => Ok(OpAsWritten::Set(shares)),
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    id: Spanned<String>,
    title: String,
    description: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    base: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "ops")]
    ops: Vec<OpAsWritten>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    map: RawMap,
    sides: RawSides,
    #[serde(rename = "scenario")]
    scenarios: Vec<RawScenario>,
}

/// The problem with an id that is not file-name safe, as message and hint.
fn unsafe_id_problem(id: &str) -> (String, String) {
    let count = id.chars().count();
    if count > MAX_SCENARIO_ID {
        let head: String = id.chars().take(20).collect();
        (
            format!("scenario id \"{head}…\" is too long ({count} characters)"),
            format!("use at most {MAX_SCENARIO_ID} characters"),
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
    Colour::parse(s).is_some()
}

/// Loads and checks the scenario file against the dataset's units.
pub fn load(path: &Path, units: &[Unit]) -> Result<Scenarios> {
    let text = read_text(path)?;
    parse(path, &text, units)
}

/// Parses and checks the scenario file's text.
pub fn parse(path: &Path, text: &str, units: &[Unit]) -> Result<Scenarios> {
    let raw: RawFile = toml::from_str(text).map_err(|e| toml_problem(path, text, &e))?;
    let mut problems = Problems::new();
    let cx = Cx { path, text, units };
    let occupier = cx.side(raw.sides.occupier, &mut problems);
    let defender = cx.side(raw.sides.defender, &mut problems);
    let map = cx.map(raw.map, &mut problems);
    let scenarios = cx.scenarios(raw.scenarios, &mut problems);
    match (occupier, defender, map) {
        (Some(occupier), Some(defender), Some(map)) => problems.into_result(Scenarios {
            map,
            sides: Sides { occupier, defender },
            scenarios,
        }),
        // A side or the map could not be read, so a problem was recorded.
        _ => Err(problems.into_result(()).err().unwrap_or(Error::Invalid(Vec::new()))),
    }
}

/// The file being resolved.
struct Cx<'a> {
    path: &'a Path,
    text: &'a str,
    units: &'a [Unit],
}

impl Cx<'_> {
    fn line(&self, at: usize) -> Location {
        line_at(self.text, at)
    }

    fn side(&self, raw: RawSide, problems: &mut Problems) -> Option<Side> {
        let Some(colour) = Colour::parse(&raw.colour) else {
            problems.push(
                Problem::new(
                    self.path,
                    Location::File,
                    format!("colour \"{}\" of {} is not a colour", raw.colour, raw.name),
                )
                .with_hint("write colours as #rrggbb, e.g. #b8312f"),
            );
            return None;
        };
        Some(Side {
            id: raw.id,
            name: raw.name,
            names: raw.names,
            colour,
        })
    }

    fn map(&self, raw: RawMap, problems: &mut Problems) -> Option<MapMeta> {
        let as_of = IsoDate::parse(raw.as_of.get_ref());
        if as_of.is_none() {
            problems.push(
                Problem::new(
                    self.path,
                    self.line(raw.as_of.span().start),
                    format!("map.as_of \"{}\" is not a date", raw.as_of.get_ref()),
                )
                .with_hint("write the date the lines describe as YYYY-MM-DD, e.g. 2025-08-15"),
            );
        }
        let mut projection_ok = true;
        if let Some(def) = &raw.projection
            && let Err(e) = crate::projection::Projection::new(def.get_ref())
        {
            projection_ok = false;
            problems.push(
                Problem::new(self.path, self.line(def.span().start), e.to_string())
                    .with_hint("give a PROJ string such as \"+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m\", or leave `projection` out"),
            );
        }
        Some(MapMeta {
            title: raw.title,
            as_of: as_of?,
            credits: raw.credits,
            line_label: raw.line_label,
            projection: projection_ok.then(|| raw.projection.map(Spanned::into_inner))?,
            labels: raw
                .labels
                .into_iter()
                .map(|l| FreeLabel {
                    text: l.text,
                    names: l.names,
                    lon: l.lon,
                    lat: l.lat,
                })
                .collect(),
        })
    }

    fn unit(&self, id: &Spanned<String>, op: &str, problems: &mut Problems) -> Option<UnitIdx> {
        let found = self.units.iter().position(|u| u.id == *id.get_ref());
        if found.is_none() {
            problems.push(unknown_unit(
                self.path,
                self.line(id.span().start),
                format!("unknown unit \"{}\" in {op}", id.get_ref()),
                id.get_ref(),
                self.units,
            ));
        }
        found.map(UnitIdx)
    }

    fn op(&self, op: &OpAsWritten, problems: &mut Problems) -> Op {
        match op {
            OpAsWritten::Units(name, ids) => {
                let units: Vec<UnitIdx> = ids.iter().filter_map(|u| self.unit(u, name, problems)).collect();
                match *name {
                    "handover" => Op::Handover(units),
                    "freeze" => Op::Freeze(units),
                    _ => Op::Withdraw(units),
                }
            }
            OpAsWritten::Set(shares) => {
                let mut out = BTreeMap::new();
                for (unit, share) in shares {
                    let idx = self.unit(unit, "set", problems);
                    let checked = Share::new(*share);
                    if checked.is_none() {
                        problems.push(Problem::new(
                            self.path,
                            self.line(unit.span().start),
                            format!("share {share} for \"{}\" is not between 0 and 1", unit.get_ref()),
                        ));
                    }
                    if let (Some(i), Some(s)) = (idx, checked) {
                        out.insert(i, s);
                    }
                }
                Op::Set(out)
            }
        }
    }

    fn scenarios(&self, raw: Vec<RawScenario>, problems: &mut Problems) -> Vec<Scenario> {
        let mut ids = BTreeSet::new();
        let mut resolved_ops = Vec::new();
        for s in &raw {
            let at = self.line(s.id.span().start);
            if ScenarioId::new(s.id.get_ref()).is_none() {
                let (message, hint) = unsafe_id_problem(s.id.get_ref());
                problems.push(Problem::new(self.path, at.clone(), message).with_hint(hint));
            }
            if !ids.insert(s.id.get_ref().as_str()) {
                problems.push(Problem::new(
                    self.path,
                    at,
                    format!("scenario id \"{}\" is used twice", s.id.get_ref()),
                ));
            }
            let ops: Vec<Op> = s.ops.iter().map(|op| self.op(op, problems)).collect();
            resolved_ops.push(ops);
        }
        self.check_bases(&raw, problems);
        if raw.is_empty() {
            problems.push(
                Problem::new(self.path, Location::File, "the file defines no scenario")
                    .with_hint("add a [[scenario]] table"),
            );
        }
        raw.into_iter()
            .zip(resolved_ops)
            .filter_map(|(s, ops)| {
                Some(Scenario {
                    id: ScenarioId::new(s.id.get_ref())?,
                    title: s.title,
                    description: s.description,
                    sources: s.sources,
                    base: s.base.and_then(|b| ScenarioId::new(b.get_ref())),
                    ops,
                })
            })
            .collect()
    }

    /// Every base names a scenario, and no chain of bases comes back on itself.
    fn check_bases(&self, raw: &[RawScenario], problems: &mut Problems) {
        let get = |id: &str| raw.iter().find(|s| s.id.get_ref() == id);
        for s in raw {
            let Some(base) = &s.base else { continue };
            if get(base.get_ref()).is_none() {
                let known: Vec<(&str, &str)> = raw
                    .iter()
                    .map(|s| (s.id.get_ref().as_str(), s.id.get_ref().as_str()))
                    .collect();
                let mut p = Problem::new(
                    self.path,
                    self.line(base.span().start),
                    format!(
                        "scenario \"{}\" starts from unknown scenario \"{}\"",
                        s.id.get_ref(),
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
            let mut seen = vec![s.id.get_ref().as_str()];
            let mut next = Some(base.get_ref().as_str());
            while let Some(id) = next {
                if seen.contains(&id) {
                    seen.push(id);
                    problems.push(
                        Problem::new(
                            self.path,
                            self.line(base.span().start),
                            format!("scenario bases form a cycle: {}", seen.join(" → ")),
                        )
                        .with_hint("one scenario in the chain must have no base"),
                    );
                    break;
                }
                seen.push(id);
                next = get(id).and_then(|x| x.base.as_ref()).map(|b| b.get_ref().as_str());
            }
        }
    }
}
