#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# For the release astronomer in the namespace astronomer (chart 0.37.0, to be upgraded
# to 1.2.0), which runs the control plane and a data plane.
# Run it with kubectl and helm pointed at the platform's cluster:
#   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)
# PLATFORM_CONFIG is the platform's full config file with the generated
# astronomer.registry block merged in. If this changes the storage backend,
# images already in the registry are not copied to the new storage.
#
# The upgrade from 0.37.0 to 1.2.0: what changes for the registry.
# - The registry program: Astronomer's registry 2.x becomes registry 3.1.1 (at 0.37.1).
#   The old registry (Astronomer's registry 2.x) names Azure blobs
#   `/docker/registry/v2/...` (with a leading slash); the new one (registry 3.1.1) reads
#   `docker/registry/v2/...` only. Without a copy, every image pushed before the upgrade
#   is gone: pulls answer MANIFEST_UNKNOWN, the catalog is empty, and Airflow pods that
#   restart cannot pull their image. What the files do: Before the upgrade, commands.sh
#   copies every blob to the name the new registry reads (a Job that never overwrites a
#   name and fails unless both sides count the same). The old names stay until verify.sh
#   passes; a clean-up step removes them after.
# - Azure needs a credentials type (at 0.37.1). Registry 3.x stops at start with
#   "invalid credentials type" when the config names none, and the chart writes none.
#   What the files do: config.yaml sets
#   REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE=shared_key through extraEnv.
# - Rewriting a blob that 2.x wrote fails (at 0.37.1). The new registry (registry 3.1.1)
#   answers 409 InvalidBlobType when it rewrites a blob that 2.x wrote (e.g. a tag
#   pushed again). Fixed upstream after 3.1.1. What the files do: The copy gives the new
#   names new blobs, which 3.x wrote as it expects; verify.sh names this error if it
#   appears in the log.
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
# those, and astronomer.registry.azure.enabled values that are true.
structure() {
    LC_ALL=C awk -v bom="$(printf '\357\273\277')" -v sq="'" -v backend=azure '
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
    echo "commands.sh: $config needs exactly one top-level astronomer: holding one registry: block with azure: enabled: true, as generated: merge the block into the existing astronomer: key, replacing its registry: block, rather than adding a second one." >&2
    exit 1
fi
# The generated files are read beside this script, wherever it is run from.
here="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"

# The cluster and the release: stop before any change unless the current kube
# context holds the release astronomer in the namespace astronomer (chart 0.37.0, to be
# upgraded to 1.2.0), which runs the control plane and a data plane.
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
if [ "$installed" != astronomer-0.37.0 ] && [ "$installed" != astronomer-1.2.0 ]; then
    echo "commands.sh: these files are for astronomer-0.37.0 (to upgrade from) or astronomer-1.2.0 (upgraded), not $installed. Nothing was changed." >&2
    exit 1
fi

# 1. Check that the container my-container-name exists in the storage account
#    mystorageaccount.

# 2. Create or update the Secret astronomer-registry-azure in the namespace astronomer,
#    from the keys typed at the prompts (never on a command line or in the shell
#    history). The registry reads them through extraEnv.
(umask 077; secret_dir="$(mktemp -d)"; trap 'rm -rf "$secret_dir"' EXIT; printf '%s: ' 'Storage account key' >&2; IFS= read -rs value || exit 1; echo >&2; printf '%s' "$value" > "$secret_dir/accountkey"; kubectl create secret generic astronomer-registry-azure --from-file=accountkey="$secret_dir/accountkey" --namespace astronomer --dry-run=client -o yaml | kubectl apply -f -)

# 3. Record what the registry holds now (one repository:tag line per tag, read from the
#    storage with your own Azure CLI (`az login`) login, under the names Astronomer's
#    registry 2.x reads) in registry-inventory.txt beside the files, so that verify.sh
#    can check that the upgraded registry still finds every image. Pasted into a shell,
#    set `here=path/to/the/files` first (commands.sh sets it to its own folder).
if az storage blob list --auth-mode login --account-name mystorageaccount --blob-endpoint https://mystorageaccount.blob.core.windows.net --container-name my-container-name --prefix /docker/registry/v2/repositories/ --num-results '*' --query '[].name' --output tsv | sed -n 's#^.*docker/registry/v2/repositories/\(.*\)/_manifests/tags/\([^/]*\)/current/link$#\1:\2#p' | LC_ALL=C sort -u > "$here/registry-inventory.txt"; then echo "Recorded $(wc -l < "$here/registry-inventory.txt") tags in registry-inventory.txt."; else rm -f "$here/registry-inventory.txt"; echo "commands.sh: could not list the images in the storage; verify.sh will not check them." >&2; fi

# 4. Copy every blob of the container to the name the new registry reads (`/docker/...`
#    to `docker/...`, in the container itself), before the upgrade: the Job in
#    azure-rename-upgrade.yaml never overwrites a name that exists, and fails unless
#    every old name has its new one. The old names stay, so the old release still reads
#    everything. The wait prints the Job's state each minute and gives up after 6 hours
#    (set `COPY_TIMEOUT` to other seconds). Pasted into a shell, set
#    `here=path/to/the/files` first (commands.sh sets it to its own folder).
kubectl delete job astronomer-registry-rename-upgrade --namespace astronomer --ignore-not-found
kubectl apply -f "$here/azure-rename-upgrade.yaml"
(limit="${COPY_TIMEOUT:-21600}"; start="$(date +%s)"; shown=-60; while state="$(kubectl get job astronomer-registry-rename-upgrade --namespace astronomer -o jsonpath='{.status.conditions[?(@.status=="True")].type}')"; do case "$state" in *Complete*|*Failed*) break ;; esac; waited=$(($(date +%s) - start)); if [ "$waited" -ge "$limit" ]; then echo "job/astronomer-registry-rename-upgrade has not finished after ${waited}s (COPY_TIMEOUT=$limit): it keeps running; see kubectl logs job/astronomer-registry-rename-upgrade --namespace astronomer" >&2; exit 1; fi; if [ $((waited - shown)) -ge 60 ]; then echo "job/astronomer-registry-rename-upgrade: ${state:-running} after ${waited}s"; shown=$waited; fi; sleep 10; done; kubectl logs job/astronomer-registry-rename-upgrade --namespace astronomer --tail=1; case "$state" in *Complete*) echo "job/astronomer-registry-rename-upgrade: Complete" ;; *) echo "job/astronomer-registry-rename-upgrade: ${state:-not found}; see kubectl logs job/astronomer-registry-rename-upgrade --namespace astronomer" >&2; exit 1 ;; esac)

