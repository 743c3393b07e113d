//! The sentences for what the registry reads of a pasted value: `yaml11` finds
//! the [`Reading`] or the [`Hazard`], and this module says it, under a field and
//! in the findings of an imported file.

use super::text::REQUIRED;
use crate::yaml11::{self, Hazard, Reading};

/// Ok when the registry reads `raw`, pasted unquoted after `key: `, as the same
/// string; otherwise one sentence that says what it would read instead and how
/// to fix the value. The empty string is an error: [`REQUIRED`].
pub fn check_paste(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err(REQUIRED.into());
    }
    let pasted = yaml11::paste(raw);
    match pasted.reading {
        Reading::SameString => Ok(()),
        Reading::Breaks(hazard) => Err(message(hazard, raw)),
        reading => Err(explain(raw, pasted.comment, &reading)),
    }
}

/// Like [`check_paste`], for a value the registry's driver reads with Go's
/// `fmt.Sprint` (the S3 and GCS drivers' bucket names): a value read as a
/// number is fine when the number prints back as the same text (`123`), not
/// when it prints differently (`0123` prints 83, `1e3` prints 1000).
pub fn check_paste_sprinted(raw: &str) -> Result<(), String> {
    match yaml11::read_pasted(raw) {
        Reading::Number(printed) if printed == raw => Ok(()),
        _ => check_paste(raw),
    }
}

/// A short noun phrase: what YAML reads there.
fn reason(hazard: Hazard) -> &'static str {
    match hazard {
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
fn noun(hazard: Hazard) -> &'static str {
    match hazard {
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

/// One or two sentences: what goes wrong and how to fix the value.
fn message(hazard: Hazard, raw: &str) -> String {
    let lead = raw.trim_start_matches([' ', '\t']);
    match hazard {
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
            hazard.symbol().unwrap_or("a quote"),
            noun(hazard)
        ),
        _ => {
            let subject = match hazard.symbol() {
                Some(symbol) if lead.starts_with(symbol) => format!("A value starting with {symbol}"),
                _ => "This value".to_owned(),
            };
            let spaced = lead.len() > 1 && lead.as_bytes().get(1).is_some_and(|&c| matches!(c, b' ' | b'\t'));
            let fix = match hazard {
                Hazard::ListItem | Hazard::ComplexKey if spaced => {
                    "remove the space after it, or choose a value that starts with a letter or digit"
                }
                _ => "choose a value that starts with a letter or digit",
            };
            format!(
                "{subject} breaks the registry's configuration file ({}), because the chart pastes it without \
                 quotes: {fix}.",
                noun(hazard)
            )
        }
    }
}

/// The sentence for a value that parses but reads as something else.
fn explain(raw: &str, comment: bool, reading: &Reading) -> String {
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
    } else if comment {
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
        Reading::Breaks(hazard) => reason(*hazard).into(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml11::test_support::awkward_inputs;

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
    fn every_message_is_a_sentence() {
        // Each construct that breaks the file, each way a value reads as
        // something else, and the inputs that have broken readers.
        let branches = [
            "",
            "a\u{1}b",
            "a\nb",
            "*alias",
            "&a &b x",
            "!!",
            "!!int abc",
            "|pipe",
            ">",
            "[a]",
            "{a: b}",
            ",x",
            "]",
            "}",
            "%",
            "@",
            "`",
            "- dash",
            "-\t1",
            "? a",
            "a: b",
            "bucket:",
            "'sq",
            "\"bad\\q\"",
            "'a'b",
            ".inf",
            "!tag",
            "&anchor",
            "'sq'",
            "\"dq\"",
            "#hash",
            "a #b",
            " lead",
            "yes",
            "null",
            "~",
            "012",
            "1e3",
        ];
        let inputs = branches.iter().map(|raw| (*raw).to_owned()).chain(awkward_inputs());
        for raw in inputs {
            for checked in [check_paste(&raw), check_paste_sprinted(&raw)] {
                if let Err(message) = checked {
                    assert!(message.ends_with('.'), "{raw:?}: {message}");
                    assert!(message.starts_with(char::is_uppercase), "{raw:?}: {message}");
                }
            }
        }
    }

    #[test]
    fn a_sprinted_number_may_print_as_the_same_text() {
        assert_eq!(check_paste_sprinted("123"), Ok(()));
        assert!(check_paste("123").is_err());
        let message = check_paste_sprinted("0123").expect_err("prints 83");
        assert!(message.contains("as the number 83"), "{message}");
    }
}
