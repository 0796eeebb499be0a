//! Text renderings of tables for the terminal and for files: aligned text,
//! CSV and JSON. Numbers pass through one formatter per kind.

use crate::format::{count, km2, percent};
use crate::sanitize::terminal_cell;
use crate::stats::AreaTable;
use crate::timeline::Timeline;

/// Output formats of the table commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// JSON.
    Json,
}

/// Renders the units area table.
pub fn area_table(table: &AreaTable, format: Format) -> String {
    match format {
        Format::Json => {
            // Serializing plain numbers and strings cannot fail.
            let mut s = serde_json::to_string_pretty(table).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Csv => {
            let mut s = String::from("id,name,area_km2,area_official_km2,held_share,held_km2\n");
            for u in &table.units {
                let official = u.area_official_km2.map_or(String::new(), |a| format!("{a:.0}"));
                s.push_str(&format!(
                    "{},{},{:.1},{},{:.4},{:.1}\n",
                    csv_field(&u.id),
                    csv_field(&u.name),
                    u.area_km2,
                    official,
                    u.held_share,
                    u.held_km2
                ));
            }
            s
        }
        Format::Table => {
            let wi = width(7, table.units.iter().map(|u| u.id.as_str()));
            let wn = width(22, table.units.iter().map(|u| u.name.as_str()));
            let mut s = format!(
                "{:<wi$} {:<wn$} {:>10} {:>12} {:>8} {:>8} {:>10}\n",
                "id", "name", "area km²", "official km²", "diff", "held", "held km²"
            );
            for u in &table.units {
                let (official, diff) = match u.area_official_km2 {
                    Some(a) => (km2(a), format!("{:+.1} %", (u.area_km2 / a - 1.0) * 100.0)),
                    None => (String::from("-"), String::from("-")),
                };
                s.push_str(&format!(
                    "{:<wi$} {:<wn$} {:>10} {:>12} {:>8} {:>8} {:>10}\n",
                    terminal_cell(&u.id),
                    terminal_cell(&u.name),
                    km2(u.area_km2),
                    official,
                    diff,
                    percent(u.held_share),
                    km2(u.held_km2)
                ));
            }
            let t = &table.totals;
            s.push_str(&format!(
                "{:<wi$} {:<wn$} {:>10} {:>12} {:>8} {:>8} {:>10}\n",
                "total",
                "",
                km2(t.area_km2),
                km2(t.area_reporting_km2),
                "",
                percent(t.held_share_of_country),
                km2(t.held_km2)
            ));
            s
        }
    }
}

/// A CSV field holding text from input (an id, a name): quoted when it
/// needs it, with formula characters and control characters neutralised
/// ([`crate::sanitize::csv_text`]). Numbers are written as they are.
pub fn csv_field(s: &str) -> String {
    crate::sanitize::csv_text(s)
}

/// Renders scenario statistics.
pub fn scenario_stats(stats: &crate::stats::Stats, format: Format) -> String {
    match format {
        Format::Json => json_document(stats),
        Format::Csv => {
            // Zones add one column, only to documents that have any, so
            // files of datasets without zones keep their shape.
            let zoned = stats.scenarios.iter().any(|sc| !sc.totals.zones_km2.is_empty());
            let zones = |z: &std::collections::BTreeMap<String, f64>| {
                if zoned {
                    let cells: Vec<String> = z.iter().map(|(k, v)| format!("{}={v:.1}", csv_field(k))).collect();
                    format!(",{}", cells.join(";"))
                } else {
                    String::new()
                }
            };
            let mut s = String::from(
                "scenario,unit,name,area_km2,area_boundary_km2,held_km2,held_share,after_km2,after_share,handover_km2,returned_km2",
            );
            // People add columns only where the dataset has a population
            // layer, so files of other datasets keep their shape.
            let peopled = stats.scenarios.iter().any(|sc| sc.totals.people.is_some());
            let people = |p: &Option<crate::stats::PeopleFigures>| match (peopled, p) {
                (false, _) => String::new(),
                (true, None) => ",".repeat(PEOPLE_COLUMNS.len()),
                (true, Some(p)) => {
                    let cells: Vec<String> = [
                        p.people_official,
                        p.people_held_now,
                        p.people_held_now_low,
                        p.people_held_now_high,
                        p.people_after,
                        p.people_after_low,
                        p.people_after_high,
                        p.people_handover,
                        p.people_handover_low,
                        p.people_handover_high,
                        p.people_returned,
                        p.people_returned_low,
                        p.people_returned_high,
                    ]
                    .iter()
                    .map(u64::to_string)
                    .collect();
                    format!(",{}", cells.join(","))
                }
            };
            if zoned {
                s.push_str(",zones_km2");
            }
            if peopled {
                s.push(',');
                s.push_str(&PEOPLE_COLUMNS.join(","));
            }
            s.push('\n');
            for sc in &stats.scenarios {
                for u in &sc.units {
                    s.push_str(&format!(
                        "{},{},{},{:.1},{:.1},{:.1},{:.5},{:.1},{:.5},{:.1},{:.1}{}\n",
                        csv_field(&sc.id),
                        csv_field(&u.id),
                        csv_field(&u.name),
                        u.area_reporting_km2,
                        u.area_boundary_km2,
                        u.held_km2,
                        u.held_share,
                        u.after_km2,
                        u.after_share,
                        u.handover_km2,
                        u.returned_km2,
                        zones(&u.zones_km2)
                    ));
                    s.insert_str(s.len() - 1, &people(&u.people));
                }
                let t = &sc.totals;
                s.push_str(&format!(
                    "{},total,,,,{:.1},{:.5},{:.1},{:.5},{:.1},{:.1}{}\n",
                    csv_field(&sc.id),
                    t.held_km2,
                    t.held_share_of_country,
                    t.after_km2,
                    t.after_share_of_country,
                    t.handover_km2,
                    t.returned_km2,
                    zones(&t.zones_km2)
                ));
                s.insert_str(s.len() - 1, &people(&t.people));
            }
            s
        }
        Format::Table => {
            let mut s = String::new();
            for sc in &stats.scenarios {
                s.push_str(&format!("{}: {}\n", terminal_cell(&sc.id), terminal_cell(&sc.title)));
                let shown = || sc.units.iter().filter(|u| u.held_km2 > 0.0 || u.after_km2 > 0.0);
                let wi = width(7, shown().map(|u| u.id.as_str()));
                let wn = width(16, shown().map(|u| u.name.as_str()));
                s.push_str(&format!(
                    "  {:<wi$} {:<wn$} {:>9} {:>9} {:>7} {:>9} {:>7} {:>9} {:>9}\n",
                    "unit", "name", "area km²", "held km²", "held", "after km²", "after", "handover", "returned"
                ));
                for u in shown() {
                    s.push_str(&format!(
                        "  {:<wi$} {:<wn$} {:>9} {:>9} {:>7} {:>9} {:>7} {:>9} {:>9}\n",
                        terminal_cell(&u.id),
                        terminal_cell(&u.name),
                        km2(u.area_reporting_km2),
                        km2(u.held_km2),
                        percent(u.held_share),
                        km2(u.after_km2),
                        percent(u.after_share),
                        km2(u.handover_km2),
                        km2(u.returned_km2)
                    ));
                }
                let t = &sc.totals;
                s.push_str(&format!(
                    "  {:<wi$} {:<wn$} {:>9} {:>9} {:>7} {:>9} {:>7} {:>9} {:>9}\n\n",
                    "total",
                    "(share of country)",
                    "",
                    km2(t.held_km2),
                    percent(t.held_share_of_country),
                    km2(t.after_km2),
                    percent(t.after_share_of_country),
                    km2(t.handover_km2),
                    km2(t.returned_km2)
                ));
                s.pop();
                for (id, km) in &t.zones_km2 {
                    let share = t.zones_share_of_country.get(id).copied().unwrap_or(0.0);
                    s.push_str(&format!(
                        "  zone {}: {} km² ({})\n",
                        terminal_cell(id),
                        km2(*km),
                        percent(share)
                    ));
                }
                if let Some(p) = &t.people {
                    let line = |what: &str, v: crate::population::People| {
                        format!(
                            "  people in {what}: {} ({}–{})\n",
                            count(v.people),
                            count(v.low),
                            count(v.high)
                        )
                    };
                    s.push_str(&format!(
                        "  people before the war (official {}; estimate, low–high):\n",
                        count(p.people_official)
                    ));
                    s.push_str(&line("the ground held now", p.held_now()));
                    s.push_str(&line("the handed-over ground", p.handover()));
                    s.push_str(&line("the returned ground", p.returned()));
                    s.push_str(&line("the ground held after", p.after()));
                    for (id, v) in &p.people_zones {
                        s.push_str(&line(&format!("zone {}", terminal_cell(id)), *v));
                    }
                }
                for e in &sc.exchanges {
                    s.push_str(&format!(
                        "  exchange into {}: {} km² from the defender ({:.1} km deep), {} km² from the occupier ({:.1} km deep)\n",
                        terminal_cell(&e.category),
                        km2(e.defender_km2),
                        e.defender_depth_km,
                        km2(e.occupier_km2),
                        e.occupier_depth_km
                    ));
                }
                for site in &sc.sites {
                    s.push_str(&format!(
                        "  site {}: {}\n",
                        terminal_cell(&site.name),
                        terminal_cell(&site.status)
                    ));
                }
                s.push('\n');
            }
            s
        }
    }
}

/// The header of the timeline CSV: one row per date and unit, then the
/// date's `total` row (held share of the country).
pub const TIMELINE_CSV_HEADER: &str = "date,unit,name,area_km2,held_km2,held_share";

/// Renders the timeline of held ground: JSON (the [`Timeline`] document),
/// CSV (one row per date and unit, and a total row per date, rounded like
/// the statistics CSV), or for reading three blocks: the country's km²,
/// share and change per date, then the km² and the share of each unit held
/// at any date, units down and dates across.
pub fn timeline(t: &Timeline, format: Format) -> String {
    match format {
        Format::Json => json_document(t),
        Format::Csv => {
            let mut s = format!("{TIMELINE_CSV_HEADER}\n");
            for d in &t.dates {
                for u in &d.units {
                    s.push_str(&format!(
                        "{},{},{},{:.1},{:.1},{:.5}\n",
                        d.date,
                        csv_field(&u.id),
                        csv_field(&u.name),
                        u.area_km2,
                        u.held_km2,
                        u.held_share
                    ));
                }
                s.push_str(&format!(
                    "{},total,,,{:.1},{:.5}\n",
                    d.date, d.totals.held_km2, d.totals.held_share_of_country
                ));
            }
            s
        }
        Format::Table => {
            let mut s = String::from("held at each snapshot date (km², share of the country)\n");
            s.push_str(&format!(
                "  {:<10} {:>10} {:>8} {:>11}\n",
                "date", "held km²", "share", "change km²"
            ));
            let mut before: Option<f64> = None;
            for d in &t.dates {
                let change = before.map_or_else(|| "-".to_string(), |b| signed_km2(d.totals.held_km2 - b));
                s.push_str(&format!(
                    "  {:<10} {:>10} {:>8} {:>11}\n",
                    d.date,
                    km2(d.totals.held_km2),
                    percent(d.totals.held_share_of_country),
                    change
                ));
                before = Some(d.totals.held_km2);
            }
            // Units held at some date, in dataset order.
            let first = t.dates.first().map_or(&[][..], |d| &d.units[..]);
            let held: Vec<usize> = (0..first.len())
                .filter(|&i| t.dates.iter().any(|d| d.units.get(i).is_some_and(|u| u.held_km2 > 0.0)))
                .collect();
            let block = |title: &str,
                         cell: &dyn Fn(&crate::timeline::UnitHeld) -> String,
                         total: &dyn Fn(&crate::timeline::DateHeld) -> String| {
                let wi = width(7, held.iter().map(|&i| first[i].id.as_str()));
                let wn = width(16, held.iter().map(|&i| first[i].name.as_str()));
                let mut b = format!("\n{title}\n  {:<wi$} {:<wn$}", "unit", "name");
                for d in &t.dates {
                    b.push_str(&format!(" {:>10}", d.date));
                }
                b.push('\n');
                for &i in &held {
                    b.push_str(&format!(
                        "  {:<wi$} {:<wn$}",
                        terminal_cell(&first[i].id),
                        terminal_cell(&first[i].name)
                    ));
                    for d in &t.dates {
                        b.push_str(&format!(" {:>10}", d.units.get(i).map_or_else(String::new, cell)));
                    }
                    b.push('\n');
                }
                b.push_str(&format!("  {:<wi$} {:<wn$}", "total", ""));
                for d in &t.dates {
                    b.push_str(&format!(" {:>10}", total(d)));
                }
                b.push('\n');
                b
            };
            s.push_str(&block("km² held per unit", &|u| km2(u.held_km2), &|d| {
                km2(d.totals.held_km2)
            }));
            s.push_str(&block(
                "share of each unit held (total: share of the country)",
                &|u| percent(u.held_share),
                &|d| percent(d.totals.held_share_of_country),
            ));
            s
        }
    }
}

/// A text column's width: the widest cell (in characters, as the terminal
/// shows them), and never narrower than `least`, so the usual tables keep
/// their layout and long ids or names do not push the figures out of line.
fn width<'a>(least: usize, cells: impl Iterator<Item = &'a str>) -> usize {
    cells.map(|c| terminal_cell(c).chars().count()).fold(least, usize::max)
}

