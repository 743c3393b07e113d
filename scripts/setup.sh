#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing, at pinned
# versions. Idempotent: when everything is present it only checks (seconds).
#
#   wasm32-unknown-unknown target, clippy, rustfmt   (rustup)
#   trunk 0.21.14                                    (cargo install --locked)
#   wasm-bindgen-cli = the wasm-bindgen in Cargo.lock (cargo install)
#   binaryen (wasm-opt), esbuild, playwright-core,   (npm ci, package-lock.json)
#   azurite (a local Azure Blob Storage)
#   chromium, chromium-driver, shellcheck, kubectl,  (apt-get, only if missing)
#   unzip, curl, zsh, jq, docker-registry, PyYAML
#   moto[server], parliament, kubernetes-validate,   (pip, pinned, in .tools/venv: real-registry
#   awscli, azure-multiapi-storage, azure-core       tests, policy lint, Job schemas, the copies;
#                                                    the Azure SDK the Azure Jobs run, as the
#                                                    azure-cli 2.67.0 image bundles it)
#
# scripts/test.sh and scripts/serve.sh put "$CARGO_HOME/bin" and
# node_modules/.bin on PATH themselves; this script never edits shell profiles.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$ROOT/node_modules/.bin:$CARGO_BIN:$PATH"

say() { printf 'setup: %s\n' "$*"; }

# Root runs apt-get directly; anyone else goes through sudo when it exists.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "need root to run: $*" >&2
        return 1
    fi
}

# --- Debian packages -------------------------------------------------------
apt_missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
{ [ -x /usr/bin/chromedriver ] || have_pkg chromium-driver; } || apt_missing+=(chromium-driver)
command -v shellcheck >/dev/null 2>&1 || apt_missing+=(shellcheck)
command -v kubectl >/dev/null 2>&1 || apt_missing+=(kubernetes-client)
command -v unzip >/dev/null 2>&1 || apt_missing+=(unzip)
command -v curl >/dev/null 2>&1 || apt_missing+=(curl)
# zsh (the macOS default shell) and jq: commands.sh and its pasted steps are run
# under bash and zsh, and its KMS step merges the key policy with jq.
command -v zsh >/dev/null 2>&1 || apt_missing+=(zsh)
command -v jq >/dev/null 2>&1 || apt_missing+=(jq)
# Debian's build of the registry program (distribution 2.8.2) for the tests
# that start it on the generated settings.
command -v docker-registry >/dev/null 2>&1 || apt_missing+=(docker-registry)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_missing+=(nodejs npm)
fi

if [ "${#apt_missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${apt_missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
else
    say "Debian packages present (chromium, chromium-driver, shellcheck, kubectl, unzip, curl, zsh, jq, docker-registry, node)"
fi

# PyYAML for the python3 on PATH (the Rust tests call `python3 -c 'import yaml'`).
# pip serves a pyenv or venv python; Debian's python3-yaml only serves /usr/bin/python3.
if python3 -c 'import yaml' >/dev/null 2>&1; then
    say "PyYAML present"
else
    say "installing PyYAML 6.0.3"
    if ! python3 -m pip install --quiet --disable-pip-version-check 'pyyaml==6.0.3' 2>/dev/null; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
    fi
    python3 -c 'import yaml' || { say "PyYAML still missing for $(command -v python3)" >&2; exit 1; }
fi

# A local S3 API for the real-registry tests, in a venv of its own so the pin
# holds whatever else the machine's python has.
# The IAM policy linter checks every generated policy document.
MOTO_VERSION="5.2.5"
PARLIAMENT_VERSION="1.6.4"
KUBERNETES_VALIDATE_VERSION="1.37.0"
AWSCLI_VERSION="1.46.3"
# The Azure Jobs run the blob SDK that the azure-cli 2.67.0 image bundles for
# `az` (azure-multiapi-storage ~=1.3.0, 1.3.0 being the release before it),
# with the azure-core of that time.
AZURE_MULTIAPI_STORAGE_VERSION="1.3.0"
AZURE_CORE_VERSION="1.31.0"
VENV="$ROOT/.tools/venv"
PY_PINS=("moto[server]==$MOTO_VERSION" "parliament==$PARLIAMENT_VERSION" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" "awscli==$AWSCLI_VERSION"
    "azure-multiapi-storage==$AZURE_MULTIAPI_STORAGE_VERSION" "azure-core==$AZURE_CORE_VERSION")
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - "${PY_PINS[@]}" 2>/dev/null <<'PY'
import importlib.metadata as m, sys
for pin in sys.argv[1:]:
    name, version = pin.split("==")
    if m.version(name.split("[")[0]) != version:
        sys.exit(1)
PY
then
    say "python tools present: ${PY_PINS[*]}"
else
    say "installing into .tools/venv: ${PY_PINS[*]}"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PY_PINS[@]}"
fi

# --- Rust toolchain pieces -------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target present"
else
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
        say "adding rustup component $component"
        rustup component add "$component"
    fi
done

if trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
    say "trunk $TRUNK_VERSION present"
else
    say "installing trunk $TRUNK_VERSION (cargo install; about 10 minutes on 2 cores)"
    cargo install --quiet --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen that Cargo.lock resolved.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WBG_VERSION" ]; then
    say "could not read the wasm-bindgen version from Cargo.lock" >&2
    exit 1
fi
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WBG_VERSION"; then
    say "wasm-bindgen-cli $WBG_VERSION present"
else
    say "installing wasm-bindgen-cli $WBG_VERSION (cargo install; a few minutes)"
    # Not --locked: the CLI's own lock file pins crates that no longer build on
    # current rustc for some releases; the version itself is pinned.
    cargo install --quiet --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

# --- npm tools (wasm-opt from binaryen, esbuild, playwright-core, azurite) --
# node_modules is in sync when the stamp holds the hash of package-lock.json.
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
STAMP="node_modules/.setup-stamp"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$LOCK_HASH" ] \
    && [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/esbuild ] && [ -d node_modules/playwright-core ] \
    && [ -x node_modules/.bin/azurite-blob ]; then
    say "node_modules matches package-lock.json"
else
    say "npm ci (binaryen, esbuild, playwright-core, azurite; pinned in package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    printf '%s\n' "$LOCK_HASH" > "$STAMP"
fi

# --- final check -------------------------------------------------------------
wasm_opt_version="$(wasm-opt --version 2>/dev/null || true)"
case "$wasm_opt_version" in
    *"version 132"*) ;;
    *) say "wasm-opt on PATH is not binaryen 132: '$wasm_opt_version'" >&2; exit 1 ;;
esac
say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt 132, $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
