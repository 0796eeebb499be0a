//! Rendering a plan: scenarios → scenes → SVG → PNG, and with `--all` the
//! statistics and the gallery page. Maps are drawn in parallel; every file
//! is written through [`OutDir`], so an interrupted run leaves no half file.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Result;
use crate::gallery::{self, Entry};
use crate::model::Dataset;
use crate::output::OutDir;
use crate::present::{self, Format};
use crate::report;
use crate::scenario::{Control, Engine, Outcome};
use crate::scene::{self, Base, Options};
use crate::{stats, svg};

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Scenarios to draw; every scenario when empty.
    pub ids: Vec<String>,
    /// The formats to write each map in, in this order.
    pub formats: Vec<Format>,
    /// Also draw comparison figures.
    pub compare: bool,
    /// Language of names.
    pub lang: String,
    /// Write stats.csv, stats.json and index.html.
    pub gallery: bool,
}

/// One file's name and bytes.
type File = (String, Vec<u8>);

/// Draws the plan and writes the files; returns their paths.
pub fn run(data: &Dataset, current: &Control, plan: &Plan, dir: &OutDir) -> Result<Vec<PathBuf>> {
    let engine = Engine::new(data);
    let ids: Vec<String> = if plan.ids.is_empty() {
        data.scenarios.scenarios.iter().map(|s| s.id().to_string()).collect()
    } else {
        plan.ids.clone()
    };
    // Check every id before drawing anything.
    let outcomes = ids
        .iter()
        .map(|id| engine.run(&data.scenarios, id, current))
        .collect::<Result<Vec<_>>>()?;
    let results = outcomes
        .iter()
        .map(|o| stats::scenario_result(data, o))
        .collect::<Result<Vec<_>>>()?;
    let base = Base::new(data)?;
    // The left panel of a comparison: the current lines, nothing changed.
    let now = Outcome {
        id: String::new(),
        before: current.held.clone(),
        after: current.held.clone(),
        frozen: Default::default(),
    };
    let opts = Options {
        lang: plan.lang.clone(),
    };
    let drawn: Vec<(Entry, Vec<File>)> = outcomes
        .par_iter()
        .zip(results.par_iter())
        .map(|(outcome, result)| {
            let mut files = Vec::new();
            let single = svg::write(&scene::single(&base, outcome, result, &opts)?);
            let single_files = encode(&outcome.id, &single, &plan.formats)?;
            let names = single_files.iter().map(|(n, _)| n.clone()).collect();
            files.extend(single_files);
            let is_proposal = outcome.after != outcome.before || !outcome.frozen.is_empty();
            let compare = if plan.compare && is_proposal {
                let c = svg::write(&scene::compare(&base, &now, outcome, result, &opts)?);
                files.extend(encode(&format!("{}-compare", outcome.id), &c, &plan.formats)?);
                Some(c)
            } else {
                None
            };
            let s = data.scenarios.get(&outcome.id);
            let entry = Entry {
                id: outcome.id.clone(),
                title: s.map_or_else(String::new, |s| s.title.clone()),
                description: s.map_or_else(String::new, |s| s.description.clone()),
                sources: s.map_or_else(Vec::new, |s| s.sources.clone()),
                svg: single,
                compare,
                files: names,
            };
            Ok((entry, files))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut written = Vec::new();
    let mut entries = Vec::new();
    for (entry, files) in drawn {
        for (name, bytes) in files {
            written.push(dir.write(&name, &bytes)?);
        }
        entries.push(entry);
    }
    if plan.gallery {
        let stats = stats::Stats { scenarios: results };
        written.push(dir.write(
            "stats.csv",
            report::scenario_stats(&stats, report::Format::Csv).as_bytes(),
        )?);
        written.push(dir.write(
            "stats.json",
            report::scenario_stats(&stats, report::Format::Json).as_bytes(),
        )?);
        written.push(dir.write("index.html", gallery::html(data, &entries, &stats).as_bytes())?);
    }
    Ok(written)
}

fn encode(name: &str, svg_text: &str, formats: &[Format]) -> Result<Vec<File>> {
    Ok(present::encode(svg_text, formats)?
        .into_iter()
        .map(|(format, bytes)| (format!("{name}.{}", format.extension()), bytes))
        .collect())
}
