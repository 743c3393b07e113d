//! Amazon S3 and S3-compatible stores: its rows of the field table, its
//! credential modes, how the raw values become [`S3`] (with the registry's own
//! rules for regions and endpoints), what the registry needs beyond the
//! chart's values, and how an imported file selects its mode.

use super::check::{Checker, value};
use super::config::{EnvValue, EnvVar};
use super::mode::modes;
use super::{CHOICE, Detected, FLAG, FieldId, FieldKind, FieldSpec, File, Need, Rows, SECRET, Section, TEXT, rule};
use crate::model::{
    AccessKeyId, AwsRegion, AwsSecretKey, BackendKind, ChartVersion, EksClusterName, EndpointUrl, Feature,
    KNOWN_REGIONS, KmsKey, OidcProvider, REQUIRED, Registry, RoleArn, RootDirectory, S3Bucket, SecretName,
    aws_regional_endpoint, is_compatible_store,
};
use crate::normalize::Normalizer;

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
        self.region_endpoint
            .as_ref()
            .is_some_and(|endpoint| is_compatible_store(endpoint.as_str()))
    }

    /// What the registry of this release needs on its container to read the
    /// bucket as meant: the keys from their Secret, and path-style requests
    /// for a store on 3.x.
    pub(super) fn extra_env(&self, registry: Registry) -> Vec<EnvVar> {
        let mut env = Vec::new();
        if let Some(name) = self.credentials.secret() {
            let from = |key| EnvValue::SecretKey {
                secret: name.as_str().to_owned(),
                key,
            };
            env.extend([
                EnvVar {
                    name: "REGISTRY_STORAGE_S3_ACCESSKEY",
                    value: from("accesskey"),
                    why: "the access key ID, from the Secret",
                },
                EnvVar {
                    name: "REGISTRY_STORAGE_S3_SECRETKEY",
                    value: from("secretkey"),
                    why: "the secret access key, from the Secret",
                },
            ]);
        }
        if registry.is_v3() && self.is_compatible_store() {
            env.push(EnvVar {
                name: "REGISTRY_STORAGE_S3_FORCEPATHSTYLE",
                value: EnvValue::Literal("true"),
                why: "registry 3.x addresses buckets as <bucket>.<endpoint host> unless told otherwise, which S3-compatible stores rarely serve (2.x did this by itself)",
            });
        }
        env
    }

    /// The annotation of the ServiceAccount the chart must create, when the
    /// mode needs one (`Some(None)`: one without an annotation).
    pub fn service_account(&self) -> Option<Option<(&'static str, String)>> {
        match &self.credentials {
            S3Credentials::Irsa { role, .. } => Some(Some(("eks.amazonaws.com/role-arn", role.as_str().to_owned()))),
            S3Credentials::PodIdentity { .. } => Some(None),
            S3Credentials::Static { .. } | S3Credentials::InSecret { .. } | S3Credentials::DefaultChain => None,
        }
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
    /// The form's option for these credentials.
    pub fn mode(&self) -> S3Mode {
        match self {
            S3Credentials::Static { .. } => S3Mode::Keys,
            S3Credentials::InSecret { .. } => S3Mode::KeysSecret,
            S3Credentials::Irsa { .. } => S3Mode::Irsa,
            S3Credentials::PodIdentity { .. } => S3Mode::PodIdentity,
            S3Credentials::DefaultChain => S3Mode::NodeRole,
        }
    }

    /// The Kubernetes Secret that holds the keys, in the mode that keeps them there.
    pub fn secret(&self) -> Option<&SecretName> {
        match self {
            S3Credentials::InSecret { name } => Some(name),
            S3Credentials::Static { .. }
            | S3Credentials::Irsa { .. }
            | S3Credentials::PodIdentity { .. }
            | S3Credentials::DefaultChain => None,
        }
    }

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

modes! {
    /// How the registry signs in to S3.
    pub enum S3Mode {
        Keys = "keys" {
            label: "Access keys in config.yaml",
            help: page_text!("An IAM user's keys, inline, as the Astronomer docs show. The chart copies them into a ConfigMap."),
            needs: &[],
        },
        KeysSecret = "keys-secret" {
            label: "Access keys in a Kubernetes Secret",
            help: page_text!("The keys stay out of config.yaml: the registry reads them from a Secret through `extraEnv`."),
            needs: &[Feature::ExtraEnv],
        },
        Irsa = "irsa" {
            label: "IAM role for the ServiceAccount (IRSA)",
            help: page_text!("No key: EKS gives the registry's ServiceAccount an IAM role through the cluster's OIDC provider."),
            needs: &[Feature::ServiceAccount, Feature::WebIdentity],
        },
        PodIdentity = "pod-identity" {
            label: "EKS Pod Identity",
            help: page_text!("No key: an EKS Pod Identity association gives the registry's ServiceAccount an IAM role."),
            needs: &[Feature::ServiceAccount, Feature::PodIdentity],
        },
        NodeRole = "node-role" {
            label: "The nodes' instance role",
            help: page_text!("No key: the registry uses the IAM role of the nodes it runs on (the AWS default credential chain)."),
            needs: &[],
        },
    }
}

impl S3Mode {
    /// The inputs the mode shows.
    pub fn inputs(self) -> &'static [FieldId] {
        match self {
            S3Mode::Keys => &[FieldId::S3AccessKey, FieldId::S3SecretKey],
            S3Mode::KeysSecret => &[FieldId::S3SecretName],
            S3Mode::Irsa => &[FieldId::S3RoleArn, FieldId::S3OidcProvider],
            S3Mode::PodIdentity => &[FieldId::S3RoleArn, FieldId::S3EksCluster],
            S3Mode::NodeRole => &[],
        }
    }
}

