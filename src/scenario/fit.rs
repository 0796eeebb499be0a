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
//! `d` is found by a bracketing root search on the geodesic area, so the
//! result is exact whatever the map projection. Buffers are computed in a
//! local kilometre plane ([`LocalPlane`]). Pieces and holes smaller than
//! [`MIN_PIECE_KM2`] on either side are absorbed before measuring, so no
//! specks or pinholes survive and the area stays exact afterwards.
//!
//! Limits: the line's position is schematic. It honours the share and the
//! seeds, not the real positions of the forces.

use geo::{
    Area, BooleanOps, Buffer, Contains, Coord, Distance, Euclidean, LineString, MultiLineString, MultiPolygon, Point,
    Polygon, Simplify,
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
/// Seed lines are simplified to this tolerance before buffering (km).
const SEED_SIMPLIFY_KM: f64 = 0.3;
/// Width of the cut along a river (km).
const CUT_KM: f64 = 0.02;
/// Most steps of the root search.
const MAX_STEPS: usize = 60;

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
    let plane = LocalPlane::around(&unit.geometry);
    let shape = plane.project(&unit.geometry);
    let target = share * unit.area_km2;
    let measure = |held_plane: &MultiPolygon<f64>| geometry::area_km2(&plane.unproject(held_plane));
    let fail = |message: String| Error::Geometry {
        unit: unit.id.clone(),
        message,
    };
    let diameter = diameter(&shape);

    let held = match method {
        Method::Grow { seeds, near, radius_km } => {
            let seed = seed_lines(
                edges,
                seeds,
                near.map(|p| {
                    (
                        plane.to_plane(Coord { x: p[0], y: p[1] }),
                        radius_km.unwrap_or(f64::INFINITY),
                    )
                }),
                ctx,
                &plane,
            );
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
            search(
                &unit.id,
                target,
                0.0,
                diameter,
                |d| {
                    let grown = seed.buffer(d);
                    Ok(clean(&shape, &shape.intersection(&grown)))
                },
                measure,
            )?
        }
        Method::Split { line, held_side } => {
            let water = ctx.water.iter().find(|w| &w.id == line).ok_or_else(|| {
                fail(format!(
                    "fit.toml names water line \"{line}\", which water.geojson lacks"
                ))
            })?;
            let river = plane.project(&water.lines);
            let side = plane.to_plane(Coord {
                x: held_side[0],
                y: held_side[1],
            });
            let cut = shape.difference(&river.buffer(CUT_KM));
            let base: MultiPolygon<f64> =
                MultiPolygon(cut.0.into_iter().filter(|p| p.contains(&Point(side))).collect());
            if base.0.is_empty() {
                return Err(fail(format!(
                    "the point {held_side:?} lies on no side of \"{line}\" inside the unit"
                )));
            }
            let base_km2 = measure(&base);
            if base_km2 > target {
                // Give back a strip along the river: with t = -d, the held
                // area grows with t from nothing (t = -diameter) to the base (t = 0).
                search(
                    &unit.id,
                    target,
                    -diameter,
                    0.0,
                    |t| Ok(clean(&shape, &base.difference(&river.buffer(-t)))),
                    measure,
                )?
            } else {
                // Cross the river by an even distance.
                search(
                    &unit.id,
                    target,
                    0.0,
                    diameter,
                    |d| Ok(clean(&shape, &base.union(&shape.intersection(&river.buffer(d))))),
                    measure,
                )?
            }
        }
    };
    let held = plane.unproject(&held);
    let got = geometry::area_km2(&held);
    if (got - target).abs() > SHARE_TOLERANCE * target {
        return Err(fail(format!(
            "fitted {got:.1} km² against a target of {target:.1} km² ({:+.2} %)",
            (got / target - 1.0) * 100.0
        )));
    }
    // Snap to a 1e-7° grid (about 1 cm): borders shared with neighbouring
    // units, which come through the same overlay operations, then meet
    // exactly when held areas are merged.
    Ok(geometry::round_multipolygon(&held, SNAP_DECIMALS))
}

/// Decimal places fitted areas are snapped to.
const SNAP_DECIMALS: i32 = 7;

/// The seed borders as lines in the plane: runs of consecutive edges whose
/// far side matches a seed token, optionally only near a point.
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
fn clean(shape: &MultiPolygon<f64>, held: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let keep = |mp: &MultiPolygon<f64>| {
        MultiPolygon(
            mp.0.iter()
                .filter(|p| p.unsigned_area() >= MIN_PIECE_KM2)
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
    let held = keep(held);
    let rest = keep(&shape.difference(&held));
    keep(&shape.difference(&rest))
}

fn diameter(mp: &MultiPolygon<f64>) -> f64 {
    use geo::BoundingRect;
    mp.bounding_rect().map_or(0.0, |r| r.width().hypot(r.height()))
}

/// Finds `d` in `[lo, hi]` where `measure(build(d))` meets `target`, for a
/// `build` whose measured area grows with `d`. Regula falsi with the
/// Illinois modification, falling back to bisection.
fn search(
    unit: &str,
    target: f64,
    mut lo: f64,
    mut hi: f64,
    mut build: impl FnMut(f64) -> Result<MultiPolygon<f64>>,
    measure: impl Fn(&MultiPolygon<f64>) -> f64,
) -> Result<MultiPolygon<f64>> {
    let mut eval = |d: f64| -> Result<(f64, MultiPolygon<f64>)> {
        let g = guarded(unit, "buffer and overlay", || build(d))??;
        Ok((measure(&g) - target, g))
    };
    let (mut f_lo, mut g_best) = eval(lo)?;
    let (mut f_hi, g_hi) = eval(hi)?;
    if f_lo >= 0.0 {
        return Ok(g_best);
    }
    if f_hi <= 0.0 {
        return Ok(g_hi);
    }
    let mut best = f_lo.abs();
    let mut side = 0i8;
    for step in 0..MAX_STEPS {
        let d = if step % 4 == 3 {
            (lo + hi) / 2.0
        } else {
            hi - f_hi * (hi - lo) / (f_hi - f_lo)
        };
        let d = if d.is_finite() && d > lo && d < hi {
            d
        } else {
            (lo + hi) / 2.0
        };
        let (f, g) = eval(d)?;
        if f.abs() < best {
            best = f.abs();
            g_best = g;
        }
        if best <= SEARCH_TOLERANCE * target {
            break;
        }
        if f < 0.0 {
            lo = d;
            f_lo = f;
            if side == -1 {
                f_hi /= 2.0;
            }
            side = -1;
        } else {
            hi = d;
            f_hi = f;
            if side == 1 {
                f_lo /= 2.0;
            }
            side = 1;
        }
    }
    Ok(g_best)
}
