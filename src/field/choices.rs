//! The options of the form's radio groups: credential modes, where the
//! images are now, how the platform is installed.

use super::Choice;
use crate::model::Feature;

/// How the registry authenticates to Google Cloud Storage.
pub const GCS_MODES: &[Choice] = &[
    Choice {
        value: "keyfile",
        label: "Service account key",
        help: "A JSON key in the Secret astronomer-gcs-keyfile, as the Astronomer docs show.",
        needs: &[],
    },
    Choice {
        value: "workload-identity",
        label: "GKE Workload Identity",
        help: "No key: the registry's Kubernetes ServiceAccount acts as a Google service account.",
        needs: &[Feature::GcsUseKeyfile, Feature::ServiceAccount],
    },
];

/// How the registry authenticates to S3.
pub const S3_MODES: &[Choice] = &[
    Choice {
        value: "keys",
        label: "Access keys in config.yaml",
        help: "An IAM user's keys, inline, as the Astronomer docs show. The chart copies them into a ConfigMap.",
        needs: &[],
    },
    Choice {
        value: "keys-secret",
        label: "Access keys in a Kubernetes Secret",
        help: "The keys stay out of config.yaml: the registry reads them from a Secret through `extraEnv`.",
        needs: &[Feature::ExtraEnv],
    },
    Choice {
        value: "irsa",
        label: "IAM role for the ServiceAccount (IRSA)",
        help: "No key: EKS gives the registry's ServiceAccount an IAM role through the cluster's OIDC provider.",
        needs: &[Feature::ServiceAccount, Feature::WebIdentity],
    },
    Choice {
        value: "pod-identity",
        label: "EKS Pod Identity",
        help: "No key: an EKS Pod Identity association gives the registry's ServiceAccount an IAM role.",
        needs: &[Feature::ServiceAccount, Feature::PodIdentity],
    },
    Choice {
        value: "node-role",
        label: "The nodes' instance role",
        help: "No key: the registry uses the IAM role of the nodes it runs on (the AWS default credential chain).",
        needs: &[],
    },
];

/// How the registry authenticates to Azure Blob Storage.
pub const AZURE_MODES: &[Choice] = &[
    Choice {
        value: "key",
        label: "Account key in config.yaml",
        help: "The storage account key, inline, as the Astronomer docs show.",
        needs: &[],
    },
    Choice {
        value: "key-secret",
        label: "Account key in a Kubernetes Secret",
        help: "The key stays out of config.yaml: the registry reads it from a Secret through `extraEnv`.",
        needs: &[Feature::ExtraEnv],
    },
];

/// Where the registry's images are before the switch.
pub const MIGRATE_FROM: &[Choice] = &[
    Choice {
        value: "volume",
        label: "On the registry's volume",
        help: "The chart's default storage: the files copy the images to the new storage with a Kubernetes Job, before and after the upgrade.",
        needs: &[],
    },
    Choice {
        value: "store",
        label: "In another bucket or container",
        help: "The steps give the provider's own copy command.",
        needs: &[],
    },
    Choice {
        value: "none",
        label: "Nowhere yet",
        help: "A new platform, or images that may be pushed again: nothing is copied.",
        needs: &[],
    },
];

/// The rule of a mode field: one of its choices.
pub(super) fn one_of(choices: &[Choice], raw: &str) -> Result<(), String> {
    if choices.iter().any(|choice| choice.value == raw) {
        Ok(())
    } else {
        let values: Vec<&str> = choices.iter().map(|choice| choice.value).collect();
        Err(format!("Choose one of {}.", values.join(", ")))
    }
}

/// How the platform is installed (1.0 on): the registry runs only where the
/// registry block is rendered.
pub const PLANE_MODES: &[Choice] = &[
    Choice {
        value: "unified",
        label: "Unified",
        help: "One release runs the control plane and the data plane (the default).",
        needs: &[],
    },
    Choice {
        value: "data",
        label: "Data plane",
        help: "This release is a data plane of a split install: its registry is the one configured here.",
        needs: &[],
    },
    Choice {
        value: "control",
        label: "Control plane",
        help: "This release is the control plane of a split install: it runs no registry. The files are for the data-plane releases.",
        needs: &[],
    },
];
