//! What the imported file says, as the form reads it: the backend the chart
//! would use, every registry value whose path is a field's name, the
//! credential mode, and `global.plane.mode`.
//!
//! Fields are found by name (`FieldId::from_name`), never listed here, so a
//! field added to the table is loaded from the file without a change here.

use super::tree::{Kind, Node, Style, Tree};
use crate::field::{FieldId, FieldKind};
use crate::model::BackendKind;
use crate::state::Action;
use crate::yaml11::{self, Reading};

/// The prefix of every field named by its Helm values path.
pub const REGISTRY: &str = "astronomer.registry.";

/// The object stores in the order the chart tries them.
pub const CHART_ORDER: [BackendKind; 3] = [BackendKind::Gcs, BackendKind::Azure, BackendKind::S3];

/// What the form takes from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// The backend the chart would use: the first enabled of gcs, azure, s3,
    /// else the volume.
    pub backend: BackendKind,
    /// The object stores the file enables, in the chart's order.
    pub enabled: Vec<BackendKind>,
    /// Each field the file sets: the field, the value the form gets, the line.
    pub values: Vec<(FieldId, String, usize)>,
    /// Credential modes read from the file: (mode field name, mode, why).
    pub modes: Vec<(&'static str, &'static str, String)>,
}

/// Whether Helm's templates take the value as true (`{{ if … }}`): false,
/// 0, null and empty things are false, everything else is true; a plain
/// scalar is typed by YAML 1.1 first, so `yes` is true and `"false"` (a
/// string) is true as well.
pub fn truthy(node: &Node) -> bool {
    match &node.kind {
        Kind::Scalar {
            value,
            style: Style::Plain,
        } => match yaml11::read_pasted(value) {
            Reading::Bool(value) => value,
            Reading::Null => false,
            Reading::Number(number) => !number.bytes().all(|b| matches!(b, b'0' | b'.' | b'-' | b'+')),
            _ => !value.is_empty(),
        },
        Kind::Scalar { value, .. } => !value.is_empty(),
        Kind::Map { entries, .. } => !entries.is_empty(),
        Kind::Seq { items, .. } => !items.is_empty(),
        Kind::Alias => true,
    }
}

/// The object store's key under `astronomer.registry`.
pub fn store_key(kind: BackendKind) -> &'static str {
    match kind {
        BackendKind::Gcs => "gcs",
        BackendKind::Azure => "azure",
        BackendKind::S3 => "s3",
        BackendKind::Volume => "persistence",
    }
}

/// Every node under `node` whose path is a field's name, with that path;
/// mappings in between are walked, other values are not.
pub fn field_nodes<'a>(node: &'a Node, path: &str, out: &mut Vec<(FieldId, &'a Node)>) {
    for (key, value) in node.entries().unwrap_or_default() {
        let Some(key) = key.scalar() else { continue };
        let path = format!("{path}.{key}");
        if let Some(field) = FieldId::from_name(&path) {
            out.push((field, value));
        } else if matches!(value.kind, Kind::Map { .. }) {
            field_nodes(value, &path, out);
        }
    }
}

/// The `extraEnv` entries: (name, the Secret it reads from if any, line).
pub fn extra_env(registry: &Node) -> Vec<(String, Option<String>, &Node)> {
    let Some(Kind::Seq { items, .. }) = registry.get("extraEnv").map(|node| &node.kind) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let name = item.get("name")?.scalar()?.to_owned();
            let secret = item
                .get("valueFrom")
                .and_then(|from| from.get("secretKeyRef"))
                .and_then(|reference| reference.get("name"))
                .and_then(Node::scalar)
                .map(str::to_owned);
            Some((name, secret, item))
        })
        .collect()
}

/// A ServiceAccount annotation of the registry.
fn annotation<'a>(registry: &'a Node, key: &str) -> Option<&'a str> {
    registry.get("serviceAccount")?.get("annotations")?.get(key)?.scalar()
}

pub fn load(tree: &Tree) -> Loaded {
    let registry = tree
        .root
        .as_ref()
        .and_then(|root| root.get("astronomer"))
        .and_then(|astronomer| astronomer.get("registry"));
    let enabled: Vec<BackendKind> = CHART_ORDER
        .into_iter()
        .filter(|kind| {
            registry
                .and_then(|registry| registry.get(store_key(*kind)))
                .and_then(|store| store.get("enabled"))
                .is_some_and(truthy)
        })
        .collect();
    let backend = enabled.first().copied().unwrap_or(BackendKind::Volume);

    let mut nodes = Vec::new();
    if let Some(registry) = registry {
        field_nodes(registry, "astronomer.registry", &mut nodes);
    }
    let plane = tree
        .root
        .as_ref()
        .and_then(|root| root.get("global"))
        .and_then(|global| global.get("plane"))
        .and_then(|plane| plane.get("mode"));
    if let (Some(field), Some(node)) = (FieldId::from_name("planeMode"), plane) {
        nodes.push((field, node));
    }
    let values = nodes
        .into_iter()
        .filter_map(|(field, node)| {
            let value = match (field.kind(), &node.kind) {
                (FieldKind::Flag, _) => if truthy(node) { "true" } else { "" }.to_owned(),
                (_, Kind::Scalar { .. }) if node.is_null() => String::new(),
                (_, Kind::Scalar { value, .. }) => value.clone(),
                // A mapping or list where a value belongs: `lint` says so.
                _ => return None,
            };
            Some((field, value, node.line))
        })
        .collect();
    let modes = registry.map(credential_modes).unwrap_or_default();
    Loaded {
        backend,
        enabled,
        values,
        modes,
    }
}