const IN_S3: Section = Section::Backend(BackendKind::S3);

pub(super) const FIELDS: Rows = &[
    (
        FieldId::S3Bucket,
        FieldSpec {
            name: "astronomer.registry.s3.bucket",
            section: IN_S3,
            rule: rule!(S3Bucket::parse),
            normalize: Normalizer::S3Bucket,
            also: Some(FieldId::S3RootDirectory),
            label: "Bucket",
            help: page_text!("An existing S3 bucket for the images."),
            placeholder: "my-s3-bucket",
            ..TEXT
        },
    ),
    // Its own rule accepts a store's region name; validation asks for an AWS
    // region code unless the endpoint is an S3-compatible store.
    (
        FieldId::S3Region,
        FieldSpec {
            name: "astronomer.registry.s3.region",
            section: IN_S3,
            rule: rule!(AwsRegion::parse_custom),
            normalize: Normalizer::AwsRegion,
            label: "Region",
            help: page_text!(
                "The AWS region of the bucket, e.g. us-east-1. With a region endpoint below: the region name the S3-compatible store is configured with."
            ),
            placeholder: "us-east-1",
            suggestions: KNOWN_REGIONS,
            ..TEXT
        },
    ),
    (
        FieldId::S3Credentials,
        FieldSpec {
            name: "s3Credentials",
            input: Some("credentials"),
            section: IN_S3,
            kind: FieldKind::Choice(&S3Mode::MODES),
            rule: rule!(S3Mode::parse),
            label: "How the registry signs in to S3",
            help: page_text!(
                "A role (IRSA, Pod Identity, the nodes' role) needs no long-lived key; keys in a Secret keep them out of config.yaml."
            ),
            initial: S3Mode::Keys.as_str(),
            ..CHOICE
        },
    ),
    // Not a secret, but it names one: never shared either. Its own rule
    // takes a store's key; validation asks for an AWS key unless the
    // endpoint is an S3-compatible store.
    (
        FieldId::S3AccessKey,
        FieldSpec {
            name: "astronomer.registry.s3.accesskey",
            section: IN_S3,
            mode: Some(FieldId::S3Credentials),
            shareable: false,
            rule: rule!(AccessKeyId::parse_store),
            label: "Access key ID",
            help: page_text!(
                "The access key ID of the IAM user the registry signs in as (or the key an S3-compatible store issued). To sign in without a key, choose a role above."
            ),
            placeholder: "AKIA…",
            ..TEXT
        },
    ),
    (
        FieldId::S3SecretKey,
        FieldSpec {
            name: "astronomer.registry.s3.secretkey",
            section: IN_S3,
            mode: Some(FieldId::S3Credentials),
            rule: rule!(AwsSecretKey::parse_store),
            normalize: Normalizer::AwsSecretKey,
            label: "Secret access key",
            help: page_text!(
                "The IAM user's secret access key. It is written into config.yaml only; never into a command."
            ),
            ..SECRET
        },
    ),
    (
        FieldId::S3SecretName,
        FieldSpec {
            name: "s3SecretName",
            input: Some("secretName"),
            section: IN_S3,
            mode: Some(FieldId::S3Credentials),
            rule: rule!(SecretName::parse),
            label: "Secret name",
            help: page_text!(
                "The Kubernetes Secret in the platform namespace that holds the keys (data keys `accesskey` and `secretkey`); commands.sh creates it, asking for the keys."
            ),
            initial: "astronomer-registry-s3",
            ..TEXT
        },
    ),
    (
        FieldId::S3RoleArn,
        FieldSpec {
            name: "roleArn",
            section: IN_S3,
            mode: Some(FieldId::S3Credentials),
            rule: rule!(RoleArn::parse),
            label: "IAM role ARN",
            help: page_text!(
                "The role the registry runs as; commands.sh creates it if it does not exist, with the trust policy and iam-policy.json."
            ),
            placeholder: "arn:aws:iam::123456789012:role/astronomer-registry",
            ..TEXT
        },
    ),
    (
        FieldId::S3OidcProvider,
        FieldSpec {
            name: "oidcProvider",
            section: IN_S3,
            mode: Some(FieldId::S3Credentials),
            rule: rule!(OidcProvider::parse),
            label: "Cluster OIDC issuer",
            help: page_text!(
                "`aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer` prints it; the cluster needs it as an IAM OIDC provider (`eksctl utils associate-iam-oidc-provider`)."
            ),
            placeholder: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            ..TEXT
        },
    ),
    (
        FieldId::S3EksCluster,
        FieldSpec {
            name: "eksCluster",
            section: IN_S3,
            mode: Some(FieldId::S3Credentials),
            rule: rule!(EksClusterName::parse),
            label: "EKS cluster name",
            help: page_text!("The cluster the platform runs in; it needs the EKS Pod Identity Agent add-on."),
            placeholder: "my-cluster",
            ..TEXT
        },
    ),
    (
        FieldId::S3Encrypt,
        FieldSpec {
            name: "astronomer.registry.s3.encrypt",
            section: IN_S3,
            label: "Encrypt objects at rest",
            help: page_text!(
                "Server-side encryption of every object. With a KMS key below, that key is used; without, S3-managed keys."
            ),
            ..FLAG
        },
    ),
    (
        FieldId::S3KeyId,
        FieldSpec {
            name: "astronomer.registry.s3.keyid",
            section: IN_S3,
            need: Need::Optional,
            rule: rule!(KmsKey::parse),
            label: "KMS key",
            help: page_text!(
                "Optional KMS key for encryption: key ID, key ARN, alias/name or alias ARN. The identity the registry signs in as (the IAM user, or the role) must be a key user: the steps say how."
            ),
            placeholder: "arn:aws:kms:us-east-1:123456789012:key/…",
            ..TEXT
        },
    ),
    (
        FieldId::S3RootDirectory,
        FieldSpec {
            name: "astronomer.registry.s3.rootdirectory",
            section: IN_S3,
            need: Need::Optional,
            rule: rule!(RootDirectory::parse),
            label: "Root directory",
            help: page_text!("Prefix for all registry objects inside the bucket. Empty: the bucket root."),
            placeholder: "/registry",
            ..TEXT
        },
    ),
    (
        FieldId::S3RegionEndpoint,
        FieldSpec {
            name: "astronomer.registry.s3.regionendpoint",
            section: IN_S3,
            need: Need::Optional,
            rule: rule!(EndpointUrl::parse),
            label: "Region endpoint (S3-compatible stores)",
            help: page_text!(
                "Only for S3-compatible stores (MinIO, Ceph, ...): the endpoint URL, e.g. https://minio.example.com:9000. Chart 0.30 or later."
            ),
            placeholder: "https://minio.example.com:9000",
            feature: Some(Feature::S3RegionEndpoint),
            ..TEXT
        },
    ),
];

