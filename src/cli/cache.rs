//! The fit cache: the areas fitted to a dataset's control table, the
//! fronts traced from them and the bands the scenarios' operations drew
//! along lines, kept on disk between runs, so a second command on the same
//! dataset reads its lines instead of fitting them again (fitting is most
//! of a run's cost; tracing the front, most of the rest before drawing;
//! the bands, most of measuring the proposals), and the files drawn from
//! SVG pages ([`Drawings`]: painting and encoding, most of a map's cost
//! once its lines are read back).
//!
//! An entry is keyed by the content of every input: the SHA-256 of every
//! file read to make the dataset ([`crate::model::Dataset::fingerprint`]),
//! and the identity of the code (a digest of the sources, lock file,
//! compiler and profile the binary was built from, made by `build.rs`). A
//! changed file, a file added or removed, another version of claimsmap:
//! another key, and the fits are made afresh. An entry read back is used
//! only if its header names the same key and its body's SHA-256 matches;
//! anything else (a truncated, corrupt or foreign file) is ignored and
//! the fits are made afresh. The areas are stored bit for bit, so a run
//! that reads them writes the very bytes a run that fitted them writes.
//!
//! Where: `$CLAIMSMAP_CACHE` when set (an absolute path; anything else
//! turns the cache off), else `$XDG_CACHE_HOME/claimsmap`, else
//! `~/.cache/claimsmap`. The folder must be the user's own and writable by
//! no one else, else the cache is off: an entry passes the checks above
//! whoever wrote it, so only the user may. The folder keeps the [`KEEP`]
//! newest entries. The key also digests the shared libraries the process
//! has mapped (the system's maths library). The cache never fails a command and never
//! prints: a folder that cannot be read or written is a cache miss. This
//! module must not change any result; it only saves fitting them.

use std::path::PathBuf;

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use sha2::{Digest, Sha256};

use crate::geometry::RingArea;
use crate::model::{Dataset, IsoDate};
use crate::scenario::{Fit, FitMemo};

/// The environment variable naming the cache folder (or `off`).
pub const VAR: &str = "CLAIMSMAP_CACHE";
/// Entries kept in the folder: one per dataset version (and build) used.
pub const KEEP: usize = 16;
/// The first bytes of an entry, with its format's version.
const MAGIC: &[u8; 16] = b"claimsmap-fits-3";
/// The largest entry written (bytes): what the input reader reads.
const MAX_BYTES: usize = crate::input::MAX_INPUT_BYTES as usize;
/// The code's identity (see `build.rs`).
const BUILD_ID: &str = env!("CLAIMSMAP_BUILD_ID");

/// Saves a run's fits to its entry, and the ring areas it measured to its
/// folder's store, when dropped, at the end of the command
/// (whichever way it returns).
#[derive(Debug, Default)]
pub(super) struct Keeper {
    pub(super) fits: Option<(Entry, std::sync::Arc<FitMemo>)>,
    pub(super) rings: Option<Rings>,
}

impl Drop for Keeper {
    fn drop(&mut self) {
        if let Some((entry, memo)) = &self.fits {
            entry.save(memo);
        }
        if let Some(rings) = &self.rings {
            rings.save();
        }
    }
}

/// The cache folder of this run, checked private, and the digest of the
/// libraries the process has mapped (part of every key).
#[derive(Debug)]
pub(super) struct Folder {
    dir: PathBuf,
    libraries: [u8; 32],
}

impl Folder {
    /// The folder from the environment, or `None` when the cache is off,
    /// no folder can be named, or it is not the user's own.
    pub(super) fn open() -> Option<Folder> {
        let dir = folder().filter(|d| private(d))?;
        Some(Folder {
            dir,
            libraries: libraries(),
        })
    }
}

/// The cache entry of one dataset's inputs.
#[derive(Debug)]
pub(super) struct Entry {
    dir: PathBuf,
    key: [u8; 32],
    /// Fits read from the entry (to know whether the run added any).
    read: usize,
}

