//! The user's file with only `astronomer.registry` changed.
//!
//! The new block is the one the form renders (read back from the generated
//! `config.yaml`), laid out by `yaml11`'s writer at the file's indentation and
//! line breaks, and put in place of the old block's byte range; every byte
//! outside that range is kept. Inside the block, what the form does not own is
//! carried over from the old block as written: keys no field is named after
//! (`serviceAccount`, `gcs.useKeyfile`, unknown keys, which `lint` reports) and
//! the user's own `extraEnv` entries, except those the generated block sets
//! itself and those of another storage driver (the registry refuses to start
//! with two).

use super::load::{REGISTRY, truthy};
use super::tree::{self, Kind, Node};
use super::{Imported, Place, line_end};
use crate::model::BackendKind;
use crate::settings::FieldId;
use crate::yaml11::{self, Entry, Item, Layout, Raw};

/// What a path under `astronomer.registry` is to the form.
#[derive(PartialEq)]
enum Owner {
    /// A field's value, or a backend's `enabled`: the form decides it.
    Form,
    /// A mapping that holds fields: merged key by key.
    Container,
    /// Nothing the form knows: kept as written.
    User,
}

fn owner(path: &str) -> Owner {
    if FieldId::from_name(path).is_some() {
        return Owner::Form;
    }
    let stores = [
        BackendKind::Gcs,
        BackendKind::Azure,
        BackendKind::S3,
        BackendKind::Volume,
    ];
    if stores
        .iter()
        .any(|kind| path == format!("{REGISTRY}{}.enabled", kind.values_key()))
    {
        return Owner::Form;
    }
    let prefix = format!("{path}.");
    if stores
        .iter()
        .any(|kind| path == format!("{REGISTRY}{}", kind.values_key()))
        || FieldId::ALL.iter().any(|field| field.name().starts_with(&prefix))
    {
        return Owner::Container;
    }
    Owner::User
}

struct Merger<'a> {
    old: &'a str,
    new: &'a str,
    chosen: BackendKind,
}

pub fn merge(imported: &Imported, generated: &str) -> Result<String, String> {
    let unreadable = |why: String| format!("The generated block could not be merged into your file ({why}).");
    let generated_tree = tree::read(generated).map_err(|error| unreadable(error.text()))?;
    let generated_registry = super::registry_node(&generated_tree)
        .filter(|node| node.entries().is_some())
        .ok_or_else(|| unreadable("it has no astronomer.registry mapping".into()))?;
    let chosen = [BackendKind::Gcs, BackendKind::Azure, BackendKind::S3]
        .into_iter()
        .find(|kind| {
            generated_registry
                .get(kind.values_key())
                .and_then(|store| store.get("enabled"))
                .is_some_and(truthy)
        })
        .unwrap_or(BackendKind::Volume);
    let old_registry = imported.registry().filter(|node| node.entries().is_some());
    let merger = Merger {
        old: &imported.text,
        new: generated,
        chosen,
    };
    let entries = merger.map(Some(generated_registry), old_registry, "astronomer.registry");
    let text = &imported.text;
    let eol = imported.eol;
    let layout = Layout {
        step: imported.step,
        eol,
    };
    // The block's lines, without the line break after the last one where the
    // file's own text follows.
    let lines = |entries: &[Entry], col: usize| {
        let lines = yaml11::emit_entries(entries, col, layout);
        lines.strip_suffix(eol).map(str::to_owned).unwrap_or(lines)
    };
    let registry = |entries| Entry::Pair("registry", yaml11::Node::Map(entries));
    let astronomer = |entries| Entry::Pair("astronomer", yaml11::Node::Map(vec![registry(entries)]));
    let merged = match &imported.place {
        Place::Replace { start, end, col } => {
            let child = old_registry
                .and_then(|node| node.entries())
                .and_then(|entries| entries.first())
                .filter(|(key, _)| key.col - 1 > *col)
                .map_or(col + layout.step, |(key, _)| key.col - 1);
            format!(
                "{}registry:{eol}{}{}",
                &text[..*start],
                lines(&entries, child),
                &text[*end..]
            )
        }
        Place::NewRegistry { after, col, clear } => {
            let head = match clear {
                Some((start, end)) => {
                    let start = text[..*start].trim_end_matches([' ', '\t']).len();
                    format!("{}{}", &text[..start], &text[*end..*after])
                }
                None => text[..*after].to_owned(),
            };
            format!("{head}{eol}{}{}", lines(&[registry(entries)], *col), &text[*after..])
        }
        Place::NewAstronomer { after, col } => format!(
            "{}{eol}{}{}",
            &text[..*after],
            lines(&[astronomer(entries)], *col),
            &text[*after..]
        ),
        Place::Append => {
            let separator = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                eol
            };
            let block = yaml11::emit_entries(&[astronomer(entries)], 0, layout);
            format!("{text}{separator}{block}")
        }
    };
    // The result must read back, with the block where it belongs.
    match tree::read(&merged) {
        Ok(tree) if super::registry_node(&tree).is_some() => Ok(merged),
        Ok(_) => Err(unreadable("the result has no astronomer.registry".into())),
        Err(error) => Err(unreadable(error.text())),
    }
}

