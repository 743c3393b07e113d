#!/usr/bin/env bash
# Checks that the registry of the Astronomer platform runs and reads its storage,
# after `bash commands.sh`. Run it with kubectl pointed at the platform's cluster.
# For the release astronomer in the namespace astronomer (chart 0.36.1).
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
hits="$(match iam.serviceaccounts.signblob)"
known gcs-sign-blob 'Pulls fail: registry 3.x could not sign the redirect URL for the bucket.' 'With Workload Identity there is no private key, so registry 3.x signs redirect URLs through the IAM signBlob API, which the Google service account may not call on itself.' 'Turn redirects off, or grant the Google service account roles/iam.serviceAccountTokenCreator on itself.'
hits="$(match 'storagedriver not registered: gcs')"
known gcs-not-built-in 'The registry program in the pod was built without the GCS driver.' 'Official registry:2 images leave GCS out; Astronomer'\''s images include it.' 'Run the chart'\''s own registry image (do not override images.registry).'
hits="$(match 'secret "astronomer-gcs-keyfile" not found'; match /var/gcs-keyfile/astronomer-gcs-keyfile 'no such file')"
known gcs-keyfile-secret 'The registry'\''s key file is missing: the Secret astronomer-gcs-keyfile is not there, or holds the key under another name.' 'With useKeyfile the chart mounts the Secret astronomer-gcs-keyfile of the platform'\''s namespace and reads the data key astronomer-gcs-keyfile; neither name can be changed.' 'Create the Secret in the platform'\''s namespace with that data key (commands.sh from this page does).'
hits="$(match authorized_user service_account)"
known gcs-user-credentials 'The key file is a user'\''s login, not a service account key.' 'gcloud'\''s application default credentials (type authorized_user) cannot sign in a server.' 'Create a JSON key for a Google service account and use that.'
hits="$(match 'does not have storage.objects.'; match 'does not have storage.buckets.')"
known gcs-forbidden 'Google Cloud Storage refused the registry'\''s service account.' 'The service account lacks a role on the bucket (objects, or the bucket itself).' 'Grant the service account Storage Object Admin and Storage Legacy Bucket Reader (or Owner) on the bucket.'
hits="$(match 'could not find default credentials')"
known gcs-no-credentials 'No Google credentials reached the registry.' 'Without a key file the registry relies on Workload Identity: the ServiceAccount'\''s iam.gke.io/gcp-service-account annotation, the workloadIdentityUser binding, or Workload Identity on the node pool is missing.' 'Annotate the registry'\''s ServiceAccount and bind roles/iam.workloadIdentityUser (commands.sh from this page does), or use a key file.'
hits="$(match 'storage: bucket doesn'\''t exist')"
known gcs-no-bucket 'The GCS bucket does not exist.' 'The bucket name is wrong, or the bucket is in another project.' 'Check the bucket name, and create the bucket first.'
hits="$(match 'path not found' _uploads; match 'blob upload unknown'; match 'blob upload invalid'; match 'upload resumed at wrong offest'; match 'upload resumed at wrong offset')"
known upload-state-lost 'A push failed: the registry lost the state of the upload.' 'The upload'\''s parts went to different registry replicas without a shared secret or session affinity, or the store did not yet show a part just written.' 'Run one registry replica (or keep the chart'\''s shared http secret and add session affinity), then push again.'
hits="$(match 'error pulling image configuration'; match 'download failed after attempts'; match amazonaws.com 'i/o timeout'; match blob.core.windows.net 'i/o timeout'; match storage.googleapis.com 'i/o timeout'; match 'error parsing http 403 response body'; match signaturedoesnotmatch x-amz-credential; match amazonaws.com x509:; match blob.core.windows.net x509:; match storage.googleapis.com x509:)"
known redirect-unreachable 'A client could not fetch a layer from the storage it was redirected to.' 'With redirects on (redirect.disable: false, the default) the registry sends clients to a signed URL on the storage host; clients without a route to it, a proxy that rewrites the URL, or clients that do not trust its certificate then fail.' 'Turn redirects off (redirect.disable: true): the registry then serves the layers itself.'
hits="$(match 'mapping values are not allowed'; match 'couldn'\''t find key' 'in secret')"
known values-file 'Helm or Kubernetes could not use the values: the file is malformed, or a Secret lacks the key named.' 'Blocks copied from old docs are often mis-indented, use keys the chart does not know (extraEnvVars), or name Secret keys that differ from the Secret'\''s.' 'Use config.yaml and commands.sh from this page: the block sits under astronomer.registry, and the Secrets are made with the keys it names.'
hits="$(match '413 request entity too large')"
known body-too-large 'The ingress refused a layer as too large.' 'The ingress controller limits request bodies; the registry is not involved.' 'Raise the ingress'\''s body size limit for the registry (nginx: proxy-body-size 0).'

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
