//! The pages: [`single`] (one map), [`change`] (the ground gained and lost
//! between two dates), [`compare`] (now and the proposal side by side) and [`figure`] (N panels in a grid: proposals side by side, or
//! one panel per date), each composed top to bottom: header → panels →
//! legend → footer. Every panel of a page has the same size, so they share
//! one scale; they share one legend too. The page's dimensions are the
//! constants here.
//!
//! The page lays out and words nothing inside a panel: [`panel`] draws the
//! maps, [`legend`] the key, [`text`] the sentences.

use super::base::Base;
use super::legend::{Drawn, Key, Legend};
use super::panel::{self, PanelSpec};
use super::style::{self, Palette};
use super::text::SharedWords;
use super::text::{self, Summary};
use super::{Layer, Layout, Options, Scene, Text};
use crate::error::Result;
use crate::model::IsoDate;
use crate::projection::Frame;
use crate::scenario::Resolved;
use crate::stats::ScenarioResult;

/// A single map page's layout when none is asked for.
const SINGLE_LAYOUT: Layout = Layout::Wide;
/// A single page's map panel height, per unit of page width.
const SINGLE_MAP_RATIO: f64 = 0.62;
/// A comparison page's layout when none is asked for.
const COMPARE_LAYOUT: Layout = Layout::Full;
/// A comparison's map panel height, per unit of page width.
const COMPARE_MAP_RATIO: f64 = 470.0 / 1400.0;
/// Room above a comparison's panels for their titles.
const SUBTITLE_ROOM: f64 = 26.0;
/// A comparison panel's title sits this far above the panel.
const SUBTITLE_RAISE: f64 = 9.0;
/// Page margin on every side, and the gap between panels.
const MARGIN: f64 = 22.0;
/// Space between the panels and the legend.
const BELOW_PANELS: f64 = 16.0;
/// The title's baseline below the page's top margin.
const TITLE_BASELINE: f64 = 22.0;
/// Line pitch of a title that wraps.
const TITLE_LEADING: f64 = 30.0;
/// The room the title's last line takes.
const TITLE_BLOCK: f64 = 34.0;
/// Line pitch of the description.
const BODY_LEADING: f64 = 19.0;
/// A figure's layout when none is asked for.
const FIGURE_LAYOUT: Layout = Layout::Full;
/// A figure panel's map height, per unit of panel width.
const FIGURE_MAP_RATIO: f64 = 0.69;
/// The narrowest figure panel: a page holds as many columns as fit.
const FIGURE_MIN_PANEL: f64 = 300.0;
/// Line pitch of a figure panel's bold title.
const HEADING_TITLE_LEADING: f64 = 19.0;
/// Line pitch of a figure panel's figures under its title.
const HEADING_LEADING: f64 = 17.0;
/// Space between a figure panel's heading and its map.
const HEADING_GAP: f64 = 4.0;
/// Line pitch of the credits.
const CREDITS_LEADING: f64 = 15.0;
/// Space after the header and after the footer.
const BLOCK_END: f64 = 14.0;

/// A single map of a scenario: current lines, proposal and front lines.
pub fn single(base: &Base<'_>, r: &Resolved, result: &ScenarioResult, opts: &Options) -> Result<Scene> {
    let data = base.data;
    let id = r.scenario_id().unwrap_or("current");
    let (title, description) = data.scenario_text(id);
    let width = opts.layout.unwrap_or(SINGLE_LAYOUT).width();
    let mut page = Page::new(base, width, format!("cm-{id}-"), opts);
    page.header(&title, &description);
    let drawn = page.single_panel(r, opts)?;
    let summary = Summary::new(data, result).with_before(r.before_km2);
    page.legend(&summary, drawn);
    page.footer();
    Ok(page.finish(&title, summary.description(&title, &description)))
}

