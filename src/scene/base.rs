//! [`Base`]: everything about a dataset that does not change between maps,
//! computed once: the projection, the units, outline, neighbours and water
//! projected to metres, and the text metrics.
//!
//! No engine state lives here (no scenario, no front line): a `Base` can
//! draw any outcome of its dataset.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use geo::{BoundingRect, MultiLineString, MultiPolygon};

use super::Options;
use super::labels::{Metrics, label_point};
use super::paths::{clip_polygons, page_polygons};
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
    /// The static layers on the page of each panel rectangle drawn so far
    /// (see [`Base::on_page`]).
    pages: Mutex<Vec<([u64; 4], Arc<OnPage>)>>,
}

/// The dataset's static layers on the page of one panel rectangle: what
/// every map of the run drawn in that rectangle shares, whatever its
/// scenario or date (projected, clipped and snapped once per rectangle
/// instead of once per map).
pub(crate) struct OnPage {
    /// Each unit on the page, in dataset order.
    pub units: Vec<MultiPolygon<f64>>,
    /// Each neighbouring region on the page, clipped to the panel.
    pub context: Vec<MultiPolygon<f64>>,
    /// Label points, found when first asked for (most small units and
    /// regions carry no name).
    unit_points: Vec<OnceLock<Option<(f64, f64)>>>,
    context_points: Vec<OnceLock<Option<(f64, f64)>>>,
}

impl OnPage {
    /// The label point of unit `i` on the page (see [`label_point`]).
    pub fn unit_point(&self, i: usize) -> Option<(f64, f64)> {
        *self.unit_points[i].get_or_init(|| label_point(&self.units[i]))
    }

    /// The label point of neighbouring region `i` on its clipped land.
    pub fn context_point(&self, i: usize) -> Option<(f64, f64)> {
        *self.context_points[i].get_or_init(|| label_point(&self.context[i]))
    }
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
            pages: Mutex::new(Vec::new()),
        })
    }

    /// The static layers on the page of a panel at `rect`, computed the
    /// first time a panel of the run is drawn there and shared by every
    /// later one (a pure function of the dataset and `rect`, so the maps
    /// are the same bytes as when each computed its own).
    pub(crate) fn on_page(&self, rect: [f64; 4]) -> Result<Arc<OnPage>> {
        let key = rect.map(f64::to_bits);
        let find = |pages: &Vec<([u64; 4], Arc<OnPage>)>| pages.iter().find(|(k, _)| *k == key).map(|(_, p)| p.clone());
        if let Some(page) = find(&self.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner)) {
            return Ok(page);
        }
        let frame = self.frame(rect);
        let context = self
            .context
            .iter()
            .map(|m| {
                crate::geometry::guarded("(context)", "clipping neighbouring land", || {
                    clip_polygons(&page_polygons(&frame, m), rect)
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let units: Vec<MultiPolygon<f64>> = self.units.iter().map(|u| page_polygons(&frame, u)).collect();
        let page = Arc::new(OnPage {
            unit_points: units.iter().map(|_| OnceLock::new()).collect(),
            context_points: context.iter().map(|_| OnceLock::new()).collect(),
            units,
            context,
        });
        let mut pages = self.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another thread may have drawn the same rectangle meanwhile: its
        // copy is the same, keep the first.
        if let Some(first) = find(&pages) {
            return Ok(first);
        }
        pages.push((key, page.clone()));
        Ok(page)
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
