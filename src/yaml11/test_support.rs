//! Helpers shared by the table tests of the scanner and the resolver.

use super::Reading::*;
use super::{Reading, check_paste, read_pasted};

pub(super) fn number(text: &str) -> Reading {
    Number(text.into())
}

pub(super) fn other(text: &str) -> Reading {
    OtherString(text.into())
}

/// `raw` reads as `expected`; every reading but `SameString` is an error for `check_paste`.
pub(super) fn check(raw: &str, expected: Reading) {
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
