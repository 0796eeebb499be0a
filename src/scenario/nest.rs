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

use crate::error::CollectInOrder;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use geo::{MultiLineString, MultiPolygon};
use rayon::prelude::*;

use super::{Control, Engine, fit};
use crate::error::Result;
use crate::model::IsoDate;

/// Fitted areas of one session, remembered per unit and chain of rows so
/// that the dates of a run share their fits: the latest row is fitted once
/// for today's lines and every chain back from it, and each earlier date
/// once for every map, snapshot and check that needs it.
///
/// The key is the unit's index and the rows of its chain (each share and
/// date, from the date fitted to the unit's latest row); the other inputs
/// of a fit (boundaries, neighbours, water, hints, places) belong to the
/// dataset the memo was made for, which a session keeps unchanged and
/// shares only with the datasets [`crate::model::Dataset::at`] makes of it
/// (which change no input of a fit). A fit that fails is not remembered.
///
/// It also remembers the fronts traced from a set of held areas (keyed by
/// [`super::fronts::Fronts::key`] of the areas), which depend on nothing
/// else of the dataset but its units, and the bands drawn along lines by
/// the scenarios' operations (keyed by [`FitMemo::band_key`] of the lines
/// and the width), which depend on nothing else at all.
#[derive(Debug, Default)]
pub struct FitMemo {
    slots: Mutex<HashMap<ChainKey, Slot>>,
    fronts: Keyed<MultiLineString<f64>>,
    bands: Keyed<MultiPolygon<f64>>,
}

/// Values remembered by a SHA-256 of what they were made from.
#[derive(Debug)]
struct Keyed<V>(Mutex<HashMap<[u8; 32], V>>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Mutex::default())
    }
}

impl<V: Clone> Keyed<V> {
    fn of(items: Vec<([u8; 32], V)>) -> Self {
        Keyed(Mutex::new(items.into_iter().collect()))
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], V>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get(&self, key: &[u8; 32]) -> Option<V> {
        self.map().get(key).cloned()
    }

    /// Keeps `value` unless `key` already has one.
    fn keep(&self, key: [u8; 32], value: V) {
        self.map().entry(key).or_insert(value);
    }

    /// Every value with its key, ordered by key.
    fn all(&self) -> Vec<([u8; 32], V)> {
        let mut all: Vec<_> = self.map().iter().map(|(k, v)| (*k, v.clone())).collect();
        all.sort_by_key(|a| a.0);
        all
    }
}

/// One remembered fit, empty until fitted.
type Slot = Arc<Mutex<Option<MultiPolygon<f64>>>>;

/// A unit's index and its rows from one date to its latest (share bits, date).
type ChainKey = (usize, Vec<(u64, IsoDate)>);

/// One remembered fit, as [`FitMemo::fits`] lists them and
/// [`FitMemo::from_fits`] takes them back.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The unit's index in the dataset.
    pub unit: usize,
    /// The rows of its chain, from the date fitted to the unit's latest:
    /// each share's bits and date.
    pub chain: Vec<(u64, IsoDate)>,
    /// The area fitted.
    pub area: MultiPolygon<f64>,
}

