//! Thin, domain-named wrappers over `geo`: orientation, geodesic area,
//! containment, rounding. No algorithm here that `geo` already has. The
//! geodesic area sums `geographiclib`'s own edge terms as its polygon area
//! does, bit for bit, only remembering each edge's term per thread, since
//! the pieces a run measures share most of their edges, and, when a caller
//! primes them, rings' areas measured by an earlier run. It reads and
//! writes no files: the command line's cache keeps the rings.

use geo::{Area, BoundingRect, Contains, Coord, GeodesicArea, LineString, MapCoords, MultiPolygon, Point, Polygon};

use crate::error::{Error, Result};

pub mod point_index;

pub use point_index::PointIndex;

/// Square metres in a square kilometre.
const M2_PER_KM2: f64 = 1.0e6;

/// Orients every ring the way RFC 7946 and `geo` expect: exterior rings
/// counter-clockwise, holes clockwise. Input may come wound either way
/// (shapefiles wind exteriors clockwise).
///
/// Decided by the sign of each ring's shoelace area. (`geo`'s `Orient`
/// looks only at the ring's extreme vertex and leaves a ring unchanged when
/// that vertex is degenerate, as overlay output sometimes is.)
pub fn orient(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let wound = |ring: &LineString<f64>, ccw: bool| {
        let mut ring = ring.clone();
        if (ring_signed_area(&ring) < 0.0) == ccw {
            ring.0.reverse();
        }
        ring
    };
    MultiPolygon(
        mp.0.iter()
            .map(|p| {
                Polygon::new(
                    wound(p.exterior(), true),
                    p.interiors().iter().map(|h| wound(h, false)).collect(),
                )
            })
            .collect(),
    )
}

/// Geodesic area on the WGS84 ellipsoid.
///
/// # Units
/// Input in degrees (lon, lat); returns km².
///
/// # Assumptions
/// Rings may be wound either way: they are oriented first, so a clockwise
/// ring never yields "the whole Earth minus the polygon".
///
/// # Examples
/// ```
/// use geo::{polygon, MultiPolygon};
/// // A 1° × 1° cell at the equator, wound clockwise on purpose.
/// let cell = polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0)];
/// let km2 = claimsmap::geometry::area_km2(&MultiPolygon(vec![cell]));
/// assert!((km2 - 12_308.8).abs() < 1.0, "{km2}");
/// ```
pub fn area_km2(mp: &MultiPolygon<f64>) -> f64 {
    // Per polygon, the signed area of the oriented polygon: a degenerate
    // sliver (as overlay operations can leave) may come out a hair below
    // zero, which the unsigned area would turn into the whole Earth.
    // (`+ 0.0` turns the empty sum's -0.0 into 0.0.)
    0.0 + mp.0.iter().map(|p| oriented_area_m2(p).max(0.0)).sum::<f64>() / M2_PER_KM2
}

/// The signed geodesic area in m² of `p` with its rings oriented as
/// [`orient`] orients them: the same figure as `geo`'s
/// `geodesic_area_signed` of the oriented copy, bit for bit (the same
/// points in the same order through the same `geographiclib` sums), but
/// walking each ring forwards or backwards instead of copying it. Areas
/// are measured on every evaluation of the fit's search, where the copies
/// cost as much as a tenth of a command's time.
fn oriented_area_m2(p: &Polygon<f64>) -> f64 {
    let ring_area =
        |ring: &LineString<f64>, ccw: bool| remembered_ring_area_m2(ring, ccw, (ring_signed_area(ring) < 0.0) == ccw);
    let outer = ring_area(p.exterior(), true);
    let mut inner: f64 = p.interiors().iter().map(|h| ring_area(h, false).abs()).sum();
    if outer < 0.0 && inner > 0.0 {
        inner = -inner;
    }
    outer - inner
}

/// The WGS84 ellipsoid's geodesics, set up once.
static WGS84: std::sync::LazyLock<geographiclib_rs::Geodesic> =
    std::sync::LazyLock::new(geographiclib_rs::Geodesic::wgs84);

/// Edges remembered per thread before the memo is emptied (about 64 MB).
const EDGE_MEMO_MAX: usize = 1 << 20;

/// The most ring areas journalled for [`new_ring_areas`] (about 10 MB).
const RING_JOURNAL_MAX: usize = 1 << 18;

/// A ring by the SHA-256 of its winding, point count and points' bits, in
/// order, and its geodesic area (m²).
pub type RingArea = ([u8; 32], f64);

/// Edge terms by their ends' bits: the key is four `f64`s' bits, for which
/// rustc's own fast hash (already built for the PDF writer) is plenty.
type EdgeMap = std::collections::HashMap<[u64; 4], f64, rustc_hash::FxBuildHasher>;

