//! The vocabulary of the settings: checked leaf values ([`values`]: each
//! newtype can only be built by `parse`), the chart releases and the registry
//! program inside each, and the backends the picker chooses. The typed
//! `Config` built from them is in `settings`.

pub mod chart;
pub mod chart_keys;
mod regions;
pub mod release;
pub mod releases;
pub mod values;

pub use chart::{ChartVersion, Lack, VERSIONS};
pub use release::{Feature, FeatureKind, Registry};
pub use values::*;

/// The four backends, without their settings: what the picker chooses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BackendKind {
    Gcs,
    S3,
    Azure,
    #[default]
    Volume,
}

impl BackendKind {
    pub const ALL: [BackendKind; 4] = [
        BackendKind::Gcs,
        BackendKind::S3,
        BackendKind::Azure,
        BackendKind::Volume,
    ];

    /// The stable identifier used in form values and share links.
    pub fn id(self) -> &'static str {
        match self {
            BackendKind::Gcs => "gcs",
            BackendKind::S3 => "s3",
            BackendKind::Azure => "azure",
            BackendKind::Volume => "volume",
        }
    }

    /// Its key under `astronomer.registry` in the Helm values.
    pub fn values_key(self) -> &'static str {
        match self {
            BackendKind::Volume => "persistence",
            other => other.id(),
        }
    }

    pub fn from_id(id: &str) -> Option<BackendKind> {
        BackendKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            BackendKind::Gcs => "Google Cloud Storage",
            BackendKind::S3 => "Amazon S3",
            BackendKind::Azure => "Azure Blob Storage",
            BackendKind::Volume => "Persistent volume (default)",
        }
    }

    /// One line on when to choose it.
    pub fn when(self) -> &'static str {
        match self {
            BackendKind::Gcs => "Recommended when the platform runs on Google Kubernetes Engine (GKE).",
            BackendKind::S3 => {
                "Recommended when the platform runs on Amazon EKS; also S3-compatible stores such as MinIO."
            }
            BackendKind::Azure => "Recommended when the platform runs on Azure Kubernetes Service (AKS).",
            BackendKind::Volume => {
                "The chart's default: a PersistentVolumeClaim. Fine to start with; use object storage in production."
            }
        }
    }

    /// What the admin needs before starting.
    pub fn prerequisites(self) -> &'static [&'static str] {
        match self {
            BackendKind::Gcs => &[
                "An existing GCS bucket.",
                "A Google service account with the Storage Legacy Bucket Owner and Storage Object Admin roles on the bucket, and either a JSON key of it or GKE Workload Identity on the cluster.",
                "Permission to create a Secret (the key file) or to annotate the registry's ServiceAccount (Workload Identity) in the platform namespace.",
            ],
            BackendKind::S3 => &[
                "An S3 bucket.",
                "A way for the registry to sign in: an IAM role (IRSA, EKS Pod Identity or the nodes' role) or an IAM user's access keys; the files give the policy to attach.",
                "Optionally a KMS key; the files give the statement that lets the registry's role or user use it.",
            ],
            BackendKind::Azure => &[
                "An Azure storage account name.",
                "Its access key.",
                "A blob container in that account.",
            ],
            BackendKind::Volume => &["A default StorageClass in the cluster, or the name of one to use."],
        }
    }
}