impl Entry {
    /// The entry in `folder` for `data`'s inputs.
    pub(super) fn of(folder: &Folder, data: &Dataset) -> Entry {
        Entry::in_folder(folder.dir.clone(), &folder.libraries, &data.fingerprint)
    }

    /// The entry in `dir` for inputs of `fingerprint`, read by code linked
    /// with the `libraries` digest.
    fn in_folder(dir: PathBuf, libraries: &[u8; 32], fingerprint: &[u8; 32]) -> Entry {
        let mut h = Sha256::new();
        h.update(MAGIC);
        h.update(BUILD_ID.as_bytes());
        h.update(libraries);
        h.update(fingerprint);
        Entry {
            dir,
            key: h.finalize().into(),
            read: 0,
        }
    }

    fn name(&self) -> String {
        let hex: String = self.key[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("fits-{hex}.bin")
    }

    /// The fits the entry holds for a dataset of `units` units; none when
    /// it is missing or not to be trusted.
    pub(super) fn load(&mut self, units: usize) -> FitMemo {
        let path = self.dir.join(self.name());
        let (fits, fronts, bands) = read_entry(&path)
            .and_then(|bytes| decode(&bytes, &self.key, units))
            .unwrap_or_default();
        let memo = FitMemo::from_fits(fits).with_fronts(fronts).with_bands(bands);
        self.read = memo.len();
        if !memo.is_empty() {
            touch(&path);
        }
        memo
    }

    /// Writes `memo`'s fits to the entry when the run fitted more than it
    /// read; errors are ignored (the cache only saves time).
    pub(super) fn save(&self, memo: &FitMemo) {
        if memo.len() <= self.read {
            return;
        }
        let bytes = encode(&memo.fits(), &memo.fronts(), &memo.bands(), &self.key);
        if bytes.len() > MAX_BYTES {
            return;
        }
        write_entry(&self.dir, &self.name(), &bytes, "fits-", KEEP);
    }
}

/// The first bytes of a ring store, with its format's version.
const RING_MAGIC: &[u8; 16] = b"claimsmap-ring-1";
/// The most ring areas a store keeps (330 KB): every command of `make
/// maps` on `geodata/` measures about 1,100 rings, and a store full of the
/// rings of files since edited costs its reading on every load.
const RING_KEEP: usize = 1 << 13;

/// The geodesic areas of the rings measured on one dataset folder's
/// geometry (`geometry::prime_ring_areas`): the units' areas are measured
/// on every load, before the dataset's fingerprint (the fit entry's key)
/// is known, and that was the largest part of a warm run's time.
///
/// A ring's area is a pure function of its points and of the code and maths
/// library that measure it, so the store is keyed by the build and the
/// libraries, like the fit entries, and the folder only chooses which
/// areas are worth reading: an area kept for a file since changed is never
/// wrong, only unused. The store keeps the [`RING_KEEP`] rings measured
/// most recently (a run that measures none anew leaves it as it is).
#[derive(Debug)]
pub(super) struct Rings {
    dir: PathBuf,
    key: [u8; 32],
    /// The areas read from the store.
    known: Vec<RingArea>,
}

impl Rings {
    /// The store in `folder` for the dataset of `source` (its folder's
    /// path and where its boundaries come from).
    pub(super) fn of(folder: &Folder, source: &crate::session::DataSource) -> Rings {
        let at = std::fs::canonicalize(&source.dir).unwrap_or_else(|_| source.dir.clone());
        let mut h = Sha256::new();
        h.update(RING_MAGIC);
        h.update(BUILD_ID.as_bytes());
        h.update(folder.libraries);
        h.update(at.as_os_str().as_encoded_bytes());
        h.update(format!("{:?}", source.boundaries).as_bytes());
        Rings {
            dir: folder.dir.clone(),
            key: h.finalize().into(),
            known: Vec::new(),
        }
    }

