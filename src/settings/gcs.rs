//! Google Cloud Storage: its rows of the field table, its credential modes,
//! how the raw values become [`Gcs`], and how an imported file
//! selects its mode.

use super::check::{Checker, value};
use super::mode::modes;
use super::{CHOICE, Detected, FieldId, FieldKind, FieldSpec, File, Need, Rows, Section, TEXT, rule};
use crate::model::{BackendKind, ChunkSize, Feature, GcpServiceAccount, GcsBucket, HostPath, RootDirectory};
use crate::normalize::Normalizer;

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

impl GcsAuth {
    /// The form's option for this way of signing in.
    pub fn mode(&self) -> GcsMode {
        match self {
            GcsAuth::KeyFile { .. } => GcsMode::KeyFile,
            GcsAuth::WorkloadIdentity { .. } => GcsMode::WorkloadIdentity,
        }
    }
}

modes! {
    /// How the registry signs in to Google Cloud Storage.
    pub enum GcsMode {
        KeyFile = "keyfile" {
            label: "Service account key",
            help: page_text!("A JSON key in the Secret astronomer-gcs-keyfile, as the Astronomer docs show."),
            needs: &[],
        },
        WorkloadIdentity = "workload-identity" {
            label: "GKE Workload Identity",
            help: page_text!("No key: the registry's Kubernetes ServiceAccount acts as a Google service account."),
            needs: &[Feature::GcsUseKeyfile, Feature::ServiceAccount],
        },
    }
}

impl GcsMode {
    /// The inputs the mode shows.
    pub fn inputs(self) -> &'static [FieldId] {
        match self {
            GcsMode::KeyFile => &[FieldId::GcsKeyFile],
            GcsMode::WorkloadIdentity => &[FieldId::GcsServiceAccount],
        }
    }
}

const IN_GCS: Section = Section::Backend(BackendKind::Gcs);

pub(super) const FIELDS: Rows = &[
    (
        FieldId::GcsBucket,
        FieldSpec {
            name: "astronomer.registry.gcs.bucket",
            section: IN_GCS,
            rule: rule!(GcsBucket::parse),
            normalize: Normalizer::GcsBucket,
            also: Some(FieldId::GcsRootDirectory),
            label: "Bucket",
            help: page_text!("An existing GCS bucket for the images."),
            placeholder: "my-gcs-bucket",
            ..TEXT
        },
    ),
    (
        FieldId::GcsCredentials,
        FieldSpec {
            name: "gcsCredentials",
            input: Some("credentials"),
            section: IN_GCS,
            kind: FieldKind::Choice(&GcsMode::MODES),
            rule: rule!(GcsMode::parse),
            label: "How the registry signs in to Google Cloud",
            help: page_text!("Workload Identity needs no key at all; a key file is what the Astronomer docs show."),
            initial: GcsMode::KeyFile.as_str(),
            ..CHOICE
        },
    ),
    (
        FieldId::GcsKeyFile,
        FieldSpec {
            name: "gcsKeyFilePath",
            section: IN_GCS,
            mode: Some(FieldId::GcsCredentials),
            rule: rule!(HostPath::parse),
            label: "Service account key file (path on your machine)",
            help: page_text!(
                "Where the downloaded JSON key is on the machine you run the commands on. It is read by kubectl there; the key never enters this page."
            ),
            placeholder: "/path/to/key.json",
            ..TEXT
        },
    ),
    (
        FieldId::GcsServiceAccount,
        FieldSpec {
            name: "gcpServiceAccount",
            section: IN_GCS,
            mode: Some(FieldId::GcsCredentials),
            rule: rule!(GcpServiceAccount::parse),
            label: "Google service account",
            help: page_text!(
                "The email of the Google service account the registry acts as; it needs the Storage Legacy Bucket Owner and Storage Object Admin roles on the bucket (the steps grant them)."
            ),
            placeholder: "registry@my-project.iam.gserviceaccount.com",
            ..TEXT
        },
    ),
    (
        FieldId::GcsRootDirectory,
        FieldSpec {
            name: "astronomer.registry.gcs.rootdirectory",
            section: IN_GCS,
            need: Need::Optional,
            rule: rule!(RootDirectory::parse),
            label: "Root directory",
            help: page_text!("Prefix for all registry objects inside the bucket. Empty: the chart default, /."),
            placeholder: "/",
            ..TEXT
        },
    ),
    (
        FieldId::GcsChunkSize,
        FieldSpec {
            name: "astronomer.registry.gcs.chunksize",
            section: IN_GCS,
            need: Need::Optional,
            rule: rule!(ChunkSize::parse),
            label: "Upload chunk size (bytes)",
            help: page_text!(
                "Size of each upload chunk: a multiple of 262144 (256 KiB). Empty: the chart default, 5242880."
            ),
            placeholder: "5242880",
            ..TEXT
        },
    ),
];

pub(super) fn read(check: &mut Checker) -> Option<Gcs> {
    let bucket = check.read(FieldId::GcsBucket, GcsBucket::parse);
    let mode = check.read(FieldId::GcsCredentials, GcsMode::parse).ok()??;
    let auth = match mode {
        GcsMode::WorkloadIdentity => check
            .read(FieldId::GcsServiceAccount, GcpServiceAccount::parse)
            .ok()
            .flatten()
            .map(|account| GcsAuth::WorkloadIdentity { account }),
        GcsMode::KeyFile => check
            .read(FieldId::GcsKeyFile, HostPath::parse)
            .ok()
            .flatten()
            .map(|source| GcsAuth::KeyFile { source }),
    };
    let root_directory = check.read(FieldId::GcsRootDirectory, RootDirectory::parse);
    let chunk_size = check.read(FieldId::GcsChunkSize, ChunkSize::parse);
    if let Some(warning) = value(&chunk_size).and_then(ChunkSize::warning) {
        check.warning(FieldId::GcsChunkSize, warning);
    }
    Some(Gcs {
        bucket: bucket.ok()??,
        auth: auth?,
        root_directory: root_directory.ok()?,
        chunk_size: chunk_size.ok()?,
    })
}

impl Gcs {
    /// The annotation of the ServiceAccount the chart must create, when the
    /// mode needs one (`Some(None)`: one without an annotation).
    pub fn service_account(&self) -> Option<Option<(&'static str, String)>> {
        match &self.auth {
            GcsAuth::WorkloadIdentity { account } => {
                Some(Some(("iam.gke.io/gcp-service-account", account.as_str().to_owned())))
            }
            GcsAuth::KeyFile { .. } => None,
        }
    }
}

/// Workload Identity when the file turns `useKeyfile` off, else the key file.
pub(super) fn detect(file: &impl File) -> Option<Detected> {
    if !file.present("gcs") {
        return None;
    }
    Some(if file.is_false("gcs.useKeyfile") {
        let account = file.annotation("iam.gke.io/gcp-service-account").unwrap_or_default();
        Detected {
            mode: (FieldId::GcsCredentials, GcsMode::WorkloadIdentity.as_str()),
            why: "Workload Identity (useKeyfile: false)".into(),
            values: if account.is_empty() {
                Vec::new()
            } else {
                vec![(FieldId::GcsServiceAccount, account)]
            },
        }
    } else {
        Detected {
            mode: (FieldId::GcsCredentials, GcsMode::KeyFile.as_str()),
            why: "the key file Secret astronomer-gcs-keyfile".into(),
            values: Vec::new(),
        }
    })
}
