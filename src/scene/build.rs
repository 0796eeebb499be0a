//! Composing a map: header, one or two map panels, legend, footer.
//!
//! Pipeline per panel: lon/lat → project (metres, once per dataset in
//! [`Base`]) → fit to the panel ([`Frame`]) → clip context land to the
//! panel → snap to the page grid → shapes; then labels are placed so that
//! none overlaps another, a marker, or (where avoidable) a front line.

use geo::{Area, BoundingRect, Centroid, Contains, InteriorPoint, MultiLineString, MultiPolygon, Point};

use super::labels::{Box2, Metrics, Placer};
use super::paths::{circle, clip_polygons, page_lines, page_polygons, polylines, rings};
use super::{Anchor, Hatch, Layer, Paint, Scene, Shape, Stroke, Text, style};
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::projection::{Frame, Projection};
use crate::report::km2;
use crate::scenario::{Category, Resolved};
use crate::stats::ScenarioResult;

/// Choices a user makes on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Language of place and unit names (`en` uses the main names).
    pub lang: String,
}

impl Default for Options {
    fn default() -> Self {
        Options { lang: "en".into() }
    }
}

/// Everything about a dataset that does not change between maps:
/// geometries projected to metres, the national outline, text metrics.
pub struct Base<'a> {
    data: &'a Dataset,
    projection: Projection,
    units: Vec<MultiPolygon<f64>>,
    outline: MultiPolygon<f64>,
    context: Vec<MultiPolygon<f64>>,
    rivers: Vec<MultiLineString<f64>>,
    reservoirs: Vec<MultiPolygon<f64>>,
    bounds: [f64; 4],
    metrics: Metrics,
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

    fn name<'n>(
        &self,
        main: &'n str,
        names: &'n std::collections::BTreeMap<String, String>,
        opts: &Options,
    ) -> &'n str {
        names.get(&opts.lang).map_or(main, String::as_str)
    }
}

/// Width of a single map page.
const SINGLE_WIDTH: f64 = 1000.0;
/// Width of a comparison page.
const COMPARE_WIDTH: f64 = 1400.0;
const MARGIN: f64 = 22.0;

/// A single map of a scenario: current lines, proposal and front lines.
pub fn single(base: &Base<'_>, r: &Resolved, result: &ScenarioResult, opts: &Options) -> Result<Scene> {
    let data = base.data;
    let id = r.scenario_id().unwrap_or("current");
    let scenario = scenario_texts(data, id);
    let mut page = Page::new(base, SINGLE_WIDTH, format!("cm-{id}-"));
    page.header(&scenario.0, &scenario.1);
    let rect = [MARGIN, page.y, SINGLE_WIDTH - 2.0 * MARGIN, 620.0];
    let drawn = page.panel(r, rect, true, opts, "map")?;
    page.y = rect[1] + rect[3] + 16.0;
    page.legend(result, &drawn);
    page.footer();
    Ok(page.finish(&scenario.0, describe(data, &scenario.0, &scenario.1, result)))
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
    let scenario = scenario_texts(data, id);
    let mut page = Page::new(base, COMPARE_WIDTH, format!("cm-{id}-compare-"));
    let title = format!("{}: now and under the proposal", scenario.0);
    page.header(&title, &scenario.1);
    let w = (COMPARE_WIDTH - 3.0 * MARGIN) / 2.0;
    let top = page.y + 26.0;
    let (left, right) = ([MARGIN, top, w, 470.0], [2.0 * MARGIN + w, top, w, 470.0]);
    let as_of = data.scenarios.map.as_of.long();
    page.subtitle(left[0], top - 9.0, &format!("Now ({as_of})"));
    page.subtitle(right[0], top - 9.0, "Under the proposal");
    let now = page.panel(now, left, true, opts, "now")?;
    let drawn = page.panel(r, right, false, opts, "proposal")?;
    page.y = top + 470.0 + 16.0;
    page.legend(result, &drawn.union(&now));
    page.footer();
    Ok(page.finish(&title, describe(data, &scenario.0, &scenario.1, result)))
}

fn scenario_texts(data: &Dataset, id: &str) -> (String, String) {
    data.scenarios.get(id).map_or_else(
        || (id.to_string(), String::new()),
        |s| (s.title.clone(), s.description.clone()),
    )
}

