//! Fitting a control area to a share: the one geometric algorithm claimsmap
//! owns. Given a unit and the share the occupier holds, draw a held area
//! whose geodesic area is that share of the unit's, within
//! [`SHARE_TOLERANCE`], shaped like a front line rather than a ruler line.
//!
//! Two methods, chosen per unit by the dataset's `fit.toml`:
//! - **grow**: the held area is everything within an even distance `d` of
//!   the seed borders (the occupier's country, fully held units, the coast),
//!   so the line runs parallel to where control comes from;
//! - **split**: the unit is cut along a river; the side holding a given
//!   point is held, and the line then moves by an even distance `d` off the
//!   river until the share is met.
//!
//! `d` is found by a bracketed root search (secant and inverse-quadratic
//! steps, bisection when they stall) in two passes. The first runs on the
//! unit simplified to [`SEARCH_SIMPLIFY_KM`] and measures planar area scaled
//! to the unit's geodesic area: cheap, and close. The second starts from its
//! answer and its slope on the exact geometry, measured geodesically, so the
//! result is exact whatever the map projection; it usually needs one or two
//! evaluations. Buffers are computed in a local kilometre plane
//! ([`LocalPlane`]). Pieces and holes smaller than [`MIN_PIECE_KM2`] on
//! either side are absorbed before measuring, so no specks or pinholes
//! survive and the area stays exact afterwards.
//!
//! Smallest area: a held area under [`MIN_HELD_KM2`] is drawn as nothing
//! (no piece that small would survive the speck filter), so a share whose
//! area is below it fits to the empty area, in bounded time, whatever the
//! share. Every share whose area is at least that is met within
//! [`SHARE_TOLERANCE`]. A held piece appears whole once it reaches the
//! speck size, so the area can jump across the target between two
//! distances; the search then grows only the pieces held just below the
//! jump and searches again (at most [`JUMP_RETRIES`] times). Should no
//! distance still meet the target, the fit fails with the fitted and target
//! areas rather than draw a wrong share.
//!
//! Limits: the line's position is schematic. It honours the share and the
//! seeds, not the real positions of the forces.

use geo::{
    Area, BooleanOps, Buffer, Closest, ClosestPoint, Contains, Coord, Distance, Euclidean, InteriorPoint, Length,
    LineString, MultiLineString, MultiPolygon, Point, Polygon, Simplify,
};

use super::borders::{Beyond, Edge};
use crate::error::{Error, Result};
use crate::geometry::{self, LocalPlane, guarded};
use crate::model::Unit;
use crate::model::{Method, Region, SEA, Water};

/// Largest relative error of a fitted area against its target.
pub const SHARE_TOLERANCE: f64 = 0.002;
/// The search stops once the relative error is below this.
const SEARCH_TOLERANCE: f64 = 0.0004;
/// Held or defended pieces, and holes, smaller than this are absorbed (km²).
pub const MIN_PIECE_KM2: f64 = 3.0;
/// Held areas smaller than this are drawn as nothing (km²): the share's
/// area is below what the speck filter keeps.
pub const MIN_HELD_KM2: f64 = 10.0;
/// The unit and the seeds are simplified to this tolerance for the first
/// pass of the search (km); the second pass uses the exact geometry.
pub const SEARCH_SIMPLIFY_KM: f64 = 0.5;
/// Seed lines are simplified to this tolerance before buffering (km).
const SEED_SIMPLIFY_KM: f64 = 0.3;
/// Width of the cut along a river (km).
const CUT_KM: f64 = 0.02;
/// Further searches of the exact pass when the area jumps across the target.
pub const JUMP_RETRIES: usize = 3;
/// An earlier, smaller area with known held places backs off towards
/// them and the seeds within this distance of them (km).
const KEEP_SEED_KM: f64 = 80.0;
/// Half the width of the corridor that keeps a place held joined to a
/// line backing off from the seeds alone, and the ground round each place
/// held at an earlier date that the hull of those places spans (km).
const KEEP_ROUND_KM: f64 = 3.0;
/// Most steps of each pass of the root search.
const MAX_STEPS: usize = 40;

/// Everything the fitter needs to know about the dataset.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// All units.
    pub units: &'a [Unit],
    /// Neighbouring countries.
    pub regions: &'a [Region],
    /// Rivers and reservoirs.
    pub water: &'a [Water],
}

