//! Shell quoting checked by bash itself, and the generated kubectl command run
//! through the real kubectl (client-side dry run, no cluster needed).

mod tools;

use std::path::Path;
use std::process::Command;

use registry_configurator::model::BackendKind;
use registry_configurator::render::render;
use registry_configurator::render::shell::{quote, quote_path};
use registry_configurator::settings::FieldId::*;

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

// ---------------------------------------------------------------------------
// The guard of commands.sh: run by bash against platform files.

/// A config of each backend, with the fewest fields it needs.
fn one_config_per_backend() -> Vec<(BackendKind, registry_configurator::settings::Config)> {
    vec![
        (
            BackendKind::Gcs,
            tools::config(
                BackendKind::Gcs,
                &[(GcsBucket, "my-gcs-bucket"), (GcsKeyFile, "/path/to/key.json")],
            ),
        ),
        (
            BackendKind::S3,
            tools::config(
                BackendKind::S3,
                &[
                    (S3Bucket, "my-s3-bucket"),
                    (S3Region, "us-east-1"),
                    (S3AccessKey, tools::cases::ACCESS_KEY),
                    (S3SecretKey, tools::cases::SECRET_KEY),
                ],
            ),
        ),
        (
            BackendKind::Azure,
            tools::config(
                BackendKind::Azure,
                &[
                    (AzureAccountName, "mystorageaccount"),
                    (AzureAccountKey, tools::cases::AZURE_KEY),
                    (AzureContainer, "images"),
                ],
            ),
        ),
        (BackendKind::Volume, tools::config(BackendKind::Volume, &[])),
    ]
}

/// The text of the artifact `name` among the files of `config`.
fn rendered(config: &registry_configurator::settings::Config, name: &str) -> String {
    render(config)
        .into_iter()
        .find(|artifact| artifact.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .text
}

/// Runs the guard of `script` (the script up to its check of the cluster,
/// then a line that says so) in `dir` on `file`, written there as
/// `platform.yaml`; returns (success, stdout, stderr). The check of the
/// cluster and the steps are left out: they call kubectl and helm (tested
/// with stand-ins in `render.rs`), and this is about what the guard lets
/// through.
fn run_guarded(dir: &Path, script: &str, file: &str) -> (bool, String, String) {
    tools::require("bash", &["-c", "true"]);
    let end = script
        .find("\n# The cluster and the release")
        .expect("the script checks the cluster");
    let guard = format!("{}\necho guard passed\n", &script[..end]);
    std::fs::write(dir.join("commands.sh"), guard).expect("write the script");
    std::fs::write(dir.join("platform.yaml"), file).expect("write the platform file");
    let output = tools::run_command(
        Command::new("bash")
            .args(["commands.sh", "platform.yaml"])
            .current_dir(dir),
        b"",
    );
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every line of `text` indented by `by` spaces (blank lines stay blank).
fn indented(text: &str, by: usize) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{}{line}\n", " ".repeat(by))
            }
        })
        .collect()
}

/// The generated block from its `registry:` line on, without the header
/// comments and the `astronomer:` line (indented by two, as generated).
fn registry_part(block: &str) -> String {
    let at = block.find("\n  registry:\n").expect("the block has its registry: key");
    block[at + 1..].to_owned()
}

const GLOBAL: &str = "global:\n  baseDomain: astro.example.com\n";
const GLOBAL_MESSAGE: &str = "top-level global: with a baseDomain";
const ASTRONOMER_MESSAGE: &str = "exactly one top-level astronomer:";

