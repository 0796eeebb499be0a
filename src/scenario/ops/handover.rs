//! `handover`: whole units go to the occupier.

use super::State;
use crate::error::Result;
use crate::model::UnitIdx;

pub(super) fn apply(units: &[UnitIdx], state: &mut State<'_>) -> Result<()> {
    for &i in units {
        state.after[i.get()] = state.engine.data.units[i.get()].geometry.clone();
    }
    Ok(())
}