/// The held part of unit `index` for `share`, in lon/lat.
///
/// `edges` is the unit's classified boundary ([`super::borders::classify`]).
/// Shares of 0 and 1 give the empty area and the whole unit.
pub fn held_area(
    index: usize,
    share: f64,
    method: &Method,
    edges: &[Vec<Edge>],
    ctx: Context<'_>,
) -> Result<MultiPolygon<f64>> {
    let unit = &ctx.units[index];
    if share <= 0.0 {
        return Ok(MultiPolygon(vec![]));
    }
    if share >= 1.0 {
        return Ok(unit.geometry.clone());
    }
    let target = share * unit.area_km2;
    if target < MIN_HELD_KM2 {
        return Ok(MultiPolygon(vec![]));
    }
    let plane = LocalPlane::around(&unit.geometry);
    let shape = plane.project(&unit.geometry);
    let coarse_shape = shape.simplify(SEARCH_SIMPLIFY_KM);
    let measure = |held_plane: &MultiPolygon<f64>| geometry::area_km2(&plane.unproject(held_plane));
    // Planar area of the simplified unit, scaled to the unit's geodesic area.
    let scale = unit.area_km2 / coarse_shape.unsigned_area().max(f64::MIN_POSITIVE);
    let rough = |held_plane: &MultiPolygon<f64>| held_plane.unsigned_area() * scale;
    let full = unit.area_km2;
    let fail = |message: String| Error::Geometry {
        unit: unit.id.clone(),
        message,
    };
    let diameter = diameter(&shape);

    let held = match method {
        Method::Grow { seeds, near, radius_km } => {
            let seed = grow_seeds(edges, (seeds, *near, *radius_km), ctx, &plane);
            if seed.0.is_empty() {
                // A data problem, not a geometry failure: say which borders exist.
                let mut borders: Vec<String> = edges
                    .iter()
                    .flatten()
                    .filter_map(|e| match e.beyond {
                        Beyond::Unit(i) => Some(ctx.units[i].id.clone()),
                        Beyond::Region(i) => Some(ctx.regions[i].id.clone()),
                        Beyond::Sea => Some(SEA.to_string()),
                        Beyond::Own => None,
                    })
                    .collect();
                borders.sort();
                borders.dedup();
                let wanted = seeds.join(", ");
                // The borders exist, but none within the hint's radius: say so,
                // with the radius that would reach them.
                if let (Some(p), Some(r)) = (near, radius_km) {
                    let all = grow_seeds(edges, (seeds, None, None), ctx, &plane);
                    if !all.0.is_empty() {
                        let at = geo::Point::from(plane.to_plane(Coord { x: p[0], y: p[1] }));
                        let km = Euclidean.distance(&at, &all);
                        return Err(Error::problem(
                            crate::error::Problem::new(
                                std::path::Path::new(crate::load::files::HINTS),
                                crate::error::Location::File,
                                format!(
                                    "unit {} ({}): its border with {wanted} lies {km:.0} km from near = [{}, {}], beyond radius_km = {r}",
                                    unit.id, unit.name, p[0], p[1]
                                ),
                            )
                            .with_hint(format!(
                                "raise radius_km to at least {:.0}, or move near onto that border",
                                km.ceil() + 1.0
                            )),
                        ));
                    }
                }
                return Err(Error::problem(
                    crate::error::Problem::new(
                        std::path::Path::new(crate::load::files::HINTS),
                        crate::error::Location::File,
                        format!(
                            "unit {} ({}) has no border with {wanted} to grow its held area from",
                            unit.id, unit.name
                        ),
                    )
                    .with_hint(format!(
                        "add a hint for it naming one of its borders: {}",
                        borders.join(", ")
                    )),
                ));
            }
            let seed = seed.simplify(SEED_SIMPLIFY_KM);
            let coarse_seed = seed.simplify(SEARCH_SIMPLIFY_KM);
            // A strip along the seeds: area ≈ length × d.
            let guess = target / Euclidean.length(&seed).max(1e-9);
            let grow = |shape: &MultiPolygon<f64>, seed: &MultiLineString<f64>, d: f64| {
                Ok(clean(shape, &shape.intersection(&seed.buffer(d))))
            };
            search(
                &unit.id,
                target,
                ((0.0, -target), (diameter, full - target)),
                guess,
                |d| grow(&coarse_shape, &coarse_seed, d),
                rough,
                |d| grow(&shape, &seed, d),
                measure,
            )?
        }
        Method::Split { line, held_side } => {
            let (index, water) = ctx
                .water
                .iter()
                .enumerate()
                .find(|(_, w)| &w.id == line)
                .ok_or_else(|| {
                    fail(format!(
                        "fit.toml names water line \"{line}\", which water.geojson lacks"
                    ))
                })?;
            let river =
                super::split::river_across(unit, (index, line), &shape, plane.project(&water.lines), &plane, |r| {
                    super::split::cut_along(&shape, r, CUT_KM)
                })?;
            let coarse_river = river.simplify(SEARCH_SIMPLIFY_KM);
            let side = plane.to_plane(Coord {
                x: held_side[0],
                y: held_side[1],
            });
            let side_of = |shape: &MultiPolygon<f64>, river: &MultiLineString<f64>| {
                let cut = shape.difference(&river.buffer(CUT_KM));
                MultiPolygon(
                    cut.0
                        .into_iter()
                        .filter(|p| p.contains(&Point(side)))
                        .collect::<Vec<_>>(),
                )
            };
            let base = side_of(&shape, &river);
            if base.0.is_empty() {
                return Err(fail(format!(
                    "the point {held_side:?} lies on no side of \"{line}\" inside the unit"
                )));
            }
            let coarse_base = side_of(&coarse_shape, &coarse_river);
            let base_km2 = measure(&base);
            // The river's length across the unit, for a first guess.
            let across = Euclidean.length(&clip_lines(&river, &shape)).max(1e-9);
            if base_km2 > target {
                // Give back a strip along the river: with t = -d, the held
                // area grows with t from nothing (t = -diameter) to the base (t = 0).
                let give =
                    |shape: &MultiPolygon<f64>, base: &MultiPolygon<f64>, river: &MultiLineString<f64>, t: f64| {
                        Ok(clean(shape, &base.difference(&river.buffer(-t))))
                    };
                search(
                    &unit.id,
                    target,
                    ((-diameter, -target), (0.0, base_km2 - target)),
                    -(base_km2 - target) / across,
                    |t| give(&coarse_shape, &coarse_base, &coarse_river, t),
                    rough,
                    |t| give(&shape, &base, &river, t),
                    measure,
                )?
            } else {
                // Cross the river by an even distance.
                let cross =
                    |shape: &MultiPolygon<f64>, base: &MultiPolygon<f64>, river: &MultiLineString<f64>, d: f64| {
                        let held = base.union(&shape.intersection(&river.buffer(d)));
                        Ok(clean(shape, &super::split::on_held_bank(held, side)))
                    };
                search(
                    &unit.id,
                    target,
                    ((0.0, base_km2 - target), (diameter, full - target)),
                    (target - base_km2) / across,
                    |d| cross(&coarse_shape, &coarse_base, &coarse_river, d),
                    rough,
                    |d| cross(&shape, &base, &river, d),
                    measure,
                )?
            }
        }
    };
    checked(&unit.id, &plane, &held, target, "")
}