/// The text summary written into the SVG's `<desc>`.
fn describe(data: &Dataset, title: &str, description: &str, r: &ScenarioResult) -> String {
    let occ = &data.scenarios.sides.occupier.name;
    let def = &data.scenarios.sides.defender.name;
    let t = &r.totals;
    let mut s = format!(
        "{title}. {description} Held by {occ} now: {} km² ({:.1} % of {}).",
        km2(t.held_km2),
        t.held_share_of_country * 100.0,
        data.country.name
    );
    if t.handover_km2 > 0.0 || t.returned_km2 > 0.0 {
        s.push_str(&format!(
            " Under the proposal: {} km² ({:.1} %); handed over by {def}: {} km²; returned by {occ}: {} km².",
            km2(t.after_km2),
            t.after_share_of_country * 100.0,
            km2(t.handover_km2),
            km2(t.returned_km2)
        ));
    }
    s
}

/// "2025-08-15" → "15 August 2025" (left as is when not such a date).
pub fn long_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// Which legend entries a panel drew.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    handover: bool,
    returned: bool,
    front: bool,
    frozen: bool,
}

impl Drawn {
    fn union(&self, o: &Drawn) -> Drawn {
        Drawn {
            handover: self.handover || o.handover,
            returned: self.returned || o.returned,
            front: self.front || o.front,
            frozen: self.frozen || o.frozen,
        }
    }
}

/// A page being composed top to bottom.
struct Page<'b, 'a> {
    base: &'b Base<'a>,
    width: f64,
    y: f64,
    prefix: String,
    layers: Vec<Layer>,
    hatches: Vec<Hatch>,
    panels: Vec<Frame>,
}

fn text(s: &str, x: f64, y: f64, size: f64, colour: &str, class: &str) -> Text {
    Text {
        text: s.to_string(),
        x,
        y,
        size,
        bold: false,
        italic: false,
        anchor: Anchor::Start,
        colour: colour.to_string(),
        halo: None,
        letter_spacing: 0.0,
        class: class.to_string(),
    }
}

fn layer(id: &str) -> Layer {
    Layer {
        id: id.to_string(),
        shapes: Vec::new(),
        texts: Vec::new(),
    }
}

fn area_shape(parts: Vec<Vec<(f64, f64)>>, fill: Paint, stroke: Option<Stroke>, class: &str) -> Shape {
    Shape {
        parts,
        closed: true,
        fill: Some(fill),
        stroke,
        class: class.to_string(),
        id: None,
        reuse: None,
    }
}

fn line_shape(parts: Vec<Vec<(f64, f64)>>, colour: &str, width: f64, dash: Vec<f64>, class: &str) -> Shape {
    Shape {
        parts,
        closed: false,
        fill: None,
        stroke: Some(Stroke {
            colour: colour.to_string(),
            width,
            dash,
            opacity: 1.0,
        }),
        class: class.to_string(),
        id: None,
        reuse: None,
    }
}

impl<'b, 'a> Page<'b, 'a> {
    fn new(base: &'b Base<'a>, width: f64, prefix: String) -> Self {
        let sides = &base.data.scenarios.sides;
        let hatches = vec![
            Hatch {
                id: "hatch-handover".into(),
                background: sides.defender.colour.to_string(),
                stripe: sides.occupier.colour.to_string(),
                spacing: 6.0,
                width: 2.6,
                angle: 45.0,
            },
            Hatch {
                id: "hatch-returned".into(),
                background: sides.occupier.colour.to_string(),
                stripe: sides.defender.colour.to_string(),
                spacing: 6.0,
                width: 2.6,
                angle: -45.0,
            },
        ];
        Page {
            base,
            width,
            y: MARGIN,
            prefix,
            layers: Vec::new(),
            hatches,
            panels: Vec::new(),
        }
    }

    fn header(&mut self, title: &str, description: &str) {
        let m = &self.base.metrics;
        let mut l = layer("header");
        let mut t = text(title, MARGIN, self.y + 22.0, 24.0, style::INK, "cm-title");
        t.bold = true;
        l.texts.push(t);
        self.y += 34.0;
        for line in m.wrap(description, 14.5, false, self.width - 2.0 * MARGIN) {
            self.y += 19.0;
            l.texts
                .push(text(&line, MARGIN, self.y, 14.5, style::MUTED, "cm-description"));
        }
        self.y += 14.0;
        self.layers.push(l);
    }

