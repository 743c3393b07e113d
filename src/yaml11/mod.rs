//! YAML 1.1 scalars, read and written: how a YAML 1.1 reader (go-yaml v2, used
//! by Helm and by the registry) reads a string that a chart template pastes
//! unquoted as a mapping value, and the writer that quotes exactly what it
//! would read differently.
//!
//! The chart writes each string setting into the registry's own configuration
//! file as `key: {{ value }}`, without quotes, and the registry parses that file
//! with go-yaml v2. So the value's text is YAML source there: `yes` becomes a
//! boolean, `012` the number 10, `a #b` the string `a`, and `*x` breaks the file.
//! [`read_pasted`] says what the registry reads; it mirrors go-yaml v2's scanner
//! for the structure of one line and its `resolve()` for the type of a plain
//! scalar. `tests/yaml11_vectors.rs` checks it against what the real Helm binary
//! read for each value of `tests/fixtures/helm-scalar-vectors.json`.
//!
//! This module only reports what it finds, a [`Reading`] or the [`Hazard`] that
//! breaks the file, and depends on nothing else in the crate; the sentences a
//! user reads about it are the model's (`model/values/reading.rs`).
//!
//! `write` is the project's only YAML writer: a tree ([`Node`]) and [`emit`]
//! for generated files, [`emit_entries`] for a block inside the user's file at
//! its own [`Layout`]; a string is written plain only where [`plain_is_safe`]
//! says so.

mod resolve;
mod scan;
#[cfg(test)]
pub(crate) mod test_support;
mod write;

use resolve::{Decimal, Resolved, resolve, yaml_style_float};
use scan::{Content, Tag, scan};

pub use write::{Entry, Item, Layout, Node, Raw, emit, emit_entries};

/// What the registry reads after the chart pastes a string unquoted after `key: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The same string: pasting it is harmless.
    SameString,
    /// A boolean (`yes`, `Off`, `TRUE`, `y`, ...).
    Bool(bool),
    /// Null: `~`, `null`, nothing, only a comment, or an anchor on nothing.
    Null,
    /// A number, as the registry would print it: `10` for `012`, `1000` for `1e3`.
    Number(String),
    /// Another string: a comment or blanks dropped, or quotes or a tag taken as YAML.
    OtherString(String),
    /// YAML syntax that breaks the file or turns the value into something that
    /// is not a scalar: which construct, e.g. [`Hazard::Alias`].
    Breaks(Hazard),
}

/// What the registry reads when the chart pastes `raw` unquoted after `key: `.
pub fn read_pasted(raw: &str) -> Reading {
    paste(raw).reading
}

/// What the chart's unquoted paste of a value does to it: what the registry
/// reads, and whether a comment was dropped on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pasted {
    pub reading: Reading,
    /// Whether a comment (` #...`) after the content was dropped.
    pub comment: bool,
}

/// What happens to `raw` when the chart pastes it unquoted after `key: `.
pub fn paste(raw: &str) -> Pasted {
    match analyse(raw) {
        Ok((node, reading)) => Pasted {
            reading,
            comment: node.comment,
        },
        Err(hazard) => Pasted {
            reading: Reading::Breaks(hazard),
            comment: false,
        },
    }
}

/// Whether `s` can be written unquoted in a values file and read back as the
/// same string by go-yaml v2 and by PyYAML alike (and by YAML 1.2 readers).
///
/// Deliberately conservative: only `[A-Za-z0-9._/:=+@~-]`, starting with an
/// ASCII letter or digit, `/`, `.` or `_`, not ending with `:`, not made only of
/// digits and `: . _ + -` (YAML 1.1 sexagesimal numbers such as `190:20:30`),
/// not shaped like a number in any YAML version (`0x1F`, `1.0e+999`) or like a
/// YAML 1.1 timestamp (`2001-12-14T21:59:43Z`), and read by go-yaml v2 as the
/// same string. Everything else should be written quoted.
pub fn plain_is_safe(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return false;
    };
    let chars_ok = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._/:=+@~-".contains(&b));
    let first_ok = first.is_ascii_alphanumeric() || matches!(first, b'/' | b'.' | b'_');
    let number_chars_only = s.bytes().all(|b| b.is_ascii_digit() || b":._+-".contains(&b));
    chars_ok
        && first_ok
        && !s.ends_with(':')
        && !number_chars_only
        && !number_shaped(s)
        && !timestamp_shaped(s)
        && read_pasted(s) == Reading::SameString
}