/// A fitted area `held` (in `plane`) back in lon/lat, refused when its
/// geodesic area misses `target` by more than [`SHARE_TOLERANCE`] (the
/// message names the fit: `how`, e.g. " from an earlier area"), else
/// snapped to a 1e-7° grid (about 1 cm): borders shared with neighbouring
/// units, which come through the same overlay operations, then meet
/// exactly when held areas are merged.
pub(super) fn checked(
    unit: &str,
    plane: &LocalPlane,
    held: &MultiPolygon<f64>,
    target: f64,
    how: &str,
) -> Result<MultiPolygon<f64>> {
    let held = plane.unproject(held);
    let got = geometry::area_km2(&held);
    if (got - target).abs() > SHARE_TOLERANCE * target {
        return Err(Error::Geometry {
            unit: unit.to_string(),
            message: format!(
                "fitted {got:.1} km²{how} against a target of {target:.1} km² ({:+.2} %)",
                (got / target - 1.0) * 100.0
            ),
        });
    }
    Ok(geometry::round_multipolygon(&held, SNAP_DECIMALS))
}

/// The held part of unit `index` for `share`, fitted from an area `from`
/// held at another date: for a larger share everything within an even
/// distance of `from` (so the new area contains it); for a smaller one the
/// part of `from` within an even distance of its edges on the unit's border
/// and of the points `keep` (lon/lat of places held at that date), so it
/// lies inside `from` and the line backs off towards where control comes
/// from. Where places not held at that date are known too (`avoid`), the
/// line passes between the two sides instead: the ground spanned by the
/// places held and the seeds nearer them than any place not held, cut
/// where a place not held is nearer, grown or thinned evenly to the share.
/// Otherwise the convex ground spanned by `since` (places known held at
/// earlier dates, when three or more) stays held as well.
/// `from` must be neither empty nor the whole unit; the result meets the
/// share within [`SHARE_TOLERANCE`] like [`held_area`].
pub fn held_area_from(
    index: usize,
    share: f64,
    from: &MultiPolygon<f64>,
    (keep, avoid, since): KnownSides<'_>,
    (method, edges): (&Method, &[Vec<Edge>]),
    ctx: Context<'_>,
) -> Result<MultiPolygon<f64>> {
    let unit = &ctx.units[index];
    let target = share * unit.area_km2;
    if share <= 0.0 || target < MIN_HELD_KM2 {
        return Ok(MultiPolygon(vec![]));
    }
    if share >= 1.0 {
        return Ok(unit.geometry.clone());
    }
    let plane = LocalPlane::around(&unit.geometry);
    let shape = plane.project(&unit.geometry);
    let coarse_shape = shape.simplify(SEARCH_SIMPLIFY_KM);
    let measure = |held_plane: &MultiPolygon<f64>| geometry::area_km2(&plane.unproject(held_plane));
    // An alternative is taken only where it meets the share as `checked` will.
    let meets = |g: &MultiPolygon<f64>| (measure(g) - target).abs() <= SHARE_TOLERANCE * target;
    let scale = unit.area_km2 / coarse_shape.unsigned_area().max(f64::MIN_POSITIVE);
    let rough = |held_plane: &MultiPolygon<f64>| held_plane.unsigned_area() * scale;
    let full = unit.area_km2;
    let diameter = diameter(&shape);
    let held = plane.project(from);
    let coarse_held = held.simplify(SEARCH_SIMPLIFY_KM);
    let from_km2 = geometry::area_km2(from);
    let front_len = Euclidean
        .length(&MultiLineString(held.0.iter().map(|p| p.exterior().clone()).collect()))
        .max(1e-9);
    let rings_of = |held: &MultiPolygon<f64>| MultiLineString(held.0.iter().flat_map(|p| p.rings().cloned()).collect());
    // Where control comes from: the unit's seeds (the occupier's border,
    // the coast, held neighbours, as its hint names them; a split unit:
    // the area's edges on the unit's border).
    let source = match method {
        Method::Grow { seeds, near, radius_km } => grow_seeds(edges, (seeds, *near, *radius_km), ctx, &plane),
        Method::Split { .. } => {
            let border =
                MultiLineString(shape.0.iter().flat_map(|p| p.rings().cloned()).collect()).buffer(FRONT_OFF_BORDER_KM);
            border.clip(&rings_of(&held), false)
        }
    };
    // Where places held at that date are known, control came from them
    // and the stretch of the seeds nearest them, not from every seed.
    let kept: Vec<Coord<f64>> = keep
        .iter()
        .map(|&(lon, lat)| plane.to_plane(Coord { x: lon, y: lat }))
        .collect();
    let avoided: Vec<Coord<f64>> = avoid
        .iter()
        .map(|&(lon, lat)| plane.to_plane(Coord { x: lon, y: lat }))
        .collect();
    let held = if target >= from_km2 {
        // Where places on both sides are known at that date, the line
        // passes between them, around the later area kept whole. Control
        // may come from anywhere along the hint's seed borders then: a
        // hint's `near` says where today's smaller area lies.
        let unbounded = match method {
            Method::Grow {
                seeds, near: Some(_), ..
            } => Some(grow_seeds(edges, (seeds, None, None), ctx, &plane)),
            _ => None,
        };
        let between = between_sides(
            &unit.id,
            target,
            (&shape, &coarse_shape, &shape, unbounded.as_ref().unwrap_or(&source)),
            (&kept, &avoided),
            &held,
            diameter,
            measure,
        )
        // Where that misses the share (or fails), the plain growth below.
        .ok()
        .flatten()
        .filter(|g| meets(g));
        if let Some(between) = between {
            between
        } else {
            // The area's rings buffered as lines, with the area itself: a
            // polygon buffer of a fitted area with touching rings can vanish.
            let (rings, coarse_rings) = (rings_of(&held), rings_of(&coarse_held));
            let grow = |shape: &MultiPolygon<f64>, held: &MultiPolygon<f64>, rings: &MultiLineString<f64>, d: f64| {
                Ok(clean(shape, &shape.intersection(&held.union(&rings.buffer(d)))))
            };
            search(
                &unit.id,
                target,
                ((0.0, from_km2 - target), (diameter, full - target)),
                (target - from_km2) / front_len,
                |d| grow(&coarse_shape, &coarse_held, &coarse_rings, d),
                rough,
                |d| grow(&shape, &held, &rings, d),
                measure,
            )?
        }
    } else {
        // Shrink towards where control comes from: keep the part of `from`
        // within an even distance of the unit's seeds and of the places
        // `keep` names, so the line backs off the front evenly and known
        // places stay held; an earlier front backs off towards them.
        let mut source = source;
        if let Some(between) = between_sides(
            &unit.id,
            target,
            (&shape, &coarse_shape, &held, &source),
            (&kept, &avoided),
            &MultiPolygon(vec![]),
            diameter,
            measure,
        )? {
            between
        } else {
            if !kept.is_empty() {
                let near = MultiPolygon(
                    kept.iter()
                        .flat_map(|c| Point::from(*c).buffer(KEEP_SEED_KM).0)
                        .collect(),
                );
                source = near.clip(&source, false);
            }
            let seeds_only = source.clone();
            for c in &kept {
                source
                    .0
                    .push(LineString::new(vec![*c, Coord { x: c.x + 1e-3, y: c.y }]));
            }
            // Ground spanned by the places known held at earlier dates
            // stays held: the line of those dates lies inside this one.
            let spanned = if since.len() >= 3 {
                use geo::ConvexHull;
                // Each place with the ground round it, so none lies on the
                // hull's edge (a place on the line is on neither side).
                let r = KEEP_ROUND_KM;
                let points: Vec<Point<f64>> = since
                    .iter()
                    .map(|&(lon, lat)| plane.to_plane(Coord { x: lon, y: lat }))
                    .flat_map(|c| {
                        [(r, 0.0), (-r, 0.0), (0.0, r), (0.0, -r)].map(|(dx, dy)| Point::new(c.x + dx, c.y + dy))
                    })
                    .collect();
                MultiPolygon(vec![geo::MultiPoint(points).convex_hull()])
            } else {
                MultiPolygon(vec![])
            };
            let floor_km2 = measure(&clean(&shape, &held.intersection(&spanned)));
            let spanned = if floor_km2 < target {
                spanned
            } else {
                MultiPolygon(vec![])
            };
            let floor_km2 = if spanned.0.is_empty() { 0.0 } else { floor_km2 };
            let shrink = |shape: &MultiPolygon<f64>,
                          held: &MultiPolygon<f64>,
                          (source, spanned): (&MultiLineString<f64>, &MultiPolygon<f64>),
                          d: f64| {
                let reach = source.buffer(d);
                let reach = if spanned.0.is_empty() {
                    reach
                } else {
                    reach.union(spanned)
                };
                Ok(clean(shape, &held.intersection(&reach)))
            };
            let shrunk = |source: &MultiLineString<f64>, (spanned, floor_km2): (&MultiPolygon<f64>, f64)| {
                let coarse_source = source.simplify(SEARCH_SIMPLIFY_KM);
                let coarse_spanned = spanned.simplify(SEARCH_SIMPLIFY_KM);
                search(
                    &unit.id,
                    target,
                    ((0.0, floor_km2 - target), (diameter, from_km2 - target)),
                    target / Euclidean.length(source).max(1e-9),
                    |d| shrink(&coarse_shape, &coarse_held, (&coarse_source, &coarse_spanned), d),
                    rough,
                    |d| shrink(&shape, &held, (source, spanned), d),
                    measure,
                )
            };
            let with_places = shrunk(&source, (&spanned, floor_km2))?;
            // Places held spread across the unit, each a seed, can leave
            // the ground farthest from all of them enclosed: a pocket no
            // report names (no place known not held stands there). The
            // line then backs off the front from the seeds alone, and the
            // ground round each place held stays held.
            if avoided.is_empty()
                && !kept.is_empty()
                && !seeds_only.0.is_empty()
                && with_places.0.iter().any(|p| !p.interiors().is_empty())
            {
                let kept_all = |g: &MultiPolygon<f64>| kept.iter().all(|c| g.contains(c));
                let no_holes = |g: &MultiPolygon<f64>| g.0.iter().all(|p| p.interiors().is_empty());
                let good = |g: &MultiPolygon<f64>| kept_all(g) && no_holes(g);
                // Either backing-off that misses the share or fails leaves
                // the areas with the places as seeds.
                match shrunk(&seeds_only, (&spanned, floor_km2)).ok().filter(|g| meets(g)) {
                    Some(plain) if good(&plain) => plain,
                    Some(plain) => {
                        // Places the seeds alone leave out (at the front) stay
                        // held through a corridor to the line that leaves them out.
                        let corridors: Vec<Polygon<f64>> = kept
                            .iter()
                            .filter(|c| !plain.contains(*c))
                            .filter_map(|c| match plain.closest_point(&Point::from(*c)) {
                                Closest::Intersection(p) | Closest::SinglePoint(p) => {
                                    Some(LineString::new(vec![*c, p.0]).buffer(KEEP_ROUND_KM).0)
                                }
                                Closest::Indeterminate => None,
                            })
                            .flatten()
                            .collect();
                        let kept_ground = MultiPolygon(corridors).union(&spanned);
                        let floor = measure(&clean(&shape, &held.intersection(&kept_ground)));
                        if floor < target {
                            shrunk(&seeds_only, (&kept_ground, floor))
                                .ok()
                                .filter(|g| meets(g) && good(g))
                                .unwrap_or(with_places)
                        } else {
                            with_places
                        }
                    }
                    None => with_places,
                }
            } else {
                with_places
            }
        }
    };
    checked(&unit.id, &plane, &held, target, " from an earlier area")
}

