//! Config -> artifacts: the files the user copies or downloads, and one zip of
//! them all.
//!
//! JSON documents are small trees written by `json`. YAML is written by
//! `yaml11`'s writer, which quotes by YAML 1.1 rules (which Helm and the
//! registry read with, and serde YAML writers do not follow); shell quoting and
//! the stored zip are small enough to own. Each writer has its own module.

mod commands;
pub mod config;
mod iam;
pub mod inventory;
mod json;
pub mod migrate;
pub mod rename;
pub mod shell;
pub mod steps;
mod trust;
pub mod upgrade;
mod verify;
pub mod zip;

use crate::settings::{Backend, Config};

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
/// `kms-key-statement.json` (a KMS key and a named role) where they apply;
/// `commands.sh`; `verify.sh`.
pub fn render(config: &Config) -> Vec<Artifact> {
    make(config).artifacts
}

/// The files, and the apply steps and upgrade report they were made with
/// (the page lists both, and the zip's README the steps): each made once.
pub struct Made {
    pub artifacts: Vec<Artifact>,
    pub steps: Vec<steps::Step>,
    pub report: Vec<upgrade::Change>,
}

/// [`render`], with the steps and the report.
pub fn make(config: &Config) -> Made {
    let steps = steps::apply_steps(config);
    let report = upgrade::report(config);
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
        if let Some(text) = trust::kms_key_statement(s3) {
            artifacts.push(json(steps::KMS_STATEMENT_FILE, text));
        }
    }
    for (pass, text) in migrate::jobs(config) {
        artifacts.push(Artifact {
            name: pass.file(),
            mime: "application/yaml",
            text,
        });
    }
    if upgrade::renames_azure_blobs(config) {
        for rename in [rename::Rename::Upgrade, rename::Rename::CleanUp, rename::Rename::GoBack] {
            if let Some(job) = rename::job(config, rename) {
                artifacts.push(Artifact {
                    name: job.file,
                    mime: "application/yaml",
                    text: job.manifest,
                });
            }
        }
    }
    artifacts.push(script("commands.sh", commands::commands_sh(config, &steps, &report)));
    artifacts.push(script("verify.sh", verify::verify_sh(config)));
    Made {
        artifacts,
        steps,
        report,
    }
}

/// The `README.txt` of the zip: what each file is for and the steps in order,
/// the same steps as the page and `commands.sh` (those [`make`] gives).
pub fn readme(config: &Config, artifacts: &[Artifact], steps: &[steps::Step]) -> String {
    let mut text = format!(
        "Registry storage for the Astronomer platform release {} (chart {}, namespace {}).\n\n\
         Files:\n",
        config.platform.release.as_str(),
        config.platform.chart,
        config.platform.namespace.as_str()
    );
    for artifact in artifacts {
        text.push_str(&format!("  {}\n", artifact.name));
    }
    text.push_str(
        "\nconfig.yaml holds only the astronomer.registry block: merge it into the platform's\n\
         config file. Then run `bash commands.sh path/to/platform/config.yaml`, which checks\n\
         that file and runs these steps:\n",
    );
    for (number, step) in steps.iter().enumerate() {
        text.push_str(&format!("\n{}. {}\n", number + 1, step.text));
        for command in &step.commands {
            text.push_str(&format!("     {command}\n"));
        }
    }
    text
}

/// All the artifacts and their README as one stored .zip, for "Download all".
pub fn zip_all(artifacts: &[Artifact], readme: &str) -> Vec<u8> {
    let mut files: Vec<(&str, &[u8])> = vec![("README.txt", readme.as_bytes())];
    files.extend(
        artifacts
            .iter()
            .map(|artifact| (artifact.name, artifact.text.as_bytes())),
    );
    zip::zip_stored(&files)
}
