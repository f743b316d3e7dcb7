//! CSV cells for the exports people open in a spreadsheet: quoted, and never read as a formula.

/// One quoted cell. A text starting with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula in
/// Excel or LibreOffice (OWASP's CSV injection), so it gets a leading apostrophe, which spreadsheets show as text.
pub(crate) fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// A figure with two decimals: a decimal comma for Italian spreadsheets, a point otherwise.
pub(crate) fn decimal(value: f64, italian: bool) -> String {
    let text = format!("{value:.2}");
    if italian {
        text.replace('.', ",")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn decimals_follow_the_reader() {
        assert_eq!(super::decimal(7.5, true), "7,50");
        assert_eq!(super::decimal(7.5, false), "7.50");
    }

    #[test]
    fn formulas_stay_text_and_quotes_double() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("-1+2"), "\"'-1+2\"");
        assert_eq!(cell("Sala \"Rossa\""), "\"Sala \"\"Rossa\"\"\"");
        assert_eq!(cell("Grosseto"), "\"Grosseto\"");
    }
}
