//! Builds a dataset folder's boundary files from Natural Earth, following
//! the folder's `recipe.toml` (`claimsmap import`, run by `make geodata`).
//!
//! Output is deterministic: units sorted by id, context by country code,
//! places and water in recipe order, coordinates rounded to the recipe's
//! decimals, so a rerun reproduces the committed files byte for byte.

pub mod geonames;
mod list;
pub mod naturalearth;
mod population;
pub mod recipe;
mod select;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use geo::{BooleanOps, Intersects, MultiLineString, MultiPolygon, Polygon, Rect, coord};
use serde_json::{Map, Value};

use crate::error::{Error, Location, Problem, Problems, Result};
use crate::geometry::{self, round_coord};
use crate::load::files;
use crate::output::OutDir;
use crate::write::geojson_text::{feature_collection, line_feature, polygon_feature};
use naturalearth::{Encoding, text};
use recipe::{Recipe, WaterKind};

pub use list::list;

/// Where the pinned Debian package puts Natural Earth's admin-1 layer,
/// below the source folder (`import --list` without a recipe reads it).
pub const NE_ADMIN1: &str = "usr/share/gnudatalanguage/resource/maps/high/ne_10m_admin_1_states_provinces.shp";

/// What an import wrote, for the command's report.
#[derive(Debug)]
pub struct Summary {
    /// Number of units written.
    pub units: usize,
    /// Number of context countries written.
    pub context: usize,
    /// Number of places written.
    pub places: usize,
    /// Number of water features written.
    pub water: usize,
    /// Number of settlements written, when the recipe has a population
    /// layer and settlements were asked for.
    pub settlements: Option<usize>,
    /// Settlements of the country that lie in none of the units (on the
    /// boundaries' coarse edges) and were left out.
    pub settlements_outside: usize,
    /// True when the recipe's official population figures were written.
    pub population: bool,
}

/// Runs the recipe at `recipe_path` over the Natural Earth files below
/// `source_dir` and writes the results into `out`. With `settlements`
/// false, the population layer's settlements file is neither read nor
/// written (for machines without the npm package); the official figures
/// are still written.
pub fn run(recipe_path: &Path, source_dir: &Path, out: &OutDir, settlements: bool) -> Result<Summary> {
    let recipe = recipe::load(recipe_path)?;
    let src = |rel: &str| source_dir.join(rel);

    let admin1 = naturalearth::polygons(&src(&recipe.source.admin1), Encoding::Utf8)?;
    let units = build_units(recipe_path, &recipe, &admin1)?;
    let context = build_context(&recipe, &admin1, &units);
    let places_csv = build_places(recipe_path, &recipe, &src(&recipe.source.places), &units)?;
    let water = build_water(
        recipe_path,
        &recipe,
        &src(&recipe.source.rivers),
        &src(&recipe.source.lakes),
    )?;

    let unit_features: Vec<_> = units
        .iter()
        .map(|u| polygon_feature(&u.geometry, u.properties.clone()))
        .collect();
    out.write(files::UNITS, feature_collection(&unit_features).as_bytes())?;
    out.write(files::CONTEXT, feature_collection(&context).as_bytes())?;
    out.write(files::PLACES, places_csv.text.as_bytes())?;
    out.write(files::WATER, feature_collection(&water).as_bytes())?;
    let mut summary = Summary {
        units: units.len(),
        context: context.len(),
        places: places_csv.count,
        water: water.len(),
        settlements: None,
        settlements_outside: 0,
        population: false,
    };
    if let Some(pop) = &recipe.population {
        let official = population::official_csv(recipe_path, &recipe, pop)?;
        if settlements {
            let cities = geonames::read(&src(&pop.settlements))?;
            let built = population::settlements_csv(pop, &cities, &units_for_population(&units))?;
            out.write(files::SETTLEMENTS, built.text.as_bytes())?;
            summary.settlements = Some(built.count);
            summary.settlements_outside = built.outside;
        }
        out.write(files::POPULATION, official.as_bytes())?;
        summary.population = true;
    }
    Ok(summary)
}

fn units_for_population(units: &[BuiltUnit]) -> Vec<(&str, &MultiPolygon<f64>)> {
    units.iter().map(|u| (u.id.as_str(), &u.geometry)).collect()
}

