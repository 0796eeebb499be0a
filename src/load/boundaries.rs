//! Unit boundaries (`units.geojson`): one feature per unit with an id, a
//! name, names in other languages (`name_<lang>`) and an optional official area.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::crosswalk::{self, IdMap};
use super::geojson::{PolygonFeature, id_text, polygon_features};
use super::read_text;
use crate::error::{Location, Problem, Problems, Result};
use crate::geometry;
use crate::model::Unit;

/// Property holding the official area in km².
pub const AREA_OFFICIAL: &str = "area_official_km2";

/// How far a unit's official area may lie from the area measured on its
/// polygons, as a factor either way: boundaries at map scale differ from
/// the official figure by a few per cent (a city on coarse boundaries by
/// up to twice), a wrong unit or a wrong number
/// (hectares, m², 1e308) by far more.
pub const OFFICIAL_AREA_FACTOR: f64 = 10.0;

/// A problem when `official` is more than [`OFFICIAL_AREA_FACTOR`] times
/// the measured area, or less than its share by that factor.
fn implausible_official(path: &Path, at: &Location, measured: f64, official: Option<f64>) -> Option<Problem> {
    let official = official?;
    let ratio = official / measured;
    if (1.0 / OFFICIAL_AREA_FACTOR..=OFFICIAL_AREA_FACTOR).contains(&ratio) {
        return None;
    }
    let official = if (1.0..1e9).contains(&official) {
        format!("{official:.0}")
    } else {
        format!("{official:e}")
    };
    Some(
        Problem::new(
            path,
            at.clone(),
            format!(
                "\"{AREA_OFFICIAL}\" is {official} km², but the unit's polygons measure {measured:.0} km²; the two may differ by at most a factor of {OFFICIAL_AREA_FACTOR}"
            ),
        )
        .with_hint(format!("give the official area in km² (or drop \"{AREA_OFFICIAL}\" to use the measured area)")),
    )
}

/// How to read a boundaries file: which properties hold ids and names,
/// and, for boundaries from elsewhere, the crosswalk to the dataset's units.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Property holding each unit's id (else the Feature's own `id`).
    pub id_property: &'a str,
    /// Property holding each unit's name.
    pub name_property: &'a str,
    /// Their id (or name) → the dataset's unit id, with the map's path.
    pub id_map: Option<(&'a Path, &'a IdMap)>,
    /// Match features to the reference units by name.
    pub match_names: bool,
    /// The dataset's own units, when the boundaries come from elsewhere:
    /// their ids, names and official areas are kept.
    pub reference: Option<&'a [Unit]>,
    /// Property holding each unit's official area in km²
    /// ([`AREA_OFFICIAL`] unless `--area-property` names another).
    pub area_property: &'a str,
}

impl<'a> Options<'a> {
    /// Ids and names from these properties, no crosswalk, no reference.
    pub fn plain(id_property: &'a str, name_property: &'a str) -> Self {
        Options {
            id_property,
            name_property,
            id_map: None,
            match_names: false,
            reference: None,
            area_property: AREA_OFFICIAL,
        }
    }

    fn crosswalk(&self) -> bool {
        self.id_map.is_some() || self.match_names
    }
}

/// Loads the units of a boundaries file; `id_property` and `name_property`
/// name the properties that hold each unit's id and name (`id` and `name`
/// in claimsmap's own datasets).
///
/// Returns the units and a warning for every kind of repair made on reading.
pub fn load(path: &Path, id_property: &str, name_property: &str) -> Result<(Vec<Unit>, Vec<Problem>)> {
    load_with(path, &Options::plain(id_property, name_property))
}

/// A feature read, before it becomes a unit.
struct Raw {
    feature: PolygonFeature,
    /// The file's own id: the id property, else the Feature's `id` member.
    their_id: Option<String>,
    /// The name property.
    name: Option<String>,
}

impl Raw {
    fn at(&self, id: Option<&str>) -> Location {
        Location::Feature {
            index: self.feature.index,
            id: id.or(self.their_id.as_deref()).map(str::to_string),
        }
    }
}

