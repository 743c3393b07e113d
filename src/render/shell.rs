//! POSIX shell quoting of words that came from the user.

use std::borrow::Cow;

/// `word` as one shell word that the shell reads back as exactly `word`.
///
/// Words made only of `[A-Za-z0-9_./:=@%+,-]` that do not start with `-` are
/// left bare (none of those characters is special to a POSIX shell); anything
/// else, the empty word included, is single-quoted, with each embedded `'`
/// written as `'\''`. A leading `-` is quoted too, so it stands out in review,
/// although quoting does not stop a program from reading it as an option.
pub fn quote(word: &str) -> Cow<'_, str> {
    let bare = !word.is_empty()
        && !word.starts_with('-')
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_./:=@%+,-".contains(&b));
    if bare {
        return Cow::Borrowed(word);
    }
    let mut quoted = String::with_capacity(word.len() + 2);
    quoted.push('\'');
    for c in word.chars() {
        if c == '\'' {
            quoted.push_str("'\\''");
        } else {
            quoted.push(c);
        }
    }
    quoted.push('\'');
    Cow::Owned(quoted)
}

/// A path on the admin's machine as a shell word: like [`quote`], except that a
/// leading `~/` or `$HOME/` (or a lone `~`) becomes `"$HOME"/`, so the home
/// directory is still found although the rest of the path is quoted.
pub fn quote_path(path: &str) -> Cow<'_, str> {
    if path == "~" {
        return Cow::Borrowed("\"$HOME\"");
    }
    match path.strip_prefix("~/").or_else(|| path.strip_prefix("$HOME/")) {
        Some("") => Cow::Borrowed("\"$HOME\"/"),
        Some(rest) => Cow::Owned(format!("\"$HOME\"/{}", quote(rest))),
        None => quote(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let cases = [
            ("astronomer", "astronomer"),
            ("/path/to/key.json", "/path/to/key.json"),
            ("0.37.4", "0.37.4"),
            ("", "''"),
            ("a b", "'a b'"),
            ("it's", "'it'\\''s'"),
            ("-n", "'-n'"),
            ("$HOME", "'$HOME'"),
            ("~/key.json", "'~/key.json'"),
            ("a*", "'a*'"),
        ];
        for (word, quoted) in cases {
            assert_eq!(quote(word), quoted, "{word:?}");
        }
    }

    #[test]
    fn keeps_the_home_directory_of_a_path() {
        assert_eq!(quote_path("~/keys/key.json"), "\"$HOME\"/keys/key.json");
        assert_eq!(quote_path("~/my keys/key.json"), "\"$HOME\"/'my keys/key.json'");
        assert_eq!(quote_path("~"), "\"$HOME\"");
        assert_eq!(quote_path("~other/key.json"), "'~other/key.json'");
        assert_eq!(quote_path("/tmp/key.json"), "/tmp/key.json");
    }
}
