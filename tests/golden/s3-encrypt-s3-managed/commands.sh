#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# For the release astronomer in the namespace astronomer (chart 0.37.4).
# Run it with kubectl and helm pointed at the platform's cluster:
#   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)
# PLATFORM_CONFIG is the platform's full config file with the generated
# astronomer.registry block merged in. The images on the registry's volume are
# copied to the new storage by Kubernetes Jobs, in the steps below.
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
# context holds the release astronomer in the namespace astronomer (chart 0.37.4).
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
if [ "$installed" != astronomer-0.37.4 ]; then
    echo "commands.sh: these files are for astronomer-0.37.4, not $installed. Nothing was changed." >&2
    exit 1
fi

# 1. In AWS IAM, create a policy from iam-policy.json (the name
#    astronomer-registry-astronomer-astronomer, with the namespace and the release, is a
#    suggestion that keeps the planes of one account apart). Attach it to the IAM user
#    whose access keys the registry uses. Pasted into a shell, set
#    `here=path/to/the/files` first (commands.sh sets it to its own folder).
#      aws iam create-policy --policy-name astronomer-registry-astronomer-astronomer --policy-document "file://$here/iam-policy.json"

# 2. The copy runs in the cluster and cannot read config.yaml: give it the same keys in
#    the Secret astronomer-registry-migrate (delete it once the move is done). Create or
#    update the Secret astronomer-registry-migrate in the namespace astronomer, from the
#    keys typed at the prompts (never on a command line or in the shell history). The
#    registry reads them through extraEnv.
(umask 077; secret_dir="$(mktemp -d)"; trap 'rm -rf "$secret_dir"' EXIT; printf '%s: ' 'Access key ID' >&2; IFS= read -rs value || exit 1; echo >&2; printf '%s' "$value" > "$secret_dir/accesskey"; printf '%s: ' 'Secret access key' >&2; IFS= read -rs value || exit 1; echo >&2; printf '%s' "$value" > "$secret_dir/secretkey"; kubectl create secret generic astronomer-registry-migrate --from-file=accesskey="$secret_dir/accesskey" --from-file=secretkey="$secret_dir/secretkey" --namespace astronomer --dry-run=client -o yaml | kubectl apply -f -)

# 3. Copy the images from the registry's volume (claim data-astronomer-registry-0) to
#    the new storage while the registry still runs on it: the Job in migrate-job-1.yaml
#    runs on the registry's node and ends by comparing the number of files on the volume
#    with the objects in the store. The wait prints the Job's state each minute and
#    gives up after 6 hours (set `COPY_TIMEOUT` to other seconds). Pasted into a shell,
#    set `here=path/to/the/files` first (commands.sh sets it to its own folder).
kubectl delete job astronomer-registry-migrate-1 --namespace astronomer --ignore-not-found
kubectl apply -f "$here/migrate-job-1.yaml"
(limit="${COPY_TIMEOUT:-21600}"; start="$(date +%s)"; shown=-60; while state="$(kubectl get job astronomer-registry-migrate-1 --namespace astronomer -o jsonpath='{.status.conditions[?(@.status=="True")].type}')"; do case "$state" in *Complete*|*Failed*) break ;; esac; waited=$(($(date +%s) - start)); if [ "$waited" -ge "$limit" ]; then echo "job/astronomer-registry-migrate-1 has not finished after ${waited}s (COPY_TIMEOUT=$limit): it keeps running; see kubectl logs job/astronomer-registry-migrate-1 --namespace astronomer" >&2; exit 1; fi; if [ $((waited - shown)) -ge 60 ]; then echo "job/astronomer-registry-migrate-1: ${state:-running} after ${waited}s"; shown=$waited; fi; sleep 10; done; kubectl logs job/astronomer-registry-migrate-1 --namespace astronomer --tail=1; case "$state" in *Complete*) echo "job/astronomer-registry-migrate-1: Complete" ;; *) echo "job/astronomer-registry-migrate-1: ${state:-not found}; see kubectl logs job/astronomer-registry-migrate-1 --namespace astronomer" >&2; exit 1 ;; esac)

# 4. Merge config.yaml into the platform's config file: replace its astronomer.registry
#    block and keep everything else.

# 5. Apply the change: upgrade the release astronomer with the platform's config file,
#    pinned to chart 0.37.4 so that only the configuration changes. The astronomer Helm
#    repository is added if it is missing and its index updated first, so that Helm
#    finds that chart.
helm repo list 2>/dev/null | grep -q 'https://helm.astronomer.io' || helm repo add astronomer https://helm.astronomer.io
helm repo update astronomer
helm upgrade astronomer astronomer/astronomer -f "$config" --version 0.37.4 --namespace astronomer

# 6. Copy from the volume again: the upgrade kept the claim data-astronomer-registry-0
#    when the registry became a Deployment. It takes what was pushed between the first
#    copy and the upgrade. The Job in migrate-job-2.yaml fails if the store holds fewer
#    files than the volume. The wait prints the Job's state each minute and gives up
#    after 6 hours (set `COPY_TIMEOUT` to other seconds). Pasted into a shell, set
#    `here=path/to/the/files` first (commands.sh sets it to its own folder).
kubectl delete job astronomer-registry-migrate-2 --namespace astronomer --ignore-not-found
kubectl apply -f "$here/migrate-job-2.yaml"
(limit="${COPY_TIMEOUT:-21600}"; start="$(date +%s)"; shown=-60; while state="$(kubectl get job astronomer-registry-migrate-2 --namespace astronomer -o jsonpath='{.status.conditions[?(@.status=="True")].type}')"; do case "$state" in *Complete*|*Failed*) break ;; esac; waited=$(($(date +%s) - start)); if [ "$waited" -ge "$limit" ]; then echo "job/astronomer-registry-migrate-2 has not finished after ${waited}s (COPY_TIMEOUT=$limit): it keeps running; see kubectl logs job/astronomer-registry-migrate-2 --namespace astronomer" >&2; exit 1; fi; if [ $((waited - shown)) -ge 60 ]; then echo "job/astronomer-registry-migrate-2: ${state:-running} after ${waited}s"; shown=$waited; fi; sleep 10; done; kubectl logs job/astronomer-registry-migrate-2 --namespace astronomer --tail=1; case "$state" in *Complete*) echo "job/astronomer-registry-migrate-2: Complete" ;; *) echo "job/astronomer-registry-migrate-2: ${state:-not found}; see kubectl logs job/astronomer-registry-migrate-2 --namespace astronomer" >&2; exit 1 ;; esac)

# 7. Once the upgrade is done, check that the registry runs and reads the storage:
#    verify.sh waits for it, asks it for its API root and looks through its log. Pasted
#    into a shell, set `here=path/to/the/files` first (commands.sh sets it to its own
#    folder).
#      bash "$here/verify.sh"

# 8. Nothing was deleted: to go back, set persistence.enabled: true and the new
#    storage's enabled: false in the platform's config file and upgrade again; the
#    registry reads the volume as before. Once verify.sh passes and deployments pull
#    their images, the old volume may go with `kubectl delete pvc
#    data-astronomer-registry-0 --namespace astronomer`. Delete the copy's Secret too:
#    `kubectl delete secret astronomer-registry-migrate --namespace astronomer`.