/// Loads the units of a boundaries file read as `options` say.
pub fn load_with(path: &Path, options: &Options<'_>) -> Result<(Vec<Unit>, Vec<Problem>)> {
    let text = read_text(path)?;
    let features = polygon_features(path, &text, options.id_property)?;
    let raws: Vec<Raw> = features
        .into_iter()
        .map(|feature| {
            let their_id = feature
                .properties
                .get(options.id_property)
                .and_then(id_text)
                .or_else(|| feature.member_id.clone())
                .filter(|s| !s.trim().is_empty());
            let name = feature
                .properties
                .get(options.name_property)
                .and_then(Value::as_str)
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty());
            Raw {
                feature,
                their_id,
                name,
            }
        })
        .collect();
    let mut problems = Problems::new();
    let mut warnings = Vec::new();
    if let Some(reference) = options.reference
        && let Some(p) = swapped_axes(path, &raws, reference)
    {
        return Err(crate::Error::problem(p));
    }
    let ids = if options.crosswalk() {
        crosswalk(path, &raws, options, &mut problems, &mut warnings)
    } else {
        let ids = own_ids(path, &raws, options, &mut problems);
        if let Some(reference) = options.reference
            && let Some(p) = id_summary(path, &ids, reference)
        {
            if ids.iter().flatten().all(|id| !reference.iter().any(|u| u.id == *id)) {
                return Err(crate::Error::problem(p));
            }
            warnings.push(p);
        }
        ids
    };
    let area_property = options.area_property;
    if area_property != AREA_OFFICIAL && !raws.iter().any(|r| r.feature.properties.contains_key(area_property)) {
        let keys: BTreeSet<&str> = raws
            .iter()
            .flat_map(|r| r.feature.properties.keys().map(String::as_str))
            .collect();
        let keys: Vec<&str> = keys.into_iter().collect();
        let hint = crate::error::suggest(area_property, keys.iter().map(|k| (*k, *k)))
            .map(|h| format!("{h} (properties present: {})", keys.join(", ")))
            .unwrap_or_else(|| format!("properties present: {}", keys.join(", ")));
        return Err(crate::Error::problem(
            Problem::new(
                path,
                Location::File,
                format!("--area-property {area_property}: no feature has this property"),
            )
            .with_hint(hint),
        ));
    }
    let mut repairs: Vec<(Location, String)> = Vec::new();
    let mut units: Vec<Unit> = Vec::with_capacity(raws.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (raw, id) in raws.into_iter().zip(ids) {
        let Some(id) = id else { continue };
        let at = raw.at(Some(&id));
        for repair in &raw.feature.repairs {
            repairs.push((at.clone(), repair.clone()));
        }
        if let Some(first) = seen.get(&id) {
            let p = if options.crosswalk() {
                let name = options
                    .reference
                    .and_then(|r| r.iter().find(|u| u.id == id))
                    .map_or("", |u| &u.name);
                Problem::new(
                    path,
                    at,
                    format!("the feature matches unit \"{id}\" ({name}), as feature {first} does"),
                )
                .with_hint("give each unit one feature: merge the two first, or map one of them elsewhere in --id-map")
            } else {
                Problem::new(path, at, format!("duplicate unit id \"{id}\"")).with_hint("every unit needs its own id")
            };
            problems.push(p);
            continue;
        }
        seen.insert(id.clone(), raw.feature.index);
        let reference = options.reference.and_then(|r| r.iter().find(|u| u.id == id));
        let own_names: BTreeMap<String, String> = raw
            .feature
            .properties
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("name_")?.to_string(), v.as_str()?.to_string())))
            .collect();
        // With a crosswalk the feature *is* the dataset's unit: its names
        // are the dataset's; otherwise the file's names come first.
        let (name, names) = match reference {
            Some(r) if options.crosswalk() => {
                let mut names = r.names.clone();
                for (k, v) in own_names {
                    names.entry(k).or_insert(v);
                }
                (r.name.clone(), names)
            }
            _ => {
                let mut names = own_names;
                if let Some(r) = reference {
                    for (k, v) in &r.names {
                        names.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                let name = raw
                    .name
                    .clone()
                    .or_else(|| reference.map(|r| r.name.clone()))
                    .unwrap_or_else(|| id.clone());
                (name, names)
            }
        };
        let area_official_km2 = match raw.feature.properties.get(area_property) {
            None | Some(Value::Null) => reference.and_then(|r| r.area_official_km2),
            // Exports from spreadsheets often write numbers as text ("28461").
            Some(v) => match v
                .as_f64()
                .or_else(|| v.as_str().and_then(|t| t.trim().parse::<f64>().ok()))
                .filter(|a| a.is_finite() && *a > 0.0)
            {
                Some(a) => Some(a),
                None => {
                    problems.push(
                        Problem::new(
                            path,
                            at,
                            format!("\"{area_property}\" must be a positive number of km², found {v}"),
                        )
                        .with_hint("write the official area as a number of km² (digits and a decimal point, no thousands separator)"),
                    );
                    continue;
                }
            },
        };
        let area_km2 = geometry::area_km2(&raw.feature.geometry);
        if area_km2 <= 0.0 {
            problems
                .push(Problem::new(path, at, "the unit's polygons have zero area").with_hint("check the coordinates"));
            continue;
        }
        if let Some(p) = implausible_official(path, &at, area_km2, area_official_km2) {
            problems.push(p);
            continue;
        }
        if let Some(p) = std::iter::once(("name", &name))
            .chain(names.iter().map(|(k, v)| (k.as_str(), v)))
            .find_map(|(k, v)| Some((k, crate::sanitize::first_noncharacter(v)?)))
            .map(|(k, c)| {
                let what = if k == "name" {
                    "name".to_string()
                } else {
                    format!("name_{k}")
                };
                Problem::new(
                    path,
                    at.clone(),
                    format!("the {what} holds {c}, a character SVG and HTML cannot carry"),
                )
                .with_hint(format!("remove it from the {what}"))
            })
        {
            problems.push(p);
            continue;
        }
        units.push(Unit {
            id,
            name,
            names,
            area_official_km2,
            geometry: raw.feature.geometry,
            area_km2,
        });
    }
    warnings.splice(0..0, super::locate::grouped(path, repairs, "features"));
    if options.reference.is_some() && !units.is_empty() {
        let without = units.iter().filter(|u| u.area_official_km2.is_none()).count();
        if without > 0 {
            warnings.push(Problem::new(
                path,
                Location::File,
                format!(
                    "{without} of {} units have no official area ({area_property}) in this file or the dataset's units.geojson: stats use their areas measured on this file",
                    units.len()
                ),
            ).with_hint("name the file's property of official km² with --area-property NAME, or add area_official_km2 to the dataset's units.geojson"));
        }
    }
    if units.is_empty() && problems.is_empty() {
        problems.push(
            Problem::new(path, Location::File, "the file holds no units")
                .with_hint("a country needs at least one unit"),
        );
    }
    problems.into_result((units, warnings))
}

