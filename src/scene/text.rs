//! Every sentence the page prints: titles, the `<desc>` summary, legend
//! entries, the credits note. The km², share and people figures are
//! formatted here once, so the description and the legend cannot word them
//! differently. Where the dataset has no population layer (or it is left
//! out), no sentence mentions people and the credits name no source of them.
//!
//! This file only writes strings: it measures nothing and places nothing.

use crate::format::{km2, percent, rounded_count};
use crate::model::Dataset;
use crate::population::People;
use crate::stats::{PeopleFigures, ScenarioResult, ScenarioTotals};

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

/// "now", or "on 25 March 2022" on a dataset moved to another snapshot
/// ([`Dataset::at`]): the lines drawn are not today's.
fn when(data: &Dataset) -> String {
    match data.moved_from {
        Some(_) => format!("on {}", data.scenarios.map.as_of.long()),
        None => "now".to_string(),
    }
}

/// The credits and the note on how lines are drawn; with the population
/// layer's credit where the map shows people.
pub(crate) fn footer(data: &Dataset) -> String {
    let people = population_credits(data).map_or_else(String::new, |c| format!(" {c}"));
    // The dataset's credits are written for its own date; another
    // snapshot's lines come from that date's rows.
    let dated = match data.moved_from.or(data.texts_from) {
        Some(own) => format!(
            " The lines of {} follow the sources of that date's rows in the control table (the credits above are for {}).",
            data.scenarios.map.as_of.long(),
            own.long()
        ),
        None => String::new(),
    };
    format!(
        "{}{dated}{people} Line positions are schematic: each region's held area is drawn to its reported share, growing from where control comes from.",
        data.scenarios.map.credits
    )
}

/// Who the people figures come from: the dataset's own credit line, else
/// the distinct `source` fields of its population files. `None` when the
/// dataset has no population layer (or it is left out).
pub(crate) fn population_credits(data: &Dataset) -> Option<String> {
    let pop = data.population.as_ref()?;
    if let Some(c) = &data.country.population_credits {
        return Some(c.clone());
    }
    let mut sources: Vec<&str> = Vec::new();
    let all = pop.units.iter().map(|u| u.source.as_str());
    for s in all.chain(pop.settlements.iter().map(|s| s.source.as_str())) {
        if !s.is_empty() && !sources.contains(&s) {
            sources.push(s);
        }
    }
    if sources.is_empty() {
        // Never a people figure without a word on where it comes from.
        return Some("People before the war: the dataset's population files, which name no source.".into());
    }
    Some(format!("People before the war: {}.", sources.join("; ")))
}

/// When the people counted lived there, in the words of most maps.
const BEFORE_THE_WAR: &str = "before the war";

/// When the people counted on ground held from `from` lived there:
/// "before the war", unless some population figure is dated after `from`
/// (ground of 2014 counted with figures of 2022: whose war is which?),
/// then the latest figures' date, "as of 1 January 2022".
fn people_when(data: &Dataset, from: crate::model::IsoDate) -> String {
    let latest = data
        .population
        .as_ref()
        .and_then(|p| p.units.iter().map(|u| u.as_of).max());
    match latest {
        Some(d) if d > from => format!("as of {}", d.long()),
        _ => BEFORE_THE_WAR.to_string(),
    }
}

/// ", ≈ N people before the war", the legend's words beside a km² figure
/// (`when`: [`people_when`]).
fn people_short(p: People, when: &str) -> String {
    format!(", ≈ {} people {when}", rounded_count(p.people))
}

