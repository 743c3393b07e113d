//! The imported file as a tree of nodes with byte ranges, read with
//! `saphyr-parser`'s events. Nothing is expanded: an alias stays an alias, and
//! what it would cost to expand is counted, so a bomb is refused unread.
//!
//! Limits keep hostile input from freezing the page: the text's size, the
//! nesting depth, the number of nodes and the size aliases would expand to.

use saphyr_parser::{Event, Parser, ScalarStyle};

/// A values file is a few kilobytes; this page reads up to this many bytes.
pub const MAX_BYTES: usize = 1_000_000;
/// Helm values nest a dozen levels; deeper is refused.
pub const MAX_DEPTH: usize = 100;
/// Nodes in the file, aliases counted once.
pub const MAX_NODES: usize = 200_000;
/// Nodes the file would have once every alias is expanded (what Helm builds).
pub const MAX_EXPANDED: u64 = 1_000_000;

/// Why a file cannot be read, with where when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// 1-based line and column, when the problem is at one place.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl ReadError {
    pub fn at(line: usize, col: usize, message: impl Into<String>) -> ReadError {
        ReadError {
            at: Some((line, col)),
            message: message.into(),
        }
    }

    pub fn whole(message: impl Into<String>) -> ReadError {
        ReadError {
            at: None,
            message: message.into(),
        }
    }

    /// The sentence shown: `Line 3, column 5: …`.
    pub fn text(&self) -> String {
        match self.at {
            Some((line, col)) => format!("Line {line}, column {col}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Scalar { value: String, style: Style },
    Map { entries: Vec<(Node, Node)>, flow: bool },
    Seq { items: Vec<Node>, flow: bool },
    Alias,
}

/// One node and where it is in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Byte offset of its first character (for a block collection: of its
    /// first key or item).
    pub start: usize,
    /// Byte offset just after its last character that is not white space.
    pub end: usize,
    /// 1-based line and column (in characters) of `start`.
    pub line: usize,
    pub col: usize,
    /// It carries an anchor (`&name`).
    pub anchored: bool,
    /// Its tag, e.g. `!!str`, if any.
    pub tag: Option<String>,
    pub kind: Kind,
}

impl Node {
    /// The scalar's value, if it is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The entries, if it is a mapping.
    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map { entries, .. } => Some(entries),
            _ => None,
        }
    }

    /// The value of the first entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, value)| value)
    }

    /// The first entry whose key is the scalar `key`.
    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries()?.iter().find(|(k, _)| k.scalar() == Some(key))
    }

    /// A null scalar as YAML 1.1 readers (Helm) see it: nothing, `~`, `null`.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar {
                value,
                style: Style::Plain,
            } => matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"),
            _ => false,
        }
    }

    /// What kind of node it is, for messages.
    pub fn what(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "empty (null)",
            Kind::Scalar { .. } => "a single value",
            Kind::Map { .. } => "a mapping",
            Kind::Seq { .. } => "a list",
            Kind::Alias => "an alias (*)",
        }
    }
}

/// The file, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    /// The document's root; `None` for a file with no document (empty, or
    /// only comments).
    pub root: Option<Node>,
}

/// Converts the parser's character positions to byte offsets.
struct Offsets {
    /// Byte offset of each character, plus the end; empty when the text is
    /// ASCII (then they are the same).
    bytes: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()
        };
        Offsets { bytes, len: text.len() }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

/// A collection being read.
struct Frame {
    node: Node,
    anchor: usize,
    /// A mapping's key waiting for its value.
    key: Option<Node>,
    /// Nodes it holds once aliases are expanded, itself included.
    expanded: u64,
}

/// Why a text of `size` bytes (or more) is not read.
pub fn too_large(size: usize) -> String {
    format!(
        "The text is {} KB or more; a platform config.yaml is a few KB, and this page reads files up to {} KB. Paste or open the platform's values file itself.",
        size / 1000,
        MAX_BYTES / 1000
    )
}