/// Each feature's id from the file itself; features without one are
/// problems, one per feature, or one with a count when there are several.
fn own_ids(path: &Path, raws: &[Raw], options: &Options<'_>, problems: &mut Problems) -> Vec<Option<String>> {
    let missing: Vec<&Raw> = raws.iter().filter(|r| r.their_id.is_none()).collect();
    if let Some(first) = missing.first() {
        let keys: Vec<&str> = first.feature.properties.keys().map(String::as_str).collect();
        let mut hint = format!(
            "properties present: {}; choose the id property with --id-property",
            list_or_none(&keys)
        );
        if options.reference.is_some() {
            hint.push_str(", or match the features to the dataset's units with --match-names or --id-map");
        }
        let id_property = options.id_property;
        let p = if missing.len() == 1 {
            Problem::new(
                path,
                first.at(None),
                format!("the feature has no \"{id_property}\" property"),
            )
        } else {
            let shown: Vec<String> = missing.iter().take(3).map(|r| describe(r)).collect();
            let more = if missing.len() > 3 { ", …" } else { "" };
            Problem::new(
                path,
                Location::File,
                format!(
                    "{} features have no \"{id_property}\" property ({}{more})",
                    missing.len(),
                    shown.join(", ")
                ),
            )
        };
        problems.push(p.with_hint(hint));
    }
    raws.iter().map(|r| r.their_id.clone()).collect()
}

/// "feature 3 (Kiev)": a feature named in a list.
fn describe(raw: &Raw) -> String {
    match &raw.name {
        Some(n) => format!("feature {} ({n})", raw.feature.index),
        None => format!("feature {}", raw.feature.index),
    }
}

