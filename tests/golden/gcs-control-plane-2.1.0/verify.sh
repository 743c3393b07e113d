#!/usr/bin/env bash
# Checks that the registry of the Astronomer platform runs and reads its storage,
# after `bash commands.sh`. Run it with kubectl pointed at the platform's cluster.
# For the release astronomer-dp1 in the namespace astronomer-dp1 (chart 2.1.0), a data
# plane (the control-plane release runs no registry: these files are for a data plane's
# release and cluster).
set -euo pipefail

namespace=astronomer-dp1
registry=astronomer-dp1-registry

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
problems=0
hint() { if printf '%s' "$log" | grep -qi -- "$1"; then echo "  log says '$1': $2" >&2; problems=1; fi; }
hint 'invalid region provided' 'the region is not in this registry'\''s table: set the region endpoint'
hint 'invalid credentials type' 'registry 3.x on Azure needs REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE (extraEnv)'
hint NoCredentialProviders 'no AWS credentials reached the registry: the keys, the Secret, or the role'\''s annotation or association'
hint AccessDenied 'the credentials work but lack permissions: the IAM policy (or the bucket roles on GCS) and the KMS key'\''s users'
hint InvalidAccessKeyId 'the access key ID is not known to the store'
hint SignatureDoesNotMatch 'the secret key does not match the access key ID'
hint NoSuchBucket 'the bucket does not exist, or not in this region or store'
hint 'could not find default credentials' 'GCS Workload Identity: the ServiceAccount'\''s annotation or the Workload Identity User binding'
hint AuthenticationFailed 'the Azure account key is wrong'
hint ContainerNotFound 'the Azure container does not exist'
hint panic 'the registry stopped at start: the lines above say why'

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
