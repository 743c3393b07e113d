#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# Run it with kubectl and helm pointed at the platform's cluster:
#   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)
# PLATFORM_CONFIG is the platform's full config file with the generated
# astronomer.registry block merged in. If this changes the storage backend,
# images already in the registry are not copied to the new storage.
set -euo pipefail

# Upgrading with the generated block alone would drop every other platform setting
# (without global.baseDomain the chart does not even render the registry): stop
# before changing anything unless the file is the platform's full config.
config="${1:-config.yaml}"
if [ ! -f "$config" ]; then
    echo "commands.sh: no file $config: pass the platform's config file (bash commands.sh PATH)." >&2
    exit 1
fi
if ! grep -q '^global:' "$config" || ! grep -q '^ *baseDomain:' "$config"; then
    echo "commands.sh: $config has no global.baseDomain, so it is not the platform's full config file: merge the generated astronomer.registry block into that file and pass it." >&2
    exit 1
fi

# 1. In AWS IAM, create a policy from iam-policy.json, e.g. with
#      aws iam create-policy --policy-name astronomer-registry --policy-document file://iam-policy.json
#    and attach it to the IAM user whose access key is in config.yaml.
#    Also add that user or role as a key user of the KMS key.

# 2. Apply the change: upgrade the platform release with the platform's config file,
#    pinned to the installed chart version so that only the configuration changes.
#    It needs the astronomer Helm repository:
#      helm repo add astronomer https://helm.astronomer.io
helm upgrade astronomer astronomer/astronomer -f "$config" --version 0.37.4 --namespace astronomer
