//! The typed registry settings: only valid values can exist here.
//!
//! Every leaf is a newtype from [`values`] whose constructor checks it, so a
//! [`Config`] is always something the chart accepts and the registry reads back
//! unchanged. `render` only ever sees a `Config`.

pub mod chart;
mod regions;
pub mod release;
pub mod releases;
pub mod values;

pub use chart::{ChartVersion, VERSIONS};
pub use release::{Feature, Registry};
pub use values::*;

/// Everything needed to produce the files: the platform it goes to and the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub platform: Platform,
    pub backend: Backend,
    /// `redirect.disable`: the registry serves blobs itself instead of
    /// redirecting clients to the storage host.
    pub redirect_disable: bool,
    /// Where the images are before the switch, and so what to copy.
    pub migration: Migration,
}

/// Where the registry's images are before the switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Migration {
    /// Nothing to copy: a new platform, or staying on the volume.
    Nothing,
    /// On the chart's volume, the claim `data-<release>-registry-0`.
    FromVolume,
    /// In another bucket or container of the same provider.
    FromStore { source: String },
}

/// One environment variable on the registry container (`extraEnv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: &'static str,
    pub value: EnvValue,
    /// Why the registry needs it, for the file's comment and the page.
    pub why: &'static str,
}

/// Where an environment variable's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvValue {
    Literal(&'static str),
    /// `valueFrom.secretKeyRef`: a data key of a Secret in the namespace.
    SecretKey {
        secret: String,
        key: &'static str,
    },
}

/// The registry's Kubernetes ServiceAccount, when the configuration needs
/// the chart to create one (`serviceAccount.create`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccount {
    /// As the chart names it without `serviceAccount.name`: `<release>-registry`.
    pub name: String,
    /// The annotation that ties it to a cloud identity, if any.
    pub annotation: Option<(&'static str, String)>,
}

impl Config {
    /// The environment variables the registry of this release needs to read
    /// this storage as meant, beyond what the chart writes into its config.
    pub fn extra_env(&self) -> Vec<EnvVar> {
        let registry = self.platform.chart.registry();
        let from = |secret: &SecretName, key| EnvValue::SecretKey {
            secret: secret.as_str().to_owned(),
            key,
        };
        let mut env = Vec::new();
        match &self.backend {
            Backend::S3(S3 {
                credentials: S3Credentials::InSecret { name },
                ..
            }) => env.extend([
                EnvVar {
                    name: "REGISTRY_STORAGE_S3_ACCESSKEY",
                    value: from(name, "accesskey"),
                    why: "the access key ID, from the Secret",
                },
                EnvVar {
                    name: "REGISTRY_STORAGE_S3_SECRETKEY",
                    value: from(name, "secretkey"),
                    why: "the secret access key, from the Secret",
                },
            ]),
            Backend::Azure(Azure {
                auth: AzureAuth::InSecret { name },
                ..
            }) => env.push(EnvVar {
                name: "REGISTRY_STORAGE_AZURE_ACCOUNTKEY",
                value: from(name, "accountkey"),
                why: "the account key, from the Secret",
            }),
            _ => {}
        }
        match &self.backend {
            Backend::Azure(_) if registry.is_v3() => env.push(EnvVar {
                name: "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE",
                value: EnvValue::Literal("shared_key"),
                why: "registry 3.x refuses to start on Azure without a credentials type (the chart writes none); shared_key uses the account key",
            }),
            Backend::S3(s3) if registry.is_v3() && s3.is_compatible_store() => env.push(EnvVar {
                name: "REGISTRY_STORAGE_S3_FORCEPATHSTYLE",
                value: EnvValue::Literal("true"),
                why: "registry 3.x addresses buckets as <bucket>.<endpoint host> unless told otherwise, which S3-compatible stores rarely serve (2.x did this by itself)",
            }),
            _ => {}
        }
        env
    }

    /// The ServiceAccount the chart must create for the registry, and how it
    /// is tied to a cloud identity.
    pub fn service_account(&self) -> Option<ServiceAccount> {
        let name = format!("{}-registry", self.platform.release.as_str());
        let annotation = match &self.backend {
            Backend::Gcs(Gcs {
                auth: GcsAuth::WorkloadIdentity { account },
                ..
            }) => Some(("iam.gke.io/gcp-service-account", account.as_str().to_owned())),
            Backend::S3(S3 {
                credentials: S3Credentials::Irsa { role, .. },
                ..
            }) => Some(("eks.amazonaws.com/role-arn", role.as_str().to_owned())),
            Backend::S3(S3 {
                credentials: S3Credentials::PodIdentity { .. },
                ..
            }) => None,
            _ => return None,
        };
        Some(ServiceAccount { name, annotation })
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
    /// GKE Workload Identity: `useKeyfile: false`, and the registry's
    /// ServiceAccount annotated with the Google service account it acts as.
    WorkloadIdentity { account: GcpServiceAccount },
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
    /// The keys in a Kubernetes Secret (data keys `accesskey`, `secretkey`),
    /// passed to the registry through `extraEnv`; config.yaml holds none.
    InSecret { name: SecretName },
    /// IRSA: the registry's ServiceAccount annotated with the role, which
    /// trusts the cluster's OIDC provider.
    Irsa { role: RoleArn, oidc: OidcProvider },
    /// EKS Pod Identity: an association of the registry's ServiceAccount with
    /// the role, which trusts `pods.eks.amazonaws.com`.
    PodIdentity { role: RoleArn, cluster: EksClusterName },
    /// No keys: the AWS default credential chain, i.e. the nodes' instance role.
    DefaultChain,
}

impl S3Credentials {
    /// The IAM role the registry runs as, when the configuration names it.
    pub fn role(&self) -> Option<&RoleArn> {
        match self {
            S3Credentials::Irsa { role, .. } | S3Credentials::PodIdentity { role, .. } => Some(role),
            S3Credentials::Static { .. } | S3Credentials::InSecret { .. } | S3Credentials::DefaultChain => None,
        }
    }
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
    /// Where the registry finds the account key.
    pub auth: AzureAuth,
    /// The blob container.
    pub container: AzureContainer,
    /// The endpoint suffix, `core.windows.net` for the public cloud.
    pub realm: AzureRealm,
}

/// Where the Azure account key lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AzureAuth {
    /// Inline in config.yaml, as the docs show.
    Key(AzureAccountKey),
    /// In a Kubernetes Secret (data key `accountkey`), through `extraEnv`.
    InSecret { name: SecretName },
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
            Backend::Azure(Azure {
                auth: AzureAuth::Key(_),
                ..
            }) => Some("Azure account key"),
            Backend::Gcs(_) | Backend::S3(_) | Backend::Azure(_) | Backend::Volume(_) => None,
        }
    }

    /// When config.yaml will hold a credential in plain text, what to say about
    /// it and the safer way.
    pub fn inline_secret_advice(&self) -> Option<&'static str> {
        self.inline_secret()?;
        Some(if self.kind() == BackendKind::S3 {
            "config.yaml holds the S3 secret key in plain text, as the Astronomer docs show, and the chart copies it into a ConfigMap. Keep the file out of version control and delete it after the upgrade. Safer: no key at all (IRSA, EKS Pod Identity or the nodes' role), or the keys in a Kubernetes Secret: choose it above, where the release supports it."
        } else {
            "config.yaml holds the Azure account key in plain text, as the Astronomer docs show, and the chart copies it into a ConfigMap. Keep the file out of version control and delete it after the upgrade. Safer: the key in a Kubernetes Secret: choose it above, where the release supports it."
        })
    }
}
