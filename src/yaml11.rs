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

use std::fmt::Write as _;

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
/// to fix the value. The empty string is an error: "This value is required."
pub fn check_paste(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err("This value is required.".into());
    }
    match analyse(raw) {
        Ok((_, Reading::SameString)) => Ok(()),
        Ok((node, reading)) => Err(explain(raw, &node, &reading)),
        Err(hazard) => Err(hazard.message(raw)),
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

/// One pasted line after the scanner: node properties and content.
#[derive(Debug)]
struct Node {
    tag: Option<Tag>,
    content: Content,
    /// Whether a comment was dropped after the content.
    comment: bool,
}

/// The scalar's text as YAML delivers it, before its type is resolved.
#[derive(Debug)]
enum Content {
    Empty,
    Plain(String),
    Quoted(String),
}

/// What an explicit tag does to the scalar when the registry decodes it.
#[derive(Clone, Copy, Debug)]
enum Tag {
    /// The non-specific tag `!`, a local tag, `!!str` or a core tag go-yaml
    /// does not resolve (`!!map`, ...): the text as a string.
    Text,
    Bool,
    Int,
    Float,
    Null,
    /// `!!binary` or `!!timestamp`: decoded into something else, or refused.
    Other,
}

/// A scalar's type as go-yaml's `resolve()` decides it.
#[derive(Clone, Debug, PartialEq)]
enum Resolved {
    Str,
    Bool(bool),
    Null,
    Int(i128),
    Float(Decimal),
    /// `.inf`, `.nan` and their variants.
    Special,
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

/// YAML blank: space or tab.
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Blank or end of input (there are no line breaks once `scan` has checked).
fn is_blankz(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&c| is_blank(c))
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_blank(c)) {
        i += 1;
    }
    i
}

/// Whether go-yaml's reader accepts `c` (YAML 1.1's printable set plus tab).
fn yaml_printable(c: char) -> bool {
    matches!(u32::from(c), 0x09 | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

/// The structure of `key: <raw>` on one line, as go-yaml's scanner sees it.
fn scan(raw: &str) -> Result<Node, Hazard> {
    for c in raw.chars() {
        if matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') {
            return Err(Hazard::LineBreak);
        }
        if !yaml_printable(c) {
            return Err(Hazard::ControlChar(c));
        }
    }
    let b = raw.as_bytes();
    let mut i = skip_blanks(b, 0);
    let mut anchor = false;
    let mut tag = None;
    loop {
        match b.get(i) {
            Some(b'&') => {
                if anchor {
                    return Err(Hazard::Anchor);
                }
                anchor = true;
                i = skip_blanks(b, scan_anchor(b, i + 1)?);
            }
            Some(b'!') => {
                if tag.is_some() {
                    return Err(Hazard::Tag);
                }
                let (found, next) = scan_tag(raw, i + 1)?;
                tag = Some(found);
                i = skip_blanks(b, next);
            }
            _ => break,
        }
    }
    let (content, comment) = scan_content(raw, i)?;
    Ok(Node { tag, content, comment })
}

/// go-yaml's `is_alpha`: the characters of anchor names and tag handles.
fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Scans an anchor name starting at `i` (after `&`); returns where it ends.
fn scan_anchor(b: &[u8], i: usize) -> Result<usize, Hazard> {
    let mut end = i;
    while b.get(end).is_some_and(|&c| is_alpha(c)) {
        end += 1;
    }
    let follower_ok = is_blankz(b, end) || b.get(end).is_some_and(|c| b"?:,]}%@`".contains(c));
    if end == i || !follower_ok {
        return Err(Hazard::Anchor);
    }
    Ok(end)
}

/// go-yaml's URI characters in tags (besides `%` escapes).
fn is_uri_char(b: u8) -> bool {
    is_alpha(b) || b";/?:@&=+$,.!~*'()[]".contains(&b)
}

/// Scans URI characters from `i`; returns the end, or `None` for a bad `%` escape.
fn scan_uri(b: &[u8], mut i: usize) -> Option<usize> {
    let mut escaped = Vec::new();
    loop {
        match b.get(i) {
            Some(b'%') => {
                let hex = b
                    .get(i + 1..i + 3)
                    .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))?;
                let text = std::str::from_utf8(hex).ok()?;
                escaped.push(u8::from_str_radix(text, 16).ok()?);
                i += 3;
            }
            Some(&c) if is_uri_char(c) => {
                if !escaped.is_empty() {
                    std::str::from_utf8(&escaped).ok()?;
                    escaped.clear();
                }
                i += 1;
            }
            _ => break,
        }
    }
    std::str::from_utf8(&escaped).ok()?;
    Some(i)
}