/// Places known at an earlier date (lon/lat): held then, not held then,
/// and held at a date before it.
pub type KnownSides<'a> = (&'a [(f64, f64)], &'a [(f64, f64)], &'a [(f64, f64)]);

/// The held area between the places known on both sides at an earlier
/// date (all in the unit's plane): the convex region spanned by the places
/// held (`kept`) and the seed lines (`source`) nearer them than any place
/// not held (`avoided`), cut to the held side of the bisectors between the
/// two sides and to the later area `held`, then grown or thinned by one
/// even distance to the target; ground within the known places' reach of
/// a held place and nearer to it stays held, ground nearer a place not
/// held than any place held is never held, and only the pieces holding a
/// place held are kept (the places not held keep the line off by a
/// shorter reach where the share needs the room). None where too few places
/// are known (no place not held, fewer than three held) or where that
/// ground alone already exceeds the target, or the later area off the
/// places not held falls short of it: the caller then shrinks from the
/// seeds and places alone.
fn between_sides(
    unit: &str,
    target: f64,
    (shape, coarse_shape, held, source): (
        &MultiPolygon<f64>,
        &MultiPolygon<f64>,
        &MultiPolygon<f64>,
        &MultiLineString<f64>,
    ),
    (kept, avoided): (&[Coord<f64>], &[Coord<f64>]),
    floor: &MultiPolygon<f64>,
    diameter: f64,
    measure: impl Fn(&MultiPolygon<f64>) -> f64,
) -> Result<Option<MultiPolygon<f64>>> {
    use geo::ConvexHull;
    // Shrinking, the hull needs three places held to say where the line
    // backs off to; growing, one held place says where it reaches.
    let fewest = if floor.0.is_empty() { 3 } else { 1 };
    if avoided.is_empty() || kept.len() < fewest {
        return Ok(None);
    }
    let held_side = super::shape::cells_within(kept, avoided, 2.0 * diameter);
    let seeds = held_side.clip(source, false);
    let mut points: Vec<Point<f64>> = kept.iter().map(|c| Point::from(*c)).collect();
    points.extend(seeds.0.iter().flat_map(|l| l.0.iter().map(|c| Point::from(*c))));
    let hull = geo::MultiPoint(points).convex_hull();
    let region = MultiPolygon(vec![hull]).intersection(&held_side);
    if region.unsigned_area() <= 0.0 {
        // No ground spanned (one place, no seed on its side): nothing to grow.
        return Ok(None);
    }
    let near = super::shape::cells(kept, avoided);
    // Ground within reach of a place not held and nearer to it is never
    // held, and the line moves at most BEYOND_SIDE_KM past the bisectors
    // between the two sides where the share allows. Only pieces holding a
    // place held count: ground grown round a place not held, cut off from
    // them, is no front. Where the share needs more room than those pieces
    // leave, the places not held keep the line off by a shorter reach.
    let beyond = held_side.buffer(BEYOND_SIDE_KM);
    // A growing area keeps the later one whole (`floor`), whatever the places.
    let floored = |shape: &MultiPolygon<f64>, g: MultiPolygon<f64>, floor: &MultiPolygon<f64>| {
        if floor.0.is_empty() {
            g
        } else {
            clean(shape, &g.union(floor))
        }
    };
    // Shrinking, only pieces holding a place held count; growing, ground
    // grown from the seeds is a front too.
    let pieces = |g: MultiPolygon<f64>| if floor.0.is_empty() { anchored(g, kept) } else { g };
    let measure_anchored = |g: &MultiPolygon<f64>| measure(&floored(shape, pieces(clean(shape, g)), floor));
    let mut chosen = None;
    for reach in AVOID_REACHES_KM {
        let off = held.difference(&super::shape::cells_within(avoided, kept, reach));
        let capped = off.intersection(&beyond);
        let capped_km2 = measure_anchored(&capped);
        let (held, from_km2) = if capped_km2 > target {
            (capped, capped_km2)
        } else {
            let off_km2 = measure_anchored(&off);
            (off, off_km2)
        };
        let floor_km2 = measure_anchored(&held.intersection(&near));
        if floor_km2 >= target {
            break;
        }
        if from_km2 > target {
            chosen = Some((held, floor_km2, from_km2));
            break;
        }
    }
    let Some((held, floor_km2, from_km2)) = chosen else {
        return Ok(None);
    };
    let held = &held;
    let (coarse_held, coarse_region, coarse_near, coarse_floor) = (
        held.simplify(SEARCH_SIMPLIFY_KM),
        region.simplify(SEARCH_SIMPLIFY_KM),
        near.simplify(SEARCH_SIMPLIFY_KM),
        floor.simplify(SEARCH_SIMPLIFY_KM),
    );
    let build = |shape: &MultiPolygon<f64>,
                 (held, floor): (&MultiPolygon<f64>, &MultiPolygon<f64>),
                 region: &MultiPolygon<f64>,
                 near: &MultiPolygon<f64>,
                 d: f64| {
        Ok(floored(
            shape,
            pieces(clean(shape, &held.intersection(&region.buffer(d).union(near)))),
            floor,
        ))
    };
    let scale = measure(shape) / coarse_shape.unsigned_area().max(f64::MIN_POSITIVE);
    let rough = |g: &MultiPolygon<f64>| g.unsigned_area() * scale;
    let spanned_km2 = measure(&held.intersection(&region));
    let ring_len = Euclidean
        .length(&MultiLineString(
            region.0.iter().map(|p| p.exterior().clone()).collect(),
        ))
        .max(1e-9);
    search(
        unit,
        target,
        ((-diameter, floor_km2 - target), (diameter, from_km2 - target)),
        (target - spanned_km2) / ring_len,
        |d| {
            build(
                coarse_shape,
                (&coarse_held, &coarse_floor),
                &coarse_region,
                &coarse_near,
                d,
            )
        },
        rough,
        |d| build(shape, (held, floor), &region, &near, d),
        measure,
    )
    .map(Some)
}

