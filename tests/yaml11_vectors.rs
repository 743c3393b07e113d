//! Checks `yaml11::read_pasted` and `model::check_paste` against every vector of
//! `tests/fixtures/helm-scalar-vectors.json`: what the real Helm binary (go-yaml
//! v2 rules) read after a chart pasted each value unquoted.

use registry_configurator::model::check_paste;
use registry_configurator::yaml11::{Reading, plain_is_safe, read_pasted};
use serde::Deserialize;
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/helm-scalar-vectors.json");

/// The fixture: its vectors (the `about` text is not read).
#[derive(Deserialize)]
struct Fixture {
    vectors: Vec<Vector>,
}

/// One vector: the value and what the registry read after the unquoted paste.
#[derive(Deserialize)]
struct Vector {
    value: String,
    #[serde(rename = "survives_paste_as_same_string")]
    survives: bool,
    #[serde(rename = "registry_reads_after_unquoted_paste")]
    reads: Reads,
}

/// What Helm read: either an error, or a Go type and the value as JSON text.
#[derive(Deserialize)]
struct Reads {
    error: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    json: Option<String>,
}

fn vectors() -> Vec<Vector> {
    let fixture: Fixture = serde_json::from_str(FIXTURE).expect("the fixture has a vectors array");
    fixture.vectors
}

/// Whether `reading` is the kind of thing Helm reported in `reads`; `None` when
/// it is, otherwise why not.
fn mismatch(reading: &Reading, reads: &Reads) -> Option<String> {
    if reads.error.is_some() {
        return match reading {
            Reading::Breaks(_) => None,
            other => Some(format!("Helm refused the file, but read_pasted says {other:?}")),
        };
    }
    let kind = reads.kind.as_deref().expect("type");
    let json: Value = serde_json::from_str(reads.json.as_deref().expect("json")).expect("the json member is JSON");
    let matches = match (kind, &json, reading) {
        ("bool", Value::Bool(expected), Reading::Bool(found)) => expected == found,
        ("invalid", Value::Null, Reading::Null) => true,
        ("float64", Value::Number(expected), Reading::Number(found)) => {
            let expected = expected.as_f64().expect("a finite number");
            found.parse::<f64>().is_ok_and(|found| found == expected)
        }
        ("string", Value::String(expected), Reading::OtherString(found)) => expected == found,
        _ => false,
    };
    (!matches).then(|| format!("Helm read {kind} {json}, but read_pasted says {reading:?}"))
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
            Err(message) if !message.ends_with('.') => failures.push(format!("{raw:?}: {message:?} is not a sentence")),
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
