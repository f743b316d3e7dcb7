#!/usr/bin/env bash
# Measures and fuzzes: the load benchmark (a large dataset on SQLite and on PostgreSQL, driven by wrk, beside
# PostGraphile on the same PostgreSQL database and a minimal axum + async-graphql ceiling), the mail,
# calendar-answer and search benchmarks, then each cargo-fuzz target for a bounded time (FUZZ_SECONDS, 60 by
# default). Arguments go to the load benchmark (e.g. --small, --per-operation, --hold).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_postgres
ensure_python_tools
ensure_imap_server
command -v wrk >/dev/null || apt_install wrk
ensure_node
ensure_npm_packages bench/postgraphile

echo "== load, mail and search benchmarks"
cargo build --locked --release -p tavolo-server -p tavolo-tests --bins
"$CARGO_TARGET_DIR/release/bench-load" "$@"
"$CARGO_TARGET_DIR/release/bench-mail"
"$CARGO_TARGET_DIR/release/bench-replies"
"$CARGO_TARGET_DIR/release/bench-live"
"$CARGO_TARGET_DIR/release/bench-search"

echo "== page load in Chromium"
ensure_browser
ensure_web_packages
(cd web && npm run build)
cargo build --locked --release -p tavolo-server --bin tavolo
TAVOLO_BIN="$CARGO_TARGET_DIR/release/tavolo" npm --prefix web run bench:pages

echo "== fuzzing (${FUZZ_SECONDS:-60} s per target)"
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "cargo fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 1
fi
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cd fuzz
for target in markdown calendar search_query; do
  cargo +nightly fuzz run -O "$target" -- -max_total_time="${FUZZ_SECONDS:-60}"
done
