//! The project's only YAML writer: a tree of mappings, sequences and scalars,
//! laid out at a given indentation step, whose every string reads back as
//! exactly the same string.
//!
//! Strings are written plain when a YAML 1.1 reader (Helm's) reads them back
//! unchanged, and otherwise double-quoted with escapes that YAML 1.1 and 1.2
//! readers both understand. Besides the generated files (two-space steps),
//! the writer lays out a block inside the user's own file at that file's step
//! and line break, where text the file already holds is written as it is: a
//! [`Node::Verbatim`] value, or a [`Raw`] entry or item moved to its new column.

use std::fmt::Write as _;

use super::plain_is_safe;

/// One node of a YAML document. Keys and verbatim text are borrowed, from the
/// program's constants or from a document being rewritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node<'a> {
    /// A block mapping; the entries are written in the given order.
    Map(Vec<Entry<'a>>),
    /// A block sequence.
    Seq(Vec<Item<'a>>),
    /// A string scalar.
    Str(String),
    /// A multi-line text written as a literal block (`|`), for scripts the
    /// program writes itself; each line is kept as it is.
    Block(String),
    /// A whole number.
    Int(u64),
    /// `true` or `false`.
    Bool(bool),
    /// YAML text that is already written (a scalar or a flow collection, as a
    /// document holds it), put after `key: ` or `- ` as it is.
    Verbatim(&'a str),
}

/// An entry of a block mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    /// `key: value`. The key is written as it is: a plain-safe identifier such
    /// as `bucket`, or a key's text from a document.
    Pair(&'a str, Node<'a>),
    /// A whole entry of another document, from its key on.
    Raw(Raw<'a>),
}

/// An item of a block sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// A node after `- `.
    Node(Node<'a>),
    /// A whole item of another document, from its dash on.
    Raw(Raw<'a>),
}

/// Text of another document that starts an entry (at its key) or an item (at
/// its dash) and runs to the end of its last line, with the column (0-based)
/// it started at there. It is written at its new column, every further line
/// moved by as much, blank lines emptied and `\r` line ends dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raw<'a> {
    pub text: &'a str,
    pub col: usize,
}

/// How the lines are laid out: the indentation step and the line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout<'e> {
    /// The spaces a mapping's or a sequence's content is indented by under its
    /// key. A mapping inside a sequence item always starts two columns after
    /// the dash, on the dash's line.
    pub step: usize,
    /// The line break written after every line (`\n` or `\r\n`).
    pub eol: &'e str,
}

impl Layout<'static> {
    /// The generated files': two spaces, `\n`.
    pub const GENERATED: Layout<'static> = Layout { step: 2, eol: "\n" };
}

impl<'a> Node<'a> {
    /// A string node.
    pub fn str(value: impl Into<String>) -> Node<'a> {
        Node::Str(value.into())
    }

    /// A mapping of `key: value` pairs.
    pub fn map(pairs: impl IntoIterator<Item = (&'a str, Node<'a>)>) -> Node<'a> {
        Node::Map(pairs.into_iter().map(|(key, value)| Entry::Pair(key, value)).collect())
    }

    /// A sequence of nodes.
    pub fn seq(nodes: impl IntoIterator<Item = Node<'a>>) -> Node<'a> {
        Node::Seq(nodes.into_iter().map(Item::Node).collect())
    }
}

/// The document for `root`: two-space indent, keys in order, a trailing newline.
///
/// Keys are program constants and must be plain-safe identifiers such as
/// `bucket`; values may be any string.
pub fn emit(root: &Node) -> String {
    match root {
        Node::Map(entries) if !entries.is_empty() => emit_entries(entries, 0, Layout::GENERATED),
        other => {
            let mut writer = Writer::new(Layout::GENERATED);
            writer.inline(other);
            writer.line_break();
            writer.out
        }
    }
}

/// The lines of a mapping's `entries` with their keys at column `col` (0-based),
/// each ended by the layout's line break; nothing for no entries.
pub fn emit_entries(entries: &[Entry], col: usize, layout: Layout) -> String {
    let mut writer = Writer::new(layout);
    writer.entries(entries, col);
    writer.out
}