thread_local! {
    /// The area term of each edge measured on this thread, by its ends' bits.
    static EDGE_MEMO: std::cell::RefCell<EdgeMap> = std::cell::RefCell::new(EdgeMap::default());
}

/// Ring areas known before the run (see [`prime_ring_areas`]), shared by
/// every thread and never changed once set.
static PRIMED: std::sync::OnceLock<std::collections::HashMap<[u8; 32], f64, rustc_hash::FxBuildHasher>> =
    std::sync::OnceLock::new();

/// The ring areas this process measured since [`prime_ring_areas`], for
/// the caller to keep; empty (and not filled) unless priming was asked for.
static JOURNAL: std::sync::Mutex<Vec<RingArea>> = std::sync::Mutex::new(Vec::new());

/// Whether rings are looked up and journalled (set by [`prime_ring_areas`]).
static JOURNALLING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Hands the geodesic areas the ring areas measured by an earlier run of
/// the same build with the same maths library (the command line's cache
/// keeps them, `cli/cache.rs`), and from now on journals the rings
/// measured, for [`new_ring_areas`]. Once per process: a later call only
/// resumes the journal. A ring's area is a pure function of its points and
/// winding, so an area handed here must be the very bits this build
/// measures for that ring; the caller answers for that (the cache keys its
/// store by the build and the libraries), and every area is then the very
/// bits it would be without.
///
/// Why rings and not edges: a warm run measures the same rings (the units'
/// borders on every load, the same resolved pieces), a few thousand of
/// them, where a store of edges held some fifty thousand terms whose
/// reading and hashing cost as much as a third of what they saved.
pub fn prime_ring_areas(areas: &[RingArea]) {
    PRIMED.get_or_init(|| areas.iter().copied().collect());
    JOURNALLING.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The ring areas measured since [`prime_ring_areas`] (at most
/// 2<sup>18</sup>), taken out of the journal; empty when priming was never
/// asked for.
pub fn new_ring_areas() -> Vec<RingArea> {
    std::mem::take(&mut *JOURNAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// The key of a ring for [`prime_ring_areas`]: the SHA-256 of its winding
/// and its points' bits, in order (SHA-256 so that two rings never share
/// a key by accident: an area read back under the wrong ring would be
/// wrong without a trace).
fn ring_key(ring: &LineString<f64>, ccw: bool) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update([u8::from(ccw)]);
    digest_line(&mut h, ring);
    h.finalize().into()
}

/// Feeds `line`'s point count and every coordinate's bits, in order, to
/// `h`: how the memos' keys (rings' areas, fronts, bands) digest a line.
pub fn digest_line(h: &mut sha2::Sha256, line: &LineString<f64>) {
    use sha2::Digest;
    h.update((line.0.len() as u64).to_le_bytes());
    for c in &line.0 {
        h.update(c.x.to_bits().to_le_bytes());
        h.update(c.y.to_bits().to_le_bytes());
    }
}

/// The signed geodesic area (m²) of `ring` as [`ring_area_m2`] measures
/// it with the winding `ccw`, read from the primed areas when they hold it
/// (and journalled when measured) while priming is on.
fn remembered_ring_area_m2(ring: &LineString<f64>, ccw: bool, reversed: bool) -> f64 {
    let measure = || {
        if reversed {
            ring_area_m2(ring.0.iter().rev(), ccw)
        } else {
            ring_area_m2(ring.0.iter(), ccw)
        }
    };
    if !JOURNALLING.load(std::sync::atomic::Ordering::Relaxed) {
        return measure();
    }
    let key = ring_key(ring, ccw);
    if let Some(&area) = PRIMED.get().and_then(|m| m.get(&key)) {
        return area;
    }
    let area = measure();
    let mut journal = JOURNAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if journal.len() < RING_JOURNAL_MAX {
        journal.push((key, area));
    }
    area
}

/// The area term (`S12`, m²) of the geodesic from `a` to `b` (lat, lon in
/// degrees), as `geographiclib`'s polygon area adds it for that edge.
///
/// Remembered per thread: the pieces a run measures share most of their
/// edges (a unit's held part and the rest share the front; every date's
/// pieces share the unit's border), and solving the inverse problem is
/// nearly all of an area's cost. Measured on `stats --timeline` of
/// `geodata/`: 449,108 edges, 28,489 distinct. The term is a pure function
/// of the two points, so a remembered one is the very same bits.
fn edge_area_m2(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geographiclib_rs::capability as caps;
    // The capabilities geographiclib's polygon area asks of each edge.
    const MASK: u64 = caps::LATITUDE | caps::LONGITUDE | caps::DISTANCE | caps::AREA | caps::LONG_UNROLL;
    let key = [a.0.to_bits(), a.1.to_bits(), b.0.to_bits(), b.1.to_bits()];
    EDGE_MEMO.with(|memo| {
        if let Some(&s) = memo.borrow().get(&key) {
            return s;
        }
        let s = WGS84._gen_inverse(a.0, a.1, b.0, b.1, MASK).9;
        let mut memo = memo.borrow_mut();
        if memo.len() >= EDGE_MEMO_MAX {
            memo.clear();
        }
        memo.insert(key, s);
        s
    })
}

/// +1 when the shorter way from longitude `lon1` to `lon2` crosses the
/// prime meridian eastwards, -1 westwards, else 0 (a longitude of ±0 is on
/// its east side): how a polygon's area learns that it encircles a pole.
fn prime_meridian_crossing(lon1: f64, lon2: f64) -> i64 {
    // Longitudes in (-180, 180], and the difference in (-180, 180].
    let norm = |x: f64| {
        let y = libm::remainder(x, 360.0);
        if y == -180.0 { 180.0 } else { y }
    };
    let (a, b) = (norm(lon1), norm(lon2));
    let mut d = b - a;
    if d > 180.0 {
        d -= 360.0;
    } else if d <= -180.0 {
        d += 360.0;
    }
    if d > 0.0 && ((a < 0.0 && b >= 0.0) || (a > 0.0 && b == 0.0)) {
        1
    } else if d < 0.0 && a >= 0.0 && b < 0.0 {
        -1
    } else {
        0
    }
}

/// The signed geodesic area (m²) of the ring through `points` (lon, lat),
/// positive when they wind counter-clockwise and `ccw`, or clockwise and
/// not: the figure of `geographiclib`'s `PolygonArea` with that winding and
/// `compute(true)`, bit for bit (the same edge terms summed in the same
/// order, the same closing edge and reduction; a test compares the two),
/// with each edge's term from [`edge_area_m2`].
fn ring_area_m2<'a>(points: impl Iterator<Item = &'a Coord<f64>>, ccw: bool) -> f64 {
    let (mut first, mut last) = ((0.0, 0.0), (0.0, 0.0));
    let (mut sum, mut crossings, mut n) = (0.0, 0i64, 0usize);
    for c in points {
        let at = (c.y, c.x);
        if n == 0 {
            first = at;
        } else {
            sum += edge_area_m2(last, at);
            crossings += prime_meridian_crossing(last.1, at.1);
        }
        last = at;
        n += 1;
    }
    sum += edge_area_m2(last, first);
    crossings += prime_meridian_crossing(last.1, first.1);
    let earth = WGS84.area();
    let mut area = sum % earth;
    if crossings % 2 != 0 {
        area += if area < 0.0 { earth / 2.0 } else { -earth / 2.0 };
    }
    if ccw {
        area = -area;
    }
    if area > earth / 2.0 {
        area -= earth;
    } else if area <= -earth / 2.0 {
        area += earth;
    }
    area
}

/// The planar signed area of a closed ring, as `geo`'s `signed_area` of
/// the ring taken as a polygon computes it (shoelace shifted to the first
/// vertex), without building the polygon.
fn ring_signed_area(ring: &LineString<f64>) -> f64 {
    let c = &ring.0;
    if c.len() < 3 || c.first() != c.last() {
        return 0.0;
    }
    let shift = c[0];
    let mut prev = c[1] - shift;
    let mut sum = 0.0;
    for &q in &c[2..] {
        let q = q - shift;
        sum += prev.x * q.y - prev.y * q.x;
        prev = q;
    }
    sum / 2.0
}

/// Largest change of a polygon's area, in per cent, that repairing its
/// rings may make: a crossing or a loop of a few metres moves the area by
/// far less; a figure-eight or a ring that crosses itself across the unit
/// would be redrawn as something else.
pub const REPAIR_TOLERANCE_PERCENT: f64 = 1.0;

/// Geodesic area in km² of one ring taken as a polygon, whichever way it is
/// wound; lobes of a self-crossing ring wound against each other cancel.
fn ring_km2(ring: &LineString<f64>) -> f64 {
    (Polygon::new(ring.clone(), vec![]).geodesic_area_signed() / M2_PER_KM2).abs()
}

/// The area the rings of `mp` enclose as drawn, in km²: each outer ring
/// less its holes, summed, overlaps counted twice. For valid polygons it
/// is their area; for invalid ones it is what the drawing says.
pub fn drawn_area_km2(mp: &MultiPolygon<f64>) -> f64 {
    mp.0.iter()
        .map(|p| ring_km2(p.exterior()) - p.interiors().iter().map(ring_km2).sum::<f64>())
        .sum()
}

/// Refuses a repair of `before` into `after` that changed the area by more
/// than [`REPAIR_TOLERANCE_PERCENT`], and rings that cannot be repaired
/// into what they mean (a hole larger than its outer ring), with a message
/// giving both areas.
pub fn check_repair(before: &MultiPolygon<f64>, after: &MultiPolygon<f64>) -> std::result::Result<(), String> {
    for (i, p) in before.0.iter().enumerate() {
        let outer = ring_km2(p.exterior());
        if let Some(h) = p.interiors().iter().position(|h| ring_km2(h) >= outer) {
            return Err(format!(
                "hole {} of polygon {} ({:.1} km²) is larger than its outer ring ({outer:.1} km²); the two rings may be swapped: put the outer ring first",
                h + 1,
                i + 1,
                ring_km2(&p.interiors()[h]),
            ));
        }
    }
    let drawn = drawn_area_km2(before);
    let repaired = area_km2(after);
    let change = (repaired - drawn).abs();
    if change > drawn.abs() * REPAIR_TOLERANCE_PERCENT / 100.0 {
        return Err(format!(
            "rings intersect themselves or overlap, and merging them would change the area from {drawn:.1} km² as drawn to {repaired:.1} km² (more than {REPAIR_TOLERANCE_PERCENT} %); fix the rings where they cross (for example ogr2ogr -makevalid, or Fix geometries in QGIS) and check the result"
        ));
    }
    Ok(())
}

/// The band of ground within `km` kilometres of `lines` (lon/lat degrees),
/// as lon/lat polygons.
///
/// # Method
///
/// The lines are projected to a Lambert conformal conic whose standard
/// parallels sit at one sixth and five sixths of the lines' latitude span,
/// buffered there in metres, and projected back. A conformal projection
/// keeps local distances the same in every direction, and between its
/// standard parallels the scale is within about 0.1 % of true for a span
/// of a few degrees: a 15 km band is 15 km ± 0.02 km wide. Returns an empty
/// geometry for empty lines or a width that is not positive.
pub fn band_km(lines: &geo::MultiLineString<f64>, km: f64) -> Result<MultiPolygon<f64>> {
    use geo::Buffer;
    let Some(r) = lines.bounding_rect() else {
        return Ok(MultiPolygon(vec![]));
    };
    if !(km.is_finite() && km > 0.0) {
        return Ok(MultiPolygon(vec![]));
    }
    let (south, north) = (r.min().y, r.max().y);
    let span = (north - south).max(0.5);
    let (lat_1, lat_2) = (south + span / 6.0, south + span * 5.0 / 6.0);
    let lon_0 = (r.min().x + r.max().x) / 2.0;
    let lcc = crate::projection::Projection::new(&format!(
        "+proj=lcc +lat_1={lat_1:.4} +lat_2={lat_2:.4} +lat_0={:.4} +lon_0={lon_0:.4} +ellps=WGS84 +units=m",
        (south + north) / 2.0
    ))?;
    let band = guarded("(band)", "buffering a line", || lcc.project(lines).buffer(km * 1000.0))?;
    Ok(band.map_coords(|c| match lcc.inverse(c.x, c.y) {
        Some((x, y)) => Coord { x, y },
        None => c,
    }))
}

/// The part of `mp` inside the axis-aligned rectangle from `min` to `max`
/// (x, y), in `mp`'s own units.
pub fn clip_to_rect(mp: &MultiPolygon<f64>, min: (f64, f64), max: (f64, f64)) -> MultiPolygon<f64> {
    use geo::BooleanOps;
    let rect = geo::Rect::new(Coord { x: min.0, y: min.1 }, Coord { x: max.0, y: max.1 }).to_polygon();
    mp.intersection(&rect)
}

/// The parts of `lines` inside `area`, in the same units (hatch stripes
/// cut to the ground they cover).
pub fn clip_lines(area: &MultiPolygon<f64>, lines: &geo::MultiLineString<f64>) -> geo::MultiLineString<f64> {
    use geo::BooleanOps;
    area.clip(lines, false)
}

/// True when the point (lon, lat) lies inside the area.
pub fn contains_lonlat(mp: &MultiPolygon<f64>, lon: f64, lat: f64) -> bool {
    mp.contains(&Point::new(lon, lat))
}

/// Rounds a coordinate to `decimals` decimal places. Equal inputs give equal
/// outputs, so borders two units share stay shared after rounding.
pub fn round_coord(c: Coord<f64>, decimals: i32) -> Coord<f64> {
    let f = 10f64.powi(decimals);
    Coord {
        x: (c.x * f).round() / f,
        y: (c.y * f).round() / f,
    }
}

/// Rounds every coordinate of a ring, drops points that became repeats and
/// returns `None` when fewer than three distinct points remain.
pub fn round_ring(ring: &LineString<f64>, decimals: i32) -> Option<LineString<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let r = round_coord(*c, decimals);
        if out.last() != Some(&r) {
            out.push(r);
        }
    }
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        return None;
    }
    Some(LineString::new(out)) // `Polygon::new` closes it again
}

