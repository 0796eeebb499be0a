//! Fitting hints (`fit.toml`): how the engine draws a unit's held area when
//! only a share is known. Data, not code: each dataset says where control
//! comes from (seed borders) or which natural line divides a unit.
//!
//! ```toml
//! [[unit]]
//! id = "UA-14"
//! method = "grow"            # grow from the seed borders
//! seeds = ["RU", "sea"]      # country ids, unit ids, or "sea" (coast)
//!
//! [[unit]]
//! id = "UA-65"
//! method = "split"           # cut along a water line, then adjust
//! line = "dnipro"            # id in water.geojson
//! held_side = [33.6, 46.5]   # a lon/lat point on the held side
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use super::read_text;
use super::toml_problem;
use crate::error::{Location, Problem, Problems, Result};
use crate::model::{Hint, Method};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HintsFile {
    #[serde(rename = "unit", default)]
    units: Vec<Hint>,
}

/// Loads the hints file; a missing file means no hints (every unit grows
/// from the occupier's border).
pub fn load(path: &Path) -> Result<Vec<Hint>> {
    if !crate::input::exists(path) {
        return Ok(Vec::new());
    }
    let text = read_text(path)?;
    let file: HintsFile = toml::from_str(&text).map_err(|e| toml_problem(path, &text, &e))?;
    let mut problems = Problems::new();
    let mut seen = BTreeSet::new();
    for h in &file.units {
        let line = text
            .find(&format!("\"{}\"", h.id))
            .map_or(Location::File, |i| Location::Line(text[..i].matches('\n').count() + 1));
        if !seen.insert(h.id.clone()) {
            problems.push(Problem::new(
                path,
                line.clone(),
                format!("unit \"{}\" has a second hint", h.id),
            ));
        }
        if let Method::Grow { seeds, near, radius_km } = &h.method {
            if seeds.is_empty() {
                problems.push(
                    Problem::new(path, line.clone(), format!("unit \"{}\": `seeds` is empty", h.id))
                        .with_hint("name at least one border: a country id, a unit id or \"sea\""),
                );
            }
            if near.is_some() != radius_km.is_some() || radius_km.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("unit \"{}\": `near` and a positive `radius_km` go together", h.id),
                ));
            }
        }
    }
    problems.into_result(file.units)
}

/// Checks that hints name units of the dataset and water lines it has.
pub fn check_against(
    path: &Path,
    hints: &[Hint],
    units: &[crate::model::Unit],
    water: &[crate::model::Water],
    problems: &mut Problems,
) {
    for h in hints {
        if !units.iter().any(|u| u.id == h.id) {
            let mut p = Problem::new(path, Location::File, format!("hint for unknown unit \"{}\"", h.id));
            if let Some(hint) = super::unit_hint(&h.id, units) {
                p = p.with_hint(hint);
            }
            problems.push(p);
        }
        if let Method::Split { line, .. } = &h.method
            && !water.iter().any(|w| &w.id == line && !w.lines.0.is_empty())
        {
            problems.push(
                Problem::new(
                    path,
                    Location::File,
                    format!("unit \"{}\": no river \"{line}\" in water.geojson", h.id),
                )
                .with_hint("name the id of a LineString feature of water.geojson"),
            );
        }
    }
}
