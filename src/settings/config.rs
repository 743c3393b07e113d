//! The typed settings the files are rendered from: [`Config`], with exactly
//! one [`Backend`]. Only the owners' `read` functions build one, so a
//! `Config` always holds values the chart accepts and the registry reads back
//! unchanged.

use super::{Azure, AzureAuth, Gcs, Migration, Platform, S3, S3Credentials, Volume};
use crate::model::{BackendKind, Feature};

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
    pub fn extra_env(&self) -> Vec<super::EnvVar> {
        let registry = self.platform.chart.registry();
        match &self.backend {
            Backend::S3(s3) => s3.extra_env(registry),
            Backend::Azure(azure) => azure.extra_env(registry),
            Backend::Gcs(_) | Backend::Volume(_) => Vec::new(),
        }
    }

    /// The ServiceAccount the chart must create for the registry, and how it
    /// is tied to a cloud identity.
    pub fn service_account(&self) -> Option<ServiceAccount> {
        let annotation = match &self.backend {
            Backend::Gcs(gcs) => gcs.service_account()?,
            Backend::S3(s3) => s3.service_account()?,
            Backend::Azure(_) | Backend::Volume(_) => return None,
        };
        Some(ServiceAccount {
            name: format!("{}-registry", self.platform.release.as_str()),
            annotation,
        })
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

    /// The credential config.yaml will hold in plain text (as the docs show), if any.
    pub fn inline_secret(&self) -> Option<&'static str> {
        match self {
            Backend::S3(s3) => match s3.credentials {
                S3Credentials::Static { .. } => Some("S3 secret key"),
                S3Credentials::InSecret { .. }
                | S3Credentials::Irsa { .. }
                | S3Credentials::PodIdentity { .. }
                | S3Credentials::DefaultChain => None,
            },
            Backend::Azure(azure) => match azure.auth {
                AzureAuth::Key(_) => Some("Azure account key"),
                AzureAuth::InSecret { .. } => None,
            },
            Backend::Gcs(_) | Backend::Volume(_) => None,
        }
    }

    /// When config.yaml will hold a credential in plain text, what to say about
    /// it and the safer way.
    pub fn inline_secret_advice(&self) -> Option<&'static str> {
        self.inline_secret()?;
        match self {
            Backend::S3(_) => Some(
                "config.yaml holds the S3 secret key in plain text, as the Astronomer docs show, and the chart copies it into a ConfigMap. Keep the file out of version control and delete it after the upgrade. Safer: no key at all (IRSA, EKS Pod Identity or the nodes' role), or the keys in a Kubernetes Secret: choose it above, where the release supports it.",
            ),
            Backend::Azure(_) => Some(
                "config.yaml holds the Azure account key in plain text, as the Astronomer docs show, and the chart copies it into a ConfigMap. Keep the file out of version control and delete it after the upgrade. Safer: the key in a Kubernetes Secret: choose it above, where the release supports it.",
            ),
            Backend::Gcs(_) | Backend::Volume(_) => None,
        }
    }

    /// What the chosen way of signing in needs of the release: the `needs`
    /// of its option in the form.
    pub fn mode_needs(&self) -> &'static [Feature] {
        match self {
            Backend::S3(s3) => s3.credentials.mode().choice().needs,
            Backend::Gcs(gcs) => gcs.auth.mode().choice().needs,
            Backend::Azure(azure) => azure.auth.mode().choice().needs,
            Backend::Volume(_) => &[],
        }
    }
}
