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
//!   # ground bounded by a line in a file next to this one:
//!   { op = "line", units = ["UA-14"], file = "line.geojson", point = [37.9, 48.3], action = "handover" },
//! ]
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::locate::unknown_unit;
use super::{read_text, toml_problem};
use crate::error::{Error, Location, Problem, Problems, Result};
use crate::model::{
    Colour, FreeLabel, IsoDate, MAX_SCENARIO_ID, MapMeta, Op, Scenario, ScenarioId, Scenarios, Share, Side, Sides,
    Unit, UnitIdx,
};
#[rustfmt::skip]
use crate::model::{BandSide, Baseline, LineAction, Site, UnitPart, ZoneCategory};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSide {
    #[serde(default)]
    id: Option<String>,
    name: String,
    #[serde(default)]
    names: BTreeMap<String, String>,
    colour: Spanned<String>,
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
    #[serde(default)]
    before: Option<RawBefore>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBefore {
    date: Spanned<String>,
    label: String,
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
    #[serde(default)]
    category: Option<Spanned<String>>,
    #[serde(default)]
    part: Option<String>,
    #[serde(default)]
    km: Option<f64>,
    #[serde(default)]
    side: Option<String>,
    #[serde(default)]
    depth_km: Option<f64>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    names: Option<BTreeMap<String, String>>,
    #[serde(default)]
    lon: Option<f64>,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    file: Option<Spanned<String>>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    point: Option<[f64; 2]>,
}

impl RawOp {
    /// The names of the fields given besides `op`.
    fn given(&self) -> Vec<&'static str> {
        [
            (self.units.is_some(), "units"),
            (self.shares.is_some(), "shares"),
            (self.category.is_some(), "category"),
            (self.part.is_some(), "part"),
            (self.km.is_some(), "km"),
            (self.side.is_some(), "side"),
            (self.depth_km.is_some(), "depth_km"),
            (self.id.is_some(), "id"),
            (self.name.is_some(), "name"),
            (self.names.is_some(), "names"),
            (self.lon.is_some(), "lon"),
            (self.lat.is_some(), "lat"),
            (self.status.is_some(), "status"),
            (self.file.is_some(), "file"),
            (self.action.is_some(), "action"),
            (self.point.is_some(), "point"),
        ]
        .into_iter()
        .filter_map(|(given, name)| given.then_some(name))
        .collect()
    }
}

