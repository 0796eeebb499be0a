//! Fitting hints: how the engine draws a unit's held area when only a share
//! is known (grow from seed borders, or split along a river).
//!
//! The enum keeps serde's derive: its variants and fields *are* the
//! `fit.toml` format (documented in `load::hints`), and a mirror type in the
//! loader would repeat every field. It holds no spans and reads no file.

use serde::Deserialize;

/// Seed token meaning the coast: unit borders with no land beyond.
pub const SEA: &str = "sea";

/// How to draw one unit's held area.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Method {
    /// Grow from seed borders by an even distance until the share is met.
    Grow {
        /// Borders to grow from: context country ids, unit ids, or `sea`.
        seeds: Vec<String>,
        /// Only seed borders within `radius_km` of this lon/lat point.
        #[serde(default)]
        near: Option<[f64; 2]>,
        /// Radius for `near`, in km.
        #[serde(default)]
        radius_km: Option<f64>,
    },
    /// Cut along a water line; the side holding `held_side` is held, then
    /// the line moves by an even distance until the share is met.
    Split {
        /// Id of a river in `water.geojson`.
        line: String,
        /// A lon/lat point on the held side.
        held_side: [f64; 2],
    },
}

/// The hint for one unit.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Hint {
    /// Unit id.
    pub id: String,
    /// The method and its parameters.
    #[serde(flatten)]
    pub method: Method,
}
