//! The one sanitiser for text taken from input and written where a person
//! or a program acts on it: the terminal (error messages, warnings and the
//! `units`, `stats` and `scenarios` listings) and CSV cells.
//!
//! Control characters and bidirectional controls would steer a terminal
//! (colours, cursor moves, titles) or reorder what a reader sees; a CSV cell
//! starting with `=`, `+`, `-`, `@`, tab or carriage return is run as a
//! formula by spreadsheets (OWASP, "CSV Injection"). Only text from input
//! passes through here: numbers the tool formats itself are left alone.

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
