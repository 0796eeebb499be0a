//! `exchange`: both sides pull back from the front in the given units by
//! equal areas. The defender gives up a band `depth_km` deep on its side;
//! the occupier a band on its side as deep as it takes to give up the same
//! km² (found by bisection to within 0.5 %). Both bands become a declared
//! zone, and the two figures are kept for the legend and the statistics.

use geo::{BooleanOps, MultiPolygon};

use super::{Exchange, State};
use crate::error::{Error, Result};
use crate::geometry::{area_km2, band_km, guarded};
use crate::model::UnitIdx;

/// Deepest pull-back searched for the occupier, km.
const MAX_DEPTH_KM: f64 = 300.0;
/// Relative difference at which the two areas count as equal.
const EQUAL: f64 = 0.005;

pub(super) fn apply(category: usize, units: &[UnitIdx], depth_km: f64, state: &mut State<'_>) -> Result<()> {
    let data = state.engine.data;
    let within: Vec<usize> = units.iter().map(|u| u.get()).collect();
    let front = state.front_within(&within)?;
    let side = |km: f64, defender: bool, state: &State<'_>| -> Result<Vec<(usize, MultiPolygon<f64>)>> {
        let band = band_km(&front, km)?;
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
    let total = |parts: &[(usize, MultiPolygon<f64>)]| parts.iter().map(|(_, g)| area_km2(g)).sum::<f64>();
    let defender = side(depth_km, true, state)?;
    let target = total(&defender);
    if target <= 0.0 {
        return Err(Error::Usage(format!(
            "exchange: the defender holds no ground within {depth_km} km of the front in the units named"
        )));
    }
    let (mut lo, mut hi) = (0.0, MAX_DEPTH_KM);
    if total(&side(hi, false, state)?) < target * (1.0 - EQUAL) {
        return Err(Error::Usage(format!(
            "exchange: the occupier holds less than the defender's {target:.0} km² within {MAX_DEPTH_KM} km of the front; choose a smaller depth_km"
        )));
    }
    let mut occupier = Vec::new();
    let mut depth = hi;
    for _ in 0..40 {
        depth = (lo + hi) / 2.0;
        occupier = side(depth, false, state)?;
        let got = total(&occupier);
        if (got - target).abs() <= EQUAL * target {
            break;
        }
        if got < target { lo = depth } else { hi = depth }
    }
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
