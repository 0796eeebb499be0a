//! Reading a dataset folder: boundaries, control table, places, metadata.
//!
//! Loaders parse and validate only; they compute nothing beyond unit areas.
//! Each reports every problem it finds with file and line or feature, so
//! `claimsmap validate` can list them all at once.

// One parser per dataset file. They are public for the property tests,
// which feed each parser mutated text; a program reading datasets calls
// `dataset` / `dataset_with` (and `lines::load` for `--lines`).
#[doc(hidden)]
pub mod boundaries;
#[doc(hidden)]
pub mod control;
#[doc(hidden)]
pub mod crosswalk;
#[doc(hidden)]
pub mod geojson;
#[doc(hidden)]
pub mod hints;
#[doc(hidden)]
pub mod known;
#[doc(hidden)]
pub mod layers;
pub mod lines;
mod locate;
#[doc(hidden)]
pub mod meta;
pub mod places;
#[doc(hidden)]
pub mod population;
#[doc(hidden)]
pub mod scenarios;
mod user_line;

use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Problem, Problems, Result};
use crate::model::Dataset;
pub(crate) use locate::{toml_problem, unit_hint};

/// File names inside a dataset folder.
pub mod files {
    /// Dataset metadata (country, official area).
    pub const META: &str = "dataset.toml";
    /// Unit boundaries.
    pub const UNITS: &str = "units.geojson";
    /// The control-share table.
    pub const CONTROL: &str = "control.csv";
    /// Named places.
    pub const PLACES: &str = "places.csv";
    /// Settlements with their controlling side at snapshot dates (optional).
    pub const KNOWN: &str = "settlements-control.csv";
    /// Neighbouring land drawn as background.
    pub const CONTEXT: &str = "context.geojson";
    /// Rivers and reservoirs.
    pub const WATER: &str = "water.geojson";
    /// Fitting hints.
    pub const HINTS: &str = "fit.toml";
    /// Map metadata and scenarios.
    pub const SCENARIOS: &str = "scenarios.toml";
    /// Official population per unit (optional).
    pub const POPULATION: &str = "population.csv";
    /// Settlements with their population (optional; needs `population.csv`).
    pub const SETTLEMENTS: &str = "settlements.csv";
}

pub use crate::input::{MAX_INPUT_BYTES, MAX_POSITIONS};

/// Reads a whole dataset text file through the one capped reader
/// (`input.rs`): only regular files, at most [`MAX_INPUT_BYTES`]; a
/// missing or unreadable file is a problem with the input, reported with its path.
pub fn read_text(path: &Path) -> Result<String> {
    crate::input::read_text(path, crate::input::Accept::File)
}

/// The message for a CSV row that cannot be read.
pub fn csv_row_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "the row has {len} fields, the header has {expected_len}; check for a missing comma, or quote a field that holds one"
        ),
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8 text; save the file as UTF-8".to_string(),
        _ => format!("malformed CSV row: {e}"),
    }
}

/// CSV text with `#` comment lines taken out, remembering where each kept
/// line stood, so messages name the line a user sees in the editor. (The csv
/// crate's own comment support drops comment lines from its line count.)
pub struct CommentedCsv {
    kept: String,
    lines: Vec<usize>,
}

impl CommentedCsv {
    /// Splits off the comment lines of `text`.
    pub fn new(text: &str) -> Self {
        let mut kept = String::with_capacity(text.len());
        let mut lines = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if !line.trim_start().starts_with('#') {
                kept.push_str(line);
                kept.push('\n');
                lines.push(i + 1);
            }
        }
        CommentedCsv { kept, lines }
    }

    /// A CSV reader over the kept lines, fields trimmed.
    pub fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(self.kept.as_bytes())
    }

    /// Reads the header and finds the `required` columns (in any order).
    /// Returns the header and the index of each required column.
    pub fn header(
        &self,
        path: &Path,
        reader: &mut csv::Reader<&[u8]>,
        required: &[&str],
    ) -> Result<(csv::StringRecord, Vec<usize>)> {
        let at = Location::Line(self.line(1));
        let headers = reader
            .headers()
            .map_err(|e| Error::problem(Problem::new(path, at.clone(), format!("cannot read the header: {e}"))))?
            .clone();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let missing: Vec<&str> = required.iter().copied().filter(|c| column(c).is_none()).collect();
        if !missing.is_empty() && headers.len() == 1 && headers.iter().any(|h| h.contains(';')) {
            // A European spreadsheet export: one field holding the whole header.
            return Err(Error::problem(
                Problem::new(path, at, "the separator is `;`").with_hint("save it with commas"),
            ));
        }
        if !missing.is_empty() {
            return Err(Error::problem(
                Problem::new(path, at, format!("missing column(s): {}", missing.join(", ")))
                    .with_hint(format!("the header must name: {}", required.join(","))),
            ));
        }
        let idx = required.iter().filter_map(|c| column(c)).collect();
        Ok((headers, idx))
    }

    /// The original line number of the reader's 1-based line `n`.
    pub fn line(&self, n: u64) -> usize {
        let i = usize::try_from(n).unwrap_or(usize::MAX).saturating_sub(1);
        self.lines.get(i).copied().unwrap_or(i + 1)
    }

    /// One record read from this table with its original line, or `None`
    /// once a record the csv reader could not read is noted as a problem
    /// at its line: the one loop head every CSV loader shares.
    pub fn located(
        &self,
        path: &Path,
        record: csv::Result<csv::StringRecord>,
        problems: &mut Problems,
    ) -> Option<(csv::StringRecord, usize)> {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| self.line(p.line()));
                Some((record, line))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| self.line(p.line()));
                problems.push(Problem::new(path, Location::Line(line), csv_row_problem(&e)));
                None
            }
        }
    }
}

