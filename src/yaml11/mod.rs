//! How a YAML 1.1 reader (go-yaml v2, used by Helm and by the registry) reads a
//! string that a chart template pastes unquoted as a mapping value.
//!
//! The chart writes each string setting into the registry's own configuration
//! file as `key: {{ value }}`, without quotes, and the registry parses that file
//! with go-yaml v2. So the value's text is YAML source there: `yes` becomes a
//! boolean, `012` the number 10, `a #b` the string `a`, and `*x` breaks the file.
//! [`read_pasted`] says what the registry reads; it mirrors go-yaml v2's scanner
//! for the structure of one line and its `resolve()` for the type of a plain
//! scalar. `tests/yaml11_vectors.rs` checks it against what the real Helm binary
//! read for each value of `tests/fixtures/helm-scalar-vectors.json`.

mod resolve;
mod scan;
#[cfg(test)]
mod test_support;

use resolve::{Decimal, Resolved, resolve, yaml_style_float};
use scan::{Content, Node, Tag, is_blank, scan};

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
    /// is not a scalar; says what, e.g. "an alias (*)".
    Breaks(&'static str),
}

/// What the registry reads when the chart pastes `raw` unquoted after `key: `.
pub fn read_pasted(raw: &str) -> Reading {
    match analyse(raw) {
        Ok((_, reading)) => reading,
        Err(hazard) => Reading::Breaks(hazard.reason()),
    }
}

/// Ok when the registry reads `raw`, pasted unquoted after `key: `, as the same
/// string; otherwise one sentence that says what it would read instead and how
/// to fix the value. The empty string is an error: [`crate::model::REQUIRED`].
pub fn check_paste(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err(crate::model::REQUIRED.into());
    }
    match analyse(raw) {
        Ok((_, Reading::SameString)) => Ok(()),
        Ok((node, reading)) => Err(explain(raw, &node, &reading)),
        Err(hazard) => Err(hazard.message(raw)),
    }
}

