//! `claimsmap render`: every asked-for scenario drawn through the session,
//! in parallel, and written through [`OutDir`] with, for `--all`, the
//! statistics (with the timeline of held ground for datasets with several
//! dates) and the gallery page; then the multi-panel figures asked for
//! (proposals side by side, change maps between two dates, small
//! multiples and the animation through the dates, each date's lines fitted
//! by its own session). An interrupted run
//! leaves no half file; an unknown id or date stops the run before the
//! output folder is made. The folder is claimed for the run (locked, and
//! only claimsmap's own files replaced; see [`OutDir::claim`]).

use crate::error::CollectInOrder;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::cli::plan::RenderPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::model::IsoDate;
use crate::output::OutDir;
use crate::present::{self, Format};
use crate::scenario::Resolved;
use crate::scene::{self, Base, Scene};
use crate::session::{RenderOptions, Session};
use crate::stats::{self, ScenarioResult};
use crate::timeline::Timeline;
use crate::write::gallery::{self, Entry, Figure};
use crate::write::{svg, tables};

pub(in crate::cli) fn run(plan: &RenderPlan, ui: &mut Ui<'_>) -> Result<()> {
    // A run that fails leaves the folder as it was: one it made and wrote
    // nothing into goes again (a folder holding files is never removed).
    let made = std::fs::symlink_metadata(&plan.out).is_err();
    let result = render(plan, ui);
    if result.is_err() && made {
        let _ = std::fs::remove_dir(&plan.out);
    }
    result
}

fn render(plan: &RenderPlan, ui: &mut Ui<'_>) -> Result<()> {
    let (session, _cache) = super::open(&plan.source, plan.allow_violations, |d| plan.check(d), ui)?;
    if !plan.lang.is_main() {
        // Said once per run: the interface strings have one language.
        ui.note(&format!(
            "--lang {} changes the names of places and units; the title and credits stay as the dataset writes them, and the legend's sentences stay English",
            plan.lang
        ))?;
    }
    if plan.figures.animate && !plan.options.formats.iter().any(|f| matches!(f, Format::Png { .. })) {
        // The animation has one format: say so rather than write a PNG unasked.
        ui.note(&format!(
            "--animate writes an animated PNG (animation.png, {} px wide) whatever --format names",
            plan.png_width
        ))?;
    }
    if plan.figures.animate {
        let dates = if plan.figures.dates.is_empty() {
            session.dataset().snapshot_dates()
        } else {
            plan.figures.dates.clone()
        };
        if let [only] = dates.as_slice() {
            // Not an error: the file is what was asked; say why it is still.
            ui.note(&format!(
                "--animate has one date to show ({only}), so animation.png is a single frame; name more with --dates, or add snapshots to control.csv"
            ))?;
        }
    }
    let dir = OutDir::claim(&plan.out, plan.force)?;
    let (figures, fitted, mut written) = draw_figures(&session, plan, &dir)?;
    if plan.singles {
        // Every scenario by default, on another snapshot's lines: a proposal
        // written for other lines that cannot apply then is left out with a
        // note (as `stats` leaves it out of its table), not the whole run.
        let ids = if plan.ids.is_empty() && session.dataset().moved_from.is_some() {
            let mut kept = Vec::new();
            for id in session.scenario_ids() {
                // Resolved once: the drawing below reads the session's copy.
                match session.resolve(&id) {
                    Ok(_) => kept.push(id),
                    Err(crate::Error::Usage(why)) => ui.note(&format!("left out: {why}"))?,
                    Err(e) => return Err(e),
                }
            }
            if kept.is_empty() {
                return Err(crate::Error::Usage(format!(
                    "no scenario applies on the lines of {}: give --scenario with one that does, or another --as-of",
                    session.dataset().scenarios.map.as_of
                )));
            }
            kept
        } else {
            plan.ids.clone()
        };
        let run = Plan {
            gallery: plan.ids.is_empty(),
            ids,
            options: plan.options.clone(),
        };
        // The gallery of a dataset with several dates shows the timeline,
        // from the figures' fitted dates when they are all of them.
        let timeline = match fitted {
            _ if !run.gallery || session.dataset().snapshot_dates().len() < 2 => None,
            Some(t) => Some(t),
            None => Some(session.timeline()?),
        };
        written.extend(draw_all(&session, &run, &dir, &figures, timeline.as_ref())?);
    }
    for path in written {
        ui.wrote(&path)?;
    }
    Ok(())
}

