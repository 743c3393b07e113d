//! Every input of the form: its stable name (the Helm values path), label,
//! help text, kind and the backend it belongs to.

use crate::model::BackendKind;

/// One input of the form, declared in form order (the chosen backend's
/// settings, then the platform's), which is also the order of problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldId {
    GcsBucket,
    GcsKeyFile,
    GcsRootDirectory,
    GcsChunkSize,
    S3Bucket,
    S3Region,
    S3AccessKey,
    S3SecretKey,
    S3Encrypt,
    S3KeyId,
    S3RootDirectory,
    S3RegionEndpoint,
    AzureAccountName,
    AzureAccountKey,
    AzureContainer,
    AzureRealm,
    VolumeSize,
    VolumeStorageClass,
    Release,
    Namespace,
    ChartVersion,
}

/// How a field is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A credential: a password input, never stored or shared.
    Secret,
    /// A checkbox; its draft value is `"true"` or `""`.
    Flag,
}

/// Where a field sits in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Platform,
    Backend(BackendKind),
}

impl FieldId {
    pub const COUNT: usize = 21;

    pub const ALL: [FieldId; FieldId::COUNT] = [
        FieldId::GcsBucket,
        FieldId::GcsKeyFile,
        FieldId::GcsRootDirectory,
        FieldId::GcsChunkSize,
        FieldId::S3Bucket,
        FieldId::S3Region,
        FieldId::S3AccessKey,
        FieldId::S3SecretKey,
        FieldId::S3Encrypt,
        FieldId::S3KeyId,
        FieldId::S3RootDirectory,
        FieldId::S3RegionEndpoint,
        FieldId::AzureAccountName,
        FieldId::AzureAccountKey,
        FieldId::AzureContainer,
        FieldId::AzureRealm,
        FieldId::VolumeSize,
        FieldId::VolumeStorageClass,
        FieldId::Release,
        FieldId::Namespace,
        FieldId::ChartVersion,
    ];

