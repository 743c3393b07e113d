//! go-yaml v2's scanner on one pasted line: anchors, tags, and quoted and plain scalars.

use super::Hazard;

/// One pasted line after the scanner: node properties and content.
#[derive(Debug)]
pub(super) struct Node {
    pub(super) tag: Option<Tag>,
    pub(super) content: Content,
    /// Whether a comment was dropped after the content.
    pub(super) comment: bool,
}

/// The scalar's text as YAML delivers it, before its type is resolved.
#[derive(Debug)]
pub(super) enum Content {
    Empty,
    Plain(String),
    Quoted(String),
}

/// What an explicit tag does to the scalar when the registry decodes it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Tag {
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

/// YAML blank: space or tab.
pub(super) fn is_blank(b: u8) -> bool {
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
pub(super) fn scan(raw: &str) -> Result<Node, Hazard> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml11::Reading::*;
    use crate::yaml11::test_support::{check, number, other};

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
            ("a : b", Breaks(Hazard::Mapping)),
            ("a: ", Breaks(Hazard::Mapping)),
            ("a:", Breaks(Hazard::Mapping)),
            ("a:\tb", Breaks(Hazard::Mapping)),
            ("::", Breaks(Hazard::Mapping)),
            ("a::", Breaks(Hazard::Mapping)),
            (":", Breaks(Hazard::Mapping)),
            ("- ", Breaks(Hazard::ListItem)),
            ("- 1", Breaks(Hazard::ListItem)),
            ("-\t1", Breaks(Hazard::ListItem)),
            ("? a", Breaks(Hazard::ComplexKey)),
            ("[a]", Breaks(Hazard::FlowCollection('['))),
            ("{a: b}", Breaks(Hazard::FlowCollection('{'))),
            ("]", Breaks(Hazard::FlowIndicator(']'))),
            ("}", Breaks(Hazard::FlowIndicator('}'))),
            (",x", Breaks(Hazard::FlowIndicator(','))),
            ("|", Breaks(Hazard::BlockScalar('|'))),
            ("|-", Breaks(Hazard::BlockScalar('|'))),
            (">", Breaks(Hazard::BlockScalar('>'))),
            ("%", Breaks(Hazard::Reserved('%'))),
            ("@", Breaks(Hazard::Reserved('@'))),
            ("`", Breaks(Hazard::Reserved('`'))),
            ("*a", Breaks(Hazard::Alias)),
            ("a\nb", Breaks(Hazard::LineBreak)),
            ("a\rb", Breaks(Hazard::LineBreak)),
            ("a\u{2028}b", Breaks(Hazard::LineBreak)),
            ("a\u{85}b", Breaks(Hazard::LineBreak)),
            ("a\u{1}", Breaks(Hazard::ControlChar('\u{1}'))),
            ("a\u{7f}", Breaks(Hazard::ControlChar('\u{7f}'))),
            ("a\u{80}", Breaks(Hazard::ControlChar('\u{80}'))),
            ("a\u{fffe}", Breaks(Hazard::ControlChar('\u{fffe}'))),
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
            ("\"bad\\q\"", Breaks(Hazard::Quote('"'))),
            ("\"a\\/b\"", Breaks(Hazard::Quote('"'))),
            ("\"\\ud800\"", Breaks(Hazard::Quote('"'))),
            ("\"\\x4\"", Breaks(Hazard::Quote('"'))),
            ("\"a\" b", Breaks(Hazard::Quote('"'))),
            ("'a'b", Breaks(Hazard::Quote('\''))),
            ("'a':x", Breaks(Hazard::Quote('\''))),
            ("'a': x", Breaks(Hazard::Mapping)),
            ("&a", Null),
            ("&a #x", Null),
            ("&a:x", other(":x")),
            ("&a?x", other("?x")),
            ("&a\tx", other("x")),
            ("&a\tyes", Bool(true)),
            ("&a !t x", other("x")),
            ("!t &a x", other("x")),
            ("&a !!str", other("")),
            ("&a &b x", Breaks(Hazard::Anchor)),
            ("& x", Breaks(Hazard::Anchor)),
            ("&a.b", Breaks(Hazard::Anchor)),
            ("&a#x", Breaks(Hazard::Anchor)),
            ("&a:", Breaks(Hazard::Mapping)),
            ("&a,", Breaks(Hazard::FlowIndicator(','))),
            ("&a]", Breaks(Hazard::FlowIndicator(']'))),
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
            ("!!float .inf", Breaks(Hazard::SpecialFloat)),
            ("!!int abc", Breaks(Hazard::TypeTag)),
            ("!!int", Breaks(Hazard::TypeTag)),
            ("!!bool", Breaks(Hazard::TypeTag)),
            ("!!null x", Breaks(Hazard::TypeTag)),
            ("!!binary aGk=", Breaks(Hazard::TypeTag)),
            ("!!timestamp 2001-01-01", Breaks(Hazard::TypeTag)),
            ("!!", Breaks(Hazard::Tag)),
            ("!a!", Breaks(Hazard::Tag)),
            ("!foo!bar x", Breaks(Hazard::Tag)),
            ("!a\"b x", Breaks(Hazard::Tag)),
            ("!a{b x", Breaks(Hazard::Tag)),
            ("!a#b", Breaks(Hazard::Tag)),
            ("!a%4 x", Breaks(Hazard::Tag)),
            ("!a%+1 x", Breaks(Hazard::Tag)),
            ("!a%ff x", Breaks(Hazard::Tag)),
            ("!t !u x", Breaks(Hazard::Tag)),
        ];
        for (raw, expected) in cases {
            check(raw, expected);
        }
    }
}
