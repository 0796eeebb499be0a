//! `withdraw`: the occupier leaves whole units; the held part returns.

use geo::MultiPolygon;

use super::State;
use crate::error::Result;
use crate::model::UnitIdx;

pub(super) fn apply(units: &[UnitIdx], state: &mut State<'_>) -> Result<()> {
    for &i in units {
        state.after[i.get()] = MultiPolygon(vec![]);
    }
    Ok(())
}
