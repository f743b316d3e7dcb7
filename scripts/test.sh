#!/usr/bin/env bash
# Runs every test Tavolo has: formatting, lints, the Rust tests on SQLite and on a throwaway
# PostgreSQL (mail against a real SMTP server, calendar answers read from a real IMAP server, calendars checked by an independent parser), the web build (types generated from schema/schema.graphql) and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node
ensure_browser
ensure_postgres
ensure_python_tools
ensure_imap_server
ensure_web_packages

echo "== formatting and lints"
cargo fmt --all --check
cargo clippy --locked --all-targets -- -D warnings

echo "== Rust tests (SQLite and PostgreSQL)"
cargo test --locked --workspace

echo "== web build"
(cd web && npm run build)

echo "== browser tests"
cargo build --locked -p tavolo-server --bin tavolo
TAVOLO_BIN="$CARGO_TARGET_DIR/debug/tavolo" npm --prefix web run test:browser
