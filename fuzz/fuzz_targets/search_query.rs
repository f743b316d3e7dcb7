//! Search queries as users type them: checking, splitting into clauses with synonyms and running them against the
//! embedded engine never panics; a refused query is a validation error, not a crash.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tavolo_search::{Readers, SearchEngine, SearchRequest, Synonyms, TantivyEngine};

fn engine() -> &'static TantivyEngine {
    static ENGINE: OnceLock<TantivyEngine> = OnceLock::new();
    ENGINE.get_or_init(|| TantivyEngine::in_memory().expect("an index in memory"))
}

fuzz_target!(|text: &str| {
    let _ = Synonyms::default().clauses(text);
    let request = SearchRequest::new(text, Readers::Tokens(vec!["public".into()]));
    if request.check().is_err() {
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    let _ = runtime.block_on(engine().search(request));
});