/// The summary of how the file's own ids meet the dataset's, when they do
/// not all: `None` when every id is one of the dataset's.
fn id_summary(path: &Path, ids: &[Option<String>], reference: &[Unit]) -> Option<Problem> {
    let present: Vec<&String> = ids.iter().flatten().collect();
    let foreign: Vec<&String> = present
        .iter()
        .copied()
        .filter(|id| !reference.iter().any(|u| u.id == **id))
        .collect();
    if foreign.is_empty() || present.is_empty() {
        return None;
    }
    let like = reference
        .iter()
        .map(|u| u.id.as_str())
        .nth(reference.len() / 2)
        .unwrap_or("");
    let matching = present.len() - foreign.len();
    Some(if matching == 0 {
        Problem::new(
            path,
            Location::File,
            format!(
                "0 of {} ids match; this dataset uses ids like {like}: try --match-names or --id-map",
                present.len()
            ),
        )
    } else {
        let shown: Vec<&str> = foreign.iter().take(5).map(|s| s.as_str()).collect();
        let more = if foreign.len() > 5 { ", …" } else { "" };
        Problem::new(
            path,
            Location::File,
            format!(
                "{matching} of {} ids match; not the dataset's: {}{more}; this dataset uses ids like {like}",
                present.len(),
                shown.join(", ")
            ),
        )
    })
}

/// Each feature's unit id through the id map and by name; every feature
/// left unmatched is a problem with a did-you-mean, after one summary line.
fn crosswalk(
    path: &Path,
    raws: &[Raw],
    options: &Options<'_>,
    problems: &mut Problems,
    warnings: &mut Vec<Problem>,
) -> Vec<Option<String>> {
    let reference = options.reference.unwrap_or(&[]);
    let mut ids: Vec<Option<String>> = vec![None; raws.len()];
    if let Some((_, map)) = options.id_map {
        for (raw, id) in raws.iter().zip(ids.iter_mut()) {
            let key = raw
                .their_id
                .as_ref()
                .filter(|k| map.contains_key(*k))
                .or(raw.name.as_ref());
            *id = key.and_then(|k| map.get(k)).map(|(ours, _)| ours.clone());
        }
    }
    if options.match_names {
        let free: Vec<usize> = (0..reference.len())
            .filter(|u| !ids.iter().flatten().any(|id| *id == reference[*u].id))
            .collect();
        let names: Vec<Option<&str>> = raws
            .iter()
            .zip(&ids)
            .map(|(r, id)| if id.is_some() { None } else { r.name.as_deref() })
            .collect();
        let unit_names: Vec<Vec<&str>> = free
            .iter()
            .map(|&u| {
                let r = &reference[u];
                std::iter::once(r.name.as_str())
                    .chain(r.names.values().map(String::as_str))
                    .collect()
            })
            .collect();
        for (f, m) in crosswalk::match_names(&names, &unit_names).into_iter().enumerate() {
            if let Some(m) = m {
                ids[f] = Some(reference[free[m]].id.clone());
            }
        }
    }
    let matched = ids.iter().flatten().count();
    let how = match (options.id_map.is_some(), options.match_names) {
        (true, true) => "through the id map and by name",
        (true, false) => "through the id map",
        _ => "by name",
    };
    let mut summary = format!("matched {matched} of {} features {how}", raws.len());
    let left: Vec<&Unit> = reference
        .iter()
        .filter(|u| !ids.iter().flatten().any(|id| *id == u.id))
        .collect();
    if !left.is_empty() {
        let shown: Vec<String> = left.iter().take(5).map(|u| format!("{} ({})", u.id, u.name)).collect();
        let more = if left.len() > 5 { ", …" } else { "" };
        summary.push_str(&format!("; no feature for {}{more}", shown.join(", ")));
    } else {
        summary.push_str(&format!(
            "; every one of the dataset's {} units has its feature",
            reference.len()
        ));
    }
    let mut unmatched: Vec<Problem> = Vec::new();
    let mut nameless: Vec<&Raw> = Vec::new();
    for (raw, _) in raws.iter().zip(&ids).filter(|(_, id)| id.is_none()) {
        match unmatched_feature(path, raw, options, &left) {
            Some(p) => unmatched.push(p),
            None => nameless.push(raw),
        }
    }
    if let Some(first) = nameless.first() {
        // Features with nothing to match by: one problem, with a count when many.
        let keys: Vec<&str> = first.feature.properties.keys().map(String::as_str).collect();
        let (id_property, name_property) = (options.id_property, options.name_property);
        let (what, hint) = if options.match_names {
            (
                format!("no \"{name_property}\" property to match by name"),
                format!(
                    "properties present: {}; choose the name property with --name-property",
                    list_or_none(&keys)
                ),
            )
        } else {
            (
                format!("no \"{id_property}\" property or Feature id to look up in the id map"),
                format!(
                    "properties present: {}; choose the id property with --id-property",
                    list_or_none(&keys)
                ),
            )
        };
        let p = if nameless.len() == 1 {
            Problem::new(path, first.at(None), format!("the feature has {what}"))
        } else {
            let shown: Vec<String> = nameless
                .iter()
                .take(3)
                .map(|r| format!("{}", r.feature.index))
                .collect();
            let more = if nameless.len() > 3 { ", …" } else { "" };
            Problem::new(
                path,
                Location::File,
                format!(
                    "{} features have {what} (features {}{more})",
                    nameless.len(),
                    shown.join(", ")
                ),
            )
        };
        unmatched.insert(0, p.with_hint(hint));
    }
    let summary = Problem::new(path, Location::File, summary);
    if unmatched.is_empty() {
        warnings.push(summary);
    } else {
        problems.push(summary);
        unmatched.into_iter().for_each(|p| problems.push(p));
    }
    ids
}

