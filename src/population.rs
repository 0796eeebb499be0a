//! How many people lived in a piece of ground before the war: a dasymetric
//! estimate from each unit's official population and its settlements.
//!
//! # The rule
//!
//! In each unit, the settlements (their own figures, from GeoNames in the
//! Ukraine dataset) are scaled down by one factor when together they exceed
//! the unit's official figure; what the official figure leaves over after
//! them, the *remainder* (villages under 1,000 people, farms, anything the
//! settlement list misses), is spread evenly over the unit's area. The
//! people in a piece of the unit are then the settlements inside it plus
//! its area share of the remainder.
//!
//! For the categories of a scenario (held, handover, returned, defender and
//! the zones, which tile each unit), the estimates are whole people,
//! apportioned by largest remainders so that they add up to the unit's
//! official figure exactly. A settlement that lies in none of the parts
//! (the parts leave out specks of under 0.01 km²) counts in the largest.
//!
//! # The range
//!
//! Each figure comes with a low and a high end, from the two weakest steps:
//! - a settlement is a point, but a town has an extent and the lines are
//!   schematic: one within [`NEAR_LINE_KM`] of another category (probed at
//!   eight bearings) counts in the low end of neither and the high end of
//!   both;
//! - the remainder is not spread evenly in truth: it counts
//!   ±[`REMAINDER_SPREAD`] of its even share.
//!
//! Totals add up the units' low and high ends.

use geo::MultiPolygon;
use serde::Serialize;

use crate::geometry;
use crate::model::{Dataset, Population, Settlement, Unit};
use crate::scenario::Parts;

/// Distance within which a settlement counts on both sides of a line, km.
pub const NEAR_LINE_KM: f64 = 3.0;

/// Relative uncertainty of the remainder's even spread (0.25 = ±25 %).
pub const REMAINDER_SPREAD: f64 = 0.25;

/// Bearings probed around a settlement.
const BEARINGS: usize = 8;

/// An estimate of people with its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct People {
    /// The estimate.
    pub people: u64,
    /// Low end of the range.
    pub low: u64,
    /// High end of the range.
    pub high: u64,
}

impl std::ops::Add for People {
    type Output = People;
    fn add(self, o: People) -> People {
        People {
            people: self.people + o.people,
            low: self.low + o.low,
            high: self.high + o.high,
        }
    }
}

/// A part of a unit, prepared for point tests (each polygon's box rejects
/// far points first).
struct Piece {
    index: geometry::PointIndex,
}

impl Piece {
    fn new(area: &MultiPolygon<f64>) -> Self {
        Piece {
            index: geometry::PointIndex::new(area),
        }
    }

    fn contains(&self, (lon, lat): (f64, f64)) -> bool {
        self.index.contains(lon, lat)
    }
}

/// Points [`NEAR_LINE_KM`] around a settlement.
fn probes(lon: f64, lat: f64) -> [(f64, f64); BEARINGS] {
    let km_per_deg_lat = 111.2;
    let km_per_deg_lon = km_per_deg_lat * lat.to_radians().cos().max(0.01);
    std::array::from_fn(|i| {
        let a = std::f64::consts::TAU * i as f64 / BEARINGS as f64;
        (
            lon + NEAR_LINE_KM * a.cos() / km_per_deg_lon,
            lat + NEAR_LINE_KM * a.sin() / km_per_deg_lat,
        )
    })
}

/// One unit's people before the war, ready to be split.
#[derive(Debug, Clone)]
pub struct UnitPeople<'a> {
    official: u64,
    settlements: Vec<(&'a Settlement, f64)>,
    remainder: f64,
}

