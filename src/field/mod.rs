//! Every input of the form, declared once in the `fields!` table: its stable
//! name (the Helm values path), where it sits, how it is entered, whether it is
//! needed, whether it may be shared, its own rule, its words and the chart
//! release it needs. The form, validation, share links, remembered settings
//! and release gating all read this one table.

mod choices;

pub use choices::{AZURE_MODES, GCS_MODES, MIGRATE_FROM, PLANE_MODES, S3_MODES};

use crate::model::*;
use crate::normalize::{self, Normalized};
use crate::state::Draft;
use choices::one_of;

/// How a field is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A credential: a password input, never stored or shared.
    Secret,
    /// A checkbox; its draft value is `"true"` or `""`.
    Flag,
    /// A radio group; its draft value is one of the choices' values.
    Choice(&'static [Choice]),
}

/// One option of a [`FieldKind::Choice`] field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The value kept in the draft and in links.
    pub value: &'static str,
    /// What the option says.
    pub label: &'static str,
    /// One line under the option.
    pub help: &'static str,
    /// What the release must have for this option (values it knows, or what
    /// its registry program can do).
    pub needs: &'static [Feature],
}

/// Whether a field may be left empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Empty is an error.
    Required,
    /// Empty means the chart default (or "not used").
    Optional,
}

/// Where a field sits in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Platform,
    Backend(BackendKind),
    /// Settings of every object store (GCS, S3, Azure), not of the volume.
    ObjectStores,
}

impl Section {
    /// Whether the section's fields are shown for `backend`.
    pub fn shown_for(self, backend: BackendKind) -> bool {
        match self {
            Section::Platform => true,
            Section::Backend(kind) => kind == backend,
            Section::ObjectStores => backend != BackendKind::Volume,
        }
    }
}

/// Everything about one field.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The field's stable name: the Helm values path, or a short name for
    /// settings that are not Helm values. Links and remembered settings use it,
    /// and so does the input unless [`FieldSpec::input`] says otherwise.
    pub name: &'static str,
    /// The input's `name` where several backends' fields share it (only one
    /// backend's inputs are on the page at a time), e.g. `credentials`.
    pub input: Option<&'static str>,
    /// Shown (and read) only while another field, a mode, holds one of these values.
    pub shown_when: Option<(FieldId, &'static [&'static str])>,
    pub section: Section,
    pub kind: FieldKind,
    pub need: Need,
    /// Whether the value may go into a share link or remembered settings.
    pub shareable: bool,
    /// The field's own rule, whatever the other fields hold; it is only asked
    /// about values that are not empty. Validation applies the typed parser of
    /// the same rule; this one decides what links and storage may keep.
    pub rule: fn(&str) -> Result<(), String>,
    /// What pasted or left text becomes (see `normalize`): the value as meant
    /// where that is certain, else the closest valid value to offer.
    pub normalize: fn(&str, &Draft) -> Normalized,
    pub label: &'static str,
    /// Help text under the input; `backticked` parts are shown as code.
    pub help: &'static str,
    /// Example shown inside an empty input.
    pub placeholder: &'static str,
    /// What a fresh form holds.
    pub initial: &'static str,
    /// Values to offer while typing (any valid value is still accepted).
    pub suggestions: &'static [&'static str],
    /// The chart option it sets, when only some releases know it.
    pub feature: Option<Feature>,
}

/// The defaults every entry of the table starts from: a required text field
/// that may be shared. Each entry overrides what differs.
const TEXT: FieldSpec = FieldSpec {
    name: "",
    input: None,
    shown_when: None,
    section: Section::Platform,
    kind: FieldKind::Text,
    need: Need::Required,
    shareable: true,
    rule: |_| Ok(()),
    normalize: normalize::trim,
    label: "",
    help: "",
    placeholder: "",
    initial: "",
    suggestions: &[],
    feature: None,
};

/// A credential: entered masked, never shared or remembered.
const SECRET: FieldSpec = FieldSpec {
    kind: FieldKind::Secret,
    shareable: false,
    ..TEXT
};

/// A checkbox.
const FLAG: FieldSpec = FieldSpec {
    kind: FieldKind::Flag,
    need: Need::Optional,
    rule: |raw| {
        if raw == "true" {
            Ok(())
        } else {
            Err("Tick the box or leave it empty.".into())
        }
    },
    normalize: normalize::keep,
    ..TEXT
};

