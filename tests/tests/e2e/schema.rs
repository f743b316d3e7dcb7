//! The checked-in SDL is what the code generates: `tavolo export-schema` rewrites it.

#[test]
fn schema_file_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/schema.graphql");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == tavolo_graphql::export_sdl(),
        "schema/schema.graphql is out of date: run `cargo run -p tavolo-server -- export-schema`"
    );
}
