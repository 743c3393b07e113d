//! The checks every value starts with, the helpers the rules share, `Secret` and `RootDirectory`.

use std::fmt;

use super::reading::{check_paste, check_paste_sprinted};
use crate::yaml11;

/// A credential. Its `Debug` prints `***` so it cannot reach a log by accident;
/// the only way to the text is [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub(super) String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What every empty required value says, in validation and in `parse` alike.
pub const REQUIRED: &str = "This setting is required.";

/// Checks every value must pass: no control or invisible characters, no white
/// space at either end, and (when `pasted`) it must read back as the
/// same string after the chart pastes it unquoted into the registry's YAML.
pub fn check_scalar(raw: &str, pasted: bool) -> Result<(), String> {
    if let Some(c) = raw.chars().find(|&c| c.is_control() || is_invisible(c)) {
        return Err(say!("Remove {}: it cannot be part of this value.", name_char(c)));
    }
    if raw.trim() != raw {
        return Err(say!("Remove the spaces at the start or end."));
    }
    if pasted {
        check_paste(raw)?;
    }
    Ok(())
}

/// [`check_scalar`] with the paste check of a value the registry's driver
/// reads with `fmt.Sprint`: a number that prints back as the same text is fine.
pub(super) fn check_sprinted(raw: &str) -> Result<(), String> {
    check_scalar(raw, false)?;
    check_paste_sprinted(raw)
}

/// [`check_scalar`] without the paste check, for a value that is never empty.
pub(super) fn check_unpasted(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err(REQUIRED.into());
    }
    check_scalar(raw, false)
}

/// Like [`check_scalar`] with `pasted`, for a secret: no message quotes the text.
pub(super) fn check_secret_scalar(raw: &str, what: &str) -> Result<(), String> {
    check_unpasted(raw)?;
    if yaml11::read_pasted(raw) != yaml11::Reading::SameString {
        return Err(say!(
            "This {what} would not read back as text after the chart pastes it into the registry's configuration \
             file: check you copied it whole, or create a new one."
        ));
    }
    Ok(())
}

/// Unicode format characters (zero-width spaces and joiners, direction marks,
/// the byte order mark, ...), line and paragraph separators and noncharacters:
/// invisible, and never meant to be part of a name, key or path.
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xFFFE..=0xFFFF
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// How a message names a control or invisible character.
fn name_char(c: char) -> String {
    match c {
        '\t' => "the tab".into(),
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "the line break".into(),
        c if c.is_control() => say!("the control character U+{:04X}", u32::from(c)),
        c => say!("the invisible character U+{:04X}", u32::from(c)),
    }
}

/// How a message quotes one character: `a space`, or the character in backticks.
pub(super) fn quote_char(c: char) -> String {
    match c {
        ' ' => "the space".into(),
        '`' => "the backtick".into(),
        c => format!("`{c}`"),
    }
}

/// How to fix a refused character: uppercase letters are written in lowercase,
/// anything else is removed.
pub(super) fn remove_or_lower(c: char) -> String {
    if c.is_ascii_uppercase() {
        say!("write {} as `{}`", quote_char(c), c.to_ascii_lowercase())
    } else {
        format!("remove {}", quote_char(c))
    }
}

/// The number of characters, as users count them.
pub(super) fn char_len(raw: &str) -> usize {
    raw.chars().count()
}

pub(super) fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// Whether `raw` is four dot-separated groups of one to three digits, like
/// 192.168.5.4 (bucket names "formatted as an IP address").
pub(super) fn looks_like_ipv4(raw: &str) -> bool {
    let parts: Vec<&str> = raw.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|part| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The first character that `allowed` refuses.
pub(super) fn first_refused(raw: &str, allowed: impl Fn(char) -> bool) -> Option<char> {
    raw.chars().find(|&c| !allowed(c))
}

/// When `raw` has uppercase letters and its lowercase form passes `parse`, the
/// message that suggests it.
pub(super) fn lowercase_hint<T>(raw: &str, what: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<String> {
    if !raw.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    parse(&lower)
        .is_ok()
        .then(|| say!("{what} are lowercase: use `{lower}`."))
}

/// What to enter for a bucket's URL (`scheme` and the `rest` after it): the
/// bucket alone, and its prefix as the root directory.
pub(super) fn bucket_url_hint(scheme: &str, rest: &str) -> String {
    match rest.trim_end_matches('/').split_once('/') {
        Some((bucket, prefix)) => {
            say!("Enter just the bucket name, `{bucket}`, and `/{prefix}` as the root directory below.")
        }
        None => say!(
            "Enter just the bucket name, without {scheme}: `{}`.",
            rest.trim_end_matches('/')
        ),
    }
}

/// A prefix inside the bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootDirectory(String);

impl RootDirectory {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some(c) = first_refused(raw, |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')) {
            return Err(match c {
                ' ' => say!("Remove the spaces: a root directory is a path like /registry."),
                '\\' => say!("Separate the parts with `/`, not `\\`."),
                c => say!(
                    "A root directory can only use letters, digits, `.`, `_`, `-` and `/`: remove {}.",
                    quote_char(c)
                ),
            });
        }
        if raw.len() > 512 {
            return Err(say!(
                "A root directory has at most 512 characters; this one has {}.",
                raw.len()
            ));
        }
        if raw.contains("//") {
            return Err(say!("Remove the double slash (`//`)."));
        }
        if raw.split('/').any(|segment| segment == "." || segment == "..") {
            return Err(say!(
                "A root directory cannot contain `.` or `..` as a part: write the path without them."
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The edit distance between two short strings (Levenshtein, by characters):
/// how near a typed name is to a known one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::test_support::{OK, check};

    #[test]
    fn scalar_checks() {
        let cases = [
            ("a", OK),
            ("a\tb", "Remove the tab"),
            ("a\nb", "Remove the line break"),
            ("a\u{1}b", "U+0001"),
            ("a\u{7f}", "U+007F"),
            ("a\u{200b}b", "invisible character U+200B"),
            ("\u{feff}a", "U+FEFF"),
            ("a\u{2028}", "line break"),
            ("a\u{202e}b", "U+202E"),
            (" a", "spaces at the start or end"),
            ("a ", "spaces at the start or end"),
            ("\u{a0}a", "spaces at the start or end"),
            ("a b", OK),
            ("é", OK),
        ];
        check(|raw| check_scalar(raw, false), &cases);
        let pasted = [
            ("yes", "boolean true"),
            ("012", "number 10"),
            ("a #b", "comment"),
            ("my-bucket", OK),
        ];
        check(|raw| check_scalar(raw, true), &pasted);
        assert!(check_scalar("yes", false).is_ok());
    }

    #[test]
    fn root_directories() {
        check(
            RootDirectory::parse,
            &[
                ("/", OK),
                ("/registry", OK),
                ("registry", OK),
                ("/a/b.c/d_e-f/", OK),
                ("a//b", "double slash"),
                ("/a/../b", "`..`"),
                ("/a/./b", "`.`"),
                ("..", "`..`"),
                ("/a b", "Remove the spaces"),
                ("a\\b", "not `\\`"),
                ("/a:b", "remove `:`"),
                ("/é", "remove `é`"),
                ("-", "list item"),
                ("12", "number"),
                (&format!("/{}", "a".repeat(512)), "at most 512"),
            ],
        );
    }
}
