//! The typed registry settings: only valid values can exist here.
//!
//! Every leaf is a newtype from [`values`] whose constructor checks it, so a
//! [`Config`] is always something the chart accepts and the registry reads back
//! unchanged. `render` only ever sees a `Config`.

pub mod chart;
mod regions;
pub mod releases;
pub mod values;

pub use chart::{ChartVersion, Feature, Registry, VERSIONS};
pub use values::*;

/// Everything needed to produce the files: the platform it goes to and the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub platform: Platform,
    pub backend: Backend,
    /// `redirect.disable`: the registry serves blobs itself instead of
    /// redirecting clients to the storage host.
    pub redirect_disable: bool,
}

/// One environment variable on the registry container (`extraEnv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: &'static str,
    pub value: &'static str,
    /// Why the registry needs it, for the file's comment and the page.
    pub why: &'static str,
}

impl Config {
    /// The environment variables the registry of this release needs to read
    /// this storage as meant, beyond what the chart writes into its config.
    pub fn extra_env(&self) -> Vec<EnvVar> {
        let registry = self.platform.chart.registry();
        let mut env = Vec::new();
        match &self.backend {
            Backend::Azure(_) if registry.is_v3() => env.push(EnvVar {
                name: "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE",
                value: "shared_key",
                why: "registry 3.x refuses to start on Azure without a credentials type (the chart writes none); shared_key uses the account key",
            }),
            Backend::S3(s3) if registry.is_v3() && s3.is_compatible_store() => env.push(EnvVar {
                name: "REGISTRY_STORAGE_S3_FORCEPATHSTYLE",
                value: "true",
                why: "registry 3.x addresses buckets as <bucket>.<endpoint host> unless told otherwise, which S3-compatible stores rarely serve (2.x did this by itself)",
            }),
            _ => {}
        }
        env
    }
}

/// Where the platform is installed and which chart release it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// Helm release name of the platform (default `astronomer`).
    pub release: ReleaseName,
    /// Kubernetes namespace of the platform (default `astronomer`).
    pub namespace: Namespace,
    /// The installed chart version; `helm upgrade` is pinned to it.
    pub chart: ChartVersion,
    /// How a 1.x or 2.x release is installed; `None` before 1.0.
    pub plane: Option<PlaneMode>,
}

/// `global.plane.mode` of a 1.x or 2.x release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaneMode {
    Unified,
    Data,
    /// A control-plane release runs no registry: the files are for the
    /// data-plane releases.
    Control,
}

impl PlaneMode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "unified" => Ok(PlaneMode::Unified),
            "data" => Ok(PlaneMode::Data),
            "control" => Ok(PlaneMode::Control),
            _ => Err("Choose unified, data or control.".into()),
        }
    }
}

/// Which storage the registry keeps images in; exactly one is enabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    Gcs(Gcs),
    S3(S3),
    Azure(Azure),
    Volume(Volume),
}

impl Backend {
    pub fn kind(&self) -> BackendKind {
        match self {
            Backend::Gcs(_) => BackendKind::Gcs,
            Backend::S3(_) => BackendKind::S3,
            Backend::Azure(_) => BackendKind::Azure,
            Backend::Volume(_) => BackendKind::Volume,
        }
    }
}

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
                "A Google Cloud service account JSON key; the service account needs the Storage Legacy Bucket Owner and Storage Object Admin roles.",
                "Permission to create a Kubernetes Secret in the platform namespace.",
            ],
            BackendKind::S3 => &[
                "An S3 bucket.",
                "An IAM user with the generated policy attached, and its access key and secret key (or an instance role / IRSA).",
                "Optionally a KMS key, with that user added as a key user.",
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

/// Google Cloud Storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gcs {
    /// The bucket that holds the images.
    pub bucket: GcsBucket,
    /// How the registry authenticates to Google Cloud.
    pub auth: GcsAuth,
    /// Prefix inside the bucket; chart default `/`.
    pub root_directory: Option<RootDirectory>,
    /// Upload chunk size in bytes; chart default 5242880.
    pub chunk_size: Option<ChunkSize>,
}

