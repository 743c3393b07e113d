#!/usr/bin/env bash
# Checks that the registry of the Astronomer platform runs and reads its storage,
# after `bash commands.sh`. Run it with kubectl pointed at the platform's cluster.
# For the release astronomer in the namespace astronomer (chart 0.37.0, to be upgraded
# to 1.2.0), which runs the control plane and a data plane.
set -euo pipefail

namespace=astronomer
registry=astronomer-registry

echo "Waiting for $registry to roll out..."
if ! kubectl rollout status deployment/"$registry" --namespace "$namespace" --timeout=300s; then
    echo "verify.sh: the registry did not become ready. Look at:" >&2
    echo "  kubectl describe deployment/$registry --namespace $namespace" >&2
    echo "  kubectl logs deployment/$registry --namespace $namespace" >&2
    exit 1
fi

# Ask the registry for its API root through a port-forward: 200 or 401 (it
# wants a token) means it answers; its storage health check makes it 503.
port=15000
kubectl port-forward "svc/$registry" "$port:5000" --namespace "$namespace" >/dev/null 2>&1 &
forward=$!
trap 'kill "$forward" 2>/dev/null || true' EXIT
status=000
for _ in $(seq 1 30); do
    status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)"
    [ "$status" != 000 ] && break
    sleep 1
done

log="$(kubectl logs deployment/"$registry" --namespace "$namespace" --tail=500 2>&1 || true)"
# The registry's info and debug lines only echo names.
log="$(printf '%s\n' "$log" | grep -viE 'level=(info|debug|trace) |"level":"(info|debug|trace)"' || true)"
problems=0

# match TEXT...: the log's lines that hold every TEXT (case ignored).
match() {
    lines="$log"
    for text in "$@"; do
        lines="$(printf '%s\n' "$lines" | grep -iF -- "$text" || true)"
    done
    if [ -n "$lines" ]; then printf '%s\n' "$lines"; fi
}
# known ID WHAT WHY FIX: when $hits holds lines, says what they mean and
# takes them out of the log (a line belongs to the first mode it shows).
known() {
    if [ -z "$hits" ]; then return 0; fi
    echo "verify.sh: the registry's log shows a known problem ($1):" >&2
    printf '%s\n' "$hits" | head -n 3 | sed 's/^/  | /' >&2 || true
    echo "  What happened: $2" >&2
    echo "  Why: $3" >&2
    echo "  Fix: $4" >&2
    log="$(printf '%s\n' "$log" | grep -vxF -e "$hits" || true)"
    problems=1
}

# The failure modes (the page's "What did the registry say?" reads the same table).
hits="$(match 'invalid credentials type')"
known azure-credentials-type 'The registry stopped at start: registry 3.x needs an Azure credentials type.' 'Registry 3.x (chart 0.37.1 on) reads credentials.type, which the chart'\''s Azure template never writes.' 'Apply config.yaml from this page with your release'\''s chart version: from 0.37.1 on it sets REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE=shared_key through extraEnv.'
hits="$(match 'malformed storage account key'; match 'shared key credentials' 'illegal base64'; match authenticationfailed)"
known azure-bad-key 'Azure refused the storage account key.' 'The key is cut short, a placeholder, or was rotated since.' 'Paste the account'\''s whole key1 (88 characters, ending in ==) again.'
hits="$(match keybasedauthenticationnotpermitted)"
known azure-shared-key-off 'The storage account does not allow account keys.' 'Shared key access is disabled on the account; only Microsoft Entra ID sign-in is allowed.' 'Allow storage account key access on the account.'
hits="$(match authorizationpermissionmismatch)"
known azure-permission-mismatch 'Azure refused the registry'\''s identity: it lacks a data role.' 'An Entra ID identity needs a data-plane role on the account or container.' 'Grant Storage Blob Data Contributor on the account or container.'
hits="$(match authorizationfailure)"
known azure-network-refused 'The storage account'\''s firewall refused the request.' 'The account allows only some networks or a private endpoint, which leave out the registry'\''s pods or, with redirects on, the clients sent to the storage.' 'Allow the cluster'\''s subnet or private endpoint on the account; if only clients fail, turn redirects off.'
hits="$(match containernotfound)"
known azure-no-container 'The Azure container does not exist.' 'The container name is wrong, or it is in another storage account.' 'Check the container name and account, and create the container first.'
hits="$(match invalidblobtype)"
known azure-blob-type 'Registry 3.x could not rewrite a blob that registry 2.x wrote.' 'Registry 3.x up to 3.1.1 rewrites a blob of another type without deleting it first (fixed upstream after 3.1.1).' 'Delete the stale blob named in the error (or push the image again after deleting its tag); no setting avoids it.'
hits="$(match directoryisnotempty)"
known azure-hierarchical-namespace 'Uploads cannot be cleaned up: the storage account has a hierarchical namespace (Data Lake Gen2).' 'With a hierarchical namespace a folder cannot be deleted while it holds blobs, which the registry expects.' 'Use a storage account without hierarchical namespace.'
hits="$(match 'path not found' _uploads; match 'blob upload unknown'; match 'blob upload invalid'; match 'upload resumed at wrong offest'; match 'upload resumed at wrong offset')"
known upload-state-lost 'A push failed: the registry lost the state of the upload.' 'The upload'\''s parts went to different registry replicas without a shared secret or session affinity, or the store did not yet show a part just written.' 'Run one registry replica (or keep the chart'\''s shared http secret and add session affinity), then push again.'
hits="$(match 'error pulling image configuration'; match 'download failed after attempts'; match amazonaws.com 'i/o timeout'; match blob.core.windows.net 'i/o timeout'; match storage.googleapis.com 'i/o timeout'; match 'error parsing http 403 response body'; match signaturedoesnotmatch x-amz-credential; match amazonaws.com x509:; match blob.core.windows.net x509:; match storage.googleapis.com x509:)"
known redirect-unreachable 'A client could not fetch a layer from the storage it was redirected to.' 'With redirects on (redirect.disable: false, the default) the registry sends clients to a signed URL on the storage host; clients without a route to it, a proxy that rewrites the URL, or clients that do not trust its certificate then fail.' 'Turn redirects off (redirect.disable: true): the registry then serves the layers itself.'
hits="$(match 'mapping values are not allowed'; match 'couldn'\''t find key' 'in secret')"
known values-file 'Helm or Kubernetes could not use the values: the file is malformed, or a Secret lacks the key named.' 'Blocks copied from old docs are often mis-indented, use keys the chart does not know (extraEnvVars), or name Secret keys that differ from the Secret'\''s.' 'Use config.yaml and commands.sh from this page: the block sits under astronomer.registry, and the Secrets are made with the keys it names.'
hits="$(match '413 request entity too large')"
known body-too-large 'The ingress refused a layer as too large.' 'The ingress controller limits request bodies; the registry is not involved.' 'Raise the ingress'\''s body size limit for the registry (nginx: proxy-body-size 0).'

