//! The settings, one module per owner: each backend (`gcs`, `s3`, `azure`,
//! `volume`), the object stores' shared settings (`stores`) and the platform
//! (`platform`) owns its rows of the field table, its radio groups (modes as
//! enums), how the raw values become its typed config, and how an imported
//! file selects its mode. The chart's keys are one table read from the chart
//! itself (`model::chart_keys`), which a test holds every row to. This module
//! holds what they share: the field ids, the table's types and the assembled
//! table, the raw values they read (`Values`), the checker (`check`) and the
//! typed `Config` (`config`).
//!
//! Adding a setting: a `FieldId` variant here, its row, typed value and read
//! in its owner's module, and its place in `render/config.rs`
//! (ARCHITECTURE.md, "Adding a setting").

/// Text only the page shows (the help under a field or an option). The
/// worker, which never shows it, is built with the `worker` feature and
/// without these texts (about 2 KB gzipped of its download).
macro_rules! page_text {
    ($text:expr) => {
        if cfg!(feature = "worker") { "" } else { $text }
    };
}

mod azure;
mod check;
mod config;
mod gcs;
pub(crate) mod mode;
mod platform;
mod s3;
mod stores;
mod volume;

pub use azure::{Azure, AzureAuth, AzureMode};
pub use check::{
    Issue, Severity, Validation, choice_unsupported, choices_unavailable, unavailable, unsupported, validate,
};
pub use config::{Backend, Config, EnvValue, EnvVar, ServiceAccount};
pub use gcs::{Gcs, GcsAuth, GcsMode};
pub use mode::{Choice, Modes};
pub use platform::{PlaneMode, Platform};
pub use s3::{S3, S3Credentials, S3Encryption, S3Mode};
pub use stores::{MigrateFrom, Migration, redirect_forced};
pub use volume::Volume;

use crate::model::BackendKind;
use crate::normalize::{Context, Normalized, Normalizer};

/// How a field is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A credential: a password input, never stored or shared.
    Secret,
    /// A checkbox; its draft value is `"true"` or `""`.
    Flag,
    /// A radio group of one of the mode enums; its draft value is one of the
    /// options' wire names.
    Choice(&'static Modes),
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
    /// The radio group this field is an input of: it is shown (and read) only
    /// while the chosen option lists it among its inputs.
    pub mode: Option<FieldId>,
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
    pub normalize: Normalizer,
    /// The field a URL entered here may fill too (see
    /// `normalize::Normalized::Split`): a bucket's root directory, an Azure
    /// account's container.
    pub also: Option<FieldId>,
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
    pub feature: Option<crate::model::Feature>,
}

/// The defaults every row starts from: a required text field that may be
/// shared. Each row overrides what differs.
const TEXT: FieldSpec = FieldSpec {
    name: "",
    input: None,
    mode: None,
    section: Section::Platform,
    kind: FieldKind::Text,
    need: Need::Required,
    shareable: true,
    rule: |_| Ok(()),
    normalize: Normalizer::Trim,
    also: None,
    label: "",
    help: page_text!(""),
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
    normalize: Normalizer::Keep,
    ..TEXT
};

/// A radio group of a mode enum.
const CHOICE: FieldSpec = FieldSpec {
    normalize: Normalizer::Keep,
    ..TEXT
};

/// The rule of a field whose value has a typed parser.
macro_rules! rule {
    ($parse:path) => {
        |raw| $parse(raw).map(drop)
    };
}
use rule;