/// Seconds each frame of the animation shows, and the last one.
const FRAME_MS: u16 = 1200;
const LAST_FRAME_MS: u16 = 3000;

/// Draws the multi-panel figures of the plan and writes their files;
/// returns them for the gallery, the timeline when the figures fitted
/// every snapshot date, and the paths written.
fn draw_figures(
    session: &Session,
    plan: &RenderPlan,
    dir: &OutDir,
) -> Result<(Vec<Figure>, Option<Timeline>, Vec<PathBuf>)> {
    let f = &plan.figures;
    let mut figures = Vec::new();
    let mut written = Vec::new();
    let mut timeline = None;
    if f.proposals.is_empty() && !f.small_multiples && !f.animate && f.changes.is_empty() {
        return Ok((figures, timeline, written));
    }
    let data = session.dataset();
    let base = Base::new(data)?;
    let opts = &plan.options;
    let mut add = |name: String, title: String, scene: &Scene, change: Option<crate::change::Change>| -> Result<()> {
        let text = svg::write(scene);
        let mut files = Vec::new();
        for (format, bytes) in present::encode(&text, &opts.formats)? {
            let file = format!("{}.{}", data.file_stem(&name), format.extension());
            written.push(dir.write(&file, &bytes)?);
            files.push(file);
        }
        figures.push(Figure {
            id: name,
            title,
            svg: text,
            files,
            change,
        });
        Ok(())
    };
    if !f.proposals.is_empty() {
        let resolved = f
            .proposals
            .par_iter()
            .map(|id| {
                let r = session.resolve(id)?;
                let result = session.stats(&r);
                Ok((r, result))
            })
            .collect_in_order()?;
        let panels: Vec<(&Resolved, &ScenarioResult)> = resolved.iter().map(|(r, s)| (r, s)).collect();
        let scene = scene::proposals(&base, &panels, &opts.scene)?;
        add(proposals_name(&f.proposals), scene.title.clone(), &scene, None)?;
    }
    for &(from, to) in &f.changes {
        // Drawn on the later date's dataset: its front, its date.
        let c = session.change(from, to)?;
        let base = Base::new(c.session.dataset())?;
        let scene = scene::change(&base, &c.resolved, &c.change, &opts.scene)?;
        let name = crate::change::Change::name(from, to);
        add(name, scene.title.clone(), &scene, Some(c.change))?;
    }
    if f.small_multiples || f.animate {
        let dates = if f.dates.is_empty() {
            data.snapshot_dates()
        } else {
            f.dates.clone()
        };
        let snapshots = session.snapshots(&dates)?;
        if dates == data.snapshot_dates() {
            timeline = Some(Timeline::from_results(snapshots.iter().map(|(d, _, r)| (*d, r))));
        }
        let panels: Vec<(IsoDate, &Resolved, &ScenarioResult)> = snapshots.iter().map(|(d, r, s)| (*d, r, s)).collect();
        if f.small_multiples {
            let scene = scene::dates(&base, &panels, &opts.scene)?;
            add("small-multiples".into(), scene.title.clone(), &scene, None)?;
        }
        if f.animate {
            let scenes = scene::date_frames(&base, &panels, &opts.scene)?;
            let n = scenes.len();
            let frames: Vec<present::Frame> = scenes
                .iter()
                .enumerate()
                .map(|(k, s)| present::Frame {
                    svg: svg::write(s),
                    delay_ms: if k + 1 == n { LAST_FRAME_MS } else { FRAME_MS },
                })
                .collect();
            let width = opts
                .formats
                .iter()
                .find_map(|f| match f {
                    Format::Png { width } => Some(*width),
                    _ => None,
                })
                .unwrap_or(plan.png_width);
            let bytes = present::apng(&frames, width)?;
            let file = "animation.png".to_string();
            written.push(dir.write(&file, &bytes)?);
            figures.push(Figure {
                id: "animation".into(),
                title: text_title(&panels),
                svg: String::new(),
                files: vec![file],
                change: None,
            });
        }
    }
    Ok((figures, timeline, written))
}

/// The gallery's heading of the animation.
fn text_title(panels: &[(IsoDate, &Resolved, &ScenarioResult)]) -> String {
    match (panels.first(), panels.last()) {
        (Some(a), Some(b)) if a.0 != b.0 => format!("The lines from {} to {}, animated", a.0.long(), b.0.long()),
        (Some(a), _) => format!("The lines on {}, animated (one date, one frame)", a.0.long()),
        _ => "The lines, animated".into(),
    }
}