/// A change map: the ground the occupier held on both dates of `r`
/// ([`Resolved::change`]) in its colour (and the part held since the
/// baseline in the darker tone), the ground it gained and the ground it
/// lost in their own looks, with the km² of `change` in the legend and
/// the description. Laid out as a single map.
pub fn change(base: &Base<'_>, r: &Resolved, change: &crate::change::Change, opts: &Options) -> Result<Scene> {
    let data = base.data;
    let dates = r
        .change_dates()
        .ok_or_else(|| crate::Error::Usage("a change map needs the ground of a change between two dates".into()))?;
    let words = text::ChangeWords::new(data, change, dates, r.before_km2);
    let title = text::change_title(dates.0, dates.1);
    let width = opts.layout.unwrap_or(SINGLE_LAYOUT).width();
    let mut page = Page::new(
        base,
        width,
        format!("cm-{}-", crate::change::Change::name(dates.0, dates.1)),
        opts,
    );
    page.header(&title, &words.description());
    let drawn = page.single_panel(r, opts)?;
    let legend = Legend::change(&words, &page.palette, drawn);
    let (layer, height) = legend.layer("legend", MARGIN, page.y, page.inner_width(), &base.metrics);
    page.y += height;
    page.layers.push(layer);
    if let Some(units) = Legend::change_by_unit(&words) {
        let (layer, height) = units.layer("legend-units", MARGIN, page.y, page.inner_width(), &base.metrics);
        page.y += height;
        page.layers.push(layer);
    }
    page.footer();
    Ok(page.finish(&title, words.summary(&title)))
}

/// Current lines and a proposal side by side, sharing legend and scale.
pub fn compare(
    base: &Base<'_>,
    now: &Resolved,
    r: &Resolved,
    result: &ScenarioResult,
    opts: &Options,
) -> Result<Scene> {
    let data = base.data;
    let id = r.scenario_id().unwrap_or("current");
    let (scenario_title, description) = data.scenario_text(id);
    let width = opts.layout.unwrap_or(COMPARE_LAYOUT).width();
    let map_height = (width * COMPARE_MAP_RATIO).round();
    let mut page = Page::new(base, width, format!("cm-{id}-compare-"), opts);
    let title = text::compare_title(&scenario_title);
    page.header(&title, &description);
    let w = (width - 3.0 * MARGIN) / 2.0;
    let top = page.y + SUBTITLE_ROOM;
    let left = [MARGIN, top, w, map_height];
    let right = [2.0 * MARGIN + w, top, w, map_height];
    page.subtitle(left[0], top - SUBTITLE_RAISE, &text::now_subtitle(data));
    page.subtitle(right[0], top - SUBTITLE_RAISE, text::PROPOSAL_SUBTITLE);
    let before = page.panel(
        now,
        opts,
        PanelSpec {
            rect: left,
            scale_bar: true,
            tag: "now".into(),
        },
    )?;
    let after = page.panel(
        r,
        opts,
        PanelSpec {
            rect: right,
            scale_bar: false,
            tag: "proposal".into(),
        },
    )?;
    page.y = top + map_height + BELOW_PANELS;
    let summary = Summary::new(data, result).with_before(r.before_km2);
    page.legend(&summary, after.union(before));
    page.footer();
    Ok(page.finish(&title, summary.description(&scenario_title, &description)))
}

/// One panel of a multi-panel figure: what it draws and its heading.
#[derive(Debug)]
pub(crate) struct FigurePanel<'r> {
    /// The outcome drawn.
    pub resolved: &'r Resolved,
    /// Its numbers, for the shared legend (zones and sites).
    pub result: &'r ScenarioResult,
    /// The heading's bold first line (a scenario's title, a date).
    pub title: String,
    /// The heading's further lines (the panel's km² figures).
    pub lines: Vec<String>,
}

/// A multi-panel figure: panels in a grid, one legend, one scale.
#[derive(Debug)]
pub(crate) struct Figure<'r> {
    /// The readable start of every id (`proposals-…`, `dates`): the
    /// content hash is added to it.
    pub name: String,
    /// The page's title.
    pub title: String,
    /// The page's description, under the title.
    pub description: String,
    /// The panels, in reading order (left to right, then down).
    pub panels: Vec<FigurePanel<'r>>,
    /// True when the panels are dates of the control table rather than
    /// proposals (the legend words the front line for each date).
    pub dated: bool,
    /// Entries the legend keeps whether or not these panels draw them:
    /// the frames of an animation share one legend, so it does not shift
    /// from frame to frame.
    pub legend_keys: Drawn,
}

/// Columns of a grid of `n` panels across `width`: as many as panels of
/// [`FIGURE_MIN_PANEL`] fit, then balanced so the last row is as full as
/// it can be (8 panels in 3 rows of 3, 3 and 2; 4 in 2 rows of 2).
fn columns(n: usize, width: f64) -> usize {
    let fit = ((width - MARGIN) / (FIGURE_MIN_PANEL + MARGIN)).floor() as usize;
    let most = fit.clamp(1, n.max(1));
    let rows = n.div_ceil(most).max(1);
    n.div_ceil(rows).max(1)
}

