//! The user's file with only `astronomer.registry` changed.
//!
//! The new block is the one the form renders (read back from the generated
//! `config.yaml`), laid out at the file's indentation and line breaks, and put
//! in place of the old block's byte range; every byte outside that range is
//! kept. Inside the block, what the form does not own is carried over from the
//! old block as written: keys no field is named after (`serviceAccount`,
//! `gcs.useKeyfile`, unknown keys, which `lint` reports) and the user's own
//! `extraEnv` entries, except those the generated block sets itself and those
//! of another storage driver (the registry refuses to start with two).

use super::load::{REGISTRY, truthy};
use super::tree::{self, Kind, Node};
use super::{Imported, Place, line_end};
use crate::model::BackendKind;
use crate::settings::FieldId;

/// A value in the new block.
enum Out<'a> {
    /// One line of YAML as the generator wrote it (a scalar, `[]`, `{}`).
    Leaf(&'a str),
    Map(Vec<Entry<'a>>),
    Seq(Vec<Item<'a>>),
}

/// An entry of a mapping in the new block.
enum Entry<'a> {
    Pair(&'a str, Out<'a>),
    /// An entry of the old block, as written: its text and the column it
    /// started at.
    Raw(&'a str, usize),
}

/// An item of a list in the new block.
enum Item<'a> {
    Node(Out<'a>),
    /// An item of the old block from its dash, and the dash's column.
    Raw(&'a str, usize),
}

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
    step: usize,
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
        step: imported.step,
    };
    let entries = merger.map(Some(generated_registry), old_registry, "astronomer.registry");
    let text = &imported.text;
    let eol = imported.eol;
    let step = imported.step;
    let indent = |col: usize| " ".repeat(col);
    let merged = match &imported.place {
        Place::Replace { start, end, col } => {
            let child = old_registry
                .and_then(|node| node.entries())
                .and_then(|entries| entries.first())
                .filter(|(key, _)| key.col - 1 > *col)
                .map_or(col + step, |(key, _)| key.col - 1);
            let lines = merger.entries(&entries, child);
            format!("{}registry:{eol}{}{}", &text[..*start], lines.join(eol), &text[*end..])
        }
        Place::NewRegistry { after, col, clear } => {
            let lines = merger.entries(&entries, col + step);
            let block = format!("{eol}{}registry:{eol}{}", indent(*col), lines.join(eol));
            let head = match clear {
                Some((start, end)) => {
                    let start = text[..*start].trim_end_matches([' ', '\t']).len();
                    format!("{}{}", &text[..start], &text[*end..*after])
                }
                None => text[..*after].to_owned(),
            };
            format!("{head}{block}{}", &text[*after..])
        }
        Place::NewAstronomer { after, col } => {
            let lines = merger.entries(&entries, col + 2 * step);
            format!(
                "{}{eol}{}astronomer:{eol}{}registry:{eol}{}{}",
                &text[..*after],
                indent(*col),
                indent(col + step),
                lines.join(eol),
                &text[*after..]
            )
        }
        Place::Append => {
            let lines = merger.entries(&entries, 2 * step);
            let separator = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                eol
            };
            format!(
                "{text}{separator}astronomer:{eol}{}registry:{eol}{}{eol}",
                indent(step),
                lines.join(eol)
            )
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
    fn generated(&self, node: &'a Node) -> Out<'a> {
        match &node.kind {
            Kind::Map { entries, flow: false } if !entries.is_empty() => Out::Map(
                entries
                    .iter()
                    .map(|(key, value)| Entry::Pair(self.leaf(key), self.generated(value)))
                    .collect(),
            ),
            Kind::Seq { items, flow: false } if !items.is_empty() => {
                Out::Seq(items.iter().map(|item| Item::Node(self.generated(item))).collect())
            }
            _ => Out::Leaf(self.leaf(node)),
        }
    }

    /// An old entry as written, with the comment that ends its last line
    /// (only in a block mapping, where nothing else can follow a value).
    fn raw_entry(&self, key: &Node, value: &Node, block: bool) -> Entry<'a> {
        let end = value.end.max(key.end);
        let end = if block { line_end(self.old, end) } else { end };
        Entry::Raw(&self.old[key.start..end], key.col - 1)
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
                Out::Seq(self.env(Some(value), old_value))
            } else if let (Kind::Map { flow: false, .. }, Some(Kind::Map { .. })) =
                (&value.kind, old_value.map(|old| &old.kind))
            {
                Out::Map(self.map(Some(value), old_value, &here))
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
                    entries.push(Entry::Pair(key_text, Out::Seq(items)));
                }
                continue;
            }
            match owner(&here) {
                Owner::Form => {}
                Owner::Container => {
                    if value.entries().is_some() {
                        let kept = self.map(None, Some(value), &here);
                        if !kept.is_empty() {
                            entries.push(Entry::Pair(key_text, Out::Map(kept)));
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
                items.push(Item::Raw(&self.old[start..end], col));
            } else {
                items.push(Item::Node(Out::Leaf(&self.old[item.start..item.end])));
            }
        }
        items
    }

    /// The lines of a mapping's entries at column `col`.
    fn entries(&self, entries: &[Entry], col: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for entry in entries {
            match entry {
                Entry::Pair(key, out) => {
                    let head = format!("{}{key}:", " ".repeat(col));
                    match out {
                        Out::Leaf(text) => lines.push(format!("{head} {text}")),
                        Out::Map(inner) if inner.is_empty() => lines.push(format!("{head} {{}}")),
                        Out::Seq(inner) if inner.is_empty() => lines.push(format!("{head} []")),
                        Out::Map(inner) => {
                            lines.push(head);
                            lines.extend(self.entries(inner, col + self.step));
                        }
                        Out::Seq(inner) => {
                            lines.push(head);
                            lines.extend(self.items(inner, col + self.step));
                        }
                    }
                }
                Entry::Raw(text, from) => lines.extend(self.reindent(text, *from, col)),
            }
        }
        lines
    }

    /// The lines of a list's items, dashes at column `col`.
    fn items(&self, items: &[Item], col: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let dash = format!("{}- ", " ".repeat(col));
        for item in items {
            match item {
                Item::Node(Out::Leaf(text)) => lines.push(format!("{dash}{text}")),
                Item::Node(Out::Map(entries)) => {
                    let mut inner = self.entries(entries, col + 2);
                    if let Some(first) = inner.first_mut() {
                        first.replace_range(..col + 2, &dash);
                    }
                    lines.extend(inner);
                }
                Item::Node(Out::Seq(inner)) => {
                    let mut inner = self.items(inner, col + 2);
                    if let Some(first) = inner.first_mut() {
                        first.replace_range(..col + 2, &dash);
                    }
                    lines.extend(inner);
                }
                Item::Raw(text, from) => lines.extend(self.reindent(text, *from, col)),
            }
        }
        lines
    }

    /// Old text that started at column `from`, moved to column `to`: the
    /// first line starts at `to`, the others move by the same amount.
    fn reindent(&self, text: &str, from: usize, to: usize) -> Vec<String> {
        text.split('\n')
            .enumerate()
            .map(|(i, line)| {
                let line = line.strip_suffix('\r').unwrap_or(line);
                if i == 0 {
                    return format!("{}{line}", " ".repeat(to));
                }
                if line.trim().is_empty() {
                    return String::new();
                }
                let spaces = line.len() - line.trim_start_matches(' ').len();
                let moved = (spaces + to).saturating_sub(from);
                format!("{}{}", " ".repeat(moved), &line[spaces..])
            })
            .collect()
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