struct BuiltUnit {
    id: String,
    geometry: MultiPolygon<f64>,
    properties: Map<String, Value>,
    source_index: Vec<usize>,
}

fn names_into(props: &mut Map<String, Value>, names: &BTreeMap<String, String>) {
    for (k, v) in names {
        props.insert(k.clone(), Value::from(v.clone()));
    }
}

fn build_units(
    recipe_path: &Path,
    recipe: &Recipe,
    admin1: &[(MultiPolygon<f64>, shapefile::dbase::Record)],
) -> Result<Vec<BuiltUnit>> {
    let mut problems = Problems::new();
    let mut units = Vec::new();
    for u in &recipe.units {
        let Some(indexes) = select::features(recipe_path, u, admin1, &mut problems) else {
            continue;
        };
        let geometry = match indexes.as_slice() {
            [one] => admin1[*one].0.clone(),
            many => geometry::orient(&geo::unary_union(many.iter().flat_map(|&i| admin1[i].0.0.iter()))),
        };
        let mut props = Map::new();
        props.insert("id".into(), Value::from(u.id.clone()));
        props.insert("name".into(), Value::from(u.name.clone()));
        names_into(&mut props, &u.other_names);
        if let Some(a) = u.area_official_km2 {
            props.insert(crate::load::boundaries::AREA_OFFICIAL.into(), Value::from(a));
        }
        let geometry = geometry::round_multipolygon(&geometry, recipe.decimals);
        if geometry.0.is_empty() {
            problems.push(Problem::new(
                recipe_path,
                Location::File,
                format!(
                    "unit {}: its Natural Earth feature has no area left at {} decimals; a unit needs a polygon",
                    u.id, recipe.decimals
                ),
            ));
            continue;
        }
        units.push(BuiltUnit {
            id: u.id.clone(),
            geometry,
            properties: props,
            source_index: indexes,
        });
    }
    units.sort_by(|a, b| a.id.cmp(&b.id));
    problems.into_result(units)
}

fn bbox_polygon(b: [f64; 4], margin: f64) -> Polygon<f64> {
    Rect::new(
        coord! { x: b[0] - margin, y: b[1] - margin },
        coord! { x: b[2] + margin, y: b[3] + margin },
    )
    .to_polygon()
}

/// Neighbouring land: every other admin-1 feature that really intersects
/// the frame (a bounding-box test would let in features that wrap around
/// the antimeridian), dissolved by country and clipped to the frame.
fn build_context(
    recipe: &Recipe,
    admin1: &[(MultiPolygon<f64>, shapefile::dbase::Record)],
    units: &[BuiltUnit],
) -> Vec<geojson::Feature> {
    let frame = bbox_polygon(recipe.context.bbox, 0.0);
    let clip = bbox_polygon(recipe.context.bbox, recipe.context.margin);
    let used: BTreeSet<usize> = units.iter().flat_map(|u| u.source_index.iter().copied()).collect();
    let mut by_country: BTreeMap<String, Vec<MultiPolygon<f64>>> = BTreeMap::new();
    for (i, (mp, record)) in admin1.iter().enumerate() {
        if used.contains(&i) || !mp.intersects(&frame) {
            continue;
        }
        let iso = text(record, "iso_a2").unwrap_or_else(|| "-99".into());
        by_country.entry(iso).or_default().push(mp.intersection(&clip));
    }
    by_country
        .into_iter()
        .filter_map(|(iso, parts)| {
            let polys: Vec<Polygon<f64>> = parts.into_iter().flat_map(|m| m.0).collect();
            let merged = geo::unary_union(polys.iter());
            // Dissolving admin-1 regions whose borders do not meet exactly
            // leaves slivers; below about 1 km² nothing is visible at map scale.
            let rounded = geometry::drop_small_rings(&geometry::round_multipolygon(&merged, recipe.decimals), 1e-4);
            if rounded.0.is_empty() {
                return None;
            }
            let mut props = Map::new();
            props.insert("id".into(), Value::from(iso.clone()));
            let name = recipe.context.names.get(&iso).cloned().unwrap_or_else(|| iso.clone());
            props.insert("name".into(), Value::from(name));
            Some(polygon_feature(&rounded, props))
        })
        .collect()
}

