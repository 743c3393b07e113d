//! Checks `yaml11::read_pasted` and `yaml11::check_paste` against every vector of
//! `tests/fixtures/helm-scalar-vectors.json`: what the real Helm binary (go-yaml
//! v2 rules) read after a chart pasted each value unquoted.

use registry_configurator::yaml11::{Reading, check_paste, plain_is_safe, read_pasted};

const FIXTURE: &str = include_str!("fixtures/helm-scalar-vectors.json");

/// A JSON value; the fixture is read with this small parser so that the test
/// needs no dependency.
#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(name, _)| name == key).map(|(_, value)| value),
            _ => None,
        }
    }

    fn str(&self) -> &str {
        match self {
            Json::Str(text) => text,
            other => panic!("expected a string, found {other:?}"),
        }
    }
}

/// Parses one JSON document.
fn parse_json(text: &str) -> Json {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let value = parse_value(&chars, &mut at);
    skip_space(&chars, &mut at);
    assert_eq!(at, chars.len(), "trailing text after the JSON document");
    value
}

fn skip_space(chars: &[char], at: &mut usize) {
    while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
        *at += 1;
    }
}

fn expect(chars: &[char], at: &mut usize, wanted: char) {
    skip_space(chars, at);
    assert_eq!(chars.get(*at), Some(&wanted), "at character {at}");
    *at += 1;
}

fn parse_value(chars: &[char], at: &mut usize) -> Json {
    skip_space(chars, at);
    match chars.get(*at) {
        Some('{') => {
            *at += 1;
            let mut entries = Vec::new();
            skip_space(chars, at);
            if chars.get(*at) == Some(&'}') {
                *at += 1;
                return Json::Object(entries);
            }
            loop {
                skip_space(chars, at);
                let Json::Str(key) = parse_value(chars, at) else {
                    panic!("object keys are strings");
                };
                expect(chars, at, ':');
                entries.push((key, parse_value(chars, at)));
                skip_space(chars, at);
                *at += 1;
                match chars.get(*at - 1) {
                    Some(',') => continue,
                    Some('}') => return Json::Object(entries),
                    other => panic!("unexpected {other:?} in an object"),
                }
            }
        }
        Some('[') => {
            *at += 1;
            let mut items = Vec::new();
            skip_space(chars, at);
            if chars.get(*at) == Some(&']') {
                *at += 1;
                return Json::Array(items);
            }
            loop {
                items.push(parse_value(chars, at));
                skip_space(chars, at);
                *at += 1;
                match chars.get(*at - 1) {
                    Some(',') => continue,
                    Some(']') => return Json::Array(items),
                    other => panic!("unexpected {other:?} in an array"),
                }
            }
        }
        Some('"') => {
            *at += 1;
            let mut text = String::new();
            loop {
                let c = chars[*at];
                *at += 1;
                match c {
                    '"' => return Json::Str(text),
                    '\\' => {
                        let escape = chars[*at];
                        *at += 1;
                        match escape {
                            'u' => {
                                let mut code = hex4(chars, at);
                                if (0xD800..0xDC00).contains(&code) {
                                    assert_eq!(&chars[*at..*at + 2], ['\\', 'u']);
                                    *at += 2;
                                    let low = hex4(chars, at);
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                }
                                text.push(char::from_u32(code).expect("a valid code point"));
                            }
                            'n' => text.push('\n'),
                            't' => text.push('\t'),
                            'r' => text.push('\r'),
                            'b' => text.push('\u{8}'),
                            'f' => text.push('\u{c}'),
                            other => text.push(other),
                        }
                    }
                    c => text.push(c),
                }
            }
        }
        Some('t') => literal(chars, at, "true", Json::Bool(true)),
        Some('f') => literal(chars, at, "false", Json::Bool(false)),
        Some('n') => literal(chars, at, "null", Json::Null),
        Some(_) => {
            let start = *at;
            while chars
                .get(*at)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
            {
                *at += 1;
            }
            let number: String = chars[start..*at].iter().collect();
            Json::Number(number.parse().expect("a JSON number"))
        }
        None => panic!("unexpected end of JSON"),
    }
}

