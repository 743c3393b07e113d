//! `Draft -> (Option<Config>, all issues)`: every problem at once, each tied to
//! its field with a sentence that says what is wrong and how to fix it.

use crate::field::{Choice, FieldId, FieldKind, Need};
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
        if let (Some(feature), Some(chart)) = (spec.feature, self.chart)
            && !chart.supports(feature)
        {
            // A value the user never changed is not theirs, and a mode picked
            // in a radio group writes nothing: the release just does not have
            // the setting (the form shows it disabled).
            if raw == spec.initial || matches!(spec.kind, FieldKind::Choice(_)) {
                return Ok(None);
            }
            self.error(field, unsupported(chart, feature));
            return Err(());
        }
        let value = parse(raw).map_err(|message| self.error(field, message))?;
        if let (FieldKind::Choice(choices), Some(chart)) = (spec.kind, self.chart)
            && let Some(choice) = choices.iter().find(|choice| choice.value == raw)
            && let Some(why) = choice_unsupported(chart, choice)
        {
            self.error(field, why);
            return Err(());
        }
        Ok(Some(value))
    }

    /// Like [`Checker::read`] for a field that may be empty in the current
    /// mode, whatever the table says (keys checked but not used).
    fn read_optional<T>(&mut self, field: FieldId, parse: impl FnOnce(&str) -> Result<T, String>) -> Read<T> {
        if self.draft.value(field).is_empty() {
            return Ok(None);
        }
        self.read(field, parse)
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

/// Why the release cannot use an option of a radio group, with the release
/// that can.
pub fn choice_unsupported(chart: ChartVersion, choice: &Choice) -> Option<String> {
    let missing = choice.needs.iter().find(|feature| !chart.supports(**feature))?;
    let upgrade = chart
        .next_where(|version| version.supports_all(choice.needs))
        .map(|next| format!(" It needs chart {next} or later."))
        .unwrap_or_default();
    Some(format!(
        "Chart {chart} cannot use {}: {}.{upgrade}",
        choice.label,
        missing.missing()
    ))
}

/// For a radio group, each option the chosen release cannot use, with why.
pub fn choices_unavailable(draft: &Draft, field: FieldId) -> Vec<(&'static str, String)> {
    let (FieldKind::Choice(choices), Ok(chart)) =
        (field.kind(), ChartVersion::parse(draft.value(FieldId::ChartVersion)))
    else {
        return Vec::new();
    };
    choices
        .iter()
        .filter_map(|choice| choice_unsupported(chart, choice).map(|why| (choice.value, why)))
        .collect()
}

/// When the chosen release does not know a field's setting and the field
/// holds nothing of the user's: why the form shows it disabled. A field that
/// holds a value stays open, with its error, so the value can be cleared.
pub fn unavailable(draft: &Draft, field: FieldId) -> Option<String> {
    let spec = field.spec();
    let feature = spec.feature?;
    let chart = ChartVersion::parse(draft.value(FieldId::ChartVersion)).ok()?;
    let untouched = draft.value(field) == spec.initial || matches!(spec.kind, FieldKind::Choice(_));
    if chart.supports(feature) || !untouched {
        return None;
    }
    Some(match chart.next_with(feature) {
        Some(next) => format!("Needs chart {next} or later: chart {chart} does not have this setting."),
        None => format!("Chart {chart} does not have this setting."),
    })
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
    let backend = match draft.backend {
        BackendKind::Gcs => gcs(&mut check).map(Backend::Gcs),
        BackendKind::S3 => s3(&mut check).map(Backend::S3),
        BackendKind::Azure => azure(&mut check).map(Backend::Azure),
        BackendKind::Volume => volume(&mut check).map(Backend::Volume),
    };
    let redirect_disable = redirect(&mut check, backend.as_ref());
    let migration = migration(&mut check, backend.as_ref());
    let config = match (platform, backend, redirect_disable, migration) {
        (Some(platform), Some(backend), Some(redirect_disable), Some(migration)) => {
            let config = Config {
                platform,
                backend,
                redirect_disable,
                migration,
            };
            registry_needs(&mut check, &config);
            Some(config)
        }
        _ => None,
    };
    let mut issues = check.issues;
    issues.sort_by_key(|issue| issue.field);
    let has_error = issues.iter().any(|issue| issue.severity == Severity::Error);
    Validation {
        config: config.filter(|_| !has_error),
        issues,
    }
}

fn platform(check: &mut Checker) -> Option<Platform> {
    let release = check.read(FieldId::Release, ReleaseName::parse);
    let namespace = check.read(FieldId::Namespace, Namespace::parse);
    let chart = check.read(FieldId::ChartVersion, ChartVersion::parse);
    check.chart = value(&chart).copied();
    let plane = check.read(FieldId::PlaneMode, PlaneMode::parse);
    if let Some(PlaneMode::Control) = value(&plane) {
        check.warning(
            FieldId::PlaneMode,
            "A control-plane release runs no registry and ignores the registry block. Apply these files to each data-plane release instead: enter its release name and namespace above.",
        );
    }
    Some(Platform {
        release: release.ok()??,
        namespace: namespace.ok()??,
        chart: chart.ok()??,
        plane: plane.ok()?,
    })
}

/// `redirect.disable` for an object store: as ticked, and always for a store
/// that clients outside the cluster cannot reach.
fn redirect(check: &mut Checker, backend: Option<&Backend>) -> Option<bool> {
    if check.draft.backend == BackendKind::Volume {
        return Some(false);
    }
    let ticked = check
        .read(FieldId::RedirectDisable, |raw| Ok(raw == "true"))
        .ok()?
        .unwrap_or(false);
    let internal = match backend {
        Some(Backend::S3(S3 {
            region_endpoint: Some(endpoint),
            ..
        })) if endpoint.is_cluster_internal() => Some(endpoint.host()),
        _ => None,
    };
    if let (Some(host), false) = (&internal, ticked) {
        check.warning(
            FieldId::S3RegionEndpoint,
            format!(
                "Redirects are disabled in config.yaml (redirect.disable: true): {host} is reachable only inside the cluster, so clients outside it (the nodes' container runtime, CI machines) could not follow the registry's redirects to it."
            ),
        );
    }
    Some(ticked || internal.is_some())
}

/// Where the images are before the switch; the bucket or container in use
/// today follows the naming rules of the chosen provider.
fn migration(check: &mut Checker, backend: Option<&Backend>) -> Option<Migration> {
    if check.draft.backend == BackendKind::Volume {
        return Some(Migration::Nothing);
    }
    let from = check.read(FieldId::MigrateFrom, |raw| Ok(raw.to_owned())).ok()??;
    match from.as_str() {
        "volume" => Some(Migration::FromVolume),
        "store" => {
            let parse = |raw: &str| match check.draft.backend {
                BackendKind::Gcs => GcsBucket::parse(raw).map(|bucket| bucket.as_str().to_owned()),
                BackendKind::Azure => AzureContainer::parse(raw).map(|container| container.as_str().to_owned()),
                _ => S3Bucket::parse(raw).map(|bucket| bucket.as_str().to_owned()),
            };
            let source = check.read(FieldId::MigrateSource, parse).ok()??;
            let target = match backend? {
                Backend::Gcs(gcs) => gcs.bucket.as_str(),
                Backend::S3(s3) => s3.bucket.as_str(),
                Backend::Azure(azure) => azure.container.as_str(),
                Backend::Volume(_) => return Some(Migration::Nothing),
            };
            if source == target {
                check.error(
                    FieldId::MigrateSource,
                    "This is the bucket configured above: nothing would move. Choose \"Nowhere yet\" if the images are already there.",
                );
                return None;
            }
            Some(Migration::FromStore { source })
        }
        _ => Some(Migration::Nothing),
    }
}

/// What the registry program of the release needs beyond the chart's own
/// values: the release must be able to pass it.
fn registry_needs(check: &mut Checker, config: &Config) {
    let chart = config.platform.chart;
    let env = config.extra_env();
    if !env.is_empty() && !chart.supports(Feature::ExtraEnv) {
        let names: Vec<&str> = env.iter().map(|var| var.name).collect();
        let upgrade = chart
            .next_with(Feature::ExtraEnv)
            .map(|next| format!(" Upgrade to chart {next} or later first."))
            .unwrap_or_default();
        check.error(
            FieldId::ChartVersion,
            format!(
                "This storage needs {} on the registry container, which chart {chart} cannot set (it has no extraEnv).{upgrade}",
                names.join(" and ")
            ),
        );
    }
}

fn gcs(check: &mut Checker) -> Option<Gcs> {
    let bucket = check.read(FieldId::GcsBucket, GcsBucket::parse);
    let mode = check.read(FieldId::GcsCredentials, |raw| Ok(raw.to_owned())).ok()??;
    let auth = match mode.as_str() {
        "workload-identity" => check
            .read(FieldId::GcsServiceAccount, GcpServiceAccount::parse)
            .ok()
            .flatten()
            .map(|account| GcsAuth::WorkloadIdentity { account }),
        _ => check
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

fn s3(check: &mut Checker) -> Option<S3> {
    let bucket = check.read(FieldId::S3Bucket, S3Bucket::parse);
    if let Some(warning) = value(&bucket).and_then(S3Bucket::warning) {
        check.warning(FieldId::S3Bucket, warning);
    }
    // An S3-compatible store names its own region and issues its own keys;
    // AWS (its own endpoints too) needs a real region code and AWS keys.
    let endpoint = check.draft.value(FieldId::S3RegionEndpoint);
    let store = !endpoint.is_empty() && !is_aws_endpoint(endpoint);
    let region = check.read(
        FieldId::S3Region,
        if store {
            AwsRegion::parse_custom
        } else {
            AwsRegion::parse
        },
    );
    let credentials = s3_credentials(check, store);
    let encryption = s3_encryption(check, value(&region));
    let root_directory = check.read(FieldId::S3RootDirectory, RootDirectory::parse);
    let region_endpoint = check.read(FieldId::S3RegionEndpoint, EndpointUrl::parse);
    if let (Some(region), Ok(endpoint)) = (value(&region), &region_endpoint) {
        check_region(check, region, endpoint.as_ref());
    }
    Some(S3 {
        bucket: bucket.ok()??,
        region: region.ok()??,
        credentials: credentials?,
        encryption: encryption?,
        root_directory: root_directory.ok()?,
        region_endpoint: region_endpoint.ok()?,
    })
}

/// The registry's own rules for the region: an AWS endpoint must be in the
/// region's partition, and without an endpoint the region must be in the
/// region table of the release's registry, which it checks at start.
fn check_region(check: &mut Checker, region: &AwsRegion, endpoint: Option<&EndpointUrl>) {
    if let Some(partitions) = endpoint.and_then(EndpointUrl::aws_partitions) {
        if !partitions.contains(&region.partition()) {
            check.error(
                FieldId::S3RegionEndpoint,
                format!(
                    "This is an endpoint of the {} partition, but the region {} is in {}: use {}.",
                    partitions.join(" or "),
                    region.as_str(),
                    region.partition(),
                    aws_regional_endpoint(region.as_str(), region.partition())
                ),
            );
        }
        return;
    }
    let Some(chart) = check.chart else { return };
    if endpoint.is_some() || chart.registry().regions().contains(&region.as_str()) {
        return;
    }
    let code = region.as_str();
    let fix_endpoint = format!(
        "Set the region endpoint to `{}`: with an endpoint the registry skips the check.",
        aws_regional_endpoint(code, region.partition())
    );
    let knows_region = |version: ChartVersion| version.registry().regions().contains(&code);
    let fix = if chart.supports(Feature::S3RegionEndpoint) {
        fix_endpoint
    } else {
        let endpoint_release = chart.next_with(Feature::S3RegionEndpoint);
        let region_release = chart.next_where(knows_region);
        match (endpoint_release, region_release) {
            (Some(with_endpoint), Some(knowing)) => format!(
                "Upgrade to chart {with_endpoint} or later and set the region endpoint to `{}`, or to chart {knowing}, whose registry knows the region.",
                aws_regional_endpoint(code, region.partition())
            ),
            (Some(with_endpoint), None) => format!(
                "Upgrade to chart {with_endpoint} or later and set the region endpoint to `{}`.",
                aws_regional_endpoint(code, region.partition())
            ),
            _ => "Choose a region the registry knows.".into(),
        }
    };
    check.error(
        FieldId::S3Region,
        format!(
            "Chart {chart} runs {}, whose AWS region table predates {code}: it would stop at start with \"invalid region provided\". {fix}",
            chart.registry().name()
        ),
    );
}

fn s3_credentials(check: &mut Checker, store: bool) -> Option<S3Credentials> {
    let mode = check.read(FieldId::S3Credentials, |raw| Ok(raw.to_owned())).ok()??;
    match mode.as_str() {
        "keys" => s3_keys(check, store, Need::Required),
        "keys-secret" => {
            // Typed here, the keys are only checked: commands.sh asks for them.
            s3_keys(check, store, Need::Optional)?;
            let name = check.read(FieldId::S3SecretName, SecretName::parse).ok()??;
            Some(S3Credentials::InSecret { name })
        }
        role_mode @ ("irsa" | "pod-identity") => {
            if store {
                check.error(
                    FieldId::S3Credentials,
                    "An S3-compatible store does not know AWS IAM roles: use the keys the store issued.",
                );
            }
            let role = check.read(FieldId::S3RoleArn, RoleArn::parse);
            let credentials = if role_mode == "irsa" {
                let oidc = check.read(FieldId::S3OidcProvider, OidcProvider::parse);
                S3Credentials::Irsa {
                    role: role.ok()??,
                    oidc: oidc.ok()??,
                }
            } else {
                let cluster = check.read(FieldId::S3EksCluster, EksClusterName::parse);
                S3Credentials::PodIdentity {
                    role: role.ok()??,
                    cluster: cluster.ok()??,
                }
            };
            (!store).then_some(credentials)
        }
        _ => {
            if store {
                check.error(
                    FieldId::S3Credentials,
                    "An S3-compatible store has no instance role: use the keys the store issued.",
                );
                return None;
            }
            Some(S3Credentials::DefaultChain)
        }
    }
}

/// The key pair: in the store's own format for an S3-compatible store, AWS's
/// otherwise; both or neither, and both when `need` says so. `None` when any
/// is wrong (the error is recorded); `DefaultChain` when both are empty and
/// may be.
fn s3_keys(check: &mut Checker, store: bool, need: Need) -> Option<S3Credentials> {
    let access_key = check.read_optional(
        FieldId::S3AccessKey,
        if store {
            AccessKeyId::parse_store
        } else {
            AccessKeyId::parse
        },
    );
    let secret_key = check.read_optional(
        FieldId::S3SecretKey,
        if store {
            AwsSecretKey::parse_store
        } else {
            AwsSecretKey::parse
        },
    );
    let checked = "they are only checked here: commands.sh asks for them";
    match (access_key.ok()?, secret_key.ok()?) {
        (Some(access_key), Some(secret_key)) => Some(S3Credentials::Static { access_key, secret_key }),
        (None, None) if need == Need::Optional => Some(S3Credentials::DefaultChain),
        (None, None) if store => {
            check.error(
                FieldId::S3AccessKey,
                "Enter the access key and secret key the store issued for the registry: an S3-compatible store has no instance role.",
            );
            None
        }
        (None, None) => {
            check.error(FieldId::S3AccessKey, REQUIRED);
            check.error(FieldId::S3SecretKey, REQUIRED);
            None
        }
        (Some(_), None) => {
            let message = match need {
                Need::Required => "Enter the secret access key that belongs to the access key ID.".to_owned(),
                Need::Optional => format!("Enter the secret access key too, or clear both ({checked})."),
            };
            check.error(FieldId::S3SecretKey, message);
            None
        }
        (None, Some(_)) => {
            let message = match need {
                Need::Required => "Enter the access key ID that belongs to the secret key.".to_owned(),
                Need::Optional => format!("Enter the access key ID too, or clear both ({checked})."),
            };
            check.error(FieldId::S3AccessKey, message);
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
                check.error(
                    FieldId::S3KeyId,
                    format!(
                        "The key is in {key_region} but the bucket is in {}: S3 can only use a KMS key from the bucket's region. Use a key (or a multi-Region replica) in {}.",
                        region.as_str(),
                        region.as_str()
                    ),
                );
                return None;
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
    let mode = check.read(FieldId::AzureCredentials, |raw| Ok(raw.to_owned())).ok()??;
    let auth = match mode.as_str() {
        "key-secret" => {
            // Typed here, the key is only checked: commands.sh asks for it.
            let _ = check.read_optional(FieldId::AzureAccountKey, AzureAccountKey::parse);
            check
                .read(FieldId::AzureSecretName, SecretName::parse)
                .ok()
                .flatten()
                .map(|name| AzureAuth::InSecret { name })
        }
        _ => check
            .read(FieldId::AzureAccountKey, AzureAccountKey::parse)
            .ok()
            .flatten()
            .map(AzureAuth::Key),
    };
    let container = check.read(FieldId::AzureContainer, AzureContainer::parse);
    let realm = check.read(FieldId::AzureRealm, AzureRealm::parse);
    Some(Azure {
        account_name: account_name.ok()??,
        auth: auth?,
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