/// The file name of proposals side by side: their ids joined by `-vs-`,
/// shortened when that would make too long a name.
fn proposals_name(ids: &[String]) -> String {
    let joined = ids.join("-vs-");
    if joined.len() <= 150 {
        joined
    } else {
        format!("{}-vs-{}-more", ids[0], ids.len() - 1)
    }
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    /// Scenarios to draw; every scenario when empty.
    ids: Vec<String>,
    /// Formats, comparison and language.
    options: RenderOptions,
    /// Write stats.csv, stats.json and index.html.
    gallery: bool,
}

/// Maps drawn at once (each holds its SVG, PNG and comparison in memory).
const CHUNK: usize = 8;
/// Most maps the gallery page shows inline; beyond, it links each map's file.
const GALLERY_INLINE_MAX: usize = 40;

/// Draws the plan and writes the files; returns their paths.
fn draw_all(
    session: &Session,
    plan: &Plan,
    dir: &OutDir,
    figures: &[Figure],
    timeline: Option<&Timeline>,
) -> Result<Vec<PathBuf>> {
    let ids = if plan.ids.is_empty() {
        session.scenario_ids()
    } else {
        plan.ids.clone()
    };
    session.check_ids(&ids)?;
    // The names known before drawing are checked before anything is
    // written; a comparison's, drawn only for proposals, when it is written.
    let data = session.dataset();
    // Files of another snapshot's run carry its date (Dataset::file_stem).
    let file = |stem: &str, ext: &str| format!("{}.{ext}", data.file_stem(stem));
    let mut names: Vec<String> = ids
        .iter()
        .flat_map(|id| plan.options.formats.iter().map(|f| file(id, f.extension())))
        .collect();
    if plan.gallery {
        names.extend([file("stats", "csv"), file("stats", "json"), file("index", "html")]);
        if timeline.is_some() {
            // Every snapshot's figures, the same table whatever the run's date.
            names.extend(["timeline.csv".to_string(), "timeline.json".to_string()]);
        }
    }
    dir.check_free(names.iter().map(String::as_str))?;
    let base = Base::new(data)?;
    let now = if plan.options.compare {
        Some(session.now()?)
    } else {
        None
    };
    // Maps are drawn a few at a time and written as soon as they are drawn,
    // so memory does not grow with the number of scenarios; the gallery
    // inlines the maps only while the page stays light.
    let inline = ids.len() <= GALLERY_INLINE_MAX;
    let mut written = Vec::new();
    let mut entries = Vec::new();
    let mut results = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let rendered = chunk
            .par_iter()
            .map(|id| session.render_with(&base, now.as_ref(), id, &plan.options))
            .collect_in_order()?;
        for (id, r) in chunk.iter().zip(rendered) {
            for (name, bytes) in r.single.files.iter().chain(r.compare.iter().flat_map(|c| &c.files)) {
                written.push(dir.write(name, bytes)?);
            }
            let s = data.scenarios.get(id);
            entries.push(Entry {
                id: id.clone(),
                title: s.map_or_else(String::new, |s| s.title.clone()),
                description: s.map_or_else(String::new, |s| s.description.clone()),
                sources: s.map_or_else(Vec::new, |s| s.sources.clone()),
                files: r.single.files.iter().map(|(n, _)| n.clone()).collect(),
                svg: if inline { r.single.svg } else { String::new() },
                compare: r.compare.filter(|_| inline).map(|c| c.svg),
            });
            results.push(r.result);
        }
    }
    if plan.gallery {
        let stats = stats::Stats { scenarios: results };
        written.push(dir.write(
            &file("stats", "csv"),
            tables::scenario_stats(&stats, tables::Format::Csv).as_bytes(),
        )?);
        written.push(dir.write(
            &file("stats", "json"),
            tables::scenario_stats(&stats, tables::Format::Json).as_bytes(),
        )?);
        if let Some(t) = timeline {
            written.push(dir.write("timeline.csv", tables::timeline(t, tables::Format::Csv).as_bytes())?);
            written.push(dir.write("timeline.json", tables::timeline(t, tables::Format::Json).as_bytes())?);
        }
        written.push(dir.write(
            &file("index", "html"),
            gallery::html_with_timeline(data, &entries, figures, &stats, timeline).as_bytes(),
        )?);
    }
    Ok(written)
}
