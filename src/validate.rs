//! Draft -> (Option<Config>, all issues): every problem at once, each tied to
//! its field with a sentence that says what is wrong and how to fix it.

use crate::field::FieldId;
use crate::model::*;
use crate::state::Draft;

/// How bad an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the files are still produced.
    Warning,
    /// The files cannot be produced until it is fixed.
    Error,
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub field: FieldId,
    pub severity: Severity,
    pub message: String,
}

/// The outcome of checking a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation {
    /// The settings, present exactly when no issue is an error.
    pub config: Option<Config>,
    /// Every problem found, in form order.
    pub issues: Vec<Issue>,
}

impl Validation {
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|issue| issue.severity == Severity::Error)
    }

    /// The issues of one field.
    pub fn for_field(&self, field: FieldId) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |issue| issue.field == field)
    }
}

/// Collects issues while the fields are read.
struct Checker<'a> {
    draft: &'a Draft,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn error(&mut self, field: FieldId, message: impl Into<String>) {
        self.issues.push(Issue {
            field,
            severity: Severity::Error,
            message: message.into(),
        });
    }

    fn warning(&mut self, field: FieldId, message: impl Into<String>) {
        self.issues.push(Issue {
            field,
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    /// A required field, parsed; an error is recorded when it is empty or invalid.
    fn required<T>(&mut self, field: FieldId, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let raw = self.draft.value(field);
        if raw.is_empty() {
            self.error(field, "This setting is required.");
            return None;
        }
        self.parsed(field, raw, parse)
    }

    /// An optional field: `Ok(None)` when empty, `Err(())` when invalid.
    fn optional<T>(&mut self, field: FieldId, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<Option<T>, ()> {
        let raw = self.draft.value(field);
        if raw.is_empty() {
            return Ok(None);
        }
        self.parsed(field, raw, parse).map(Some).ok_or(())
    }

    fn parsed<T>(&mut self, field: FieldId, raw: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        match parse(raw) {
            Ok(value) => Some(value),
            Err(message) => {
                self.error(field, message);
                None
            }
        }
    }
}

/// Checks the fields of the chosen backend and the platform.
pub fn validate(draft: &Draft) -> Validation {
    let mut check = Checker {
        draft,
        issues: Vec::new(),
    };
    let platform = platform(&mut check);
    let chart = platform.as_ref().map(|platform| platform.chart);
    let backend = match draft.backend {
        BackendKind::Gcs => gcs(&mut check).map(Backend::Gcs),
        BackendKind::S3 => s3(&mut check, chart).map(Backend::S3),
        BackendKind::Azure => azure(&mut check).map(Backend::Azure),
        BackendKind::Volume => volume(&mut check).map(Backend::Volume),
    };
    let mut issues = check.issues;
    issues.sort_by_key(|issue| issue.field);
    let has_error = issues.iter().any(|issue| issue.severity == Severity::Error);
    let config = match (platform, backend) {
        (Some(platform), Some(backend)) if !has_error => Some(Config { platform, backend }),
        _ => None,
    };
    Validation { config, issues }
}

fn platform(check: &mut Checker) -> Option<Platform> {
    let release = check.required(FieldId::Release, ReleaseName::parse);
    let namespace = check.required(FieldId::Namespace, Namespace::parse);
    let chart = check.required(FieldId::ChartVersion, ChartVersion::parse);
    Some(Platform {
        release: release?,
        namespace: namespace?,
        chart: chart?,
    })
}

fn gcs(check: &mut Checker) -> Option<Gcs> {
    let bucket = check.required(FieldId::GcsBucket, GcsBucket::parse);
    let key_file = check.required(FieldId::GcsKeyFile, HostPath::parse);
    let root_directory = check.optional(FieldId::GcsRootDirectory, RootDirectory::parse);
    let chunk_size = check.optional(FieldId::GcsChunkSize, ChunkSize::parse);
    Some(Gcs {
        bucket: bucket?,
        auth: GcsAuth::KeyFile { source: key_file? },
        root_directory: root_directory.ok()?,
        chunk_size: chunk_size.ok()?,
    })
}

fn s3(check: &mut Checker, chart: Option<ChartVersion>) -> Option<S3> {
    let bucket = check.required(FieldId::S3Bucket, S3Bucket::parse);
    if let Some(warning) = bucket.as_ref().and_then(S3Bucket::warning) {
        check.warning(FieldId::S3Bucket, warning);
    }
    // An S3-compatible store names its own region; AWS (its own endpoints too)
    // needs a real region code.
    let endpoint = check.draft.value(FieldId::S3RegionEndpoint);
    let custom_store = !endpoint.is_empty() && !is_aws_endpoint(endpoint);
    let region = if custom_store {
        check.required(FieldId::S3Region, AwsRegion::parse_custom)
    } else {
        check.required(FieldId::S3Region, AwsRegion::parse)
    };
    let credentials = s3_credentials(check);
    let encryption = s3_encryption(check, region.as_ref());
    let root_directory = check.optional(FieldId::S3RootDirectory, RootDirectory::parse);
    let region_endpoint = check.optional(FieldId::S3RegionEndpoint, EndpointUrl::parse);
    if let (Ok(Some(_)), Some(chart)) = (&region_endpoint, chart)
        && !chart.supports(Feature::S3RegionEndpoint)
    {
        check.error(
                FieldId::S3RegionEndpoint,
                format!(
                    "Chart {chart} ignores the region endpoint: it needs chart {} or later. Upgrade the platform first, or clear this field.",
                    Feature::S3RegionEndpoint.since()
                ),
            );
    }
    Some(S3 {
        bucket: bucket?,
        region: region?,
        credentials: credentials?,
        encryption: encryption?,
        root_directory: root_directory.ok()?,
        region_endpoint: region_endpoint.ok()?,
    })
}

fn s3_credentials(check: &mut Checker) -> Option<S3Credentials> {
    let access_key = check.optional(FieldId::S3AccessKey, AccessKeyId::parse);
    if let Some(warning) = access_key
        .as_ref()
        .ok()
        .and_then(Option::as_ref)
        .and_then(AccessKeyId::warning)
    {
        check.warning(FieldId::S3AccessKey, warning);
    }
    let secret_key = check.optional(FieldId::S3SecretKey, AwsSecretKey::parse);
    match (access_key.ok()?, secret_key.ok()?) {
        (Some(access_key), Some(secret_key)) => Some(S3Credentials::Static { access_key, secret_key }),
        (None, None) => Some(S3Credentials::DefaultChain),
        (Some(_), None) => {
            check.error(FieldId::S3SecretKey, "Enter the secret access key that belongs to the access key ID, or clear both to use the instance role or IRSA.");
            None
        }
        (None, Some(_)) => {
            check.error(FieldId::S3AccessKey, "Enter the access key ID that belongs to the secret key, or clear both to use the instance role or IRSA.");
            None
        }
    }
}

fn s3_encryption(check: &mut Checker, region: Option<&AwsRegion>) -> Option<S3Encryption> {
    let encrypt = check.draft.flag(FieldId::S3Encrypt);
    let key = check.optional(FieldId::S3KeyId, KmsKey::parse).ok()?;
    match (encrypt, key) {
        (false, None) => Some(S3Encryption::None),
        (true, None) => Some(S3Encryption::S3Managed),
        (true, Some(key)) => {
            if let (Some(key_region), Some(region)) = (key.region(), region)
                && key_region != region.as_str()
            {
                check.warning(
                        FieldId::S3KeyId,
                        format!("The key is in {key_region} but the bucket is in {}: S3 can only use a KMS key from the bucket's region.", region.as_str()),
                    );
            }
            Some(S3Encryption::Kms(key))
        }
        (false, Some(_)) => {
            check.error(
                FieldId::S3KeyId,
                "A KMS key is only used with encryption: tick \"Encrypt objects at rest\", or clear the key.",
            );
            None
        }
    }
}

fn azure(check: &mut Checker) -> Option<Azure> {
    let account_name = check.required(FieldId::AzureAccountName, AzureAccountName::parse);
    let account_key = check.required(FieldId::AzureAccountKey, AzureAccountKey::parse);
    let container = check.required(FieldId::AzureContainer, AzureContainer::parse);
    let realm = check.required(FieldId::AzureRealm, AzureRealm::parse);
    Some(Azure {
        account_name: account_name?,
        account_key: account_key?,
        container: container?,
        realm: realm?,
    })
}

fn volume(check: &mut Checker) -> Option<Volume> {
    let size = check.optional(FieldId::VolumeSize, Quantity::parse);
    let storage_class = check.optional(FieldId::VolumeStorageClass, StorageClassName::parse);
    Some(Volume {
        size: size.ok()?,
        storage_class: storage_class.ok()?,
    })
}

/// Whether `raw` is a valid value for `field` by that field's own rules,
/// whatever the other fields hold (cross-field rules aside); empty is valid.
/// Decides what share links and remembered settings may keep.
pub fn value_is_valid(field: FieldId, raw: &str) -> bool {
    if raw.is_empty() {
        return true;
    }
    match field {
        FieldId::GcsBucket => GcsBucket::parse(raw).is_ok(),
        FieldId::GcsKeyFile => HostPath::parse(raw).is_ok(),
        FieldId::GcsRootDirectory | FieldId::S3RootDirectory => RootDirectory::parse(raw).is_ok(),
        FieldId::GcsChunkSize => ChunkSize::parse(raw).is_ok(),
        FieldId::S3Bucket => S3Bucket::parse(raw).is_ok(),
        FieldId::S3Region => AwsRegion::parse_custom(raw).is_ok(),
        FieldId::S3AccessKey => AccessKeyId::parse(raw).is_ok(),
        FieldId::S3SecretKey => AwsSecretKey::parse(raw).is_ok(),
        FieldId::S3Encrypt => raw == "true",
        FieldId::S3KeyId => KmsKey::parse(raw).is_ok(),
        FieldId::S3RegionEndpoint => EndpointUrl::parse(raw).is_ok(),
        FieldId::AzureAccountName => AzureAccountName::parse(raw).is_ok(),
        FieldId::AzureAccountKey => AzureAccountKey::parse(raw).is_ok(),
        FieldId::AzureContainer => AzureContainer::parse(raw).is_ok(),
        FieldId::AzureRealm => AzureRealm::parse(raw).is_ok(),
        FieldId::VolumeSize => Quantity::parse(raw).is_ok(),
        FieldId::VolumeStorageClass => StorageClassName::parse(raw).is_ok(),
        FieldId::Release => ReleaseName::parse(raw).is_ok(),
        FieldId::Namespace => Namespace::parse(raw).is_ok(),
        FieldId::ChartVersion => ChartVersion::parse(raw).is_ok(),
    }
}
