//! The gallery page (`index.html`): every map inline as SVG (their id
//! prefixes keep them apart on one page), with the statistics table and
//! the multi-panel figures of the run (proposals side by side, the dates,
//! the animation as an image), and for datasets with several snapshot
//! dates the timeline of held ground.
//! Self-contained: no scripts, fonts or files from elsewhere. Where the
//! dataset has a population layer, the table adds the people who lived in
//! the ground handed over and returned before the war, with their ranges,
//! and the page names their sources; without one the page is as it was.

use std::fmt::Write;

use crate::format::{km2, percent, rounded_count};
use crate::model::Dataset;
use crate::stats::Stats;
use crate::timeline::Timeline;
use crate::write::svg::escape;

/// One scenario's drawings.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Scenario id.
    pub id: String,
    /// Scenario title.
    pub title: String,
    /// One-sentence description.
    pub description: String,
    /// Outlets the scenario rests on.
    pub sources: Vec<String>,
    /// The single map's SVG, inlined in the page; empty to link its file instead.
    pub svg: String,
    /// The comparison figure, if one was drawn.
    pub compare: Option<String>,
    /// The files the single map was written to, linked from the page.
    pub files: Vec<String>,
}

/// A multi-panel figure of the run, shown after the summary table.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The figure's file name without extension (the section's anchor).
    pub id: String,
    /// Its heading on the page.
    pub title: String,
    /// Its SVG, inlined in the page; empty to show its first file as an image.
    pub svg: String,
    /// The files it was written to, linked from the page.
    pub files: Vec<String>,
    /// The change between two dates the figure maps, shown as a table
    /// under it (a change map); `None` for the other figures.
    pub change: Option<crate::change::Change>,
}

/// Writes the page.
pub fn html(data: &Dataset, entries: &[Entry], figures: &[Figure], stats: &Stats) -> String {
    html_with_timeline(data, entries, figures, stats, None)
}