/// Scans a tag starting at `i` (after `!`); returns what it does and where it ends.
fn scan_tag(raw: &str, i: usize) -> Result<(Tag, usize), Hazard> {
    let b = raw.as_bytes();
    let (uri, end) = if b.get(i) == Some(&b'<') {
        // A verbatim tag: `!<uri>`.
        let end = scan_uri(b, i + 1).ok_or(Hazard::Tag)?;
        if end == i + 1 || b.get(end) != Some(&b'>') {
            return Err(Hazard::Tag);
        }
        (&raw[i + 1..end], end + 1)
    } else {
        let mut handle_end = i;
        while b.get(handle_end).is_some_and(|&c| is_alpha(c)) {
            handle_end += 1;
        }
        if b.get(handle_end) == Some(&b'!') {
            // `!!suffix`, or `!name!suffix` with a handle no document here defines.
            let start = handle_end + 1;
            let end = scan_uri(b, start).ok_or(Hazard::Tag)?;
            if handle_end != i || end == start {
                return Err(Hazard::Tag);
            }
            let suffix = &raw[start..end];
            if !is_blankz(b, end) {
                return Err(Hazard::Tag);
            }
            return Ok((core_tag(suffix), end));
        }
        // `!suffix`, a local tag, or `!` alone, the non-specific tag.
        let end = scan_uri(b, i).ok_or(Hazard::Tag)?;
        ("!", end)
    };
    if !is_blankz(b, end) {
        return Err(Hazard::Tag);
    }
    let tag = match uri.strip_prefix("tag:yaml.org,2002:") {
        Some(suffix) => core_tag(suffix),
        None => Tag::Text,
    };
    Ok((tag, end))
}

/// What go-yaml v2 does with the core tag `!!suffix` on a scalar.
fn core_tag(suffix: &str) -> Tag {
    match suffix {
        "bool" => Tag::Bool,
        "int" => Tag::Int,
        "float" => Tag::Float,
        "null" => Tag::Null,
        "binary" | "timestamp" => Tag::Other,
        _ => Tag::Text,
    }
}

/// Scans the node content starting at `i`; returns it and whether a comment followed.
fn scan_content(raw: &str, i: usize) -> Result<(Content, bool), Hazard> {
    let b = raw.as_bytes();
    let Some(&c) = b.get(i) else {
        return Ok((Content::Empty, false));
    };
    let next_blankz = is_blankz(b, i + 1);
    match c {
        b'#' => Ok((Content::Empty, true)),
        b'[' | b'{' => Err(Hazard::FlowCollection(char::from(c))),
        b']' | b'}' | b',' => Err(Hazard::FlowIndicator(char::from(c))),
        b'-' if next_blankz => Err(Hazard::ListItem),
        b'?' if next_blankz => Err(Hazard::ComplexKey),
        b':' if next_blankz => Err(Hazard::Mapping),
        b'*' => Err(Hazard::Alias),
        b'&' => Err(Hazard::Anchor),
        b'!' => Err(Hazard::Tag),
        b'|' | b'>' => Err(Hazard::BlockScalar(char::from(c))),
        b'%' | b'@' | b'`' => Err(Hazard::Reserved(char::from(c))),
        b'\'' | b'"' => scan_quoted(raw, i, char::from(c)),
        _ => scan_plain(raw, i),
    }
}

/// A plain scalar from `start` to a comment, a `: ` or the end.
fn scan_plain(raw: &str, start: usize) -> Result<(Content, bool), Hazard> {
    let b = raw.as_bytes();
    let mut i = start;
    let mut end = start;
    loop {
        if i > start && b.get(i) == Some(&b'#') {
            return Ok((Content::Plain(raw[start..end].to_owned()), true));
        }
        while let Some(&c) = b.get(i) {
            if is_blank(c) {
                break;
            }
            if c == b':' && is_blankz(b, i + 1) {
                return Err(Hazard::Mapping);
            }
            i += 1;
        }
        end = i;
        i = skip_blanks(b, i);
        if i >= b.len() {
            break;
        }
    }
    Ok((Content::Plain(raw[start..end].to_owned()), false))
}