impl<'a> Merger<'a> {
    /// The source text of a generated node.
    fn leaf(&self, node: &Node) -> &'a str {
        &self.new[node.start..node.end]
    }

    /// A generated node as it is.
    fn generated(&self, node: &'a Node) -> yaml11::Node<'a> {
        match &node.kind {
            Kind::Map { entries, flow: false } if !entries.is_empty() => yaml11::Node::Map(
                entries
                    .iter()
                    .map(|(key, value)| Entry::Pair(self.leaf(key), self.generated(value)))
                    .collect(),
            ),
            Kind::Seq { items, flow: false } if !items.is_empty() => {
                yaml11::Node::Seq(items.iter().map(|item| Item::Node(self.generated(item))).collect())
            }
            _ => yaml11::Node::Verbatim(self.leaf(node)),
        }
    }

    /// An old entry as written, with the comment that ends its last line
    /// (only in a block mapping, where nothing else can follow a value).
    fn raw_entry(&self, key: &Node, value: &Node, block: bool) -> Entry<'a> {
        let end = value.end.max(key.end);
        let end = if block { line_end(self.old, end) } else { end };
        Entry::Raw(Raw {
            text: &self.old[key.start..end],
            col: key.col - 1,
        })
    }

    /// The generated mapping `new` merged with the old one at `path`.
    fn map(&self, new: Option<&'a Node>, old: Option<&'a Node>, path: &str) -> Vec<Entry<'a>> {
        let mut entries = Vec::new();
        let new_entries = new.and_then(Node::entries).unwrap_or_default();
        for (key, value) in new_entries {
            let name = key.scalar().unwrap_or_default();
            let here = format!("{path}.{name}");
            let old_value = old.and_then(|old| old.get(name));
            let out = if here == format!("{REGISTRY}extraEnv") {
                yaml11::Node::Seq(self.env(Some(value), old_value))
            } else if let (Kind::Map { flow: false, .. }, Some(Kind::Map { .. })) =
                (&value.kind, old_value.map(|old| &old.kind))
            {
                yaml11::Node::Map(self.map(Some(value), old_value, &here))
            } else {
                self.generated(value)
            };
            entries.push(Entry::Pair(self.leaf(key), out));
        }
        let Some(Kind::Map {
            entries: old_entries,
            flow,
        }) = old.map(|old| &old.kind)
        else {
            return entries;
        };
        for (key, value) in old_entries {
            let Some(name) = key.scalar() else {
                entries.push(self.raw_entry(key, value, !flow));
                continue;
            };
            if new_entries.iter().any(|(new_key, _)| new_key.scalar() == Some(name)) {
                continue;
            }
            let here = format!("{path}.{name}");
            let key_text = &self.old[key.start..key.end];
            if here == format!("{REGISTRY}extraEnv") {
                let items = self.env(None, Some(value));
                if !items.is_empty() {
                    entries.push(Entry::Pair(key_text, yaml11::Node::Seq(items)));
                }
                continue;
            }
            match owner(&here) {
                Owner::Form => {}
                Owner::Container => {
                    if value.entries().is_some() {
                        let kept = self.map(None, Some(value), &here);
                        if !kept.is_empty() {
                            entries.push(Entry::Pair(key_text, yaml11::Node::Map(kept)));
                        }
                    }
                }
                Owner::User => entries.push(self.raw_entry(key, value, !flow)),
            }
        }
        entries
    }

    /// `extraEnv`: the generated entries, then the old ones the generated
    /// block does not set and that are not another storage driver's.
    fn env(&self, new: Option<&'a Node>, old: Option<&'a Node>) -> Vec<Item<'a>> {
        let mut items = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        if let Some(Kind::Seq { items: new_items, .. }) = new.map(|node| &node.kind) {
            for item in new_items {
                if let Some(name) = item.get("name").and_then(Node::scalar) {
                    names.push(name);
                }
                items.push(Item::Node(self.generated(item)));
            }
        }
        let Some(Kind::Seq { items: old_items, flow }) = old.map(|node| &node.kind) else {
            return items;
        };
        for item in old_items {
            let name = item.get("name").and_then(Node::scalar).unwrap_or_default();
            if names.contains(&name) || other_driver(name, self.chosen) {
                continue;
            }
            let dash = self.old[..item.start].trim_end_matches(' ');
            if !*flow && dash.ends_with('-') {
                let start = dash.len() - 1;
                let col = self.old[..start]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |line| line.chars().count());
                let end = line_end(self.old, item.end);
                items.push(Item::Raw(Raw {
                    text: &self.old[start..end],
                    col,
                }));
            } else {
                items.push(Item::Node(yaml11::Node::Verbatim(&self.old[item.start..item.end])));
            }
        }
        items
    }
}

/// An environment variable that configures a storage driver other than the
/// chosen one: with it the registry sees two drivers and refuses to start.
pub fn other_driver(name: &str, chosen: BackendKind) -> bool {
    let Some(rest) = name.strip_prefix("REGISTRY_STORAGE_") else {
        return false;
    };
    let own = match chosen {
        BackendKind::Gcs => "GCS",
        BackendKind::Azure => "AZURE",
        BackendKind::S3 => "S3",
        BackendKind::Volume => "FILESYSTEM",
    };
    ["GCS", "AZURE", "S3", "FILESYSTEM"]
        .into_iter()
        .filter(|driver| *driver != own)
        .any(|driver| rest.starts_with(driver) && rest[driver.len()..].starts_with('_'))
}
