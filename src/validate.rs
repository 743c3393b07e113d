//! `Draft -> (Option<Config>, all issues)`: every problem at once, each tied to
//! its field with a sentence that says what is wrong and how to fix it.

use crate::field::{FieldId, Need};
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

/// Collects issues while the fields are read. What is needed and which
/// release a field needs come from its entry in the field table.
struct Checker<'a> {
    draft: &'a Draft,
    /// The chart version once the platform has been read; gates the fields
    /// that only some releases know.
    chart: Option<ChartVersion>,
    issues: Vec<Issue>,
}

/// A field read by [`Checker::read`]: `Ok(None)` when it is optional and
/// empty, `Err(())` when it has an error (already recorded).
type Read<T> = Result<Option<T>, ()>;

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

    /// Reads a field with `parse`: empty is an error when the table says the
    /// field is required, and a value the chosen release does not know is an
    /// error too.
    fn read<T>(&mut self, field: FieldId, parse: impl FnOnce(&str) -> Result<T, String>) -> Read<T> {
        let spec = field.spec();
        let raw = self.draft.value(field);
        if raw.is_empty() {
            return match spec.need {
                Need::Required => {
                    self.error(field, REQUIRED);
                    Err(())
                }
                Need::Optional => Ok(None),
            };
        }
        let value = parse(raw).map_err(|message| self.error(field, message))?;
        if let (Some(feature), Some(chart)) = (spec.feature, self.chart)
            && !chart.supports(feature)
        {
            self.error(field, unsupported(chart, feature));
            return Err(());
        }
        Ok(Some(value))
    }
}

/// Why a setting the release does not know is refused, and the release that
/// knows it.
pub fn unsupported(chart: ChartVersion, feature: Feature) -> String {
    match chart.next_with(feature) {
        Some(next) => format!(
            "Chart {chart} ignores this setting: it needs chart {next} or later. Upgrade the platform first, or clear this field."
        ),
        None => format!("Chart {chart} ignores this setting; clear this field."),
    }
}

/// The value of a field that was read without error and is not empty.
fn value<T>(read: &Read<T>) -> Option<&T> {
    read.as_ref().ok()?.as_ref()
}

/// Checks the fields of the chosen backend and the platform.
pub fn validate(draft: &Draft) -> Validation {
    let mut check = Checker {
        draft,
        chart: None,
        issues: Vec::new(),
    };
    let platform = platform(&mut check);
    check.chart = platform.as_ref().map(|platform| platform.chart);
    let backend = match draft.backend {
        BackendKind::Gcs => gcs(&mut check).map(Backend::Gcs),
        BackendKind::S3 => s3(&mut check).map(Backend::S3),
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
    let release = check.read(FieldId::Release, ReleaseName::parse);
    let namespace = check.read(FieldId::Namespace, Namespace::parse);
    let chart = check.read(FieldId::ChartVersion, ChartVersion::parse);
    Some(Platform {
        release: release.ok()??,
        namespace: namespace.ok()??,
        chart: chart.ok()??,
    })
}

fn gcs(check: &mut Checker) -> Option<Gcs> {
    let bucket = check.read(FieldId::GcsBucket, GcsBucket::parse);
    let key_file = check.read(FieldId::GcsKeyFile, HostPath::parse);
    let root_directory = check.read(FieldId::GcsRootDirectory, RootDirectory::parse);
    let chunk_size = check.read(FieldId::GcsChunkSize, ChunkSize::parse);
    if let Some(warning) = value(&chunk_size).and_then(ChunkSize::warning) {
        check.warning(FieldId::GcsChunkSize, warning);
    }
    Some(Gcs {
        bucket: bucket.ok()??,
        auth: GcsAuth::KeyFile {
            source: key_file.ok()??,
        },
        root_directory: root_directory.ok()?,
        chunk_size: chunk_size.ok()?,
    })
}

fn s3(check: &mut Checker) -> Option<S3> {
    let bucket = check.read(FieldId::S3Bucket, S3Bucket::parse);
    if let Some(warning) = value(&bucket).and_then(S3Bucket::warning) {
        check.warning(FieldId::S3Bucket, warning);
    }
    // An S3-compatible store names its own region; AWS (its own endpoints too)
    // needs a real region code.
    let endpoint = check.draft.value(FieldId::S3RegionEndpoint);
    let custom_store = !endpoint.is_empty() && !is_aws_endpoint(endpoint);
    let region = check.read(
        FieldId::S3Region,
        if custom_store {
            AwsRegion::parse_custom
        } else {
            AwsRegion::parse
        },
    );
    let credentials = s3_credentials(check);
    let encryption = s3_encryption(check, value(&region));
    let root_directory = check.read(FieldId::S3RootDirectory, RootDirectory::parse);
    let region_endpoint = check.read(FieldId::S3RegionEndpoint, EndpointUrl::parse);
    Some(S3 {
        bucket: bucket.ok()??,
        region: region.ok()??,
        credentials: credentials?,
        encryption: encryption?,
        root_directory: root_directory.ok()?,
        region_endpoint: region_endpoint.ok()?,
    })
}

fn s3_credentials(check: &mut Checker) -> Option<S3Credentials> {
    let access_key = check.read(FieldId::S3AccessKey, AccessKeyId::parse);
    if let Some(warning) = value(&access_key).and_then(AccessKeyId::warning) {
        check.warning(FieldId::S3AccessKey, warning);
    }
    let secret_key = check.read(FieldId::S3SecretKey, AwsSecretKey::parse);
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
    let key = check.read(FieldId::S3KeyId, KmsKey::parse).ok()?;
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
    let account_name = check.read(FieldId::AzureAccountName, AzureAccountName::parse);
    let account_key = check.read(FieldId::AzureAccountKey, AzureAccountKey::parse);
    let container = check.read(FieldId::AzureContainer, AzureContainer::parse);
    let realm = check.read(FieldId::AzureRealm, AzureRealm::parse);
    Some(Azure {
        account_name: account_name.ok()??,
        account_key: account_key.ok()??,
        container: container.ok()??,
        realm: realm.ok()??,
    })
}

fn volume(check: &mut Checker) -> Option<Volume> {
    let size = check.read(FieldId::VolumeSize, Quantity::parse);
    let storage_class = check.read(FieldId::VolumeStorageClass, StorageClassName::parse);
    Some(Volume {
        size: size.ok()?,
        storage_class: storage_class.ok()?,
    })
}