/// The text written so far, and how.
struct Writer<'e> {
    out: String,
    layout: Layout<'e>,
}

impl<'e> Writer<'e> {
    fn new(layout: Layout<'e>) -> Self {
        Writer {
            out: String::new(),
            layout,
        }
    }

    fn line_break(&mut self) {
        self.out.push_str(self.layout.eol);
    }

    fn indent(&mut self, col: usize) {
        self.out.extend(std::iter::repeat_n(' ', col));
    }

    fn entries(&mut self, entries: &[Entry], col: usize) {
        for entry in entries {
            match entry {
                Entry::Pair(key, value) => {
                    self.indent(col);
                    self.out.push_str(key);
                    self.out.push(':');
                    self.value(value, col);
                }
                Entry::Raw(raw) => self.raw(raw, col),
            }
        }
    }

    /// What follows `key:` for a key at column `col`.
    fn value(&mut self, value: &Node, col: usize) {
        let inner = col + self.layout.step;
        match value {
            Node::Map(children) if !children.is_empty() => {
                self.line_break();
                self.entries(children, inner);
            }
            Node::Seq(items) if !items.is_empty() => {
                self.line_break();
                self.items(items, inner);
            }
            Node::Block(text) => {
                self.out.push_str(" |");
                self.block(text, inner);
            }
            other => {
                self.out.push(' ');
                self.inline(other);
                self.line_break();
            }
        }
    }

    /// Each item after `- ` at column `col`. A collection's content starts two
    /// columns after the dash and its first line shares the dash's line.
    fn items(&mut self, items: &[Item], col: usize) {
        for item in items {
            let node = match item {
                Item::Raw(raw) => {
                    self.raw(raw, col);
                    continue;
                }
                Item::Node(node) => node,
            };
            let start = self.out.len();
            match node {
                Node::Map(entries) if !entries.is_empty() => self.entries(entries, col + 2),
                Node::Seq(inner) if !inner.is_empty() => self.items(inner, col + 2),
                Node::Block(text) => {
                    self.indent(col);
                    self.out.push_str("- |");
                    self.block(text, col + self.layout.step);
                    continue;
                }
                other => {
                    self.indent(col);
                    self.out.push_str("- ");
                    self.inline(other);
                    self.line_break();
                    continue;
                }
            }
            // The content's first line starts with `col + 2` spaces: its last
            // two become the dash.
            self.out.replace_range(start + col..start + col + 2, "- ");
        }
    }

    /// The lines of a literal block at column `col`. A text without a final
    /// line break gets the strip indicator (`|-`).
    fn block(&mut self, text: &str, col: usize) {
        if !text.ends_with('\n') {
            self.out.push('-');
        }
        self.line_break();
        for line in text.lines() {
            if !line.is_empty() {
                self.indent(col);
                self.out.push_str(line);
            }
            self.line_break();
        }
    }

    /// `raw` moved to column `col`: its first line starts there, the others
    /// move by the same amount.
    fn raw(&mut self, raw: &Raw, col: usize) {
        for (i, line) in raw.text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if i == 0 {
                self.indent(col);
                self.out.push_str(line);
            } else if !line.trim().is_empty() {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                self.indent((spaces + col).saturating_sub(raw.col));
                self.out.push_str(&line[spaces..]);
            }
            self.line_break();
        }
    }

    /// A node that fits on the rest of the line: a scalar or an empty collection.
    fn inline(&mut self, node: &Node) {
        match node {
            Node::Map(_) => self.out.push_str("{}"),
            Node::Seq(_) => self.out.push_str("[]"),
            Node::Bool(value) => self.out.push_str(if *value { "true" } else { "false" }),
            Node::Int(value) => self.out.push_str(&value.to_string()),
            Node::Str(value) | Node::Block(value) => write_str(&mut self.out, value),
            Node::Verbatim(text) => self.out.push_str(text),
        }
    }
}

/// Writes `value` plain when that is safe, otherwise double-quoted.
fn write_str(out: &mut String, value: &str) {
    if plain_is_safe(value) {
        out.push_str(value);
    } else {
        write_double_quoted(out, value);
    }
}

