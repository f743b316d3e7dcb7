//! Markdown to sanitized HTML: whatever a user writes comes out inert (no script, no event handlers, no javascript: links);
//! and to plain text, for search snippets.

use pulldown_cmark::{Event, Options, Parser, TagEnd, html};

pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

/// The text of Markdown without its markup (emphasis, headings, links' targets): what search indexes and shows.
pub fn to_plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_owned()
}

/// A standalone, printable HTML document from Markdown: minutes and strategy exports share its look.
pub fn printable_page(title: &str, markdown: &str) -> String {
    printable_html(title, tavolo_domain::Locale::It, &to_safe_html(markdown))
}

/// A standalone page around `body` (already safe HTML), styled for reading and printing.
pub(crate) fn printable_html(title: &str, lang: tavolo_domain::Locale, body: &str) -> String {
    let title = html_escape(title);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>body{{font-family:'Titillium Web',Geneva,Tahoma,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}}h1{{font-size:1.6rem}}h2{{font-size:1.25rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}@media print{{body{{margin:0}}}}</style></head>\n<body>\n{body}\n</body></html>\n"
    )
}

pub(crate) fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_drops_the_markup() {
        assert_eq!(
            super::to_plain_text(
                "# Titolo\n\nLa **mediazione** e [il sito](https://x.example).\n\n- uno\n- due"
            ),
            "Titolo\nLa mediazione e il sito.\nuno\ndue"
        );
    }

    use super::to_safe_html;

    #[test]
    fn script_and_handlers_come_out_inert() {
        let html = to_safe_html(
            "**Deciso** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
        );
        assert!(html.contains("<strong>Deciso</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("javascript:"));
    }
}
