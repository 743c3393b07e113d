#!/usr/bin/env bash
# Installs whatever is missing (scripts/setup.sh), then runs every check:
#
#   cargo fmt --check
#   cargo clippy --lib -D warnings                   (native: the core, with clippy.toml's
#                                                     ban on I/O)
#   cargo clippy --all-targets -D warnings           (native: tests and main.rs, which
#                                                     do I/O by design)
#   cargo clippy --target wasm32-unknown-unknown     (the browser layers)
#   cargo test                                       (native: all core logic)
#   cargo test --features worker --test render ...   (the worker's build, without
#                                                     messages: the same files,
#                                                     import, lint, normalising)
#   trunk build --release --offline                  (dist/, offline.html)
#   node --test tests/e2e/*.test.mjs                 (headless Chromium)
#   node scripts/measure.mjs --sizes --enforce       (gzipped: what gates ready within 170 KB,
#                                                     everything loaded within 320 KB)
#   node scripts/measure.mjs --times                 (timings; report only)
#
# Every step runs even when an earlier one failed (except that the browser
# tests and the size budgets need the build); the script exits non-zero if any
# step failed. The sizes are the same on every build of the same source, so
# their budgets are enforced; the timings depend on the machine and are only
# reported.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_PROGRESS_WHEN=never

bash scripts/setup.sh || { echo "test: setup failed" >&2; exit 1; }

LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT
failed=()
passed_tests=0
failed_tests=0

# step NAME COMMAND...: runs a step, records a failure, never stops the script.
step() {
    local name="$1"
    shift
    printf '\n==> %s\n' "$name"
    local start=$SECONDS
    if "$@"; then
        printf '==> %s: ok (%ss)\n' "$name" "$((SECONDS - start))"
        return 0
    fi
    printf '==> %s: FAILED (%ss)\n' "$name" "$((SECONDS - start))"
    failed+=("$name")
    return 1
}

cargo_tests() {
    cargo test --quiet 2>&1 | tee "$LOGS/cargo-test.log"
}

trunk_build() {
    trunk --quiet build --release --offline
}

browser_tests() {
    shopt -s nullglob
    local files=(tests/e2e/*.test.mjs)
    shopt -u nullglob
    [ "${#files[@]}" -gt 0 ] || { echo "no browser tests found"; return 1; }
    node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" 2>&1 | tee "$LOGS/e2e.log"
}

# The worker's build (`--features worker`) leaves out every value's and
# field's message (`say!`): its files (the goldens), the import and its lint,
# and the normalised values and their notes must be what these tests expect of
# the page's build. (The diagnosis repeats the messages the page sends it:
# tools_wire.rs a_diagnosis_repeats_what_the_page_says_at_the_fields.)
worker_build_tests() {
    cargo test --quiet --features worker --no-fail-fast --test render --test render_yaml --test render_zip \
        --test import --test normalize --test session --test tools_wire 2>&1 | tee "$LOGS/cargo-test-worker.log"
}

step "cargo fmt --check" cargo fmt --check
# The core is what `--lib` compiles natively (ui/ and web/ are wasm32 only):
# there clippy.toml's disallowed methods, types and macros (file system,
# environment, network, processes, std::io, printing) are errors.
step "cargo clippy (native core: no I/O)" cargo clippy --quiet --lib -- -D warnings
step "cargo clippy (native, all targets)" cargo clippy --quiet --all-targets -- -D warnings \
    -A clippy::disallowed_methods -A clippy::disallowed_types -A clippy::disallowed_macros
step "cargo clippy (wasm32)" cargo clippy --quiet --target wasm32-unknown-unknown -- -D warnings
step "cargo test" cargo_tests
step "cargo test --features worker (the worker's build: files, import, tools)" worker_build_tests
if step "trunk build --release --offline" trunk_build; then
    step "browser tests (headless Chromium)" browser_tests
    step "size budgets (gzipped: ready ≤ 170 KB, everything loaded ≤ 320 KB)" node scripts/measure.mjs --sizes --enforce
    printf '\n==> speed report (report only)\n'
    node scripts/measure.mjs --times || echo "measure: could not measure"
else
    failed+=("browser tests (skipped: no build)" "size budgets (skipped: no build)")
fi

# One closing line over every test run: cargo's "N passed; M failed" per test
# binary plus node's "pass N" / "fail M".
for log in "$LOGS/cargo-test.log" "$LOGS/cargo-test-worker.log"; do
    [ -f "$log" ] || continue
    read -r p f < <(awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { print p+0, f+0 }' "$log")
    passed_tests=$((passed_tests + p))
    failed_tests=$((failed_tests + f))
done
if [ -f "$LOGS/e2e.log" ]; then
    p=$(awk '$1 == "ℹ" && $2 == "pass" { n = $3 } END { print n+0 }' "$LOGS/e2e.log")
    f=$(awk '$1 == "ℹ" && $2 == "fail" { n = $3 } END { print n+0 }' "$LOGS/e2e.log")
    passed_tests=$((passed_tests + p))
    failed_tests=$((failed_tests + f))
fi

echo
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'FAILED steps:\n'
    printf '  - %s\n' "${failed[@]}"
else
    echo "all steps passed"
fi
echo "tests: ${passed_tests} passed, ${failed_tests} failed"
[ "${#failed[@]}" -eq 0 ]
