//! `site`: a point of interest with a status under the proposal.

use super::State;
use crate::error::Result;
use crate::model::Site;

pub(super) fn apply(site: &Site, state: &mut State<'_>) -> Result<()> {
    state.sites.retain(|s| s.id != site.id);
    state.sites.push(site.clone());
    Ok(())
}
