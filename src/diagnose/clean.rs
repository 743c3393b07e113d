//! Pasted output made into lines to match: ANSI colours and carriage returns
//! dropped, and the registry's two log formats (logrus text,
//! `time=… level=error msg="…" err.detail="…"`, and JSON lines,
//! `{"level":"error","msg":…}`) read into their level and message. Other
//! output (kubectl, helm, docker, verify.sh) is kept as it is.

/// Longest line shown back: the rest is cut (signed URLs run long).
const SHOWN: usize = 300;

/// One line of the paste, ready to match.
#[derive(Debug)]
pub struct Entry {
    /// 1-based line number in the paste.
    pub number: usize,
    /// What the page shows: the message of a log line, else the line.
    pub shown: String,
    /// Everything the line says, unescaped and in lower case (ASCII: every
    /// text to match is), to match.
    pub text: String,
    /// The level a registry log line gives, in lower case.
    pub level: Option<String>,
}

/// The paste's non-empty lines.
pub fn entries(paste: &str) -> Vec<Entry> {
    let plain = strip_ansi(paste).replace("\r\n", "\n");
    plain
        .split(['\n', '\r'])
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| entry(index + 1, line.trim()))
        .collect()
}

fn entry(number: usize, line: &str) -> Entry {
    let fields = if line.starts_with('{') {
        json_fields(line)
    } else if line.contains("level=") || line.contains("msg=") {
        text_fields(line)
    } else {
        Vec::new()
    };
    let get = |key: &str| {
        fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    };
    let level = get("level").map(str::to_ascii_lowercase);
    let shown = match get("msg") {
        Some(msg) => {
            let mut shown = msg.to_owned();
            for key in ["err.detail", "err.message", "error", "err"] {
                if let Some(value) = get(key).filter(|value| !value.is_empty() && !shown.contains(*value)) {
                    shown.push_str(": ");
                    shown.push_str(value);
                }
            }
            shown
        }
        None => line.to_owned(),
    };
    let text = if fields.is_empty() {
        line.to_ascii_lowercase()
    } else {
        fields
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase()
    };
    Entry {
        number,
        shown: cut(&shown.replace(['\n', '\t'], " ")),
        text,
        level,
    }
}

/// At most [`SHOWN`] characters.
fn cut(text: &str) -> String {
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The text without ANSI escape sequences (colours, cursor moves).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            // Parameters, then one final byte in @..~.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        } else {
            chars.next();
        }
    }
    out
}

/// `key=value` and `key="quoted \"value\""` pairs of a logrus text line.
fn text_fields(line: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut rest = line;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].rsplit(' ').next().unwrap_or("").to_owned();
        let after = &rest[eq + 1..];
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            unquote(quoted)
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_owned(), &after[end..])
        };
        if !key.is_empty() {
            fields.push((key, value));
        }
        rest = tail;
    }
    fields
}

/// The string fields (and bare values) of a one-line JSON object, flat.
fn json_fields(line: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut rest = line.trim_start_matches('{');
    loop {
        rest = rest.trim_start_matches([',', ' ']);
        let Some(quoted) = rest.strip_prefix('"') else { break };
        let (key, tail) = unquote(quoted);
        let Some(tail) = tail.trim_start().strip_prefix(':') else {
            break;
        };
        let tail = tail.trim_start();
        let (value, tail) = if let Some(quoted) = tail.strip_prefix('"') {
            unquote(quoted)
        } else {
            let end = tail.find([',', '}']).unwrap_or(tail.len());
            (tail[..end].trim().to_owned(), &tail[end..])
        };
        fields.push((key, value));
        rest = tail;
    }
    fields
}

/// A quoted string's value up to its closing quote (escapes read), and what follows.
fn unquote(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (value, &text[at + 1..]),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, other)) => value.push(other),
                None => {}
            },
            other => value.push(other),
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_log_formats_give_the_level_and_the_message() {
        let text = r#"time="2024-05-01T10:00:00Z" level=error msg="response completed with error" err.code=unknown err.detail="s3aws: AccessDenied: Access Denied\n\tstatus code: 403" err.message="unknown error""#;
        let json = r#"{"err.code":"unknown","err.detail":"s3aws: AccessDenied: Access Denied\n\tstatus code: 403","err.message":"unknown error","level":"error","msg":"response completed with error"}"#;
        for line in [text, json] {
            let entry = &entries(line)[0];
            assert_eq!(entry.level.as_deref(), Some("error"), "{line}");
            assert_eq!(
                entry.shown,
                "response completed with error: s3aws: AccessDenied: Access Denied  status code: 403: unknown error"
            );
            assert!(
                entry
                    .text
                    .contains("s3aws: accessdenied: access denied\n\tstatus code: 403"),
                "{}",
                entry.text
            );
        }
    }

    #[test]
    fn colours_and_carriage_returns_are_dropped() {
        let found = entries("\u{1b}[31mError\u{1b}[0m: boom\r\nsecond\r\n\r\n");
        let shown: Vec<_> = found.iter().map(|entry| (entry.number, entry.shown.as_str())).collect();
        assert_eq!(shown, [(1, "Error: boom"), (2, "second")]);
    }

    #[test]
    fn long_lines_are_cut_on_a_character() {
        let line = "é".repeat(1000);
        let entry = &entries(&line)[0];
        assert_eq!(entry.shown.chars().count(), SHOWN + 1);
    }
}