/// A change in km² with its sign (`+1,234`, `-56`, `0`).
fn signed_km2(v: f64) -> String {
    if v.round() as i64 > 0 {
        format!("+{}", km2(v))
    } else {
        km2(v)
    }
}

/// The people columns of the statistics CSV, in order (present only for
/// datasets with a population layer).
pub const PEOPLE_COLUMNS: [&str; 13] = [
    "people_official",
    "people_held_now",
    "people_held_now_low",
    "people_held_now_high",
    "people_after",
    "people_after_low",
    "people_after_high",
    "people_handover",
    "people_handover_low",
    "people_handover_high",
    "people_returned",
    "people_returned_low",
    "people_returned_high",
];

/// A document as pretty JSON with its numbers rounded ([`round_numbers`]),
/// ending in a newline. Serializing plain numbers and strings cannot fail.
fn json_document(doc: &impl serde::Serialize) -> String {
    let value = round_numbers(serde_json::to_value(doc).unwrap_or_default());
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Rounds every number in a JSON value: shares (at most 1) to 6 decimals,
/// km² to 1 decimal, so the file diffs cleanly.
fn round_numbers(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => {
                let digits = if f.abs() <= 1.0 { 1e6 } else { 10.0 };
                serde_json::Number::from_f64((f * digits).round() / digits).map_or(Value::Null, Value::Number)
            }
            _ => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(round_numbers).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, round_numbers(v))).collect()),
        other => other,
    }
}

