//! Azure Blob Storage: its rows of the field table, where the account key
//! lives (its modes), how the raw values become [`Azure`], what the registry
//! needs beyond the chart's values, and how an imported file
//! selects its mode.

use super::check::Checker;
use super::config::{EnvValue, EnvVar};
use super::mode::modes;
use super::{CHOICE, Detected, FieldId, FieldKind, FieldSpec, File, Rows, SECRET, Section, TEXT, rule};
use crate::model::{
    AZURE_REALMS, AzureAccountKey, AzureAccountName, AzureContainer, AzureRealm, BackendKind, Feature, Registry,
    SecretName,
};
use crate::normalize::Normalizer;

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

impl AzureAuth {
    /// The form's option for this way of signing in.
    pub fn mode(&self) -> AzureMode {
        match self {
            AzureAuth::Key(_) => AzureMode::Key,
            AzureAuth::InSecret { .. } => AzureMode::KeySecret,
        }
    }

    /// The key written into config.yaml, in the mode that puts it there.
    pub fn inline_key(&self) -> Option<&AzureAccountKey> {
        match self {
            AzureAuth::Key(key) => Some(key),
            AzureAuth::InSecret { .. } => None,
        }
    }

    /// The Kubernetes Secret that holds the key, in the mode that keeps it there.
    pub fn secret(&self) -> Option<&SecretName> {
        match self {
            AzureAuth::InSecret { name } => Some(name),
            AzureAuth::Key(_) => None,
        }
    }
}

impl Azure {
    /// What the registry of this release needs on its container: the key
    /// from its Secret, and on 3.x a credentials type.
    pub(super) fn extra_env(&self, registry: Registry) -> Vec<EnvVar> {
        let mut env = Vec::new();
        if let Some(name) = self.auth.secret() {
            env.push(EnvVar {
                name: "REGISTRY_STORAGE_AZURE_ACCOUNTKEY",
                value: EnvValue::SecretKey {
                    secret: name.as_str().to_owned(),
                    key: "accountkey",
                },
                why: "the account key, from the Secret",
            });
        }
        if registry.is_v3() {
            env.push(EnvVar {
                name: "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE",
                value: EnvValue::Literal("shared_key"),
                why: "registry 3.x refuses to start on Azure without a credentials type (the chart writes none); shared_key uses the account key",
            });
        }
        env
    }
}

modes! {
    /// Where the registry finds the Azure account key.
    pub enum AzureMode {
        Key = "key" {
            label: "Account key in config.yaml",
            help: page_text!("The storage account key, inline, as the Astronomer docs show."),
            needs: &[],
        },
        KeySecret = "key-secret" {
            label: "Account key in a Kubernetes Secret",
            help: page_text!("The key stays out of config.yaml: the registry reads it from a Secret through `extraEnv`."),
            needs: &[Feature::ExtraEnv],
        },
    }
}

impl AzureMode {
    /// The inputs the mode shows.
    pub fn inputs(self) -> &'static [FieldId] {
        match self {
            AzureMode::Key => &[FieldId::AzureAccountKey],
            AzureMode::KeySecret => &[FieldId::AzureSecretName],
        }
    }
}

const IN_AZURE: Section = Section::Backend(BackendKind::Azure);

pub(super) const FIELDS: Rows = &[
    (
        FieldId::AzureAccountName,
        FieldSpec {
            name: "astronomer.registry.azure.accountname",
            section: IN_AZURE,
            rule: rule!(AzureAccountName::parse),
            normalize: Normalizer::AzureAccount,
            also: Some(FieldId::AzureContainer),
            label: "Storage account name",
            help: page_text!("The storage account that holds the container."),
            placeholder: "mystorageaccount",
            ..TEXT
        },
    ),
    (
        FieldId::AzureCredentials,
        FieldSpec {
            name: "azureCredentials",
            input: Some("credentials"),
            section: IN_AZURE,
            kind: FieldKind::Choice(&AzureMode::MODES),
            rule: rule!(AzureMode::parse),
            label: "Where the account key lives",
            help: page_text!(
                "In a Kubernetes Secret the key stays out of config.yaml and the ConfigMap the chart makes of it."
            ),
            initial: AzureMode::Key.as_str(),
            ..CHOICE
        },
    ),
    (
        FieldId::AzureAccountKey,
        FieldSpec {
            name: "astronomer.registry.azure.accountkey",
            section: IN_AZURE,
            mode: Some(FieldId::AzureCredentials),
            rule: rule!(AzureAccountKey::parse),
            normalize: Normalizer::AzureKey,
            label: "Storage account access key",
            help: page_text!("One of the storage account's access keys (base64, 88 characters)."),
            ..SECRET
        },
    ),
    (
        FieldId::AzureSecretName,
        FieldSpec {
            name: "azureSecretName",
            input: Some("secretName"),
            section: IN_AZURE,
            mode: Some(FieldId::AzureCredentials),
            rule: rule!(SecretName::parse),
            label: "Secret name",
            help: page_text!(
                "The Kubernetes Secret in the platform namespace that holds the key (data key `accountkey`); commands.sh creates it, asking for the key."
            ),
            initial: "astronomer-registry-azure",
            ..TEXT
        },
    ),
    (
        FieldId::AzureContainer,
        FieldSpec {
            name: "astronomer.registry.azure.container",
            section: IN_AZURE,
            rule: rule!(AzureContainer::parse),
            label: "Container",
            help: page_text!("The blob container for the images."),
            placeholder: "my-container-name",
            ..TEXT
        },
    ),
    (
        FieldId::AzureRealm,
        FieldSpec {
            name: "astronomer.registry.azure.realm",
            section: IN_AZURE,
            rule: rule!(AzureRealm::parse),
            label: "Realm (endpoint suffix)",
            help: page_text!(
                "core.windows.net for the public cloud; core.chinacloudapi.cn (China) or core.usgovcloudapi.net (US Government)."
            ),
            initial: "core.windows.net",
            suggestions: AZURE_REALMS,
            ..TEXT
        },
    ),
];

pub(super) fn read(check: &mut Checker) -> Option<Azure> {
    let account_name = check.read(FieldId::AzureAccountName, AzureAccountName::parse);
    let mode = check.read(FieldId::AzureCredentials, AzureMode::parse).ok()??;
    let auth = match mode {
        AzureMode::KeySecret => {
            // The page never holds the key: commands.sh asks for it.
            check
                .read(FieldId::AzureSecretName, SecretName::parse)
                .ok()
                .flatten()
                .map(|name| AzureAuth::InSecret { name })
        }
        AzureMode::Key => check
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

/// The key from a Secret through `extraEnv`, else the key in the file.
pub(super) fn detect(file: &impl File) -> Option<Detected> {
    if !file.present("azure") {
        return None;
    }
    Some(match file.env_secret(&["REGISTRY_STORAGE_AZURE_ACCOUNTKEY"]) {
        Some(secret) => Detected {
            mode: (FieldId::AzureCredentials, AzureMode::KeySecret.as_str()),
            why: format!("the account key from the Secret {secret} (extraEnv)"),
            values: vec![(FieldId::AzureSecretName, secret)],
        },
        None => Detected {
            mode: (FieldId::AzureCredentials, AzureMode::Key.as_str()),
            why: "the account key in the file".into(),
            values: Vec::new(),
        },
    })
}
