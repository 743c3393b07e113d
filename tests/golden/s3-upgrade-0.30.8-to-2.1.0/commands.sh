#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# For the release astronomer in the namespace astronomer (chart 0.30.8, to be upgraded
# to 2.1.0), which runs the control plane and a data plane.
# Run it with kubectl and helm pointed at the platform's cluster:
#   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)
# PLATFORM_CONFIG is the platform's full config file with the generated
# astronomer.registry block merged in. If this changes the storage backend,
# images already in the registry are not copied to the new storage.
#
# The upgrade from 0.30.8 to 2.1.0: what changes for the registry.
# - The registry program: registry 2.8.2 becomes registry 3.1.1 (at 0.37.1). Nothing
#   seen for the storage: the new registry reads the images the old one wrote, under the
#   same names. What the files do: Nothing to do for the names.
# - IRSA becomes possible (at 0.31.0). Nothing. What the files do: The form offers it
#   for this release.
# - EKS Pod Identity becomes possible (at 0.37.1). Nothing. What the files do: The form
#   offers it for this release.
# - Plane modes: the registry runs only in a data plane or a unified install (at 1.0.0).
#   In a control-plane release the registry block is ignored, and no registry runs
#   there. What the files do: The files are for a unified or data-plane release; the
#   form asks which one this is.
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
# those, and astronomer.registry.s3.enabled values that are true.
structure() {
    LC_ALL=C awk -v bom="$(printf '\357\273\277')" -v sq="'" -v backend=s3 '
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
    echo "commands.sh: $config needs exactly one top-level astronomer: holding one registry: block with s3: enabled: true, as generated: merge the block into the existing astronomer: key, replacing its registry: block, rather than adding a second one." >&2
    exit 1
fi
# The generated files are read beside this script, wherever it is run from.
here="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"

# The cluster and the release: stop before any change unless the current kube
# context holds the release astronomer in the namespace astronomer (chart 0.30.8, to be
# upgraded to 2.1.0), which runs the control plane and a data plane.
context="$(kubectl config current-context 2>/dev/null || true)"
if [ -z "$context" ]; then
    echo "commands.sh: kubectl has no current context: point it at the cluster of astronomer (kubectl config use-context NAME). Nothing was changed." >&2
    exit 1
fi
echo "commands.sh: kube context $context; looking for the release astronomer in the namespace astronomer."
if ! releases="$(helm list --namespace astronomer --filter '^astronomer$' --output json)"; then
    echo "commands.sh: helm list failed in the kube context $context: is it the cluster of astronomer? Nothing was changed." >&2
    exit 1
fi
installed="$(printf '%s\n' "$releases" | sed -n 's/.*"chart":"\([^"]*\)".*/\1/p')"
if [ -z "$installed" ]; then
    echo "commands.sh: no deployed release astronomer in the namespace astronomer of the kube context $context: point kubectl at the cluster that runs it. Nothing was changed." >&2
    exit 1
fi
echo "commands.sh: the release astronomer in the namespace astronomer runs $installed."
if [ "$installed" != astronomer-0.30.8 ] && [ "$installed" != astronomer-2.1.0 ]; then
    echo "commands.sh: these files are for astronomer-0.30.8 (to upgrade from) or astronomer-2.1.0 (upgraded), not $installed. Nothing was changed." >&2
    exit 1
fi

# 1. In AWS IAM, create a policy from iam-policy.json (the name
#    astronomer-registry-astronomer-astronomer, with the namespace and the release, is a
#    suggestion that keeps the planes of one account apart). Attach it to the IAM user
#    whose access keys the registry uses. Pasted into a shell, set
#    `here=path/to/the/files` first (commands.sh sets it to its own folder).
#      aws iam create-policy --policy-name astronomer-registry-astronomer-astronomer --policy-document "file://$here/iam-policy.json"

# 2. Record what the registry holds now (one repository:tag line per tag, read from the
#    storage with your own AWS CLI login, under the names registry 2.8.2 reads) in
#    registry-inventory.txt beside the files, so that verify.sh can check that the
#    upgraded registry still finds every image. Pasted into a shell, set
#    `here=path/to/the/files` first (commands.sh sets it to its own folder).
if aws s3api list-objects-v2 --bucket my-s3-bucket --prefix docker/registry/v2/repositories/ --query 'Contents[].Key' --output text | tr '\t' '\n' | sed -n 's#^.*docker/registry/v2/repositories/\(.*\)/_manifests/tags/\([^/]*\)/current/link$#\1:\2#p' | LC_ALL=C sort -u > "$here/registry-inventory.txt"; then echo "Recorded $(wc -l < "$here/registry-inventory.txt") tags in registry-inventory.txt."; else rm -f "$here/registry-inventory.txt"; echo "commands.sh: could not list the images in the storage; verify.sh will not check them." >&2; fi

# 3. Merge config.yaml into the platform's config file: replace its astronomer.registry
#    block and keep everything else.

# 4. Apply the change: upgrade the release astronomer with the platform's config file,
#    from chart 0.30.8 to chart 2.1.0, pinned to that version. The astronomer Helm
#    repository is added if it is missing and its index updated first, so that Helm
#    finds that chart.
helm repo list 2>/dev/null | grep -q 'https://helm.astronomer.io' || helm repo add astronomer https://helm.astronomer.io
helm repo update astronomer
helm upgrade astronomer astronomer/astronomer -f "$config" --version 2.1.0 --namespace astronomer

# 5. Once the upgrade is done, check that the registry runs and reads the storage:
#    verify.sh waits for it, asks it for its API root and looks through its log. Pasted
#    into a shell, set `here=path/to/the/files` first (commands.sh sets it to its own
#    folder).
#      bash "$here/verify.sh"

# 6. To go back to 0.30.8: upgrade again with the config file you had before, pinned to
#    0.30.8 (`helm rollback` does the same). Images pushed since the upgrade are in the
#    storage the new release wrote; the old release reads them only where both name them
#    alike.
