//! The map layers of a panel, bottom to top, under one enum. Each layer is
//! one function with the signature [`Draw`]: it reads the panel's
//! [`PanelCx`] and fills its own [`Layer`], and says which legend entries
//! it drew. A new layer is a file here, a [`LayerKind`] variant (id, place
//! in [`LayerKind::ALL`], draw function) and a golden case.
//!
//! Layers do not compute the engine's geometry (they project and snap what
//! [`crate::scenario::Resolved`] holds), do not see each other's output,
//! and do not lay out the page around the panel.

mod borders;
pub(crate) mod categories;
mod fronts;
mod ground;
pub(crate) mod people;
pub(crate) mod scale_bar;
pub(crate) mod sites;
mod water;
mod zones;

use super::Layer;
use super::legend::Drawn;
use super::panel::PanelCx;
use crate::error::Result;

/// How every layer is drawn: from the panel's context into its own layer.
pub(crate) type Draw = fn(&PanelCx<'_>, &mut Layer) -> Result<Drawn>;

/// A map layer. Its [`id`](LayerKind::id) names the SVG group (after the
/// panel's tag: `map-sea`, `now-held`, …), as the README lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// The sea: the panel's background.
    Sea,
    /// Neighbouring land, clipped to the panel.
    Context,
    /// The country's units in the defender's colour.
    Defender,
    /// Ground the occupier holds now and after.
    Held,
    /// Held ground already held at the dataset's "before" baseline.
    Before,
    /// Ground the defender would hand over.
    Handover,
    /// Ground the occupier would return.
    Returned,
    /// Ground in the categories the dataset declares (zones).
    Zones,
    /// Settlements as circles sized by their people (`--population`).
    People,
    /// Reservoirs and rivers.
    Water,
    /// Unit borders and the national outline.
    Borders,
    /// The current front and the frozen line.
    Front,
    /// Sites with a status under the proposal.
    Sites,
    /// Place markers and names of places, units, neighbours and seas.
    Labels,
    /// The scale bar and the panel's edge.
    Scale,
}

impl LayerKind {
    /// Every layer, in drawing order.
    pub const ALL: [LayerKind; 15] = [
        LayerKind::Sea,
        LayerKind::Context,
        LayerKind::Defender,
        LayerKind::Held,
        LayerKind::Before,
        LayerKind::Handover,
        LayerKind::Returned,
        LayerKind::Zones,
        LayerKind::People,
        LayerKind::Water,
        LayerKind::Borders,
        LayerKind::Front,
        LayerKind::Sites,
        LayerKind::Labels,
        LayerKind::Scale,
    ];

    /// The layer's id in the SVG, without the panel's tag.
    pub const fn id(self) -> &'static str {
        match self {
            LayerKind::Sea => "sea",
            LayerKind::Context => "context",
            LayerKind::Defender => "defender",
            LayerKind::Held => "held",
            LayerKind::Before => "held-before",
            LayerKind::Handover => "handover",
            LayerKind::Returned => "returned",
            LayerKind::Zones => "zones",
            LayerKind::People => "people",
            LayerKind::Water => "water",
            LayerKind::Borders => "borders",
            LayerKind::Front => "front",
            LayerKind::Sites => "sites",
            LayerKind::Labels => "labels",
            LayerKind::Scale => "scale",
        }
    }

    /// True for layers only some maps have (zones, people, sites, ground held
    /// since the baseline): their group
    /// is left out of the SVG when they drew nothing.
    pub(crate) const fn optional(self) -> bool {
        matches!(
            self,
            LayerKind::Zones | LayerKind::People | LayerKind::Sites | LayerKind::Before
        )
    }

    /// The function that draws the layer.
    pub(crate) fn draw(self) -> Draw {
        match self {
            LayerKind::Sea => ground::sea,
            LayerKind::Context => ground::context,
            LayerKind::Defender => categories::defender,
            LayerKind::Held => categories::held,
            LayerKind::Before => categories::before,
            LayerKind::Handover => categories::handover,
            LayerKind::Returned => categories::returned,
            LayerKind::Zones => zones::draw,
            LayerKind::People => people::draw,
            LayerKind::Water => water::draw,
            LayerKind::Borders => borders::draw,
            LayerKind::Front => fronts::draw,
            LayerKind::Sites => sites::draw,
            LayerKind::Labels => super::labels::draw,
            LayerKind::Scale => scale_bar::draw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_all_lists_every_layer_once() {
        let ids: std::collections::BTreeSet<&str> = LayerKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids.len(), LayerKind::ALL.len());
        assert_eq!(LayerKind::ALL.first(), Some(&LayerKind::Sea));
        assert_eq!(LayerKind::ALL.last(), Some(&LayerKind::Scale));
    }
}
