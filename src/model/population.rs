//! The optional population layer of a dataset: each unit's official
//! population and the settlements (with their own figures) inside it.

use super::IsoDate;

/// A unit's official population.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitPopulation {
    /// The unit's id.
    pub unit: String,
    /// People living in the unit at `as_of`.
    pub people: u64,
    /// The date the figure describes.
    pub as_of: IsoDate,
    /// Where the figure comes from.
    pub source: String,
    /// Line in `population.csv`, for messages.
    pub line: usize,
}

/// A settlement with a population figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    /// Identifier (the GeoNames id in the Ukraine dataset).
    pub id: String,
    /// Name.
    pub name: String,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// The unit the settlement lies in.
    pub unit: String,
    /// People living in it, as its source gives them.
    pub people: u64,
    /// Where the figure comes from.
    pub source: String,
    /// Line in `settlements.csv`, for messages.
    pub line: usize,
}

/// A dataset's population layer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Population {
    /// Official figure per unit, in file order; every unit has one.
    pub units: Vec<UnitPopulation>,
    /// Settlements, in file order (empty when the dataset has none).
    pub settlements: Vec<Settlement>,
}

impl Population {
    /// The official figure of the unit with this id.
    pub fn of(&self, unit: &str) -> Option<&UnitPopulation> {
        self.units.iter().find(|u| u.unit == unit)
    }
}