/// Rounds a multipolygon's coordinates, dropping rings and polygons that
/// collapse (fewer than three points or no area), and orients the result
/// per RFC 7946.
pub fn round_multipolygon(mp: &MultiPolygon<f64>, decimals: i32) -> MultiPolygon<f64> {
    let rounded =
        mp.0.iter()
            .filter_map(|p| {
                let ext = round_ring(p.exterior(), decimals)?;
                let holes = p.interiors().iter().filter_map(|h| round_ring(h, decimals)).collect();
                Some(Polygon::new(ext, holes))
            })
            .collect();
    drop_small_rings(&MultiPolygon(rounded), 0.0)
}

/// Planar area of a ring in square degrees (for size filters only).
fn ring_area_deg2(ring: &LineString<f64>) -> f64 {
    Polygon::new(ring.clone(), vec![]).unsigned_area()
}

/// Drops polygons and holes whose planar area is at most `min_deg2` square
/// degrees (zero-area slivers left by dissolving, specks too small to see),
/// and orients the result per RFC 7946.
///
/// # Units
/// `min_deg2` in square degrees; at 48° N, 1e-4 deg² ≈ 0.8 km².
pub fn drop_small_rings(mp: &MultiPolygon<f64>, min_deg2: f64) -> MultiPolygon<f64> {
    let polys =
        mp.0.iter()
            .filter(|p| ring_area_deg2(p.exterior()) > min_deg2)
            .map(|p| {
                let holes = p
                    .interiors()
                    .iter()
                    .filter(|h| ring_area_deg2(h) > min_deg2)
                    .cloned()
                    .collect();
                Polygon::new(p.exterior().clone(), holes)
            })
            .collect();
    orient(&MultiPolygon(polys))
}