/// Like [`check_paste`], for a value the registry's driver reads with Go's
/// `fmt.Sprint` (the S3 and GCS drivers' bucket names): a value read as a
/// number is fine when the number prints back as the same text (`123`), not
/// when it prints differently (`0123` prints 83, `1e3` prints 1000).
pub fn check_paste_sprinted(raw: &str) -> Result<(), String> {
    match read_pasted(raw) {
        Reading::Number(printed) if printed == raw => Ok(()),
        _ => check_paste(raw),
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
enum Hazard {
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
    /// A short noun phrase: what YAML reads there.
    fn reason(self) -> &'static str {
        match self {
            Hazard::ControlChar(_) => "a character YAML does not allow",
            Hazard::LineBreak => "a line break",
            Hazard::Alias => "an alias (*)",
            Hazard::Anchor => "an anchor (&)",
            Hazard::Tag => "a tag (!)",
            Hazard::TypeTag => "a type tag (!!)",
            Hazard::BlockScalar('>') => "a folded block scalar (>)",
            Hazard::BlockScalar(_) => "a block scalar (|)",
            Hazard::FlowCollection('{') => "a flow mapping ({)",
            Hazard::FlowCollection(_) => "a flow sequence ([)",
            Hazard::FlowIndicator(',') => "a flow entry separator (,)",
            Hazard::FlowIndicator('}') => "the end of a flow mapping (})",
            Hazard::FlowIndicator(_) => "the end of a flow sequence (])",
            Hazard::Reserved('%') => "a directive (%)",
            Hazard::Reserved('@') => "a reserved indicator (@)",
            Hazard::Reserved(_) => "a reserved indicator (`)",
            Hazard::ListItem => "a list item (- )",
            Hazard::ComplexKey => "a mapping key (? )",
            Hazard::Mapping => "a mapping (: )",
            Hazard::Quote('"') => "a double-quoted string (\")",
            Hazard::Quote(_) => "a single-quoted string (')",
            Hazard::SpecialFloat => "an infinite or not-a-number float (.inf, .nan)",
        }
    }

    /// The construct in a few words, for messages.
    fn noun(self) -> &'static str {
        match self {
            Hazard::Alias => "YAML alias",
            Hazard::Anchor => "YAML anchor",
            Hazard::Tag => "YAML tag",
            Hazard::TypeTag => "YAML type tag",
            Hazard::BlockScalar(_) => "YAML block scalar",
            Hazard::FlowCollection('{') => "YAML flow mapping",
            Hazard::FlowCollection(_) => "YAML flow sequence",
            Hazard::FlowIndicator(_) => "YAML flow indicator",
            Hazard::Reserved('%') => "YAML directive",
            Hazard::Reserved(_) => "reserved YAML indicator",
            Hazard::ListItem => "YAML list item",
            Hazard::ComplexKey => "YAML mapping key",
            Hazard::Mapping => "YAML mapping",
            Hazard::Quote(_) => "YAML quoted string",
            Hazard::ControlChar(_) => "a character YAML does not allow",
            Hazard::LineBreak => "a line break",
            Hazard::SpecialFloat => "a special number",
        }
    }

    /// The character that starts the construct, when there is one.
    fn symbol(self) -> Option<&'static str> {
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

    /// One or two sentences: what goes wrong and how to fix the value.
    fn message(self, raw: &str) -> String {
        let lead = raw.trim_start_matches([' ', '\t']);
        match self {
            Hazard::ControlChar(c) => format!(
                "The character U+{:04X} is not allowed in the registry's configuration file: remove it.",
                u32::from(c)
            ),
            Hazard::LineBreak => "A line break breaks the registry's configuration file, because the chart pastes \
                                  this value on one line: remove it."
                .into(),
            Hazard::Mapping if lead.trim_end_matches([' ', '\t']).ends_with(':') => {
                "A value ending with : breaks the registry's configuration file (YAML reads a mapping), because \
                 the chart pastes it without quotes: remove the colon at the end."
                    .into()
            }
            Hazard::Mapping => "A colon followed by a space breaks the registry's configuration file (YAML reads \
                                a mapping), because the chart pastes it without quotes: remove the space after the \
                                colon."
                .into(),
            Hazard::SpecialFloat => format!(
                "The registry would read {} as a special number (infinity or not-a-number), which Helm refuses to \
                 render: choose another value.",
                shown(raw)
            ),
            Hazard::Quote(_) if lead.starts_with(['\'', '"']) => format!(
                "A value starting with {} breaks the registry's configuration file ({}), because the chart pastes \
                 it without quotes: remove the quotes.",
                self.symbol().unwrap_or("a quote"),
                self.noun()
            ),
            _ => {
                let subject = match self.symbol() {
                    Some(symbol) if lead.starts_with(symbol) => format!("A value starting with {symbol}"),
                    _ => "This value".to_owned(),
                };
                let spaced = lead.len() > 1 && lead.as_bytes().get(1).is_some_and(|&c| is_blank(c));
                let fix = match self {
                    Hazard::ListItem | Hazard::ComplexKey if spaced => {
                        "remove the space after it, or choose a value that starts with a letter or digit"
                    }
                    _ => "choose a value that starts with a letter or digit",
                };
                format!(
                    "{subject} breaks the registry's configuration file ({}), because the chart pastes it without \
                     quotes: {fix}.",
                    self.noun()
                )
            }
        }
    }
}

/// The sentence for a value that parses but reads as something else.
fn explain(raw: &str, node: &Node, reading: &Reading) -> String {
    let lead = raw.trim_start_matches([' ', '\t']);
    let what = describe(reading);
    if lead.starts_with('!') {
        format!(
            "A value starting with ! is a YAML tag, because the chart pastes it without quotes: the registry would \
             read {what}. Choose a value that starts with a letter or digit."
        )
    } else if lead.starts_with('&') {
        format!(
            "A value starting with & is a YAML anchor, because the chart pastes it without quotes: the registry \
             would read {what}. Choose a value that starts with a letter or digit."
        )
    } else if lead.starts_with(['\'', '"']) {
        format!(
            "The chart pastes this value without quotes, so the registry would take the quotes as YAML quoting and \
             read {what}: remove the quotes."
        )
    } else if lead.starts_with('#') {
        "A value starting with # is a comment in the registry's configuration file, because the chart pastes it \
         without quotes: the registry would read null (empty). Choose a value that starts with a letter or digit."
            .into()
    } else if node.comment {
        format!(
            "Everything after ' #' would be dropped as a comment: the registry would read just {what}. Remove the \
             space before the #."
        )
    } else if lead.len() != raw.len() || raw.ends_with([' ', '\t']) {
        format!("The registry would drop the spaces at the start or end and read {what}: remove them.")
    } else {
        match reading {
            Reading::Bool(value) => format!(
                "The registry would read {} as the boolean {value}, not as text: choose another value.",
                shown(raw)
            ),
            Reading::Null => format!(
                "The registry would read {} as null (empty), not as text: choose another value.",
                shown(raw)
            ),
            Reading::Number(number) => format!(
                "The registry would read {} as the number {}, not as text: choose another value (one with a \
                 letter in it, for example).",
                shown(raw),
                shown(number)
            ),
            _ => format!("The registry would read {what} instead: choose another value."),
        }
    }
}

