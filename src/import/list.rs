//! `claimsmap import --list COUNTRY`: the Natural Earth admin-1 features of
//! one country, to write a recipe from: each feature's record number (what
//! `ne_index` selects), its name, its area and a point inside it (what
//! `ne_point` selects, for two features of one name).
//!
//! It only reads and prints; it writes no dataset file.

use std::path::Path;

use geo::InteriorPoint;

use super::naturalearth::{self, Encoding, text};
use crate::error::{Error, Result};

/// The admin-1 features whose `iso_a2` is `country` (any case), one line
/// each, sorted by name and record number, under a header.
pub fn list(admin1: &Path, country: &str) -> Result<String> {
    let features = naturalearth::polygons(admin1, Encoding::Utf8)?;
    let wanted = country.to_uppercase();
    let mut rows: Vec<(String, usize, f64, (f64, f64))> = features
        .iter()
        .enumerate()
        .filter(|(_, (_, r))| text(r, "iso_a2").as_deref() == Some(wanted.as_str()))
        .map(|(i, (mp, r))| {
            let name = crate::sanitize::terminal(&text(r, "name").unwrap_or_default());
            let point = mp.interior_point().map_or((f64::NAN, f64::NAN), |p| (p.x(), p.y()));
            (name, i, crate::geometry::area_km2(mp), point)
        })
        .collect();
    if rows.is_empty() {
        let mut codes: Vec<String> = features.iter().filter_map(|(_, r)| text(r, "iso_a2")).collect();
        codes.sort();
        codes.dedup();
        let close = crate::error::suggest(&wanted, codes.iter().map(|c| (c.as_str(), c.as_str())));
        return Err(Error::Usage(format!(
            "Natural Earth has no admin-1 feature with iso_a2 \"{wanted}\"{}; give the country's ISO 3166-1 alpha-2 code",
            close.map(|h| format!("; {h}")).unwrap_or_default()
        )));
    }
    // By name as a reader looks it up: case and diacritics folded.
    let key = |name: &str| crate::load::crosswalk::fold(name);
    rows.sort_by(|a, b| key(&a.0).cmp(&key(&b.0)).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<width$}  {:>8}  {:>10}  ne_point (a point inside)\n",
        "ne_name", "ne_index", "area_km2"
    );
    for (name, index, km2, (lon, lat)) in &rows {
        out.push_str(&format!(
            "{name:<width$}  {index:>8}  {km2:>10.0}  [{:.4}, {:.4}]\n",
            lon, lat
        ));
    }
    out.push_str(&format!(
        "{} features with iso_a2 = \"{wanted}\"; a recipe unit takes ne_name (one name or a list, merged), and ne_index or ne_point where a name is not unique\n",
        rows.len()
    ));
    Ok(out)
}
