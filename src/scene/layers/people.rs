//! The people layer (`render --population`): each settlement of the
//! dataset's population layer as a circle whose area is proportional to
//! the people who lived there before the war, so a reader sees where they
//! lived relative to the front. Circles are semi-transparent and outlined,
//! drawn over the control fills and under the lines and labels, biggest
//! first so that small towns stay visible on top of big cities.
//!
//! The circles' scale is fixed in page units per dataset (its largest
//! settlement gets [`R_MAX`]), so every panel and layout of a dataset draws
//! the same city the same size and the legend's key matches each panel.
//! The layer reads settlements and projects them; it estimates nothing.

use crate::error::Result;
use crate::model::Dataset;
use crate::scene::legend::{Drawn, Key};
use crate::scene::panel::PanelCx;
use crate::scene::{Layer, Paint, Shape, Stroke, style};

/// Radius of the dataset's largest settlement, page units.
pub(crate) const R_MAX: f64 = 20.0;
/// The smallest circle worth drawing, page units: settlements below the
/// first power of ten whose circle is at least this size are left out.
/// They would be specks, and their people are few beside the cities'.
const R_MIN: f64 = 1.0;
/// The largest circle of the key, page units, so it fits a legend row.
const KEY_R_MAX: f64 = 14.0;

/// The circles' scale for one dataset: area ∝ people.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CircleScale {
    /// People of the largest settlement.
    largest: u64,
    /// The smallest settlement drawn: a power of ten.
    pub(crate) threshold: u64,
}

impl CircleScale {
    /// The scale of `data`'s settlements, or `None` when it has none.
    pub(crate) fn of(data: &Dataset) -> Option<CircleScale> {
        let pop = data.population.as_ref()?;
        let largest = pop.settlements.iter().map(|s| s.people).max().filter(|&n| n > 0)?;
        let speck = largest as f64 * (R_MIN / R_MAX).powi(2);
        Some(CircleScale {
            largest,
            threshold: power_of_ten_at_least(speck.ceil() as u64),
        })
    }

    /// The radius of a settlement of `people`, page units.
    pub(crate) fn radius(&self, people: u64) -> f64 {
        R_MAX * (people as f64 / self.largest as f64).sqrt()
    }

    /// The key's reference sizes, largest first: the largest power of ten
    /// not above the largest settlement whose circle fits a legend row, and
    /// a tenth and a hundredth of it while they are drawn (one to three).
    pub(crate) fn references(&self) -> Vec<u64> {
        let mut top = power_of_ten_below(self.largest);
        while top > 1 && self.radius(top) > KEY_R_MAX {
            top /= 10;
        }
        let mut refs = vec![top];
        for d in [10, 100] {
            let v = top / d;
            if v > 0 && v >= self.threshold {
                refs.push(v);
            }
        }
        refs
    }
}

/// The smallest power of ten not below `n` (1 for 0).
fn power_of_ten_at_least(n: u64) -> u64 {
    let mut p = 1u64;
    while p < n {
        p *= 10;
    }
    p
}

/// The largest power of ten not above `n` (1 for 0).
fn power_of_ten_below(n: u64) -> u64 {
    let mut p = 1u64;
    while p <= n / 10 {
        p *= 10;
    }
    p
}

/// A circle of radius `r` around `(x, y)`, its points on a 0.1 grid so the
/// SVG's relative moves stay exact; more points for larger circles.
pub(crate) fn ring(x: f64, y: f64, r: f64) -> Vec<(f64, f64)> {
    let n = ((r * 3.0).ceil() as usize).clamp(12, 64);
    let snap = |v: f64| (v * 10.0).round() / 10.0;
    let mut pts: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 * std::f64::consts::TAU / n as f64;
            (snap(x + r * a.cos()), snap(y + r * a.sin()))
        })
        .collect();
    pts.dedup();
    pts
}

/// The circle of one settlement, as the layer and the key draw it.
pub(crate) fn circle(x: f64, y: f64, r: f64) -> Shape {
    let mut s = Shape::area(
        vec![ring(x, y, r)],
        Paint::Colour(style::PEOPLE_FILL.into()),
        Some(Stroke::solid(style::PEOPLE_OUTLINE, style::PEOPLE_STROKE)),
        "cm-people",
    );
    s.fill_opacity = style::PEOPLE_OPACITY;
    s
}

pub(super) fn draw(cx: &PanelCx<'_>, out: &mut Layer) -> Result<Drawn> {
    if !cx.opts.population {
        return Ok(Drawn::NOTHING);
    }
    let data = cx.base.data;
    let (Some(pop), Some(scale)) = (data.population.as_ref(), CircleScale::of(data)) else {
        return Ok(Drawn::NOTHING);
    };
    let mut order: Vec<_> = pop.settlements.iter().filter(|s| s.people >= scale.threshold).collect();
    // Biggest first, so small towns are drawn over big cities; ties by id.
    order.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.id.cmp(&b.id)));
    let [left, top, w, h] = cx.rect();
    for s in order {
        let Some((x, y)) = cx.base.page_point(&cx.frame, s.lon, s.lat) else {
            continue;
        };
        let r = scale.radius(s.people);
        if x - r < left || x + r > left + w || y - r < top || y + r > top + h {
            continue;
        }
        out.shapes.push(circle(x, y, r));
    }
    Ok(Drawn::when(!out.shapes.is_empty(), Key::People))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_powers_of_ten_that_fit_and_are_drawn() {
        let s = CircleScale {
            largest: 2_950_000,
            threshold: 10_000,
        };
        assert_eq!(s.references(), vec![1_000_000, 100_000, 10_000]);
        assert!((s.radius(2_950_000) - R_MAX).abs() < 1e-9);
        // Area ∝ people: four times the people, twice the radius.
        assert!((s.radius(400_000) / s.radius(100_000) - 2.0).abs() < 1e-9);
        // A largest settlement of exactly 1,000,000 would not fit a row.
        let round = CircleScale {
            largest: 1_000_000,
            threshold: 1_000,
        };
        assert_eq!(round.references(), vec![100_000, 10_000, 1_000]);
        assert_eq!(power_of_ten_below(11_523), 10_000);
        assert_eq!(power_of_ten_below(9), 1);
        assert_eq!(power_of_ten_below(0), 1);
        assert_eq!(power_of_ten_at_least(7_000), 10_000);
        assert_eq!(power_of_ten_at_least(1_000), 1_000);
    }
}