/// An operation checked for its shape, its ids not yet resolved.
enum OpAsWritten {
    Units(&'static str, Vec<Spanned<String>>),
    Set(BTreeMap<Spanned<String>, f64>),
    Zone {
        category: Spanned<String>,
        units: Vec<Spanned<String>>,
        part: UnitPart,
    },
    Buffer {
        category: Spanned<String>,
        km: f64,
        side: BandSide,
        units: Vec<Spanned<String>>,
    },
    Exchange {
        category: Spanned<String>,
        units: Vec<Spanned<String>>,
        depth_km: f64,
    },
    Site(Site),
    Line {
        units: Vec<Spanned<String>>,
        file: Spanned<String>,
        action: String,
        category: Option<Spanned<String>>,
        point: Option<[f64; 2]>,
    },
}

fn field_list(v: &[&str]) -> String {
    if v.is_empty() { "none".into() } else { v.join(", ") }
}

/// Checks that an op has the fields it needs and no others.
fn fields(r: &RawOp, need: &[&str], may: &[&str]) -> std::result::Result<(), String> {
    let given = r.given();
    let missing: Vec<&str> = need.iter().filter(|n| !given.contains(n)).copied().collect();
    let extra: Vec<&str> = given
        .iter()
        .filter(|g| !need.contains(g) && !may.contains(g))
        .copied()
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let all: Vec<&str> = need.iter().chain(may).copied().collect();
    Err(format!(
        "op \"{}\" takes {} (missing: {}; not allowed here: {})",
        r.op,
        all.join(", "),
        field_list(&missing),
        field_list(&extra)
    ))
}

fn unit_part(p: Option<&str>) -> std::result::Result<UnitPart, String> {
    match p {
        None | Some("whole") => Ok(UnitPart::Whole),
        Some("defender") => Ok(UnitPart::Defender),
        Some("occupier") => Ok(UnitPart::Occupier),
        Some(other) => Err(format!("part \"{other}\" is not whole, defender or occupier")),
    }
}

fn band_side(p: Option<&str>) -> std::result::Result<BandSide, String> {
    match p {
        None | Some("both") => Ok(BandSide::Both),
        Some("defender") => Ok(BandSide::Defender),
        Some("occupier") => Ok(BandSide::Occupier),
        Some(other) => Err(format!("side \"{other}\" is not both, defender or occupier")),
    }
}

/// Longest scenario title or source, in characters.
const MAX_TITLE: usize = 200;
/// Longest scenario description, in characters (about ten lines on a map).
const MAX_DESCRIPTION: usize = 1500;

/// Longest band or pull-back an op may ask for, km.
const MAX_BAND_KM: f64 = 500.0;

fn band_km(name: &str, v: Option<f64>) -> std::result::Result<f64, String> {
    match v {
        Some(v) if v.is_finite() && v > 0.0 && v <= MAX_BAND_KM => Ok(v),
        Some(v) => Err(format!(
            "{name} = {v} must be a number of km above 0 and at most {MAX_BAND_KM}"
        )),
        None => Err(format!("{name} is missing")),
    }
}

fn spanned_or_empty(s: Option<Spanned<String>>) -> Spanned<String> {
    s.unwrap_or_else(|| Spanned::new(0..0, String::new()))
}

/// The op's shape: which fields it needs and which it may take.
fn op_shape(r: RawOp) -> std::result::Result<OpAsWritten, String> {
    let given = r.given();
    match r.op.as_str() {
        "handover" | "freeze" | "withdraw" if given == ["units"] => {
            let name = match r.op.as_str() {
                "handover" => "handover",
                "freeze" => "freeze",
                _ => "withdraw",
            };
            Ok(OpAsWritten::Units(name, r.units.unwrap_or_default()))
        }
        "set" if given == ["shares"] => Ok(OpAsWritten::Set(r.shares.unwrap_or_default())),
        "handover" | "freeze" | "withdraw" => Err(format!("op \"{}\" takes `units = [...]` only", r.op)),
        "set" => Err("op \"set\" takes `shares = { UNIT = SHARE, ... }` only".into()),
        "zone" => {
            fields(&r, &["category", "units"], &["part"])?;
            Ok(OpAsWritten::Zone {
                part: unit_part(r.part.as_deref())?,
                category: spanned_or_empty(r.category),
                units: r.units.unwrap_or_default(),
            })
        }
        "buffer" => {
            fields(&r, &["category", "km"], &["side", "units"])?;
            Ok(OpAsWritten::Buffer {
                km: band_km("km", r.km)?,
                side: band_side(r.side.as_deref())?,
                category: spanned_or_empty(r.category),
                units: r.units.unwrap_or_default(),
            })
        }
        "exchange" => {
            fields(&r, &["category", "units", "depth_km"], &[])?;
            Ok(OpAsWritten::Exchange {
                depth_km: band_km("depth_km", r.depth_km)?,
                category: spanned_or_empty(r.category),
                units: r.units.unwrap_or_default(),
            })
        }
        "site" => {
            fields(&r, &["id", "name", "lon", "lat", "status"], &["names"])?;
            let (lon, lat) = (r.lon.unwrap_or(f64::NAN), r.lat.unwrap_or(f64::NAN));
            if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
                return Err(format!("site lon = {lon}, lat = {lat} is not a place on Earth"));
            }
            Ok(OpAsWritten::Site(Site {
                id: r.id.unwrap_or_default(),
                name: r.name.unwrap_or_default(),
                names: r.names.unwrap_or_default(),
                lon,
                lat,
                status: r.status.unwrap_or_default(),
            }))
        }
        "line" => {
            fields(&r, &["units", "file", "action"], &["point", "category"])?;
            let action = r.action.unwrap_or_default();
            match (action.as_str(), r.category.is_some()) {
                ("zone", false) => return Err("op \"line\" with action = \"zone\" needs a category".into()),
                ("handover" | "withdraw", true) => {
                    return Err(format!(
                        "op \"line\" takes a category with action = \"zone\" only, not \"{action}\""
                    ));
                }
                ("zone" | "handover" | "withdraw", _) => {}
                _ => return Err(format!("action \"{action}\" is not handover, withdraw or zone")),
            }
            Ok(OpAsWritten::Line {
                units: r.units.unwrap_or_default(),
                file: spanned_or_empty(r.file),
                action,
                category: r.category,
                point: r.point,
            })
        }
        other => Err(format!(
            "unknown op \"{other}\"; use handover, freeze, withdraw, set, zone, buffer, exchange, site or line"
        )),
    }
}