/// Writes the page, with the timeline of held ground after the summary
/// when given (`render --all` gives it for datasets with several dates).
pub fn html_with_timeline(
    data: &Dataset,
    entries: &[Entry],
    figures: &[Figure],
    stats: &Stats,
    timeline: Option<&Timeline>,
) -> String {
    let map = &data.scenarios.map;
    let occ = &data.scenarios.sides.occupier.name;
    let def = &data.scenarios.sides.defender.name;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\nbody{{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1440px;margin:2em auto;padding:0 1em;color:#1f1f1f}}\nsvg{{max-width:100%;height:auto;display:block;margin:1em 0}}\ntable{{border-collapse:collapse;margin:1em 0;display:block;max-width:100%;overflow-x:auto}}th,td{{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}}th:first-child,td:first-child{{text-align:left;white-space:normal;min-width:9em}}\n.note{{color:#5c5c5c;font-size:.9em}}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"note\">Lines as of {}. {}</p>\n",
        escape(&map.title),
        escape(&map.title),
        escape(&map.as_of.long()),
        escape(&map.credits)
    );
    let peopled = stats.scenarios.iter().any(|s| s.totals.people.is_some());
    h.push_str("<h2>Summary</h2>\n<table>\n<tr><th>Scenario</th><th>held now, km²</th><th>held after, km²</th><th>share after</th><th>handed over, km²</th><th>returned, km²</th>");
    if peopled {
        h.push_str(
            "<th>people handed over, before the war (range)</th><th>people returned, before the war (range)</th>",
        );
    }
    h.push_str("</tr>\n");
    for s in &stats.scenarios {
        let t = &s.totals;
        let _ = write!(
            h,
            "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            escape(&s.id),
            escape(&s.title),
            km2(t.held_km2),
            km2(t.after_km2),
            percent(t.after_share_of_country),
            km2(t.handover_km2),
            km2(t.returned_km2)
        );
        if let Some(p) = &t.people {
            for v in [p.handover(), p.returned()] {
                let _ = write!(
                    h,
                    "<td>≈ {} ({}–{})</td>",
                    rounded_count(v.people),
                    rounded_count(v.low),
                    rounded_count(v.high)
                );
            }
        }
        h.push_str("</tr>\n");
    }
    let _ = writeln!(
        h,
        "</table>\n<p class=\"note\">Km² on official unit areas where known. Handed over: ground {} would give up; returned: ground {} would leave. Per-unit figures: <a href=\"{stats}.csv\">{stats}.csv</a>, <a href=\"{stats}.json\">{stats}.json</a>.</p>",
        escape(def),
        escape(occ),
        // The tables of this run: dated on another snapshot (Dataset::file_stem).
        stats = escape(&data.file_stem("stats")),
    );
    if let Some(credits) = crate::scene::population_credits(data).filter(|_| peopled) {
        let _ = writeln!(
            h,
            "<p class=\"note\">People: residents before the war, not the people there today; a dasymetric estimate (each unit's official figure split between its settlements and the rest of its area), with the range of the method's uncertainty. {}</p>",
            escape(&credits)
        );
    }
    if let Some(t) = timeline {
        timeline_table(&mut h, t);
    }
    for f in figures {
        let _ = writeln!(
            h,
            "<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"note\">Files: {}.</p>",
            escape(&f.id),
            escape(&f.title),
            f.files
                .iter()
                .map(|f| format!("<a href=\"{0}\">{0}</a>", escape(f)))
                .collect::<Vec<_>>()
                .join(", "),
        );
        if f.svg.is_empty() {
            if let Some(file) = f.files.first() {
                let _ = writeln!(
                    h,
                    "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" style=\"max-width:100%;height:auto\">",
                    escape(file),
                    escape(&f.title)
                );
            }
        } else {
            h.push_str(&f.svg);
        }
        if let Some(c) = &f.change {
            change_table(&mut h, c, occ);
        }
        h.push_str("</section>\n");
    }
    for e in entries {
        let _ = writeln!(
            h,
            "<section id=\"{}\">\n<h2>{}</h2>\n<p>{}</p>\n<p class=\"note\">Sources: {}. Files: {}.</p>",
            escape(&e.id),
            escape(&e.title),
            escape(&e.description),
            escape(&e.sources.join(", ")),
            e.files
                .iter()
                .map(|f| format!("<a href=\"{0}\">{0}</a>", escape(f)))
                .collect::<Vec<_>>()
                .join(", "),
        );
        if e.svg.is_empty() {
            // Too many maps to inline: show the file when there is one.
            if let Some(svg) = e.files.iter().find(|f| f.ends_with(".svg")) {
                let _ = writeln!(
                    h,
                    "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" style=\"max-width:100%;height:auto\">",
                    escape(svg),
                    escape(&e.title)
                );
            }
        } else {
            h.push_str(&e.svg);
        }
        if let Some(c) = &e.compare {
            h.push_str(c);
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// A change map's figures: the totals, then each unit whose ground
/// changed hands (the numbers of `stats --change`).
fn change_table(h: &mut String, c: &crate::change::Change, occupier: &str) {
    let peopled = c.totals.people.is_some();
    let _ = write!(
        h,
        "<table>\n<tr><th>Unit</th><th>held {}, km²</th><th>held {}, km²</th><th>gained, km²</th><th>lost, km²</th><th>net, km²</th>",
        escape(&c.from),
        escape(&c.to)
    );
    if peopled {
        h.push_str("<th>people in ground gained, before the war (range)</th><th>people in ground lost, before the war (range)</th>");
    }
    h.push_str("</tr>\n");
    let people = |h: &mut String, p: Option<&crate::change::ChangePeople>| {
        if let Some(p) = p {
            for v in [p.gained(), p.lost()] {
                if v.high == 0 {
                    h.push_str("<td>–</td>");
                    continue;
                }
                let _ = write!(
                    h,
                    "<td>≈ {} ({}–{})</td>",
                    rounded_count(v.people),
                    rounded_count(v.low),
                    rounded_count(v.high)
                );
            }
        }
    };
    for u in c
        .units
        .iter()
        .filter(|u| u.gained_km2.round() > 0.0 || u.lost_km2.round() > 0.0)
    {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            escape(&u.name),
            km2(u.held_from_km2),
            km2(u.held_to_km2),
            km2(u.gained_km2),
            km2(u.lost_km2),
            signed(u.net_km2)
        );
        people(h, u.people.as_ref());
        h.push_str("</tr>\n");
    }
    let t = &c.totals;
    let _ = write!(
        h,
        "<tr><td>Total</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        km2(t.held_from_km2),
        km2(t.held_to_km2),
        km2(t.gained_km2),
        km2(t.lost_km2),
        signed(t.net_km2)
    );
    people(h, t.people.as_ref());
    let _ = writeln!(
        h,
        "</tr>\n</table>\n<p class=\"note\">Ground {} held on {} and not on {} (gained), and held on {} and not on {} (lost), from each date's fitted lines, on official unit areas where known: the figures of <code>claimsmap stats --change {},{}</code>. Only regions where ground changed hands are listed.</p>",
        escape(occupier),
        escape(&c.to),
        escape(&c.from),
        escape(&c.from),
        escape(&c.to),
        escape(&c.from),
        escape(&c.to)
    );
}

/// "+N" for a positive figure, else the figure.
fn signed(v: f64) -> String {
    if v.round() as i64 > 0 {
        format!("+{}", km2(v))
    } else {
        km2(v)
    }
}

/// The timeline section: the country's km², share and change per date,
/// then the km² and share of each unit held at some date, dates across.
fn timeline_table(h: &mut String, t: &Timeline) {
    h.push_str("<section id=\"timeline\">\n<h2>Held at each date</h2>\n<table>\n<tr><th>Date</th><th>held, km²</th><th>share of country</th><th>change, km²</th></tr>\n");
    let mut before: Option<f64> = None;
    for d in &t.dates {
        let change = before.map_or_else(
            || "–".to_string(),
            |b| {
                let v = d.totals.held_km2 - b;
                if v.round() as i64 > 0 {
                    format!("+{}", km2(v))
                } else {
                    km2(v)
                }
            },
        );
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&d.date),
            km2(d.totals.held_km2),
            percent(d.totals.held_share_of_country),
            change
        );
        before = Some(d.totals.held_km2);
    }
    h.push_str("</table>\n<table>\n<tr><th>Unit</th>");
    for d in &t.dates {
        let _ = write!(h, "<th>{}</th>", escape(&d.date));
    }
    h.push_str("</tr>\n");
    let first = t.dates.first().map_or(&[][..], |d| &d.units[..]);
    for (i, unit) in first.iter().enumerate() {
        if !t.dates.iter().any(|d| d.units.get(i).is_some_and(|u| u.held_km2 > 0.0)) {
            continue;
        }
        let _ = write!(h, "<tr><td>{}</td>", escape(&unit.name));
        for d in &t.dates {
            match d.units.get(i) {
                Some(u) => {
                    let _ = write!(
                        h,
                        "<td>{}<br><span class=\"note\">{}</span></td>",
                        km2(u.held_km2),
                        percent(u.held_share)
                    );
                }
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("<tr><td>Total</td>");
    for d in &t.dates {
        let _ = write!(
            h,
            "<td>{}<br><span class=\"note\">{}</span></td>",
            km2(d.totals.held_km2),
            percent(d.totals.held_share_of_country)
        );
    }
    h.push_str("</tr>\n</table>\n<p class=\"note\">Km² held at each snapshot date of the control table, on official unit areas where known, and the share of each unit (total: of the country), from each date's fitted lines: the figures of <code>claimsmap stats --timeline</code>. Per-date files: <a href=\"timeline.csv\">timeline.csv</a>, <a href=\"timeline.json\">timeline.json</a>.</p>\n</section>\n");
}