pub(super) fn read(check: &mut Checker) -> Option<S3> {
    let bucket = check.read(FieldId::S3Bucket, S3Bucket::parse);
    if let Some(warning) = value(&bucket).and_then(S3Bucket::warning) {
        check.warning(FieldId::S3Bucket, warning);
    }
    // An S3-compatible store names its own region and issues its own keys;
    // AWS (its own endpoints too) needs a real region code and AWS keys.
    let store = is_compatible_store(check.values.value(FieldId::S3RegionEndpoint));
    let region = check.read(
        FieldId::S3Region,
        if store {
            AwsRegion::parse_custom
        } else {
            AwsRegion::parse
        },
    );
    let credentials = credentials(check, store);
    let encryption = encryption(check, value(&region));
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
                say!(
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
    let fix_endpoint = say!(
        "Set the region endpoint to `{}`: with an endpoint the registry skips the check.",
        aws_regional_endpoint(code, region.partition())
    );
    let knows_region = |version: ChartVersion| version.registry().regions().contains(&code);
    let fix = match chart.lacks(&[Feature::S3RegionEndpoint]) {
        None => fix_endpoint,
        Some(lack) => match (lack.next, chart.next_where(knows_region)) {
            (Some(with_endpoint), Some(knowing)) => say!(
                "Upgrade to chart {with_endpoint} or later and set the region endpoint to `{}`, or to chart {knowing}, whose registry knows the region.",
                aws_regional_endpoint(code, region.partition())
            ),
            (Some(with_endpoint), None) => say!(
                "Upgrade to chart {with_endpoint} or later and set the region endpoint to `{}`.",
                aws_regional_endpoint(code, region.partition())
            ),
            _ => say!("Choose a region the registry knows."),
        },
    };
    check.error(
        FieldId::S3Region,
        say!(
            "Chart {chart} runs {}, whose AWS region table predates {code}: it would stop at start with \"invalid region provided\". {fix}",
            chart.registry().name()
        ),
    );
}

fn credentials(check: &mut Checker, store: bool) -> Option<S3Credentials> {
    let mode = check.read(FieldId::S3Credentials, S3Mode::parse).ok()??;
    let role_mode = |check: &mut Checker| {
        if store {
            check.error(
                FieldId::S3Credentials,
                "An S3-compatible store does not know AWS IAM roles: use the keys the store issued.",
            );
        }
        check.read(FieldId::S3RoleArn, RoleArn::parse)
    };
    match mode {
        S3Mode::Keys => keys(check, store, Need::Required),
        S3Mode::KeysSecret => {
            // The page never holds these keys: commands.sh asks for them.
            let name = check.read(FieldId::S3SecretName, SecretName::parse).ok()??;
            Some(S3Credentials::InSecret { name })
        }
        S3Mode::Irsa => {
            let role = role_mode(check);
            let oidc = check.read(FieldId::S3OidcProvider, OidcProvider::parse);
            let credentials = S3Credentials::Irsa {
                role: role.ok()??,
                oidc: oidc.ok()??,
            };
            (!store).then_some(credentials)
        }
        S3Mode::PodIdentity => {
            let role = role_mode(check);
            let cluster = check.read(FieldId::S3EksCluster, EksClusterName::parse);
            let credentials = S3Credentials::PodIdentity {
                role: role.ok()??,
                cluster: cluster.ok()??,
            };
            (!store).then_some(credentials)
        }
        S3Mode::NodeRole => {
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
fn keys(check: &mut Checker, store: bool, need: Need) -> Option<S3Credentials> {
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
                Need::Required => say!("Enter the secret access key that belongs to the access key ID."),
                Need::Optional => say!("Enter the secret access key too, or clear both ({checked})."),
            };
            check.error(FieldId::S3SecretKey, message);
            None
        }
        (None, Some(_)) => {
            let message = match need {
                Need::Required => say!("Enter the access key ID that belongs to the secret key."),
                Need::Optional => say!("Enter the access key ID too, or clear both ({checked})."),
            };
            check.error(FieldId::S3AccessKey, message);
            None
        }
    }
}

fn encryption(check: &mut Checker, region: Option<&AwsRegion>) -> Option<S3Encryption> {
    let encrypt = check.values.flag(FieldId::S3Encrypt);
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
                    say!(
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

/// How the file's registry signs in to S3: keys from a Secret through
/// `extraEnv`, a role through a ServiceAccount annotation, keys inline, or
/// none (the nodes' role).
pub(super) fn detect(file: &impl File) -> Option<Detected> {
    if !file.present("s3") {
        return None;
    }
    let mode = |mode: S3Mode| (FieldId::S3Credentials, mode.as_str());
    Some(
        if let Some(secret) = file.env_secret(&["REGISTRY_STORAGE_S3_ACCESSKEY", "REGISTRY_STORAGE_S3_SECRETKEY"]) {
            Detected {
                mode: mode(S3Mode::KeysSecret),
                why: format!("keys from the Secret {secret} (extraEnv)"),
                values: vec![(FieldId::S3SecretName, secret)],
            }
        } else if let Some(role) = file.annotation("eks.amazonaws.com/role-arn") {
            Detected {
                mode: mode(S3Mode::Irsa),
                why: format!("the IAM role {role} (ServiceAccount annotation)"),
                values: vec![(FieldId::S3RoleArn, role)],
            }
        } else if file.has("s3.accesskey") || file.has("s3.secretkey") {
            Detected {
                mode: mode(S3Mode::Keys),
                why: "access keys in the file".into(),
                values: Vec::new(),
            }
        } else {
            Detected {
                mode: mode(S3Mode::NodeRole),
                why: "no keys: the nodes' instance role".into(),
                values: Vec::new(),
            }
        },
    )
}