/// A figure of several panels on one page, sharing one legend (what any
/// panel drew) and one scale (every panel has the same size and fit; the
/// first carries the scale bar).
pub(crate) fn figure(base: &Base<'_>, fig: &Figure<'_>, opts: &Options) -> Result<Scene> {
    let results: Vec<&ScenarioResult> = fig.panels.iter().map(|p| p.result).collect();
    figure_with(base, fig, opts, &results)
}

/// [`figure`] with the legend's zones and sites taken from `results`
/// (the frames of an animation share the legend of all frames).
fn figure_with(base: &Base<'_>, fig: &Figure<'_>, opts: &Options, results: &[&ScenarioResult]) -> Result<Scene> {
    let data = base.data;
    let width = opts.layout.unwrap_or(FIGURE_LAYOUT).width();
    let mut page = Page::new(base, width, format!("cm-{}-", fig.name), opts);
    page.header(&fig.title, &fig.description);
    let cols = columns(fig.panels.len(), width);
    let panel_w = ((width - (cols as f64 + 1.0) * MARGIN) / cols as f64).floor();
    let map_h = (panel_w * FIGURE_MAP_RATIO).round();
    let size = style::TYPE;
    let headings: Vec<(Vec<String>, Vec<String>)> = fig
        .panels
        .iter()
        .map(|p| {
            let title = base.metrics.wrap(&p.title, size.subtitle, true, panel_w);
            let lines = p
                .lines
                .iter()
                .flat_map(|l| base.metrics.wrap(l, size.legend, false, panel_w))
                .collect();
            (title, lines)
        })
        .collect();
    // Each row's headings take the room of its tallest.
    let heading_h: Vec<f64> = headings
        .chunks(cols)
        .map(|row| {
            row.iter()
                .map(|(t, l)| t.len() as f64 * HEADING_TITLE_LEADING + l.len() as f64 * HEADING_LEADING)
                .fold(0.0, f64::max)
                + HEADING_GAP
        })
        .collect();
    let mut drawn = Drawn::NOTHING;
    let mut top = page.y;
    for (k, (p, (title, lines))) in fig.panels.iter().zip(&headings).enumerate() {
        let (col, row) = (k % cols, k / cols);
        if col == 0 && row > 0 {
            top += heading_h[row - 1] + map_h + MARGIN;
        }
        let x = MARGIN + col as f64 * (panel_w + MARGIN);
        page.heading(k + 1, x, top, title, lines);
        let spec = PanelSpec {
            rect: [x, top + heading_h[row], panel_w, map_h],
            scale_bar: k == 0,
            tag: format!("panel-{}", k + 1),
        };
        drawn = drawn.union(page.panel(p.resolved, opts, spec)?);
    }
    page.y = top + heading_h.last().copied().unwrap_or(0.0) + map_h + BELOW_PANELS;
    let words = SharedWords::new(data, results.to_vec(), fig.dated);
    let legend = Legend::shared(&words, &page.palette, drawn.union(fig.legend_keys));
    let (layer, height) = legend.layer("legend", MARGIN, page.y, page.inner_width(), &base.metrics);
    page.y += height;
    page.layers.push(layer);
    page.footer();
    let mut description = format!("{}. {}", fig.title, fig.description);
    for p in &fig.panels {
        description.push_str(&format!(" {}: {}.", p.title, p.lines.join("; ")));
    }
    Ok(page.finish(&fig.title, description))
}

/// Proposals side by side: one panel per scenario, titled with its title
/// and headline km², sharing one legend and one scale.
pub fn proposals(base: &Base<'_>, panels: &[(&Resolved, &ScenarioResult)], opts: &Options) -> Result<Scene> {
    let data = base.data;
    let ids: Vec<&str> = panels.iter().map(|(_, r)| r.id.as_str()).collect();
    let fig = Figure {
        name: format!("proposals-{}", ids.join("-")),
        title: text::proposals_title(panels.len()),
        description: text::proposals_description(data),
        panels: panels
            .iter()
            .map(|(r, result)| FigurePanel {
                resolved: r,
                result,
                title: data.scenario_text(&result.id).0,
                lines: text::proposal_heading(data, result),
            })
            .collect(),
        dated: false,
        legend_keys: Drawn::NOTHING,
    };
    figure(base, &fig, opts)
}