/// The problem for a feature no crosswalk matched, with the unit its name
/// comes closest to and the id-map row that would match it; `None` when
/// the feature has nothing to match by (no name, or no id for the id map).
fn unmatched_feature(path: &Path, raw: &Raw, options: &Options<'_>, free: &[&Unit]) -> Option<Problem> {
    let message = match (&raw.name, &raw.their_id, options.match_names) {
        (Some(name), _, true) => format!("no unit of the dataset is named \"{name}\""),
        (_, Some(id), false) => format!("id \"{id}\" is not in the id map"),
        (Some(name), None, false) => format!("neither an id nor the name \"{name}\" is in the id map"),
        _ => return None,
    };
    let key = raw.their_id.as_ref().or(raw.name.as_ref())?;
    let closest = raw.name.as_deref().and_then(|name| {
        let candidates: Vec<(usize, Vec<&str>)> = free
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let names = std::iter::once(u.name.as_str()).chain(u.names.values().map(String::as_str));
                (i, names.collect())
            })
            .collect();
        crosswalk::closest(name, &candidates).map(|i| free[i])
    });
    let hint = match closest {
        Some(u) => format!(
            "did you mean \"{}\" ({})? if so, add the row `{key},{}` to an --id-map file",
            u.id, u.name, u.id
        ),
        None => format!("if it is one of the dataset's units, add the row `{key},ID` to an --id-map file"),
    };
    Some(Problem::new(path, raw.at(None), message).with_hint(hint))
}

/// The one problem for boundaries written [lat, lon]: every x within ±90,
/// the file off the dataset's own units, and on them once swapped.
fn swapped_axes(path: &Path, raws: &[Raw], reference: &[Unit]) -> Option<Problem> {
    use geo::{BoundingRect, CoordsIter};
    let file = bbox(raws.iter().filter_map(|r| r.feature.geometry.bounding_rect()))?;
    let ours = bbox(reference.iter().filter_map(|u| u.geometry.bounding_rect()))?;
    let all_small = raws
        .iter()
        .all(|r| r.feature.geometry.coords_iter().all(|c| c.x.abs() <= 90.0));
    let swapped = [file[1], file[0], file[3], file[2]];
    (all_small && overlap(&file, &ours) < 0.5 && overlap(&swapped, &ours) >= 0.5).then(|| {
        Problem::new(
            path,
            Location::File,
            "the coordinates look like [lat, lon] (read the other way round, they cover the dataset's units)",
        )
        .with_hint("GeoJSON and places.csv take longitude first")
    })
}

/// The box around boxes: [min x, min y, max x, max y].
fn bbox(rects: impl Iterator<Item = geo::Rect<f64>>) -> Option<[f64; 4]> {
    rects.fold(None, |acc, r| {
        let (lo, hi) = (r.min(), r.max());
        Some(match acc {
            None => [lo.x, lo.y, hi.x, hi.y],
            Some([a, b, c, d]) => [a.min(lo.x), b.min(lo.y), c.max(hi.x), d.max(hi.y)],
        })
    })
}

/// How much of the smaller box the two share, 0..=1.
fn overlap(a: &[f64; 4], b: &[f64; 4]) -> f64 {
    let w = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let h = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let area = |r: &[f64; 4]| ((r[2] - r[0]) * (r[3] - r[1])).max(1e-12);
    w * h / area(a).min(area(b))
}

fn list_or_none(keys: &[&str]) -> String {
    if keys.is_empty() {
        "none".into()
    } else {
        keys.join(", ")
    }
}