/// True when `mp` is valid in the sense of `geo`'s `Validation::is_valid`
/// (the same checks and the same answer), in time near-linear in its
/// vertices rather than quadratic.
///
/// `geo` tests every pair of a ring's segments for a self-intersection and
/// relates every pair of polygons. Here segment pairs are only tested when
/// their bounding boxes share a cell of a grid sized to the segments
/// ([`segment_pairs`]), and polygons or holes only relate when their
/// bounding boxes meet; pairs skipped that way cannot intersect.
pub fn is_valid(mp: &MultiPolygon<f64>) -> bool {
    use geo::{Intersects, RemoveRepeatedPoints};
    let rects: Vec<Option<geo::Rect<f64>>> = mp.0.iter().map(BoundingRect::bounding_rect).collect();
    for (i, polygon) in mp.0.iter().enumerate() {
        if !polygon.exterior().0.is_empty() {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                if ring.0.is_empty() {
                    continue;
                }
                if ring.0.iter().any(|c| !c.x.is_finite() || !c.y.is_finite()) {
                    return false;
                }
                if ring.remove_repeated_points().0.len() < 4 || ring_self_intersects(ring) {
                    return false;
                }
            }
            if polygon.interiors().iter().any(|r| !r.0.is_empty()) && !interiors_valid(polygon) {
                return false;
            }
        }
        for (j, other) in mp.0.iter().enumerate().skip(i + 1) {
            let meet = match (rects[i], rects[j]) {
                (Some(a), Some(b)) => a.intersects(&b),
                _ => true,
            };
            if meet {
                let im = geo::Relate::relate(polygon, other);
                if im.get(
                    geo::coordinate_position::CoordPos::Inside,
                    geo::coordinate_position::CoordPos::Inside,
                ) == geo::dimensions::Dimensions::TwoDimensional
                    || im.get(
                        geo::coordinate_position::CoordPos::OnBoundary,
                        geo::coordinate_position::CoordPos::OnBoundary,
                    ) == geo::dimensions::Dimensions::OneDimensional
                {
                    return false;
                }
            }
        }
    }
    true
}