/// (what the file is, the file, None when the guard lets it through or
/// Some(part of the refusal)), for one backend.
fn guard_cases(kind: BackendKind, block: &str, other_block: &str) -> Vec<(&'static str, String, Option<&'static str>)> {
    let key = kind.values_key();
    let registry = registry_part(block);
    let enabled = format!("    {key}:\n      enabled: true\n");
    assert!(block.contains(&enabled), "{block}");
    let refused_global = Some(GLOBAL_MESSAGE);
    let refused_astronomer = Some(ASTRONOMER_MESSAGE);
    vec![
        // Refused: no real baseDomain directly under the top-level global.
        ("the generated block alone", block.to_owned(), refused_global),
        (
            "baseDomain only in a comment after a value",
            format!("global:\n  tlsSecret: x   # baseDomain: TODO\n{block}"),
            refused_global,
        ),
        (
            "baseDomain only on a comment line",
            format!("global:\n  # baseDomain: astro.example.com\n  tlsSecret: x\n{block}"),
            refused_global,
        ),
        (
            "baseDomain one level too deep",
            format!("global:\n  ingress:\n    baseDomain: astro.example.com\n{block}"),
            refused_global,
        ),
        (
            "baseDomain under another top-level key",
            format!("platform:\n  baseDomain: astro.example.com\nglobal:\n  tlsSecret: x\n{block}"),
            refused_global,
        ),
        (
            "baseDomain at the top level",
            format!("baseDomain: astro.example.com\nglobal: {{}}\n{block}"),
            refused_global,
        ),
        (
            "baseDomain without a value",
            format!("global:\n  baseDomain:\n  tlsSecret: x\n{block}"),
            refused_global,
        ),
        (
            "baseDomain with only a comment for a value",
            format!("global:\n  baseDomain:  # TODO\n  tlsSecret: x\n{block}"),
            refused_global,
        ),
        (
            "baseDomain empty",
            format!("global:\n  baseDomain: \"\"\n{block}"),
            refused_global,
        ),
        (
            "baseDomain null",
            format!("global:\n  baseDomain: null\n{block}"),
            refused_global,
        ),
        (
            "baseDomain inside a block scalar",
            format!("global:\n  tlsSecret: x\n  notes: |\n    baseDomain: astro.example.com\n{block}"),
            refused_global,
        ),
        (
            "a flow global with baseDomain only in a comment",
            format!("global: {{tlsSecret: x}}  # baseDomain: astro.example.com\n{block}"),
            refused_global,
        ),
        (
            "a flow global with baseDomain one level too deep",
            format!("global: {{ingress: {{baseDomain: astro.example.com}}}}\n{block}"),
            refused_global,
        ),
        (
            "two top-level global keys",
            format!("{GLOBAL}global:\n  tlsSecret: x\n{block}"),
            refused_global,
        ),
        // Refused: the generated registry block is not where the chart reads it.
        (
            "the block appended after an existing astronomer key",
            format!("{GLOBAL}astronomer:\n  houston: {{}}\n{block}"),
            refused_astronomer,
        ),
        (
            "the registry block commented out",
            format!(
                "{GLOBAL}astronomer:\n  houston: {{}}\n{}",
                registry.lines().map(|line| format!("# {line}\n")).collect::<String>()
            ),
            refused_astronomer,
        ),
        (
            "the registry block under another key of astronomer",
            format!("{GLOBAL}astronomer:\n  houston:\n{}", indented(&registry, 2)),
            refused_astronomer,
        ),
        (
            "the registry block at the top level",
            format!(
                "{GLOBAL}astronomer:\n  houston: {{}}\n{}",
                indented(&registry, 0).replace("\n  ", "\n").trim_start()
            ),
            refused_astronomer,
        ),
        (
            "the chosen backend not enabled",
            format!(
                "{GLOBAL}{}",
                block.replace(
                    &enabled,
                    &format!("    {key}:\n      enabled: false  # enabled: true\n")
                )
            ),
            refused_astronomer,
        ),
        (
            "another backend's block",
            format!("{GLOBAL}{other_block}"),
            refused_astronomer,
        ),
        (
            "a second registry key under astronomer",
            format!("{GLOBAL}{block}  registry: {{}}\n"),
            refused_astronomer,
        ),
        // Let through: the full platform file in the forms YAML allows.
        ("the block merged into the full file", format!("{GLOBAL}{block}"), None),
        (
            "comments, lists and other keys around baseDomain",
            format!(
                "# The platform's values.\nglobal:\n  # The domain:\n  tlsSecret: x  # baseDomain: no\n  hosts:\n  - a\n  - b\n  baseDomain: astro.example.com  # the platform's domain\n  ingress:\n    enabled: true\n{block}"
            ),
            None,
        ),
        (
            "a comment after enabled: true",
            format!(
                "{GLOBAL}{}",
                block.replace(
                    &enabled,
                    &format!("    {key}:\n      enabled: true  # the chosen backend\n")
                )
            ),
            None,
        ),
        (
            "a flow global",
            format!("global: {{tlsSecret: x, baseDomain: \"astro.example.com\"}}  # a comment\n{block}"),
            None,
        ),
        (
            "a quoted key",
            format!("global:\n  \"baseDomain\": 'astro.example.com'\n{block}"),
            None,
        ),
        (
            "astronomer holding other keys around the registry block",
            format!(
                "astronomer:\n  houston:\n    upgradeDeployments:\n      enabled: true\n{registry}  commander:\n    replicas: 2\n{GLOBAL}"
            ),
            None,
        ),
        (
            "four-space indentation",
            format!("{GLOBAL}{block}").replace("  ", "    "),
            None,
        ),
        (
            "a byte-order mark and Windows line ends",
            format!("\u{feff}{GLOBAL}{block}").replace('\n', "\r\n"),
            None,
        ),
        ("a document start marker", format!("---\n{GLOBAL}{block}"), None),
    ]
}

#[test]
fn the_guard_lets_only_the_full_platform_file_through() {
    let configs = one_config_per_backend();
    let dir = tools::temp_dir("guard");
    let mut checked = 0;
    for (position, (kind, config)) in configs.iter().enumerate() {
        let script = rendered(config, "commands.sh");
        let block = rendered(config, "config.yaml");
        let (_, other) = &configs[(position + 1) % configs.len()];
        let other_block = rendered(other, "config.yaml");
        for (what, file, refusal) in guard_cases(*kind, &block, &other_block) {
            let (ok, stdout, stderr) = run_guarded(&dir, &script, &file);
            match refusal {
                Some(message) => {
                    assert!(!ok && stdout.is_empty(), "{kind:?}, {what}: the script ran on\n{file}");
                    assert!(stderr.contains(message), "{kind:?}, {what}: {stderr}\n{file}");
                }
                None => {
                    assert!(
                        ok && stdout == "guard passed\n",
                        "{kind:?}, {what}: refused ({stderr}):\n{file}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}
