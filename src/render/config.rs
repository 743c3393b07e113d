//! The `config.yaml` artifact: the `astronomer.registry` block of the
//! platform's Helm values, with exactly one storage backend enabled.

use crate::settings::{
    Azure, Backend, Config, EnvValue, EnvVar, Gcs, GcsAuth, PlaneMode, S3, S3Credentials, S3Encryption, Volume,
};
use crate::yaml11::{self, Node};

/// The object-store backends, in the order the chart tries them; the first
/// enabled one wins, so every one that is not chosen is written disabled.
const OBJECT_STORES: [&str; 3] = ["gcs", "azure", "s3"];

/// The whole file: a comment header, then `astronomer.registry`.
pub fn config_yaml(config: &Config) -> String {
    let chart = config.platform.chart;
    let mut header = format!(
        "# The astronomer.registry block for the platform's config.yaml (its Helm values file).\n\
         # Merge it into that file, replacing any existing astronomer.registry block, and keep\n\
         # everything else in the file (global.baseDomain, ...) as it is.\n\
         # Values are for the astronomer chart {chart}.\n"
    );
    match config.platform.plane {
        Some(PlaneMode::Control) => header
            .push_str("# A control-plane release runs no registry: apply this block to each data-plane release.\n"),
        Some(PlaneMode::Unified | PlaneMode::Data) | None => {}
    }
    let secret = config.backend.inline_secret();
    if let Some(secret) = secret {
        header.push_str(&format!(
            "# It holds the {secret} in plain text: keep it out of version control.\n"
        ));
    }
    let env = config.extra_env();
    if !env.is_empty() {
        header.push_str(&format!(
            "# extraEnv replaces any extraEnv list in the file: keep your own entries in it.\n\
             # The registry of chart {chart} ({}) needs:\n",
            config.platform.chart.registry().name()
        ));
        for var in &env {
            header.push_str(&format!("#   {}: {}.\n", var.name, var.why));
        }
    }
    let service_account = config.service_account();
    if let Some(account) = &service_account {
        header.push_str(&format!(
            "# The chart creates the registry's ServiceAccount {} in the namespace {}.\n",
            account.name,
            config.platform.namespace.as_str()
        ));
    }
    let mut registry = registry(&config.backend);
    if config.redirect_disable {
        registry.push(("redirect", Node::map(vec![("disable", Node::Bool(true))])));
    }
    if let Some(account) = service_account {
        let mut fields = vec![("create", Node::Bool(true))];
        if let Some((key, value)) = account.annotation {
            fields.push(("annotations", Node::map(vec![(key, Node::str(value))])));
        }
        registry.push(("serviceAccount", Node::map(fields)));
    }
    if !env.is_empty() {
        registry.push(("extraEnv", Node::seq(env.iter().map(env_node))));
    }
    let doc = Node::map(vec![("astronomer", Node::map(vec![("registry", Node::map(registry))]))]);
    header + &yaml11::emit(&doc)
}

/// The `registry` mapping's entries: the chosen backend first, then every
/// other object store as `enabled: false` so an old `enabled: true` in the
/// file cannot win.
fn registry(backend: &Backend) -> Vec<(&'static str, Node<'static>)> {
    let chosen_key = backend.kind().values_key();
    let chosen = match backend {
        Backend::Gcs(gcs) => gcs_node(gcs),
        Backend::S3(s3) => s3_node(s3),
        Backend::Azure(azure) => azure_node(azure),
        Backend::Volume(volume) => volume_node(volume),
    };
    let mut entries = vec![(chosen_key, chosen)];
    entries.extend(
        OBJECT_STORES
            .into_iter()
            .filter(|store| *store != chosen_key)
            .map(|store| (store, Node::map(vec![("enabled", Node::Bool(false))]))),
    );
    entries
}