/// The header of `stats --change --format csv`; the people columns follow
/// where the dataset has a population layer.
pub const CHANGE_CSV_HEADER: &str = "from,to,unit,name,area_km2,held_from_km2,held_to_km2,gained_km2,lost_km2,net_km2";

/// The people columns of the change CSV, in order.
const CHANGE_PEOPLE_COLUMNS: &str =
    "people_gained,people_gained_low,people_gained_high,people_lost,people_lost_low,people_lost_high";

/// Renders the change between two snapshot dates (`stats --change`).
pub fn change(c: &crate::change::Change, format: Format) -> String {
    let people_cells = |p: Option<&crate::change::ChangePeople>| {
        p.map_or_else(String::new, |p| {
            format!(
                ",{},{},{},{},{},{}",
                p.people_gained,
                p.people_gained_low,
                p.people_gained_high,
                p.people_lost,
                p.people_lost_low,
                p.people_lost_high
            )
        })
    };
    match format {
        Format::Json => json_document(c),
        Format::Csv => {
            let peopled = c.totals.people.is_some();
            let mut s = CHANGE_CSV_HEADER.to_string();
            if peopled {
                s.push(',');
                s.push_str(CHANGE_PEOPLE_COLUMNS);
            }
            s.push('\n');
            for u in &c.units {
                s.push_str(&format!(
                    "{},{},{},{},{:.1},{:.1},{:.1},{:.1},{:.1},{:.1}{}\n",
                    c.from,
                    c.to,
                    csv_field(&u.id),
                    csv_field(&u.name),
                    u.area_km2,
                    u.held_from_km2,
                    u.held_to_km2,
                    u.gained_km2,
                    u.lost_km2,
                    u.net_km2 + 0.0,
                    people_cells(u.people.as_ref())
                ));
            }
            let t = &c.totals;
            s.push_str(&format!(
                "{},{},total,,,{:.1},{:.1},{:.1},{:.1},{:.1}{}\n",
                c.from,
                c.to,
                t.held_from_km2,
                t.held_to_km2,
                t.gained_km2,
                t.lost_km2,
                t.net_km2 + 0.0,
                people_cells(t.people.as_ref())
            ));
            s
        }
        Format::Table => {
            let peopled = c.totals.people.is_some();
            let shown = || {
                c.units
                    .iter()
                    .filter(|u| u.gained_km2.round() > 0.0 || u.lost_km2.round() > 0.0)
            };
            // Columns sized to their content, as in the stats table.
            let wi = width(7, shown().map(|u| u.id.as_str()));
            let wn = width(16, shown().map(|u| u.name.as_str()));
            let mut s = format!("ground gained and lost between {} and {} (km²)\n", c.from, c.to);
            s.push_str(&format!(
                "  {:<wi$} {:<wn$} {:>11} {:>11} {:>10} {:>10} {:>10}",
                "unit", "name", c.from, c.to, "gained", "lost", "net"
            ));
            if peopled {
                s.push_str(&format!(" {:>14} {:>14}", "people gained", "people lost"));
            }
            s.push('\n');
            let people = |p: Option<&crate::change::ChangePeople>| {
                p.map_or_else(String::new, |p| {
                    format!(
                        " {:>14} {:>14}",
                        crate::format::rounded_count(p.people_gained),
                        crate::format::rounded_count(p.people_lost)
                    )
                })
            };
            for u in shown() {
                s.push_str(&format!(
                    "  {:<wi$} {:<wn$} {:>11} {:>11} {:>10} {:>10} {:>10}{}\n",
                    terminal_cell(&u.id),
                    terminal_cell(&u.name),
                    km2(u.held_from_km2),
                    km2(u.held_to_km2),
                    km2(u.gained_km2),
                    km2(u.lost_km2),
                    signed_km2(u.net_km2),
                    people(u.people.as_ref())
                ));
            }
            let t = &c.totals;
            s.push_str(&format!(
                "  {:<wi$} {:<wn$} {:>11} {:>11} {:>10} {:>10} {:>10}{}\n",
                "total",
                "",
                km2(t.held_from_km2),
                km2(t.held_to_km2),
                km2(t.gained_km2),
                km2(t.lost_km2),
                signed_km2(t.net_km2),
                people(t.people.as_ref())
            ));
            s.push_str("(units where no ground changed hands are left out; --format csv lists every unit)\n");
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers() {
        assert_eq!(km2(603_628.4), "603,628");
        assert_eq!(km2(839.0), "839");
        assert_eq!(km2(-1234.0), "-1,234");
        assert_eq!(percent(0.745), "74.5 %");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
