//! User-supplied control lines (`--lines FILE`): a GeoJSON FeatureCollection
//! of polygons of ground the occupier holds, wound either way; properties
//! are ignored. Overlapping features are merged.

use std::path::Path;

use geo::{MultiPolygon, Polygon};

use super::geojson::polygon_features;
use crate::error::{Location, Problem, Result};
use crate::geometry::guarded;

/// Loads the held ground of a lines file as one area, with a warning for
/// every repair made on reading (a clockwise file gets one).
pub fn load(path: &Path) -> Result<(MultiPolygon<f64>, Vec<Problem>)> {
    if !crate::input::exists(path) && std::fs::symlink_metadata(path).is_err() {
        return Err(crate::Error::problem(
            Problem::new(path, Location::File, "file not found").with_hint("check the path given with --lines"),
        ));
    }
    // A pipe or process substitution is welcome here, read within the cap.
    let text = crate::input::read_text(path, crate::input::Accept::FileOrPipe)?;
    let features = polygon_features(path, &text, "id")?;
    if features.is_empty() {
        return Err(crate::Error::problem(
            Problem::new(path, Location::File, "the file holds no polygons")
                .with_hint("give at least one Polygon or MultiPolygon feature of held ground"),
        ));
    }
    let repairs = features
        .iter()
        .flat_map(|f| {
            f.repairs.iter().map(|r| {
                let at = Location::Feature {
                    index: f.index,
                    id: None,
                };
                (at, r.clone())
            })
        })
        .collect();
    let warnings = super::locate::grouped(path, repairs, "features");
    let polys: Vec<Polygon<f64>> = features.into_iter().flat_map(|f| f.geometry.0).collect();
    let merged = guarded("(lines)", "merging the polygons", || geo::unary_union(polys.iter()))?;
    Ok((merged, warnings))
}
