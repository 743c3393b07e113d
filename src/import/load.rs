//! What the imported file says, as the form reads it: the backend the chart
//! would use, every registry value whose path is a field's name, the
//! credential mode, and `global.plane.mode`.
//!
//! Fields are found by name (`FieldId::from_name`), never listed here, so a
//! field added to the table is loaded from the file without a change here.

use super::tree::{Kind, Node, Style, Tree};
use crate::model::BackendKind;
use crate::settings::{self, Detected, FieldId, FieldKind, MigrateFrom, Section};
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
    /// The credential mode the file selects for each object store it has.
    pub modes: Vec<Detected>,
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

/// The registry block as the settings' owners ask it for the credential mode.
struct Block<'a>(&'a Node);

impl Block<'_> {
    fn node(&self, path: &str) -> Option<&Node> {
        path.split('.').try_fold(self.0, |node, key| node.get(key))
    }
}

impl settings::File for Block<'_> {
    fn present(&self, path: &str) -> bool {
        self.node(path).is_some()
    }

    fn has(&self, path: &str) -> bool {
        self.node(path).is_some_and(|node| !node.is_null())
    }

    fn is_false(&self, path: &str) -> bool {
        self.node(path).is_some_and(|node| !truthy(node))
    }

    fn env_secret(&self, names: &[&str]) -> Option<String> {
        extra_env(self.0)
            .into_iter()
            .find(|(name, secret, _)| secret.is_some() && names.contains(&name.as_str()))
            .and_then(|(_, secret, _)| secret)
    }

    fn annotation(&self, key: &str) -> Option<String> {
        let annotations = self.node("serviceAccount.annotations")?;
        annotations.get(key)?.scalar().map(str::to_owned)
    }
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
                .and_then(|registry| registry.get(kind.values_key()))
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
    if let Some(node) = plane {
        nodes.push((FieldId::PlaneMode, node));
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
    let modes = registry
        .map(|registry| settings::detect(&Block(registry)))
        .unwrap_or_default();
    Loaded {
        backend,
        enabled,
        values,
        modes,
    }
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
        for detected in &self.modes {
            let (field, mode) = detected.mode;
            actions.push(Action::SetField(field, mode.to_owned()));
            for (field, value) in &detected.values {
                actions.push(Action::SetField(*field, value.clone()));
            }
        }
        // The platform already keeps its images where the file says: an
        // object store it enables holds them (nothing to copy); the volume
        // is where a later switch copies them from.
        let images = match self.backend {
            BackendKind::Volume => MigrateFrom::Volume,
            BackendKind::Gcs | BackendKind::S3 | BackendKind::Azure => MigrateFrom::Nowhere,
        };
        actions.push(Action::SetField(FieldId::MigrateFrom, images.as_str().to_owned()));
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
            kind => format!("{} (enabled in the file)", kind.values_key()),
        };
        let count = self.values.iter().filter(|(_, value, _)| !value.is_empty()).count();
        let mut text = format!(
            "Loaded from the file: backend {backend}, {count} {}.",
            if count == 1 { "value" } else { "values" }
        );
        let modes: Vec<&str> = self
            .modes
            .iter()
            .filter(|detected| detected.mode.0.section() == Section::Backend(self.backend))
            .map(|detected| detected.why.as_str())
            .collect();
        if !modes.is_empty() {
            text.push_str(&format!(" Credentials: {}.", modes.join("; ")));
        }
        text
    }
}
