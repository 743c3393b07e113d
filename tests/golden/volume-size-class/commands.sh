#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# For the release platform in the namespace astro-platform (chart 0.37.4).
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
# Prints five counts, comments ignored: top-level global: keys, baseDomain: values
# directly under them, top-level astronomer: keys, registry: keys directly under
# those, and astronomer.registry.persistence.enabled values that are true.
structure() {
    LC_ALL=C awk -v bom="$(printf '\357\273\277')" -v sq="'" -v backend=persistence '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    function unquote(s,    first) {
        first = substr(s, 1, 1)
        if (length(s) >= 2 && (first == "\"" || first == sq) && substr(s, length(s), 1) == first)
            s = substr(s, 2, length(s) - 2)
        return s
    }
    function present(v) { return v != "~" && v != "null" && v != "Null" && v != "NULL" && unquote(v) != "" }
    function truthy(v) { return v ~ /^(true|True|TRUE|yes|Yes|YES|on|On|ON|y|Y)$/ }
    function node(path, value) {
        if (path == "astronomer.registry") registries++
        if (value ~ /^\{/) flow(path, value)
        else if (path == "global.baseDomain" && present(value)) domains++
        else if (path == "astronomer.registry." backend ".enabled" && truthy(value)) blocks++
    }
    function pair(path, entry,    at) {
        at = index(entry, ":")
        if (at > 0) node(path "." unquote(trim(substr(entry, 1, at - 1))), trim(substr(entry, at + 1)))
    }
    function flow(path, text,    i, c, depth, quote, entry) {
        for (i = 1; i <= length(text); i++) {
            c = substr(text, i, 1)
            if (quote != "") { if (c == quote) quote = ""; entry = entry c; continue }
            if (c == "\"" || c == sq) quote = c
            if (c == "{" || c == "[") { depth++; if (depth == 1) continue }
            if (c == "}" || c == "]") { depth--; if (depth == 0) { pair(path, entry); return } }
            if (depth == 1 && c == ",") { pair(path, entry); entry = ""; continue }
            entry = entry c
        }
    }
    NR == 1 && index($0, bom) == 1 { $0 = substr($0, length(bom) + 1) }
    { sub(/\r$/, "") }
    /^[ \t]*(#|$)/ || /^(---|\.\.\.)([ \t]|$)/ { next }
    {
        match($0, /^ */)
        indent = RLENGTH
        text = substr($0, indent + 1)
        sub(/[ \t]#.*/, "", text)
        at = match(text, /:([ \t]|$)/)
        key = at ? unquote(trim(substr(text, 1, at - 1))) : text
        while (depth > 0 && indents[depth] >= indent) depth--
        depth++
        indents[depth] = indent
        keys[depth] = key
        path = keys[1]
        for (i = 2; i <= depth; i++) path = path "." keys[i]
        if (indent == 0 && key == "global") globals++
        if (indent == 0 && key == "astronomer") astronomers++
        if (at) node(path, trim(substr(text, at + 1)))
    }
    END { print globals + 0, domains + 0, astronomers + 0, registries + 0, blocks + 0 }
    '
}
read -r globals domains astronomers registries blocks < <(structure < "$config") || true
if [ "${globals:-0}" != 1 ] || [ "${domains:-0}" != 1 ]; then
    echo "commands.sh: $config needs exactly one top-level global: with a baseDomain: value directly under it (one in a comment does not count): pass the platform's full config file, not the generated block alone." >&2
    exit 1
fi
if [ "${astronomers:-0}" != 1 ] || [ "${registries:-0}" != 1 ] || [ "${blocks:-0}" != 1 ]; then
    echo "commands.sh: $config needs exactly one top-level astronomer: holding one registry: block with persistence: enabled: true, as generated: merge the block into the existing astronomer: key, replacing its registry: block, rather than adding a second one." >&2
    exit 1
fi

# The cluster and the release: stop before any change unless the current kube
# context holds the release platform in the namespace astro-platform (chart 0.37.4).
context="$(kubectl config current-context 2>/dev/null || true)"
if [ -z "$context" ]; then
    echo "commands.sh: kubectl has no current context: point it at the cluster of platform (kubectl config use-context NAME). Nothing was changed." >&2
    exit 1
fi
echo "commands.sh: kube context $context; looking for the release platform in the namespace astro-platform."
if ! releases="$(helm list --namespace astro-platform --filter '^platform$' --output json)"; then
    echo "commands.sh: helm list failed in the kube context $context: is it the cluster of platform? Nothing was changed." >&2
    exit 1
fi
installed="$(printf '%s\n' "$releases" | sed -n 's/.*"chart":"\([^"]*\)".*/\1/p')"
if [ -z "$installed" ]; then
    echo "commands.sh: no deployed release platform in the namespace astro-platform of the kube context $context: point kubectl at the cluster that runs it. Nothing was changed." >&2
    exit 1
fi
echo "commands.sh: the release platform in the namespace astro-platform runs $installed."
if [ "$installed" != astronomer-0.37.4 ]; then
    echo "commands.sh: these files are for astronomer-0.37.4, not $installed. Nothing was changed." >&2
    exit 1
fi

# 1. Kubernetes cannot change the volume claim of a running StatefulSet: if the registry
#    already runs on a volume of another size or class, the upgrade below fails with
#    "updates to statefulset spec ... are forbidden". Resize the existing claim instead
#    (`kubectl edit pvc`, when its StorageClass allows expansion).

# 2. Merge config.yaml into the platform's config file: replace its astronomer.registry
#    block and keep everything else.

# 3. Apply the change: upgrade the release platform with the platform's config file,
#    pinned to chart 0.37.4 so that only the configuration changes. The astronomer Helm
#    repository is added if it is missing and its index updated first, so that Helm
#    finds that chart.
helm repo list 2>/dev/null | grep -q 'https://helm.astronomer.io' || helm repo add astronomer https://helm.astronomer.io
helm repo update astronomer
helm upgrade platform astronomer/astronomer -f "$config" --version 0.37.4 --namespace astro-platform

# 4. Once the upgrade is done, check that the registry runs and reads the storage:
#    verify.sh waits for it, asks it for its API root and looks through its log. Pasted
#    into a shell, set `here=path/to/the/files` first (commands.sh sets it to its own
#    folder).
#      bash "$here/verify.sh"