/// "about N people before the war (range L–H)", the description's words.
fn people_long(p: People, when: &str) -> String {
    format!(
        "about {} people {when} (range {}–{})",
        rounded_count(p.people),
        rounded_count(p.low),
        rounded_count(p.high)
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

    /// The dataset the sentences are about.
    pub(crate) fn dataset(&self) -> &Dataset {
        self.data
    }

    /// The heading of the circles' key.
    pub(crate) fn circles_key(&self, threshold: u64) -> String {
        format!(
            "Circles: settlements of {} people or more before the war, area to scale:",
            rounded_count(threshold)
        )
    }

    /// One size of the circles' key.
    pub(crate) fn circle_size(&self, people: u64) -> String {
        format!("{} people", rounded_count(people))
    }

    /// The people figures, when the dataset has a population layer.
    fn people(&self) -> Option<&PeopleFigures> {
        self.totals.people.as_ref()
    }

    /// The legend's people words for one category, or nothing.
    fn short(&self, pick: impl Fn(&PeopleFigures) -> People) -> String {
        let when = people_when(self.data, self.data.scenarios.map.as_of);
        self.people().map_or_else(String::new, |p| people_short(pick(p), &when))
    }

    /// The description's people words for one category (after `joint`),
    /// or nothing.
    fn long(&self, joint: &str, pick: impl Fn(&PeopleFigures) -> People) -> String {
        let when = people_when(self.data, self.data.scenarios.map.as_of);
        self.people()
            .map_or_else(String::new, |p| format!("{joint}{}", people_long(pick(p), &when)))
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
                let people = self.short(|p| p.people_zones.get(&c.id).copied().unwrap_or_default());
                Some((c.fill, format!("{}{people}", c.legend.replace("{km2}", &km2(*km)))))
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

    /// "Held by X now: N km² (P % of C)" ("on DATE" for another snapshot).
    pub(crate) fn held_now(&self) -> String {
        self.held_now_worded("")
    }

    /// The legend's [`Summary::held_now`]: "… km² in all (…)" when entries
    /// for parts of that ground follow it.
    pub(crate) fn held_now_with_parts(&self) -> String {
        self.held_now_worded(" in all")
    }

    fn held_now_worded(&self, all: &str) -> String {
        let t = self.totals;
        format!(
            "Held by {} {}: {} km²{all} ({} of {}){}",
            self.occupier(),
            when(self.data),
            km2(t.held_km2),
            percent(t.held_share_of_country),
            self.data.country.name,
            self.short(PeopleFigures::held_now)
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
        format!(
            "Under the proposal {} would hold {}{}",
            self.occupier(),
            self.after(),
            self.short(PeopleFigures::after)
        )
    }

    /// The handover entry of the legend.
    pub(crate) fn handover(&self) -> String {
        format!(
            "To be handed over by {}: {} km²{}",
            self.defender(),
            km2(self.totals.handover_km2),
            self.short(PeopleFigures::handover)
        )
    }

    /// The returned entry of the legend.
    pub(crate) fn returned(&self) -> String {
        format!(
            "To be returned by {}: {} km²{}",
            self.occupier(),
            km2(self.totals.returned_km2),
            self.short(PeopleFigures::returned)
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
        let t = self.totals;
        let mut s = match self.people() {
            None => format!("{title}. {description} {}.", self.held_now()),
            Some(p) => format!(
                "{title}. {description} Held by {} {}: {} km² ({} of {}), {}.",
                self.occupier(),
                when(self.data),
                km2(t.held_km2),
                percent(t.held_share_of_country),
                self.data.country.name,
                people_long(p.held_now(), &people_when(self.data, self.data.scenarios.map.as_of))
            ),
        };
        if self.moves_ground() {
            s.push_str(&format!(
                " Under the proposal: {}{}; handed over by {}: {} km²{}; returned by {}: {} km²{}.",
                self.after(),
                self.long(", ", PeopleFigures::after),
                self.defender(),
                km2(t.handover_km2),
                self.long(", ", PeopleFigures::handover),
                self.occupier(),
                km2(t.returned_km2),
                self.long(", ", PeopleFigures::returned)
            ));
        }
        s
    }
}

/// The words of a legend shared by the panels of a figure: the entries of
/// a single map's legend without their figures, since each panel's heading
/// carries its own ([`proposal_heading`], [`date_heading`]).
pub(crate) struct SharedWords<'a> {
    data: &'a Dataset,
    results: Vec<&'a ScenarioResult>,
    dated: bool,
}

impl<'a> SharedWords<'a> {
    /// The words for panels showing `results`; `dated` when each panel is
    /// a date of the control table rather than a proposal.
    pub(crate) fn new(data: &'a Dataset, results: Vec<&'a ScenarioResult>, dated: bool) -> Self {
        SharedWords { data, results, dated }
    }

    fn occupier(&self) -> &str {
        &self.data.scenarios.sides.occupier.name
    }

    fn defender(&self) -> &str {
        &self.data.scenarios.sides.defender.name
    }

    /// The held entry: "Held by X now" ("on DATE" for another snapshot),
    /// or "Held by X" across dates.
    pub(crate) fn held(&self) -> String {
        if self.dated {
            format!("Held by {}", self.occupier())
        } else {
            format!("Held by {} {}", self.occupier(), when(self.data))
        }
    }

    /// The entry for ground held since the dataset's baseline (its label).
    pub(crate) fn before(&self) -> String {
        self.data
            .scenarios
            .map
            .before
            .as_ref()
            .map_or(String::new(), |b| b.label.clone())
    }

    /// The handover entry.
    pub(crate) fn handover(&self) -> String {
        format!("To be handed over by {}", self.defender())
    }

    /// The returned entry.
    pub(crate) fn returned(&self) -> String {
        format!("To be returned by {}", self.occupier())
    }

    /// Every declared zone some panel has, in declaration order: its fill
    /// and its label.
    pub(crate) fn zones(&self) -> Vec<(crate::model::Colour, String)> {
        self.data
            .scenarios
            .categories
            .iter()
            .filter(|c| self.results.iter().any(|r| r.totals.zones_km2.contains_key(&c.id)))
            .map(|c| (c.fill, c.label.clone()))
            .collect()
    }

    /// The defender's entry.
    pub(crate) fn held_by_defender(&self) -> String {
        format!("Held by {}", self.defender())
    }

    /// The current front's entry: its date, or "on the date shown".
    pub(crate) fn front(&self) -> String {
        let map = &self.data.scenarios.map;
        let label = map.line_label.as_deref().unwrap_or("Front line");
        if self.dated {
            format!("{label} on the date shown")
        } else {
            format!("{label}, {}", map.as_of.long())
        }
    }

    /// The frozen line's entry.
    pub(crate) fn frozen(&self) -> String {
        "Line frozen under the proposal".to_string()
    }

    /// One entry per distinct site and status over the panels.
    pub(crate) fn sites(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for s in self.results.iter().flat_map(|r| &r.sites) {
            let line = format!("◆ {}: {}", s.name, s.status);
            if !seen.contains(&line) {
                seen.push(line);
            }
        }
        seen
    }
}

/// A proposal panel's heading under its title: what the occupier would
/// hold, then what moves (handed over, returned, each zone), in km².
pub(crate) fn proposal_heading(data: &Dataset, result: &ScenarioResult) -> Vec<String> {
    let t = &result.totals;
    let mut lines = vec![format!(
        "{} would hold {} km² ({})",
        data.scenarios.sides.occupier.name,
        km2(t.after_km2),
        percent(t.after_share_of_country)
    )];
    let mut moves = Vec::new();
    if t.handover_km2 > 0.0 {
        moves.push(format!("handed over {} km²", km2(t.handover_km2)));
    }
    if t.returned_km2 > 0.0 {
        moves.push(format!("returned {} km²", km2(t.returned_km2)));
    }
    for c in &data.scenarios.categories {
        if let Some(km) = t.zones_km2.get(&c.id) {
            moves.push(format!("{} {} km²", c.label, km2(*km)));
        }
    }
    if moves.is_empty() {
        moves.push("no ground changes hands".to_string());
    }
    lines.push(capitalised(&moves.join(" · ")));
    lines
}

/// A date panel's heading under its date: the km² and share held.
pub(crate) fn date_heading(data: &Dataset, result: &ScenarioResult) -> Vec<String> {
    let t = &result.totals;
    vec![format!(
        "{} held {} km² ({})",
        data.scenarios.sides.occupier.name,
        km2(t.held_km2),
        percent(t.held_share_of_country)
    )]
}

/// `s` with its first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The title of a figure of `n` proposals side by side.
pub(crate) fn proposals_title(n: usize) -> String {
    let count = match n {
        2 => "Two".to_string(),
        3 => "Three".to_string(),
        n => n.to_string(),
    };
    format!("{count} proposals side by side")
}

/// The description of a figure of proposals side by side.
pub(crate) fn proposals_description(data: &Dataset) -> String {
    format!(
        "What {} would hold under each proposal, starting from the lines of {}. One scale and one legend for every panel.",
        data.scenarios.sides.occupier.name,
        data.scenarios.map.as_of.long()
    )
}

/// The title of small multiples over `dates` (in order).
pub(crate) fn dates_title(data: &Dataset, dates: impl Iterator<Item = crate::model::IsoDate>) -> String {
    let dates: Vec<_> = dates.collect();
    let occupier = &data.scenarios.sides.occupier.name;
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a != b => format!("Ground held by {occupier}, {} to {}", a.long(), b.long()),
        (Some(a), _) => format!("Ground held by {occupier}, {}", a.long()),
        _ => format!("Ground held by {occupier}"),
    }
}

/// The description of a figure (or frame) through the dates.
pub(crate) fn dates_description() -> String {
    "Each panel shows the lines of one snapshot of the control table. One scale and one legend for every panel."
        .to_string()
}

/// The description of an animation frame.
pub(crate) fn frame_description() -> String {
    "One frame per snapshot of the control table, every frame on one scale.".to_string()
}

/// The title of an animation frame.
pub(crate) fn frame_title(data: &Dataset, date: crate::model::IsoDate) -> String {
    format!("Ground held by {}, {}", data.scenarios.sides.occupier.name, date.long())
}

/// The title of a change map: "Change between D and D".
pub(crate) fn change_title(from: crate::model::IsoDate, to: crate::model::IsoDate) -> String {
    format!("Change between {} and {}", from.long(), to.long())
}

/// "+N" for a positive figure, "−N" for a negative one, "0" otherwise.
fn signed(v: f64) -> String {
    match v.round() as i64 {
        n if n > 0 => format!("+{}", km2(v)),
        n if n < 0 => format!("−{}", km2(-v)),
        _ => "0".to_string(),
    }
}

/// The sentences of a change map, from the change document (the numbers
/// `stats --change` prints) and the km² held since the baseline.
pub(crate) struct ChangeWords<'a> {
    data: &'a Dataset,
    change: &'a crate::change::Change,
    from: crate::model::IsoDate,
    to: crate::model::IsoDate,
    before_km2: f64,
}

impl<'a> ChangeWords<'a> {
    /// The sentences of `change` from `from` to `to` in `data`.
    pub(crate) fn new(
        data: &'a Dataset,
        change: &'a crate::change::Change,
        (from, to): (crate::model::IsoDate, crate::model::IsoDate),
        before_km2: f64,
    ) -> Self {
        ChangeWords {
            data,
            change,
            from,
            to,
            before_km2,
        }
    }

    fn occupier(&self) -> &str {
        &self.data.scenarios.sides.occupier.name
    }

    fn short(&self, pick: impl Fn(&crate::change::ChangePeople) -> People) -> String {
        let when = self.people_when();
        self.change
            .totals
            .people
            .as_ref()
            .map_or_else(String::new, |p| people_short(pick(p), &when))
    }

    fn long(&self, pick: impl Fn(&crate::change::ChangePeople) -> People) -> String {
        let when = self.people_when();
        self.change
            .totals
            .people
            .as_ref()
            .map_or_else(String::new, |p| format!(", {}", people_long(pick(p), &when)))
    }

    fn people_when(&self) -> String {
        people_when(self.data, self.from)
    }

    /// The page's description under the title.
    pub(crate) fn description(&self) -> String {
        format!(
            "Ground {} gained and lost between two snapshots of the control table, each date's lines drawn from each region's share on that date.",
            self.occupier()
        )
    }

    /// "Held by X on both dates: N km²".
    pub(crate) fn held_both(&self) -> String {
        format!(
            "Held by {} on both dates: {} km²",
            self.occupier(),
            km2(self.change.totals.held_both_km2)
        )
    }

    /// The baseline's entry: "Held before …: N km²".
    pub(crate) fn before(&self) -> String {
        let label = self.data.scenarios.map.before.as_ref().map_or("", |b| b.label.as_str());
        format!("{label}: {} km²", km2(self.before_km2))
    }

    /// The km² held on both dates but not yet at the baseline.
    pub(crate) fn held_both_after_baseline_km2(&self) -> f64 {
        self.change.totals.held_both_km2 - self.before_km2
    }

    /// "Gained by X since D: N km²", with the people.
    pub(crate) fn gained(&self) -> String {
        format!(
            "Gained by {} since {}: {} km²{}",
            self.occupier(),
            self.from.long(),
            km2(self.change.totals.gained_km2),
            if self.change.totals.gained_km2.round() > 0.0 {
                self.short(crate::change::ChangePeople::gained)
            } else {
                String::new()
            }
        )
    }

    /// "Lost by X since D: N km²", with the people.
    pub(crate) fn lost(&self) -> String {
        format!(
            "Lost by {} since {}: {} km²{}",
            self.occupier(),
            self.from.long(),
            km2(self.change.totals.lost_km2),
            if self.change.totals.lost_km2.round() > 0.0 {
                self.short(crate::change::ChangePeople::lost)
            } else {
                String::new()
            }
        )
    }

    /// The defender's entry.
    pub(crate) fn held_by_defender(&self) -> String {
        format!("Held by {} on both dates", self.data.scenarios.sides.defender.name)
    }

    /// The front's entry: the later date's line.
    pub(crate) fn front(&self) -> String {
        let label = self.data.scenarios.map.line_label.as_deref().unwrap_or("Front line");
        format!("{label}, {}", self.to.long())
    }

    /// "Net: +N km² (from A km², P %, to B km², Q %)": the change of the
    /// ground held, with both dates' figures.
    pub(crate) fn net(&self) -> String {
        let t = &self.change.totals;
        format!(
            "Net: {} km² (from {} km², {}, to {} km², {})",
            signed(t.net_km2),
            km2(t.held_from_km2),
            percent(t.held_from_share_of_country),
            km2(t.held_to_km2),
            percent(t.held_to_share_of_country)
        )
    }

    /// One line per unit whose ground changed hands, the largest change
    /// first: "Zaporizhzhia: +N km², −M km²" (gained, lost).
    pub(crate) fn by_unit(&self) -> Vec<String> {
        let mut units: Vec<(usize, &crate::change::UnitChange)> = self
            .change
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.gained_km2.round() > 0.0 || u.lost_km2.round() > 0.0)
            .collect();
        units.sort_by(|(i, a), (j, b)| {
            (b.gained_km2 + b.lost_km2)
                .total_cmp(&(a.gained_km2 + a.lost_km2))
                .then(i.cmp(j))
        });
        units
            .into_iter()
            .map(|(_, u)| {
                let mut moves = Vec::new();
                if u.gained_km2.round() > 0.0 {
                    moves.push(format!("{} km²", signed(u.gained_km2)));
                }
                if u.lost_km2.round() > 0.0 {
                    moves.push(format!("{} km²", signed(-u.lost_km2)));
                }
                format!("{}: {}", u.name, moves.join(", "))
            })
            .collect()
    }

    /// The text summary written into the SVG's `<desc>`: the totals with
    /// the people's ranges, then every unit's change.
    pub(crate) fn summary(&self, title: &str) -> String {
        let t = &self.change.totals;
        let mut s = format!(
            "{title}. {} Gained by {}: {} km²{}. Lost: {} km²{}. Net: {} km² ({} held {} km², {}, on {} and {} km², {}, on {}).",
            self.description(),
            self.occupier(),
            km2(t.gained_km2),
            self.long(crate::change::ChangePeople::gained),
            km2(t.lost_km2),
            self.long(crate::change::ChangePeople::lost),
            signed(t.net_km2),
            self.occupier(),
            km2(t.held_from_km2),
            percent(t.held_from_share_of_country),
            self.from.long(),
            km2(t.held_to_km2),
            percent(t.held_to_share_of_country),
            self.to.long()
        );
        if self.before_km2 > 0.0 {
            s.push_str(&format!(" {}.", self.before()));
        }
        let units = self.by_unit();
        if !units.is_empty() {
            s.push_str(&format!(" By region (gained +, lost −): {}.", units.join("; ")));
        }
        s
    }
}