impl<'a> UnitPeople<'a> {
    /// The unit's official figure, its settlements scaled to fit it, and
    /// the remainder.
    pub fn new(pop: &'a Population, unit: &Unit) -> Option<Self> {
        let official = pop.of(&unit.id)?.people;
        let mine: Vec<&Settlement> = pop.settlements.iter().filter(|s| s.unit == unit.id).collect();
        let sum: f64 = mine.iter().map(|s| s.people as f64).sum();
        let scale = if sum > official as f64 {
            official as f64 / sum
        } else {
            1.0
        };
        let settlements: Vec<(&Settlement, f64)> = mine.into_iter().map(|s| (s, s.people as f64 * scale)).collect();
        let in_settlements: f64 = settlements.iter().map(|(_, p)| p).sum();
        Some(UnitPeople {
            official,
            settlements,
            remainder: (official as f64 - in_settlements).max(0.0),
        })
    }

    /// The official figure.
    pub fn official(&self) -> u64 {
        self.official
    }

    /// People in the remainder (not in any listed settlement).
    pub fn remainder(&self) -> f64 {
        self.remainder
    }

    /// The people in an arbitrary piece `area` of `unit` (the estimate
    /// rounded to whole people).
    pub fn in_area(&self, area: &MultiPolygon<f64>, unit: &Unit) -> People {
        if area.0.is_empty() {
            return People::default();
        }
        let piece = Piece::new(area);
        let outside = Piece::new(&unit.geometry);
        let share = (geometry::area_km2(area) / unit.area_km2).clamp(0.0, 1.0);
        let (mut point, mut low, mut high) = (0.0, 0.0, 0.0);
        for (s, p) in &self.settlements {
            let inside = piece.contains((s.lon, s.lat));
            let around = probes(s.lon, s.lat);
            let near_in = around.iter().any(|&q| piece.contains(q));
            let near_out = around.iter().any(|&q| outside.contains(q) && !piece.contains(q));
            if inside {
                point += p;
            }
            if inside && !near_out {
                low += p;
            }
            if inside || near_in {
                high += p;
            }
        }
        self.finish(point, low, high, share)
    }

    fn finish(&self, point: f64, low: f64, high: f64, share: f64) -> People {
        let r = self.remainder * share;
        let people = (point + r).round().min(self.official as f64) as u64;
        self.range(
            people,
            low + r * (1.0 - REMAINDER_SPREAD),
            high + r * (1.0 + REMAINDER_SPREAD),
        )
    }

    fn range(&self, people: u64, low: f64, high: f64) -> People {
        People {
            people,
            low: (low.floor().max(0.0) as u64).min(people),
            high: (high.ceil() as u64).clamp(people, self.official),
        }
    }