    fn name(&self) -> String {
        let hex: String = self.key[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("rings-{hex}.bin")
    }

    /// Reads the store (nothing when it is missing or not to be trusted)
    /// and hands its areas to the geodesic areas.
    pub(super) fn load(&mut self) {
        let path = self.dir.join(self.name());
        self.known = read_entry(&path)
            .and_then(|bytes| decode_rings(&bytes, &self.key))
            .unwrap_or_default();
        if !self.known.is_empty() {
            touch(&path);
        }
        crate::geometry::prime_ring_areas(&self.known);
    }

    /// Writes the store again when the run measured rings it did not hold:
    /// those first, then the ones read, up to [`RING_KEEP`]. Errors are
    /// ignored (the cache only saves time).
    pub(super) fn save(&self) {
        let new = crate::geometry::new_ring_areas();
        if new.is_empty() {
            return;
        }
        let bytes = encode_rings(&kept_rings(new, &self.known, RING_KEEP), &self.key);
        write_entry(&self.dir, &self.name(), &bytes, "rings-", KEEP);
    }
}

/// The first bytes of a kept drawing, with its format's version.
const DRAW_MAGIC: &[u8; 16] = b"claimsmap-draw-1";
/// The most drawings the folder keeps: every drawing of `make maps` (64,
/// 0.1-0.9 MB each) twice over.
const DRAW_KEEP: usize = 128;

/// The files drawn from SVG text (PNG, PDF, outlined SVG, the animation),
/// kept so that a run drawing an SVG page an earlier run drew reads the
/// file back instead of painting and encoding it again (painting and
/// encoding are most of a map's cost once its lines are read back).
///
/// A drawing is a pure function of its SVG text, its format and the code
/// that makes it, so an entry is keyed by the key `present` gives (the
/// SHA-256 of the format and the SVG text) together with the build and the
/// libraries, like the fit entries; an entry read back is used only if its
/// header names the same key and its body's SHA-256 matches.
#[derive(Debug)]
pub(super) struct Drawings {
    dir: PathBuf,
    /// The digest of the build and the libraries, part of every key.
    salt: [u8; 32],
}

impl Drawings {
    /// The drawings kept in `folder`.
    pub(super) fn of(folder: &Folder) -> Drawings {
        let mut h = Sha256::new();
        h.update(DRAW_MAGIC);
        h.update(BUILD_ID.as_bytes());
        h.update(folder.libraries);
        Drawings {
            dir: folder.dir.clone(),
            salt: h.finalize().into(),
        }
    }

    /// The entry's full key and file name for `present`'s `key`.
    fn entry(&self, key: &[u8; 32]) -> ([u8; 32], String) {
        let full: [u8; 32] = Sha256::new()
            .chain_update(self.salt)
            .chain_update(key)
            .finalize()
            .into();
        let hex: String = full[..16].iter().map(|b| format!("{b:02x}")).collect();
        (full, format!("draw-{hex}.bin"))
    }
}

impl crate::present::Store for Drawings {
    fn get(&self, key: &[u8; 32]) -> Option<Vec<u8>> {
        let (full, name) = self.entry(key);
        let path = self.dir.join(name);
        let bytes = read_entry(&path)?;
        let body = opened(&bytes, DRAW_MAGIC, &full)?.to_vec();
        touch(&path);
        Some(body)
    }

