//! `buffer`: a band of even width along the current front, on one side or
//! both, becomes a declared zone. The width is measured on the ground (see
//! `geometry::band_km`), and the band is clipped to the country.

use geo::BooleanOps;

use super::State;
use crate::error::{Error, Result};
use crate::geometry::guarded;
use crate::model::{BandSide, UnitIdx};

pub(super) fn apply(category: usize, km: f64, side: BandSide, units: &[UnitIdx], state: &mut State<'_>) -> Result<()> {
    let data = state.engine.data;
    let within: Vec<usize> = units.iter().map(|u| u.get()).collect();
    let front = state.front_within(&within)?;
    if front.0.is_empty() {
        return Err(Error::Usage(
            "buffer: there is no front line to draw a band along (the occupier holds no ground inside the country)"
                .into(),
        ));
    }
    let band = state.engine.band_km(&front, km)?;
    let all: Vec<usize> = if within.is_empty() {
        (0..data.units.len()).collect()
    } else {
        within
    };
    let mut taken = Vec::new();
    for i in all {
        let unit = &data.units[i];
        let ground = guarded(&unit.id, "clipping a band", || {
            let in_unit = band.intersection(&unit.geometry);
            match side {
                BandSide::Both => in_unit,
                BandSide::Occupier => in_unit.intersection(&state.after[i]),
                BandSide::Defender => in_unit.difference(&state.after[i]),
            }
        })?;
        if !ground.0.is_empty() {
            taken.push((i, ground));
        }
    }
    state.add_zone(category, taken)
}
