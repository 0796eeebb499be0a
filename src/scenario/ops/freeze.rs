//! `freeze`: the line stays where it is in these units, drawn as a ceasefire
//! line (dropped again where a later op changes the unit).

use super::State;
use crate::error::Result;
use crate::model::UnitIdx;

pub(super) fn apply(units: &[UnitIdx], state: &mut State<'_>) -> Result<()> {
    state.frozen.extend(units.iter().map(|i| i.get()));
    Ok(())
}
