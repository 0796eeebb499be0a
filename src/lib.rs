//! claimsmap renders territorial-claims maps: who holds how much of each
//! unit of a country, and what a proposal would change.
//!
//! Pipeline: `load` (a dataset folder: boundaries, control table, places)
//! → `stats` (areas in km²). The dataset, not this code, knows which country
//! is mapped; `import` builds a dataset's boundary files from Natural Earth.
//! Later stages (scenario engine, scene, SVG and PNG writers) build on these.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod error;
pub mod export;
pub mod gallery;
pub mod geojson_text;
pub mod geometry;
pub mod import;
pub mod input;
pub mod load;
pub mod model;
pub mod output;
pub mod present;
pub mod projection;
pub mod render;
pub mod report;
pub mod sanitize;
pub mod scenario;
pub mod scene;
pub mod session;
pub mod stats;
pub mod svg;

pub use error::{Error, Result};
