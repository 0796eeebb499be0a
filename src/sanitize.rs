//! The one sanitiser for text taken from input and written where a person
//! or a program acts on it: the terminal (error messages, warnings and the
//! `units`, `stats` and `scenarios` listings), CSV cells, and the
//! characters SVG and HTML (XML) can carry at all.
//!
//! Control characters and bidirectional controls would steer a terminal
//! (colours, cursor moves, titles) or reorder what a reader sees; a CSV cell
//! starting with `=`, `+`, `-`, `@`, tab or carriage return is run as a
//! formula by spreadsheets (OWASP, "CSV Injection"). Only text from input
//! passes through here: numbers the tool formats itself are left alone.

/// True for a character XML 1.0 (and so SVG) can carry and parsers
/// accept everywhere: not a C0 control other than tab, newline and
/// carriage return, not U+FFFE or U+FFFF, and not one of the other
/// Unicode noncharacters (U+FDD0–U+FDEF, and the last two code points of
/// every plane), which XML discourages and some readers refuse.
pub fn xml_allowed(c: char) -> bool {
    let n = c as u32;
    let control = n < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    let nonchar = (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE;
    !control && !nonchar
}

/// The first character of `s` that XML cannot carry (see [`xml_allowed`]),
/// named as `U+XXXX` for a message.
pub fn first_not_xml(s: &str) -> Option<String> {
    s.chars()
        .find(|&c| !xml_allowed(c))
        .map(|c| format!("U+{:04X}", c as u32))
}

/// The first Unicode noncharacter of `s` (U+FFFE, U+FFFF, U+FDD0–U+FDEF
/// and the last two of every plane), named as `U+XXXX`. Control
/// characters are not counted: messages and listings replace them and
/// the SVG writer drops them.
pub fn first_noncharacter(s: &str) -> Option<String> {
    s.chars()
        .find(|&c| !c.is_control() && !xml_allowed(c))
        .map(|c| format!("U+{:04X}", c as u32))
}

/// Replaces control characters (except newline) and bidi controls with `?`.
pub fn terminal(s: &str) -> String {
    s.chars()
        .map(|c| {
            let bidi =
                matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
            if (c.is_control() && c != '\n') || bidi { '?' } else { c }
        })
        .collect()
}

/// [`terminal`] for one cell of a table: a newline is replaced too, so a
/// name cannot forge a row.
pub fn terminal_cell(s: &str) -> String {
    terminal(s).replace('\n', "?")
}

/// True when a spreadsheet would treat a cell starting like `s` as a formula.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A CSV cell holding text from input: a leading formula character is
/// neutralised with a single quote (and the cell quoted), control
/// characters are replaced as for the terminal, and the cell is quoted when
/// it holds a comma, a quote or a newline.
pub fn csv_text(s: &str) -> String {
    let formula = looks_like_formula(s);
    let text = terminal(s);
    if formula {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_escapes_and_bidi() {
        assert_eq!(terminal("a\u{1b}[31mb\u{202E}c\nd"), "a?[31mb?c\nd");
        assert_eq!(terminal_cell("a\nb\u{9b}c"), "a?b?c");
    }

    #[test]
    fn finds_what_xml_cannot_carry() {
        for bad in [
            '\u{0}',
            '\u{1}',
            '\u{b}',
            '\u{1f}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{fdd0}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(!xml_allowed(bad), "{:X}", bad as u32);
        }
        for good in [
            '\t',
            '\n',
            '\r',
            ' ',
            'é',
            'Д',
            '\u{fffd}',
            '\u{fdcf}',
            '\u{1f600}',
            '\u{202e}',
        ] {
            assert!(xml_allowed(good), "{:X}", good as u32);
        }
        assert_eq!(first_not_xml("We\u{ffff}st\u{1}").as_deref(), Some("U+FFFF"));
        assert_eq!(first_not_xml("a\u{8}b").as_deref(), Some("U+0008"));
        assert_eq!(first_not_xml("West"), None);
    }

    #[test]
    fn neutralises_formulas_in_csv_text() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("+1"), "\"'+1\"");
        assert_eq!(csv_text("-2+3"), "\"'-2+3\"");
        assert_eq!(csv_text("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_text("\t=1"), "\"'?=1\"");
        assert_eq!(csv_text("\r=1"), "\"'?=1\"");
        assert_eq!(csv_text("Donetsk"), "Donetsk");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("a\u{1b}[2Jb"), "a?[2Jb");
        assert_eq!(csv_text("T-1 = x"), "T-1 = x");
    }
}