/// Where a dataset's boundaries come from, when not from its own
/// `units.geojson` with `id` and `name` properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundarySource {
    /// A boundaries GeoJSON from elsewhere; the folder's `units.geojson` when `None`.
    pub file: Option<PathBuf>,
    /// Property holding each unit's id.
    pub id_property: String,
    /// Property holding each unit's name.
    pub name_property: String,
    /// A CSV (`their_id,id`) from the file's ids (or names) to the dataset's unit ids.
    pub id_map: Option<PathBuf>,
    /// Match the file's features to the dataset's units by name.
    pub match_names: bool,
    /// Who drew the boundaries, for the map credits ("Boundaries: …").
    pub credit: Option<String>,
    /// Property of the file holding each unit's official area in km²
    /// (`area_official_km2` when `None`).
    pub area_property: Option<String>,
}

impl Default for BoundarySource {
    fn default() -> Self {
        BoundarySource {
            file: None,
            id_property: "id".into(),
            name_property: "name".into(),
            id_map: None,
            match_names: false,
            credit: None,
            area_property: None,
        }
    }
}

/// Loads and cross-checks a dataset folder.
///
/// All files are read even when one of them has problems, and every problem
/// found is returned together.
pub fn dataset(dir: &Path) -> Result<Dataset> {
    dataset_with(dir, &BoundarySource::default())
}

/// Loads a dataset folder with boundaries from `source`.
pub fn dataset_with(dir: &Path, source: &BoundarySource) -> Result<Dataset> {
    use sha2::{Digest, Sha256};
    let (data, files) = crate::input::recording(|| read_dataset(dir, source));
    // The options that choose and match the boundaries' features (id and
    // name properties, matching by name, the area property) make other
    // units of the same files: they enter the fingerprint with the files.
    let mut h = Sha256::new();
    h.update(files);
    h.update(format!("{source:?}").as_bytes());
    let fingerprint = h.finalize().into();
    data.map(|d| Dataset { fingerprint, ..d })
}

/// [`dataset_with`] without the fingerprint of the files read.
/// How far the units may measure above the country's official area
/// together (official figures and drawn polygons differ by a few per cent:
/// inland water, coastlines); past it, shares of the country would pass
/// 100 %.
const COUNTRY_AREA_EXCESS: f64 = 1.1;

/// Refuses a country's official area that the units contradict: smaller
/// than their measured sum by more than [`COUNTRY_AREA_EXCESS`] (units that
/// overlap, or a figure in the wrong unit), or larger by more than the
/// factor allowed for a unit's official area.
fn check_country_area(
    path: &Path,
    country: &crate::model::Country,
    units: &[crate::model::Unit],
    problems: &mut Problems,
) {
    let Some(official) = country.area_official_km2 else {
        return;
    };
    let measured: f64 = units.iter().map(|u| u.area_km2).sum();
    if measured <= 0.0 {
        return;
    }
    let measured_text = crate::format::km2(measured);
    let official_text = if (1.0..1e9).contains(&official) {
        crate::format::km2(official)
    } else {
        format!("{official:e}")
    };
    let message = if official * COUNTRY_AREA_EXCESS < measured {
        format!(
            "country.area_official_km2 is {official_text} km², but the units measure {measured_text} km² together: shares of the country would pass 100 %"
        )
    } else if official > measured * boundaries::OFFICIAL_AREA_FACTOR {
        format!(
            "country.area_official_km2 is {official_text} km², more than {} times the {measured_text} km² the units measure together",
            boundaries::OFFICIAL_AREA_FACTOR
        )
    } else {
        return;
    };
    let at = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.find("area_official_km2").map(|i| locate::line_at(&text, i)))
        .unwrap_or(Location::File);
    problems.push(Problem::new(path, at, message).with_hint(
        "give the country's official area in km² (or drop area_official_km2 to use the measured area); if the figure is right, look for units that overlap, which count their common ground twice",
    ));
}

