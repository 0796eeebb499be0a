//! claimsmap renders territorial-claims maps: who holds how much of each
//! unit of a country, and what a proposal would change, in exact geodesic
//! km². The dataset folder, not this code, knows which country is mapped.
//!
//! # The pipeline
//!
//! | stage | module | makes |
//! |---|---|---|
//! | domain | [`model`] | typed values every stage shares: units, control rows, scenarios, ids |
//! | read | [`load`] | a [`Dataset`] from a folder, every problem located by file and line |
//! | engine | [`scenario`] | current lines fitted to the shares, a scenario's ops applied, the ground split once into a [`Resolved`] |
//! | people | [`population`] | a dasymetric estimate of the people in any part of a unit, with a range |
//! | numbers | [`stats`] | km² and shares (and people, where the dataset has them) measured on a [`Resolved`] |
//! | through time | [`timeline`] | km² and shares held at each snapshot date, per unit and in total |
//! | change | [`change`] | km² gained and lost between two snapshot dates, per unit and in total |
//! | page | [`scene`] | a fully laid-out [`scene::Scene`]: every shape and label at its place |
//! | writers | [`write`](mod@write) | SVG text, GeoJSON, tables, the HTML gallery |
//! | formats | [`present`] | the SVG as SVG, outlined SVG or PNG, from one parsed tree |
//! | front door | [`Session`] | all of the above in memory, for other programs |
//! | binary | [`cli`], [`output`] | the command line; the only writer of files |
//!
//! Stages depend only on the stages above them.
//!
//! # Example
//!
//! Open a dataset, draw a scenario and read its numbers:
//!
//! ```
//! use claimsmap::{DataSource, Format, RenderOptions, Session};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/tiny");
//! let session = Session::open(&DataSource::folder(dir))?;
//! let options = RenderOptions { formats: vec![Format::Svg, Format::Png { width: 400 }], ..RenderOptions::default() };
//! let map = session.render("give-east", &options)?;
//!
//! // Half of "East" was held; the proposal hands over the other half.
//! assert_eq!(map.result.totals.handover_km2.round(), 3946.0);
//! assert!(map.single.svg.starts_with("<svg"));
//! let names: Vec<&str> = map.single.files.iter().map(|(name, _)| name.as_str()).collect();
//! assert_eq!(names, ["give-east.svg", "give-east.png"]);
//! # Ok::<(), claimsmap::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod format;
pub mod geometry;
pub mod projection;

pub mod model;

mod embedded;
pub mod import;
mod input;
pub mod load;

pub mod scenario;

pub mod change;
pub mod population;
pub mod stats;
pub mod timeline;

pub mod scene;

#[doc(hidden)]
pub mod sanitize;
pub mod write;

pub mod present;

pub mod session;

pub mod cli;
pub mod output;

pub use error::{Error, Result};
pub use model::Dataset;
pub use present::Format;
pub use scenario::Resolved;
pub use session::{DataSource, RenderOptions, Rendered, Session};