    /// Splits the unit's people between its parts (in the order of
    /// [`part_areas`]).
    pub fn split(&self, parts: &[&MultiPolygon<f64>]) -> Split {
        let pieces: Vec<Piece> = parts.iter().map(|a| Piece::new(a)).collect();
        let areas: Vec<f64> = parts.iter().map(|a| geometry::area_km2(a)).collect();
        let total_area: f64 = areas.iter().sum();
        let largest = (0..parts.len())
            .max_by(|&a, &b| areas[a].total_cmp(&areas[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let shares: Vec<f64> = if total_area > 0.0 {
            areas.iter().map(|a| a / total_area).collect()
        } else {
            (0..parts.len()).map(|i| if i == largest { 1.0 } else { 0.0 }).collect()
        };
        let several = areas.iter().filter(|&&a| a > 0.0).count() > 1;
        let settlements: Vec<Placed> = self
            .settlements
            .iter()
            .map(|(s, p)| {
                let part = (0..pieces.len())
                    .find(|&i| pieces[i].contains((s.lon, s.lat)))
                    .unwrap_or(largest);
                let mut near = 0u64;
                if several {
                    for q in probes(s.lon, s.lat) {
                        if let Some(i) = (0..pieces.len()).find(|&i| i != part && pieces[i].contains(q)) {
                            near |= 1 << i.min(63);
                        }
                    }
                }
                Placed { part, near, people: *p }
            })
            .collect();
        let mut exact: Vec<f64> = shares.iter().map(|a| a * self.remainder).collect();
        for s in &settlements {
            exact[s.part] += s.people;
        }
        Split {
            whole: apportion(&exact, self.official),
            shares,
            settlements,
            remainder: self.remainder,
            official: self.official,
        }
    }
}

/// A settlement placed in one part, with the other parts it lies near.
#[derive(Debug, Clone)]
struct Placed {
    part: usize,
    near: u64,
    people: f64,
}

/// A unit's people split between its parts.
#[derive(Debug, Clone)]
pub struct Split {
    /// Whole people per part; they add up to the official figure.
    pub whole: Vec<u64>,
    shares: Vec<f64>,
    settlements: Vec<Placed>,
    remainder: f64,
    official: u64,
}

impl Split {
    /// The people in the parts whose indexes are in `set`.
    pub fn people(&self, set: &[usize]) -> People {
        let mask: u64 = set.iter().fold(0, |m, &i| m | (1 << i.min(63)));
        let people: u64 = set.iter().filter_map(|&i| self.whole.get(i)).sum();
        let share: f64 = set.iter().filter_map(|&i| self.shares.get(i)).sum();
        let (mut low, mut high) = (0.0, 0.0);
        for s in &self.settlements {
            let inside = mask & (1 << s.part.min(63)) != 0;
            if inside && s.near & !mask == 0 {
                low += s.people;
            }
            if inside || s.near & mask != 0 {
                high += s.people;
            }
        }
        let r = self.remainder * share;
        let low = low + r * (1.0 - REMAINDER_SPREAD);
        let high = high + r * (1.0 + REMAINDER_SPREAD);
        People {
            people,
            low: (low.floor().max(0.0) as u64).min(people),
            high: (high.ceil() as u64).clamp(people, self.official),
        }
    }
}

/// Whole numbers near `exact` that add up to `total`: each rounded down,
/// then the missing units given to the largest fractions (ties to the
/// lower index).
pub fn apportion(exact: &[f64], total: u64) -> Vec<u64> {
    let mut whole: Vec<u64> = exact.iter().map(|v| v.max(0.0).floor() as u64).collect();
    let sum: u64 = whole.iter().sum();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    let frac = |i: usize| exact[i].max(0.0) - exact[i].max(0.0).floor();
    if sum < total {
        order.sort_by(|&a, &b| frac(b).total_cmp(&frac(a)).then(a.cmp(&b)));
        let mut missing = total - sum;
        while missing > 0 && !order.is_empty() {
            for &i in &order {
                if missing == 0 {
                    break;
                }
                whole[i] += 1;
                missing -= 1;
            }
        }
    } else if sum > total {
        order.sort_by(|&a, &b| frac(a).total_cmp(&frac(b)).then(b.cmp(&a)));
        let mut extra = sum - total;
        while extra > 0 {
            let before = extra;
            for &i in &order {
                if extra > 0 && whole[i] > 0 {
                    whole[i] -= 1;
                    extra -= 1;
                }
            }
            if extra == before {
                break;
            }
        }
    }
    whole
}

/// The areas of a unit's parts in the order [`Split`] indexes them: held,
/// handover, returned, defender, then the zones in their order.
pub fn part_areas(parts: &Parts) -> Vec<&MultiPolygon<f64>> {
    let mut v = vec![&parts.held, &parts.handover, &parts.returned, &parts.defender];
    v.extend(parts.zones.iter().map(|(_, z)| z));
    v
}

/// Index of the handover part in a [`Split`].
pub const HANDOVER: usize = 1;
/// Index of the returned part in a [`Split`].
pub const RETURNED: usize = 2;
/// Index of a scenario's first zone in a [`Split`].
pub const FIRST_ZONE: usize = 4;

/// Each unit's people (index-aligned with the units), or `None` when the
/// dataset has no population layer.
pub fn of_dataset(data: &Dataset) -> Option<Vec<UnitPeople<'_>>> {
    let pop = data.population.as_ref()?;
    data.units.iter().map(|u| UnitPeople::new(pop, u)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnitPopulation;

    fn rect(x0: f64, x1: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            geo::Rect::new(geo::coord! { x: x0, y: 50.0 }, geo::coord! { x: x1, y: 51.0 }).to_polygon(),
        ])
    }

    fn settlement(id: &str, lon: f64, people: u64) -> Settlement {
        Settlement {
            id: id.into(),
            name: id.into(),
            lon,
            lat: 50.5,
            unit: "U".into(),
            people,
            source: "test".into(),
            line: 0,
        }
    }

    /// A unit of 10,000 people split down the middle at 11.5° E: a town of
    /// 1,000 0.7 km from the line on the held side, one of 3,000 far from
    /// it; the remaining 6,000 spread evenly, 3,000 to each half.
    #[test]
    fn a_split_down_the_middle_gives_the_hand_computed_figures() {
        let geometry = rect(11.0, 12.0);
        let unit = Unit {
            id: "U".into(),
            name: "U".into(),
            names: Default::default(),
            area_official_km2: None,
            area_km2: geometry::area_km2(&geometry),
            geometry,
        };
        let pop = Population {
            units: vec![UnitPopulation {
                unit: "U".into(),
                people: 10_000,
                as_of: crate::model::IsoDate::parse("2022-01-01").unwrap(),
                source: "test".into(),
                line: 0,
            }],
            settlements: vec![settlement("near", 11.51, 1_000), settlement("far", 11.9, 3_000)],
        };
        let est = UnitPeople::new(&pop, &unit).unwrap();
        assert_eq!(est.remainder(), 6_000.0);
        let (held, defender, empty) = (rect(11.5, 12.0), rect(11.0, 11.5), MultiPolygon(vec![]));
        let split = est.split(&[&held, &empty, &empty, &defender]);
        assert_eq!(split.whole, vec![7_000, 0, 0, 3_000]);
        let close = |a: u64, b: u64| a.abs_diff(b) <= 1;
        // Held: both towns and half the remainder; low drops the town near
        // the line and 25 % of the remainder, high adds 25 %.
        let h = split.people(&[0]);
        assert_eq!(h.people, 7_000);
        assert!(close(h.low, 3_000 + 2_250) && close(h.high, 4_000 + 3_750), "{h:?}");
        // Free side: the near town counts in its high end only.
        let d = split.people(&[3]);
        assert!(close(d.low, 2_250) && close(d.high, 1_000 + 3_750), "{d:?}");
        // Both halves together: the line no longer matters.
        let all = split.people(&[0, 3]);
        assert_eq!(all.people, 10_000);
        assert!(close(all.low, 4_000 + 4_500) && all.high == 10_000, "{all:?}");
        // The same figures measured on the held area itself.
        let m = est.in_area(&held, &unit);
        assert_eq!(m.people, 7_000);
        assert!(close(m.low, h.low) && close(m.high, h.high), "{m:?}");
        // Settlements beyond the official figure are scaled down to it.
        let crowded = Population {
            settlements: vec![settlement("a", 11.2, 15_000), settlement("b", 11.8, 5_000)],
            ..pop.clone()
        };
        let est = UnitPeople::new(&crowded, &unit).unwrap();
        assert_eq!(est.remainder(), 0.0);
        assert_eq!(
            est.split(&[&held, &empty, &empty, &defender]).whole,
            vec![2_500, 0, 0, 7_500]
        );
    }

    #[test]
    fn apportioning_keeps_the_total() {
        assert_eq!(apportion(&[1.5, 1.5, 7.0], 10), vec![2, 1, 7]);
        assert_eq!(apportion(&[0.2, 0.2, 0.6], 1), vec![0, 0, 1]);
        assert_eq!(apportion(&[3.4, 3.4, 3.4], 10), vec![4, 3, 3]);
        assert_eq!(apportion(&[5.0, 5.0000001], 10), vec![5, 5]);
        assert_eq!(apportion(&[0.0, 0.0], 3), vec![2, 1]);
        let v = apportion(&[333_333.3, 333_333.3, 333_333.4], 1_000_000);
        assert_eq!(v.iter().sum::<u64>(), 1_000_000);
    }
}
