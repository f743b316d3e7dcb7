//! Markdown from users (minutes notes, practice descriptions) rendered to HTML: never panics, and what comes out
//! carries no script, event handler or javascript: link whatever went in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tavolo_service::markdown::{printable_page, to_plain_text, to_safe_html};

/// Whether any tag in `html` carries an event handler or a javascript: URL. Text is escaped by the renderer, so
/// every `<` opens a real tag.
fn dangerous_tag(html: &str) -> Option<&str> {
    html.split('<').skip(1).filter_map(|rest| rest.split('>').next()).find(|tag| {
        let tag = tag.to_ascii_lowercase();
        tag.starts_with("script")
            || tag.starts_with("iframe")
            || tag.contains("javascript:")
            || tag.split_whitespace().skip(1).any(|attribute| attribute.starts_with("on"))
    })
}

fuzz_target!(|text: &str| {
    let html = to_safe_html(text);
    assert_eq!(dangerous_tag(&html), None, "{html}");
    let page = printable_page(text, text);
    assert_eq!(dangerous_tag(&page), None, "{page}");
    let _ = to_plain_text(text);
});
