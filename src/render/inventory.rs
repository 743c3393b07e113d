//! What the registry holds, read from its storage: one `repository:tag` line
//! per tag, from the tag links the registry writes
//! (`docker/registry/v2/repositories/<repository>/_manifests/tags/<tag>/current/link`).
//! Before an upgrade `commands.sh` records it under the names the old release
//! reads; after it, `verify.sh` lists it again under the names the new release
//! reads and fails, naming every tag that is gone. The listing runs on the
//! admin's machine with the provider's CLI and the admin's own login.

use crate::model::Registry;
use crate::render::migrate;
use crate::render::shell::quote;
use crate::render::steps::FILES_VARIABLE;
use crate::settings::{Backend, Config, Migration};

/// The file `commands.sh` writes and `verify.sh` reads, beside them.
pub const FILE: &str = "registry-inventory.txt";

/// Where the tag links are, below the root directory.
const REPOSITORIES: &str = "docker/registry/v2/repositories/";

/// Turns object names (or URLs) into sorted, distinct `repository:tag` lines.
const TAGS: &str = "sed -n 's#^.*docker/registry/v2/repositories/\\(.*\\)/_manifests/tags/\\([^/]*\\)/current/link$#\\1:\\2#p' | LC_ALL=C sort -u";

/// Whether the files record and check the images: an upgrade that keeps the
/// images in the same object store (the copies from the volume or another
/// store count their own).
pub fn checked(config: &Config) -> bool {
    config.platform.from.is_some()
        && config.migration == Migration::Nothing
        && !matches!(config.backend, Backend::Volume(_))
}

/// The step that records the images before the upgrade, under the names the
/// release installed now reads.
pub fn record(config: &Config) -> Option<String> {
    let from = config.platform.from?;
    let listing = listing(config, from.registry())?;
    let file = format!("\"${FILES_VARIABLE}/{FILE}\"");
    Some(format!(
        "if {listing} > {file}; then echo \"Recorded $(wc -l < {file}) tags in {FILE}.\"; \
         else rm -f {file}; echo \"commands.sh: could not list the images in the storage; verify.sh will not check them.\" >&2; fi"
    ))
}

/// The lines of verify.sh that list the images again under the names the new
/// release reads, and report each recorded tag that is gone.
pub fn check(config: &Config) -> Option<String> {
    let listing = listing(config, config.platform.chart.registry())?;
    Some(format!(
        "\n# The images commands.sh recorded before the upgrade ({FILE}, beside this\n\
         # script): the registry must still find each tag under the names {registry} reads.\n\
         inventory=\"$(cd \"$(dirname \"${{BASH_SOURCE[0]}}\")\" && pwd)/{FILE}\"\n\
         if [ ! -f \"$inventory\" ]; then\n\
         \x20   echo \"verify.sh: no {FILE} beside this script (commands.sh writes it before the upgrade): the images were not compared.\"\n\
         elif [ ! -s \"$inventory\" ]; then\n\
         \x20   echo \"verify.sh: {FILE} lists no tag (an empty storage, or a listing that read nothing): the images were not compared.\"\n\
         elif now=\"$({listing})\"; then\n\
         \x20   missing=\"$(printf '%s\\n' \"$now\" | LC_ALL=C comm -13 - <(LC_ALL=C sort -u \"$inventory\"))\"\n\
         \x20   if [ -n \"$missing\" ]; then\n\
         \x20       echo \"verify.sh: $(printf '%s\\n' \"$missing\" | wc -l) tags recorded before the upgrade are gone from the storage as the registry reads it:\" >&2\n\
         \x20       printf '%s\\n' \"$missing\" | sed 's/^/  /' >&2\n\
         \x20       problems=1\n\
         \x20   else\n\
         \x20       echo \"Every tag recorded before the upgrade ($(wc -l < \"$inventory\")) is still there.\"\n\
         \x20   fi\n\
         else\n\
         \x20   echo \"verify.sh: could not list the images in the storage to compare with {FILE}.\" >&2\n\
         \x20   problems=1\n\
         fi\n",
        registry = config.platform.chart.registry().name(),
    ))
}

/// The prefix of the tag links under the root directory, after `lead` (the
/// registry's own root: `migrate::azure_root` on Azure).
fn prefix(root: Option<&str>, lead: &str) -> String {
    let root = root.map(|root| root.trim_matches('/')).unwrap_or_default();
    let mut prefix = lead.to_owned();
    if !root.is_empty() {
        prefix.push_str(root);
        prefix.push('/');
    }
    prefix.push_str(REPOSITORIES);
    prefix
}

/// A pipeline that prints the `repository:tag` lines the storage holds under
/// the names `registry` reads; `None` for the volume.
pub fn listing(config: &Config, registry: Registry) -> Option<String> {
    let list = match &config.backend {
        Backend::S3(s3) => {
            let endpoint = s3
                .region_endpoint
                .as_ref()
                .map(|endpoint| format!(" --endpoint-url {}", quote(endpoint.as_str())))
                .unwrap_or_default();
            format!(
                "aws s3api list-objects-v2 --bucket {} --prefix {} --query 'Contents[].Key' --output text{endpoint} | tr '\\t' '\\n'",
                quote(s3.bucket.as_str()),
                quote(&prefix(s3.root_directory.as_ref().map(|dir| dir.as_str()), "")),
            )
        }
        Backend::Gcs(gcs) => format!(
            "gcloud storage ls {}",
            quote(&format!(
                "gs://{}/{}**",
                gcs.bucket.as_str(),
                prefix(gcs.root_directory.as_ref().map(|dir| dir.as_str()), "")
            )),
        ),
        Backend::Azure(azure) => format!(
            "az storage blob list --auth-mode login --account-name {} --blob-endpoint {} --container-name {} --prefix {} --num-results '*' --query '[].name' --output tsv",
            quote(azure.account_name.as_str()),
            quote(&format!(
                "https://{}.blob.{}",
                azure.account_name.as_str(),
                azure.realm.as_str()
            )),
            quote(azure.container.as_str()),
            quote(&prefix(None, migrate::azure_root(registry))),
        ),
        Backend::Volume(_) => return None,
    };
    Some(format!("{list} | {TAGS}"))
}
