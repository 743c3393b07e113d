//! go-yaml v2's `resolve()` for a plain scalar: booleans, null, integers and floats, parsed as Go does.

use std::fmt::Write as _;

/// A scalar's type as go-yaml's `resolve()` decides it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Resolved {
    Str,
    Bool(bool),
    Null,
    Int(i128),
    Float(Decimal),
    /// `.inf`, `.nan` and their variants.
    Special,
}

/// go-yaml v2's `resolve()` for an untagged plain scalar.
pub(super) fn resolve(text: &str) -> Resolved {
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
pub(super) fn yaml_style_float(s: &str) -> bool {
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
pub(super) struct Decimal {
    negative: bool,
    digits: String,
    exponent: i32,
}

impl Decimal {
    /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (at least one digit before
    /// the exponent). `None` for anything else, and for a value too large for a
    /// float64, which Go's ParseFloat refuses (so go-yaml keeps the string).
    pub(super) fn parse(text: &str) -> Option<Decimal> {
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
    pub(super) fn go_format(&self) -> String {
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
    use crate::yaml11::Hazard;
    use crate::yaml11::Reading::*;
    use crate::yaml11::test_support::{check, number};

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
            (".INF", Breaks(Hazard::SpecialFloat)),
            (".NAN", Breaks(Hazard::SpecialFloat)),
            ("+.Inf", Breaks(Hazard::SpecialFloat)),
        ];
        for (raw, expected) in cases {
            check(raw, expected);
        }
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
}