/// Whether `s` reads as a number under some YAML version, whatever its size:
/// a float of YAML 1.1 or 1.2 (underscores ignored, so also `1_0.5e+3` and
/// `1e999`, which go-yaml v2 keeps as a string only because it overflows), or
/// an integer with a base prefix (`0x`, `0o`, `0b`, with or without `_`).
fn number_shaped(s: &str) -> bool {
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    if yaml_style_float(&plain) {
        return true;
    }
    let b = s.as_bytes();
    b.len() >= 3
        && b[0] == b'0'
        && matches!(b[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
        && b[2..].iter().all(|c| c.is_ascii_hexdigit() || *c == b'_')
}

/// Whether `s` could be a YAML 1.1 timestamp (PyYAML reads those as dates):
/// four digits and `-`, then only digits and `- : . + T t Z`.
fn timestamp_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 4
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b.iter().all(|c| c.is_ascii_digit() || b"-:.+TtZ".contains(c))
}

/// Why a pasted value is not a scalar the registry can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hazard {
    /// A character go-yaml's reader refuses.
    ControlChar(char),
    /// A line break: the rest would land on another line of the file.
    LineBreak,
    /// `*name`: a reference to an anchor that does not exist.
    Alias,
    /// A malformed or repeated anchor (`&`).
    Anchor,
    /// A malformed or repeated tag (`!`).
    Tag,
    /// A type tag (`!!int`, `!!binary`, ...) that fails or changes the value.
    TypeTag,
    /// `|` or `>`.
    BlockScalar(char),
    /// `[` or `{`.
    FlowCollection(char),
    /// `,`, `]` or `}`.
    FlowIndicator(char),
    /// `%`, `@` or a backtick.
    Reserved(char),
    /// `- ` at the start.
    ListItem,
    /// `? ` at the start.
    ComplexKey,
    /// `: ` anywhere, or `:` at the end.
    Mapping,
    /// A quoted scalar that is unterminated, has a bad escape, or is followed by text.
    Quote(char),
    /// `.inf` or `.nan`, which Helm refuses to render.
    SpecialFloat,
}

impl Hazard {
    /// The character that starts the construct, when there is one.
    pub fn symbol(self) -> Option<&'static str> {
        Some(match self {
            Hazard::Alias => "*",
            Hazard::Anchor => "&",
            Hazard::Tag => "!",
            Hazard::TypeTag => "!!",
            Hazard::BlockScalar('>') => ">",
            Hazard::BlockScalar(_) => "|",
            Hazard::FlowCollection('{') => "{",
            Hazard::FlowCollection(_) => "[",
            Hazard::FlowIndicator(',') => ",",
            Hazard::FlowIndicator('}') => "}",
            Hazard::FlowIndicator(_) => "]",
            Hazard::Reserved('%') => "%",
            Hazard::Reserved('@') => "@",
            Hazard::Reserved(_) => "`",
            Hazard::ListItem => "-",
            Hazard::ComplexKey => "?",
            Hazard::Quote('"') => "\"",
            Hazard::Quote(_) => "'",
            Hazard::ControlChar(_) | Hazard::LineBreak | Hazard::Mapping | Hazard::SpecialFloat => return None,
        })
    }
}