/// What a reading is, as words that fit after "would read".
fn describe(reading: &Reading) -> String {
    match reading {
        Reading::Bool(value) => format!("the boolean {value}"),
        Reading::Null => "null (empty)".into(),
        Reading::Number(number) => format!("the number {}", shown(number)),
        Reading::OtherString(text) if text.is_empty() => "an empty string".into(),
        Reading::OtherString(text) => format!("`{}`", shown(text)),
        Reading::SameString => "the same text".into(),
        Reading::Breaks(reason) => (*reason).into(),
    }
}

/// `text`, cut to 60 characters for a message.
fn shown(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX - 1).collect();
    cut.push('…');
    cut
}

/// The node and what the registry reads, or what breaks.
fn analyse(raw: &str) -> Result<(Node, Reading), Hazard> {
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
    use super::*;

    #[test]
    fn messages_say_what_and_how() {
        let cases = [
            ("", "This setting is required."),
            ("yes", "The registry would read yes as the boolean true, not as text"),
            ("012", "would read 012 as the number 10"),
            ("1e3", "as the number 1000"),
            ("null", "would read null as null (empty)"),
            ("~", "null (empty)"),
            (
                "*alias",
                "A value starting with * breaks the registry's configuration file (YAML alias)",
            ),
            ("|pipe", "A value starting with | breaks"),
            ("- dash", "remove the space after it"),
            ("a: b", "remove the space after the colon"),
            ("bucket:", "remove the colon at the end"),
            (
                "a #b",
                "Everything after ' #' would be dropped as a comment: the registry would read just `a`.",
            ),
            ("#hash", "A value starting with # is a comment"),
            ("&anchor", "YAML anchor"),
            ("!tag", "YAML tag"),
            ("'sq", "remove the quotes"),
            ("'sq'", "read `sq`: remove the quotes"),
            (" lead", "drop the spaces at the start or end and read `lead`"),
            ("a\nb", "A line break"),
            ("a\u{1}b", "U+0001"),
            (".inf", "infinity"),
        ];
        for (raw, fragment) in cases {
            let message = check_paste(raw).expect_err(raw);
            assert!(message.contains(fragment), "{raw:?}: {message}");
        }
        // Long values are cut in messages.
        let long = format!("{}1", "0".repeat(500));
        let message = check_paste(&long).expect_err("a number");
        assert!(message.len() < 300, "{message}");
    }

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
        let mut inputs: Vec<String> = [
            "",
            " ",
            "\t",
            "é",
            "日本",
            "🦀",
            "\u{200b}",
            "\u{feff}",
            "!",
            "!!",
            "!<",
            "!<>",
            "&",
            "*",
            "'",
            "\"",
            "\"\\",
            "\"\\x",
            "\"\\u12",
            "'''",
            "%",
            "%%",
            "!%",
            "!%e",
            "!%e9",
            "!a%e9%80",
            "\u{10FFFF}",
            "0x",
            "-",
            "+",
            ".",
            "_",
            "0b1_",
            "1e-",
            "a:é",
            "é: b",
            "é #é",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        inputs.push("9".repeat(10_000));
        inputs.push("a: ".repeat(1_000));
        inputs.push("é".repeat(5_000));
        inputs.push(format!(".{}", "1_".repeat(1_000)));
        for input in &inputs {
            let _ = read_pasted(input);
            let _ = check_paste(input);
            let _ = plain_is_safe(input);
        }
    }
}
