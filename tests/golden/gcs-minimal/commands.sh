#!/usr/bin/env bash
# Points the registry of the Astronomer platform at the storage in config.yaml.
# Run it with kubectl and helm pointed at the platform's cluster, from the directory
# that holds the platform's config.yaml. If this changes the storage backend, images
# already in the registry are not copied to the new storage.
set -euo pipefail

# 1. Store the service account JSON key in the Secret that the chart mounts into the
#    registry pod: its name and its data key must both be astronomer-gcs-keyfile, in
#    the platform namespace. Safe to re-run: it creates or updates the Secret.
kubectl create secret generic astronomer-gcs-keyfile --from-file=astronomer-gcs-keyfile=/path/to/key.json --namespace astronomer --dry-run=client -o yaml | kubectl apply -f -

# 2. Apply the change: upgrade the platform release, pinned to the installed chart version
#    so that only the configuration changes. config.yaml here must be the platform's full
#    config file with the generated astronomer.registry block merged in, not that block
#    alone. It needs the astronomer Helm repository:
#      helm repo add astronomer https://helm.astronomer.io
helm upgrade astronomer astronomer/astronomer -f config.yaml --version 0.37.4 --namespace astronomer