/// The pieces of `held` holding at least one of the places `kept`; all of
/// `held` when none does (the places then say nothing about its pieces).
fn anchored(held: MultiPolygon<f64>, kept: &[Coord<f64>]) -> MultiPolygon<f64> {
    let holds = |p: &Polygon<f64>| kept.iter().any(|c| p.contains(c));
    if held.0.iter().any(holds) {
        MultiPolygon(held.0.into_iter().filter(holds).collect())
    } else {
        held
    }
}

/// How far a place not held keeps an earlier line off (km): the places'
/// reach, or shorter where the share needs the room.
const AVOID_REACHES_KM: [f64; 3] = [super::shape::REACH_KM, 10.0, 5.0];

/// How far past the bisectors between places held and not held an earlier
/// line may move to meet its share, where that is enough (km).
const BEYOND_SIDE_KM: f64 = 20.0;

/// Edges of an earlier held area closer than this to the unit's border lie
/// on the border, not on the front (km).
pub(super) const FRONT_OFF_BORDER_KM: f64 = 0.2;

/// Decimal places fitted areas are snapped to.
pub(super) const SNAP_DECIMALS: i32 = 7;

/// The seed borders as lines in the plane: runs of consecutive edges whose
/// far side matches a seed token, optionally only near a point.
/// The seed lines of a grow hint (`seeds`, `near`, `radius_km`) in the
/// unit's plane.
fn grow_seeds(
    edges: &[Vec<Edge>],
    (seeds, near, radius_km): (&[String], Option<[f64; 2]>, Option<f64>),
    ctx: Context<'_>,
    plane: &LocalPlane,
) -> MultiLineString<f64> {
    let near = near.map(|p| {
        (
            plane.to_plane(Coord { x: p[0], y: p[1] }),
            radius_km.unwrap_or(f64::INFINITY),
        )
    });
    seed_lines(edges, seeds, near, ctx, plane)
}

