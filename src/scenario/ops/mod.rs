//! A scenario's operations, one file each: how each op changes the state of
//! a scenario being applied (held ground after, frozen units, zones, sites).
//!
//! A new operation is a variant of `model::Op`, its parse in
//! `load::scenarios`, and one file here with its `apply`. Ops only change
//! the [`State`]; splitting ground into what the map shows is `resolve`'s job.

mod buffer;
mod exchange;
mod freeze;
mod handover;
pub(super) mod line;
mod set;
mod site;
mod withdraw;
mod zone;

use std::collections::BTreeSet;

use geo::{MultiLineString, MultiPolygon};

use super::{Control, Engine, Fronts};
use crate::error::Result;
use crate::model::{Op, Site};

/// Ground a scenario puts into a declared category, per unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneArea {
    /// Index into the dataset's declared categories.
    pub category: usize,
    /// The zone's ground in each unit, in dataset order.
    pub area: Vec<MultiPolygon<f64>>,
}

/// The two figures of a mutual pull-back.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// Index into the dataset's declared categories.
    pub category: usize,
    /// Km² (geodesic, on the boundaries) the defender gives up.
    pub defender_km2: f64,
    /// Km² the occupier gives up.
    pub occupier_km2: f64,
    /// Depth of the defender's pull-back, km.
    pub defender_depth_km: f64,
    /// Depth of the occupier's pull-back, km.
    pub occupier_depth_km: f64,
}

/// A scenario being applied.
pub(crate) struct State<'a> {
    pub(crate) engine: Engine<'a>,
    pub(crate) current: &'a Control,
    pub(crate) after: Vec<MultiPolygon<f64>>,
    pub(crate) frozen: BTreeSet<usize>,
    pub(crate) zones: Vec<ZoneArea>,
    pub(crate) sites: Vec<Site>,
    pub(crate) exchanges: Vec<Exchange>,
    /// The current lines' fronts as the caller traces them, if it does.
    given: Option<FrontsOf<'a>>,
    fronts: Option<Fronts>,
}

/// Where a run gets the current lines' fronts: traced by the caller on
/// first use (a session traces them once for all its scenarios).
pub type FrontsOf<'a> = &'a (dyn Fn() -> Result<&'a Fronts> + Sync);

impl<'a> State<'a> {
    /// The state before any op: the current lines.
    pub(crate) fn new(engine: Engine<'a>, current: &'a Control, given: Option<FrontsOf<'a>>) -> Self {
        State {
            given,
            engine,
            current,
            after: current.held.clone(),
            frozen: BTreeSet::new(),
            zones: Vec::new(),
            sites: Vec::new(),
            exchanges: Vec::new(),
            fronts: None,
        }
    }

    /// The current front, traced when an op first needs it.
    pub(crate) fn fronts(&mut self) -> Result<&Fronts> {
        if let Some(given) = self.given {
            return given();
        }
        if self.fronts.is_none() {
            self.fronts = Some(Fronts::new(self.engine.data, &self.current.held)?);
        }
        Ok(self.fronts.get_or_insert_with(|| unreachable!("set above")))
    }

    /// The current front inside the given units (the whole front when none).
    pub(crate) fn front_within(&mut self, units: &[usize]) -> Result<MultiLineString<f64>> {
        let data = self.engine.data;
        let fronts = self.fronts()?;
        if units.is_empty() {
            return Ok(fronts.current().clone());
        }
        let geometries: Vec<&MultiPolygon<f64>> = units.iter().map(|&i| &data.units[i].geometry).collect();
        fronts.frozen(&geometries)
    }

    /// Adds ground to a category's zone (merged with what it already holds).
    pub(crate) fn add_zone(&mut self, category: usize, per_unit: Vec<(usize, MultiPolygon<f64>)>) -> Result<()> {
        use geo::BooleanOps;
        let n = self.engine.data.units.len();
        let index = match self.zones.iter().position(|z| z.category == category) {
            Some(k) => k,
            None => {
                self.zones.push(ZoneArea {
                    category,
                    area: vec![MultiPolygon(vec![]); n],
                });
                self.zones.len() - 1
            }
        };
        for (i, g) in per_unit {
            let unit = &self.engine.data.units[i];
            let zone = &mut self.zones[index].area[i];
            let merged = crate::geometry::guarded(&unit.id, "adding to a zone", || {
                zone.union(&g).intersection(&unit.geometry)
            })?;
            *zone = merged;
        }
        Ok(())
    }
}

/// Applies one op.
pub(crate) fn apply(op: &Op, state: &mut State<'_>) -> Result<()> {
    match op {
        Op::Handover(units) => handover::apply(units, state),
        Op::Withdraw(units) => withdraw::apply(units, state),
        Op::Freeze(units) => freeze::apply(units, state),
        Op::Set(shares) => set::apply(shares, state),
        Op::Zone { category, units, part } => zone::apply(*category, units, *part, state),
        Op::Buffer {
            category,
            km,
            side,
            units,
        } => buffer::apply(*category, *km, *side, units, state),
        Op::Exchange {
            category,
            units,
            depth_km,
        } => exchange::apply(*category, units, *depth_km, state),
        Op::Site(site) => site::apply(site, state),
        Op::Line { action, ground } => line::apply(*action, ground, state),
    }
}
