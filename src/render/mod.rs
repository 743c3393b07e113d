//! Config -> artifacts: the files the user copies or downloads, and one zip of
//! them all.
//!
//! JSON documents are typed structs written by serde_json. YAML is written by
//! `yaml`, a small writer that quotes by YAML 1.1 rules (which Helm and the
//! registry read with, and serde YAML writers do not follow); shell quoting and
//! the stored zip are small enough to own. Each writer has its own module.

mod commands;
mod config;
mod iam;
pub mod shell;
pub mod steps;
mod trust;
mod verify;
pub mod yaml;
pub mod zip;

use crate::model::{Backend, Config};

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// File name, e.g. `config.yaml`.
    pub name: &'static str,
    /// MIME type for the download.
    pub mime: &'static str,
    /// The exact file contents.
    pub text: String,
}

/// Every file for this configuration, in display order: `config.yaml`; for
/// S3 `iam-policy.json`, and `trust-policy.json` (IRSA, Pod Identity) and
/// `kms-key-policy.json` (a KMS key and a named role) where they apply;
/// `commands.sh`; `verify.sh`.
pub fn render(config: &Config) -> Vec<Artifact> {
    let json = |name, text| Artifact {
        name,
        mime: "application/json",
        text,
    };
    let script = |name, text| Artifact {
        name,
        mime: "text/x-shellscript",
        text,
    };
    let mut artifacts = vec![Artifact {
        name: "config.yaml",
        mime: "application/yaml",
        text: config::config_yaml(config),
    }];
    if let Backend::S3(s3) = &config.backend {
        artifacts.push(json("iam-policy.json", iam::iam_policy(s3)));
        if let Some(text) = trust::trust_policy(config, s3) {
            artifacts.push(json("trust-policy.json", text));
        }
        if let Some(text) = trust::kms_key_policy(s3) {
            artifacts.push(json("kms-key-policy.json", text));
        }
    }
    artifacts.push(script("commands.sh", commands::commands_sh(config)));
    artifacts.push(script("verify.sh", verify::verify_sh(config)));
    artifacts
}

/// All the artifacts as one stored .zip, for "Download all".
pub fn zip_all(artifacts: &[Artifact]) -> Vec<u8> {
    let files: Vec<(&str, &[u8])> = artifacts
        .iter()
        .map(|artifact| (artifact.name, artifact.text.as_bytes()))
        .collect();
    zip::zip_stored(&files)
}