    fn put(&self, key: &[u8; 32], bytes: &[u8]) {
        let (full, name) = self.entry(key);
        let sealed = seal(DRAW_MAGIC, &full, bytes);
        if sealed.len() <= MAX_BYTES {
            write_entry(&self.dir, &name, &sealed, "draw-", DRAW_KEEP);
        }
    }
}

/// What a store keeps: the rings a run measured first, by key (two threads
/// journal them in either order, and the same runs should make the same
/// file), then the ones it read, in the store's order, each once, up to
/// `keep`. So a store is kept newest first, and what goes past `keep` is
/// what was measured longest ago (the rings of a file since edited, say).
fn kept_rings(mut new: Vec<RingArea>, known: &[RingArea], keep: usize) -> Vec<RingArea> {
    new.sort_unstable_by_key(|(key, _)| *key);
    let mut seen = std::collections::HashSet::new();
    new.into_iter()
        .chain(known.iter().copied())
        .filter(|(key, _)| seen.insert(*key))
        .take(keep)
        .collect()
}

/// A store's bytes: the magic, the key, the body's SHA-256 and length,
/// then the body: the count, and each ring's key and its area's bits
/// (little-endian).
fn encode_rings(areas: &[RingArea], key: &[u8; 32]) -> Vec<u8> {
    let mut body = Vec::with_capacity(8 + areas.len() * 40);
    body.extend_from_slice(&(areas.len() as u64).to_le_bytes());
    for (ring, area) in areas {
        body.extend_from_slice(ring);
        body.extend_from_slice(&area.to_bits().to_le_bytes());
    }
    seal(RING_MAGIC, key, &body)
}

/// The areas of a store's bytes, if they are a store for `key`, whole and
/// unchanged, every area finite.
fn decode_rings(bytes: &[u8], key: &[u8; 32]) -> Option<Vec<RingArea>> {
    let mut r = Reader(opened(bytes, RING_MAGIC, key)?);
    let count = usize::try_from(r.u64()?).ok()?;
    if count.checked_mul(40)? != r.0.len() {
        return None;
    }
    (0..count)
        .map(|_| {
            let ring: [u8; 32] = r.take(32)?.try_into().ok()?;
            let area = f64::from_bits(r.u64()?);
            area.is_finite().then_some((ring, area))
        })
        .collect()
}

/// The bytes of the entry or store at `path`, if it is a regular file of
/// the user's own. Entries are renamed into place, never links: a link (to
/// a device, or to a file whose read blocks) is not followed. Then through
/// the input reader: a regular file only, capped in size.
fn read_entry(path: &std::path::Path) -> Option<Vec<u8>> {
    let plain = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) && private(path);
    plain
        .then(|| crate::input::read_bytes(path, crate::input::Accept::File).ok())
        .flatten()
}

/// Writes an entry or store named `name` into the private folder `dir`
/// (renamed into place), then keeps the `keep` newest files of its kind
/// (`prefix`). Errors are ignored: the cache only saves time.
fn write_entry(dir: &std::path::Path, name: &str, bytes: &[u8], prefix: &str, keep: usize) {
    if let Ok(out) = crate::output::OutDir::create_private(dir)
        && private(dir)
        && out.write(name, bytes).is_ok()
    {
        out.prune(prefix, ".bin", keep);
    }
}

/// Marks an entry or store that was read as used now: the folder keeps the
/// most recently modified ones, and one read on every run but with nothing
/// new to write would otherwise go first.
fn touch(path: &std::path::Path) {
    if let Ok(f) = std::fs::File::options().write(true).open(path) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

/// `body` behind its header: `magic`, `key`, the body's SHA-256 and length.
fn seal(magic: &[u8; 16], key: &[u8; 32], body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(body.len() + 88);
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(key);
    bytes.extend_from_slice(&Sha256::digest(body));
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(body);
    bytes
}

/// The body of `bytes` if they start with `magic` and `key` and the body
/// is whole and matches its SHA-256.
fn opened<'a>(bytes: &'a [u8], magic: &[u8; 16], key: &[u8; 32]) -> Option<&'a [u8]> {
    let mut r = Reader(bytes);
    if r.take(16)? != magic || r.take(32)? != key {
        return None;
    }
    let sum = r.take(32)?.to_vec();
    let len = usize::try_from(r.u64()?).ok()?;
    let body = r.take(len)?;
    (r.0.is_empty() && Sha256::digest(body).as_slice() == sum).then_some(body)
}

