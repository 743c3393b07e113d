#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# Run it with kubectl and helm pointed at the platform's cluster:
#   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)
# PLATFORM_CONFIG is the platform's full config file with the generated
# astronomer.registry block merged in. If this changes the storage backend,
# images already in the registry are not copied to the new storage.
set -euo pipefail

# Upgrading with the generated block alone would drop every other platform setting
# (without global.baseDomain the chart does not even render the registry), and a
# second top-level astronomer: or global: key silently replaces the first. Stop
# before changing anything unless the file is the platform's full config file with
# the generated block merged into its astronomer: key.
config="${1:-config.yaml}"
if [ ! -f "$config" ]; then
    echo "commands.sh: no file $config: pass the platform's config file (bash commands.sh PATH)." >&2
    exit 1
fi
bom="$(printf '\357\273\277')"
count() { LC_ALL=C grep -c -e "$1" -- "$config" || true; }
top() { count "^\(${bom}\)\{0,1\}$1:"; }
if [ "$(top global)" != 1 ] || [ "$(count 'baseDomain:')" = 0 ]; then
    echo "commands.sh: $config needs exactly one top-level global: with a baseDomain: pass the platform's full config file, not the generated block alone." >&2
    exit 1
fi
if [ "$(top astronomer)" != 1 ] || [ "$(count '^ *registry:')" = 0 ] || [ "$(count '^ *persistence:')" = 0 ]; then
    echo "commands.sh: $config needs exactly one top-level astronomer: holding the generated registry: block: merge the block into the existing astronomer: key rather than adding a second one." >&2
    exit 1
fi

# 1. Merge config.yaml into the platform's config file: replace its astronomer.registry
#    block and keep everything else.

# 2. Apply the change: upgrade the release astronomer with the platform's config file,
#    pinned to chart 0.37.4 so that only the configuration changes. It needs the
#    astronomer Helm repository (`helm repo add astronomer https://helm.astronomer.io`).
helm upgrade astronomer astronomer/astronomer -f "$config" --version 0.37.4 --namespace astronomer
