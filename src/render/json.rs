//! A tiny JSON writer: strings, arrays and objects with keys in a fixed order,
//! pretty-printed with two-space indent.

/// A JSON value; only the kinds the generated files use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Str(String),
    Array(Vec<Json>),
    /// An object whose keys are written in the given order.
    Object(Vec<(&'static str, Json)>),
    /// An object whose keys are made at run time (condition keys naming an
    /// OIDC provider), written in the given order.
    DynObject(Vec<(String, Json)>),
}

impl Json {
    /// A string value.
    pub fn str(value: impl Into<String>) -> Json {
        Json::Str(value.into())
    }
}

/// `value` pretty-printed: two-space indent, one member or element a line,
/// `": "` after keys, a trailing newline.
pub fn pretty(value: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Json, depth: usize) {
    match value {
        Json::Str(text) => write_str(out, text),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::DynObject(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                start_line(out, position, depth + 1);
                write_value(out, item, depth + 1);
            }
            end_line(out, depth);
            out.push(']');
        }
        Json::Object(members) => write_members(out, members.iter().map(|(key, member)| (*key, member)), depth),
        Json::DynObject(members) => {
            write_members(out, members.iter().map(|(key, member)| (key.as_str(), member)), depth)
        }
    }
}

fn write_members<'a>(out: &mut String, members: impl Iterator<Item = (&'a str, &'a Json)>, depth: usize) {
    out.push('{');
    for (position, (key, member)) in members.enumerate() {
        start_line(out, position, depth + 1);
        write_str(out, key);
        out.push_str(": ");
        write_value(out, member, depth + 1);
    }
    end_line(out, depth);
    out.push('}');
}

/// The separator before an element: a comma after the previous one, a line
/// break and the indent.
fn start_line(out: &mut String, position: usize, depth: usize) {
    if position > 0 {
        out.push(',');
    }
    end_line(out, depth);
}

fn end_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
fn write_str(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let code = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[code >> 4]));
                out.push(char::from(HEX[code & 0xF]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_in_the_given_order() {
        let value = Json::Object(vec![
            ("Version", Json::str("2012-10-17")),
            (
                "Statement",
                Json::Array(vec![Json::Object(vec![(
                    "Action",
                    Json::Array(vec![Json::str("a"), Json::str("b")]),
                )])]),
            ),
            ("Empty", Json::Array(vec![])),
        ]);
        let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
        "a",
        "b"
      ]
    }
  ],
  "Empty": []
}
"#;
        assert_eq!(pretty(&value), expected);
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(
            pretty(&Json::str("q\"b\\n\nt\tc\u{1}é")),
            "\"q\\\"b\\\\n\\nt\\tc\\u0001é\"\n"
        );
    }
}