/// Reads the text into a tree, or says why not.
pub fn read(text: &str) -> Result<Tree, ReadError> {
    if text.len() > MAX_BYTES {
        return Err(ReadError::whole(too_large(text.len())));
    }
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text).keep_tags(true);
    let mut stack: Vec<Frame> = Vec::new();
    // Expanded size of each anchored node, by the parser's anchor id.
    let mut anchors: Vec<(usize, u64)> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut nodes = 0usize;
    let mut expanded_total = 0u64;

    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| {
            let mark = error.marker();
            let mut message = error.info().to_owned();
            if message.contains("recursion limit") {
                return ReadError::at(
                    mark.line(),
                    mark.col() + 1,
                    "the file nests too many levels deep here; a values file nests a dozen at most.",
                );
            }
            let line_text = text.lines().nth(mark.line().saturating_sub(1)).unwrap_or("");
            if line_text.trim_start_matches(' ').starts_with('\t') || message.contains("tab") {
                message.push_str(
                    " (YAML indents with spaces only: replace the tabs at the start of the line with spaces)",
                );
            }
            ReadError::at(
                mark.line(),
                mark.col() + 1,
                format!("this is not valid YAML: {message}."),
            )
        })?;
        let start = offsets.byte(span.start.index());
        let line = span.start.line();
        let col = span.start.col() + 1;
        let node = |kind: Kind, anchor: usize, tag: Option<String>, end: usize| Node {
            start,
            end,
            line,
            col,
            anchored: anchor != 0,
            tag,
            kind,
        };
        let finished: Option<(Node, usize, u64)> = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(ReadError::at(
                        line,
                        col,
                        "a second YAML document starts here (---). A values file is one document: keep only the platform's values.",
                    ));
                }
                None
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let end = trimmed_end(text, start, offsets.byte(span.end.index()));
                let kind = Kind::Scalar {
                    value: value.into_owned(),
                    style,
                };
                Some((node(kind, anchor, tag.map(|t| t.to_string()), end), anchor, 1))
            }
            Event::Alias(id) => {
                let size = anchors
                    .iter()
                    .rev()
                    .find(|(anchor, _)| *anchor == id)
                    .map_or(1, |(_, size)| *size);
                let end = offsets.byte(span.end.index());
                Some((node(Kind::Alias, 0, None, end), 0, size))
            }
            Event::MappingStart(anchor, ref tag) | Event::SequenceStart(anchor, ref tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ReadError::at(
                        line,
                        col,
                        format!(
                            "the file nests more than {MAX_DEPTH} levels deep here; a values file nests a dozen at most."
                        ),
                    ));
                }
                let flow = !span.is_empty();
                let kind = if matches!(event, Event::MappingStart(..)) {
                    Kind::Map {
                        entries: Vec::new(),
                        flow,
                    }
                } else {
                    Kind::Seq {
                        items: Vec::new(),
                        flow,
                    }
                };
                stack.push(Frame {
                    node: node(kind, anchor, tag.as_ref().map(|t| t.to_string()), start),
                    anchor,
                    key: None,
                    expanded: 1,
                });
                None
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(mut frame) = stack.pop() else {
                    return Err(ReadError::whole("the file's structure could not be read."));
                };
                if let Some(key) = frame.key.take() {
                    // A key without a value cannot come from the parser, but
                    // keep the tree whole if it ever does.
                    frame.node.end = frame.node.end.max(key.end);
                }
                let is_flow = matches!(
                    frame.node.kind,
                    Kind::Map { flow: true, .. } | Kind::Seq { flow: true, .. }
                );
                if is_flow {
                    frame.node.end = offsets.byte(span.end.index());
                }
                Some((frame.node, frame.anchor, frame.expanded))
            }
            _ => None,
        };
        let Some((node, anchor, size)) = finished else {
            continue;
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(ReadError::whole(format!(
                "the file has more than {MAX_NODES} values; a platform values file has a few hundred."
            )));
        }
        if anchor != 0 {
            anchors.push((anchor, size));
        }
        match stack.last_mut() {
            None => {
                expanded_total = size;
                root = Some(node);
            }
            Some(frame) => {
                frame.expanded = frame.expanded.saturating_add(size);
                expanded_total = expanded_total.max(frame.expanded);
                frame.node.end = frame.node.end.max(node.end);
                match &mut frame.node.kind {
                    Kind::Map { entries, .. } => match frame.key.take() {
                        None => frame.key = Some(node),
                        Some(key) => entries.push((key, node)),
                    },
                    Kind::Seq { items, .. } => items.push(node),
                    _ => {}
                }
            }
        }
        if expanded_total > MAX_EXPANDED {
            return Err(ReadError::whole(format!(
                "the file's aliases (*) would expand to more than {MAX_EXPANDED} values: Helm would build all of them. This is an alias bomb, not a values file."
            )));
        }
    }
    Ok(Tree { root })
}

/// The end of a node's text without the blank lines and indentation that a
/// block scalar's span takes in.
fn trimmed_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = end.min(bytes.len());
    while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\n' | b'\r') {
        end -= 1;
    }
    end
}
