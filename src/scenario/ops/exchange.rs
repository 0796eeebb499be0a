//! `exchange`: both sides pull back from the front in the given units by
//! equal areas. The defender gives up a band `depth_km` deep on its side;
//! the occupier a band on its side as deep as it takes to give up the same
//! km² (found by the fitter's root search to within 0.1 %). Both bands become a declared
//! zone, and the two figures are kept for the legend and the statistics.

use geo::{BooleanOps, MultiPolygon};

use super::{Exchange, State};
use crate::error::{Error, Result};
use crate::geometry::{area_km2, guarded};
use crate::model::UnitIdx;

/// Deepest pull-back searched for the occupier, km.
const MAX_DEPTH_KM: f64 = 300.0;
/// Relative difference at which the two areas count as equal.
const EQUAL: f64 = 0.005;
/// Relative difference at which the search for the occupier's depth stops.
const SEARCH_EQUAL: f64 = 0.001;

/// One side's band: its ground in each unit (index, area).
type Band = Vec<(usize, MultiPolygon<f64>)>;

pub(super) fn apply(category: usize, units: &[UnitIdx], depth_km: f64, state: &mut State<'_>) -> Result<()> {
    let data = state.engine.data;
    let within: Vec<usize> = units.iter().map(|u| u.get()).collect();
    let front = state.front_within(&within)?;
    let side = |km: f64, defender: bool, state: &State<'_>| -> Result<Band> {
        let band = state.engine.band_km(&front, km)?;
        within
            .iter()
            .map(|&i| {
                let unit = &data.units[i];
                let g = guarded(&unit.id, "clipping a pull-back", || {
                    let b = band.intersection(&unit.geometry);
                    if defender {
                        b.difference(&state.after[i])
                    } else {
                        b.intersection(&state.after[i])
                    }
                })?;
                Ok((i, g))
            })
            .collect()
    };
    let total = |parts: &Band| parts.iter().map(|(_, g)| area_km2(g)).sum::<f64>();
    let defender = side(depth_km, true, state)?;
    let target = total(&defender);
    if target <= 0.0 {
        return Err(Error::Usage(format!(
            "exchange: the defender holds no ground within {depth_km} km of the front in the units named"
        )));
    }
    let deepest_band = side(MAX_DEPTH_KM, false, state)?;
    let deepest = total(&deepest_band);
    if deepest < target * (1.0 - EQUAL) {
        return Err(Error::Usage(format!(
            "exchange: the occupier holds less than the defender's {target:.0} km² within {MAX_DEPTH_KM} km of the front; choose a smaller depth_km"
        )));
    }
    // The occupier's area grows with the depth: the fitter's bracketed
    // root search, from the defender's depth (equal depths give equal
    // areas where both sides hold ground evenly along the front).
    let (depth, occupier) = if deepest <= target {
        // Short of the target by less than the tolerance: all it holds there.
        (MAX_DEPTH_KM, deepest_band)
    } else {
        let mut best: Option<(f64, f64, Band)> = None;
        super::super::fit::solve(
            ((0.0, -target), (MAX_DEPTH_KM, deepest - target)),
            depth_km.min(MAX_DEPTH_KM / 2.0),
            None,
            SEARCH_EQUAL * target,
            &mut |depth| {
                let parts = side(depth, false, state)?;
                let miss = total(&parts) - target;
                if best.as_ref().is_none_or(|b| miss.abs() < b.1.abs()) {
                    best = Some((depth, miss, parts));
                }
                Ok(miss)
            },
        )?;
        best.map_or((MAX_DEPTH_KM, deepest_band), |(depth, _, parts)| (depth, parts))
    };
    state.exchanges.push(Exchange {
        category,
        defender_km2: target,
        occupier_km2: total(&occupier),
        defender_depth_km: depth_km,
        occupier_depth_km: depth,
    });
    let mut zone = defender;
    zone.extend(occupier);
    state.add_zone(category, zone)
}