fn seed_lines(
    edges: &[Vec<Edge>],
    seeds: &[String],
    near: Option<(Coord<f64>, f64)>,
    ctx: Context<'_>,
    plane: &LocalPlane,
) -> MultiLineString<f64> {
    let matches = |e: &Edge| {
        let side_ok = match e.beyond {
            Beyond::Sea => seeds.iter().any(|s| s == SEA),
            Beyond::Unit(i) => seeds.iter().any(|s| *s == ctx.units[i].id),
            Beyond::Region(i) => seeds.iter().any(|s| *s == ctx.regions[i].id),
            Beyond::Own => false,
        };
        side_ok
            && near.is_none_or(|(p, r)| {
                let m = plane.to_plane(Coord {
                    x: (e.a.x + e.b.x) / 2.0,
                    y: (e.a.y + e.b.y) / 2.0,
                });
                Euclidean.distance(Point(m), Point(p)) <= r
            })
    };
    let mut lines = Vec::new();
    for ring in edges {
        let mut run: Vec<Coord<f64>> = Vec::new();
        for e in ring {
            if matches(e) {
                if run.is_empty() {
                    run.push(plane.to_plane(e.a));
                }
                run.push(plane.to_plane(e.b));
            } else if !run.is_empty() {
                lines.push(LineString::new(std::mem::take(&mut run)));
            }
        }
        if !run.is_empty() {
            lines.push(LineString::new(run));
        }
    }
    MultiLineString(lines)
}

