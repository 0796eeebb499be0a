//! Map projection and the frame that fits projected metres onto the page.
//!
//! The projection is a proj string from the dataset (`[map] projection`),
//! evaluated by `proj4rs` (pure Rust). An equal-area projection (Albers or
//! Lambert azimuthal equal-area) keeps areas on the map true to km².
//! Fitting is separate from projecting: a [`Frame`] maps metres to page
//! units for one panel.

use geo::{Coord, MapCoords};
use proj4rs::proj::Proj;

use crate::error::{Error, Result};

/// A projection from lon/lat degrees to metres.
pub struct Projection {
    proj: Proj,
    wgs84: Proj,
    definition: String,
}

impl std::fmt::Debug for Projection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projection({})", self.definition)
    }
}

impl Projection {
    /// Builds a projection from a proj string such as
    /// `+proj=aea +lat_1=46 +lat_2=51 +lat_0=48.5 +lon_0=31.5 +ellps=WGS84`.
    pub fn new(definition: &str) -> Result<Self> {
        let bad = |e: proj4rs::errors::Error| Error::Usage(format!("projection \"{definition}\" is not usable: {e}"));
        let proj = Proj::from_proj_string(definition).map_err(bad)?;
        let wgs84 = Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs").map_err(bad)?;
        if proj.is_latlong() {
            return Err(Error::Usage(format!(
                "projection \"{definition}\" is not a map projection; use an equal-area one such as +proj=aea or +proj=laea"
            )));
        }
        Ok(Projection {
            proj,
            wgs84,
            definition: definition.to_string(),
        })
    }

    /// An equal-area projection centred on a lon/lat point (Lambert azimuthal).
    pub fn centred_on(lon: f64, lat: f64) -> Result<Self> {
        Self::new(&format!(
            "+proj=laea +lat_0={lat:.3} +lon_0={lon:.3} +ellps=WGS84 +units=m"
        ))
    }

    /// The proj string.
    pub fn definition(&self) -> &str {
        &self.definition
    }

    /// lon/lat degrees → projected metres; `None` where the projection is undefined.
    pub fn forward(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(&self.wgs84, &self.proj, &mut p).ok()?;
        (p.0.is_finite() && p.1.is_finite()).then_some((p.0, p.1))
    }

    /// Projected metres → lon/lat degrees.
    pub fn inverse(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(&self.proj, &self.wgs84, &mut p).ok()?;
        let (lon, lat) = (p.0.to_degrees(), p.1.to_degrees());
        (lon.is_finite() && lat.is_finite()).then_some((lon, lat))
    }

    /// A whole geometry in metres (points the projection cannot take go to the origin).
    pub fn project<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| {
            let (x, y) = self.forward(c.x, c.y).unwrap_or((0.0, 0.0));
            Coord { x, y }
        })
    }
}

/// Maps projected metres onto a rectangle of the page (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Page units per metre.
    pub scale: f64,
    /// Page x of metre x = 0.
    pub x0: f64,
    /// Page y of metre y = 0.
    pub y0: f64,
    /// The page rectangle: left, top, width, height.
    pub rect: [f64; 4],
}

impl Frame {
    /// Fits the metre bounds `[xmin, ymin, xmax, ymax]` into the page
    /// rectangle `[left, top, width, height]`, leaving `margin` (a fraction
    /// of the rectangle) free on each side, centred.
    pub fn fit(bounds: [f64; 4], rect: [f64; 4], margin: f64) -> Self {
        let [xmin, ymin, xmax, ymax] = bounds;
        let [left, top, width, height] = rect;
        let (w, h) = ((xmax - xmin).max(1.0), (ymax - ymin).max(1.0));
        let scale = ((width * (1.0 - 2.0 * margin)) / w).min((height * (1.0 - 2.0 * margin)) / h);
        let cx = left + width / 2.0 - (xmin + w / 2.0) * scale;
        let cy = top + height / 2.0 + (ymin + h / 2.0) * scale;
        Frame {
            scale,
            x0: cx,
            y0: cy,
            rect,
        }
    }

    /// Metres → page.
    pub fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x0 + x * self.scale, self.y0 - y * self.scale)
    }

    /// Page → metres.
    pub fn to_metres(&self, px: f64, py: f64) -> (f64, f64) {
        ((px - self.x0) / self.scale, (self.y0 - py) / self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_and_inverts_known_points() {
        let p = Projection::new("+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84").unwrap();
        let (x, y) = p.forward(31.5, 48.5).unwrap();
        assert!(x.abs() < 1e-6 && y.abs() < 1e-6);
        // One degree of latitude north of the centre is about 111.2 km.
        let (_, y) = p.forward(31.5, 49.5).unwrap();
        assert!((y - 111_200.0).abs() < 300.0, "{y}");
        let (lon, lat) = p
            .inverse(p.forward(37.83, 48.0).unwrap().0, p.forward(37.83, 48.0).unwrap().1)
            .unwrap();
        assert!((lon - 37.83).abs() < 1e-9 && (lat - 48.0).abs() < 1e-9);
        assert!(Projection::new("+proj=longlat +ellps=WGS84").is_err());
        assert!(Projection::new("+proj=nonsense").is_err());
    }

    #[test]
    fn frame_fits_and_centres() {
        let f = Frame::fit([0.0, 0.0, 2000.0, 1000.0], [10.0, 20.0, 400.0, 400.0], 0.0);
        assert_eq!(f.to_page(0.0, 1000.0), (10.0, 120.0));
        assert_eq!(f.to_page(2000.0, 0.0), (410.0, 320.0));
        let (x, y) = f.to_metres(210.0, 220.0);
        assert!((x - 1000.0).abs() < 1e-9 && (y - 500.0).abs() < 1e-9);
    }
}