/// Declares [`FieldId`] (one variant a field, in form order), [`FieldId::ALL`]
/// and [`FieldId::COUNT`]. The rows themselves live in their owners' modules.
macro_rules! field_ids {
    ($($(#[$doc:meta])* $id:ident,)*) => {
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
    };
}

field_ids! {
    // gcs.rs
    GcsBucket,
    GcsCredentials,
    GcsKeyFile,
    GcsServiceAccount,
    GcsRootDirectory,
    GcsChunkSize,
    // s3.rs
    S3Bucket,
    S3Region,
    S3Credentials,
    S3AccessKey,
    S3SecretKey,
    S3SecretName,
    S3RoleArn,
    S3OidcProvider,
    S3EksCluster,
    S3Encrypt,
    S3KeyId,
    S3RootDirectory,
    S3RegionEndpoint,
    // azure.rs
    AzureAccountName,
    AzureCredentials,
    AzureAccountKey,
    AzureSecretName,
    AzureContainer,
    AzureRealm,
    // volume.rs
    VolumeSize,
    VolumeStorageClass,
    // stores.rs
    RedirectDisable,
    MigrateFrom,
    MigrateSource,
    // platform.rs
    Release,
    Namespace,
    ChartVersion,
    UpgradeFrom,
    PlaneMode,
}

/// One owner's rows of the field table.
type Rows = &'static [(FieldId, FieldSpec)];

/// The table, indexed by [`FieldId::index`]: every owner's rows in place.
/// A field without a row, or with two, fails to compile.
static FIELDS: [FieldSpec; FieldId::COUNT] = table(&[
    gcs::FIELDS,
    s3::FIELDS,
    azure::FIELDS,
    volume::FIELDS,
    stores::FIELDS,
    platform::FIELDS,
]);

const fn table(owners: &[Rows]) -> [FieldSpec; FieldId::COUNT] {
    let mut table = [TEXT; FieldId::COUNT];
    let mut placed = [false; FieldId::COUNT];
    let mut owner = 0;
    while owner < owners.len() {
        let mut row = 0;
        while row < owners[owner].len() {
            let (field, spec) = owners[owner][row];
            assert!(!placed[field as usize], "a field has two rows");
            table[field as usize] = spec;
            placed[field as usize] = true;
            row += 1;
        }
        owner += 1;
    }
    let mut field = 0;
    while field < FieldId::COUNT {
        assert!(placed[field], "a field has no row");
        field += 1;
    }
    table
}

/// The raw text of every field, as typed: what the owners read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Values([String; FieldId::COUNT]);

impl Default for Values {
    /// What a fresh form holds.
    fn default() -> Self {
        Values(FieldId::ALL.map(|field| field.initial().to_owned()))
    }
}

impl Values {
    pub fn value(&self, field: FieldId) -> &str {
        &self.0[field.index()]
    }

    pub fn flag(&self, field: FieldId) -> bool {
        self.value(field) == "true"
    }

    /// Sets what the field holds, as its kind keeps it (see
    /// [`FieldKind::normalize`]); `false` when the value was not taken.
    pub fn set(&mut self, field: FieldId, value: String) -> bool {
        match field.kind().normalize(value) {
            Some(value) => {
                self.0[field.index()] = value;
                true
            }
            None => false,
        }
    }

    /// What the field's normaliser makes of the value it holds.
    pub fn normalized(&self, field: FieldId) -> Normalized {
        let context = Context {
            compatible_store: crate::model::is_compatible_store(self.value(FieldId::S3RegionEndpoint)),
            second: field.spec().also.map_or("", |second| self.value(second)),
        };
        field.spec().normalize.apply(self.value(field), &context)
    }

    /// Whether the field is on the page for `backend`: its section is shown,
    /// and the radio group it is an input of (if any) shows it.
    pub fn shown(&self, backend: BackendKind, field: FieldId) -> bool {
        let spec = field.spec();
        spec.section.shown_for(backend)
            && spec.mode.is_none_or(|mode| match mode.kind() {
                FieldKind::Choice(modes) => (modes.shows)(self.value(mode), field),
                FieldKind::Text | FieldKind::Secret | FieldKind::Flag => true,
            })
    }
}

/// What an imported file says about the registry block, as the owners ask
/// it to find the file's credential mode (the import module answers).
pub trait File {
    /// Whether `path` under `astronomer.registry` is in the file at all.
    fn present(&self, path: &str) -> bool;
    /// Whether `path` under `astronomer.registry` (e.g. `s3.accesskey`) holds
    /// a value that is not null.
    fn has(&self, path: &str) -> bool;
    /// Whether `path` holds a value Helm's templates take as false.
    fn is_false(&self, path: &str) -> bool;
    /// The Secret an `extraEnv` entry named one of `names` reads from.
    fn env_secret(&self, names: &[&str]) -> Option<String>;
    /// A ServiceAccount annotation of the registry.
    fn annotation(&self, key: &str) -> Option<String>;
}

/// The credential mode an imported file selects for one object store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    /// The radio group, and the wire name of the option the file selects.
    pub mode: (FieldId, &'static str),
    /// What the page says about it, e.g. "keys from the Secret registry-s3 (extraEnv)".
    pub why: String,
    /// The inputs of the mode the file names outside the store's own keys
    /// (a Secret name, a role ARN, a service account).
    pub values: Vec<(FieldId, String)>,
}

/// The credential mode an imported file selects for each object store it has.
pub fn detect(file: &impl File) -> Vec<Detected> {
    [s3::detect(file), gcs::detect(file), azure::detect(file)]
        .into_iter()
        .flatten()
        .collect()
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
            FieldKind::Choice(modes) => modes
                .choices
                .iter()
                .any(|choice| choice.value == value)
                .then_some(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AwsRegion;

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
    fn every_choice_passes_its_field_rule_and_mode_inputs_name_their_group() {
        for field in FieldId::ALL {
            if let FieldKind::Choice(modes) = field.kind() {
                for choice in modes.choices {
                    assert!(field.accepts(choice.value), "{field:?}: {}", choice.value);
                }
                assert!(field.accepts(field.spec().initial), "{field:?}");
            }
            // Every input some option shows names that radio group, and the
            // other way round.
            for other in FieldId::ALL {
                if let FieldKind::Choice(modes) = other.kind() {
                    let shown = modes.choices.iter().any(|choice| (modes.shows)(choice.value, field));
                    assert_eq!(shown, field.spec().mode == Some(other), "{field:?} in {other:?}");
                }
            }
            if let Some(mode) = field.spec().mode {
                assert_eq!(mode.section(), field.section(), "{field:?}");
            }
        }
    }

    /// Every field named after a Helm value is a key the chart reads
    /// (`model::chart_keys`), in exactly the releases its row allows.
    #[test]
    fn every_helm_value_field_is_a_key_the_chart_reads_where_its_row_allows_it() {
        let mut fields = 0;
        for field in FieldId::ALL {
            let Some(path) = field.name().strip_prefix("astronomer.registry.") else {
                continue;
            };
            fields += 1;
            for chart in crate::model::ChartVersion::all() {
                let allowed = field.spec().feature.is_none_or(|feature| chart.supports(feature));
                assert_eq!(chart.reads_key(path), allowed, "{field:?} in chart {chart}");
            }
        }
        assert!(fields > 10, "{fields}");
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
        let choice = FieldKind::Choice(&PlaneMode::MODES);
        assert_eq!(choice.normalize("data".into()), Some("data".into()));
        assert_eq!(choice.normalize("c".into()), None);
        assert_eq!(FieldKind::Flag.normalize("yes".into()), Some(String::new()));
        assert_eq!(FieldKind::Flag.normalize("true".into()), Some("true".into()));
        assert_eq!(FieldKind::Secret.normalize(" x".into()), Some(" x".into()));
    }
}
