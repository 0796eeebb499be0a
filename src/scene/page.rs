//! The two pages: [`single`] (one map) and [`compare`] (now and the
//! proposal side by side), each composed top to bottom: header → panels →
//! legend → footer. The page's dimensions are the constants here.
//!
//! The page lays out and words nothing inside a panel: [`panel`] draws the
//! maps, [`legend`] the key, [`text`] the sentences.

use super::base::Base;
use super::legend::{Drawn, Legend};
use super::panel::{self, PanelSpec};
use super::style::{self, Palette};
use super::text::{self, Summary};
use super::{Layer, Layout, Options, Scene, Text};
use crate::error::Result;
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
/// The room the title takes.
const TITLE_BLOCK: f64 = 34.0;
/// Line pitch of the description.
const BODY_LEADING: f64 = 19.0;
/// Line pitch of the credits.
const CREDITS_LEADING: f64 = 15.0;
/// Space after the header and after the footer.
const BLOCK_END: f64 = 14.0;

/// A single map of a scenario: current lines, proposal and front lines.
pub fn single(base: &Base<'_>, r: &Resolved, result: &ScenarioResult, opts: &Options) -> Result<Scene> {
    let data = base.data;
    let id = r.scenario_id().unwrap_or("current");
    let (title, description) = text::scenario(data, id);
    let width = opts.layout.unwrap_or(SINGLE_LAYOUT).width();
    let mut page = Page::new(base, width, format!("cm-{id}-"), opts);
    page.header(&title, &description);
    let rect = [MARGIN, page.y, width - 2.0 * MARGIN, (width * SINGLE_MAP_RATIO).round()];
    let drawn = page.panel(
        r,
        opts,
        PanelSpec {
            rect,
            scale_bar: true,
            tag: "map",
        },
    )?;
    page.y = rect[1] + rect[3] + BELOW_PANELS;
    let summary = Summary::new(data, result).with_before(r.before_km2);
    page.legend(&summary, drawn);
    page.footer();
    Ok(page.finish(&title, summary.description(&title, &description)))
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
    let (scenario_title, description) = text::scenario(data, id);
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
            tag: "now",
        },
    )?;
    let after = page.panel(
        r,
        opts,
        PanelSpec {
            rect: right,
            scale_bar: false,
            tag: "proposal",
        },
    )?;
    page.y = top + map_height + BELOW_PANELS;
    let summary = Summary::new(data, result).with_before(r.before_km2);
    page.legend(&summary, after.union(before));
    page.footer();
    Ok(page.finish(&title, summary.description(&scenario_title, &description)))
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

    fn header(&mut self, title: &str, description: &str) {
        let size = style::TYPE;
        let mut l = Layer::new("header");
        l.texts.push(
            Text::new(
                title,
                MARGIN,
                self.y + TITLE_BASELINE,
                size.title,
                style::INK,
                "cm-title",
            )
            .bold(true),
        );
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