/// The hole checks of `geo`'s polygon validation: every hole inside the
/// exterior, touching it and other holes at points only, holes not
/// overlapping. Hole pairs whose bounding boxes do not meet are skipped.
fn interiors_valid(polygon: &Polygon<f64>) -> bool {
    use geo::coordinate_position::CoordPos;
    use geo::dimensions::Dimensions;
    use geo::{Intersects, PreparedGeometry, Relate};
    let exterior = Polygon::new(polygon.exterior().clone(), vec![]);
    let prepared_exterior = PreparedGeometry::from(&exterior);
    let holes: Vec<(Polygon<f64>, Option<geo::Rect<f64>>)> = polygon
        .interiors()
        .iter()
        .filter(|h| !h.0.is_empty())
        .map(|h| {
            let p = Polygon::new(h.clone(), vec![]);
            let r = p.bounding_rect();
            (p, r)
        })
        .collect();
    for (k, (hole, rect)) in holes.iter().enumerate() {
        let prepared = PreparedGeometry::from(hole);
        let im = prepared_exterior.relate(&prepared);
        if !im.is_contains() || im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
            return false;
        }
        for (other, other_rect) in &holes[k + 1..] {
            let meet = match (rect, other_rect) {
                (Some(a), Some(b)) => a.intersects(b),
                _ => true,
            };
            if !meet {
                continue;
            }
            let im = prepared.relate(other);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional
                || im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional
            {
                return false;
            }
        }
    }
    true
}

