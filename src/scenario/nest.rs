//! Nested fitting through time: a unit's held area at every snapshot of the
//! control table, fitted so that consecutive snapshots nest. Where the share
//! grows from one date to the next, the later area contains the earlier;
//! where it shrinks, the later lies inside the earlier; where it stays, the
//! area stays. No ground flickers between sides unless the shares say so.
//!
//! The chain is anchored at each unit's latest row, fitted on its own
//! exactly as a single-date map is (so today's lines do not depend on the
//! history), and runs backward: each earlier date is fitted from the area of
//! the date after it through [`fit::held_area_from`]. A date's area is thus
//! the same whichever date a map is drawn for. This module only chains fits:
//! it does no search of its own and knows nothing of any country.

use geo::MultiPolygon;
use rayon::prelude::*;

use super::{Control, Engine, fit};
use crate::error::Result;
use crate::model::IsoDate;

impl Engine<'_> {
    /// The held area of unit `index` on `date`: its row in force then,
    /// fitted backward from its latest row. Empty before its first row.
    pub fn fit_on(&self, index: usize, date: IsoDate) -> Result<MultiPolygon<f64>> {
        let data = self.data;
        let rows = data.unit_history(&data.units[index].id);
        let Some(k) = rows.iter().rposition(|r| r.as_of <= date) else {
            return Ok(MultiPolygon(vec![]));
        };
        let last = rows.len() - 1;
        let mut area = self.fit_latest(index, rows[last].share, rows[last].as_of)?;
        let ctx = fit::Context {
            units: &data.units,
            regions: &data.regions,
            water: &data.water,
        };
        for j in (k..last).rev() {
            let (share, later) = (rows[j].share, rows[j + 1].share);
            if share == later {
                continue;
            }
            area = if area.0.is_empty() || later >= 1.0 {
                // Nothing to nest in or around: the unit's own fit, which
                // nests trivially with the empty area or the whole unit.
                self.fit(index, share)?
            } else {
                let mut keep = held_places(data, index, rows[j].as_of);
                keep.extend(super::shape::known_held(
                    data,
                    index,
                    rows[j].as_of,
                    Some(rows[j + 1].as_of),
                ));
                let edges = super::borders::classify(index, &data.units, &data.regions);
                fit::held_area_from(index, share, &area, &keep, (&self.method(index), &edges), ctx)?
            };
        }
        Ok(area)
    }

    /// The held area of every unit on `date`, each from its row in force
    /// then and fitted in a chain with the other snapshots.
    pub fn control_on(&self, date: IsoDate) -> Result<Control> {
        let held = (0..self.data.units.len())
            .into_par_iter()
            .map(|i| self.fit_on(i, date))
            .collect::<Result<Vec<_>>>()?;
        Ok(Control { held })
    }

    /// The held area of unit `index` for the row in force in the dataset
    /// (`Dataset::control`): fitted alone when it is the unit's latest row,
    /// else in the chain from it.
    pub(super) fn fit_in_force(&self, index: usize) -> Result<MultiPolygon<f64>> {
        let data = self.data;
        let id = &data.units[index].id;
        let Some(row) = data.control_row(id) else {
            return Ok(MultiPolygon(vec![]));
        };
        let latest = data.unit_history(id).last().map(|r| r.as_of);
        if latest == Some(row.as_of) {
            self.fit_latest(index, row.share, row.as_of)
        } else {
            self.fit_on(index, row.as_of)
        }
    }
}

/// Where the anchor places of unit `index` held on `date` lie (lon, lat):
/// a shrinking area keeps them.
fn held_places(data: &crate::model::Dataset, index: usize, date: IsoDate) -> Vec<(f64, f64)> {
    let Some(latest) = data.snapshot_dates().last().copied() else {
        return Vec::new();
    };
    let unit = &data.units[index].id;
    data.places
        .iter()
        .filter(|p| &p.unit == unit && p.anchor_on(date, latest) == Some(crate::model::Anchor::Held))
        .map(|p| (p.lon, p.lat))
        .collect()
}