    fn subtitle(&mut self, x: f64, y: f64, s: &str) {
        let mut l = layer("subtitle");
        let mut t = text(s, x, y, 15.0, style::INK, "cm-subtitle");
        t.bold = true;
        l.texts.push(t);
        l.id = format!(
            "subtitle-{}",
            self.layers.iter().filter(|l| l.id.starts_with("subtitle")).count() + 1
        );
        self.layers.push(l);
    }

    /// Draws one map panel; returns which legend entries it used.
    fn panel(&mut self, r: &Resolved, rect: [f64; 4], scale_bar: bool, opts: &Options, tag: &str) -> Result<Drawn> {
        let base = self.base;
        let data = base.data;
        let sides = &data.scenarios.sides;
        let frame = base.frame(rect);
        self.panels.push(frame);
        // Nothing is clipped at draw time (clip paths are slow to raster):
        // the frame keeps the country inside the panel, and neighbouring
        // land is clipped to the panel geometrically.
        let id = |name: &str| format!("{tag}-{name}");
        let mut drawn = Drawn::default();

        // Sea and neighbouring land.
        let mut sea = layer(&id("sea"));
        sea.shapes.push(area_shape(
            vec![vec![
                (rect[0], rect[1]),
                (rect[0] + rect[2], rect[1]),
                (rect[0] + rect[2], rect[1] + rect[3]),
                (rect[0], rect[1] + rect[3]),
            ]],
            Paint::Colour(style::SEA.into()),
            None,
            "cm-sea",
        ));
        let mut land = layer(&id("context"));
        let mut context_page = Vec::new();
        for m in &base.context {
            let clipped = crate::geometry::guarded("(context)", "clipping neighbouring land", || {
                clip_polygons(&page_polygons(&frame, m), rect)
            })?;
            land.shapes.push(area_shape(
                rings(&clipped),
                Paint::Colour(style::LAND.into()),
                Some(Stroke {
                    colour: style::LAND_BORDER.into(),
                    width: 0.8,
                    dash: vec![],
                    opacity: 1.0,
                }),
                "cm-context",
            ));
            context_page.push(clipped);
        }

        // The country: defender ground, then the occupier's categories.
        let mut country = layer(&id("defender"));
        let unit_pages: Vec<MultiPolygon<f64>> = base.units.iter().map(|u| page_polygons(&frame, u)).collect();
        let mut units_shape = area_shape(
            unit_pages.iter().flat_map(rings).collect(),
            Paint::Colour(sides.defender.colour.to_string()),
            None,
            "cm-defender",
        );
        units_shape.id = Some(id("units"));
        country.shapes.push(units_shape);
        let mut held = layer(&id("held"));
        let mut handover = layer(&id("handover"));
        let mut returned = layer(&id("returned"));
        for parts in &r.parts {
            for category in Category::ALL {
                let g = parts.get(category);
                if g.0.is_empty() {
                    continue;
                }
                let page = page_polygons(&frame, &base.projection.project(g));
                let (target, paint, class) = match category {
                    Category::Held => (&mut held, Paint::Colour(sides.occupier.colour.to_string()), "cm-held"),
                    Category::Handover => {
                        drawn.handover = true;
                        (&mut handover, Paint::Pattern("hatch-handover".into()), "cm-handover")
                    }
                    Category::Returned => {
                        drawn.returned = true;
                        (&mut returned, Paint::Pattern("hatch-returned".into()), "cm-returned")
                    }
                    Category::Defender => continue,
                };
                let r = rings(&page);
                if !r.is_empty() {
                    target.shapes.push(area_shape(r, paint, None, class));
                }
            }
        }

        // Water, borders.
        let mut water = layer(&id("water"));
        for m in &base.reservoirs {
            let r = rings(&page_polygons(&frame, m));
            if !r.is_empty() {
                water
                    .shapes
                    .push(area_shape(r, Paint::Colour(style::SEA.into()), None, "cm-water"));
            }
        }
        for m in &base.rivers {
            let l = polylines(&page_lines(&frame, m));
            if !l.is_empty() {
                water.shapes.push(line_shape(l, style::RIVER, 0.9, vec![], "cm-river"));
            }
        }
        let mut borders = layer(&id("borders"));
        let mut unit_borders = line_shape(Vec::new(), style::UNIT_BORDER, 0.5, vec![], "cm-unit-border");
        unit_borders.reuse = Some(id("units"));
        borders.shapes.push(unit_borders);
        borders.shapes.push(line_shape(
            rings(&page_polygons(&frame, &base.outline)),
            style::NATIONAL_BORDER,
            1.1,
            vec![],
            "cm-national-border",
        ));

        // Front lines.
        let mut front = layer(&id("front"));
        let current_page = polylines(&page_lines(&frame, &base.projection.project(&r.current_front)));
        let frozen_page = polylines(&page_lines(&frame, &base.projection.project(&r.frozen_line)));
        if !current_page.is_empty() {
            drawn.front = true;
            front
                .shapes
                .push(line_shape(current_page.clone(), style::FRONT, 1.6, vec![], "cm-front"));
        }
        if !frozen_page.is_empty() {
            drawn.frozen = true;
            front.shapes.push(line_shape(
                frozen_page.clone(),
                style::FROZEN,
                3.0,
                vec![7.0, 4.0],
                "cm-frozen",
            ));
        }

        // Labels.
        let mut obstacles = current_page;
        obstacles.extend(frozen_page);
        let mut placer = Placer::new([rect[0] + 4.0, rect[1] + 4.0, rect[2] - 8.0, rect[3] - 8.0], obstacles);
        let mut labels = layer(&id("labels"));
        let mut scale = layer(&id("scale"));
        if scale_bar {
            let b = self.scale_bar(&frame, rect, &mut scale);
            placer.block(b);
        }
        self.place_labels(&frame, &unit_pages, &context_page, &mut placer, &mut labels, opts);

        let (x0, y0, x1, y1) = (rect[0], rect[1], rect[0] + rect[2], rect[1] + rect[3]);
        let edge = vec![vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]];
        scale
            .shapes
            .push(line_shape(edge, style::PANEL_EDGE, 0.8, vec![], "cm-panel-edge"));
        self.layers.extend([
            sea, land, country, held, handover, returned, water, borders, front, labels, scale,
        ]);
        Ok(drawn)
    }

    fn scale_bar(&self, frame: &Frame, rect: [f64; 4], l: &mut Layer) -> Box2 {
        let per_km = frame.scale * 1000.0;
        let km = [50.0, 100.0, 200.0, 250.0, 500.0, 1000.0]
            .into_iter()
            .find(|k| k * per_km >= 70.0)
            .unwrap_or(1000.0);
        let len = km * per_km;
        let (x, y) = (rect[0] + 16.0, rect[1] + rect[3] - 18.0);
        l.shapes.push(line_shape(
            vec![vec![(x, y - 5.0), (x, y), (x + len, y), (x + len, y - 5.0)]],
            style::INK,
            1.2,
            vec![],
            "cm-scale",
        ));
        l.shapes.push(line_shape(
            vec![vec![(x + len / 2.0, y), (x + len / 2.0, y - 3.5)]],
            style::INK,
            1.0,
            vec![],
            "cm-scale",
        ));
        let mut zero = text("0", x, y - 8.0, 10.5, style::INK, "cm-scale");
        zero.anchor = Anchor::Middle;
        let mut end = text(
            &format!("{} km", km as i64),
            x + len,
            y - 8.0,
            10.5,
            style::INK,
            "cm-scale",
        );
        end.anchor = Anchor::Middle;
        for t in [&mut zero, &mut end] {
            t.halo = Some((style::HALO.into(), 2.5));
        }
        l.texts.extend([zero, end]);
        [x - 8.0, y - 20.0, len + 40.0, 24.0]
    }

    fn place_labels(
        &self,
        frame: &Frame,
        unit_pages: &[MultiPolygon<f64>],
        context_page: &[MultiPolygon<f64>],
        placer: &mut Placer,
        l: &mut Layer,
        opts: &Options,
    ) {
        let base = self.base;
        let data = base.data;
        let m = &base.metrics;
        let in_panel = |(x, y): (f64, f64)| {
            x > frame.rect[0] + 4.0
                && x < frame.rect[0] + frame.rect[2] - 4.0
                && y > frame.rect[1] + 4.0
                && y < frame.rect[1] + frame.rect[3] - 4.0
        };

        // Place markers and labels, most important first.
        let mut places: Vec<(&crate::model::Place, (f64, f64))> = data
            .places
            .iter()
            .filter_map(|p| Some((p, base.page_point(frame, p.lon, p.lat)?)))
            .filter(|(_, pt)| in_panel(*pt))
            .collect();
        places.sort_by_key(|(p, _)| p.rank);
        let marker_r = |rank: u8| {
            if rank <= 1 {
                3.6
            } else if rank <= 3 {
                2.6
            } else {
                2.1
            }
        };
        for (p, (x, y)) in places.iter().filter(|(p, _)| p.rank <= 3) {
            let r = marker_r(p.rank);
            placer.block([x - r, y - r, 2.0 * r, 2.0 * r]);
        }
        let mut unit_done = false;
        let label_units = |placer: &mut Placer, l: &mut Layer| {
            for (i, u) in data.units.iter().enumerate() {
                let page = &unit_pages[i];
                if page.unsigned_area() < 2500.0 {
                    continue;
                }
                let Some(pt) = label_point(page) else { continue };
                let name = base.name(&u.name, &u.names, opts);
                let upper = name.to_uppercase();
                let size = 9.0;
                let lines: Vec<String> = if m.width(&upper, size, false, 0.8) > 95.0 && upper.contains(' ') {
                    m.wrap(&upper, size, false, 95.0)
                } else {
                    vec![upper]
                };
                let w = lines.iter().map(|s| m.width(s, size, false, 0.8)).fold(0.0, f64::max);
                let h = lines.len() as f64 * 11.0;
                let candidates: Vec<Box2> = [0.0, -14.0, 14.0, -26.0, 26.0]
                    .iter()
                    .map(|dy| [pt.0 - w / 2.0 - 2.0, pt.1 + dy - h / 2.0 - 2.0, w + 4.0, h + 4.0])
                    .collect();
                if let Some(k) = placer.place(&candidates) {
                    let b = candidates[k];
                    for (j, s) in lines.iter().enumerate() {
                        let mut t = text(
                            s,
                            b[0] + b[2] / 2.0,
                            b[1] + 2.0 + 8.5 + j as f64 * 11.0,
                            size,
                            style::UNIT_LABEL,
                            "cm-unit-label",
                        );
                        t.anchor = Anchor::Middle;
                        t.letter_spacing = 0.8;
                        t.halo = Some((style::HALO.into(), 2.0));
                        l.texts.push(t);
                    }
                }
            }
        };
        for (p, (x, y)) in &places {
            if p.rank >= 4 && !unit_done {
                label_units(placer, l);
                unit_done = true;
            }
            let name = base.name(&p.name, &p.names, opts);
            let (size, bold) = match p.rank {
                0 | 1 => (13.5, true),
                2 => (12.0, true),
                3 => (11.0, false),
                _ => (10.5, false),
            };
            let r = marker_r(p.rank);
            let w = m.width(name, size, bold, 0.0);
            let (asc, h) = (0.78 * size, size * 1.05);
            let gap = r + 2.5;
            let options: [(f64, f64, Anchor); 8] = [
                (x + gap, y + 0.35 * size, Anchor::Start),
                (x - gap, y + 0.35 * size, Anchor::End),
                (*x, y - gap - 1.0, Anchor::Middle),
                (*x, y + gap + asc, Anchor::Middle),
                (x + gap - 1.0, y - gap + 1.0, Anchor::Start),
                (x + gap - 1.0, y + gap + asc - 1.0, Anchor::Start),
                (x - gap + 1.0, y - gap + 1.0, Anchor::End),
                (x - gap + 1.0, y + gap + asc - 1.0, Anchor::End),
            ];
            let boxes: Vec<Box2> = options
                .iter()
                .map(|(tx, ty, a)| {
                    let left = match a {
                        Anchor::Start => *tx,
                        Anchor::Middle => tx - w / 2.0,
                        Anchor::End => tx - w,
                    };
                    [left - 1.5, ty - asc - 1.5, w + 3.0, h + 3.0]
                })
                .collect();
            if p.rank >= 4 {
                // Minor places get a marker only together with a label.
                let marker = [x - r, y - r, 2.0 * r, 2.0 * r];
                if placer.taken().iter().any(|t| super::labels::overlaps(t, &marker)) {
                    continue;
                }
                placer.block(marker);
            }
            let Some(k) = placer.place(&boxes) else { continue };
            let (tx, ty, a) = options[k];
            let mut t = text(name, tx, ty, size, style::INK, "cm-place-label");
            t.bold = bold;
            t.anchor = a;
            t.halo = Some((style::HALO.into(), 3.0));
            l.texts.push(t);
            let marker = if p.rank <= 1 {
                vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
            } else {
                circle(*x, *y, r)
            };
            l.shapes.push(Shape {
                parts: vec![marker],
                closed: true,
                fill: Some(Paint::Colour(style::INK.into())),
                stroke: Some(Stroke {
                    colour: style::HALO.into(),
                    width: 1.0,
                    dash: vec![],
                    opacity: 1.0,
                }),
                class: "cm-place".into(),
                id: None,
                reuse: None,
            });
        }
        if !unit_done {
            label_units(placer, l);
        }

        // Neighbouring countries and seas.
        for (region, page) in data.regions.iter().zip(context_page) {
            if page.unsigned_area() < 6000.0 {
                continue;
            }
            let Some(pt) = label_point(page) else { continue };
            let name = base
                .name(&region.name, &std::collections::BTreeMap::new(), opts)
                .to_uppercase();
            let w = m.width(&name, 11.0, false, 2.0);
            let candidates: Vec<Box2> = [(0.0, 0.0), (0.0, -30.0), (0.0, 30.0), (-40.0, 0.0), (40.0, 0.0)]
                .iter()
                .map(|(dx, dy)| [pt.0 + dx - w / 2.0 - 2.0, pt.1 + dy - 10.0, w + 4.0, 14.0])
                .filter(|b| {
                    page.contains(&Point::new(b[0], b[1])) && page.contains(&Point::new(b[0] + b[2], b[1] + b[3]))
                })
                .collect();
            if let Some(k) = placer.place(&candidates) {
                let b = candidates[k];
                let mut t = text(
                    &name,
                    b[0] + b[2] / 2.0,
                    b[1] + 11.0,
                    11.0,
                    style::COUNTRY_LABEL,
                    "cm-country-label",
                );
                t.anchor = Anchor::Middle;
                t.letter_spacing = 2.0;
                l.texts.push(t);
            }
        }
        for fl in &data.scenarios.map.labels {
            let Some(pt) = base.page_point(frame, fl.lon, fl.lat) else {
                continue;
            };
            let name = base.name(&fl.text, &fl.names, opts);
            let w = m.width(name, 12.0, false, 0.5);
            let b = [pt.0 - w / 2.0 - 2.0, pt.1 - 11.0, w + 4.0, 15.0];
            if placer.place(&[b]).is_some() {
                let mut t = text(name, pt.0, pt.1, 12.0, style::WATER_LABEL, "cm-water-label");
                t.anchor = Anchor::Middle;
                t.italic = true;
                t.letter_spacing = 0.5;
                l.texts.push(t);
            }
        }
    }

    fn legend(&mut self, r: &ScenarioResult, drawn: &Drawn) {
        let data = self.base.data;
        let sides = &data.scenarios.sides;
        // The legend's sentences are English, so they name the sides in
        // English too; `--lang` switches the names on the map.
        let occ = sides.occupier.name.clone();
        let def = sides.defender.name.clone();
        let country = data.country.name.clone();
        let t = &r.totals;
        let mut items: Vec<(Swatch, String)> = vec![(
            Swatch::Fill(Paint::Colour(sides.occupier.colour.to_string())),
            format!(
                "Held by {occ} now: {} km² ({:.1} % of {country})",
                km2(t.held_km2),
                t.held_share_of_country * 100.0
            ),
        )];
        if drawn.handover {
            items.push((
                Swatch::Fill(Paint::Pattern("hatch-handover".into())),
                format!("To be handed over by {def}: {} km²", km2(t.handover_km2)),
            ));
        }
        if drawn.returned {
            items.push((
                Swatch::Fill(Paint::Pattern("hatch-returned".into())),
                format!("To be returned by {occ}: {} km²", km2(t.returned_km2)),
            ));
        }
        items.push((
            Swatch::Fill(Paint::Colour(sides.defender.colour.to_string())),
            format!("Held by {def}"),
        ));
        if drawn.front {
            items.push((
                Swatch::Line(style::FRONT, 1.8, vec![]),
                format!(
                    "{}, {}",
                    data.scenarios.map.line_label.as_deref().unwrap_or("Front line"),
                    data.scenarios.map.as_of.long()
                ),
            ));
        }
        if drawn.frozen {
            items.push((
                Swatch::Line(style::FROZEN, 3.0, vec![7.0, 4.0]),
                "Line frozen under the proposal".to_string(),
            ));
        }
        if t.handover_km2 > 0.0 || t.returned_km2 > 0.0 {
            items.push((
                Swatch::None,
                format!(
                    "Under the proposal {occ} would hold {} km² ({:.1} %)",
                    km2(t.after_km2),
                    t.after_share_of_country * 100.0
                ),
            ));
        }
        let mut l = layer("legend");
        let col_w = (self.width - 2.0 * MARGIN) / 2.0;
        let rows = items.len().div_ceil(2);
        for (k, (swatch, label)) in items.into_iter().enumerate() {
            let (col, row) = (k / rows, k % rows);
            let x = MARGIN + col as f64 * col_w;
            let y = self.y + row as f64 * 24.0;
            let tx = if matches!(swatch, Swatch::None) { x } else { x + 38.0 };
            match swatch {
                Swatch::Fill(paint) => l.shapes.push(area_shape(
                    vec![vec![(x, y), (x + 28.0, y), (x + 28.0, y + 15.0), (x, y + 15.0)]],
                    paint,
                    Some(Stroke {
                        colour: style::UNIT_BORDER.into(),
                        width: 0.6,
                        dash: vec![],
                        opacity: 1.0,
                    }),
                    "cm-legend-swatch",
                )),
                Swatch::Line(colour, width, dash) => l.shapes.push(line_shape(
                    vec![vec![(x, y + 7.5), (x + 28.0, y + 7.5)]],
                    colour,
                    width,
                    dash,
                    "cm-legend-swatch",
                )),
                Swatch::None => {}
            }
            l.texts
                .push(text(&label, tx, y + 12.0, 13.0, style::INK, "cm-legend-label"));
        }
        self.y += rows as f64 * 24.0 + 8.0;
        self.layers.push(l);
    }

    fn footer(&mut self) {
        let data = self.base.data;
        let m = &self.base.metrics;
        let mut l = layer("footer");
        let note = format!(
            "{} Line positions are schematic: each region's held area is drawn to its reported share, growing from where control comes from.",
            data.scenarios.map.credits
        );
        for line in m.wrap(&note, 11.0, false, self.width - 2.0 * MARGIN) {
            self.y += 15.0;
            l.texts
                .push(text(&line, MARGIN, self.y, 11.0, style::MUTED, "cm-credits"));
        }
        self.y += 14.0;
        self.layers.push(l);
    }

    fn finish(self, title: &str, description: String) -> Scene {
        Scene {
            width: self.width,
            height: self.y.ceil(),
            id_prefix: self.prefix,
            title: title.to_string(),
            description,
            background: style::PAGE.into(),
            hatches: self.hatches,
            layers: self.layers,
            panels: self.panels,
        }
    }
}

enum Swatch {
    Fill(Paint),
    Line(&'static str, f64, Vec<f64>),
    None,
}

/// A point to label an area at: the centroid of its largest part when that
/// lies inside, else a point guaranteed inside.
fn label_point(mp: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let largest =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let c = largest.centroid()?;
    let p = if largest.contains(&c) {
        c
    } else {
        largest.interior_point()?
    };
    Some((p.x(), p.y()))
}
