//! Helpers shared by the table tests of the scanner and the resolver, and the
//! awkward inputs that the model's sentences are also tried on.

use super::Reading::*;
use super::{Reading, paste, read_pasted};

pub(super) fn number(text: &str) -> Reading {
    Number(text.into())
}

pub(super) fn other(text: &str) -> Reading {
    OtherString(text.into())
}

/// `raw` reads as `expected`, alone and with what else the paste found.
pub(super) fn check(raw: &str, expected: Reading) {
    let reading = read_pasted(raw);
    assert_eq!(reading, expected, "read_pasted({raw:?})");
    assert_eq!(paste(raw).reading, expected, "paste({raw:?})");
}

/// Inputs that have broken readers: odd characters, lone indicators, broken
/// escapes and tags, and very long values.
pub(crate) fn awkward_inputs() -> Vec<String> {
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
    inputs
}
