//! Scene → SVG text. The only module that writes XML, so the only one that
//! escapes: every string from the user's data passes through [`escape`],
//! and every number through [`num`].

use std::fmt::Write;

use crate::scene::{Anchor, Paint, Scene, Shape, Text, style};

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML cannot carry are dropped rather than written
            // (the loaders refuse them in names and texts, with the place).
            c if !crate::sanitize::xml_allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a number with at most one decimal, without a trailing `.0`
/// and without `-0`: the single number format of the SVG.
pub fn num(v: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// Appends [`num`]'s text for `v` to `out`, from the whole tenths: the
/// same text as formatting the value rounded to tenths, without the float
/// formatter and a string per number (a path's numbers were most of the
/// time of writing an SVG). Values that are not finite or too large for
/// exact tenths take the formatter's way.
fn push_num(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        let r = tenths / 10.0;
        let r = if r == 0.0 { 0.0 } else { r };
        let _ = if r.fract() == 0.0 {
            write!(out, "{}", r as i64)
        } else {
            write!(out, "{r:.1}")
        };
        return;
    }
    let t = tenths as i64;
    if t < 0 {
        out.push('-');
    }
    let (whole, tenth) = (t.unsigned_abs() / 10, t.unsigned_abs() % 10);
    let _ = write!(out, "{whole}");
    if tenth != 0 {
        out.push('.');
        out.push(char::from(b'0' + tenth as u8));
    }
}

