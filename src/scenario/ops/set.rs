//! `set`: an explicit held share per unit, fitted with the unit's hint.

use std::collections::BTreeMap;

use super::State;
use crate::error::Result;
use crate::model::{Share, UnitIdx};

pub(super) fn apply(shares: &BTreeMap<UnitIdx, Share>, state: &mut State<'_>) -> Result<()> {
    for (&i, share) in shares {
        state.after[i.get()] = state.engine.fit(i.get(), share.get())?;
    }
    Ok(())
}