/// How the registry pod authenticates to Google Cloud.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GcsAuth {
    /// A service-account JSON key, put into the Secret `astronomer-gcs-keyfile`
    /// from a file on the admin's machine (`useKeyfile: true`, the chart default).
    KeyFile { source: HostPath },
}

/// Amazon S3 or an S3-compatible store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3 {
    /// The bucket that holds the images.
    pub bucket: S3Bucket,
    /// The bucket's AWS region.
    pub region: AwsRegion,
    /// Which credentials the registry uses.
    pub credentials: S3Credentials,
    /// Server-side encryption.
    pub encryption: S3Encryption,
    /// Prefix inside the bucket.
    pub root_directory: Option<RootDirectory>,
    /// Endpoint of an S3-compatible store (chart 0.30 and later).
    pub region_endpoint: Option<EndpointUrl>,
}

impl S3 {
    /// Whether the bucket lives in an S3-compatible store (MinIO, Ceph, ...)
    /// rather than in AWS: a region endpoint that is not one of AWS's own.
    pub fn is_compatible_store(&self) -> bool {
        self.region_endpoint.as_ref().is_some_and(|endpoint| !endpoint.is_aws())
    }
}

/// Credentials of the registry for S3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Credentials {
    /// An IAM user's access key, written into config.yaml as the docs show.
    Static {
        access_key: AccessKeyId,
        secret_key: AwsSecretKey,
    },
    /// No keys: the AWS default credential chain (instance role, IRSA).
    DefaultChain,
}

/// Server-side encryption of the registry's objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Encryption {
    None,
    /// `encrypt: true` without a key: S3-managed keys.
    S3Managed,
    /// `encrypt: true` with a KMS key.
    Kms(KmsKey),
}

/// Azure Blob Storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Azure {
    /// The storage account name.
    pub account_name: AzureAccountName,
    /// The storage account's access key.
    pub account_key: AzureAccountKey,
    /// The blob container.
    pub container: AzureContainer,
    /// The endpoint suffix, `core.windows.net` for the public cloud.
    pub realm: AzureRealm,
}

/// The default: a PersistentVolumeClaim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volume {
    /// Size of the claim; chart default `100Gi`.
    pub size: Option<Quantity>,
    /// Storage class of the claim; cluster default when unset.
    pub storage_class: Option<StorageClassName>,
}

impl Backend {
    /// The credential config.yaml will hold in plain text (as the docs show), if any.
    pub fn inline_secret(&self) -> Option<&'static str> {
        match self {
            Backend::S3(S3 {
                credentials: S3Credentials::Static { .. },
                ..
            }) => Some("S3 secret key"),
            Backend::Azure(_) => Some("Azure account key"),
            Backend::Gcs(_) | Backend::S3(_) | Backend::Volume(_) => None,
        }
    }

    /// When config.yaml will hold a credential in plain text, what to say about
    /// it and the safer way.
    pub fn inline_secret_advice(&self) -> Option<&'static str> {
        self.inline_secret()?;
        Some(if self.kind() == BackendKind::S3 {
            "config.yaml holds the S3 secret key in plain text, as the Astronomer docs show. Keep the file out of version control and delete it after the upgrade. Safer: leave both keys empty and give the registry an IAM role (instance role, or IRSA on EKS), or keep the key in a Kubernetes Secret and pass it as REGISTRY_STORAGE_S3_SECRETKEY through extraEnv (chart 0.32.1 or later)."
        } else {
            "config.yaml holds the Azure account key in plain text, as the Astronomer docs show. Keep the file out of version control and delete it after the upgrade. Safer: keep the key in a Kubernetes Secret and pass it as REGISTRY_STORAGE_AZURE_ACCOUNTKEY through extraEnv (chart 0.32.1 or later)."
        })
    }
}