fn hex4(chars: &[char], at: &mut usize) -> u32 {
    let digits: String = chars[*at..*at + 4].iter().collect();
    *at += 4;
    u32::from_str_radix(&digits, 16).expect("four hex digits")
}

fn literal(chars: &[char], at: &mut usize, word: &str, value: Json) -> Json {
    let found: String = chars[*at..*at + word.len()].iter().collect();
    assert_eq!(found, word);
    *at += word.len();
    value
}

/// One vector: the value and what the registry read after the unquoted paste.
struct Vector {
    value: String,
    survives: bool,
    reads: Json,
}

fn vectors() -> Vec<Vector> {
    let document = parse_json(FIXTURE);
    let Some(Json::Array(items)) = document.get("vectors") else {
        panic!("the fixture has a vectors array");
    };
    items
        .iter()
        .map(|item| Vector {
            value: item.get("value").expect("value").str().to_owned(),
            survives: item.get("survives_paste_as_same_string") == Some(&Json::Bool(true)),
            reads: item
                .get("registry_reads_after_unquoted_paste")
                .expect("registry_reads_after_unquoted_paste")
                .clone(),
        })
        .collect()
}

/// Whether `reading` is the kind of thing Helm reported in `reads`; `None` when
/// it is, otherwise why not.
fn mismatch(reading: &Reading, reads: &Json) -> Option<String> {
    if reads.get("error").is_some() {
        return match reading {
            Reading::Breaks(why) if !why.is_empty() => None,
            other => Some(format!("Helm refused the file, but read_pasted says {other:?}")),
        };
    }
    let kind = reads.get("type").expect("type").str();
    let json = parse_json(reads.get("json").expect("json").str());
    let matches = match (kind, &json, reading) {
        ("bool", Json::Bool(expected), Reading::Bool(found)) => expected == found,
        ("invalid", Json::Null, Reading::Null) => true,
        ("float64", Json::Number(expected), Reading::Number(found)) => {
            found.parse::<f64>().is_ok_and(|found| found == *expected)
        }
        ("string", Json::Str(expected), Reading::OtherString(found)) => expected == found,
        _ => false,
    };
    (!matches).then(|| format!("Helm read {kind} {json:?}, but read_pasted says {reading:?}"))
}

#[test]
fn every_fixture_vector() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 133, "the fixture has 133 vectors");
    let mut failures = Vec::new();
    for vector in &vectors {
        let raw = vector.value.as_str();
        let reading = read_pasted(raw);
        let checked = check_paste(raw);
        if vector.survives {
            if reading != Reading::SameString {
                failures.push(format!("{raw:?} survives, but read_pasted says {reading:?}"));
            }
            if let Err(message) = checked {
                failures.push(format!("{raw:?} survives, but check_paste says {message:?}"));
            }
            continue;
        }
        if let Some(why) = mismatch(&reading, &vector.reads) {
            failures.push(format!("{raw:?}: {why}"));
        }
        match checked {
            Ok(()) => failures.push(format!("{raw:?} does not survive, but check_paste accepts it")),
            Err(message) if message.trim().is_empty() => failures.push(format!("{raw:?}: empty message")),
            Err(_) => {}
        }
        if plain_is_safe(raw) {
            failures.push(format!("{raw:?} does not survive, but plain_is_safe says it does"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_json_reader_reads_what_the_fixture_holds() {
    assert_eq!(
        parse_json(r#"{"a": [1, -2.5e3, true, null, "x\"\u00e9\ud83e\udd80"], "b": {}}"#),
        Json::Object(vec![
            (
                "a".into(),
                Json::Array(vec![
                    Json::Number(1.0),
                    Json::Number(-2500.0),
                    Json::Bool(true),
                    Json::Null,
                    Json::Str("x\"é🦀".into()),
                ])
            ),
            ("b".into(), Json::Object(Vec::new())),
        ])
    );
}
