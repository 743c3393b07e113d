//! Bring your own `config.yaml`: read the platform's values file, load its
//! registry settings into the form, and give the file back with only
//! `astronomer.registry` changed.
//!
//! - `tree`: the file as nodes with byte ranges (`saphyr-parser` events), with
//!   limits against hostile input;
//! - this module: where the registry block is or goes ([`Place`]), and what
//!   makes a file unusable (a second document, flow style, aliases, anchors or
//!   merge keys on the way to or inside the block, duplicate keys there, a
//!   block that is not a mapping);
//! - `load`: the actions that put the file's values into the draft;
//! - `lint`: what the file gets wrong, each finding with its fix;
//! - `merge`: the user's text with the registry block replaced by byte range,
//!   every byte outside it kept;
//! - `diff`: the changed lines.
//!
//! Scalars are judged with the project's YAML 1.1 rules (`yaml11`), as Helm
//! reads them, not with the parser's YAML 1.2 ones.

pub mod diff;
pub mod lint;
mod load;
mod merge;
pub mod tree;

use crate::state::Action;
use tree::{Kind, Node, ReadError, Tree};

pub use lint::{Finding, Fix, Level};
pub use load::Loaded;

/// A file that can be merged: its text, its tree and where the block goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    text: String,
    tree: Tree,
    place: Place,
    /// The line break the file uses (`\r\n` or `\n`).
    eol: &'static str,
    /// The file's indentation step.
    step: usize,
    loaded: Loaded,
}

/// Where the registry block is, or where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    /// The file has no document (empty, or only comments): the whole
    /// `astronomer:` mapping is appended.
    Append,
    /// The root mapping has no `astronomer:` key: it is added after byte
    /// `after` (the end of the root's last line), at column `col` (0-based).
    NewAstronomer { after: usize, col: usize },
    /// `astronomer:` has no `registry:` key: it is added after byte `after`,
    /// at column `col`. `clear` is the range of an empty value (`~`, `{}`)
    /// that gives way to the block.
    NewRegistry {
        after: usize,
        col: usize,
        clear: Option<(usize, usize)>,
    },
    /// The `registry:` entry spans `start..end` (from its key to the end of
    /// its last line, without the line break); its key is at column `col`.
    Replace { start: usize, end: usize, col: usize },
}

/// Reads a pasted or opened file. Refuses, with where and why, a file that is
/// not one YAML mapping or whose registry block cannot be replaced safely.
pub fn read(text: &str) -> Result<Imported, ReadError> {
    let tree = tree::read(text)?;
    let place = locate(text, &tree)?;
    let registry = registry_node(&tree);
    if let Some(registry) = registry {
        check_block(registry)?;
    }
    let loaded = load::load(&tree);
    Ok(Imported {
        text: text.to_owned(),
        eol: if text.contains("\r\n") { "\r\n" } else { "\n" },
        step: step(&tree),
        tree,
        place,
        loaded,
    })
}

impl Imported {
    /// The text as imported.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's root mapping, if it has one.
    pub fn root(&self) -> Option<&Node> {
        self.tree.root.as_ref()
    }

    /// The `astronomer.registry` mapping, if the file has one.
    pub fn registry(&self) -> Option<&Node> {
        registry_node(&self.tree)
    }

    /// What the file says, as the form reads it.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// The actions that load the file into the draft: the backend the chart
    /// would use, every registry value (fields the file leaves out go back to
    /// their initial value), the credential mode and the plane mode where the
    /// file has them. The release, namespace and chart version stay as typed.
    pub fn actions(&self) -> Vec<Action> {
        self.loaded.actions()
    }

    /// The user's file with the registry block of `generated` (the
    /// `config.yaml` the form renders) in place of its own.
    pub fn merge(&self, generated: &str) -> Result<String, String> {
        merge::merge(self, generated)
    }

    /// What the file gets wrong, for the release the draft names.
    pub fn lint(&self, draft: &crate::state::Draft) -> Vec<Finding> {
        lint::lint(self, draft)
    }
}

/// `astronomer.registry` if it is there.
fn registry_node(tree: &Tree) -> Option<&Node> {
    tree.root.as_ref()?.get("astronomer")?.get("registry")
}

/// Line and column (1-based) of a node, for messages.
fn at(node: &Node, message: impl Into<String>) -> ReadError {
    ReadError::at(node.line, node.col, message)
}

/// The first key that appears twice in a mapping: (key, first, second).
pub(crate) fn duplicate(map: &Node) -> Option<(&Node, &Node)> {
    let entries = map.entries()?;
    let mut keys: Vec<(&str, &Node)> = entries
        .iter()
        .filter_map(|(key, _)| Some((key.scalar()?, key)))
        .collect();
    // No two keys start at one place: the order is total, so an unstable sort
    // (smaller in the worker's WASM) gives the same.
    keys.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.start.cmp(&b.1.start)));
    keys.windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| (pair[0].1, pair[1].1))
        .min_by_key(|(_, second)| second.start)
}

fn refuse_duplicate(map: &Node, path: &str) -> Result<(), ReadError> {
    if let Some((first, second)) = duplicate(map) {
        let key = second.scalar().unwrap_or_default();
        return Err(at(
            second,
            format!(
                "{path}{key} appears a second time (first at line {}). Helm keeps only one of them: merge the two into one.",
                first.line
            ),
        ));
    }
    Ok(())
}

fn refuse_merge_key(map: &Node, path: &str) -> Result<(), ReadError> {
    if let Some((key, _)) = map.entry("<<") {
        return Err(at(
            key,
            format!(
                "{path} takes keys from a merge key (<<), so the registry settings could come from elsewhere in the file. Write {path} out in full."
            ),
        ));
    }
    Ok(())
}