const IN_GCS: Section = Section::Backend(BackendKind::Gcs);
const IN_S3: Section = Section::Backend(BackendKind::S3);
const IN_AZURE: Section = Section::Backend(BackendKind::Azure);
const IN_VOLUME: Section = Section::Backend(BackendKind::Volume);

/// Declares [`FieldId`] (one variant a field, in form order), [`FieldId::ALL`],
/// [`FieldId::COUNT`] and the table of [`FieldSpec`]s from one list, so a
/// field is declared in exactly one place.
macro_rules! fields {
    ($($(#[$doc:meta])* $id:ident => $spec:expr,)*) => {
        /// One input of the form, declared in form order (the chosen backend's
        /// settings, then the platform's), which is also the order of problems.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FieldId {
            $($(#[$doc])* $id,)*
        }

        impl FieldId {
            pub const COUNT: usize = [$(stringify!($id)),*].len();
            pub const ALL: [FieldId; FieldId::COUNT] = [$(FieldId::$id),*];
        }

        /// The table, indexed by [`FieldId::index`].
        static FIELDS: [FieldSpec; FieldId::COUNT] = [$($spec),*];
    };
}

/// The rule of a field whose value has a typed parser.
macro_rules! rule {
    ($parse:path) => {
        |raw| $parse(raw).map(drop)
    };
}

fields! {
    GcsBucket => FieldSpec {
        name: "astronomer.registry.gcs.bucket",
        section: IN_GCS,
        rule: rule!(GcsBucket::parse),
        label: "Bucket",
        help: "An existing GCS bucket for the images.",
        placeholder: "my-gcs-bucket",
        ..TEXT
    },
    GcsCredentials => FieldSpec {
        name: "gcsCredentials",
        input: Some("credentials"),
        section: IN_GCS,
        kind: FieldKind::Choice(GCS_MODES),
        rule: |raw| one_of(GCS_MODES, raw),
        label: "How the registry signs in to Google Cloud",
        help: "Workload Identity needs no key at all; a key file is what the Astronomer docs show.",
        initial: "keyfile",
        ..TEXT
    },
    GcsKeyFile => FieldSpec {
        name: "gcsKeyFilePath",
        section: IN_GCS,
        shown_when: Some((FieldId::GcsCredentials, &["keyfile"])),
        rule: rule!(HostPath::parse),
        label: "Service account key file (path on your machine)",
        help: "Where the downloaded JSON key is on the machine you run the commands on. It is read by kubectl there; the key never enters this page.",
        placeholder: "/path/to/key.json",
        ..TEXT
    },
    GcsServiceAccount => FieldSpec {
        name: "gcpServiceAccount",
        section: IN_GCS,
        shown_when: Some((FieldId::GcsCredentials, &["workload-identity"])),
        rule: rule!(GcpServiceAccount::parse),
        label: "Google service account",
        help: "The email of the Google service account the registry acts as; it needs the Storage Legacy Bucket Owner and Storage Object Admin roles on the bucket (the steps grant them).",
        placeholder: "registry@my-project.iam.gserviceaccount.com",
        ..TEXT
    },
    GcsRootDirectory => FieldSpec {
        name: "astronomer.registry.gcs.rootdirectory",
        section: IN_GCS,
        need: Need::Optional,
        rule: rule!(RootDirectory::parse),
        label: "Root directory",
        help: "Prefix for all registry objects inside the bucket. Empty: the chart default, /.",
        placeholder: "/",
        ..TEXT
    },
    GcsChunkSize => FieldSpec {
        name: "astronomer.registry.gcs.chunksize",
        section: IN_GCS,
        need: Need::Optional,
        rule: rule!(ChunkSize::parse),
        label: "Upload chunk size (bytes)",
        help: "Size of each upload chunk: a multiple of 262144 (256 KiB). Empty: the chart default, 5242880.",
        placeholder: "5242880",
        ..TEXT
    },
    S3Bucket => FieldSpec {
        name: "astronomer.registry.s3.bucket",
        section: IN_S3,
        rule: rule!(S3Bucket::parse),
        label: "Bucket",
        help: "An existing S3 bucket for the images.",
        placeholder: "my-s3-bucket",
        ..TEXT
    },
    /// Its own rule accepts a store's region name; validation asks for an AWS
    /// region code unless the endpoint is an S3-compatible store.
    S3Region => FieldSpec {
        name: "astronomer.registry.s3.region",
        section: IN_S3,
        rule: rule!(AwsRegion::parse_custom),
        normalize: normalize::aws_region,
        label: "Region",
        help: "The AWS region of the bucket, e.g. us-east-1. With a region endpoint below: the region name the S3-compatible store is configured with.",
        placeholder: "us-east-1",
        suggestions: KNOWN_REGIONS,
        ..TEXT
    },
    S3Credentials => FieldSpec {
        name: "s3Credentials",
        input: Some("credentials"),
        section: IN_S3,
        kind: FieldKind::Choice(S3_MODES),
        rule: |raw| one_of(S3_MODES, raw),
        label: "How the registry signs in to S3",
        help: "A role (IRSA, Pod Identity, the nodes' role) needs no long-lived key; keys in a Secret keep them out of config.yaml.",
        initial: "keys",
        ..TEXT
    },
    /// Not a secret, but it names one: never shared either. Its own rule
    /// takes a store's key; validation asks for an AWS key unless the
    /// endpoint is an S3-compatible store.
    S3AccessKey => FieldSpec {
        name: "astronomer.registry.s3.accesskey",
        section: IN_S3,
        shown_when: Some((FieldId::S3Credentials, &["keys", "keys-secret"])),
        shareable: false,
        rule: rule!(AccessKeyId::parse_store),
        label: "Access key ID",
        help: "The IAM user's access key ID. Leave both keys empty to use the instance role or IRSA (AWS default credential chain).",
        placeholder: "AKIA…",
        ..TEXT
    },
    S3SecretKey => FieldSpec {
        name: "astronomer.registry.s3.secretkey",
        section: IN_S3,
        shown_when: Some((FieldId::S3Credentials, &["keys", "keys-secret"])),
        rule: rule!(AwsSecretKey::parse_store),
        label: "Secret access key",
        help: "The IAM user's secret access key. It is written into config.yaml only; never into a command.",
        ..SECRET
    },
    S3SecretName => FieldSpec {
        name: "s3SecretName",
        input: Some("secretName"),
        section: IN_S3,
        shown_when: Some((FieldId::S3Credentials, &["keys-secret"])),
        rule: rule!(SecretName::parse),
        label: "Secret name",
        help: "The Kubernetes Secret in the platform namespace that holds the keys (data keys `accesskey` and `secretkey`); commands.sh creates it, asking for the keys.",
        initial: "astronomer-registry-s3",
        ..TEXT
    },
    S3RoleArn => FieldSpec {
        name: "roleArn",
        section: IN_S3,
        shown_when: Some((FieldId::S3Credentials, &["irsa", "pod-identity"])),
        rule: rule!(RoleArn::parse),
        label: "IAM role ARN",
        help: "The role the registry runs as; commands.sh creates it if it does not exist, with the trust policy and iam-policy.json.",
        placeholder: "arn:aws:iam::123456789012:role/astronomer-registry",
        ..TEXT
    },
    S3OidcProvider => FieldSpec {
        name: "oidcProvider",
        section: IN_S3,
        shown_when: Some((FieldId::S3Credentials, &["irsa"])),
        rule: rule!(OidcProvider::parse),
        label: "Cluster OIDC issuer",
        help: "`aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer` prints it; the cluster needs it as an IAM OIDC provider (`eksctl utils associate-iam-oidc-provider`).",
        placeholder: "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
        ..TEXT
    },
    S3EksCluster => FieldSpec {
        name: "eksCluster",
        section: IN_S3,
        shown_when: Some((FieldId::S3Credentials, &["pod-identity"])),
        rule: rule!(EksClusterName::parse),
        label: "EKS cluster name",
        help: "The cluster the platform runs in; it needs the EKS Pod Identity Agent add-on.",
        placeholder: "my-cluster",
        ..TEXT
    },
    S3Encrypt => FieldSpec {
        name: "astronomer.registry.s3.encrypt",
        section: IN_S3,
        label: "Encrypt objects at rest",
        help: "Server-side encryption of every object. With a KMS key below, that key is used; without, S3-managed keys.",
        ..FLAG
    },
    S3KeyId => FieldSpec {
        name: "astronomer.registry.s3.keyid",
        section: IN_S3,
        need: Need::Optional,
        rule: rule!(KmsKey::parse),
        label: "KMS key",
        help: "Optional KMS key for encryption: key ID, key ARN, alias/name or alias ARN. Add the IAM user as a key user.",
        placeholder: "arn:aws:kms:us-east-1:123456789012:key/…",
        ..TEXT
    },
    S3RootDirectory => FieldSpec {
        name: "astronomer.registry.s3.rootdirectory",
        section: IN_S3,
        need: Need::Optional,
        rule: rule!(RootDirectory::parse),
        label: "Root directory",
        help: "Prefix for all registry objects inside the bucket. Empty: the bucket root.",
        placeholder: "/registry",
        ..TEXT
    },
    S3RegionEndpoint => FieldSpec {
        name: "astronomer.registry.s3.regionendpoint",
        section: IN_S3,
        need: Need::Optional,
        rule: rule!(EndpointUrl::parse),
        label: "Region endpoint (S3-compatible stores)",
        help: "Only for S3-compatible stores (MinIO, Ceph, ...): the endpoint URL, e.g. https://minio.example.com:9000. Chart 0.30 or later.",
        placeholder: "https://minio.example.com:9000",
        feature: Some(Feature::S3RegionEndpoint),
        ..TEXT
    },
    AzureAccountName => FieldSpec {
        name: "astronomer.registry.azure.accountname",
        section: IN_AZURE,
        rule: rule!(AzureAccountName::parse),
        normalize: normalize::azure_account,
        label: "Storage account name",
        help: "The storage account that holds the container.",
        placeholder: "mystorageaccount",
        ..TEXT
    },
    AzureCredentials => FieldSpec {
        name: "azureCredentials",
        input: Some("credentials"),
        section: IN_AZURE,
        kind: FieldKind::Choice(AZURE_MODES),
        rule: |raw| one_of(AZURE_MODES, raw),
        label: "Where the account key lives",
        help: "In a Kubernetes Secret the key stays out of config.yaml and the ConfigMap the chart makes of it.",
        initial: "key",
        ..TEXT
    },
    AzureAccountKey => FieldSpec {
        name: "astronomer.registry.azure.accountkey",
        section: IN_AZURE,
        shown_when: Some((FieldId::AzureCredentials, &["key", "key-secret"])),
        rule: rule!(AzureAccountKey::parse),
        label: "Storage account access key",
        help: "One of the storage account's access keys (base64, 88 characters).",
        ..SECRET
    },
    AzureSecretName => FieldSpec {
        name: "azureSecretName",
        input: Some("secretName"),
        section: IN_AZURE,
        shown_when: Some((FieldId::AzureCredentials, &["key-secret"])),
        rule: rule!(SecretName::parse),
        label: "Secret name",
        help: "The Kubernetes Secret in the platform namespace that holds the key (data key `accountkey`); commands.sh creates it, asking for the key.",
        initial: "astronomer-registry-azure",
        ..TEXT
    },
    AzureContainer => FieldSpec {
        name: "astronomer.registry.azure.container",
        section: IN_AZURE,
        rule: rule!(AzureContainer::parse),
        label: "Container",
        help: "The blob container for the images.",
        placeholder: "my-container-name",
        ..TEXT
    },
    AzureRealm => FieldSpec {
        name: "astronomer.registry.azure.realm",
        section: IN_AZURE,
        rule: rule!(AzureRealm::parse),
        label: "Realm (endpoint suffix)",
        help: "core.windows.net for the public cloud; core.chinacloudapi.cn (China) or core.usgovcloudapi.net (US Government).",
        initial: "core.windows.net",
        suggestions: AZURE_REALMS,
        ..TEXT
    },
    VolumeSize => FieldSpec {
        name: "astronomer.registry.persistence.size",
        section: IN_VOLUME,
        need: Need::Optional,
        rule: rule!(Quantity::parse),
        label: "Volume size",
        help: "Size of the PersistentVolumeClaim, e.g. 100Gi. Empty: the chart default, 100Gi.",
        placeholder: "100Gi",
        ..TEXT
    },
    VolumeStorageClass => FieldSpec {
        name: "astronomer.registry.persistence.storageClassName",
        section: IN_VOLUME,
        need: Need::Optional,
        rule: rule!(StorageClassName::parse),
        label: "Storage class",
        help: "StorageClass of the claim. Empty: the cluster's default class.",
        ..TEXT
    },
    RedirectDisable => FieldSpec {
        name: "astronomer.registry.redirect.disable",
        section: Section::ObjectStores,
        label: "Serve images through the registry (no redirects to the bucket)",
        help: "By default the registry redirects each image download to a signed URL on the storage host, which every client (the nodes, CI machines) must then reach itself. Tick this when they cannot, e.g. for a store reached by a cluster-internal address.",
        feature: Some(Feature::RedirectDisable),
        ..FLAG
    },
    MigrateFrom => FieldSpec {
        name: "migrateFrom",
        section: Section::ObjectStores,
        kind: FieldKind::Choice(MIGRATE_FROM),
        rule: |raw| one_of(MIGRATE_FROM, raw),
        label: "Where are the images now?",
        help: "Images already in the registry stay where they are unless they are copied: deployments whose pods restart could no longer pull them.",
        initial: "volume",
        ..TEXT
    },
    MigrateSource => FieldSpec {
        name: "migrateSource",
        section: Section::ObjectStores,
        shown_when: Some((FieldId::MigrateFrom, &["store"])),
        rule: |raw| check_scalar(raw, false),
        label: "Bucket or container in use today",
        help: "Its name, in the same cloud and account as the new one.",
        placeholder: "old-registry-bucket",
        ..TEXT
    },
    Release => FieldSpec {
        name: "release",
        rule: rule!(ReleaseName::parse),
        label: "Helm release name",
        help: "The Helm release of the platform; `helm list -n <namespace>` shows it. Usually astronomer.",
        initial: "astronomer",
        ..TEXT
    },
    Namespace => FieldSpec {
        name: "namespace",
        rule: rule!(Namespace::parse),
        label: "Platform namespace",
        help: "The Kubernetes namespace the platform runs in. Usually astronomer.",
        initial: "astronomer",
        ..TEXT
    },
    ChartVersion => FieldSpec {
        name: "chartVersion",
        rule: rule!(ChartVersion::parse),
        normalize: normalize::chart_version,
        label: "Installed chart version",
        help: "The astronomer chart version now installed (CHART column of `helm list`), e.g. 0.37.4. The upgrade is pinned to it so only the configuration changes, and the files follow what that release and its registry know.",
        placeholder: "0.37.4",
        suggestions: &VERSIONS,
        ..TEXT
    },
    PlaneMode => FieldSpec {
        name: "planeMode",
        kind: FieldKind::Choice(PLANE_MODES),
        rule: rule!(PlaneMode::parse),
        label: "How this release is installed",
        help: "Releases from 1.0 can split the platform into a control plane and data planes (`global.plane.mode` in the platform's config file).",
        initial: "unified",
        feature: Some(Feature::PlaneMode),
        ..TEXT
    },
}

impl FieldId {
    /// Everything about the field.
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self.index()]
    }

    /// Position in [`FieldId::ALL`], for arrays indexed by field.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The `name` of its input on the page.
    pub fn input_name(self) -> &'static str {
        self.spec().input.unwrap_or(self.spec().name)
    }

    pub fn from_name(name: &str) -> Option<FieldId> {
        FieldId::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The element id of the input (for labels and error links), unique
    /// even where inputs share a name.
    pub fn dom_id(self) -> String {
        format!("field-{}", self.name().replace('.', "-"))
    }

    pub fn kind(self) -> FieldKind {
        self.spec().kind
    }

    pub fn section(self) -> Section {
        self.spec().section
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// What a fresh form holds.
    pub fn initial(self) -> &'static str {
        self.spec().initial
    }

    /// Whether leaving it empty is fine (the chart default applies).
    pub fn optional(self) -> bool {
        self.spec().need == Need::Optional
    }

    /// Whether `raw` passes the field's own rule; empty always does (whether
    /// empty is allowed is [`FieldSpec::need`], a question for validation).
    pub fn accepts(self, raw: &str) -> bool {
        raw.is_empty() || (self.spec().rule)(raw).is_ok()
    }

    /// The fields shown for a backend, in form order: the backend's settings,
    /// then the platform's.
    pub fn shown_for(backend: BackendKind) -> impl Iterator<Item = FieldId> {
        FieldId::ALL
            .into_iter()
            .filter(move |field| field.section().shown_for(backend))
    }

    /// The fields of one section, in form order.
    pub fn in_section(section: Section) -> impl Iterator<Item = FieldId> {
        FieldId::ALL.into_iter().filter(move |field| field.section() == section)
    }
}

impl FieldKind {
    /// What the draft keeps when `value` is entered: flags hold `"true"` or
    /// nothing, choices only one of their values (`None`: keep the old value).
    pub fn normalize(self, value: String) -> Option<String> {
        match self {
            FieldKind::Text | FieldKind::Secret => Some(value),
            FieldKind::Flag if value == "true" => Some(value),
            FieldKind::Flag => Some(String::new()),
            FieldKind::Choice(choices) => choices.iter().any(|choice| choice.value == value).then_some(value),
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
    fn every_entry_has_a_name_label_help_and_a_valid_initial_value() {
        for field in FieldId::ALL {
            let spec = field.spec();
            assert!(!spec.name.is_empty() && !spec.label.is_empty(), "{field:?}");
            assert!(spec.help.ends_with('.'), "{field:?}: help is a sentence");
            assert!(field.accepts(spec.initial), "{field:?}: {:?}", spec.initial);
        }
    }

    #[test]
    fn secrets_are_never_shareable() {
        for field in FieldId::ALL {
            if field.kind() == FieldKind::Secret {
                assert!(!field.spec().shareable, "{field:?}");
            }
        }
        assert!(!FieldId::S3AccessKey.spec().shareable);
    }

    #[test]
    fn every_suggestion_passes_its_field_rule() {
        assert!(!FieldId::S3Region.spec().suggestions.is_empty());
        for field in FieldId::ALL {
            for value in field.spec().suggestions {
                assert!(field.accepts(value), "{field:?}: {value}");
            }
        }
        for region in FieldId::S3Region.spec().suggestions {
            assert!(AwsRegion::parse(region).is_ok(), "{region}");
        }
    }

    #[test]
    fn helm_values_fields_are_named_by_their_path() {
        for field in FieldId::ALL {
            // A Helm value of a backend sits under that backend's key; the
            // other names (modes, paths, names for commands) are not values.
            if let Section::Backend(kind) = field.section()
                && field.name().starts_with("astronomer.")
            {
                let prefix = format!("astronomer.registry.{}.", kind.values_key());
                assert!(field.name().starts_with(&prefix), "{field:?}");
            }
        }
    }

    #[test]
    fn every_choice_passes_its_field_rule_and_modes_name_shown_fields() {
        for field in FieldId::ALL {
            if let FieldKind::Choice(choices) = field.kind() {
                for choice in choices {
                    assert!(field.accepts(choice.value), "{field:?}: {}", choice.value);
                }
                assert!(field.accepts(field.spec().initial), "{field:?}");
            }
            if let Some((mode, values)) = field.spec().shown_when {
                let FieldKind::Choice(choices) = mode.kind() else {
                    panic!("{field:?} depends on {mode:?}, which is not a radio group");
                };
                assert_eq!(mode.section(), field.section(), "{field:?}");
                for value in values {
                    assert!(
                        choices.iter().any(|choice| choice.value == *value),
                        "{field:?}: {value}"
                    );
                }
            }
        }
    }

    #[test]
    fn input_names_are_unique_within_a_backend() {
        for backend in BackendKind::ALL {
            let names: Vec<&str> = FieldId::shown_for(backend).map(FieldId::input_name).collect();
            for (position, name) in names.iter().enumerate() {
                assert!(!names[..position].contains(name), "{backend:?}: {name} twice");
            }
        }
    }

    #[test]
    fn kinds_normalize_what_the_draft_keeps() {
        const CHOICES: &[Choice] = &[
            Choice {
                value: "a",
                label: "A",
                help: "",
                needs: &[],
            },
            Choice {
                value: "b",
                label: "B",
                help: "",
                needs: &[],
            },
        ];
        let choice = FieldKind::Choice(CHOICES);
        assert_eq!(choice.normalize("b".into()), Some("b".into()));
        assert_eq!(choice.normalize("c".into()), None);
        assert_eq!(FieldKind::Flag.normalize("yes".into()), Some(String::new()));
        assert_eq!(FieldKind::Flag.normalize("true".into()), Some("true".into()));
        assert_eq!(FieldKind::Secret.normalize(" x".into()), Some(" x".into()));
    }
}
