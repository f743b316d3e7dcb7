#!/usr/bin/env bash
# Builds and runs Tavolo with its embedded defaults (SQLite under ./data) and the demo data,
# serving the API and the web UI at http://localhost:8080 (TAVOLO_LISTEN changes the address).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node
ensure_web_packages
(cd web && npm run build)
cargo build --locked --release -p tavolo-server --bin tavolo
exec "$CARGO_TARGET_DIR/release/tavolo" serve --demo