/// The cache folder, from the environment: `$CLAIMSMAP_CACHE` when it is
/// an absolute path (empty, `off`, `0`, `false`, `no` or a relative path:
/// no cache), else `$XDG_CACHE_HOME/claimsmap`, else `~/.cache/claimsmap`.
fn folder() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    if let Some(v) = std::env::var_os(VAR) {
        return absolute(v);
    }
    if let Some(p) = std::env::var_os("XDG_CACHE_HOME").and_then(absolute) {
        return Some(p.join("claimsmap"));
    }
    std::env::var_os("HOME")
        .and_then(absolute)
        .map(|h| h.join(".cache").join("claimsmap"))
}

/// True when what is at `path` (following links) is owned by this process's
/// user and writable by no one else, so no one else can plant an entry in
/// it (a folder) or change it (an entry); or when it does not exist yet.
/// Where the owner cannot be learnt (no `/proc`), only the mode is checked.
fn private(path: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = std::fs::metadata(path) else {
            return !path.exists();
        };
        let own = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
        meta.mode() & 0o022 == 0 && own.is_none_or(|uid| uid == meta.uid())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// A digest of the shared libraries this process has mapped (on Linux:
/// the system's maths library, whose functions the fits call, and the C
/// library), by content, and of the processor's features: an upgrade of a
/// library, or another processor, may change the last bit of a sine, so
/// entries fitted with other ones are not read. Empty where the mapped
/// files cannot be listed.
fn libraries() -> [u8; 32] {
    let mut h = Sha256::new();
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    let mut files: Vec<&str> = maps
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .filter(|p| p.starts_with('/') && p.contains(".so"))
        .collect();
    files.sort_unstable();
    files.dedup();
    for f in files {
        h.update(f.as_bytes());
        if let Ok(bytes) = std::fs::read(f) {
            h.update(Sha256::digest(bytes));
        }
    }
    // The maths library picks its routines by the processor's features: a
    // cache folder shared between machines must not mix their results.
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    if let Some(flags) = cpu.lines().find(|l| l.starts_with("flags")) {
        h.update(flags.as_bytes());
    }
    h.finalize().into()
}

/// An entry's bytes: the magic, the key, the body's SHA-256 and length,
/// then the body (little-endian counts and the coordinates' bits).
///
/// Written by hand: the body is nothing but counts and `f64`s, and a
/// format crate would add a dependency and a serde feature of `geo-types`
/// for the forty lines of length-checked reading below.
fn encode(fits: &[Fit], fronts: &[Front], bands: &[Band], key: &[u8; 32]) -> Vec<u8> {
    let mut body = Vec::new();
    let n = |body: &mut Vec<u8>, v: usize| body.extend_from_slice(&(v as u64).to_le_bytes());
    n(&mut body, fits.len());
    for fit in fits {
        n(&mut body, fit.unit);
        n(&mut body, fit.chain.len());
        for (share, date) in &fit.chain {
            body.extend_from_slice(&share.to_le_bytes());
            let date = date.to_string();
            n(&mut body, date.len());
            body.extend_from_slice(date.as_bytes());
        }
        put_area(&mut body, &fit.area);
    }
    n(&mut body, fronts.len());
    for (held, front) in fronts {
        body.extend_from_slice(held);
        n(&mut body, front.0.len());
        for line in &front.0 {
            put_line(&mut body, line);
        }
    }
    n(&mut body, bands.len());
    for (key, band) in bands {
        body.extend_from_slice(key);
        put_area(&mut body, band);
    }
    seal(MAGIC, key, &body)
}

/// Writes an area's polygon count, and each polygon's ring count and rings
/// (the exterior first).
fn put_area(body: &mut Vec<u8>, area: &MultiPolygon<f64>) {
    body.extend_from_slice(&(area.0.len() as u64).to_le_bytes());
    for polygon in &area.0 {
        let rings: Vec<&LineString<f64>> = std::iter::once(polygon.exterior()).chain(polygon.interiors()).collect();
        body.extend_from_slice(&(rings.len() as u64).to_le_bytes());
        for ring in rings {
            put_line(body, ring);
        }
    }
}

/// Writes a line's point count and its coordinates' bits.
fn put_line(body: &mut Vec<u8>, line: &LineString<f64>) {
    body.extend_from_slice(&(line.0.len() as u64).to_le_bytes());
    for c in &line.0 {
        body.extend_from_slice(&c.x.to_bits().to_le_bytes());
        body.extend_from_slice(&c.y.to_bits().to_le_bytes());
    }
}

/// A front remembered: the key of the held areas it was traced from, and the line.
type Front = ([u8; 32], MultiLineString<f64>);
/// A band remembered: the key of its lines and width, and the band.
type Band = ([u8; 32], MultiPolygon<f64>);
/// What an entry holds.
type Contents = (Vec<Fit>, Vec<Front>, Vec<Band>);

/// The fits, fronts and bands of an entry's bytes, if they are an entry
/// for `key`, whole and unchanged, of units below `units`.
fn decode(bytes: &[u8], key: &[u8; 32], units: usize) -> Option<Contents> {
    let mut r = Reader(opened(bytes, MAGIC, key)?);
    // Each count is checked against the bytes left before anything is
    // allocated for it: `min` is the fewest bytes one item takes.
    let mut fits = Vec::new();
    for _ in 0..r.count(24)? {
        let unit = r.count(0).filter(|&u| u < units)?;
        let mut chain = Vec::new();
        for _ in 0..r.count(18)? {
            let share = r.u64()?;
            let len = r.count(1)?;
            let text = std::str::from_utf8(r.take(len)?).ok()?;
            let date = IsoDate::parse(text).filter(|d| d.to_string() == text)?;
            chain.push((share, date));
        }
        let area = r.area()?;
        fits.push(Fit { unit, chain, area });
    }
    let mut fronts = Vec::new();
    for _ in 0..r.count(40)? {
        let held: [u8; 32] = r.take(32)?.try_into().ok()?;
        let mut lines = Vec::new();
        for _ in 0..r.count(8)? {
            lines.push(r.line()?);
        }
        fronts.push((held, MultiLineString(lines)));
    }
    let mut bands = Vec::new();
    for _ in 0..r.count(40)? {
        let key: [u8; 32] = r.take(32)?.try_into().ok()?;
        bands.push((key, r.area()?));
    }
    r.0.is_empty().then_some((fits, fronts, bands))
}

/// Reads an entry front to back; `None` past its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count that `min`-byte items fill no more than the bytes left.
    fn count(&mut self, min: usize) -> Option<usize> {
        self.u64()
            .and_then(|v| usize::try_from(v).ok())
            .filter(|&v| v.saturating_mul(min) <= self.0.len())
    }

    /// An area as [`put_area`] wrote it, every count checked before
    /// anything is allocated for it.
    fn area(&mut self) -> Option<MultiPolygon<f64>> {
        let mut polygons = Vec::new();
        for _ in 0..self.count(8)? {
            let mut rings = Vec::new();
            for _ in 0..self.count(8)? {
                rings.push(self.line()?);
            }
            let mut rings = rings.into_iter();
            polygons.push(Polygon::new(rings.next()?, rings.collect()));
        }
        Some(MultiPolygon(polygons))
    }

    /// A line as [`put_line`] wrote it, its count checked against the
    /// bytes left before anything is allocated.
    fn line(&mut self) -> Option<LineString<f64>> {
        let points = usize::try_from(self.u64()?)
            .ok()
            .filter(|&v| v.saturating_mul(16) <= self.0.len())?;
        (0..points)
            .map(|_| self.coord())
            .collect::<Option<Vec<_>>>()
            .map(LineString)
    }

    /// A point, refused unless both coordinates are finite.
    fn coord(&mut self) -> Option<Coord<f64>> {
        let (x, y) = (f64::from_bits(self.u64()?), f64::from_bits(self.u64()?));
        (x.is_finite() && y.is_finite()).then_some(Coord { x, y })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fits() -> Vec<Fit> {
        let date = IsoDate::parse("2025-08-15").unwrap();
        let ring = LineString::from(vec![(30.0, 48.0), (31.5, 48.0), (31.0, 49.25), (30.0, 48.0)]);
        let hole = LineString::from(vec![(30.5, 48.2), (30.9, 48.2), (30.7, 48.4), (30.5, 48.2)]);
        vec![
            Fit {
                unit: 0,
                chain: vec![(0.25f64.to_bits(), date)],
                area: MultiPolygon(vec![Polygon::new(ring, vec![hole])]),
            },
            Fit {
                unit: 2,
                chain: vec![
                    (0.5f64.to_bits(), IsoDate::parse("2022-02-23").unwrap()),
                    (0.75f64.to_bits(), date),
                ],
                area: MultiPolygon(vec![]),
            },
        ]
    }

    fn fronts() -> Vec<Front> {
        let line = LineString::from(vec![(30.0, 48.0), (31.5, 48.5), (-0.0, 1e-300)]);
        vec![([5u8; 32], MultiLineString(vec![line, LineString(vec![])]))]
    }

    fn bands() -> Vec<Band> {
        let ring = LineString::from(vec![(30.0, 48.0), (31.5, 48.0), (31.0, 49.25), (30.0, 48.0)]);
        vec![
            ([6u8; 32], MultiPolygon(vec![Polygon::new(ring, vec![])])),
            ([7u8; 32], MultiPolygon(vec![])),
        ]
    }

    #[test]
    fn an_entry_reads_back_bit_for_bit() {
        let key = [7u8; 32];
        let bytes = encode(&fits(), &fronts(), &bands(), &key);
        assert_eq!(decode(&bytes, &key, 3), Some((fits(), fronts(), bands())));
    }

    #[test]
    fn a_changed_cut_or_foreign_entry_is_not_read() {
        let key = [7u8; 32];
        let bytes = encode(&fits(), &fronts(), &bands(), &key);
        // Another key, a unit the dataset lacks, any byte changed, cut short
        // or lengthened: nothing is read.
        assert_eq!(decode(&bytes, &[8u8; 32], 3), None);
        assert_eq!(decode(&bytes, &key, 2), None);
        for at in [0, 20, 60, 90, bytes.len() / 2, bytes.len() - 1] {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert_eq!(decode(&changed, &key, 3), None, "byte {at}");
        }
        for len in [0, 40, 88, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..len], &key, 3), None, "{len} bytes");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer, &key, 3), None);
    }

    #[test]
    fn a_ring_store_reads_back_bit_for_bit_and_nothing_else() {
        let key = [9u8; 32];
        let areas = vec![([1u8; 32], 1.5e9), ([2u8; 32], -0.0), ([3u8; 32], f64::MIN_POSITIVE)];
        let bytes = encode_rings(&areas, &key);
        let back = decode_rings(&bytes, &key).unwrap();
        assert_eq!(
            back.iter().map(|(k, a)| (*k, a.to_bits())).collect::<Vec<_>>(),
            areas.iter().map(|(k, a)| (*k, a.to_bits())).collect::<Vec<_>>()
        );
        assert_eq!(decode_rings(&bytes, &[8u8; 32]), None);
        assert_eq!(
            decode_rings(&encode(&fits(), &fronts(), &bands(), &key), &key),
            None,
            "a fit entry is not a ring store"
        );
        for at in [0, 20, 60, 90, bytes.len() - 1] {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert_eq!(decode_rings(&changed, &key), None, "byte {at}");
        }
        assert_eq!(decode_rings(&bytes[..bytes.len() - 1], &key), None);
        // A count that does not match the body, and an area that is not
        // finite, though sealed: refused.
        let mut body = 3u64.to_le_bytes().to_vec();
        body.extend_from_slice(&[0u8; 40]);
        assert_eq!(decode_rings(&seal(RING_MAGIC, &key, &body), &key), None);
        let nan = encode_rings(&[([1u8; 32], f64::NAN)], &key);
        assert_eq!(decode_rings(&nan, &key), None);
    }

    #[test]
    fn a_full_store_drops_the_rings_measured_longest_ago() {
        let ring = |k: u8, area: f64| ([k; 32], area);
        // Read: 9 (newest), 1, 8 (oldest). Measured anew: 5, 2, and 1 again.
        let known = [ring(9, 9.0), ring(1, 1.0), ring(8, 8.0)];
        let new = vec![ring(5, 5.0), ring(2, 2.0), ring(1, 1.0)];
        let keys = |v: Vec<RingArea>| v.iter().map(|(k, _)| k[0]).collect::<Vec<_>>();
        assert_eq!(keys(kept_rings(new.clone(), &known, 10)), [1, 2, 5, 9, 8]);
        // Full: the oldest read goes first, whatever its key; what this run
        // measured stays.
        assert_eq!(keys(kept_rings(new.clone(), &known, 4)), [1, 2, 5, 9]);
        assert_eq!(keys(kept_rings(new, &known, 2)), [1, 2]);
    }

    #[test]
    fn a_huge_count_allocates_nothing() {
        // A body whose SHA-256 matches but whose first count claims 2^63
        // fits is refused before anything is allocated for them.
        let key = [1u8; 32];
        let body = (1u64 << 63).to_le_bytes();
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&key);
        bytes.extend_from_slice(&Sha256::digest(body));
        bytes.extend_from_slice(&8u64.to_le_bytes());
        bytes.extend_from_slice(&body);
        assert_eq!(decode(&bytes, &key, 3), None);
    }

    #[test]
    fn saves_only_what_is_new_and_keeps_the_newest_entries() {
        let dir = tempfile::tempdir().unwrap();
        let mut entry = Entry::in_folder(dir.path().to_path_buf(), &[0; 32], &[3u8; 32]);
        assert!(entry.load(3).fits().is_empty());
        entry.save(&FitMemo::from_fits(fits()).with_fronts(fronts()).with_bands(bands()));
        let mut again = Entry::in_folder(dir.path().to_path_buf(), &[0; 32], &[3u8; 32]);
        let memo = again.load(3);
        assert_eq!((memo.fits(), memo.fronts(), memo.bands()), (fits(), fronts(), bands()));
        // Nothing new: the entry is not written again.
        let path = dir.path().join(again.name());
        std::fs::write(&path, b"kept").unwrap();
        again.save(&FitMemo::from_fits(fits()).with_fronts(fronts()).with_bands(bands()));
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
        // A foreign file there is a miss, not an error.
        assert!(again.load(3).fits().is_empty());
        // A temporary left by a run killed two hours ago goes; one being
        // written now stays.
        let (stale, fresh) = (
            dir.path().join(".fits-a.bin.01.tmp"),
            dir.path().join(".fits-b.bin.02.tmp"),
        );
        for p in [&stale, &fresh] {
            std::fs::write(p, b"half").unwrap();
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        for i in 0..KEEP + 3 {
            Entry::in_folder(dir.path().to_path_buf(), &[0; 32], &[i as u8 + 10; 32]).save(&FitMemo::from_fits(fits()));
        }
        assert!(!stale.exists() && fresh.exists());
        let kept = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("fits-"))
            .count();
        assert_eq!(kept, KEEP);
    }
}