/// Writes `value` as a double-quoted scalar.
///
/// Everything that is not printable in YAML 1.1, or that a reader would fold
/// or normalise (line breaks, tabs, NEL, the Unicode line and paragraph
/// separators, the byte order mark), is escaped; the escapes used (`\"`, `\\`,
/// `\t`, `\n`, `\r`, `\xNN`, `\uNNNN`) mean the same in YAML 1.1 and 1.2.
fn write_double_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let code = u32::from(c);
                // Writing into a String cannot fail.
                let _ = if code < 0x100 {
                    write!(out, "\\x{code:02X}")
                } else if code < 0x1_0000 {
                    write!(out, "\\u{code:04X}")
                } else {
                    write!(out, "\\U{code:08X}")
                };
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether `c` must be escaped inside double quotes: it is outside YAML 1.1's
/// printable set, or it is a line break or byte order mark that a reader would
/// not keep as it is.
fn needs_escape(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00..=0x1F | 0x7F..=0x9F | 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&'static str, Node<'static>)>) -> Node<'static> {
        Node::map(entries)
    }

    #[test]
    fn nests_with_two_spaces_in_the_given_order() {
        let doc = map(vec![(
            "astronomer",
            map(vec![(
                "registry",
                map(vec![
                    (
                        "gcs",
                        map(vec![("enabled", Node::Bool(true)), ("bucket", Node::str("b"))]),
                    ),
                    ("s3", map(vec![("enabled", Node::Bool(false))])),
                ]),
            )]),
        )]);
        assert_eq!(
            emit(&doc),
            "astronomer:\n  registry:\n    gcs:\n      enabled: true\n      bucket: b\n    s3:\n      enabled: false\n"
        );
    }

    #[test]
    fn quotes_what_is_not_a_plain_string() {
        let cases = [
            ("my-bucket", "my-bucket"),
            ("/registry", "/registry"),
            ("https://minio.example.com:9000", "https://minio.example.com:9000"),
            ("5242880", "\"5242880\""),
            ("yes", "\"yes\""),
            ("Off", "\"Off\""),
            ("", "\"\""),
            ("a: b", "\"a: b\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("tab\there\n", "\"tab\\there\\n\""),
            ("bell\u{7}", "\"bell\\x07\""),
            ("nel\u{85}", "\"nel\\x85\""),
            ("line\u{2028}sep", "\"line\\u2028sep\""),
            ("café", "\"café\""),
            ("1e5bucket", "1e5bucket"),
            ("1e5", "\"1e5\""),
        ];
        for (value, written) in cases {
            assert_eq!(
                emit(&map(vec![("k", Node::str(value))])),
                format!("k: {written}\n"),
                "{value:?}"
            );
        }
    }

    #[test]
    fn sequences_of_mappings_line_up_under_the_dash() {
        let env = |name: &str, value: &str| map(vec![("name", Node::str(name)), ("value", Node::str(value))]);
        let doc = map(vec![(
            "registry",
            map(vec![("extraEnv", Node::seq(vec![env("A", "true"), env("B", "x")]))]),
        )]);
        assert_eq!(
            emit(&doc),
            "registry:\n  extraEnv:\n    - name: A\n      value: \"true\"\n    - name: B\n      value: x\n"
        );
        assert_eq!(emit(&map(vec![("k", Node::seq(vec![]))])), "k: []\n");
        let nested_first = map(vec![(
            "terms",
            Node::seq(vec![map(vec![
                ("selector", map(vec![("app", Node::str("registry"))])),
                ("key", Node::str("host")),
            ])]),
        )]);
        assert_eq!(
            emit(&nested_first),
            "terms:\n  - selector:\n      app: registry\n    key: host\n"
        );
        assert_eq!(
            emit(&map(vec![("k", Node::seq(vec![Node::str("a"), Node::Bool(true)]))])),
            "k:\n  - a\n  - true\n"
        );
    }

    #[test]
    fn blocks_keep_their_lines() {
        let doc = map(vec![(
            "args",
            Node::seq(vec![Node::Block("set -eu\n\necho \"$x\" # a\n".into())]),
        )]);
        assert_eq!(emit(&doc), "args:\n  - |\n    set -eu\n\n    echo \"$x\" # a\n");
        let stripped = map(vec![("k", Node::Block("a\nb".into()))]);
        assert_eq!(emit(&stripped), "k: |-\n  a\n  b\n");
    }

    #[test]
    fn empty_documents_are_still_documents() {
        assert_eq!(emit(&map(vec![])), "{}\n");
        assert_eq!(emit(&map(vec![("k", map(vec![]))])), "k: {}\n");
    }

    const FOUR: Layout<'static> = Layout { step: 4, eol: "\n" };

    #[test]
    fn the_step_is_a_parameter() {
        let entries = [Entry::Pair(
            "registry",
            map(vec![
                ("gcs", map(vec![("enabled", Node::Bool(true))])),
                ("empty", map(vec![])),
            ]),
        )];
        assert_eq!(
            emit_entries(&entries, 4, FOUR),
            "    registry:\n        gcs:\n            enabled: true\n        empty: {}\n"
        );
        let crlf = Layout { step: 3, eol: "\r\n" };
        assert_eq!(
            emit_entries(&entries, 0, crlf),
            "registry:\r\n   gcs:\r\n      enabled: true\r\n   empty: {}\r\n"
        );
        assert_eq!(emit_entries(&[], 4, FOUR), "");
    }

    #[test]
    fn verbatim_leaves_are_written_as_they_are() {
        let entries = [
            Entry::Pair("enabled", Node::Verbatim("\"false\"")),
            Entry::Pair("ports", Node::Verbatim("[80, 443]   # both")),
            Entry::Pair(
                "env",
                Node::Seq(vec![Item::Node(Node::Verbatim("{name: A, value: b}"))]),
            ),
        ];
        assert_eq!(
            emit_entries(&entries, 0, FOUR),
            "enabled: \"false\"\nports: [80, 443]   # both\nenv:\n    - {name: A, value: b}\n"
        );
    }

    #[test]
    fn raw_entries_and_items_move_from_their_column() {
        // An entry that started at column 2, with a blank line, a deeper line
        // and CRLF line ends, moved to column 4: every line moves by two.
        let entry = Raw {
            text: "serviceAccount:   # mine\r\n    create: true\r\n  \r\n    annotations:\r\n      a: b",
            col: 2,
        };
        assert_eq!(
            emit_entries(&[Entry::Raw(entry)], 4, FOUR),
            "    serviceAccount:   # mine\n      create: true\n\n      annotations:\n        a: b\n"
        );
        // An item from its dash at column 8, moved to column 2: its lines move
        // back by six, and never past the left edge.
        let item = Raw {
            text: "-   name: MINE\n            value: x\n  stray: y",
            col: 8,
        };
        let entries = [Entry::Pair("extraEnv", Node::Seq(vec![Item::Raw(item)]))];
        assert_eq!(
            emit_entries(&entries, 0, Layout { step: 2, eol: "\n" }),
            "extraEnv:\n  -   name: MINE\n      value: x\nstray: y\n"
        );
    }

    #[test]
    fn an_items_first_entry_shares_the_dash_line_at_any_step() {
        let env = Node::map(vec![
            ("name", Node::str("A")),
            (
                "valueFrom",
                map(vec![(
                    "secretKeyRef",
                    map(vec![("name", Node::str("s")), ("key", Node::str("k"))]),
                )]),
            ),
        ]);
        let entries = [Entry::Pair(
            "extraEnv",
            Node::seq(vec![env, Node::seq(vec![Node::str("x")])]),
        )];
        assert_eq!(
            emit_entries(&entries, 0, FOUR),
            "extraEnv:\n    - name: A\n      valueFrom:\n          secretKeyRef:\n              name: s\n              key: k\n    - - x\n"
        );
        // A raw entry first in an item's mapping shares the dash line too.
        let raw_first = Node::Map(vec![
            Entry::Raw(Raw {
                text: "name: OLD\n  # note",
                col: 0,
            }),
            Entry::Pair("value", Node::Verbatim("v")),
        ]);
        assert_eq!(
            emit_entries(&[Entry::Pair("k", Node::Seq(vec![Item::Node(raw_first)]))], 0, FOUR),
            "k:\n    - name: OLD\n        # note\n      value: v\n"
        );
    }
}
