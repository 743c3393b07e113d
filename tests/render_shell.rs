//! Shell quoting checked by bash itself, and the generated kubectl command run
//! through the real kubectl (client-side dry run, no cluster needed).

mod tools;

use std::path::Path;
use std::process::Command;

use registry_configurator::field::FieldId::*;
use registry_configurator::model::BackendKind;
use registry_configurator::render::render;
use registry_configurator::render::shell::{quote, quote_path};

/// What bash makes of `script`, run with `-c` and `home` as `$HOME`.
fn bash_stdout(script: &str, home: &Path) -> String {
    tools::require("bash", &["-c", "true"]);
    let mut command = Command::new("bash");
    command.args(["-c", script]).env("HOME", home);
    tools::stdout_of(&format!("bash -c {script:?}"), tools::run_command(&mut command, b""))
}

const TRICKY_WORDS: &[&str] = &[
    "plain",
    "",
    " ",
    "two words",
    "it's",
    "''",
    "'\\''",
    "\"double\"",
    "back\\slash",
    "$HOME",
    "${HOME}",
    "$(echo injected)",
    "`echo injected`",
    "a;b",
    "a&&b",
    "a|b",
    "a>b",
    "a<b",
    "*",
    "?",
    "[a]",
    "{a,b}",
    "~",
    "~/x",
    "!history",
    "#comment",
    "a#b",
    "-n",
    "--version",
    "-e",
    "tab\there",
    "line\nbreak",
    "trailing\n",
    "café ☕",
    "/path/to/key.json",
    "a=b",
    "x:y@z%w+v,u-t_s.r/q",
];

#[test]
fn quoted_words_reach_the_program_unchanged() {
    let home = tools::temp_dir("quote-home");
    for word in TRICKY_WORDS {
        let direct = {
            let mut command = Command::new("bash");
            command.args(["-c", "printf %s \"$1\"", "_", word]);
            tools::stdout_of("bash printf", tools::run_command(&mut command, b""))
        };
        assert_eq!(direct, *word, "the reference run itself");
        let through_quote = bash_stdout(&format!("printf %s {}", quote(word)), &home);
        assert_eq!(through_quote, *word, "quote({word:?}) = {}", quote(word));
        // One word, not several: the program sees exactly one argument.
        let count = bash_stdout(&format!("set -- {}; printf %s $#", quote(word)), &home);
        assert_eq!(count, "1", "quote({word:?}) = {}", quote(word));
    }
}

#[test]
fn quoted_paths_keep_the_home_directory() {
    let home = tools::temp_dir("quote-path-home");
    let home_text = home.to_string_lossy().into_owned();
    let cases = [
        ("~/keys/key.json", format!("{home_text}/keys/key.json")),
        ("~/my keys/it's key.json", format!("{home_text}/my keys/it's key.json")),
        ("~/$HOME", format!("{home_text}/$HOME")),
        ("~", home_text.clone()),
        ("$HOME/keys/key.json", format!("{home_text}/keys/key.json")),
        ("~other/key.json", "~other/key.json".to_owned()),
        ("/abs/path with space", "/abs/path with space".to_owned()),
    ];
    for (path, expected) in cases {
        let got = bash_stdout(&format!("printf %s {}", quote_path(path)), &home);
        assert_eq!(got, expected, "quote_path({path:?}) = {}", quote_path(path));
    }
}

/// The `kubectl create secret ...` part of the generated script's kubectl line,
/// without `| kubectl apply -f -` (there is no cluster here).
fn create_secret_command(script: &str) -> String {
    let line = script
        .lines()
        .find(|line| line.starts_with("kubectl create secret generic "))
        .unwrap_or_else(|| panic!("no kubectl create line in:\n{script}"));
    let (create, apply) = line
        .split_once(" | ")
        .unwrap_or_else(|| panic!("the kubectl line does not pipe into apply: {line}"));
    assert_eq!(
        apply, "kubectl apply -f -",
        "re-runnable: the Secret is applied, not created"
    );
    create.to_owned()
}

/// Runs the generated create command and checks the Secret it prints.
fn check_secret(key_path: &str, home: &Path, key_bytes: &[u8], namespace: &str) {
    tools::require("kubectl", &["version", "--client"]);
    let config = tools::config(
        BackendKind::Gcs,
        &[
            (Namespace, namespace),
            (GcsBucket, "my-gcs-bucket"),
            (GcsKeyFile, key_path),
        ],
    );
    let script = &render(&config)
        .into_iter()
        .find(|a| a.name == "commands.sh")
        .expect("commands.sh")
        .text;
    let create = create_secret_command(script);
    assert!(create.contains("--dry-run=client -o yaml"), "{create}");
    // Run exactly the generated words through bash, as the script would.
    let secret_yaml = bash_stdout(&format!("set -euo pipefail\n{create}"), home);
    let secret = tools::yaml11_load(&secret_yaml);
    assert_eq!(secret["kind"], "Secret", "{secret_yaml}");
    assert_eq!(secret["metadata"]["name"], "astronomer-gcs-keyfile", "{secret_yaml}");
    assert_eq!(secret["metadata"]["namespace"], namespace, "{secret_yaml}");
    let data = secret["data"].as_object().expect("the Secret has data");
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        vec!["astronomer-gcs-keyfile"],
        "{secret_yaml}"
    );
    let encoded = data["astronomer-gcs-keyfile"].as_str().expect("base64 text");
    assert_eq!(
        base64_decode(encoded),
        key_bytes,
        "the Secret holds the key file's bytes"
    );
}

#[test]
fn the_kubectl_line_makes_the_secret_the_chart_mounts() {
    let dir = tools::temp_dir("kubectl");
    let key = b"{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n\"}\n";
    // A path with spaces and single quotes, absolute.
    let folder = dir.join("my keys");
    std::fs::create_dir_all(&folder).expect("create the key folder");
    let path = folder.join("it's a 'key'.json");
    std::fs::write(&path, key).expect("write the key file");
    check_secret(&path.to_string_lossy(), &dir, key, "astronomer");
    // The same file through `~/` and `$HOME/`, with another namespace.
    check_secret("~/my keys/it's a 'key'.json", &dir, key, "astro-platform");
    check_secret("$HOME/my keys/it's a 'key'.json", &dir, key, "astro-platform");
}

#[test]
fn every_key_path_the_form_accepts_is_read_by_kubectl() {
    let dir = tools::temp_dir("kubectl-paths");
    let key = b"{}\n";
    // Names with every kind of character the validator lets through.
    let names = [
        "key (1).json",
        "k\u{e9}y \u{1f511}.json",
        "`id`;x|y&z<>.json",
        "a:b@c%d+e!f#g.json",
        "back\\slash*?[x].json",
        "-leading-dash.json",
        "tab-free 'single' quotes.json",
    ];
    for name in names {
        let path = dir.join(name);
        std::fs::write(&path, key).expect("write the key file");
        let text = path.to_string_lossy().into_owned();
        assert!(
            registry_configurator::model::HostPath::parse(&text).is_ok(),
            "{text:?} should be accepted"
        );
        check_secret(&text, &dir, key, "astronomer");
    }
}

/// Standard base64 (RFC 4648) with padding, as kubectl writes Secret data.
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|byte| *byte != b'=') {
        let value = ALPHABET.iter().position(|c| *c == byte).expect("a base64 character") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}
