//! Snippets with the matched words in `<mark>`, computed from the stored text with the index's own analyzer, so
//! that words found through a typo or a prefix are marked too.

use std::time::{Duration, Instant};

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// What a query matches: analyzed terms (each once, however often the query repeats it), how many typos each
/// allows, and whether the last one is a prefix; and until when marking matches is worth the time.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    terms: Vec<(String, u8)>,
    prefixes: Vec<String>,
    /// Past this instant snippets are cut without marks: one search never spends more on highlighting.
    pub deadline: Option<Instant>,
}

/// How long one search may spend marking matches in its snippets.
pub(crate) const SNIPPET_BUDGET: Duration = Duration::from_millis(200);
/// How much of a document's text is scanned for the first match.
const SNIPPET_SCAN_BYTES: usize = 20_000;

/// Allowed typos by length: none for short words, one from five letters, two from nine.
pub(crate) fn typos_for(term: &str) -> u8 {
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn levenshtein_within(a: &str, b: &str, limit: u8) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit as usize {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()] <= limit as usize
}

impl Matcher {
    pub(crate) fn add_term(&mut self, term: &str, prefix: bool) {
        if !self.terms.iter().any(|(t, _)| t == term) {
            self.terms.push((term.to_owned(), typos_for(term)));
        }
        if prefix && !self.prefixes.iter().any(|p| p == term) {
            self.prefixes.push(term.to_owned());
        }
    }

    fn out_of_time(&self) -> bool {
        self.deadline
            .is_some_and(|deadline| Instant::now() > deadline)
    }

    fn matches(&self, token: &str) -> bool {
        self.terms.iter().any(|(term, typos)| {
            term == token || (*typos > 0 && levenshtein_within(term, token, *typos))
        }) || self.prefixes.iter().any(|p| token.starts_with(p.as_str()))
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const SNIPPET_CHARS: usize = 220;

/// About 220 characters of `text` around its first match, escaped, matches in `<mark>`; the start of the text
/// when nothing matches.
pub(crate) fn snippet(analyzer: &mut TextAnalyzer, text: &str, matcher: &Matcher) -> String {
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let scanned = match text.char_indices().find(|(i, _)| *i >= SNIPPET_SCAN_BYTES) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let mut stream = analyzer.token_stream(if matcher.out_of_time() { "" } else { scanned });
    while stream.advance() {
        let token = stream.token();
        if matcher.matches(&token.text) {
            marks.push((token.offset_from, token.offset_to));
        }
    }
    let start = marks.first().map_or(0, |(from, _)| {
        let back = text[..*from]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        text[back..*from]
            .find(' ')
            .map_or(back, |space| back + space + 1)
            .min(*from)
    });
    let end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| start + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for (from, to) in marks.into_iter().filter(|(f, t)| *f >= start && *t <= end) {
        out.push_str(&escape(&text[at..from]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[from..to]));
        out.push_str("</mark>");
        at = to;
    }
    out.push_str(&escape(&text[at..end]));
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Matcher, levenshtein_within};

    #[test]
    fn repeated_words_are_matched_once() {
        let mut matcher = Matcher::default();
        for _ in 0..100 {
            matcher.add_term("casa", false);
        }
        matcher.add_term("casa", true);
        assert_eq!(matcher.terms.len(), 1);
        assert_eq!(matcher.prefixes.len(), 1);
    }

    #[test]
    fn typos_are_counted_as_edits() {
        assert!(levenshtein_within("sportell", "sportell", 0));
        assert!(levenshtein_within("sportell", "sporttell", 1));
        assert!(!levenshtein_within("sportell", "spartall", 1));
    }
}
