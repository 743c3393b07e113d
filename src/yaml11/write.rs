//! The project's only YAML writer: a tiny tree of mappings, strings and
//! booleans, and an emitter whose every string reads back as exactly the same
//! string.
//!
//! Strings are written plain when a YAML 1.1 reader (Helm's) reads them back
//! unchanged, and otherwise double-quoted with escapes that YAML 1.1 and 1.2
//! readers both understand.

use std::fmt::Write as _;

use super::plain_is_safe;

/// One node of a YAML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A block mapping; the keys are written in the given order.
    Map(Vec<(&'static str, Node)>),
    /// A block sequence.
    Seq(Vec<Node>),
    /// A string scalar.
    Str(String),
    /// A multi-line text written as a literal block (`|`), for scripts the
    /// program writes itself; each line is kept as it is.
    Block(String),
    /// A whole number.
    Int(u64),
    /// `true` or `false`.
    Bool(bool),
}

impl Node {
    /// A string node.
    pub fn str(value: impl Into<String>) -> Node {
        Node::Str(value.into())
    }
}

/// The document for `root`: two-space indent, keys in order, a trailing newline.
///
/// Keys are program constants and must be plain-safe identifiers such as
/// `bucket`; values may be any string.
pub fn emit(root: &Node) -> String {
    let mut out = String::new();
    match root {
        Node::Map(entries) if !entries.is_empty() => write_entries(&mut out, entries, 0),
        other => {
            write_inline(&mut out, other);
            out.push('\n');
        }
    }
    out
}

fn write_entries(out: &mut String, entries: &[(&'static str, Node)], depth: usize) {
    for (key, value) in entries {
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push_str(key);
        out.push(':');
        match value {
            Node::Map(children) if !children.is_empty() => {
                out.push('\n');
                write_entries(out, children, depth + 1);
            }
            Node::Seq(items) if !items.is_empty() => {
                out.push('\n');
                write_items(out, items, depth + 1);
            }
            Node::Block(text) => {
                out.push_str(" |");
                write_block(out, text, depth + 1);
            }
            other => {
                out.push(' ');
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

/// Each item after `- `; a mapping's first entry shares the dash's line and
/// the others line up under it.
fn write_items(out: &mut String, items: &[Node], depth: usize) {
    for item in items {
        for _ in 0..depth {
            out.push_str("  ");
        }
        out.push_str("- ");
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                // The entries line up one level deeper; the first one starts
                // on the dash's line, which its indentation would repeat.
                let mut lines = String::new();
                write_entries(&mut lines, entries, depth + 1);
                out.push_str(&lines[(depth + 1) * 2..]);
            }
            Node::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                write_items(out, inner, depth + 1);
            }
            Node::Block(text) => {
                out.push('|');
                write_block(out, text, depth + 1);
            }
            other => {
                write_inline(out, other);
                out.push('\n');
            }
        }
    }
}

/// The lines of a literal block, indented one level deeper than its key. A
/// text without a final line break gets the strip indicator (`|-`).
fn write_block(out: &mut String, text: &str, depth: usize) {
    if !text.ends_with('\n') {
        out.push('-');
    }
    out.push('\n');
    for line in text.lines() {
        if !line.is_empty() {
            for _ in 0..depth {
                out.push_str("  ");
            }
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// A node that fits on the rest of the line: a scalar or an empty collection.
fn write_inline(out: &mut String, node: &Node) {
    match node {
        Node::Map(_) => out.push_str("{}"),
        Node::Seq(_) => out.push_str("[]"),
        Node::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Node::Int(value) => out.push_str(&value.to_string()),
        Node::Str(value) | Node::Block(value) => write_str(out, value),
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

    fn map(entries: Vec<(&'static str, Node)>) -> Node {
        Node::Map(entries)
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
            map(vec![("extraEnv", Node::Seq(vec![env("A", "true"), env("B", "x")]))]),
        )]);
        assert_eq!(
            emit(&doc),
            "registry:\n  extraEnv:\n    - name: A\n      value: \"true\"\n    - name: B\n      value: x\n"
        );
        assert_eq!(emit(&map(vec![("k", Node::Seq(vec![]))])), "k: []\n");
        let nested_first = map(vec![(
            "terms",
            Node::Seq(vec![map(vec![
                ("selector", map(vec![("app", Node::str("registry"))])),
                ("key", Node::str("host")),
            ])]),
        )]);
        assert_eq!(
            emit(&nested_first),
            "terms:\n  - selector:\n      app: registry\n    key: host\n"
        );
        assert_eq!(
            emit(&map(vec![("k", Node::Seq(vec![Node::str("a"), Node::Bool(true)]))])),
            "k:\n  - a\n  - true\n"
        );
    }

    #[test]
    fn blocks_keep_their_lines() {
        let doc = map(vec![(
            "args",
            Node::Seq(vec![Node::Block("set -eu\n\necho \"$x\" # a\n".into())]),
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
}