/// True when two segments of the ring that are not neighbours meet (the
/// test of `geo`'s validation, on candidate pairs only).
fn ring_self_intersects(ring: &LineString<f64>) -> bool {
    use geo::Intersects;
    let lines: Vec<geo::Line<f64>> = ring.lines().collect();
    let mut found = false;
    segment_pairs(&lines, |i, j| {
        let (a, b) = (lines[i], lines[j]);
        if a.intersects(&b) && a.start != b.end && a.end != b.start {
            found = true;
        }
        found
    });
    found
}

/// Calls `visit(i, j)` (i < j) once for every pair of segments whose
/// bounding boxes might overlap, until it returns true. Segments are binned
/// into a grid whose cells are about as large as the mean segment, so a
/// pair is visited only when both boxes reach a common cell: about linear
/// in the segments for a boundary, rather than quadratic.
pub fn segment_pairs(lines: &[geo::Line<f64>], mut visit: impl FnMut(usize, usize) -> bool) {
    let n = lines.len();
    if n < 2 {
        return;
    }
    let brute = |visit: &mut dyn FnMut(usize, usize) -> bool| {
        for i in 0..n {
            for j in i + 1..n {
                if visit(i, j) {
                    return;
                }
            }
        }
    };
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut length = 0.0;
    for l in lines {
        x0 = x0.min(l.start.x.min(l.end.x));
        y0 = y0.min(l.start.y.min(l.end.y));
        x1 = x1.max(l.start.x.max(l.end.x));
        y1 = y1.max(l.start.y.max(l.end.y));
        length += (l.end.x - l.start.x).abs().max((l.end.y - l.start.y).abs());
    }
    if n <= 16 || !(x1 - x0).is_finite() || !(y1 - y0).is_finite() {
        return brute(&mut visit);
    }
    // Start with cells twice the mean segment; coarsen while long segments
    // would fill too many cells.
    let extent = (x1 - x0).max(y1 - y0);
    let mut cell = (2.0 * length / n as f64).max(extent / 4096.0);
    let budget = 8 * n + 64;
    let span = |v: f64, origin: f64, cell: f64| ((v - origin) / cell) as u64;
    let entries = loop {
        if cell.is_nan() || cell <= 0.0 || cell >= extent {
            return brute(&mut visit);
        }
        let mut total = 0usize;
        for l in lines {
            let cx = span(l.start.x.max(l.end.x), x0, cell) - span(l.start.x.min(l.end.x), x0, cell) + 1;
            let cy = span(l.start.y.max(l.end.y), y0, cell) - span(l.start.y.min(l.end.y), y0, cell) + 1;
            total = total.saturating_add((cx * cy) as usize);
        }
        if total <= budget {
            break total;
        }
        cell *= 2.0;
    };
    let columns = span(x1, x0, cell) + 1;
    // (cell key, segment) pairs, sorted by cell.
    let mut binned: Vec<(u64, u32)> = Vec::with_capacity(entries);
    let cells = |l: &geo::Line<f64>| {
        (
            span(l.start.x.min(l.end.x), x0, cell),
            span(l.start.x.max(l.end.x), x0, cell),
            span(l.start.y.min(l.end.y), y0, cell),
            span(l.start.y.max(l.end.y), y0, cell),
        )
    };
    for (i, l) in lines.iter().enumerate() {
        let (ax, bx, ay, by) = cells(l);
        for cy in ay..=by {
            for cx in ax..=bx {
                binned.push((cy * columns + cx, i as u32));
            }
        }
    }
    binned.sort_unstable();
    let mut start = 0;
    while start < binned.len() {
        let key = binned[start].0;
        let mut end = start + 1;
        while end < binned.len() && binned[end].0 == key {
            end += 1;
        }
        let (kx, ky) = (key % columns, key / columns);
        for a in start..end {
            for b in a + 1..end {
                let (i, j) = (binned[a].1 as usize, binned[b].1 as usize);
                let (ci, cj) = (cells(&lines[i]), cells(&lines[j]));
                // Visit each pair only in the first cell both reach.
                if ci.0.max(cj.0) == kx && ci.2.max(cj.2) == ky && visit(i.min(j), i.max(j)) {
                    return;
                }
            }
        }
        start = end;
    }
}

/// Kilometres per degree of latitude (mean Earth radius 6,371 km).
const KM_PER_DEG: f64 = 6_371.0 * std::f64::consts::PI / 180.0;

