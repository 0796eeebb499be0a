//! The map's palette and type sizes in one place. Side colours come from
//! the dataset; everything else is the house style.

/// Page background (outside the map panels).
pub const PAGE: &str = "#ffffff";
/// The edge of a map panel.
pub const PANEL_EDGE: &str = "#c9c3b6";
/// Sea.
pub const SEA: &str = "#dfe9ef";
/// Neighbouring land.
pub const LAND: &str = "#e9e6df";
/// Borders between neighbouring countries.
pub const LAND_BORDER: &str = "#ffffff";
/// Borders between units.
pub const UNIT_BORDER: &str = "#9d9686";
/// The country's outline.
pub const NATIONAL_BORDER: &str = "#5f5a50";
/// Rivers.
pub const RIVER: &str = "#9cbfd3";
/// The current front line.
pub const FRONT: &str = "#4a1410";
/// The frozen (ceasefire) line.
pub const FROZEN: &str = "#1d2b4f";
/// Main text.
pub const INK: &str = "#1f1f1f";
/// Secondary text.
pub const MUTED: &str = "#5c5c5c";
/// Unit names.
pub const UNIT_LABEL: &str = "#7a7263";
/// Neighbouring country names.
pub const COUNTRY_LABEL: &str = "#8f897c";
/// Sea names.
pub const WATER_LABEL: &str = "#6f8fa3";
/// Text halo.
pub const HALO: &str = "#ffffff";
/// Font family written into the SVG: the embedded DejaVu Sans first.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";