impl FitMemo {
    /// The slot for a chain, made empty on first use.
    fn slot(&self, key: ChainKey) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(slots.entry(key).or_default())
    }

    /// How many fits, fronts and bands the memo holds.
    pub fn len(&self) -> usize {
        // The map's lock is let go before a slot is locked, as in `fits`: a
        // thread fitting holds its slot and may ask the map for another.
        let slots: Vec<Slot> = {
            let slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            slots.values().map(Arc::clone).collect()
        };
        let fits = slots
            .iter()
            .filter(|s| s.lock().unwrap_or_else(PoisonError::into_inner).is_some())
            .count();
        fits + self.fronts.map().len() + self.bands.map().len()
    }

    /// True when the memo holds no fit, no front and no band.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every fit remembered, ordered by unit and chain (the same order
    /// whatever order they were fitted in).
    pub fn fits(&self) -> Vec<Fit> {
        let slots: Vec<(ChainKey, Slot)> = {
            let slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            slots.iter().map(|(k, v)| (k.clone(), Arc::clone(v))).collect()
        };
        let mut fits: Vec<Fit> = slots
            .into_iter()
            .filter_map(|((unit, chain), slot)| {
                let area = slot.lock().unwrap_or_else(PoisonError::into_inner).clone()?;
                Some(Fit { unit, chain, area })
            })
            .collect();
        fits.sort_by(|a, b| (a.unit, &a.chain).cmp(&(b.unit, &b.chain)));
        fits
    }

    /// A memo that already remembers `fits`, which must have been fitted for
    /// the dataset it is then used with (its fingerprint names the inputs).
    pub fn from_fits(fits: Vec<Fit>) -> FitMemo {
        let slots = fits
            .into_iter()
            .map(|f| ((f.unit, f.chain), Arc::new(Mutex::new(Some(f.area)))))
            .collect();
        FitMemo {
            slots: Mutex::new(slots),
            fronts: Keyed::default(),
            bands: Keyed::default(),
        }
    }

    /// The memo also remembering `fronts` (each the key of the held areas
    /// it was traced from, and the front), traced for the same dataset.
    pub fn with_fronts(self, fronts: Vec<([u8; 32], MultiLineString<f64>)>) -> FitMemo {
        FitMemo {
            fronts: Keyed::of(fronts),
            ..self
        }
    }

    /// The front remembered for the held areas of `key`, if any.
    pub fn front(&self, key: &[u8; 32]) -> Option<MultiLineString<f64>> {
        self.fronts.get(key)
    }

    /// Remembers the front traced from the held areas of `key`.
    pub fn keep_front(&self, key: [u8; 32], front: MultiLineString<f64>) {
        self.fronts.keep(key, front);
    }

    /// The memo also remembering `bands` (each the [`FitMemo::band_key`]
    /// of its lines and width, and the band).
    pub fn with_bands(self, bands: Vec<([u8; 32], MultiPolygon<f64>)>) -> FitMemo {
        FitMemo {
            bands: Keyed::of(bands),
            ..self
        }
    }

    /// The key of the band `km` wide along `lines`: the SHA-256 of the
    /// width's bits and of every count and coordinate's bits of the lines.
    pub fn band_key(lines: &MultiLineString<f64>, km: f64) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"band");
        h.update(km.to_bits().to_le_bytes());
        h.update((lines.0.len() as u64).to_le_bytes());
        for line in &lines.0 {
            crate::geometry::digest_line(&mut h, line);
        }
        h.finalize().into()
    }

    /// The band remembered for `key`, if any.
    pub fn band(&self, key: &[u8; 32]) -> Option<MultiPolygon<f64>> {
        self.bands.get(key)
    }

    /// Remembers the band of `key`.
    pub fn keep_band(&self, key: [u8; 32], band: MultiPolygon<f64>) {
        self.bands.keep(key, band);
    }

    /// Every band remembered, ordered by key.
    pub fn bands(&self) -> Vec<([u8; 32], MultiPolygon<f64>)> {
        self.bands.all()
    }

    /// Every front remembered, ordered by key.
    pub fn fronts(&self) -> Vec<([u8; 32], MultiLineString<f64>)> {
        self.fronts.all()
    }
}

