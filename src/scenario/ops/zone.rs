//! `zone`: part of each unit (whole, the defender's part or the occupier's
//! part at that point of the scenario) becomes a declared zone.

use geo::BooleanOps;

use super::State;
use crate::error::Result;
use crate::geometry::guarded;
use crate::model::{UnitIdx, UnitPart};

pub(super) fn apply(category: usize, units: &[UnitIdx], part: UnitPart, state: &mut State<'_>) -> Result<()> {
    let data = state.engine.data;
    let mut taken = Vec::new();
    for &i in units {
        let (i, unit) = (i.get(), &data.units[i.get()]);
        let ground = match part {
            UnitPart::Whole => unit.geometry.clone(),
            UnitPart::Occupier => state.after[i].clone(),
            UnitPart::Defender => guarded(&unit.id, "taking the defender's part", || {
                unit.geometry.difference(&state.after[i])
            })?,
        };
        taken.push((i, ground));
    }
    state.add_zone(category, taken)
}