/// A single- or double-quoted scalar from `start`, then what may follow it.
fn scan_quoted(raw: &str, start: usize, quote: char) -> Result<(Content, bool), Hazard> {
    let hazard = Hazard::Quote(quote);
    let body = &raw[start + 1..];
    let mut text = String::new();
    let mut chars = body.char_indices();
    let close = loop {
        let (at, c) = chars.next().ok_or(hazard)?;
        match c {
            '\'' if quote == '\'' => {
                if body[at + 1..].starts_with('\'') {
                    chars.next();
                    text.push('\'');
                } else {
                    break at;
                }
            }
            '"' if quote == '"' => break at,
            '\\' if quote == '"' => {
                let (_, code) = chars.next().ok_or(hazard)?;
                let width = match code {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                if width == 0 {
                    text.push(simple_escape(code).ok_or(hazard)?);
                } else {
                    let mut value = 0u32;
                    for _ in 0..width {
                        let (_, digit) = chars.next().ok_or(hazard)?;
                        value = value * 16 + digit.to_digit(16).ok_or(hazard)?;
                    }
                    text.push(char::from_u32(value).ok_or(hazard)?);
                }
            }
            c => text.push(c),
        }
    };
    let b = raw.as_bytes();
    let after = skip_blanks(b, start + 1 + close + 1);
    match b.get(after) {
        None => Ok((Content::Quoted(text), false)),
        Some(b'#') => Ok((Content::Quoted(text), true)),
        Some(b':') if is_blankz(b, after + 1) => Err(Hazard::Mapping),
        Some(_) => Err(hazard),
    }
}

/// The character of a one-letter escape in a double-quoted scalar (go-yaml v2's set).
fn simple_escape(code: char) -> Option<char> {
    Some(match code {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{B}',
        'f' => '\u{C}',
        'r' => '\r',
        'e' => '\u{1B}',
        ' ' => ' ',
        '"' => '"',
        '\'' => '\'',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{A0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        _ => return None,
    })
}

/// go-yaml v2's `resolve()` for an untagged plain scalar.
fn resolve(text: &str) -> Resolved {
    let hint = match text.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(&c) if b"yYnNtTfFoO~".contains(&c) => b'M',
        Some(b'.') => b'.',
        Some(_) => return Resolved::Str,
    };
    if let Some(found) = lookup(text) {
        return found;
    }
    match hint {
        b'.' => go_decimal_float(text).map_or(Resolved::Str, Resolved::Float),
        b'D' | b'S' => {
            // Timestamps (YYYY-...) are tried first in go-yaml but read back as
            // strings, and never parse as numbers, so they need no case here.
            let plain: String = text.chars().filter(|&c| c != '_').collect();
            if let Some(value) = go_parse_int(&plain, 0) {
                return Resolved::Int(value);
            }
            if let Some(value) = go_parse_uint(&plain, 0) {
                return Resolved::Int(i128::from(value));
            }
            if yaml_style_float(&plain)
                && let Some(value) = Decimal::parse(&plain)
            {
                return Resolved::Float(value);
            }
            // go-yaml's fallbacks for `0b`: they add a sign after the prefix (`0b-101` is -5).
            let fallback = if let Some(rest) = plain.strip_prefix("0b") {
                go_parse_int(rest, 2).or_else(|| go_parse_uint(rest, 2).map(i128::from))
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                go_parse_int(&format!("-{rest}"), 2)
            } else {
                None
            };
            fallback.map_or(Resolved::Str, Resolved::Int)
        }
        _ => Resolved::Str,
    }
}

/// go-yaml v2's table of fixed words.
fn lookup(text: &str) -> Option<Resolved> {
    Some(match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Resolved::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Resolved::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf"
        | "-.INF" => Resolved::Special,
        _ => return None,
    })
}

