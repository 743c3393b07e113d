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

/// Every file for this configuration, in display order: `config.yaml`,
/// `iam-policy.json` (S3 only), `commands.sh`.
pub fn render(config: &Config) -> Vec<Artifact> {
    let mut artifacts = vec![Artifact {
        name: "config.yaml",
        mime: "application/yaml",
        text: config::config_yaml(config),
    }];
    if let Backend::S3(s3) = &config.backend {
        artifacts.push(Artifact {
            name: "iam-policy.json",
            mime: "application/json",
            text: iam::iam_policy(s3),
        });
    }
    artifacts.push(Artifact {
        name: "commands.sh",
        mime: "text/x-shellscript",
        text: commands::commands_sh(config),
    });
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