fn read_dataset(dir: &Path, source: &BoundarySource) -> Result<Dataset> {
    let mut problems = Problems::new();
    let country = take(meta::load(&dir.join(files::META)), dir, &mut problems);
    let units_path = source.file.clone().unwrap_or_else(|| dir.join(files::UNITS));
    let (units, mut warnings) = match take(boundaries_of(dir, source), dir, &mut problems) {
        Some((units, warnings)) => (Some(units), warnings),
        None => (None, Vec::new()),
    };
    let control = take(control::load(&dir.join(files::CONTROL)), dir, &mut problems);
    let places = take(places::load(&dir.join(files::PLACES)), dir, &mut problems);
    let known = take(known::load(&dir.join(files::KNOWN)), dir, &mut problems);
    let regions = take(layers::load_context(&dir.join(files::CONTEXT)), dir, &mut problems);
    let water = take(layers::load_water(&dir.join(files::WATER)), dir, &mut problems);
    let hints = take(hints::load(&dir.join(files::HINTS)), dir, &mut problems);
    let population = take(population::load(dir), dir, &mut problems);
    let scenarios = match &units {
        Some(units) => take(scenarios::load(&dir.join(files::SCENARIOS), units), dir, &mut problems),
        None => None,
    };
    if let Some(units) = &units {
        if let Some(country) = &country {
            check_country_area(&dir.join(files::META), country, units, &mut problems);
        }
        if let Some(control) = &control {
            control::check_against(&dir.join(files::CONTROL), control, units, &mut problems);
        }
        if let Some(places) = &places {
            places::check_against(&dir.join(files::PLACES), places, units, &mut problems);
        }
        if let (Some(known), Some(control)) = (&known, &control) {
            known::check_against(&dir.join(files::KNOWN), known, units, control, &mut problems);
        }
        if let (Some(hints), Some(water)) = (&hints, &water) {
            hints::check_against(&dir.join(files::HINTS), hints, units, water, &mut problems);
        }
        if let Some(Some(population)) = &population {
            population::check_against(dir, population, units, &mut problems);
        }
    }
    if let (Some(s), Some(control)) = (&scenarios, &control)
        && let Some(b) = &s.map.before
        && !control.iter().any(|r| r.as_of == b.date)
    {
        let mut dates: Vec<String> = control.iter().map(|r| r.as_of.to_string()).collect();
        dates.sort();
        dates.dedup();
        problems.push(
            Problem::new(
                &dir.join(files::SCENARIOS),
                Location::File,
                format!("map.before.date {} is not a snapshot of control.csv", b.date),
            )
            .with_hint(format!("name one of its dates: {}", dates.join(", "))),
        );
    }
    // The control table's latest snapshot is the dataset's lines (adding
    // next month's rows is one edit); texts written for an earlier
    // `map.as_of` would date them wrongly, so the map takes the snapshot's
    // date and titles made for it, and says so.
    let latest = control.as_ref().and_then(|c| c.iter().map(|r| r.as_of).max());
    // A snapshot dated after today would be drawn as the current lines:
    // most often a mistyped year. Only a warning, so the outputs never
    // depend on the clock.
    if let (Some(latest), Some(today)) = (latest, crate::model::IsoDate::today())
        && latest > today
    {
        warnings.push(
            Problem::new(
                &dir.join(files::CONTROL),
                Location::File,
                format!("the latest snapshot is dated {latest}, after today ({today}): the maps draw it as the current lines"),
            )
            .with_hint("check the date column; a line not yet reached belongs in a scenario of scenarios.toml, not in control.csv"),
        );
    }
    let mut texts_from = None;
    let scenarios = scenarios.map(|mut s| {
        if let Some(latest) = latest
            && latest > s.map.as_of
        {
            warnings.push(
                Problem::new(
                    &dir.join(files::SCENARIOS),
                    Location::File,
                    format!(
                        "map.as_of is {}, but control.csv has a later snapshot, {latest}: the maps show the lines of {latest}, titled by that date instead of the scenarios' own titles (written for {})",
                        s.map.as_of, s.map.as_of
                    ),
                )
                .with_hint(format!(
                    "set as_of = \"{latest}\" in [map] once the titles, descriptions and credits of scenarios.toml describe those lines"
                )),
            );
            texts_from = Some(s.map.as_of);
            s.map.as_of = latest;
        }
        if let Some(credit) = &source.credit {
            s.map.credits = with_boundaries_credit(&s.map.credits, credit);
        } else if source.file.is_some() && s.map.credits.contains(BOUNDARIES_CREDIT) {
            warnings.push(
                Problem::new(
                    &units_path,
                    Location::File,
                    "the map credits still name the dataset's own boundaries",
                )
                .with_hint("say who drew these with --boundaries-credit"),
            );
        }
        s
    });
    match (
        country, units, control, places, known, regions, water, hints, scenarios, population,
    ) {
        (
            Some(country),
            Some(units),
            Some(control),
            Some(places),
            Some(known),
            Some(regions),
            Some(water),
            Some(hints),
            Some(scenarios),
            Some(population),
        ) => problems.into_result(Dataset {
            dir: PathBuf::from(dir),
            country,
            units,
            control: crate::model::rows_in_force(&control, None),
            history: control,
            places,
            known: in_canonical_order(known),
            regions,
            water,
            hints,
            scenarios,
            population,
            warnings,
            moved_from: None,
            texts_from,
            fingerprint: [0; 32],
        }),
        _ => Err(Error::Invalid(drain(problems))),
    }
}