struct PlacesCsv {
    text: String,
    count: usize,
}

fn build_places(recipe_path: &Path, recipe: &Recipe, places_path: &Path, units: &[BuiltUnit]) -> Result<PlacesCsv> {
    let ne_places = naturalearth::points(places_path, Encoding::Latin1)?;
    let unit_of = |lon: f64, lat: f64| {
        units
            .iter()
            .find(|u| geometry::contains_lonlat(&u.geometry, lon, lat))
            .map(|u| u.id.clone())
    };
    let langs: BTreeSet<&String> = recipe.places.iter().flat_map(|p| p.other_names.keys()).collect();
    let mut header = vec!["id".to_string(), "name".to_string()];
    header.extend(langs.iter().map(|l| l.to_string()));
    header.extend(["lon", "lat", "unit", "rank", "anchor", "source"].map(String::from));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let csv_err = |e: csv::Error| Error::Render {
        stage: "formatting places.csv",
        message: e.to_string(),
    };
    writer.write_record(&header).map_err(csv_err)?;
    let mut problems = Problems::new();
    for p in &recipe.places {
        let found = match (&p.ne, p.lon, p.lat) {
            (Some(ne), None, None) => {
                let named: Vec<geo::Coord<f64>> = ne_places
                    .iter()
                    .filter(|(_, r)| text(r, "nameascii").as_deref() == Some(ne.as_str()))
                    .map(|(pt, _)| round_coord(pt.0, recipe.decimals))
                    .collect();
                let hits: Vec<(f64, f64, String)> = named
                    .iter()
                    .filter_map(|c| unit_of(c.x, c.y).map(|u| (c.x, c.y, u)))
                    .collect();
                match hits.as_slice() {
                    [one] => Some((one.clone(), "Natural Earth populated places".to_string())),
                    _ => {
                        problems.push(place_problem(
                            recipe_path,
                            recipe,
                            &p.id,
                            ne,
                            &named,
                            hits.len(),
                            &ne_places,
                        ));
                        None
                    }
                }
            }
            (None, Some(lon), Some(lat)) => {
                let c = round_coord(coord! { x: lon, y: lat }, recipe.decimals);
                match unit_of(c.x, c.y) {
                    Some(u) => Some(((c.x, c.y, u), p.source.clone().unwrap_or_default())),
                    None => {
                        problems.push(Problem::new(
                            recipe_path,
                            Location::File,
                            format!("place {} at {lon}, {lat} lies in none of the units", p.id),
                        ));
                        None
                    }
                }
            }
            _ => {
                problems.push(Problem::new(
                    recipe_path,
                    Location::File,
                    format!("place {}: give either `ne` or both `lon` and `lat`", p.id),
                ));
                None
            }
        };
        let Some(((lon, lat, unit), source)) = found else {
            continue;
        };
        let mut row = vec![p.id.clone(), p.name.clone()];
        row.extend(langs.iter().map(|l| p.other_names.get(*l).cloned().unwrap_or_default()));
        row.extend([
            lon.to_string(),
            lat.to_string(),
            unit,
            p.rank.to_string(),
            p.anchor.clone().unwrap_or_default(),
            source,
        ]);
        writer.write_record(&row).map_err(csv_err)?;
    }
    let bytes = writer.into_inner().map_err(|e| Error::Render {
        stage: "formatting places.csv",
        message: e.to_string(),
    })?;
    problems.into_result(PlacesCsv {
        text: String::from_utf8_lossy(&bytes).into_owned(),
        count: recipe.places.len(),
    })
}

