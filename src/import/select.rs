//! Which Natural Earth admin-1 features a recipe's unit is made of: by name
//! (one, or several merged into the unit), by record number (`ne_index`,
//! as `import --list` prints it), or, where two features share a name, the
//! one holding a point (`ne_point`). A name that matches nothing gets a
//! did-you-mean that ignores case and diacritics ("Chisinau" finds
//! "Chişinău").
//!
//! It only chooses features; merging and writing them is the importer's.

use std::path::Path;

use geo::{InteriorPoint, MultiPolygon};
use shapefile::dbase::Record;

use super::naturalearth::text;
use super::recipe::UnitRecipe;
use crate::error::{Location, Problem, Problems};

/// The record numbers of the unit's features, in the order the recipe
/// gives them, or `None` with the problems recorded.
pub(super) fn features(
    recipe_path: &Path,
    u: &UnitRecipe,
    admin1: &[(MultiPolygon<f64>, Record)],
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let iso = u.ne_iso_a2.as_str();
    let in_country = |i: usize| text(&admin1[i].1, "iso_a2").as_deref() == Some(iso);
    let list_hint = format!("run `claimsmap import --list {iso} --source …` for the country's features");
    let mut fail = |message: String, hint: &str| {
        problems.push(Problem::new(recipe_path, Location::File, format!("unit {}: {message}", u.id)).with_hint(hint));
        None
    };
    let names = u.ne_name.as_ref().map(|n| n.to_vec()).unwrap_or_default();
    if let Some(indexes) = &u.ne_index {
        let indexes = indexes.to_vec();
        for &i in &indexes {
            if i >= admin1.len() || !in_country(i) {
                return fail(
                    format!("ne_index {i} is not a Natural Earth feature of {iso}"),
                    &list_hint,
                );
            }
            let name = text(&admin1[i].1, "name").unwrap_or_default();
            if !names.is_empty() && !names.contains(&name) {
                return fail(
                    format!("ne_index {i} is \"{name}\", not {}", quoted(&names)),
                    "fix ne_name or ne_index: they must name the same features",
                );
            }
        }
        return Some(dedup(indexes));
    }
    if names.is_empty() {
        return fail("give ne_name (one name or a list) or ne_index".into(), &list_hint);
    }
    let mut chosen = Vec::new();
    for name in &names {
        let matches: Vec<usize> = (0..admin1.len())
            .filter(|&i| in_country(i) && text(&admin1[i].1, "name").as_deref() == Some(name.as_str()))
            .collect();
        let picked: Vec<usize> = match (matches.len(), u.ne_point) {
            (0, _) => {
                let hint = did_you_mean(name, admin1, &in_country).unwrap_or(list_hint.clone());
                return fail(format!("no Natural Earth feature named \"{name}\" in {iso}"), &hint);
            }
            (1, _) => matches,
            (_, Some([lon, lat])) => matches
                .into_iter()
                .filter(|&i| crate::geometry::contains_lonlat(&admin1[i].0, lon, lat))
                .collect(),
            (_, None) => matches,
        };
        match picked.as_slice() {
            [one] => chosen.push(*one),
            [] => {
                let [lon, lat] = u.ne_point.unwrap_or([f64::NAN; 2]);
                return fail(
                    format!("no Natural Earth feature named \"{name}\" in {iso} holds ne_point [{lon}, {lat}]"),
                    &list_hint,
                );
            }
            many => {
                let each: Vec<String> = many
                    .iter()
                    .map(|&i| {
                        let p = admin1[i]
                            .0
                            .interior_point()
                            .map_or((f64::NAN, f64::NAN), |p| (p.x(), p.y()));
                        format!("ne_index {i} around [{:.4}, {:.4}]", p.0, p.1)
                    })
                    .collect();
                return fail(
                    format!(
                        "{} Natural Earth features are named \"{name}\" in {iso} ({})",
                        many.len(),
                        each.join("; ")
                    ),
                    "pick one with ne_index = N, or ne_point = [lon, lat] inside it",
                );
            }
        }
    }
    Some(dedup(chosen))
}

/// "did you mean" among the country's names: a name equal once case,
/// diacritics and punctuation are folded first, else the nearest spelling.
fn did_you_mean(
    name: &str,
    admin1: &[(MultiPolygon<f64>, Record)],
    in_country: &dyn Fn(usize) -> bool,
) -> Option<String> {
    let names: Vec<String> = (0..admin1.len())
        .filter(|&i| in_country(i))
        .filter_map(|i| text(&admin1[i].1, "name"))
        .collect();
    let folded = crate::load::crosswalk::fold(name);
    if let Some(same) = names.iter().find(|n| crate::load::crosswalk::fold(n) == folded) {
        return Some(format!("did you mean \"{same}\"?"));
    }
    crate::error::suggest(name, names.iter().map(|n| (n.as_str(), n.as_str())))
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn dedup(mut v: Vec<usize>) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|i| seen.insert(*i));
    v
}