/// The sentence of the credits that names the boundaries' source.
const BOUNDARIES_CREDIT: &str = "Boundaries:";

/// The credits with their "Boundaries: …" sentence saying `credit` instead
/// (added at the end when there is none).
pub fn with_boundaries_credit(credits: &str, credit: &str) -> String {
    let credit = credit.trim().trim_end_matches('.');
    let sentence = format!("{BOUNDARIES_CREDIT} {credit}.");
    match credits.find(BOUNDARIES_CREDIT) {
        Some(start) => {
            let rest = &credits[start..];
            let end = rest.find(". ").map_or(credits.len(), |e| start + e + 1);
            format!("{}{sentence}{}", &credits[..start], &credits[end..])
        }
        None if credits.trim().is_empty() => sentence,
        None => format!("{} {sentence}", credits.trim_end()),
    }
}

/// The units from `source`: the folder's own `units.geojson`, or a file
/// from elsewhere read against it (ids, names and official areas kept,
/// crosswalked when asked).
fn boundaries_of(dir: &Path, source: &BoundarySource) -> Result<(Vec<crate::model::Unit>, Vec<Problem>)> {
    let own = dir.join(files::UNITS);
    let Some(file) = &source.file else {
        return boundaries::load(&own, &source.id_property, &source.name_property);
    };
    if !crate::input::exists(file) && std::fs::symlink_metadata(file).is_err() {
        return Err(Error::problem(
            Problem::new(file, Location::File, "file not found").with_hint("check the path given with --boundaries"),
        ));
    }
    // The dataset's own units, when it has them: read quietly, as a reference.
    let reference = if crate::input::exists(&own) {
        boundaries::load(&own, "id", "name").ok().map(|(units, _)| units)
    } else {
        None
    };
    if (source.match_names || source.id_map.is_some()) && reference.is_none() {
        return Err(Error::problem(
            Problem::new(
                &own,
                Location::File,
                "there are no units of the dataset to match the boundaries to",
            )
            .with_hint("--match-names and --id-map need the dataset's own units.geojson (its ids and names)"),
        ));
    }
    let known: Option<Vec<(String, String)>> = reference
        .as_ref()
        .map(|units| units.iter().map(|u| (u.id.clone(), u.name.clone())).collect());
    let id_map = match &source.id_map {
        Some(path) => Some((path.as_path(), crosswalk::load_id_map(path, known.as_deref())?)),
        None => None,
    };
    let options = boundaries::Options {
        id_property: &source.id_property,
        name_property: &source.name_property,
        id_map: id_map.as_ref().map(|(p, m)| (*p, m)),
        match_names: source.match_names,
        reference: reference.as_deref(),
        area_property: source.area_property.as_deref().unwrap_or(boundaries::AREA_OFFICIAL),
    };
    boundaries::load_with(file, &options)
}

/// Keeps a loader's value, or moves its problems into `problems`.
fn take<T>(r: Result<T>, dir: &Path, problems: &mut Problems) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(Error::Invalid(ps)) => {
            ps.into_iter().for_each(|p| problems.push(p));
            None
        }
        Err(e) => {
            problems.push(Problem::new(dir, Location::File, e.to_string()));
            None
        }
    }
}

fn drain(problems: Problems) -> Vec<Problem> {
    match problems.into_result(()) {
        Err(Error::Invalid(ps)) => ps,
        _ => Vec::new(),
    }
}

/// The known places in an order that does not depend on the file's: the
/// fits read them in turn, and rows listed in another order must draw the
/// same lines to the last bit. Messages keep each row's line number.
fn in_canonical_order(mut known: Vec<crate::model::KnownPlace>) -> Vec<crate::model::KnownPlace> {
    fn key(k: &crate::model::KnownPlace) -> (crate::model::IsoDate, &str, u64, u64, &str, usize) {
        (k.date, &k.unit, k.lon.to_bits(), k.lat.to_bits(), &k.name, k.line)
    }
    known.sort_by(|a, b| key(a).cmp(&key(b)));
    known
}