/// How each object store in the file signs in: keys inline, keys from a
/// Secret through `extraEnv`, or a role through a ServiceAccount annotation.
/// Named by the mode fields' names and values; the form takes a mode only if
/// it has that field and choice.
fn credential_modes(registry: &Node) -> Vec<(&'static str, &'static str, String)> {
    let env = extra_env(registry);
    let from_secret = |names: &[&str]| {
        env.iter()
            .find(|(name, secret, _)| secret.is_some() && names.contains(&name.as_str()))
            .and_then(|(_, secret, _)| secret.clone())
    };
    let mut modes = Vec::new();
    if let Some(s3) = registry.get("s3") {
        let inline = ["accesskey", "secretkey"]
            .iter()
            .any(|key| s3.get(key).is_some_and(|node| !node.is_null()));
        if let Some(secret) = from_secret(&["REGISTRY_STORAGE_S3_ACCESSKEY", "REGISTRY_STORAGE_S3_SECRETKEY"]) {
            modes.push((
                "s3Credentials",
                "keys-secret",
                format!("keys from the Secret {secret} (extraEnv)"),
            ));
            modes.push(("s3SecretName", "", secret));
        } else if let Some(role) = annotation(registry, "eks.amazonaws.com/role-arn") {
            modes.push((
                "s3Credentials",
                "irsa",
                format!("the IAM role {role} (ServiceAccount annotation)"),
            ));
            modes.push(("roleArn", "", role.to_owned()));
        } else if inline {
            modes.push(("s3Credentials", "keys", "access keys in the file".into()));
        } else {
            modes.push(("s3Credentials", "node-role", "no keys: the nodes' instance role".into()));
        }
    }
    if let Some(gcs) = registry.get("gcs") {
        if gcs.get("useKeyfile").is_some_and(|node| !truthy(node)) {
            let account = annotation(registry, "iam.gke.io/gcp-service-account").unwrap_or_default();
            modes.push((
                "gcsCredentials",
                "workload-identity",
                "Workload Identity (useKeyfile: false)".into(),
            ));
            if !account.is_empty() {
                modes.push(("gcpServiceAccount", "", account.to_owned()));
            }
        } else {
            modes.push((
                "gcsCredentials",
                "keyfile",
                "the key file Secret astronomer-gcs-keyfile".into(),
            ));
        }
    }
    if registry.get("azure").is_some() {
        if let Some(secret) = from_secret(&["REGISTRY_STORAGE_AZURE_ACCOUNTKEY"]) {
            modes.push((
                "azureCredentials",
                "key-secret",
                format!("the account key from the Secret {secret} (extraEnv)"),
            ));
            modes.push(("azureSecretName", "", secret));
        } else {
            modes.push(("azureCredentials", "key", "the account key in the file".into()));
        }
    }
    modes
}

impl Loaded {
    /// The actions that load this into the draft.
    pub fn actions(&self) -> Vec<Action> {
        let mut actions = vec![Action::SetBackend(self.backend)];
        for field in FieldId::ALL {
            if !field.name().starts_with(REGISTRY) {
                continue;
            }
            let value = self
                .values
                .iter()
                .find(|(loaded, _, _)| *loaded == field)
                .map_or(field.initial(), |(_, value, _)| value.as_str());
            actions.push(Action::SetField(field, value.to_owned()));
        }
        for (field, value, _) in &self.values {
            if !field.name().starts_with(REGISTRY) {
                actions.push(Action::SetField(*field, value.clone()));
            }
        }
        for (name, mode, detail) in &self.modes {
            if let Some(field) = FieldId::from_name(name) {
                let value = if mode.is_empty() { detail } else { *mode };
                actions.push(Action::SetField(field, value.to_owned()));
            }
        }
        for (field, value, _) in &self.values {
            if !value.is_empty() {
                actions.push(Action::Touch(*field));
            }
        }
        actions
    }

    /// One line for the page: what was loaded.
    pub fn summary(&self) -> String {
        let backend = match self.backend {
            BackendKind::Volume => "the persistent volume (no object store is enabled)".to_owned(),
            kind => format!("{} (enabled in the file)", store_key(kind)),
        };
        let count = self.values.iter().filter(|(_, value, _)| !value.is_empty()).count();
        let mut text = format!(
            "Loaded from the file: backend {backend}, {count} {}.",
            if count == 1 { "value" } else { "values" }
        );
        let modes: Vec<&str> = self
            .modes
            .iter()
            .filter(|(name, mode, _)| !mode.is_empty() && name.starts_with(store_key(self.backend)))
            .map(|(_, _, why)| why.as_str())
            .collect();
        if !modes.is_empty() {
            text.push_str(&format!(" Credentials: {}.", modes.join("; ")));
        }
        text
    }
}
