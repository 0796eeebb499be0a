//! `claimsmap render`: every asked-for scenario drawn through the session,
//! in parallel, and written through [`OutDir`] with, for `--all`, the
//! statistics and the gallery page. An interrupted run leaves no half file;
//! an unknown id stops the run before the output folder is made. The
//! folder is claimed for the run (locked, and only claimsmap's own files
//! replaced; see [`OutDir::claim`]).

use std::path::PathBuf;

use rayon::prelude::*;

use crate::cli::plan::RenderPlan;
use crate::cli::ui::Ui;
use crate::error::Result;
use crate::output::OutDir;
use crate::scene::Base;
use crate::session::{RenderOptions, Session};
use crate::stats;
use crate::write::gallery::{self, Entry};
use crate::write::tables;

pub(in crate::cli) fn run(plan: &RenderPlan, ui: &mut Ui<'_>) -> Result<()> {
    let session = super::open(&plan.source, plan.allow_violations, |d| plan.check(d), ui)?;
    let dir = OutDir::claim(&plan.out, plan.force)?;
    let run = Plan {
        gallery: plan.ids.is_empty(),
        ids: plan.ids.clone(),
        options: plan.options.clone(),
    };
    for path in draw_all(&session, &run, &dir)? {
        ui.wrote(&path)?;
    }
    Ok(())
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
fn draw_all(session: &Session, plan: &Plan, dir: &OutDir) -> Result<Vec<PathBuf>> {
    let ids = if plan.ids.is_empty() {
        session.scenario_ids()
    } else {
        plan.ids.clone()
    };
    session.check_ids(&ids)?;
    // The names known before drawing are checked before anything is
    // written; a comparison's, drawn only for proposals, when it is written.
    let mut names: Vec<String> = ids
        .iter()
        .flat_map(|id| {
            plan.options
                .formats
                .iter()
                .map(move |f| format!("{id}.{}", f.extension()))
        })
        .collect();
    if plan.gallery {
        names.extend(["stats.csv", "stats.json", "index.html"].map(String::from));
    }
    dir.check_free(names.iter().map(String::as_str))?;
    let data = session.dataset();
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
            .collect::<Result<Vec<_>>>()?;
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
            "stats.csv",
            tables::scenario_stats(&stats, tables::Format::Csv).as_bytes(),
        )?);
        written.push(dir.write(
            "stats.json",
            tables::scenario_stats(&stats, tables::Format::Json).as_bytes(),
        )?);
        written.push(dir.write("index.html", gallery::html(data, &entries, &stats).as_bytes())?);
    }
    Ok(written)
}