/// A local plane in kilometres around a reference point: longitude scaled by
/// the cosine of the reference latitude. Distances and buffers in it are
/// close to true kilometres across a unit of a few hundred km; areas are not
/// exact, so anything that must be exact is measured geodesically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalPlane {
    lon0: f64,
    lat0: f64,
    kx: f64,
}

impl LocalPlane {
    /// The plane centred on the middle of a geometry's bounding box.
    pub fn around(mp: &MultiPolygon<f64>) -> Self {
        let (lon0, lat0) = mp.bounding_rect().map_or((0.0, 0.0), |r| {
            ((r.min().x + r.max().x) / 2.0, (r.min().y + r.max().y) / 2.0)
        });
        LocalPlane {
            lon0,
            lat0,
            kx: lat0.to_radians().cos() * KM_PER_DEG,
        }
    }

    /// lon/lat degrees → plane km.
    pub fn to_plane(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (c.x - self.lon0) * self.kx,
            y: (c.y - self.lat0) * KM_PER_DEG,
        }
    }

    /// Plane km → lon/lat degrees.
    pub fn to_lonlat(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: c.x / self.kx + self.lon0,
            y: c.y / KM_PER_DEG + self.lat0,
        }
    }

    /// A geometry in plane km.
    pub fn project<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| self.to_plane(c))
    }

    /// A geometry back in lon/lat degrees.
    pub fn unproject<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| self.to_lonlat(c))
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while a [`guarded`] operation runs on this thread: the binary's
/// panic hook stays quiet then, since the panic becomes an error message.
pub fn in_guarded() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Runs a geometry operation for `unit`, turning a panic inside the geometry
/// crates into an error that names the unit.
pub fn guarded<T>(unit: &str, what: &str, op: impl FnOnce() -> T) -> Result<T> {
    let outer = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(op));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|_| Error::Geometry {
        unit: unit.to_string(),
        message: format!("{what} failed"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn area_ignores_winding() {
        let ccw = polygon![(x: 30.0, y: 48.0), (x: 31.0, y: 48.0), (x: 31.0, y: 49.0), (x: 30.0, y: 49.0)];
        let cw = polygon![(x: 30.0, y: 48.0), (x: 30.0, y: 49.0), (x: 31.0, y: 49.0), (x: 31.0, y: 48.0)];
        let a = area_km2(&MultiPolygon(vec![ccw]));
        let b = area_km2(&MultiPolygon(vec![cw]));
        assert!((a - b).abs() < 1e-6);
        // 1° × 1° at 48.5° N: 111.2 km × 73.9 km ≈ 8,200 km².
        assert!((8_100.0..8_300.0).contains(&a), "{a}");
    }

    /// Numbers in [0, 1) from a xorshift generator started at `seed`: the
    /// same sequence on every run.
    pub(super) fn uniform(mut seed: u64) -> impl FnMut() -> f64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The ring areas summed here from remembered edge terms are
    /// `geographiclib`'s `PolygonArea` figures bit for bit, both windings,
    /// on random rings anywhere (across the prime meridian, the
    /// antimeridian, round a pole), degenerate ones, and every ring of the
    /// committed datasets measured twice (the second time from the memo).
    #[test]
    fn ring_areas_are_polygon_area_bit_for_bit() {
        use geographiclib_rs::{Geodesic, PolygonArea, Winding};
        let g = Geodesic::wgs84();
        let reference = |pts: &[Coord<f64>], ccw: bool| {
            let winding = if ccw {
                Winding::CounterClockwise
            } else {
                Winding::Clockwise
            };
            let mut pa = PolygonArea::new(&g, winding);
            pts.iter().for_each(|c| pa.add_point(c.y, c.x));
            pa.compute(true).1
        };
        let check = |pts: &[Coord<f64>]| {
            for ccw in [true, false] {
                let ours = ring_area_m2(pts.iter(), ccw);
                assert_eq!(ours.to_bits(), reference(pts, ccw).to_bits(), "{pts:?} ccw {ccw}");
                assert_eq!(ring_area_m2(pts.iter().rev(), ccw).to_bits(), {
                    let r: Vec<Coord<f64>> = pts.iter().rev().copied().collect();
                    reference(&r, ccw).to_bits()
                });
            }
        };
        let mut next = uniform(0x9e37_79b9_7f4a_7c15);
        let centres = [
            (0.0, 51.5),
            (180.0, -17.0),
            (-179.9, 65.0),
            (30.0, 48.0),
            (0.0, 89.0),
            (-60.0, -88.5),
        ];
        for (cx, cy) in centres {
            for _ in 0..40 {
                let n = 3 + (next() * 12.0) as usize;
                let r = 0.01 + next() * 5.0;
                let mut pts: Vec<Coord<f64>> = (0..n)
                    .map(|_| Coord {
                        x: cx + (next() - 0.5) * 2.0 * r,
                        y: (cy + (next() - 0.5) * 2.0 * r).clamp(-90.0, 90.0),
                    })
                    .collect();
                check(&pts);
                pts.push(pts[0]);
                check(&pts);
            }
        }
        // Round the pole, and degenerate rings.
        let pole: Vec<Coord<f64>> = (0..=12)
            .map(|k| Coord {
                x: -180.0 + 30.0 * k as f64,
                y: 80.0,
            })
            .collect();
        check(&pole);
        check(&[]);
        check(&[Coord { x: 1.0, y: 2.0 }]);
        check(&[
            Coord { x: 0.0, y: 0.0 },
            Coord { x: -0.0, y: 1.0 },
            Coord { x: 0.0, y: 0.0 },
        ]);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["geodata/units.geojson", "datasets/georgia/units.geojson"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let gj: geojson::GeoJson = text.parse().unwrap();
            let geojson::GeoJson::FeatureCollection(fc) = gj else {
                panic!()
            };
            for f in fc.features {
                let geom: geo::Geometry<f64> = f.geometry.unwrap().try_into().unwrap();
                let mp = match geom {
                    geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                    geo::Geometry::MultiPolygon(mp) => mp,
                    _ => continue,
                };
                for p in &mp.0 {
                    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                        check(&ring.0);
                        check(&ring.0);
                    }
                }
            }
        }
    }

    /// Random rings (mostly self-intersecting), random holes and pieces,
    /// and the committed datasets: the fast check answers as `geo` does.
    #[test]
    fn is_valid_agrees_with_geo() {
        use geo::Validation;
        let mut next = uniform(0x2545_f491_4f6c_dd1d);
        let mut ring = |n: usize, cx: f64, cy: f64, r: f64, star: bool| {
            let mut pts: Vec<(f64, f64)> = (0..n)
                .map(|k| {
                    if star {
                        // A star-shaped ring, simple unless jittered.
                        let a = k as f64 / n as f64 * std::f64::consts::TAU;
                        let rr = r * (0.5 + next() * 0.5);
                        (cx + rr * a.cos(), cy + rr * a.sin())
                    } else {
                        (cx + (next() - 0.5) * r, cy + (next() - 0.5) * r)
                    }
                })
                .collect();
            pts.push(pts[0]);
            LineString::from(pts)
        };
        let mut cases = Vec::new();
        for k in 0..400 {
            let n = 3 + k % 40;
            let star = k % 3 != 0;
            let ext = ring(n * 3, 0.0, 0.0, 10.0, star);
            let holes = if k % 4 == 0 {
                vec![ring(n, 0.5, 0.0, 2.0, true)]
            } else {
                vec![]
            };
            let mut polys = vec![Polygon::new(ext, holes)];
            if k % 5 == 0 {
                polys.push(Polygon::new(ring(8, 12.0 + (k % 7) as f64, 0.0, 4.0, true), vec![]));
            }
            cases.push(MultiPolygon(polys));
        }
        // Squares touching at a corner (valid) and along an edge (not).
        let sq = |x: f64, y: f64| {
            Polygon::new(
                LineString::from(vec![(x, y), (x + 1.0, y), (x + 1.0, y + 1.0), (x, y + 1.0), (x, y)]),
                vec![],
            )
        };
        cases.push(MultiPolygon(vec![sq(0.0, 0.0), sq(1.0, 1.0)]));
        cases.push(MultiPolygon(vec![sq(0.0, 0.0), sq(1.0, 0.0)]));
        cases.push(MultiPolygon(vec![sq(0.0, 0.0), sq(0.5, 0.5)]));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "geodata/units.geojson",
            "geodata/context.geojson",
            "datasets/georgia/units.geojson",
        ] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let fc: geojson::FeatureCollection = text.parse().unwrap();
            for f in fc.features {
                let g = f.geometry.unwrap().value;
                let mp = match MultiPolygon::<f64>::try_from(&g) {
                    Ok(mp) => mp,
                    Err(_) => MultiPolygon(vec![Polygon::<f64>::try_from(&g).unwrap()]),
                };
                cases.push(mp);
            }
        }
        let mut invalid = 0;
        for (k, mp) in cases.iter().enumerate() {
            let want = mp.is_valid();
            invalid += usize::from(!want);
            assert_eq!(is_valid(mp), want, "case {k}");
        }
        assert!(invalid > 100, "the random cases test invalid input too ({invalid})");
    }

    #[test]
    fn rounding_drops_collapsed_rings() {
        let tiny = polygon![(x: 30.0, y: 48.0), (x: 30.00001, y: 48.0), (x: 30.00001, y: 48.00001)];
        assert!(round_multipolygon(&MultiPolygon(vec![tiny]), 4).0.is_empty());
    }
}