impl Engine<'_> {
    /// The held area of unit `index` on `date`: its row in force then,
    /// fitted backward from its latest row. Empty before its first row.
    pub fn fit_on(&self, index: usize, date: IsoDate) -> Result<MultiPolygon<f64>> {
        let data = self.data;
        let rows = data.unit_history(&data.units[index].id);
        let Some(k) = rows.iter().rposition(|r| r.as_of <= date) else {
            return Ok(MultiPolygon(vec![]));
        };
        self.chain_from(index, &rows, k)
    }

    /// The held area of unit `index` for its row `rows[k]` (`rows`: the
    /// unit's history, oldest first): the latest row fitted alone, each
    /// earlier one from the area of the row after it. Remembered in the
    /// engine's memo when it has one.
    fn chain_from(&self, index: usize, rows: &[&crate::model::ControlRow], k: usize) -> Result<MultiPolygon<f64>> {
        let Some(memo) = self.memo else {
            return self.chain_step(index, rows, k);
        };
        let key = (index, rows[k..].iter().map(|r| (r.share.to_bits(), r.as_of)).collect());
        let slot = memo.slot(key);
        // Held while fitting: another thread asking for the same chain
        // waits for this fit instead of repeating it. Fits start no
        // parallel work, so no thread waits on a slot it holds itself.
        let mut kept = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(area) = kept.as_ref() {
            return Ok(area.clone());
        }
        let area = self.chain_step(index, rows, k)?;
        *kept = Some(area.clone());
        Ok(area)
    }

    /// One step of the chain: row `k` from the area of row `k + 1`.
    fn chain_step(&self, index: usize, rows: &[&crate::model::ControlRow], k: usize) -> Result<MultiPolygon<f64>> {
        let data = self.data;
        let last = rows.len() - 1;
        if k == last {
            return self.fit_latest(index, rows[last].share, rows[last].as_of);
        }
        let area = self.chain_from(index, rows, k + 1)?;
        let (share, later) = (rows[k].share, rows[k + 1].share);
        if share == later {
            return Ok(area);
        }
        let ctx = fit::Context {
            units: &data.units,
            regions: &data.regions,
            water: &data.water,
        };
        let known = super::shape::known_on(data, index, rows[k].as_of, Some(rows[k + 1].as_of));
        if area.0.is_empty() || later >= 1.0 {
            // Nothing to nest in or around: the unit's own fit, which
            // nests trivially with the empty area or the whole unit,
            // shaped by the places known at that date as a latest row is.
            let base = self.fit(index, share)?;
            return super::shape::reshape(index, share, &base, &known, ctx);
        }
        let mut keep = held_places(data, index, rows[k].as_of);
        keep.extend(known.iter().filter(|p| p.2).map(|&(lon, lat, _)| (lon, lat)));
        let since = held_since(data, index, rows[k].as_of);
        keep.extend(since.iter().copied());
        let avoid: Vec<(f64, f64)> = known.iter().filter(|p| !p.2).map(|&(lon, lat, _)| (lon, lat)).collect();
        let edges = super::borders::classify(index, &data.units, &data.regions);
        fit::held_area_from(
            index,
            share,
            &area,
            (&keep, &avoid, &since),
            (&self.method(index), &edges),
            ctx,
        )
    }

    /// The held area of every unit on `date`, each from its row in force
    /// then and fitted in a chain with the other snapshots.
    pub fn control_on(&self, date: IsoDate) -> Result<Control> {
        let held = (0..self.data.units.len())
            .into_par_iter()
            .map(|i| self.fit_on(i, date))
            .collect_in_order()?;
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
        self.fit_on(index, row.as_of)
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

/// Where the known places of unit `index` reported held at a snapshot
/// before `date` lie (lon, lat), unless a later row up to `date` gives the
/// place another side: ground once held stays held until reported lost,
/// so a later area keeps the places an earlier one was drawn through.
fn held_since(data: &crate::model::Dataset, index: usize, date: IsoDate) -> Vec<(f64, f64)> {
    let unit = &data.units[index].id;
    let of_unit = || data.known.iter().filter(move |k| &k.unit == unit);
    of_unit()
        .filter(|k| k.date < date && k.side == crate::model::Anchor::Held)
        .filter(|k| !of_unit().any(|o| o.name == k.name && o.date > k.date && o.date <= date && o.side != k.side))
        .map(|k| (k.lon, k.lat))
        .collect()
}
