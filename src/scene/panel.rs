//! One map panel: fits the country into its rectangle, projects once the
//! page geometry several layers share ([`PanelCx`]), then runs every
//! [`LayerKind`] in order.
//!
//! The panel draws nothing itself and knows nothing of the page around it
//! (header, legend, other panels).

use std::sync::Arc;

use super::base::{Base, OnPage};
use super::layers::LayerKind;
use super::layers::scale_bar::ScaleBar;
use super::legend::Drawn;
use super::paths::{page_lines, polylines};
use super::style::Palette;
use super::{Layer, Options};
use crate::error::Result;
use crate::projection::Frame;
use crate::scenario::Resolved;

/// Where a panel goes and what it carries.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PanelSpec {
    /// The panel's rectangle on the page: left, top, width, height.
    pub rect: [f64; 4],
    /// True when the panel has a scale bar.
    pub scale_bar: bool,
    /// Prefix of the panel's layer ids (`map`, `now`, `proposal`, and
    /// `panel-1`, `panel-2`, … in a multi-panel figure).
    pub tag: String,
}

/// What every layer of one panel reads: the dataset, the outcome, the
/// frame, and the page geometry shared by more than one layer.
pub(crate) struct PanelCx<'p> {
    /// The dataset, projected.
    pub base: &'p Base<'p>,
    /// The outcome drawn.
    pub resolved: &'p Resolved,
    /// The user's choices.
    pub opts: &'p Options,
    /// The sides' colours.
    pub palette: &'p Palette,
    /// The panel's layer id prefix.
    pub tag: String,
    /// The country fitted into the panel.
    pub frame: Frame,
    /// The units and neighbouring regions on the page (fills, borders and
    /// names), shared with the run's other panels in the same rectangle.
    pub page: Arc<OnPage>,
    /// The current front on the page (drawn, and kept off by labels).
    pub front: Vec<Vec<(f64, f64)>>,
    /// The frozen line on the page (drawn, and kept off by labels).
    pub frozen: Vec<Vec<(f64, f64)>>,
    /// The scale bar, when the panel has one.
    pub scale_bar: Option<ScaleBar>,
}

impl<'p> PanelCx<'p> {
    /// Fits and projects everything the layers share. Nothing is clipped
    /// at draw time (clip paths are slow to raster): the frame keeps the
    /// country inside the panel, and neighbouring land is clipped here.
    fn new(
        base: &'p Base<'p>,
        palette: &'p Palette,
        resolved: &'p Resolved,
        opts: &'p Options,
        spec: PanelSpec,
    ) -> Result<Self> {
        let frame = base.frame(spec.rect);
        let page = base.on_page(spec.rect)?;
        let line = |l| polylines(&page_lines(&frame, &base.projection.project(l)));
        Ok(PanelCx {
            page,
            front: line(&resolved.current_front),
            frozen: line(&resolved.frozen_line),
            scale_bar: spec.scale_bar.then(|| ScaleBar::new(&frame)),
            base,
            resolved,
            opts,
            palette,
            tag: spec.tag,
            frame,
        })
    }

    /// The panel's rectangle: left, top, width, height.
    pub(crate) fn rect(&self) -> [f64; 4] {
        self.frame.rect
    }

    /// A layer or path id within this panel: `{tag}-{name}`.
    pub(crate) fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.tag)
    }
}

/// A drawn panel: its frame, its layers bottom to top, its legend entries.
pub(crate) struct Panel {
    /// The country fitted into the panel.
    pub frame: Frame,
    /// One layer per [`LayerKind`], in drawing order.
    pub layers: Vec<Layer>,
    /// The legend entries the layers drew.
    pub drawn: Drawn,
}

/// Draws one panel of `resolved`.
pub(crate) fn draw(
    base: &Base<'_>,
    palette: &Palette,
    resolved: &Resolved,
    opts: &Options,
    spec: PanelSpec,
) -> Result<Panel> {
    let cx = PanelCx::new(base, palette, resolved, opts, spec)?;
    let mut drawn = Drawn::NOTHING;
    let mut layers = Vec::with_capacity(LayerKind::ALL.len());
    for kind in LayerKind::ALL {
        let mut layer = Layer::new(cx.id(kind.id()));
        drawn = drawn.union(kind.draw()(&cx, &mut layer)?);
        let empty = layer.shapes.is_empty() && layer.texts.is_empty();
        if !(empty && kind.optional()) {
            layers.push(layer);
        }
    }
    Ok(Panel {
        frame: cx.frame,
        layers,
        drawn,
    })
}