fn ops<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<OpAsWritten>, D::Error> {
    use serde::de::Error as _;
    let raw: Vec<RawOp> = Vec::deserialize(d)?;
    raw.into_iter().map(|r| op_shape(r).map_err(D::Error::custom)).collect()
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
struct RawCategory {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    names: BTreeMap<String, String>,
    fill: String,
    outline: String,
    legend: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    map: RawMap,
    sides: RawSides,
    #[serde(default, rename = "category")]
    categories: Vec<RawCategory>,
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
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let cx = Cx {
        path,
        line_starts: &line_starts,
        units,
        categories: &[],
    };
    let defender_at = cx.line(raw.sides.defender.colour.span().start);
    let occupier = cx.side(raw.sides.occupier, &mut problems);
    let defender = cx.side(raw.sides.defender, &mut problems);
    if let (Some(o), Some(d)) = (&occupier, &defender)
        && o.colour.distance(d.colour) < SIDES_APART
    {
        // Held ground is painted in one colour over the other: alike, the
        // map would show no line at all.
        problems.push(
            Problem::new(
                cx.path,
                defender_at,
                format!(
                    "the two sides' colours, {} for {} and {} for {}, are too alike to tell apart on the map",
                    o.colour, o.name, d.colour, d.name
                ),
            )
            .with_hint(
                "give the sides clearly different colours, e.g. #b8312f for the occupier and #f6efd9 for the defender",
            ),
        );
    }
    let map = cx.map(raw.map, &mut problems);
    let categories = cx.categories(raw.categories, &mut problems);
    let cx = Cx {
        categories: &categories,
        ..cx
    };
    let scenarios = cx.scenarios(raw.scenarios, &mut problems);
    match (occupier, defender, map) {
        (Some(occupier), Some(defender), Some(map)) => {
            problems.into_result(Scenarios::new(map, Sides { occupier, defender }, scenarios, categories))
        }
        // A side or the map could not be read, so a problem was recorded.
        _ => Err(problems.into_result(()).err().unwrap_or(Error::Invalid(Vec::new()))),
    }
}

/// The least distance in Oklab ([`Colour::distance`]) between the two
/// sides' colours: below it, held and free ground look the same (about
/// twice the least difference seen side by side; #b8312f against #d6604d,
/// two reds a map could use for two shades, are 0.11 apart).
const SIDES_APART: f32 = 0.05;

/// The file being resolved.
struct Cx<'a> {
    path: &'a Path,
    /// Byte offset of every line's start, for line numbers in messages.
    line_starts: &'a [usize],
    units: &'a [Unit],
    categories: &'a [ZoneCategory],
}