/// Absorbs specks and pinholes on both sides of the line: held pieces and
/// holes under [`MIN_PIECE_KM2`] go, and so do defended pieces that small.
pub(super) fn clean(shape: &MultiPolygon<f64>, held: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let keep = |mp: &MultiPolygon<f64>, min: f64| {
        MultiPolygon(
            mp.0.iter()
                .filter(|p| p.unsigned_area() >= min)
                .map(|p| {
                    let holes = p
                        .interiors()
                        .iter()
                        .filter(|h| Polygon::new((*h).clone(), vec![]).unsigned_area() >= MIN_PIECE_KM2)
                        .cloned()
                        .collect();
                    Polygon::new(p.exterior().clone(), holes)
                })
                .collect::<Vec<_>>(),
        )
    };
    let held = keep(held, MIN_PIECE_KM2);
    let rest = keep(&shape.difference(&held), MIN_PIECE_KM2);
    keep(&shape.difference(&rest), MIN_PIECE_KM2)
}

pub(super) fn diameter(mp: &MultiPolygon<f64>) -> f64 {
    use geo::BoundingRect;
    mp.bounding_rect().map_or(0.0, |r| r.width().hypot(r.height()))
}

/// The parts of `lines` inside `shape` (for a length estimate only).
fn clip_lines(lines: &MultiLineString<f64>, shape: &MultiPolygon<f64>) -> MultiLineString<f64> {
    shape.clip(lines, false)
}

/// A point of the searched function: distance and area minus target.
pub(super) type Sample = (f64, f64);

/// Finds `d` where `measure(build(d))` meets `target`, for a `build` whose
/// measured area grows with `d`, within the bracket `ends` (whose values are
/// known without building). Two passes: `rough_build` / `rough_measure`
/// (simplified geometry) from `guess`, then `build` / `measure` (exact)
/// from the rough answer, stepping with the rough slope. Returns the exact
/// area closest to the target.
#[allow(clippy::too_many_arguments)]
pub(super) fn search(
    unit: &str,
    target: f64,
    ends: (Sample, Sample),
    guess: f64,
    mut rough_build: impl FnMut(f64) -> Result<MultiPolygon<f64>>,
    rough_measure: impl Fn(&MultiPolygon<f64>) -> f64,
    mut build: impl FnMut(f64) -> Result<MultiPolygon<f64>>,
    measure: impl Fn(&MultiPolygon<f64>) -> f64,
) -> Result<MultiPolygon<f64>> {
    let tolerance = SEARCH_TOLERANCE * target;
    let (lo, hi) = ends;
    if lo.1 >= 0.0 {
        return build(lo.0);
    }
    if hi.1 <= 0.0 {
        return build(hi.0);
    }
    // First pass: the simplified geometry.
    let mut rough = |d: f64| -> Result<f64> {
        let g = guarded(unit, "buffer and overlay", || rough_build(d))??;
        Ok(rough_measure(&g) - target)
    };
    let (start, slope) = match solve(ends, guess, None, tolerance, &mut rough)? {
        Some(found) => found,
        None => ((lo.0 + hi.0) / 2.0, None),
    };
    // Second pass: the exact geometry, from the first pass's answer.
    let mut best: Option<(f64, MultiPolygon<f64>)> = None;
    // The closest areas below and above the target, for a jump.
    let mut sides = (None, None);
    let mut exact = |d: f64, anchors: &[Coord<f64>]| -> Result<(f64, MultiPolygon<f64>)> {
        let mut g = guarded(unit, "buffer and overlay", || build(d))??;
        if !anchors.is_empty() {
            g.0.retain(|p| anchors.iter().any(|a| p.contains(a)));
        }
        Ok((measure(&g) - target, g))
    };
    type Side = Option<(Sample, MultiPolygon<f64>)>;
    let note = |best: &mut Option<(f64, MultiPolygon<f64>)>,
                sides: &mut (Side, Side),
                d: f64,
                f: f64,
                g: MultiPolygon<f64>| {
        if f < 0.0 && sides.0.as_ref().is_none_or(|((_, b), _)| f > *b) {
            sides.0 = Some(((d, f), g.clone()));
        } else if f > 0.0 && sides.1.as_ref().is_none_or(|((_, b), _)| f < *b) {
            sides.1 = Some(((d, f), g.clone()));
        }
        if best.as_ref().is_none_or(|(b, _)| f.abs() < *b) {
            *best = Some((f.abs(), g));
        }
        f
    };
    solve(ends, start, slope, tolerance, &mut |d| {
        let (f, g) = exact(d, &[])?;
        Ok(note(&mut best, &mut sides, d, f, g))
    })?;
    for _ in 0..JUMP_RETRIES {
        if best.as_ref().is_none_or(|(b, _)| *b <= tolerance) {
            break;
        }
        // A jump: a held piece appears whole once it reaches the speck
        // size, so no distance meets the target. Grow only the pieces
        // held just below the jump, each marked by a point inside it.
        // Below the smallest piece (nothing held below the jump), grow the
        // largest piece of the area just above it alone.
        let Some(((d, f), g)) = sides.0.take() else { break };
        let pieces: Vec<&Polygon<f64>> = if g.0.is_empty() {
            sides
                .1
                .iter()
                .flat_map(|(_, g)| g.0.iter())
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
                .into_iter()
                .collect()
        } else {
            g.0.iter().collect()
        };
        let anchors: Vec<Coord<f64>> = pieces.iter().filter_map(|p| p.interior_point()).map(|p| p.0).collect();
        sides.1 = None;
        if anchors.is_empty() {
            break;
        }
        let from = slope.filter(|s| *s > 0.0).map_or(d, |s| d - f / s);
        solve(((d, f), hi), from, slope, tolerance, &mut |d| {
            let (f, g) = exact(d, &anchors)?;
            Ok(note(&mut best, &mut sides, d, f, g))
        })?;
    }
    match best {
        Some((_, g)) => Ok(g),
        None => build(start),
    }
}

