//! Config -> artifacts: the files the user copies or downloads.
//!
//! STUB: the generators are being written.

use crate::model::Config;

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

/// Every file for this configuration, in display order.
pub fn render(config: &Config) -> Vec<Artifact> {
    let _ = config;
    Vec::new()
}