/// Where the block is or goes, and whether the way there is safe to edit.
fn locate(text: &str, tree: &Tree) -> Result<Place, ReadError> {
    let Some(root) = &tree.root else {
        return Ok(Place::Append);
    };
    let Kind::Map { flow, .. } = &root.kind else {
        return Err(at(
            root,
            format!(
                "the file is {}, not a mapping of values (global:, astronomer:, ...). Paste the platform's config.yaml.",
                root.what()
            ),
        ));
    };
    if *flow {
        return Err(at(
            root,
            "the file is written in flow style ({ ... }). Write it in block style (one key per line) to import it.",
        ));
    }
    refuse_duplicate(root, "")?;
    refuse_merge_key(root, "The file")?;
    let Some((astronomer_key, astronomer)) = root.entry("astronomer") else {
        return Ok(Place::NewAstronomer {
            after: line_end(text, root.end),
            col: root.col - 1,
        });
    };
    refuse_shared(astronomer, "astronomer")?;
    match &astronomer.kind {
        Kind::Map { flow: false, .. } => {}
        Kind::Map { flow: true, entries } if entries.is_empty() => {
            return Ok(Place::NewRegistry {
                after: line_end(text, astronomer.end),
                col: astronomer_key.col - 1 + step(tree),
                clear: Some((astronomer.start, astronomer.end)),
            });
        }
        Kind::Map { flow: true, .. } => {
            return Err(at(
                astronomer,
                "astronomer: is written in flow style ({ ... }). Write it in block style (one key per line) to import it.",
            ));
        }
        Kind::Scalar { .. } if astronomer.is_null() => {
            let clear = (astronomer.end > astronomer.start).then_some((astronomer.start, astronomer.end));
            return Ok(Place::NewRegistry {
                after: line_end(text, astronomer.end.max(astronomer_key.end)),
                col: astronomer_key.col - 1 + step(tree),
                clear,
            });
        }
        _ => {
            return Err(at(
                astronomer,
                format!(
                    "astronomer: is {}; it must be a mapping (houston:, registry:, ...).",
                    astronomer.what()
                ),
            ));
        }
    }
    refuse_duplicate(astronomer, "astronomer.")?;
    refuse_merge_key(astronomer, "astronomer:")?;
    let Some((registry_key, registry)) = astronomer.entry("registry") else {
        let first = astronomer.entries().and_then(|entries| entries.first());
        return Ok(Place::NewRegistry {
            after: line_end(text, astronomer.end),
            col: first.map_or(astronomer_key.col - 1 + step(tree), |(key, _)| key.col - 1),
            clear: None,
        });
    };
    refuse_shared(registry, "astronomer.registry")?;
    match &registry.kind {
        Kind::Map { .. } => {}
        Kind::Scalar { .. } if registry.is_null() => {}
        _ => {
            return Err(at(
                registry,
                format!(
                    "astronomer.registry is {}; it must be a mapping (s3:, gcs:, ...). Fix or remove it, then import again.",
                    registry.what()
                ),
            ));
        }
    }
    Ok(Place::Replace {
        start: registry_key.start,
        end: line_end(text, registry.end.max(registry_key.end)),
        col: registry_key.col - 1,
    })
}

/// An anchor or alias on the way to the block: other parts of the file could
/// share it, so changing it would change them too.
fn refuse_shared(node: &Node, path: &str) -> Result<(), ReadError> {
    if matches!(node.kind, Kind::Alias) {
        return Err(at(
            node,
            format!("{path} is an alias (*) of another part of the file. Write it out in full to import it."),
        ));
    }
    if node.anchored {
        return Err(at(
            node,
            format!(
                "{path} carries an anchor (&) that other parts of the file may copy. Remove the anchor (and write out its aliases) to import it."
            ),
        ));
    }
    Ok(())
}

/// The registry block is replaced as a whole: nothing in it may be shared
/// with the rest of the file or read twice.
fn check_block(node: &Node) -> Result<(), ReadError> {
    let mut pending = vec![(node, String::from("astronomer.registry"))];
    while let Some((node, path)) = pending.pop() {
        refuse_shared(node, &path)?;
        match &node.kind {
            Kind::Map { entries, .. } => {
                refuse_duplicate(node, &format!("{path}."))?;
                refuse_merge_key(node, &path)?;
                for (key, value) in entries {
                    refuse_shared(key, &path)?;
                    let name = key.scalar().unwrap_or("?");
                    pending.push((value, format!("{path}.{name}")));
                }
            }
            Kind::Seq { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    pending.push((item, format!("{path}[{i}]")));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The file's indentation step: how far the first nested block mapping is
/// indented under its key; 2 when the file shows none.
fn step(tree: &Tree) -> usize {
    let mut pending: Vec<&Node> = tree.root.iter().collect();
    while let Some(node) = pending.pop() {
        if let Kind::Map { entries, flow: false } = &node.kind {
            for (key, value) in entries {
                if let Kind::Map {
                    entries: inner,
                    flow: false,
                } = &value.kind
                    && let Some((child, _)) = inner.first()
                    && child.line > key.line
                    && child.col > key.col
                {
                    return child.col - key.col;
                }
            }
            pending.extend(entries.iter().rev().map(|(_, value)| value));
        }
    }
    2
}

/// The end of the line that holds byte `at`, before its line break.
fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    match text[at..].find(['\n', '\r']) {
        Some(offset) => at + offset,
        None => text.len(),
    }
}