/// The node and what the registry reads, or what breaks.
fn analyse(raw: &str) -> Result<(scan::Node, Reading), Hazard> {
    let node = scan(raw)?;
    let text = match &node.content {
        Content::Empty => "",
        Content::Plain(text) | Content::Quoted(text) => text.as_str(),
    };
    let reading = match (node.tag, &node.content) {
        (None, Content::Quoted(text)) => Reading::OtherString(text.clone()),
        (None, _) => match resolve(text) {
            Resolved::Str if text == raw => Reading::SameString,
            Resolved::Str => Reading::OtherString(text.to_owned()),
            resolved => number_or_other(resolved)?,
        },
        (Some(Tag::Text), _) => Reading::OtherString(text.to_owned()),
        (Some(tag), _) => {
            let resolved = resolve(text);
            let fits = match tag {
                Tag::Bool => matches!(resolved, Resolved::Bool(_)),
                Tag::Int => matches!(resolved, Resolved::Int(_)),
                Tag::Float => matches!(resolved, Resolved::Int(_) | Resolved::Float(_) | Resolved::Special),
                Tag::Null => resolved == Resolved::Null,
                Tag::Text | Tag::Other => false,
            };
            if !fits {
                return Err(Hazard::TypeTag);
            }
            match (tag, resolved) {
                (Tag::Float, Resolved::Int(value)) => {
                    let text = value.to_string();
                    Reading::Number(Decimal::parse(&text).map_or(text, |decimal| decimal.go_format()))
                }
                (_, resolved) => number_or_other(resolved)?,
            }
        }
    };
    Ok((node, reading))
}

/// The reading of a resolved non-string scalar.
fn number_or_other(resolved: Resolved) -> Result<Reading, Hazard> {
    Ok(match resolved {
        Resolved::Bool(value) => Reading::Bool(value),
        Resolved::Null => Reading::Null,
        Resolved::Int(value) => Reading::Number(value.to_string()),
        Resolved::Float(value) => Reading::Number(value.go_format()),
        Resolved::Special => return Err(Hazard::SpecialFloat),
        // A string is handled by the caller, which knows the raw text.
        Resolved::Str => Reading::SameString,
    })
}

#[cfg(test)]
mod tests {
    use super::test_support::awkward_inputs;
    use super::*;

    #[test]
    fn plain_safety() {
        let safe = [
            "my-s3-bucket",
            "us-east-1",
            "https://minio.example.com:9000",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "alias/aws/s3",
            "core.windows.net",
            "/var/gcs-keyfile/astronomer-gcs-keyfile",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "abc+def/ghi==",
            "yES",
            "100Gi",
            "1e5bucket",
            "v1.2",
            "astronomer",
            ".hidden",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
        ];
        for value in safe {
            assert!(plain_is_safe(value), "{value:?} should be safe");
        }
        let unsafe_ = [
            "",
            "190:20:30",
            "1:20",
            "1.20.3",
            "1.0.0",
            "---",
            "...",
            "2001-12-14",
            "2001-12-14T21:59:43Z",
            "2001-12-14t21:59:43.10-05:00",
            "0x_",
            "0b_",
            "0x10000000000000000",
            "0o17",
            "1e999",
            "1.0e+999",
            "1_0.5e+3",
            ".5e+999",
            "yes",
            "y",
            "Off",
            "null",
            "=",
            "<<",
            "-x",
            "~",
            "@at",
            "a b",
            "a:",
            "a: b",
            "tab\there",
            "é",
            "a#b",
            "a,b",
            ".inf",
            "+12",
            "1e3",
            "_1",
            "12345678-1234-1234-1234-123456789012",
        ];
        for value in unsafe_ {
            assert!(!plain_is_safe(value), "{value:?} should not be safe");
        }
    }

    #[test]
    fn never_panics() {
        for input in &awkward_inputs() {
            let _ = read_pasted(input);
            let _ = paste(input);
            let _ = plain_is_safe(input);
        }
    }
}