/// Small multiples: one panel per date of the control table (the lines
/// of that snapshot), titled with its date and the km² and share held.
pub fn dates(base: &Base<'_>, panels: &[(IsoDate, &Resolved, &ScenarioResult)], opts: &Options) -> Result<Scene> {
    let data = base.data;
    let fig = Figure {
        name: "dates".into(),
        title: text::dates_title(data, panels.iter().map(|p| p.0)),
        description: text::dates_description(),
        panels: panels
            .iter()
            .map(|(date, r, result)| FigurePanel {
                resolved: r,
                result,
                title: date.long(),
                lines: text::date_heading(data, result),
            })
            .collect(),
        dated: true,
        legend_keys: Drawn::NOTHING,
    };
    figure(base, &fig, opts)
}

/// The frames of an animation through the dates: one page per date with
/// one panel, the page titled with the date and the panel with the km²
/// held, all with the legend of every frame and
/// the same height (a frame with less text has more room at the foot).
pub fn date_frames(
    base: &Base<'_>,
    panels: &[(IsoDate, &Resolved, &ScenarioResult)],
    opts: &Options,
) -> Result<Vec<Scene>> {
    let data = base.data;
    let all: Vec<&ScenarioResult> = panels.iter().map(|p| p.2).collect();
    let opts = Options {
        layout: Some(opts.layout.unwrap_or(SINGLE_LAYOUT)),
        ..opts.clone()
    };
    // One legend for every frame: the entries any frame draws.
    let legend_keys = panels.iter().fold(Drawn::NOTHING, |keys, (_, r, _)| {
        keys.union(Drawn::when(r.held_before.iter().any(|g| !g.0.is_empty()), Key::Before))
            .union(Drawn::when(!r.current_front.0.is_empty(), Key::Front))
    });
    let mut frames = panels
        .iter()
        .map(|(date, r, result)| {
            let fig = Figure {
                name: format!("frame-{date}"),
                title: text::frame_title(data, *date),
                description: text::frame_description(),
                panels: vec![FigurePanel {
                    resolved: r,
                    result,
                    // The page title carries the date.
                    title: String::new(),
                    lines: text::date_heading(data, result),
                }],
                dated: true,
                legend_keys,
            };
            figure_with(base, &fig, &opts, &all)
        })
        .collect::<Result<Vec<_>>>()?;
    let height = frames.iter().map(|f| f.height).fold(0.0, f64::max);
    for f in &mut frames {
        f.height = height;
    }
    Ok(frames)
}

/// A page being composed top to bottom; `y` is where the next part goes.
struct Page<'b, 'a> {
    base: &'b Base<'a>,
    palette: Palette,
    width: f64,
    y: f64,
    /// The readable start of every id (`cm-{scenario}-`); the content
    /// hash is added when the page is finished.
    prefix: String,
    /// The language and layout, which the content hash also covers.
    lang: String,
    layers: Vec<Layer>,
    panels: Vec<Frame>,
}

impl<'b, 'a> Page<'b, 'a> {
    fn new(base: &'b Base<'a>, width: f64, prefix: String, opts: &Options) -> Self {
        let palette = Palette::new(base.data);
        Page {
            base,
            palette,
            width,
            y: MARGIN,
            prefix,
            lang: format!("{}/{:?}", opts.lang, opts.layout),
            layers: Vec::new(),
            panels: Vec::new(),
        }
    }

    /// Width available between the margins.
    fn inner_width(&self) -> f64 {
        self.width - 2.0 * MARGIN
    }

    /// The one map of a single-map page, below what is drawn so far, the
    /// page's full inner width and [`SINGLE_MAP_RATIO`] of its width high,
    /// with a scale bar; the page continues below it.
    fn single_panel(&mut self, r: &Resolved, opts: &Options) -> Result<Drawn> {
        let rect = [
            MARGIN,
            self.y,
            self.inner_width(),
            (self.width * SINGLE_MAP_RATIO).round(),
        ];
        let drawn = self.panel(
            r,
            opts,
            PanelSpec {
                rect,
                scale_bar: true,
                tag: "map".into(),
            },
        )?;
        self.y = rect[1] + rect[3] + BELOW_PANELS;
        Ok(drawn)
    }