/// Go's `strconv.ParseUint(s, base, 64)`; with base 0, `0x`, `0o`, `0b`
/// prefixes, a leading `0` for octal, otherwise decimal. No sign; `None` on
/// syntax error or overflow.
fn go_parse_uint(s: &str, base: u32) -> Option<u64> {
    let b = s.as_bytes();
    let (base, digits) = match b {
        [] => return None,
        _ if base != 0 => (base, b),
        [b'0', prefix, _, ..] if matches!(prefix.to_ascii_lowercase(), b'b' | b'o' | b'x') => {
            let base = match prefix.to_ascii_lowercase() {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (base, &b[2..])
        }
        [b'0', rest @ ..] => (8, rest),
        _ => (10, b),
    };
    let mut value: u64 = 0;
    for &c in digits {
        let digit = char::from(c).to_digit(36).filter(|&digit| digit < base)?;
        value = value.checked_mul(u64::from(base))?.checked_add(u64::from(digit))?;
    }
    Some(value)
}

/// Go's `strconv.ParseInt(s, base, 64)`: an optional sign, then as
/// [`go_parse_uint`], within the range of an `int64`.
fn go_parse_int(s: &str, base: u32) -> Option<i128> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = i128::from(go_parse_uint(rest, base)?);
    let limit = 1i128 << 63;
    match negative {
        true if magnitude <= limit => Some(-magnitude),
        false if magnitude < limit => Some(magnitude),
        _ => None,
    }
}

/// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |rest| rest.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if b.get(i) == Some(&b'.') {
        let count = digits(i + 1);
        if count == 0 {
            return false;
        }
        i += 1 + count;
    } else {
        let count = digits(i);
        if count == 0 {
            return false;
        }
        i += count;
        if b.get(i) == Some(&b'.') {
            i += 1 + digits(i + 1);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let count = digits(i);
        if count == 0 {
            return false;
        }
        i += count;
    }
    i == b.len()
}

