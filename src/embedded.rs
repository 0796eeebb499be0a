//! The project's own dataset (`geodata/`) compiled into the binary, so an
//! installed `claimsmap` works from any folder: when no `--data` is given
//! and there is no `./geodata`, the dataset is read from here.
//!
//! Its files live under the path [`ROOT`], which no real folder can clash
//! with on the systems claimsmap runs on; messages about them name that path.
//! This module only serves bytes: it parses nothing and is read through
//! `input.rs` like any file, with the same checks after it.

use std::path::Path;

/// The path the built-in dataset's files are found under.
pub const ROOT: &str = "builtin:geodata";

/// Every file of the dataset the loader reads, by file name.
const FILES: &[(&str, &[u8])] = &[
    ("dataset.toml", include_bytes!("../geodata/dataset.toml")),
    ("units.geojson", include_bytes!("../geodata/units.geojson")),
    ("control.csv", include_bytes!("../geodata/control.csv")),
    ("places.csv", include_bytes!("../geodata/places.csv")),
    ("context.geojson", include_bytes!("../geodata/context.geojson")),
    ("water.geojson", include_bytes!("../geodata/water.geojson")),
    ("fit.toml", include_bytes!("../geodata/fit.toml")),
    ("scenarios.toml", include_bytes!("../geodata/scenarios.toml")),
    ("population.csv", include_bytes!("../geodata/population.csv")),
    ("settlements.csv", include_bytes!("../geodata/settlements.csv")),
    (
        "settlements-control.csv",
        include_bytes!("../geodata/settlements-control.csv"),
    ),
];

/// The built-in bytes at `path`, when `path` is a file of the built-in
/// dataset (`builtin:geodata/NAME`).
pub fn file(path: &Path) -> Option<&'static [u8]> {
    let name = path.strip_prefix(ROOT).ok()?.to_str()?;
    FILES.iter().find(|(n, _)| *n == name).map(|(_, bytes)| *bytes)
}

/// The dataset folder to use when none is given: `./geodata` when it exists,
/// else the built-in dataset.
pub fn default_dir() -> std::path::PathBuf {
    let local = Path::new("geodata");
    if local.is_dir() {
        local.to_path_buf()
    } else {
        ROOT.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_the_dataset_files_and_nothing_else() {
        assert!(file(&Path::new(ROOT).join("units.geojson")).is_some_and(|b| b.len() > 1000));
        assert!(file(&Path::new(ROOT).join("recipe.toml")).is_none());
        assert!(file(Path::new("geodata/units.geojson")).is_none());
        assert!(file(&Path::new(ROOT).join("../units.geojson")).is_none());
    }
}