/// An opacity with two decimals at most (`0.35`).
fn num2(v: f64) -> String {
    let s = format!("{:.2}", v.clamp(0.0, 1.0));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn path_data(shape: &Shape) -> String {
    let mut d = String::new();
    for part in &shape.parts {
        let Some(&(x0, y0)) = part.first() else { continue };
        d.push('M');
        push_num(&mut d, x0);
        d.push(' ');
        push_num(&mut d, y0);
        let (mut px, mut py) = (x0, y0);
        for &(x, y) in &part[1..] {
            // Relative moves are shorter; points sit on a 0.5 grid, so the
            // differences are exact.
            d.push('l');
            push_num(&mut d, x - px);
            d.push(' ');
            push_num(&mut d, y - py);
            (px, py) = (x, y);
        }
        if shape.closed {
            d.push('z');
        }
    }
    d
}

fn paint(p: &Paint) -> String {
    match p {
        Paint::Colour(c) => escape(c),
    }
}

fn write_shape(out: &mut String, s: &Shape) {
    let d = path_data(s);
    if d.is_empty() {
        return;
    }
    let _ = write!(out, "<path class=\"{}\" d=\"{d}\"", escape(&s.class));
    match &s.fill {
        Some(f) => {
            let _ = write!(out, " fill=\"{}\"", paint(f));
            if s.closed {
                out.push_str(" fill-rule=\"evenodd\"");
            }
            if s.fill_opacity < 1.0 {
                let _ = write!(out, " fill-opacity=\"{}\"", num2(s.fill_opacity));
            }
        }
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(st) = &s.stroke {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
            escape(&st.colour),
            num(st.width)
        );
        if st.butt {
            // Butt is SVG's initial line cap: nothing to write.
        } else if st.dash.is_empty() {
            out.push_str(" stroke-linecap=\"round\"");
        } else {
            let dash: Vec<String> = st.dash.iter().map(|v| num(*v)).collect();
            let _ = write!(out, " stroke-dasharray=\"{}\"", dash.join(" "));
        }
        if st.opacity < 1.0 {
            let _ = write!(out, " stroke-opacity=\"{}\"", num(st.opacity));
        }
    }
    out.push_str("/>\n");
}

/// A text; one with a halo is two texts at the same place: the halo (the
/// text stroked and filled in the halo colour, hidden from screen readers)
/// and the label on top. No `paint-order`, which some engines ignore.
fn write_text(out: &mut String, t: &Text) {
    if let Some((colour, width)) = &t.halo {
        let c = escape(colour);
        text_element(
            out,
            t,
            &format!("{} cm-halo", t.class),
            &format!(
                "{c}\" stroke=\"{c}\" stroke-width=\"{}\" stroke-linejoin=\"round\" aria-hidden=\"true",
                num(*width)
            ),
        );
    }
    text_element(out, t, &t.class, &escape(&t.colour));
}

/// One `<text>` of `t` with `class`; `fill` is written as the fill's value
/// and may carry further attributes (already escaped).
fn text_element(out: &mut String, t: &Text, class: &str, fill: &str) {
    let anchor = match t.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let _ = write!(
        out,
        "<text class=\"{}\" x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\"",
        escape(class),
        num(t.x),
        num(t.y),
        num(t.size),
    );
    if t.anchor != Anchor::Start {
        let _ = write!(out, " text-anchor=\"{anchor}\"");
    }
    if t.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    if t.italic {
        out.push_str(" font-style=\"italic\"");
    }
    if t.letter_spacing != 0.0 {
        let _ = write!(out, " letter-spacing=\"{}\"", num(t.letter_spacing));
    }
    let _ = writeln!(out, ">{}</text>", escape(&t.text));
}

/// The root's text properties: each inheritable one a page could set.
/// `text-transform` and `text-shadow` are CSS only, hence the style.
const TEXT_RESET: &str = "font-style=\"normal\" font-weight=\"normal\" font-variant=\"normal\" font-stretch=\"normal\" font-size-adjust=\"none\" letter-spacing=\"normal\" word-spacing=\"normal\" text-decoration=\"none\" direction=\"ltr\" writing-mode=\"lr-tb\" style=\"text-transform:none;text-shadow:none;font-kerning:auto;font-feature-settings:normal;line-height:normal;white-space:normal\"";

/// Serializes a scene.
pub fn write(scene: &Scene) -> String {
    let p = escape(&scene.id_prefix);
    let mut out = String::with_capacity(200_000);
    // No width or height: the map fills its container's width at the
    // viewBox's aspect ratio, in every engine (an <img>, inline, <object>).
    // Every inheritable text property is set on the root, so a page's CSS
    // cannot restyle the labels by inheritance.
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{p}title {p}desc\" font-family=\"{}\" {TEXT_RESET}>",
        style::FONT_FAMILY,
        w = num(scene.width),
        h = num(scene.height),
    );
    let _ = writeln!(out, "<title id=\"{p}title\">{}</title>", escape(&scene.title));
    let _ = writeln!(out, "<desc id=\"{p}desc\">{}</desc>", escape(&scene.description));
    let _ = writeln!(
        out,
        "<rect class=\"cm-page\" width=\"100%\" height=\"100%\" fill=\"{}\"/>",
        escape(&scene.background)
    );
    for l in &scene.layers {
        let _ = writeln!(out, "<g id=\"{p}{}\">", escape(&l.id));
        for s in &l.shapes {
            write_shape(&mut out, s);
        }
        for t in &l.texts {
            write_text(&mut out, t);
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(escape("<b>\"&'\u{1}x"), "&lt;b&gt;&quot;&amp;&apos;x");
        assert_eq!(escape("W\u{ffff}e\u{fdd0}s\u{fffe}t"), "West");
    }

    #[test]
    fn formats_numbers_one_way() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-2.5), "-2.5");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(f64::NAN), "NaN");
    }

    #[test]
    fn numbers_from_tenths_are_the_formatter_s_numbers() {
        // The text the writer had before it built numbers from tenths.
        let formatted = |v: f64| {
            let r = (v * 10.0).round() / 10.0;
            let r = if r == 0.0 { 0.0 } else { r };
            if r.fract() == 0.0 {
                format!("{}", r as i64)
            } else {
                format!("{r:.1}")
            }
        };
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let bits = next();
            let scale = [1.0, 10.0, 1e3, 1e6, 1e12][(bits % 5) as usize];
            let v = ((bits >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 2.0 * scale;
            assert_eq!(num(v), formatted(v), "{v:?}");
            let half = (v * 2.0).round() / 2.0;
            assert_eq!(num(half), formatted(half), "{half:?}");
        }
        for v in [
            0.05,
            -0.05,
            0.15,
            0.25,
            0.35,
            1e14 + 0.05,
            -0.0,
            4503599627370495.5,
            1e300,
            f64::INFINITY,
        ] {
            assert_eq!(num(v), formatted(v), "{v:?}");
        }
    }
}
