//! SVG with every text turned into outlines, for exact reproduction where
//! the reader's fonts must not matter. The serialised SVG is kept as it is
//! (root, `viewBox`, `<title>`, `<desc>`, `role`, ids, classes, layer
//! groups); only each `<text>` element becomes a `<path>` of its glyphs,
//! shaped by usvg with the embedded fonts, carrying the text's class and
//! paint (a halo stays a stroked outline under the label's outline).

use resvg::tiny_skia::{Path, PathSegment, Point};
use resvg::usvg;
use std::fmt::Write;

use crate::error::{Error, Result};

/// The SVG text `svg` (parsed as `tree`) with its texts as outlines.
pub(super) fn svg(svg: &str, tree: &usvg::Tree) -> Result<String> {
    let mut outlines = Vec::new();
    collect(tree.root(), &mut outlines);
    let mut out = String::with_capacity(svg.len() * 2);
    let mut rest = svg;
    let mut glyphs = outlines.into_iter();
    while let Some(start) = rest.find("<text ") {
        let end = start
            + rest[start..]
                .find("</text>")
                .ok_or_else(|| broken("a <text> is not closed"))?
            + "</text>".len();
        let open = &rest[start..start + rest[start..].find('>').unwrap_or(0)];
        let d = glyphs.next().ok_or_else(|| broken("usvg dropped a text"))?;
        out.push_str(&rest[..start]);
        out.push_str("<path");
        for name in [
            "class",
            "fill",
            "stroke",
            "stroke-width",
            "stroke-linejoin",
            "aria-hidden",
        ] {
            if let Some(v) = attribute(open, name) {
                let _ = write!(out, " {name}=\"{v}\"");
            }
        }
        let _ = write!(out, " d=\"{d}\"/>");
        rest = &rest[end..];
    }
    if glyphs.next().is_some() {
        return Err(broken("more texts in the tree than in the SVG"));
    }
    out.push_str(rest);
    Ok(out)
}

fn broken(message: &str) -> Error {
    Error::Render {
        stage: "writing text as paths",
        message: message.into(),
    }
}

/// The value of attribute `name` in an element's opening tag (as the SVG
/// writer writes them: `name="value"`, value already escaped).
fn attribute<'a>(open: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = open.find(&key)? + key.len();
    Some(&open[at..at + open[at..].find('"')?])
}

/// The outline path data of every text node, in document order.
fn collect(g: &usvg::Group, out: &mut Vec<String>) {
    for n in g.children() {
        match n {
            usvg::Node::Text(t) => {
                let mut pen = Pen::default();
                outline(t.flattened(), &mut pen);
                out.push(pen.d);
            }
            usvg::Node::Group(g) => collect(g, out),
            _ => {}
        }
    }
}

/// Path data being written with relative commands, in tenths of a unit.
#[derive(Default)]
struct Pen {
    d: String,
    /// The current point.
    at: (i64, i64),
    /// The start of the current subpath (where `z` returns to).
    start: (i64, i64),
}

impl Pen {
    fn segment(&mut self, cmd: char, pts: &[(i64, i64)]) {
        self.d.push(cmd);
        for (k, q) in pts.iter().enumerate() {
            if k > 0 {
                self.d.push(' ');
            }
            let _ = write!(self.d, "{} {}", tenths(q.0 - self.at.0), tenths(q.1 - self.at.1));
        }
        self.at = *pts.last().unwrap_or(&self.at);
        if cmd == 'm' {
            self.start = self.at;
        }
    }
}

/// Every path under `g` in page units, to 0.1.
fn outline(g: &usvg::Group, pen: &mut Pen) {
    for n in g.children() {
        match n {
            usvg::Node::Path(p) => write_path(p.data(), p.abs_transform(), pen),
            usvg::Node::Group(g) => outline(g, pen),
            _ => {}
        }
    }
}

fn write_path(path: &Path, ts: resvg::tiny_skia::Transform, pen: &mut Pen) {
    let map = |p: Point| {
        let mut q = [p];
        ts.map_points(&mut q);
        ((q[0].x * 10.0).round() as i64, (q[0].y * 10.0).round() as i64)
    };
    for seg in path.segments() {
        match seg {
            PathSegment::MoveTo(p) => pen.segment('m', &[map(p)]),
            PathSegment::LineTo(p) => pen.segment('l', &[map(p)]),
            PathSegment::QuadTo(a, p) => pen.segment('q', &[map(a), map(p)]),
            PathSegment::CubicTo(a, b, p) => pen.segment('c', &[map(a), map(b), map(p)]),
            PathSegment::Close => {
                pen.d.push('z');
                pen.at = pen.start;
            }
        }
    }
}

/// A number in tenths written as a decimal (`-12` → `-1.2`).
fn tenths(v: i64) -> String {
    if v % 10 == 0 {
        format!("{}", v / 10)
    } else {
        format!("{}{}.{}", if v < 0 { "-" } else { "" }, v.abs() / 10, v.abs() % 10)
    }
}
