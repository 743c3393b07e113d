#!/usr/bin/env bash
# Checks that the registry of the Astronomer platform runs and reads its storage,
# after `bash commands.sh`. Run it with kubectl pointed at the platform's cluster.
# For the release astronomer in the namespace astronomer (chart 0.30.8, to be upgraded
# to 2.1.0), which runs the control plane and a data plane.
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
hits="$(match 'invalid region provided')"
known s3-invalid-region 'The registry stopped at start: it does not know the region.' 'Without a region endpoint the registry checks the region against the table of the AWS SDK it was built with, and regions newer than that SDK are refused although AWS serves them.' 'Set the region endpoint to the region'\''s own S3 endpoint (https://s3.<region>.amazonaws.com): with an endpoint the registry skips the check. Or use a release whose registry knows the region.'
hits="$(match 'no region parameter provided')"
known s3-no-region 'The registry stopped at start: its S3 settings have no region.' 'The chart writes the region empty when it is not set, and registry 3.x needs a region unless a region endpoint is set.' 'Set the region (for an S3-compatible store, the name it expects, often us-east-1).'
hits="$(match 'invalid endpoint host' 'only loopback hosts are allowed')"
known s3-pod-identity-too-old 'The registry could not reach the EKS Pod Identity agent for credentials.' 'This registry'\''s AWS SDK takes container credentials only from a loopback host, and the Pod Identity agent listens on 169.254.170.23.' 'Use IRSA (an IAM role for the ServiceAccount) or keys in a Secret on this release, or a release with registry 3.x (chart 0.37.1 or later).'
hits="$(match assumed-role/ /i- 'not authorized')"
known s3-node-role-used 'S3 refused the nodes'\'' instance role: the registry did not use the role meant for its ServiceAccount.' 'The registry'\''s pod did not get the web identity token: the ServiceAccount'\''s eks.amazonaws.com/role-arn annotation is missing, on another ServiceAccount, or the pod was not restarted after it was added.' 'On chart 0.30.8 use keys in a Secret; elsewhere check that the registry'\''s ServiceAccount carries the role annotation and restart the registry.'
hits="$(match ec2rolerequesterror; match ec2metadataerror)"
known s3-instance-metadata 'The registry could not get the nodes'\'' role from the instance metadata service.' 'From a pod the metadata service answers only when the instances'\'' hop limit is at least 2.' 'Use IRSA or Pod Identity (registry 3.x), keys in a Secret, or set the instances'\'' HttpPutResponseHopLimit to 2.'
hits="$(match nocredentialproviders)"
known s3-no-credentials 'No AWS credentials reached the registry.' 'No keys were given and the default chain found none: the ServiceAccount'\''s role annotation or Pod Identity association is missing, or the nodes'\'' metadata service is out of the pod'\''s reach (IMDSv2 with a hop limit of 1).' 'Give the registry a credential its release can use: keys in a Secret, or a role (IRSA, Pod Identity on registry 3.x) with the ServiceAccount annotated; for the nodes'\'' role set the instances'\'' metadata hop limit to 2.'
hits="$(match kms:generatedatakey; match kms:decrypt; match kms.notfoundexception; match kms.kmsinvalidstateexception)"
known s3-kms-denied 'The registry could not use the bucket'\''s KMS key.' 'The registry'\''s identity needs kms:GenerateDataKey and kms:Decrypt in its IAM policy, and the key'\''s own policy must let it use the key.' 'Apply iam-policy.json and kms-key-policy.json from this page, or check the key id.'
hits="$(match s3aws accessdenied; match accessdenied 'status code: 403')"
known s3-access-denied 'S3 refused the registry: its credentials work but lack a permission.' 'The IAM policy lacks an action the registry uses (the multipart upload actions are often missing) or names the bucket where the objects are meant (bucket vs bucket/*). Registry 3.x lists with requests that a policy conditioned on s3:prefix refuses.' 'Attach iam-policy.json from this page (its eight actions, on the bucket and bucket/* ARNs) to the registry'\''s user or role.'
hits="$(match s3aws signaturedoesnotmatch; match 'the request signature we calculated does not match')"
known s3-signature 'S3 refused the registry'\''s requests: the secret key does not match the access key ID.' 'The secret key is wrong or holds a trailing newline or carriage return (a Secret made from a file or with echo), or an S3-compatible store expects another signature version.' 'Type the secret key again; make the Secret with --from-literal or printf, never echo or a file with a newline.'
hits="$(match 'invalid header field value' authorization)"
known s3-key-newline 'The registry could not even send its requests: the access key holds a line break.' 'A Secret made from a file keeps the file'\''s newline in the key.' 'Make the Secret again with --from-literal or printf, without a trailing newline.'
hits="$(match invalidaccesskeyid)"
known s3-unknown-key 'S3 does not know the access key ID.' 'The key was deleted or belongs to another account or store, or it is a temporary key (ASIA…): the registry sends no session token, so temporary keys never work.' 'Use a long-lived IAM user key (AKIA…) or a role.'
hits="$(match nosuchbucket)"
known s3-no-such-bucket 'The bucket does not exist where the registry looks for it.' 'The bucket name is wrong, or the bucket is in another region, account or store.' 'Check the bucket name and region, and create the bucket first.'
hits="$(match secondleveldomainforbidden; match s3aws 'no such host')"
known s3-path-style 'Registry 3.x addressed the S3-compatible store as <bucket>.<endpoint>, which it does not serve.' 'Registry 2.x forced path-style requests whenever a region endpoint was set; 3.x does not, unless REGISTRY_STORAGE_S3_FORCEPATHSTYLE=true.' 'Apply config.yaml from this page for your release: for an S3-compatible store on registry 3.x it sets REGISTRY_STORAGE_S3_FORCEPATHSTYLE=true through extraEnv. Write the endpoint with https://.'
hits="$(match 'http: no host in request url')"
known s3-endpoint-no-host 'The region endpoint has no host the registry or its clients can use.' 'The endpoint was written without its scheme (https://), so it reads as a path.' 'Write the endpoint as a full URL: https://host[:port].'
hits="$(match s3aws x509:; match requesterror x509:)"
known s3-store-certificate 'The registry does not trust the S3-compatible store'\''s certificate.' 'The store'\''s certificate is signed by a private CA the registry'\''s image does not hold.' 'Add the CA to the platform (global.privateCaCerts) or give the store a certificate from a public CA.'
hits="$(match 'can only be used with v4 authentication')"
known s3-v4auth 'The registry stopped at start: v4auth is false against Amazon S3.' 'Amazon S3 accepts only version 4 signatures.' 'Remove v4auth: false (config.yaml from this page never writes it).'
hits="$(match requesterror 'send request failed')"
known s3-unreachable 'The registry'\''s pod cannot reach the S3 endpoint.' 'Egress from the pod is blocked (network policy, no NAT, a proxy it does not use), or the endpoint is wrong.' 'Open egress to the endpoint, or give the registry HTTPS_PROXY and NO_PROXY through extraEnv; check the region endpoint.'
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
elif now="$(aws s3api list-objects-v2 --bucket my-s3-bucket --prefix docker/registry/v2/repositories/ --query 'Contents[].Key' --output text | tr '\t' '\n' | sed -n 's#^.*docker/registry/v2/repositories/\(.*\)/_manifests/tags/\([^/]*\)/current/link$#\1:\2#p' | LC_ALL=C sort -u)"; then
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