    /// Position in [`FieldId::ALL`], for arrays indexed by field.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The input's `name`: the Helm values path, or a short name for settings
    /// that are not Helm values.
    pub fn name(self) -> &'static str {
        match self {
            FieldId::Release => "release",
            FieldId::Namespace => "namespace",
            FieldId::ChartVersion => "chartVersion",
            FieldId::GcsBucket => "astronomer.registry.gcs.bucket",
            FieldId::GcsKeyFile => "gcsKeyFilePath",
            FieldId::GcsRootDirectory => "astronomer.registry.gcs.rootdirectory",
            FieldId::GcsChunkSize => "astronomer.registry.gcs.chunksize",
            FieldId::S3Bucket => "astronomer.registry.s3.bucket",
            FieldId::S3Region => "astronomer.registry.s3.region",
            FieldId::S3AccessKey => "astronomer.registry.s3.accesskey",
            FieldId::S3SecretKey => "astronomer.registry.s3.secretkey",
            FieldId::S3Encrypt => "astronomer.registry.s3.encrypt",
            FieldId::S3KeyId => "astronomer.registry.s3.keyid",
            FieldId::S3RootDirectory => "astronomer.registry.s3.rootdirectory",
            FieldId::S3RegionEndpoint => "astronomer.registry.s3.regionendpoint",
            FieldId::AzureAccountName => "astronomer.registry.azure.accountname",
            FieldId::AzureAccountKey => "astronomer.registry.azure.accountkey",
            FieldId::AzureContainer => "astronomer.registry.azure.container",
            FieldId::AzureRealm => "astronomer.registry.azure.realm",
            FieldId::VolumeSize => "astronomer.registry.persistence.size",
            FieldId::VolumeStorageClass => "astronomer.registry.persistence.storageClassName",
        }
    }

    pub fn from_name(name: &str) -> Option<FieldId> {
        FieldId::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The element id of the input (for labels and error links).
    pub fn dom_id(self) -> String {
        format!("field-{}", self.name().replace('.', "-"))
    }

    pub fn kind(self) -> FieldKind {
        match self {
            FieldId::S3SecretKey | FieldId::AzureAccountKey => FieldKind::Secret,
            FieldId::S3Encrypt => FieldKind::Flag,
            _ => FieldKind::Text,
        }
    }

    pub fn section(self) -> Section {
        use BackendKind::*;
        match self {
            FieldId::Release | FieldId::Namespace | FieldId::ChartVersion => Section::Platform,
            FieldId::GcsBucket | FieldId::GcsKeyFile | FieldId::GcsRootDirectory | FieldId::GcsChunkSize => {
                Section::Backend(Gcs)
            }
            FieldId::S3Bucket
            | FieldId::S3Region
            | FieldId::S3AccessKey
            | FieldId::S3SecretKey
            | FieldId::S3Encrypt
            | FieldId::S3KeyId
            | FieldId::S3RootDirectory
            | FieldId::S3RegionEndpoint => Section::Backend(S3),
            FieldId::AzureAccountName | FieldId::AzureAccountKey | FieldId::AzureContainer | FieldId::AzureRealm => {
                Section::Backend(Azure)
            }
            FieldId::VolumeSize | FieldId::VolumeStorageClass => Section::Backend(Volume),
        }
    }

    /// The fields shown for a backend, in form order: the backend's settings,
    /// then the platform's.
    pub fn shown_for(backend: BackendKind) -> impl Iterator<Item = FieldId> {
        FieldId::ALL.into_iter().filter(move |field| {
            matches!(field.section(), Section::Platform) || field.section() == Section::Backend(backend)
        })
    }

    /// What a fresh form holds.
    pub fn initial(self) -> &'static str {
        match self {
            FieldId::Release | FieldId::Namespace => "astronomer",
            FieldId::AzureRealm => "core.windows.net",
            _ => "",
        }
    }

    /// Whether leaving it empty is fine (the chart default applies).
    pub fn optional(self) -> bool {
        matches!(
            self,
            FieldId::GcsRootDirectory
                | FieldId::GcsChunkSize
                | FieldId::S3AccessKey
                | FieldId::S3SecretKey
                | FieldId::S3Encrypt
                | FieldId::S3KeyId
                | FieldId::S3RootDirectory
                | FieldId::S3RegionEndpoint
                | FieldId::VolumeSize
                | FieldId::VolumeStorageClass
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldId::Release => "Helm release name",
            FieldId::Namespace => "Platform namespace",
            FieldId::ChartVersion => "Installed chart version",
            FieldId::GcsBucket => "Bucket",
            FieldId::GcsKeyFile => "Service account key file (path on your machine)",
            FieldId::GcsRootDirectory => "Root directory",
            FieldId::GcsChunkSize => "Upload chunk size (bytes)",
            FieldId::S3Bucket => "Bucket",
            FieldId::S3Region => "Region",
            FieldId::S3AccessKey => "Access key ID",
            FieldId::S3SecretKey => "Secret access key",
            FieldId::S3Encrypt => "Encrypt objects at rest",
            FieldId::S3KeyId => "KMS key",
            FieldId::S3RootDirectory => "Root directory",
            FieldId::S3RegionEndpoint => "Region endpoint (S3-compatible stores)",
            FieldId::AzureAccountName => "Storage account name",
            FieldId::AzureAccountKey => "Storage account access key",
            FieldId::AzureContainer => "Container",
            FieldId::AzureRealm => "Realm (endpoint suffix)",
            FieldId::VolumeSize => "Volume size",
            FieldId::VolumeStorageClass => "Storage class",
        }
    }

    /// Help text under the input.
    pub fn help(self) -> &'static str {
        match self {
            FieldId::Release => {
                "The Helm release of the platform; `helm list -n <namespace>` shows it. Usually astronomer."
            }
            FieldId::Namespace => "The Kubernetes namespace the platform runs in. Usually astronomer.",
            FieldId::ChartVersion => {
                "The astronomer chart version now installed (CHART column of `helm list`), e.g. 0.37.4. The upgrade is pinned to it so only the configuration changes."
            }
            FieldId::GcsBucket => "An existing GCS bucket for the images.",
            FieldId::GcsKeyFile => {
                "Where the downloaded JSON key is on the machine you run the commands on. It is read by kubectl there; the key never enters this page."
            }
            FieldId::GcsRootDirectory => {
                "Prefix for all registry objects inside the bucket. Empty: the chart default, /."
            }
            FieldId::GcsChunkSize => {
                "Size of each upload chunk: a multiple of 262144 (256 KiB). Empty: the chart default, 5242880."
            }
            FieldId::S3Bucket => "An existing S3 bucket for the images.",
            FieldId::S3Region => {
                "The AWS region of the bucket, e.g. us-east-1. With a region endpoint below: the region name the S3-compatible store is configured with."
            }
            FieldId::S3AccessKey => {
                "The IAM user's access key ID. Leave both keys empty to use the instance role or IRSA (AWS default credential chain)."
            }
            FieldId::S3SecretKey => {
                "The IAM user's secret access key. It is written into config.yaml only; never into a command."
            }
            FieldId::S3Encrypt => {
                "Server-side encryption of every object. With a KMS key below, that key is used; without, S3-managed keys."
            }
            FieldId::S3KeyId => {
                "Optional KMS key for encryption: key ID, key ARN, alias/name or alias ARN. Add the IAM user as a key user."
            }
            FieldId::S3RootDirectory => "Prefix for all registry objects inside the bucket. Empty: the bucket root.",
            FieldId::S3RegionEndpoint => {
                "Only for S3-compatible stores (MinIO, Ceph, ...): the endpoint URL, e.g. https://minio.example.com:9000. Chart 0.30 or later."
            }
            FieldId::AzureAccountName => "The storage account that holds the container.",
            FieldId::AzureAccountKey => "One of the storage account's access keys (base64, 88 characters).",
            FieldId::AzureContainer => "The blob container for the images.",
            FieldId::AzureRealm => {
                "core.windows.net for the public cloud; core.chinacloudapi.cn (China) or core.usgovcloudapi.net (US Government)."
            }
            FieldId::VolumeSize => "Size of the PersistentVolumeClaim, e.g. 100Gi. Empty: the chart default, 100Gi.",
            FieldId::VolumeStorageClass => "StorageClass of the claim. Empty: the cluster's default class.",
        }
    }

    /// Values to offer while typing (any valid value is still accepted).
    pub fn suggestions(self) -> &'static [&'static str] {
        match self {
            FieldId::S3Region => crate::model::KNOWN_REGIONS,
            FieldId::AzureRealm => crate::model::AZURE_REALMS,
            _ => &[],
        }
    }

    /// Example shown inside an empty input.
    pub fn placeholder(self) -> &'static str {
        match self {
            FieldId::ChartVersion => "0.37.4",
            FieldId::GcsBucket => "my-gcs-bucket",
            FieldId::GcsKeyFile => "/path/to/key.json",
            FieldId::GcsRootDirectory => "/",
            FieldId::GcsChunkSize => "5242880",
            FieldId::S3Bucket => "my-s3-bucket",
            FieldId::S3Region => "us-east-1",
            FieldId::S3AccessKey => "AKIA…",
            FieldId::S3KeyId => "arn:aws:kms:us-east-1:123456789012:key/…",
            FieldId::S3RootDirectory => "/registry",
            FieldId::S3RegionEndpoint => "https://minio.example.com:9000",
            FieldId::AzureAccountName => "mystorageaccount",
            FieldId::AzureContainer => "my-container-name",
            FieldId::VolumeSize => "100Gi",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_field_once_in_index_order() {
        for (position, field) in FieldId::ALL.into_iter().enumerate() {
            assert_eq!(field.index(), position);
            assert_eq!(FieldId::from_name(field.name()), Some(field));
        }
    }

    #[test]
    fn every_suggestion_is_a_valid_value() {
        use crate::model::{AwsRegion, AzureRealm};
        assert!(!FieldId::S3Region.suggestions().is_empty());
        for region in FieldId::S3Region.suggestions() {
            assert!(AwsRegion::parse(region).is_ok(), "{region}");
        }
        for realm in FieldId::AzureRealm.suggestions() {
            assert!(AzureRealm::parse(realm).is_ok(), "{realm}");
        }
    }

    #[test]
    fn helm_values_fields_are_named_by_their_path() {
        for field in FieldId::ALL {
            if let Section::Backend(kind) = field.section()
                && field != FieldId::GcsKeyFile
            {
                let prefix = format!("astronomer.registry.{}.", kind.values_key());
                assert!(field.name().starts_with(&prefix), "{field:?}");
            }
        }
    }
}