/// A safeguarded root search on `f` (increasing) inside the bracket
/// `ends`: the first step at `start`, the second along `slope` when given
/// (else the secant through the nearer end), then secant or
/// inverse-quadratic steps through the last three points. A step that
/// leaves the bracket is replaced by an Illinois regula falsi step, a step
/// after a value equal to its side's end (a plateau) bisects, and every
/// third step from the sixth bisects, so the search always closes.
/// Returns the point closest to the root and the slope there.
pub(super) fn solve(
    ends: (Sample, Sample),
    start: f64,
    slope: Option<f64>,
    tolerance: f64,
    f: &mut dyn FnMut(f64) -> Result<f64>,
) -> Result<Option<(f64, Option<f64>)>> {
    let (mut lo, mut hi) = ends;
    // End values for the Illinois step, halved when an end is kept twice.
    let (mut w_lo, mut w_hi) = (lo.1, hi.1);
    let mut kept = 0i8;
    let mut recent: Vec<Sample> = Vec::with_capacity(3);
    let mut best: Option<(f64, f64, Option<f64>)> = None;
    let mut x = start;
    for step in 0..MAX_STEPS {
        let inside = |x: f64| x.is_finite() && x > lo.0 && x < hi.0;
        if !inside(x) {
            x = hi.0 - w_hi * (hi.0 - lo.0) / (w_hi - w_lo);
        }
        if !inside(x) || step >= 6 && step % 3 == 0 {
            x = (lo.0 + hi.0) / 2.0;
        }
        if hi.0 - lo.0 <= 1e-7 * (1.0 + lo.0.abs().max(hi.0.abs())) {
            break;
        }
        let fx = f(x)?;
        let local = recent
            .last()
            .filter(|p| p.0 != x && p.1 != fx)
            .map(|p| (fx - p.1) / (x - p.0))
            .or(slope);
        if best.is_none_or(|b| fx.abs() < b.1) {
            best = Some((x, fx.abs(), local));
        }
        if fx.abs() <= tolerance {
            break;
        }
        // A value that repeats the bracket end on its side is a plateau
        // (the area saturates, or a piece has not yet appeared): the
        // interpolating steps would creep along it, so the next step bisects.
        let end = if fx < 0.0 { lo.1 } else { hi.1 };
        let flat = (fx - end).abs() <= tolerance * 1e-3;
        if fx < 0.0 {
            lo = (x, fx);
            w_lo = fx;
            if kept == -1 {
                w_hi /= 2.0;
            }
            kept = -1;
        } else {
            hi = (x, fx);
            w_hi = fx;
            if kept == 1 {
                w_lo /= 2.0;
            }
            kept = 1;
        }
        recent.push((x, fx));
        if recent.len() > 3 {
            recent.remove(0);
        }
        x = match recent.as_slice() {
            [a, b, c] if a.1 != b.1 && b.1 != c.1 && a.1 != c.1 => {
                // Inverse quadratic interpolation through the last three.
                a.0 * b.1 * c.1 / ((a.1 - b.1) * (a.1 - c.1))
                    + b.0 * a.1 * c.1 / ((b.1 - a.1) * (b.1 - c.1))
                    + c.0 * a.1 * b.1 / ((c.1 - a.1) * (c.1 - b.1))
            }
            [.., a, b] if a.1 != b.1 => b.0 - b.1 * (b.0 - a.0) / (b.1 - a.1),
            [a] => match slope.filter(|s| *s > 0.0) {
                Some(s) => a.0 - a.1 / s,
                None => {
                    // Secant through the end nearer the first point.
                    let end = if (a.0 - ends.0.0).abs() <= (a.0 - ends.1.0).abs() {
                        ends.0
                    } else {
                        ends.1
                    };
                    a.0 - a.1 * (end.0 - a.0) / (end.1 - a.1)
                }
            },
            _ => f64::NAN,
        };
        if flat {
            x = (lo.0 + hi.0) / 2.0;
        }
    }
    Ok(best.map(|(x, _, s)| (x, s)))
}