impl Cx<'_> {
    fn line(&self, at: usize) -> Location {
        Location::Line(self.line_starts.partition_point(|&start| start <= at))
    }

    fn side(&self, raw: RawSide, problems: &mut Problems) -> Option<Side> {
        let Some(colour) = Colour::parse(raw.colour.get_ref()) else {
            problems.push(
                Problem::new(
                    self.path,
                    self.line(raw.colour.span().start),
                    format!("colour \"{}\" of {} is not a colour", raw.colour.get_ref(), raw.name),
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
        let before = match &raw.before {
            None => None,
            Some(b) => match IsoDate::parse(b.date.get_ref()) {
                Some(date) => Some(Baseline {
                    date,
                    label: b.label.clone(),
                }),
                None => {
                    problems.push(
                        Problem::new(
                            self.path,
                            self.line(b.date.span().start),
                            format!("map.before.date \"{}\" is not a date", b.date.get_ref()),
                        )
                        .with_hint("write the snapshot's date as YYYY-MM-DD, e.g. 2022-02-23"),
                    );
                    return None;
                }
            },
        };
        Some(MapMeta {
            before,
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

    fn categories(&self, raw: Vec<RawCategory>, problems: &mut Problems) -> Vec<ZoneCategory> {
        const BUILT_IN: [&str; 4] = ["held", "handover", "returned", "defender"];
        let mut out: Vec<ZoneCategory> = Vec::new();
        for c in raw {
            let at = self.line(c.id.span().start);
            let id = c.id.into_inner();
            let (fill, outline) = (Colour::parse(&c.fill), Colour::parse(&c.outline));
            let problem = if ScenarioId::new(&id).is_none() {
                Some(format!(
                    "category id \"{id}\" is not made of letters, digits, '-' and '_'"
                ))
            } else if BUILT_IN.contains(&id.as_str()) || out.iter().any(|o| o.id == id) {
                Some(format!(
                    "category \"{id}\" is declared twice (held, handover, returned and defender are built in)"
                ))
            } else if fill.is_none() || outline.is_none() {
                Some(format!(
                    "category \"{id}\": fill and outline must be colours like #b8312f"
                ))
            } else {
                None
            };
            match (problem, fill, outline) {
                (None, Some(fill), Some(outline)) => out.push(ZoneCategory {
                    id,
                    label: c.label,
                    names: c.names,
                    fill,
                    outline,
                    legend: c.legend,
                }),
                (Some(p), _, _) => problems.push(Problem::new(self.path, at, p)),
                _ => {}
            }
        }
        out
    }

    fn category(&self, id: &Spanned<String>, op: &str, problems: &mut Problems) -> Option<usize> {
        let found = self.categories.iter().position(|c| c.id == *id.get_ref());
        if found.is_none() {
            let known: Vec<(&str, &str)> = self
                .categories
                .iter()
                .map(|c| (c.id.as_str(), c.label.as_str()))
                .collect();
            let p = Problem::new(
                self.path,
                self.line(id.span().start),
                format!("{op}: category \"{}\" is not declared", id.get_ref()),
            );
            problems.push(match crate::error::suggest(id.get_ref(), known) {
                Some(h) => p.with_hint(h),
                None => p.with_hint("declare it in a [[category]] table with id, label, fill, outline and legend"),
            });
        }
        found
    }

    fn units(&self, ids: &[Spanned<String>], op: &str, problems: &mut Problems) -> Vec<UnitIdx> {
        ids.iter().filter_map(|u| self.unit(u, op, problems)).collect()
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
            OpAsWritten::Zone { category, units, part } => Op::Zone {
                category: self.category(category, "zone", problems).unwrap_or(0),
                units: self.units(units, "zone", problems),
                part: *part,
            },
            OpAsWritten::Buffer {
                category,
                km,
                side,
                units,
            } => Op::Buffer {
                category: self.category(category, "buffer", problems).unwrap_or(0),
                km: *km,
                side: *side,
                units: self.units(units, "buffer", problems),
            },
            OpAsWritten::Exchange {
                category,
                units,
                depth_km,
            } => Op::Exchange {
                category: self.category(category, "exchange", problems).unwrap_or(0),
                units: self.units(units, "exchange", problems),
                depth_km: *depth_km,
            },
            OpAsWritten::Site(site) => {
                self.check_site(site, problems);
                Op::Site(site.clone())
            }
            OpAsWritten::Set(shares) => Op::Set(self.shares(shares, problems)),
            OpAsWritten::Line {
                units,
                file,
                action,
                category,
                point,
            } => {
                let action = match (action.as_str(), category) {
                    ("handover", _) => LineAction::Handover,
                    ("withdraw", _) => LineAction::Withdraw,
                    (_, Some(c)) => LineAction::Zone(self.category(c, "line", problems).unwrap_or(0)),
                    (_, None) => LineAction::Zone(0),
                };
                let units = self.units(units, "line", problems);
                let ground = super::user_line::ground(
                    self.path,
                    self.line(file.span().start),
                    file.get_ref(),
                    &units,
                    self.units,
                    *point,
                    problems,
                );
                Op::Line { action, ground }
            }
        }
    }

    /// The shares of a `set`, each a unit of the dataset and a share in 0..=1.
    fn shares(&self, shares: &BTreeMap<Spanned<String>, f64>, problems: &mut Problems) -> BTreeMap<UnitIdx, Share> {
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
        out
    }

    /// A site must lie in the country.
    fn check_site(&self, site: &Site, problems: &mut Problems) {
        if !self
            .units
            .iter()
            .any(|u| crate::geometry::contains_lonlat(&u.geometry, site.lon, site.lat))
        {
            problems.push(
                Problem::new(
                    self.path,
                    Location::File,
                    format!(
                        "site \"{}\" at {}, {} lies outside the country",
                        site.id, site.lon, site.lat
                    ),
                )
                .with_hint("give lon and lat in degrees, longitude first"),
            );
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
            self.check_lengths(s, problems);
            let ops: Vec<Op> = s.ops.iter().map(|op| self.op(op, problems)).collect();
            self.check_contradictions(s, &ops, problems);
            resolved_ops.push(ops);
        }
        for s in &raw {
            let id = s.id.get_ref();
            if let Some(other) = id.strip_suffix("-compare")
                && ids.contains(other)
            {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!("scenario id \"{id}\" would overwrite the comparison figure of \"{other}\" ({id}.svg)"),
                    )
                    .with_hint("choose an id that does not end in -compare"),
                );
            }
            // The figures `render` writes beside the scenarios' maps.
            let figure = match id.as_str() {
                "small-multiples" => Some("the small multiples of --small-multiples (small-multiples.svg)"),
                "animation" => Some("the animation of --animate (animation.png)"),
                _ => None,
            };
            if let Some(figure) = figure {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!("scenario id \"{id}\" would overwrite {figure}"),
                    )
                    .with_hint("choose another id"),
                );
            }
            // A scenario drawn on another snapshot (`--as-of`) is written
            // as ID-DATE; `--compare-with A,B` writes A-vs-B.
            let dated = id
                .len()
                .checked_sub(11)
                .filter(|&at| id.is_char_boundary(at) && id.as_bytes()[at] == b'-')
                .filter(|&at| crate::model::IsoDate::parse(&id[at + 1..]).is_some())
                .map(|at| &id[..at])
                .filter(|other| ids.contains(other));
            if let Some(other) = dated {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!(
                            "scenario id \"{id}\" would overwrite the map of \"{other}\" drawn with --as-of {} ({id}.svg)",
                            &id[other.len() + 1..]
                        ),
                    )
                    .with_hint("choose an id that is not another scenario's id followed by a date"),
                );
            }
            if id.contains("-vs-") && id.split("-vs-").all(|part| ids.contains(part)) {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!(
                            "scenario id \"{id}\" would overwrite the figure of render --compare-with {} ({id}.svg)",
                            id.replace("-vs-", ",")
                        ),
                    )
                    .with_hint("choose an id without -vs- between other scenarios' ids"),
                );
            }
            // `render --change FROM,TO` writes change-FROM-TO.svg.
            if let Some(dates) = id.strip_prefix("change-")
                && dates.len() == 21
                && dates.is_char_boundary(10)
                && dates.is_char_boundary(11)
                && crate::model::IsoDate::parse(&dates[..10]).is_some()
                && &dates[10..11] == "-"
                && crate::model::IsoDate::parse(&dates[11..]).is_some()
            {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!("scenario id \"{id}\" would overwrite the change map of render --change ({id}.svg)"),
                    )
                    .with_hint("choose an id that is not change- followed by two dates"),
                );
            }
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

    /// Titles, descriptions and sources within the lengths a map can show
    /// (a megabyte-long title would take minutes to lay out), and made of
    /// characters SVG can carry.
    fn check_lengths(&self, s: &RawScenario, problems: &mut Problems) {
        let fields = [
            ("title", &s.title, MAX_TITLE),
            ("description", &s.description, MAX_DESCRIPTION),
        ];
        let sources = s.sources.iter().map(|src| ("source", src, MAX_TITLE));
        for (what, text, max) in fields.into_iter().chain(sources) {
            if let Some(c) = crate::sanitize::first_not_xml(text) {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!(
                            "scenario \"{}\": the {what} holds {c}, a character SVG and HTML cannot carry",
                            s.id.get_ref()
                        ),
                    )
                    .with_hint(format!(
                        "remove it from the {what} (it is often left by a broken copy and paste)"
                    )),
                );
            }
            let n = text.chars().count();
            if n > max {
                problems.push(
                    Problem::new(
                        self.path,
                        self.line(s.id.span().start),
                        format!(
                            "scenario \"{}\": the {what} is {n} characters long; at most {max} fit on a map",
                            s.id.get_ref()
                        ),
                    )
                    .with_hint(format!("shorten the {what}")),
                );
            }
        }
    }

    /// Within one scenario, a unit is changed by at most one of handover,
    /// withdraw and set, and is not both frozen and changed: the file would
    /// otherwise say two things and the last would win silently.
    fn check_contradictions(&self, s: &RawScenario, ops: &[Op], problems: &mut Problems) {
        let mut seen: BTreeMap<UnitIdx, &'static str> = BTreeMap::new();
        for op in ops {
            let units: Vec<UnitIdx> = match op {
                Op::Handover(u) | Op::Withdraw(u) | Op::Freeze(u) => u.clone(),
                Op::Set(shares) => shares.keys().copied().collect(),
                _ => continue,
            };
            for u in units {
                if let Some(first) = seen.insert(u, op.name()) {
                    let unit = &self.units[u.get()];
                    let (what, hint) = if first == op.name() {
                        (
                            format!("names unit {} ({}) twice in {first}", unit.id, unit.name),
                            "name each unit once",
                        )
                    } else {
                        (
                            format!(
                                "unit {} ({}) is both in {first} and in {}",
                                unit.id,
                                unit.name,
                                op.name()
                            ),
                            "keep one of the two ops for the unit, or put the second in a scenario with `base`",
                        )
                    };
                    problems.push(
                        Problem::new(
                            self.path,
                            self.line(s.id.span().start),
                            format!("scenario \"{}\": {what}", s.id.get_ref()),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
    }

    /// Every base names a scenario, and no chain of bases comes back on itself.
    fn check_bases(&self, raw: &[RawScenario], problems: &mut Problems) {
        let index: std::collections::HashMap<&str, usize> = raw
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.id.get_ref().as_str(), i))
            .collect();
        let get = |id: &str| index.get(id).map(|&i| &raw[i]);
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
        }
        self.check_cycles(raw, &index, problems);
    }

    /// Reports each cycle of bases once, at the base of its first scenario in
    /// file order, in time linear in the number of scenarios.
    fn check_cycles(
        &self,
        raw: &[RawScenario],
        index: &std::collections::HashMap<&str, usize>,
        problems: &mut Problems,
    ) {
        let next = |i: usize| {
            raw[i]
                .base
                .as_ref()
                .and_then(|b| index.get(b.get_ref().as_str()).copied())
        };
        // 0: not seen, 1: on the walk being followed, 2: done.
        let mut state = vec![0u8; raw.len()];
        for start in 0..raw.len() {
            let mut walk = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    2 => break,
                    1 => {
                        let cycle = &walk[walk.iter().position(|&w| w == i).unwrap_or(0)..];
                        let first = cycle.iter().copied().min().unwrap_or(i);
                        let mut names = vec![raw[first].id.get_ref().as_str()];
                        let mut k = next(first);
                        while let Some(j) = k {
                            names.push(raw[j].id.get_ref().as_str());
                            if j == first {
                                break;
                            }
                            k = next(j);
                        }
                        let line = raw[first]
                            .base
                            .as_ref()
                            .map_or(Location::File, |b| self.line(b.span().start));
                        problems.push(
                            Problem::new(
                                self.path,
                                line,
                                format!("scenario bases form a cycle: {}", names.join(" → ")),
                            )
                            .with_hint("one scenario in the chain must have no base"),
                        );
                        break;
                    }
                    _ => {
                        state[i] = 1;
                        walk.push(i);
                        at = next(i);
                    }
                }
            }
            for w in walk {
                state[w] = 2;
            }
        }
    }
}