/// Go's `strconv.ParseFloat(s, 64)` for a decimal number without sign (the
/// scalars that start with `.`): underscores only between digits; `None` when
/// it is not a number or overflows.
fn go_decimal_float(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    let mut i = 0;
    let (mut saw_dot, mut saw_digits, mut underscores) = (false, false, false);
    while let Some(&c) = b.get(i) {
        match c {
            b'_' => underscores = true,
            b'.' if !saw_dot => saw_dot = true,
            b'0'..=b'9' => saw_digits = true,
            _ => break,
        }
        i += 1;
    }
    if !saw_digits {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while let Some(&c) = b.get(i) {
            match c {
                b'_' => underscores = true,
                b'0'..=b'9' => {}
                _ => break,
            }
            i += 1;
        }
    }
    if i != b.len() || (underscores && !underscore_ok(s)) {
        return None;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    Decimal::parse(&plain)
}

/// Go's `underscoreOK`: each `_` stands between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let [b'+' | b'-', rest @ ..] = b {
        b = rest;
    }
    let mut i = 0;
    // What came last: '^' the start, '0' a digit or base prefix, '_' an underscore, '!' anything else.
    let mut saw = b'^';
    let mut hex = false;
    if let [b'0', prefix, ..] = b
        && matches!(prefix.to_ascii_lowercase(), b'b' | b'o' | b'x')
    {
        i = 2;
        saw = b'0';
        hex = prefix.eq_ignore_ascii_case(&b'x');
    }
    for &c in b.get(i..).unwrap_or_default() {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// A finite decimal number, kept as its digits so that no float code ends up
/// in the WebAssembly: `digits` are the significant digits (no leading or
/// trailing zeros, empty for zero) and the value is `0.digits × 10^(exponent + 1)`,
/// i.e. `d.ddd × 10^exponent`.
#[derive(Clone, Debug, PartialEq)]
struct Decimal {
    negative: bool,
    digits: String,
    exponent: i32,
}

impl Decimal {
    /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (at least one digit before
    /// the exponent). `None` for anything else, and for a value too large for a
    /// float64, which Go's ParseFloat refuses (so go-yaml keeps the string).
    fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let exponent: i64 = match exponent {
            None => 0,
            Some(exponent) => {
                let unsigned = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
                if unsigned.is_empty() || !all_digits(unsigned) {
                    return None;
                }
                // Past 10^5 the value is zero or overflows either way.
                let magnitude: i64 = unsigned.get(..unsigned.len().min(6))?.parse().ok()?;
                if exponent.starts_with('-') {
                    -magnitude
                } else {
                    magnitude
                }
            }
        };
        let all: String = format!("{whole}{fraction}");
        let leading = all.bytes().take_while(|&b| b == b'0').count();
        let digits = all[leading..].trim_end_matches('0').to_owned();
        if digits.is_empty() {
            return Some(Decimal {
                negative,
                digits,
                exponent: 0,
            });
        }
        // Position of the first significant digit relative to the point.
        let exponent = whole.len() as i64 - leading as i64 - 1 + exponent;
        // float64's largest value is 1.7976931348623157e308; half a unit above it rounds to infinity.
        if exponent > 308 || (exponent == 308 && digits.as_str() >= "17976931348623158") {
            return None;
        }
        // Below half the smallest subnormal (4.9e-324) a float64 rounds to zero.
        if exponent < -324 || (exponent == -324 && digits.as_str() <= "24703282292062327") {
            return Some(Decimal {
                negative,
                digits: String::new(),
                exponent: 0,
            });
        }
        Some(Decimal {
            negative,
            digits,
            exponent: i32::try_from(exponent).ok()?,
        })
    }

    /// The number as Go's `fmt.Sprint` prints a float64 (`%v`: `%g` with the
    /// shortest digits): `1000`, `0.5`, `1e+06`, `1.2344e-05`, `-0`. Past 17
    /// significant digits it rounds to 17, which names the same float64 where
    /// Go might print fewer digits.
    fn go_format(&self) -> String {
        let mut digits = self.digits.clone();
        let mut exponent = self.exponent;
        if digits.len() > 17 {
            let round_up = digits.as_bytes()[17] >= b'5';
            digits.truncate(17);
            if round_up {
                let mut bytes = digits.into_bytes();
                let mut i = bytes.len();
                loop {
                    if i == 0 {
                        bytes.insert(0, b'1');
                        exponent += 1;
                        break;
                    }
                    i -= 1;
                    if bytes[i] == b'9' {
                        bytes[i] = b'0';
                    } else {
                        bytes[i] += 1;
                        break;
                    }
                }
                digits = String::from_utf8(bytes).unwrap_or_default();
            }
            digits = digits.trim_end_matches('0').to_owned();
        }
        let mut out = String::new();
        if self.negative {
            out.push('-');
        }
        if digits.is_empty() {
            out.push('0');
            return out;
        }
        if !(-4..6).contains(&exponent) {
            let (head, tail) = digits.split_at(1);
            out.push_str(head);
            if !tail.is_empty() {
                out.push('.');
                out.push_str(tail);
            }
            let sign = if exponent < 0 { '-' } else { '+' };
            // Writing into a String cannot fail.
            let _ = write!(out, "e{sign}{:02}", exponent.unsigned_abs());
        } else if exponent >= 0 {
            let whole = usize::try_from(exponent).unwrap_or(0) + 1;
            if digits.len() <= whole {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', whole - digits.len()));
            } else {
                let (head, tail) = digits.split_at(whole);
                out.push_str(head);
                out.push('.');
                out.push_str(tail);
            }
        } else {
            out.push_str("0.");
            let zeros = usize::try_from(-exponent - 1).unwrap_or(0);
            out.extend(std::iter::repeat_n('0', zeros));
            out.push_str(&digits);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Reading::*;

    fn number(text: &str) -> Reading {
        Number(text.into())
    }

    fn other(text: &str) -> Reading {
        OtherString(text.into())
    }

    /// `raw` reads as `expected`; every reading but `SameString` is an error for `check_paste`.
    fn check(raw: &str, expected: Reading) {
        let reading = read_pasted(raw);
        assert_eq!(reading, expected, "read_pasted({raw:?})");
        let checked = check_paste(raw);
        if expected == SameString {
            assert_eq!(checked, Ok(()), "check_paste({raw:?})");
        } else {
            let message = checked.expect_err(raw);
            assert!(message.ends_with('.'), "{raw:?}: {message}");
        }
    }

    #[test]
    fn words_numbers_and_strings() {
        // Each expectation is what go-yaml v2.4 read for `key: <raw>`.
        let cases = [
            ("-0", number("0")),
            ("00", number("0")),
            ("0_7", number("7")),
            ("-_1", number("-1")),
            ("+_1", number("1")),
            ("0.", number("0")),
            ("+.5", number("0.5")),
            ("-.5", number("-0.5")),
            ("-0.0", number("-0")),
            (".5e1_0", number("5e+09")),
            ("1_000e3", number("1e+06")),
            ("1e-400", number("0")),
            ("1e5", number("100000")),
            ("1e-5", number("1e-05")),
            ("0.0001", number("0.0001")),
            ("123456.7", number("123456.7")),
            ("1234567.0", number("1.234567e+06")),
            ("123456789.0", number("1.23456789e+08")),
            ("1e21", number("1e+21")),
            ("0.1e+2_0", number("1e+19")),
            ("1_000.5_5", number("1000.55")),
            ("-9223372036854775808", number("-9223372036854775808")),
            // Go prints the shortest digits that round-trip (-9.223372036854776e+18);
            // without float code we print up to 17, the same float64.
            ("-9223372036854775809", number("-9.2233720368547758e+18")),
            ("18446744073709551616", number("1.8446744073709552e+19")),
            ("0x8000000000000000", number("9223372036854775808")),
            ("0xFFFFFFFFFFFFFFFF", number("18446744073709551615")),
            ("+0b101", number("5")),
            ("0b-0", number("0")),
            ("0b-101", number("-5")),
            ("0b+101", number("5")),
            ("0b_-1_01", number("-5")),
            ("-0b-1", SameString),
            ("0B-1", SameString),
            ("0x10000000000000000", SameString),
            ("9e999", SameString),
            ("-9e999", SameString),
            ("0x", SameString),
            ("0b", SameString),
            ("0B", SameString),
            ("0o", SameString),
            ("0o8", SameString),
            ("0x_", SameString),
            ("+", SameString),
            ("1e", SameString),
            ("1e+", SameString),
            ("1.5e", SameString),
            ("._5", SameString),
            (".5_", SameString),
            ("._1", SameString),
            ("._", SameString),
            (".e1", SameString),
            (".1.2", SameString),
            ("--1", SameString),
            ("nULL", SameString),
            ("yES", SameString),
            ("Yes!", SameString),
            ("<<", SameString),
            (".INF", Breaks(Hazard::SpecialFloat.reason())),
            (".NAN", Breaks(Hazard::SpecialFloat.reason())),
            ("+.Inf", Breaks(Hazard::SpecialFloat.reason())),
        ];
        for (raw, expected) in cases {
            check(raw, expected);
        }
    }

    #[test]
    fn structure_of_the_line() {
        let cases = [
            ("-x", SameString),
            ("?x", SameString),
            (":x", SameString),
            (":a", SameString),
            ("--", SameString),
            ("a#b", SameString),
            ("a:b", SameString),
            ("a :b", SameString),
            ("a  b", SameString),
            ("a*", SameString),
            ("a&b", SameString),
            ("a!b", SameString),
            ("a|b", SameString),
            ("a\\b", SameString),
            ("x#", SameString),
            ("http://x:80/#frag", SameString),
            ("\u{a0}a", SameString),
            ("\u{feff}a", SameString),
            ("a\u{feff}", SameString),
            ("a\t#b", other("a")),
            ("a ##", other("a")),
            ("x #", other("x")),
            ("a \t", other("a")),
            ("\tlead", other("lead")),
            ("yes #c", Bool(true)),
            ("null #c", Null),
            ("12 #c", number("12")),
            ("#", Null),
            ("# a", Null),
            (" #a", Null),
            ("\t", Null),
            (" ", Null),
            ("a : b", Breaks(Hazard::Mapping.reason())),
            ("a: ", Breaks(Hazard::Mapping.reason())),
            ("a:", Breaks(Hazard::Mapping.reason())),
            ("a:\tb", Breaks(Hazard::Mapping.reason())),
            ("::", Breaks(Hazard::Mapping.reason())),
            ("a::", Breaks(Hazard::Mapping.reason())),
            (":", Breaks(Hazard::Mapping.reason())),
            ("- ", Breaks(Hazard::ListItem.reason())),
            ("- 1", Breaks(Hazard::ListItem.reason())),
            ("-\t1", Breaks(Hazard::ListItem.reason())),
            ("? a", Breaks(Hazard::ComplexKey.reason())),
            ("[a]", Breaks(Hazard::FlowCollection('[').reason())),
            ("{a: b}", Breaks(Hazard::FlowCollection('{').reason())),
            ("]", Breaks(Hazard::FlowIndicator(']').reason())),
            ("}", Breaks(Hazard::FlowIndicator('}').reason())),
            (",x", Breaks(Hazard::FlowIndicator(',').reason())),
            ("|", Breaks(Hazard::BlockScalar('|').reason())),
            ("|-", Breaks(Hazard::BlockScalar('|').reason())),
            (">", Breaks(Hazard::BlockScalar('>').reason())),
            ("%", Breaks(Hazard::Reserved('%').reason())),
            ("@", Breaks(Hazard::Reserved('@').reason())),
            ("`", Breaks(Hazard::Reserved('`').reason())),
            ("*a", Breaks(Hazard::Alias.reason())),
            ("a\nb", Breaks(Hazard::LineBreak.reason())),
            ("a\rb", Breaks(Hazard::LineBreak.reason())),
            ("a\u{2028}b", Breaks(Hazard::LineBreak.reason())),
            ("a\u{85}b", Breaks(Hazard::LineBreak.reason())),
            ("a\u{1}", Breaks(Hazard::ControlChar('\u{1}').reason())),
            ("a\u{7f}", Breaks(Hazard::ControlChar('\u{7f}').reason())),
            ("a\u{80}", Breaks(Hazard::ControlChar('\u{80}').reason())),
            ("a\u{fffe}", Breaks(Hazard::ControlChar('\u{fffe}').reason())),
        ];
        for (raw, expected) in cases {
            check(raw, expected);
        }
    }

    #[test]
    fn quotes_anchors_and_tags() {
        let cases = [
            ("'a''b'", other("a'b")),
            ("'a' #c", other("a")),
            ("'a'\t#c", other("a")),
            ("'a'#c", other("a")),
            ("'a'  ", other("a")),
            ("\"a\"\t", other("a")),
            ("\"a\\x41\"", other("aA")),
            ("\"\\u00e9\"", other("é")),
            ("\"\\U0010FFFF\"", other("\u{10FFFF}")),
            ("\"a\\'b\"", other("a'b")),
            ("\"\\t\\\t\"", other("\t\t")),
            ("\"bad\\q\"", Breaks(Hazard::Quote('"').reason())),
            ("\"a\\/b\"", Breaks(Hazard::Quote('"').reason())),
            ("\"\\ud800\"", Breaks(Hazard::Quote('"').reason())),
            ("\"\\x4\"", Breaks(Hazard::Quote('"').reason())),
            ("\"a\" b", Breaks(Hazard::Quote('"').reason())),
            ("'a'b", Breaks(Hazard::Quote('\'').reason())),
            ("'a':x", Breaks(Hazard::Quote('\'').reason())),
            ("'a': x", Breaks(Hazard::Mapping.reason())),
            ("&a", Null),
            ("&a #x", Null),
            ("&a:x", other(":x")),
            ("&a?x", other("?x")),
            ("&a\tx", other("x")),
            ("&a\tyes", Bool(true)),
            ("&a !t x", other("x")),
            ("!t &a x", other("x")),
            ("&a !!str", other("")),
            ("&a &b x", Breaks(Hazard::Anchor.reason())),
            ("& x", Breaks(Hazard::Anchor.reason())),
            ("&a.b", Breaks(Hazard::Anchor.reason())),
            ("&a#x", Breaks(Hazard::Anchor.reason())),
            ("&a:", Breaks(Hazard::Mapping.reason())),
            ("&a,", Breaks(Hazard::FlowIndicator(',').reason())),
            ("&a]", Breaks(Hazard::FlowIndicator(']').reason())),
            ("!", other("")),
            ("! x", other("x")),
            ("! yes", other("yes")),
            ("! #c", other("")),
            ("!foo", other("")),
            ("!foo yes", other("yes")),
            ("!!str", other("")),
            ("!!str yes", other("yes")),
            ("!!foo x", other("x")),
            ("!!map x", other("x")),
            ("!!seq x", other("x")),
            ("!a.b!c x", other("x")),
            ("!%41 x", other("x")),
            ("!a%20b x", other("x")),
            ("!<tag:yaml.org,2002:str> x", other("x")),
            ("!<!foo> x", other("x")),
            ("!<tag:yaml.org,2002:int> 12", number("12")),
            ("!!int 12", number("12")),
            ("!!int \"12\"", number("12")),
            ("!!float 1", number("1")),
            ("!!float 1e3", number("1000")),
            ("!!bool yes", Bool(true)),
            ("!!null", Null),
            ("!!float .inf", Breaks(Hazard::SpecialFloat.reason())),
            ("!!int abc", Breaks(Hazard::TypeTag.reason())),
            ("!!int", Breaks(Hazard::TypeTag.reason())),
            ("!!bool", Breaks(Hazard::TypeTag.reason())),
            ("!!null x", Breaks(Hazard::TypeTag.reason())),
            ("!!binary aGk=", Breaks(Hazard::TypeTag.reason())),
            ("!!timestamp 2001-01-01", Breaks(Hazard::TypeTag.reason())),
            ("!!", Breaks(Hazard::Tag.reason())),
            ("!a!", Breaks(Hazard::Tag.reason())),
            ("!foo!bar x", Breaks(Hazard::Tag.reason())),
            ("!a\"b x", Breaks(Hazard::Tag.reason())),
            ("!a{b x", Breaks(Hazard::Tag.reason())),
            ("!a#b", Breaks(Hazard::Tag.reason())),
            ("!a%4 x", Breaks(Hazard::Tag.reason())),
            ("!a%+1 x", Breaks(Hazard::Tag.reason())),
            ("!a%ff x", Breaks(Hazard::Tag.reason())),
            ("!t !u x", Breaks(Hazard::Tag.reason())),
        ];
        for (raw, expected) in cases {
            check(raw, expected);
        }
    }

    #[test]
    fn messages_say_what_and_how() {
        let cases = [
            ("", "This value is required."),
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
    fn go_number_parsing() {
        assert_eq!(go_parse_uint("0", 0), Some(0));
        assert_eq!(go_parse_uint("0777", 0), Some(511));
        assert_eq!(go_parse_uint("08", 0), None);
        assert_eq!(go_parse_uint("0x1F", 0), Some(31));
        assert_eq!(go_parse_uint("0O17", 0), Some(15));
        assert_eq!(go_parse_uint("0b101", 0), Some(5));
        assert_eq!(go_parse_uint("18446744073709551615", 0), Some(u64::MAX));
        assert_eq!(go_parse_uint("18446744073709551616", 0), None);
        assert_eq!(go_parse_uint("-1", 0), None);
        assert_eq!(go_parse_uint("1é", 0), None);
        assert_eq!(go_parse_int("-9223372036854775808", 0), Some(-(1i128 << 63)));
        assert_eq!(go_parse_int("9223372036854775808", 0), None);
        assert_eq!(go_parse_int("-", 0), None);
        assert!(yaml_style_float("1."));
        assert!(yaml_style_float("+.5e-3"));
        assert!(!yaml_style_float("."));
        assert!(!yaml_style_float("1e"));
        assert!(!yaml_style_float("e1"));
        assert!(underscore_ok("1_000"));
        assert!(underscore_ok("0x_1F"));
        assert!(!underscore_ok("_1"));
        assert!(!underscore_ok("1__0"));
        assert!(!underscore_ok("1_"));
        let go = |text: &str| Decimal::parse(text).map(|decimal| decimal.go_format());
        assert_eq!(go("0").as_deref(), Some("0"));
        assert_eq!(go("-0.0").as_deref(), Some("-0"));
        assert_eq!(go("-1.5").as_deref(), Some("-1.5"));
        assert_eq!(go("72044e11").as_deref(), Some("7.2044e+15"));
        assert_eq!(go("1e100").as_deref(), Some("1e+100"));
        assert_eq!(go("1e6").as_deref(), Some("1e+06"));
        assert_eq!(go("1000").as_deref(), Some("1000"));
        assert_eq!(go("0.000123").as_deref(), Some("0.000123"));
        assert_eq!(go("0.0000123").as_deref(), Some("1.23e-05"));
        assert_eq!(go("99999999999999999999").as_deref(), Some("1e+20"));
        assert_eq!(go("1.7976931348623157e308").as_deref(), Some("1.7976931348623157e+308"));
        assert_eq!(go("1.8e308"), None);
        assert_eq!(go("1e400"), None);
        assert_eq!(go("1e-400").as_deref(), Some("0"));
        assert_eq!(go("5e-324").as_deref(), Some("5e-324"));
        assert_eq!(go("1.2.3"), None);
        assert_eq!(go("."), None);
        assert_eq!(go("e5"), None);
        assert_eq!(go("1e"), None);
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
