//! Every sentence the page prints: titles, the `<desc>` summary, legend
//! entries, the credits note. The km² and share figures are formatted here
//! once, so the description and the legend cannot word them differently.
//!
//! This file only writes strings: it measures nothing and places nothing.

use crate::format::{km2, percent};
use crate::model::Dataset;
use crate::stats::{ScenarioResult, ScenarioTotals};

/// A scenario's title and description (the id alone when it has none).
pub(crate) fn scenario(data: &Dataset, id: &str) -> (String, String) {
    data.scenarios.get(id).map_or_else(
        || (id.to_string(), String::new()),
        |s| (s.title.clone(), s.description.clone()),
    )
}

/// The title of a comparison page.
pub(crate) fn compare_title(title: &str) -> String {
    format!("{title}: now and under the proposal")
}

/// The left panel's title of a comparison page.
pub(crate) fn now_subtitle(data: &Dataset) -> String {
    format!("Now ({})", data.scenarios.map.as_of.long())
}

/// The right panel's title of a comparison page.
pub(crate) const PROPOSAL_SUBTITLE: &str = "Under the proposal";

/// The credits and the note on how lines are drawn.
pub(crate) fn footer(data: &Dataset) -> String {
    format!(
        "{} Line positions are schematic: each region's held area is drawn to its reported share, growing from where control comes from.",
        data.scenarios.map.credits
    )
}

/// The sentences about one scenario's figures. They are English, so they
/// name the sides in English too; `--lang` switches the names on the map.
pub(crate) struct Summary<'a> {
    data: &'a Dataset,
    totals: &'a ScenarioTotals,
    result: &'a ScenarioResult,
    before_km2: f64,
}

impl<'a> Summary<'a> {
    /// The sentences for `result` in `data`.
    pub(crate) fn new(data: &'a Dataset, result: &'a ScenarioResult) -> Self {
        Summary {
            data,
            totals: &result.totals,
            result,
            before_km2: 0.0,
        }
    }

    /// The same sentences, with the km² of ground held since the baseline.
    pub(crate) fn with_before(self, km2: f64) -> Self {
        Summary {
            before_km2: km2,
            ..self
        }
    }

    /// The baseline's legend entry: "Held before …: N km²".
    pub(crate) fn before(&self) -> String {
        let label = self.data.scenarios.map.before.as_ref().map_or("", |b| b.label.as_str());
        format!("{label}: {} km²", km2(self.before_km2))
    }

    fn occupier(&self) -> &str {
        &self.data.scenarios.sides.occupier.name
    }

    fn defender(&self) -> &str {
        &self.data.scenarios.sides.defender.name
    }

    /// True when the proposal moves ground (then it gets its own sentence).
    pub(crate) fn moves_ground(&self) -> bool {
        self.totals.handover_km2 > 0.0 || self.totals.returned_km2 > 0.0 || !self.totals.zones_km2.is_empty()
    }

    /// Each declared zone the scenario has, in declaration order: its fill
    /// and its legend sentence with the km² filled in.
    pub(crate) fn zones(&self) -> Vec<(crate::model::Colour, String)> {
        self.data
            .scenarios
            .categories
            .iter()
            .filter_map(|c| {
                let km = self.totals.zones_km2.get(&c.id)?;
                Some((c.fill, c.legend.replace("{km2}", &km2(*km))))
            })
            .collect()
    }

    /// One sentence per mutual pull-back, with both figures.
    pub(crate) fn exchanges(&self) -> Vec<String> {
        self.result
            .exchanges
            .iter()
            .map(|e| {
                format!(
                    "Pull-back: {} {} km² ({:.0} km), {} {} km² ({:.0} km)",
                    self.defender(),
                    km2(e.defender_km2),
                    e.defender_depth_km,
                    self.occupier(),
                    km2(e.occupier_km2),
                    e.occupier_depth_km
                )
            })
            .collect()
    }

    /// One sentence per site: "◆ name: status".
    pub(crate) fn sites(&self) -> Vec<String> {
        self.result
            .sites
            .iter()
            .map(|s| format!("◆ {}: {}", s.name, s.status))
            .collect()
    }

    /// "Held by X now: N km² (P % of C)".
    pub(crate) fn held_now(&self) -> String {
        let t = self.totals;
        format!(
            "Held by {} now: {} km² ({} of {})",
            self.occupier(),
            km2(t.held_km2),
            percent(t.held_share_of_country),
            self.data.country.name
        )
    }

    /// "N km² (P %)": what the occupier would hold under the proposal.
    fn after(&self) -> String {
        format!(
            "{} km² ({})",
            km2(self.totals.after_km2),
            percent(self.totals.after_share_of_country)
        )
    }

    /// The legend's closing line: "Under the proposal X would hold …".
    pub(crate) fn under_proposal(&self) -> String {
        format!("Under the proposal {} would hold {}", self.occupier(), self.after())
    }

    /// The handover entry of the legend.
    pub(crate) fn handover(&self) -> String {
        format!(
            "To be handed over by {}: {} km²",
            self.defender(),
            km2(self.totals.handover_km2)
        )
    }

    /// The returned entry of the legend.
    pub(crate) fn returned(&self) -> String {
        format!(
            "To be returned by {}: {} km²",
            self.occupier(),
            km2(self.totals.returned_km2)
        )
    }

    /// The defender's entry of the legend.
    pub(crate) fn held_by_defender(&self) -> String {
        format!("Held by {}", self.defender())
    }

    /// The current front's entry of the legend: its label and date.
    pub(crate) fn front(&self) -> String {
        let map = &self.data.scenarios.map;
        format!(
            "{}, {}",
            map.line_label.as_deref().unwrap_or("Front line"),
            map.as_of.long()
        )
    }

    /// The frozen line's entry of the legend.
    pub(crate) fn frozen(&self) -> String {
        "Line frozen under the proposal".to_string()
    }

    /// The text summary written into the SVG's `<desc>`.
    pub(crate) fn description(&self, title: &str, description: &str) -> String {
        let mut s = format!("{title}. {description} {}.", self.held_now());
        if self.moves_ground() {
            s.push_str(&format!(
                " Under the proposal: {}; handed over by {}: {} km²; returned by {}: {} km².",
                self.after(),
                self.defender(),
                km2(self.totals.handover_km2),
                self.occupier(),
                km2(self.totals.returned_km2)
            ));
        }
        s
    }
}
