//! The YAML emitter's strings read back as exactly the same strings under a
//! YAML 1.1 reader (PyYAML) and a YAML 1.2 reader (serde_yaml).

mod tools;

use registry_configurator::yaml11::{Node, emit};
use serde_json::{Value, json};

/// The fixture's values that are valid UTF-8 (JSON strings always are) and hold
/// no NUL, plus strings that test the quoting itself.
fn tricky_strings() -> Vec<String> {
    let text = std::fs::read_to_string(tools::repo_path("tests/fixtures/helm-scalar-vectors.json"))
        .expect("read tests/fixtures/helm-scalar-vectors.json");
    let fixture: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let mut strings: Vec<String> = fixture["vectors"]
        .as_array()
        .expect("the fixture has vectors")
        .iter()
        .map(|vector| {
            vector["value"]
                .as_str()
                .expect("each vector has a string value")
                .to_owned()
        })
        .filter(|value| !value.contains('\0'))
        .collect();
    assert_eq!(strings.len(), 133, "the fixture's size changed: update this test");
    let extra = [
        "\"",
        "'",
        "''",
        "\\",
        "\\\\",
        "\\n",
        "\\x41",
        "say \"hi\" to 'them'",
        "C:\\Users\\admin\\key.json",
        "a: b",
        "a:b",
        "a:",
        "key: value: more",
        "a #b",
        "a#b",
        "#",
        " ",
        "  two leading",
        "trailing  ",
        "\t",
        "tab\tinside",
        "line\nbreak",
        "two\n\nbreaks",
        "crlf\r\nend",
        "trailing newline\n",
        "\n",
        "\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1f}",
        "del\u{7f}",
        "c1\u{80}\u{85}\u{9f}",
        "nbsp\u{a0}",
        "line\u{2028}and paragraph\u{2029}separators",
        "bom\u{feff}inside",
        "\u{feff}bom first",
        "nonchar\u{fffe}\u{ffff}",
        "café",
        "日本語のバケット",
        "emoji 🚀 rocket",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "- item",
        "-",
        "? key",
        "%YAML 1.2",
        "! tag",
        "!!str",
        "&anchor value",
        "*alias",
        "| literal",
        "> folded",
        "{a: 1}",
        "[1, 2]",
        "a, b",
        "@at",
        "`tick",
        "~",
        "<<",
        "=",
        "0o17",
        "0x1F",
        "1_000",
        "1:20",
        "-.inf",
        "+.nan",
        "2001-12-14",
        "2001-12-14T21:59:43.10-05:00",
        "Null",
        "NO",
        "y",
        "nULL",
        "nul\0byte",
        "\0",
        "",
        "https://minio.example.com:9000/path?query=1#fragment",
        "arn:aws:kms:us-east-1:123456789012:alias/registry",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "5242880",
        "/",
        "//",
        "/registry",
        "./relative",
        ".hidden",
        "_underscore",
        "+plus",
        "a very long value that goes on and on, with spaces, commas and more words than fit on one line of a terminal at all",
    ];
    strings.extend(extra.iter().map(|s| (*s).to_owned()));
    strings
}

fn doc_for(value: &str) -> String {
    emit(&Node::map(vec![("k", Node::str(value))]))
}

#[test]
fn every_string_reads_back_unchanged_under_pyyaml() {
    let strings = tricky_strings();
    let docs: Vec<String> = strings.iter().map(|value| doc_for(value)).collect();
    let loaded = tools::yaml11_load_all(&docs);
    let failures: Vec<String> = strings
        .iter()
        .zip(&docs)
        .zip(&loaded)
        .filter(|((value, _), result)| **result != json!({ "ok": { "k": value } }))
        .map(|((value, doc), result)| format!("{value:?} written as {doc:?} loads as {result}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} strings change under PyYAML:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_string_reads_back_unchanged_under_serde_yaml() {
    let failures: Vec<String> = tricky_strings()
        .iter()
        .filter_map(|value| {
            let doc = doc_for(value);
            let loaded = tools::yaml12_load(&doc);
            (loaded != Ok(json!({ "k": value }))).then(|| format!("{value:?} written as {doc:?} loads as {loaded:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} strings change under serde_yaml:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_string_stays_on_its_line() {
    for value in tricky_strings() {
        let doc = doc_for(&value);
        assert_eq!(doc.matches('\n').count(), 1, "{value:?} written as {doc:?}");
        assert!(doc.starts_with("k: "), "{doc:?}");
    }
}

#[test]
fn nested_mappings_read_back_with_their_types() {
    let doc = emit(&Node::map(vec![(
        "astronomer",
        Node::map(vec![(
            "registry",
            Node::map(vec![
                (
                    "s3",
                    Node::map(vec![("enabled", Node::Bool(true)), ("bucket", Node::str("yes"))]),
                ),
                (
                    "gcs",
                    Node::map(vec![
                        ("enabled", Node::Bool(false)),
                        ("chunksize", Node::str("5242880")),
                    ]),
                ),
                ("empty", Node::map(vec![])),
            ]),
        )]),
    )]));
    let expected = json!({ "astronomer": { "registry": {
        "s3": { "enabled": true, "bucket": "yes" },
        "gcs": { "enabled": false, "chunksize": "5242880" },
        "empty": {},
    } } });
    assert_eq!(tools::yaml11_load(&doc), expected, "{doc}");
    assert_eq!(tools::yaml12_load(&doc), Ok(expected), "{doc}");
}