/// One `extraEnv` entry: a value, or a reference to a Secret's data key.
fn env_node(var: &EnvVar) -> Node<'static> {
    let value = match &var.value {
        EnvValue::Literal(value) => ("value", Node::str(*value)),
        EnvValue::SecretKey { secret, key } => (
            "valueFrom",
            Node::map(vec![(
                "secretKeyRef",
                Node::map(vec![("name", Node::str(secret.as_str())), ("key", Node::str(*key))]),
            )]),
        ),
    };
    Node::map(vec![("name", Node::str(var.name)), value])
}

/// Adds `key: value` when the optional value is set; unset keys are left out
/// so the chart default applies.
fn push_opt(entries: &mut Vec<(&'static str, Node<'static>)>, key: &'static str, value: Option<&str>) {
    if let Some(value) = value {
        entries.push((key, Node::str(value)));
    }
}

fn gcs_node(gcs: &Gcs) -> Node<'static> {
    let mut entries = vec![
        ("enabled", Node::Bool(true)),
        ("bucket", Node::str(gcs.bucket.as_str())),
    ];
    // With a key file `useKeyfile: true` is the chart default: writing it would
    // only confuse charts before 0.25.3, which do not know it.
    match gcs.auth {
        GcsAuth::WorkloadIdentity { .. } => entries.push(("useKeyfile", Node::Bool(false))),
        GcsAuth::KeyFile { .. } => {}
    }
    push_opt(
        &mut entries,
        "rootdirectory",
        gcs.root_directory.as_ref().map(|dir| dir.as_str()),
    );
    // A string, like the chart default "5242880".
    if let Some(chunk_size) = gcs.chunk_size {
        entries.push(("chunksize", Node::str(chunk_size.bytes().to_string())));
    }
    Node::map(entries)
}

fn s3_node(s3: &S3) -> Node<'static> {
    let mut entries = vec![("enabled", Node::Bool(true))];
    match &s3.credentials {
        S3Credentials::Static { access_key, secret_key } => {
            entries.push(("accesskey", Node::str(access_key.as_str())));
            entries.push(("secretkey", Node::str(secret_key.expose())));
        }
        S3Credentials::InSecret { .. }
        | S3Credentials::Irsa { .. }
        | S3Credentials::PodIdentity { .. }
        | S3Credentials::DefaultChain => {}
    }
    entries.push(("region", Node::str(s3.region.as_str())));
    entries.push(("bucket", Node::str(s3.bucket.as_str())));
    match &s3.encryption {
        S3Encryption::None => {}
        S3Encryption::S3Managed => entries.push(("encrypt", Node::Bool(true))),
        S3Encryption::Kms(key) => {
            entries.push(("encrypt", Node::Bool(true)));
            entries.push(("keyid", Node::str(key.as_str())));
        }
    }
    push_opt(
        &mut entries,
        "rootdirectory",
        s3.root_directory.as_ref().map(|dir| dir.as_str()),
    );
    push_opt(
        &mut entries,
        "regionendpoint",
        s3.region_endpoint.as_ref().map(|url| url.as_str()),
    );
    Node::map(entries)
}

fn azure_node(azure: &Azure) -> Node<'static> {
    let mut entries = vec![
        ("enabled", Node::Bool(true)),
        ("accountname", Node::str(azure.account_name.as_str())),
    ];
    if let Some(key) = azure.auth.inline_key() {
        entries.push(("accountkey", Node::str(key.expose())));
    }
    entries.push(("container", Node::str(azure.container.as_str())));
    entries.push(("realm", Node::str(azure.realm.as_str())));
    Node::map(entries)
}

fn volume_node(volume: &Volume) -> Node<'static> {
    let mut entries = vec![("enabled", Node::Bool(true))];
    push_opt(&mut entries, "size", volume.size.as_ref().map(|size| size.as_str()));
    push_opt(
        &mut entries,
        "storageClassName",
        volume.storage_class.as_ref().map(|class| class.as_str()),
    );
    Node::map(entries)
}