# The images commands.sh recorded before the upgrade (registry-inventory.txt, beside this
# script): the registry must still find each tag under the names registry 3.1.1 reads.
inventory="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/registry-inventory.txt"
if [ ! -f "$inventory" ]; then
    echo "verify.sh: no registry-inventory.txt beside this script (commands.sh writes it before the upgrade): the images were not compared."
elif [ ! -s "$inventory" ]; then
    echo "verify.sh: registry-inventory.txt lists no tag (an empty storage, or a listing that read nothing): the images were not compared."
elif now="$(az storage blob list --auth-mode login --account-name mystorageaccount --blob-endpoint https://mystorageaccount.blob.core.windows.net --container-name my-container-name --prefix docker/registry/v2/repositories/ --num-results '*' --query '[].name' --output tsv | sed -n 's#^.*docker/registry/v2/repositories/\(.*\)/_manifests/tags/\([^/]*\)/current/link$#\1:\2#p' | LC_ALL=C sort -u)"; then
    missing="$(printf '%s\n' "$now" | LC_ALL=C comm -13 - <(LC_ALL=C sort -u "$inventory"))"
    if [ -n "$missing" ]; then
        echo "verify.sh: $(printf '%s\n' "$missing" | wc -l) tags recorded before the upgrade are gone from the storage as the registry reads it:" >&2
        printf '%s\n' "$missing" | sed 's/^/  /' >&2
        problems=1
    else
        echo "Every tag recorded before the upgrade ($(wc -l < "$inventory")) is still there."
    fi
else
    echo "verify.sh: could not list the images in the storage to compare with registry-inventory.txt." >&2
    problems=1
fi

# What the registry stopped on that no mode explains.
rest="$(printf '%s\n' "$log" | grep -iE '^panic:|level=(fatal|panic)|"level":"(fatal|panic)"' || true)"
if [ -n "$rest" ]; then
    echo "verify.sh: the registry's log has errors this script does not know:" >&2
    printf '%s\n' "$rest" | head -n 5 | sed 's/^/  | /' >&2 || true
    problems=1
fi

case "$status" in
    200|401) echo "The registry answers /v2/ ($status)." ;;
    *) echo "verify.sh: the registry answered /v2/ with $status." >&2; problems=1 ;;
esac
if [ "$problems" != 0 ]; then
    echo "verify.sh: the registry does not read its storage yet; see the lines above and:" >&2
    echo "  kubectl logs deployment/$registry --namespace $namespace" >&2
    exit 1
fi
echo "The registry runs and its log shows no storage error."
