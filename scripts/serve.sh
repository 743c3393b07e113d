#!/usr/bin/env bash
# Installs whatever is missing (scripts/setup.sh), then builds and serves the
# app on http://127.0.0.1:8080 (offline copy: http://127.0.0.1:8080/offline.html).
#
# Release profile: the page you try is the page that ships (wasm-opt, the same
# policy, offline.html with the optimised WASM). Measured on 2 cores: first
# build about 40 s, a rebuild after an edit about 5-15 s, so a debug profile
# buys little. PROFILE=dev scripts/serve.sh serves a debug build anyway.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

bash scripts/setup.sh

release=(--release)
[ "${PROFILE:-release}" = "dev" ] && release=()
echo "serve: http://127.0.0.1:${PORT:-8080}/  (Ctrl-C to stop)"
# The dev server's pages carry Trunk's autoreload script: keep them out of
# dist/, which holds only what `trunk build --release` made and may be shipped.
exec trunk serve "${release[@]}" --offline --address 127.0.0.1 --port "${PORT:-8080}" --dist target/serve-dist