    fn header(&mut self, title: &str, description: &str) {
        let size = style::TYPE;
        let mut l = Layer::new("header");
        // A title wider than the page wraps (a figure's, in a column).
        let lines = if self.base.metrics.width(title, size.title, true, 0.0) <= self.inner_width() {
            vec![title.to_string()]
        } else {
            self.base.metrics.wrap(title, size.title, true, self.inner_width())
        };
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                self.y += TITLE_LEADING;
            }
            l.texts.push(
                Text::new(
                    line,
                    MARGIN,
                    self.y + TITLE_BASELINE,
                    size.title,
                    style::INK,
                    "cm-title",
                )
                .bold(true),
            );
        }
        self.y += TITLE_BLOCK;
        for line in self
            .base
            .metrics
            .wrap(description, size.body, false, self.inner_width())
        {
            self.y += BODY_LEADING;
            l.texts.push(Text::new(
                &line,
                MARGIN,
                self.y,
                size.body,
                style::MUTED,
                "cm-description",
            ));
        }
        self.y += BLOCK_END;
        self.layers.push(l);
    }

    fn subtitle(&mut self, x: f64, y: f64, s: &str) {
        let n = self.layers.iter().filter(|l| l.id.starts_with("subtitle")).count() + 1;
        let mut l = Layer::new(format!("subtitle-{n}"));
        l.texts
            .push(Text::new(s, x, y, style::TYPE.subtitle, style::INK, "cm-subtitle").bold(true));
        self.layers.push(l);
    }

    /// A figure panel's heading at `(x, top)`: the title's lines in bold,
    /// then the figures, one layer per panel (`heading-1`, …).
    fn heading(&mut self, n: usize, x: f64, top: f64, title: &[String], lines: &[String]) {
        let size = style::TYPE;
        let mut l = Layer::new(format!("heading-{n}"));
        let mut y = top;
        for t in title {
            y += HEADING_TITLE_LEADING;
            l.texts
                .push(Text::new(t, x, y - 4.0, size.subtitle, style::INK, "cm-subtitle").bold(true));
        }
        for t in lines {
            y += HEADING_LEADING;
            l.texts
                .push(Text::new(t, x, y - 4.0, size.legend, style::MUTED, "cm-panel-figures"));
        }
        self.layers.push(l);
    }

    /// Draws one map panel; returns which legend entries it used.
    fn panel(&mut self, r: &Resolved, opts: &Options, spec: PanelSpec) -> Result<Drawn> {
        let p = panel::draw(self.base, &self.palette, r, opts, spec)?;
        self.panels.push(p.frame);
        self.layers.extend(p.layers);
        Ok(p.drawn)
    }

    fn legend(&mut self, summary: &Summary<'_>, drawn: Drawn) {
        let legend = Legend::new(summary, &self.palette, drawn);
        let (layer, height) = legend.layer("legend", MARGIN, self.y, self.inner_width(), &self.base.metrics);
        self.y += height;
        self.layers.push(layer);
    }

    fn footer(&mut self) {
        let size = style::TYPE.credits;
        let mut l = Layer::new("footer");
        let note = text::footer(self.base.data);
        for line in self.base.metrics.wrap(&note, size, false, self.inner_width()) {
            self.y += CREDITS_LEADING;
            l.texts
                .push(Text::new(&line, MARGIN, self.y, size, style::MUTED, "cm-credits"));
        }
        self.y += BLOCK_END;
        self.layers.push(l);
    }

    fn finish(self, title: &str, description: String) -> Scene {
        let mut scene = Scene {
            width: self.width,
            height: self.y.ceil(),
            id_prefix: String::new(),
            title: title.to_string(),
            description,
            background: style::PAGE.into(),
            layers: self.layers,
            panels: self.panels,
        };
        let hash = content_hash(&scene, &[&self.prefix, &self.lang]);
        scene.id_prefix = format!("{}{hash:08x}-", self.prefix);
        scene
    }
}

/// A short hash (FNV-1a, folded to 32 bits) of everything the scene draws
/// and says, and of `extra` (scenario, page kind, language): two maps that
/// differ in anything get different ids, so two maps inline on one page
/// never share one.
fn content_hash(scene: &Scene, extra: &[&str]) -> u32 {
    struct Fnv(u64);
    impl Fnv {
        fn bytes(&mut self, b: &[u8]) {
            for &x in b {
                self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        fn str(&mut self, s: &str) {
            self.bytes(s.as_bytes());
            self.bytes(&[0xff]);
        }
        fn num(&mut self, v: f64) {
            self.bytes(&v.to_bits().to_le_bytes());
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for s in extra {
        h.str(s);
    }
    h.num(scene.width);
    h.num(scene.height);
    h.str(&scene.title);
    h.str(&scene.description);
    for l in &scene.layers {
        h.str(&l.id);
        for s in &l.shapes {
            h.str(&s.class);
            for p in s.parts.iter().flatten() {
                h.num(p.0);
                h.num(p.1);
            }
        }
        for t in &l.texts {
            h.str(&t.text);
            h.num(t.x);
            h.num(t.y);
        }
    }
    ((h.0 >> 32) ^ h.0) as u32
}