/// Why a place named by `ne` could not be taken: no populated place of
/// that name (with the nearest spelling among the places within the
/// recipe's frame), one lying outside every unit (with where it lies), or
/// several inside them.
fn place_problem(
    recipe_path: &Path,
    recipe: &Recipe,
    id: &str,
    ne: &str,
    named: &[geo::Coord<f64>],
    inside: usize,
    ne_places: &[(geo::Point<f64>, shapefile::dbase::Record)],
) -> Problem {
    let at = |c: &geo::Coord<f64>| format!("[{}, {}]", c.x, c.y);
    let coords_hint = "give `lon`, `lat` and `source` instead of `ne` (a gazetteer's coordinates, longitude first)";
    match (named, inside) {
        ([], _) => {
            let frame = bbox_polygon(recipe.context.bbox, recipe.context.margin);
            let names: Vec<String> = ne_places
                .iter()
                .filter(|(pt, _)| frame.intersects(pt))
                .filter_map(|(_, r)| text(r, "nameascii"))
                .collect();
            let hint = crate::error::suggest(ne, names.iter().map(|n| (n.as_str(), n.as_str())))
                .map(|h| format!("{h} (`ne` takes Natural Earth's ASCII name); or {coords_hint}"))
                .unwrap_or_else(|| format!("`ne` takes Natural Earth's ASCII name (nameascii); or {coords_hint}"));
            Problem::new(
                recipe_path,
                Location::File,
                format!("place {id}: no Natural Earth populated place is named \"{ne}\""),
            )
            .with_hint(&hint)
        }
        (_, 0) => Problem::new(
            recipe_path,
            Location::File,
            format!(
                "place {id}: Natural Earth's \"{ne}\" at {} lies in none of the units (outlines are coarse along rivers and borders)",
                named.iter().map(at).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_hint(coords_hint),
        _ => Problem::new(
            recipe_path,
            Location::File,
            format!("place {id}: {inside} Natural Earth places named \"{ne}\" lie inside the units ({}); expected exactly one", named.iter().map(at).collect::<Vec<_>>().join(", ")),
        )
        .with_hint(coords_hint),
    }
}

fn build_water(
    recipe_path: &Path,
    recipe: &Recipe,
    rivers_path: &Path,
    lakes_path: &Path,
) -> Result<Vec<geojson::Feature>> {
    let rivers = naturalearth::lines(rivers_path, Encoding::Utf8)?;
    let lakes = naturalearth::polygons(lakes_path, Encoding::Utf8)?;
    let mut problems = Problems::new();
    let mut out = Vec::new();
    for w in &recipe.water {
        let mut props = Map::new();
        props.insert("id".into(), Value::from(w.id.clone()));
        props.insert("name".into(), Value::from(w.name.clone()));
        names_into(&mut props, &w.other_names);
        props.insert("kind".into(), Value::from(w.kind.as_str()));
        match (w.kind, &w.ne_name, w.bbox, w.at) {
            (WaterKind::River, Some(name), Some(bbox), None) => {
                let clip = bbox_polygon(bbox, 0.0);
                let lines: Vec<_> = rivers
                    .iter()
                    .filter(|(_, r)| text(r, "name").as_deref() == Some(name.as_str()))
                    .flat_map(|(ml, _)| clip.clip(ml, false).0)
                    .filter_map(|ls| {
                        let mut pts: Vec<_> = ls.0.iter().map(|c| round_coord(*c, recipe.decimals)).collect();
                        pts.dedup();
                        (pts.len() >= 2).then(|| geo::LineString::new(pts))
                    })
                    .collect();
                if lines.is_empty() {
                    problems.push(Problem::new(
                        recipe_path,
                        Location::File,
                        format!("water {}: no river \"{name}\" inside its bbox", w.id),
                    ));
                    continue;
                }
                out.push(line_feature(&MultiLineString(lines), props));
            }
            (WaterKind::Reservoir, None, None, Some([lon, lat])) => {
                let hits: Vec<_> = lakes
                    .iter()
                    .filter(|(mp, _)| geometry::contains_lonlat(mp, lon, lat))
                    .collect();
                let [(mp, _)] = hits.as_slice() else {
                    problems.push(Problem::new(
                        recipe_path,
                        Location::File,
                        format!(
                            "water {}: {} lakes contain {lon}, {lat}; expected one",
                            w.id,
                            hits.len()
                        ),
                    ));
                    continue;
                };
                out.push(polygon_feature(
                    &geometry::round_multipolygon(mp, recipe.decimals),
                    props,
                ));
            }
            _ => problems.push(Problem::new(
                recipe_path,
                Location::File,
                format!(
                    "water {}: a river needs `ne_name` and `bbox`, a reservoir needs `at`",
                    w.id
                ),
            )),
        }
    }
    problems.into_result(out)
}