# 5. Merge config.yaml into the platform's config file: replace its astronomer.registry
#    block and keep everything else.

# 6. Apply the change: upgrade the release astronomer with the platform's config file,
#    from chart 0.37.0 to chart 1.2.0, pinned to that version. The astronomer Helm
#    repository is added if it is missing and its index updated first, so that Helm
#    finds that chart.
helm repo list 2>/dev/null | grep -q 'https://helm.astronomer.io' || helm repo add astronomer https://helm.astronomer.io
helm repo update astronomer
helm upgrade astronomer astronomer/astronomer -f "$config" --version 1.2.0 --namespace astronomer

# 7. Once the upgrade is done, check that the registry runs and reads the storage:
#    verify.sh waits for it, asks it for its API root and looks through its log. Pasted
#    into a shell, set `here=path/to/the/files` first (commands.sh sets it to its own
#    folder).
#      bash "$here/verify.sh"

# 8. Only once verify.sh passes and deployments pull their images: remove the old
#    `/docker/...` names, which the new registry never reads or cleans up. The Job in
#    azure-rename-clean-up.yaml deletes nothing unless every old name has its new one.
#    Keep them instead while you may still go back. The wait prints the Job's state each
#    minute and gives up after 6 hours (set `COPY_TIMEOUT` to other seconds). Pasted
#    into a shell, set `here=path/to/the/files` first (commands.sh sets it to its own
#    folder).
#      kubectl delete job astronomer-registry-rename-clean-up --namespace astronomer --ignore-not-found
#      kubectl apply -f "$here/azure-rename-clean-up.yaml"
#      (limit="${COPY_TIMEOUT:-21600}"; start="$(date +%s)"; shown=-60; while state="$(kubectl get job astronomer-registry-rename-clean-up --namespace astronomer -o jsonpath='{.status.conditions[?(@.status=="True")].type}')"; do case "$state" in *Complete*|*Failed*) break ;; esac; waited=$(($(date +%s) - start)); if [ "$waited" -ge "$limit" ]; then echo "job/astronomer-registry-rename-clean-up has not finished after ${waited}s (COPY_TIMEOUT=$limit): it keeps running; see kubectl logs job/astronomer-registry-rename-clean-up --namespace astronomer" >&2; exit 1; fi; if [ $((waited - shown)) -ge 60 ]; then echo "job/astronomer-registry-rename-clean-up: ${state:-running} after ${waited}s"; shown=$waited; fi; sleep 10; done; kubectl logs job/astronomer-registry-rename-clean-up --namespace astronomer --tail=1; case "$state" in *Complete*) echo "job/astronomer-registry-rename-clean-up: Complete" ;; *) echo "job/astronomer-registry-rename-clean-up: ${state:-not found}; see kubectl logs job/astronomer-registry-rename-clean-up --namespace astronomer" >&2; exit 1 ;; esac)

# 9. If you go back to the old release: images pushed since the upgrade have only the
#    names the new registry writes. Before going back, the Job in
#    azure-rename-go-back.yaml copies them to the old names (never over a name that
#    exists), as the upgrade did the other way. Pasted into a shell, set
#    `here=path/to/the/files` first (commands.sh sets it to its own folder).
#      kubectl apply -f "$here/azure-rename-go-back.yaml"

# 10. To go back to 0.37.0: upgrade again with the config file you had before, pinned to
#     0.37.0 (`helm rollback` does the same). Images pushed since the upgrade are in the
#     storage the new release wrote; the old release reads them only where both name
#     them alike.
