//! Helpers shared by the table tests of the values.

use std::fmt;

/// The expectation of a case that must parse.
pub(super) const OK: &str = "";

/// Each `(raw, expected)`: `OK` must parse to the same text; anything else
/// is a fragment the error message must contain.
pub(super) fn check<T: fmt::Debug>(parse: impl Fn(&str) -> Result<T, String>, cases: &[(&str, &str)]) {
    for &(raw, expected) in cases {
        match (parse(raw), expected) {
            (Ok(_), OK) => {}
            (Ok(value), fragment) => panic!("{raw:?} parsed as {value:?}, expected an error with {fragment:?}"),
            (Err(message), OK) => panic!("{raw:?} was refused: {message}"),
            (Err(message), fragment) => {
                assert!(message.contains(fragment), "{raw:?}: {message:?} lacks {fragment:?}");
                assert!(message.ends_with('.'), "{raw:?}: {message:?} is not a sentence");
            }
        }
    }
}

/// A valid Azure key: 64 bytes of base64, 88 characters ending in `==`.
pub(super) fn azure_key(last: char) -> String {
    format!(
        "{}{last}==",
        "abcdABCD0123+/xy".repeat(6).chars().take(85).collect::<String>()
    )
}
