#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# Run it with kubectl and helm pointed at the platform's cluster, from the directory
# that holds the platform's config.yaml. If this changes the storage backend, images
# already in the registry are not copied to the new storage.
set -euo pipefail

# 1. In AWS IAM, create a policy from iam-policy.json, e.g. with
#      aws iam create-policy --policy-name astronomer-registry --policy-document file://iam-policy.json
#    and attach it to the IAM role the registry pod runs as: the nodes' instance role, or
#    with IRSA the role named by the eks.amazonaws.com/role-arn annotation of the
#    registry's ServiceAccount.
#    Also add that user or role as a key user of the KMS key.

# 2. Apply the change: upgrade the platform release, pinned to the installed chart version
#    so that only the configuration changes. config.yaml here must be the platform's full
#    config file with the generated astronomer.registry block merged in, not that block
#    alone. It needs the astronomer Helm repository:
#      helm repo add astronomer https://helm.astronomer.io
helm upgrade astronomer astronomer/astronomer -f config.yaml --version 0.37.4 --namespace astronomer
