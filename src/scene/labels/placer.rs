//! [`Placer`]: label placement. Each label tries a few positions around its
//! point and takes the first that overlaps no placed label, no marker and,
//! where it can, no key line.
//!
//! It knows boxes and lines only: it measures no text and knows nothing of
//! places, units or the page.

/// A box `[x, y, w, h]` on the page.
pub type Box2 = [f64; 4];

/// True when two boxes overlap (touching edges do not count).
pub fn overlaps(a: &Box2, b: &Box2) -> bool {
    a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
}

fn segment_hits_box(p: (f64, f64), q: (f64, f64), b: &Box2) -> bool {
    // Liang–Barsky clipping of the segment against the box.
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [
        (-dx, p.0 - b[0]),
        (dx, b[0] + b[2] - p.0),
        (-dy, p.1 - b[1]),
        (dy, b[1] + b[3] - p.1),
    ] {
        if pk == 0.0 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let r = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    t0 <= t1
}

/// Places labels one at a time, keeping every placed box apart.
#[derive(Debug, Default)]
pub(crate) struct Placer {
    taken: Vec<Box2>,
    lines: Vec<Vec<(f64, f64)>>,
    bounds: Option<Box2>,
}

impl Placer {
    /// A placer that keeps labels inside `bounds` and off the `lines`.
    pub(crate) fn new(bounds: Box2, lines: Vec<Vec<(f64, f64)>>) -> Self {
        Placer {
            taken: Vec::new(),
            lines,
            bounds: Some(bounds),
        }
    }

    /// Marks a box as taken (a marker, the legend) without a label.
    pub(crate) fn block(&mut self, b: Box2) {
        self.taken.push(b);
    }

    /// The boxes placed or blocked so far.
    pub(crate) fn taken(&self) -> &[Box2] {
        &self.taken
    }

    /// True when the segment from `p` to `q` crosses no placed or blocked
    /// box (a callout's leader that would run through a name).
    pub(crate) fn clear_path(&self, p: (f64, f64), q: (f64, f64)) -> bool {
        !self.taken.iter().any(|b| segment_hits_box(p, q, b))
    }

    /// Adds a line that later labels keep off where they can (a leader).
    pub(crate) fn add_line(&mut self, line: Vec<(f64, f64)>) {
        self.lines.push(line);
    }

    fn crosses_line(&self, b: &Box2) -> bool {
        self.lines
            .iter()
            .any(|l| l.windows(2).any(|w| segment_hits_box(w[0], w[1], b)))
    }

    fn fits(&self, b: &Box2) -> bool {
        let inside = self
            .bounds
            .is_none_or(|r| b[0] >= r[0] && b[1] >= r[1] && b[0] + b[2] <= r[0] + r[2] && b[1] + b[3] <= r[1] + r[3]);
        inside && !self.taken.iter().any(|t| overlaps(t, b))
    }

    /// Takes the first candidate that fits and crosses no key line, else
    /// the first that fits; returns its index, or `None` when none fits.
    pub(crate) fn place(&mut self, candidates: &[Box2]) -> Option<usize> {
        let pick = candidates
            .iter()
            .position(|b| self.fits(b) && !self.crosses_line(b))
            .or_else(|| candidates.iter().position(|b| self.fits(b)))?;
        self.taken.push(candidates[pick]);
        Some(pick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placer_avoids_taken_boxes_and_lines() {
        let mut p = Placer::new([0.0, 0.0, 100.0, 100.0], vec![vec![(50.0, 0.0), (50.0, 100.0)]]);
        assert_eq!(p.place(&[[10.0, 10.0, 20.0, 10.0]]), Some(0));
        // Overlaps the first: second candidate.
        assert_eq!(p.place(&[[15.0, 12.0, 20.0, 10.0], [10.0, 30.0, 20.0, 10.0]]), Some(1));
        // Crossing the line is taken only when nothing else fits.
        assert_eq!(p.place(&[[45.0, 60.0, 20.0, 10.0], [10.0, 60.0, 20.0, 10.0]]), Some(1));
        assert_eq!(p.place(&[[45.0, 80.0, 20.0, 10.0]]), Some(0));
        // Outside the bounds never.
        assert_eq!(p.place(&[[95.0, 50.0, 20.0, 10.0]]), None);
        // A path through a placed box is not clear; one beside it is.
        assert!(!p.clear_path((0.0, 15.0), (40.0, 15.0)));
        assert!(p.clear_path((0.0, 5.0), (40.0, 5.0)));
    }
}
