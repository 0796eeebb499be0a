//! [`Base`]: everything about a dataset that does not change between maps,
//! computed once: the projection, the units, outline, neighbours and water
//! projected to metres, and the text metrics.
//!
//! No engine state lives here (no scenario, no front line): a `Base` can
//! draw any outcome of its dataset.

use std::collections::BTreeMap;

use geo::{BoundingRect, MultiLineString, MultiPolygon};

use super::Options;
use super::labels::Metrics;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::projection::{Frame, Projection};

/// Everything about a dataset that does not change between maps:
/// geometries projected to metres, the national outline, text metrics.
pub struct Base<'a> {
    pub(crate) data: &'a Dataset,
    pub(crate) projection: Projection,
    pub(crate) units: Vec<MultiPolygon<f64>>,
    pub(crate) outline: MultiPolygon<f64>,
    pub(crate) context: Vec<MultiPolygon<f64>>,
    pub(crate) rivers: Vec<MultiLineString<f64>>,
    pub(crate) reservoirs: Vec<MultiPolygon<f64>>,
    bounds: [f64; 4],
    pub(crate) metrics: Metrics,
}

impl std::fmt::Debug for Base<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Base({:?}, {} units)", self.projection, self.units.len())
    }
}

impl<'a> Base<'a> {
    /// Projects the dataset's static layers once.
    pub fn new(data: &'a Dataset) -> Result<Self> {
        let all: MultiPolygon<f64> = MultiPolygon(data.units.iter().flat_map(|u| u.geometry.0.clone()).collect());
        let projection = match &data.scenarios.map.projection {
            Some(def) => Projection::new(def)?,
            None => {
                let c = all
                    .bounding_rect()
                    .ok_or_else(|| Error::Usage("the country has no units".into()))?
                    .center();
                Projection::centred_on(c.x, c.y)?
            }
        };
        let units: Vec<MultiPolygon<f64>> = data.units.iter().map(|u| projection.project(&u.geometry)).collect();
        let outline = crate::geometry::guarded("(country)", "merging units", || {
            let polys: Vec<geo::Polygon<f64>> = units.iter().flat_map(|u| u.0.iter().cloned()).collect();
            geo::unary_union(polys.iter())
        })?;
        let r = outline
            .bounding_rect()
            .ok_or_else(|| Error::Usage("the country has no area".into()))?;
        Ok(Base {
            data,
            context: data.regions.iter().map(|r| projection.project(&r.geometry)).collect(),
            rivers: data.water.iter().map(|w| projection.project(&w.lines)).collect(),
            reservoirs: data.water.iter().map(|w| projection.project(&w.area)).collect(),
            units,
            outline,
            bounds: [r.min().x, r.min().y, r.max().x, r.max().y],
            metrics: Metrics::new()?,
            projection,
        })
    }

    /// The frame of a panel: the country fitted into `rect` with margins.
    pub fn frame(&self, rect: [f64; 4]) -> Frame {
        Frame::fit(self.bounds, rect, 0.03)
    }

    /// Page position of a lon/lat point in `frame`.
    pub fn page_point(&self, frame: &Frame, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let (x, y) = self.projection.forward(lon, lat)?;
        Some(frame.to_page(x, y))
    }

    /// A name in the language `opts` asks for, else the main name.
    pub(crate) fn name<'n>(&self, main: &'n str, names: &'n BTreeMap<String, String>, opts: &Options) -> &'n str {
        names.get(&opts.lang).map_or(main, String::as_str)
    }
}
