//! Importing the user's config.yaml: golden round trips (the merged file and
//! its diff), every byte outside the registry block kept, what the form loads,
//! refusals of bad and hostile input within a second, and the lint findings.
//!
//! `UPDATE_GOLDEN=1 cargo test --test import` rewrites the golden files (the
//! one switch of every golden test: see tests/README.md).

mod tools;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use registry_configurator::import::{self, Fix, Imported, Level, diff, tree};
use registry_configurator::model::BackendKind;
use registry_configurator::render;
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::validate;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn read(text: &str) -> Imported {
    import::read(text).unwrap_or_else(|error| panic!("refused: {}\n{text}", error.text()))
}

/// Sets a field by its name, if the table has it (fields may come and go).
fn set(draft: &mut Draft, name: &str, value: &str) {
    if let Some(field) = FieldId::from_name(name) {
        draft.apply(Action::SetField(field, value.into()));
    }
}

/// A draft loaded from the file, for chart 0.37.4, with what the user types
/// afterwards.
fn loaded(imported: &Imported, edit: impl FnOnce(&mut Draft)) -> Draft {
    let mut draft = Draft::default();
    set(&mut draft, "chartVersion", "0.37.4");
    set(&mut draft, "gcsKeyFilePath", "/keys/gcs.json");
    for action in imported.actions() {
        draft.apply(action);
    }
    edit(&mut draft);
    draft
}

/// The generated config.yaml of a draft that must be valid.
fn generated(draft: &Draft) -> String {
    let validation = validate(draft);
    let config = validation
        .config
        .unwrap_or_else(|| panic!("invalid draft: {:?}", validation.issues));
    render::render(&config)
        .into_iter()
        .find(|artifact| artifact.name == "config.yaml")
        .expect("config.yaml")
        .text
}

fn merged(imported: &Imported, draft: &Draft) -> String {
    imported
        .merge(&generated(draft))
        .unwrap_or_else(|error| panic!("merge failed: {error}"))
}

/// The byte range the registry entry takes in `text` (key to the end of its
/// last line), or the empty range where it is added.
fn block_range(text: &str) -> (usize, usize) {
    let imported = read(text);
    let root = imported.root();
    let astronomer = root.and_then(|root| root.entry("astronomer"));
    let line_end = |at: usize| text[at..].find(['\r', '\n']).map_or(text.len(), |i| at + i);
    match astronomer.and_then(|(_, value)| value.entry("registry")) {
        Some((key, value)) => (key.start, line_end(value.end.max(key.end))),
        None => {
            let end = match (astronomer, root) {
                (Some((key, value)), _) if value.entries().is_some_and(|e| !e.is_empty()) => {
                    line_end(value.end.max(key.end))
                }
                (Some((key, _)), _) => line_end(key.end),
                (None, Some(root)) => line_end(root.end),
                (None, None) => text.len(),
            };
            (end, end)
        }
    }
}

/// Everything before and after the block is the same bytes.
fn assert_outside_kept(before: &str, after: &str) {
    let (start, end) = block_range(before);
    let null_value = read(before)
        .root()
        .and_then(|root| root.get("astronomer"))
        .is_some_and(|value| value.is_null() && value.end > value.start);
    let head = if null_value {
        // `astronomer: ~` gives way to the block: the line's head stays.
        &before[..before[..start].rfind(':').map_or(0, |colon| colon + 1)]
    } else {
        &before[..start]
    };
    assert!(after.starts_with(head), "the text before the block changed:\n{after}");
    assert!(
        after.ends_with(&before[end..]),
        "the text after the block changed:\n{after}"
    );
}

/// The diff as text, for the golden file.
fn diff_text(before: &str, after: &str) -> String {
    diff::hunks(before, after, 2)
        .into_iter()
        .map(|line| {
            let (mark, number) = match line.change {
                diff::Change::Same => (' ', line.new),
                diff::Change::Removed => ('-', line.old),
                diff::Change::Added => ('+', line.new),
                diff::Change::Gap => ('~', None),
            };
            format!(
                "{:>4} {mark} {}\n",
                number.map(|n| n.to_string()).unwrap_or_default(),
                line.text
            )
        })
        .collect()
}

/// One round trip: import, load, edit, merge, compare with the goldens.
fn round_trip(case: &str, file: &str, edit: impl FnOnce(&mut Draft)) -> String {
    let before = fixture(file);
    let imported = read(&before);
    let draft = loaded(&imported, edit);
    let after = merged(&imported, &draft);
    assert_outside_kept(&before, &after);
    tools::check_golden(&format!("import-{case}/config.yaml"), &after);
    tools::check_golden(&format!("import-{case}/changes.diff"), &diff_text(&before, &after));
    after
}

fn to_s3(draft: &mut Draft) {
    draft.apply(Action::SetBackend(BackendKind::S3));
    set(draft, "s3Credentials", "node-role");
    set(draft, "astronomer.registry.s3.bucket", "my-s3-bucket");
    set(draft, "astronomer.registry.s3.region", "us-east-1");
}

#[test]
fn the_seed_example_round_trips_unchanged_but_for_the_disabled_stores() {
    let after = round_trip("seed-full-example", "seed-full-example.yaml", |_| {});
    // Its comments, the trailing spaces after a comment and the blank lines stay.
    assert!(after.contains("#################################  \nastronomer:\n"));
    assert!(after.contains("  # Name of secret containing TLS certificate\n  tlsSecret: astronomer-tls\n"));
    assert!(after.ends_with("    gcs:\n      enabled: true\n      bucket: my-gcs-bucket\n    azure:\n      enabled: false\n    s3:\n      enabled: false\n"));
}

#[test]
fn the_seed_example_switched_to_s3() {
    let after = round_trip("seed-to-s3", "seed-full-example.yaml", to_s3);
    assert!(after.contains("    s3:\n      enabled: true\n"));
    assert!(after.contains("    gcs:\n      enabled: false\n"));
}

#[test]
fn crlf_and_four_space_indents_are_kept() {
    let after = round_trip("crlf-four-spaces", "crlf-four-spaces.yaml", |draft| {
        to_s3(draft);
        set(draft, "astronomer.registry.s3.encrypt", "true");
    });
    assert!(!after.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(after.contains("\r\n        s3:\r\n            enabled: true\r\n"));
    // The user's own extraEnv entry stays, the other driver's is dropped.
    assert!(after.contains("name: MY_VAR"));
    assert!(!after.contains("REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE"));
    // Keys the form does not own are carried over.
    assert!(after.contains("useKeyfile: false") && after.contains("serviceAccount:"));
}

#[test]
fn a_file_without_astronomer_gets_the_block_at_the_end() {
    let after = round_trip("no-astronomer", "no-astronomer.yaml", |draft| {
        set(draft, "astronomer.registry.persistence.size", "200Gi");
    });
    assert!(after.ends_with("  preserveSourceIP: true\nastronomer:\n  registry:\n    persistence:\n      enabled: true\n      size: 200Gi\n    gcs:\n      enabled: false\n    azure:\n      enabled: false\n    s3:\n      enabled: false"));
}

#[test]
fn a_file_without_registry_gets_it_under_astronomer() {
    let after = round_trip("no-registry", "no-registry.yaml", |draft| {
        draft.apply(Action::SetBackend(BackendKind::Azure));
        set(draft, "azureCredentials", "key");
        set(draft, "astronomer.registry.azure.accountname", "mystorageaccount");
        set(
            draft,
            "astronomer.registry.azure.accountkey",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==",
        );
        set(draft, "astronomer.registry.azure.container", "images");
    });
    assert!(after.contains("        enabled: false\n  registry:\n    azure:\n      enabled: true\n"));
    assert!(after.ends_with("  # registry settings go here\n\n# end of file\n"));
}

#[test]
fn a_file_of_comments_only_gets_the_whole_block() {
    let after = round_trip("comments-only", "comments-only.yaml", |_| {});
    assert!(after.starts_with("# nothing yet\n\n# really\nastronomer:\n  registry:\n    persistence:\n"));
}

#[test]
fn an_empty_astronomer_gives_way_to_the_block() {
    let after = round_trip("astronomer-null", "astronomer-null.yaml", to_s3);
    assert!(after.contains("astronomer:   # filled in later\n  registry:\n    s3:\n"));
    assert!(after.ends_with("\nnginx:\n  enabled: true\n"));
}

#[test]
fn what_the_form_does_not_own_is_kept() {
    let before = fixture("user-keys.yaml");
    let imported = read(&before);
    let loaded_file = imported.loaded();
    assert_eq!(loaded_file.backend, BackendKind::S3);
    assert!(
        loaded_file
            .modes
            .iter()
            .any(|detected| detected.mode == (FieldId::S3Credentials, "keys-secret")),
        "{:?}",
        loaded_file.modes
    );
    assert!(
        loaded_file
            .modes
            .iter()
            .any(|detected| detected.values == [(FieldId::S3SecretName, "registry-s3".to_owned())])
    );
    let after = round_trip("user-keys", "user-keys.yaml", |draft| {
        set(draft, "s3Credentials", "node-role");
    });
    for kept in [
        "eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/registry",
        "- name: REGISTRY_LOG_LEVEL\n        value: debug",
        "name: registry-s3",
        "accessMode: ReadWriteOnce",
        "  houston:\n    enabled: true\n",
        "  plane:\n    mode: data\n",
    ] {
        assert!(after.contains(kept), "{kept:?} is gone:\n{after}");
    }
    // The volume size is the form's: not written for S3.
    assert!(!after.contains("size: 200Gi"));
}

#[test]
fn the_form_loads_the_backend_the_chart_would_use() {
    let cases: &[(&str, BackendKind)] = &[
        (
            "s3: {enabled: true}\ngcs: {enabled: true}\nazure: {enabled: true}",
            BackendKind::Gcs,
        ),
        ("s3: {enabled: true}\nazure: {enabled: yes}", BackendKind::Azure),
        ("s3: {enabled: 'false'}", BackendKind::S3),
        ("s3: {enabled: false}\ngcs: {enabled: off}", BackendKind::Volume),
        ("s3: {enabled: 0}\ngcs: {enabled: ~}", BackendKind::Volume),
        ("gcs: {enabled: 1}", BackendKind::Gcs),
        ("persistence: {enabled: true}", BackendKind::Volume),
        ("{}", BackendKind::Volume),
    ];
    for (stores, expected) in cases {
        let text = format!("astronomer:\n  registry:\n{}\n", indent_flow(stores));
        assert_eq!(read(&text).loaded().backend, *expected, "{text}");
    }
}

/// Each `key: {…}` line as an entry of the registry at four spaces.
fn indent_flow(stores: &str) -> String {
    stores
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_registry_value_and_the_plane_mode_are_loaded() {
    let text = "global:\n  plane:\n    mode: control\nastronomer:\n  registry:\n    s3:\n      enabled: true\n      bucket: \"b-1\"\n      region: us-east-1\n      encrypt: yes\n      keyid: ~\n      rootdirectory: /r\n    azure:\n      container: c\n    redirect:\n      disable: true\n";
    let imported = read(text);
    let mut draft = Draft::default();
    set(&mut draft, "astronomer.registry.gcs.bucket", "typed-before");
    for action in imported.actions() {
        draft.apply(action);
    }
    let value = |name: &str| FieldId::from_name(name).map(|field| draft.value(field).to_owned());
    assert_eq!(draft.backend, BackendKind::S3);
    assert_eq!(value("astronomer.registry.s3.bucket").as_deref(), Some("b-1"));
    assert_eq!(value("astronomer.registry.s3.encrypt").as_deref(), Some("true"));
    assert_eq!(value("astronomer.registry.s3.keyid").as_deref(), Some(""));
    assert_eq!(value("astronomer.registry.s3.rootdirectory").as_deref(), Some("/r"));
    assert_eq!(value("astronomer.registry.azure.container").as_deref(), Some("c"));
    assert_eq!(value("astronomer.registry.redirect.disable").as_deref(), Some("true"));
    assert_eq!(value("planeMode").as_deref(), Some("control"));
    // The file says what the registry is: a value it does not have is cleared.
    assert_eq!(value("astronomer.registry.gcs.bucket").as_deref(), Some(""));
    let bucket = FieldId::from_name("astronomer.registry.s3.bucket").expect("field");
    assert!(draft.touched(bucket), "loaded values show their problems");
}

#[test]
fn secrets_fill_their_inputs_and_stay_out_of_links() {
    let text = "astronomer:\n  registry:\n    s3:\n      enabled: true\n      accesskey: AKIAIOSFODNN7EXAMPLE\n      secretkey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n      region: us-east-1\n      bucket: b\n";
    let draft = loaded(&read(text), |_| {});
    let secret = FieldId::from_name("astronomer.registry.s3.secretkey").expect("field");
    assert_eq!(draft.value(secret), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    let link = registry_configurator::share::encode(&draft);
    assert!(!link.contains("wJalr") && !link.contains("AKIA"), "{link}");
}

/// (file, what the refusal must say, the line it names)
const REFUSED: &[(&str, &str, Option<usize>)] = &[
    ("a: [1, 2\n", "not valid YAML", Some(2)),
    ("global:\n\tbaseDomain: x\n", "tabs", Some(2)),
    ("a: 1\n---\nb: 2\n", "second YAML document", Some(2)),
    ("- a\n- b\n", "not a mapping", Some(1)),
    ("just text\n", "not a mapping", Some(1)),
    ("{global: {baseDomain: x}}\n", "flow style", Some(1)),
    ("astronomer: {registry: {s3: {enabled: true}}}\n", "flow style", Some(1)),
    ("astronomer: 5\n", "must be a mapping", Some(1)),
    ("astronomer:\n  registry: s3\n", "must be a mapping", Some(2)),
    ("astronomer:\n  registry:\n    - s3\n", "must be a mapping", Some(3)),
    (
        "astronomer:\n  registry: {}\nastronomer:\n  houston: {}\n",
        "appears a second time",
        Some(3),
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      bucket: a\n      bucket: b\n",
        "second time",
        Some(5),
    ),
    (
        "astronomer:\n  registry:\n    s3: &s3\n      bucket: a\n",
        "anchor",
        Some(3),
    ),
    ("base: &b\n  s3: {}\nastronomer:\n  registry: *b\n", "alias", Some(4)),
    (
        "base: &b\n  bucket: x\nastronomer:\n  registry:\n    s3:\n      <<: *b\n",
        "merge key",
        Some(6),
    ),
    (
        "base: &b\n  registry: {}\nastronomer:\n  <<: *b\n",
        "merge key",
        Some(4),
    ),
];

#[test]
fn bad_files_are_refused_with_where_and_why() {
    for (text, says, line) in REFUSED {
        let error = import::read(text).expect_err(text);
        assert!(error.text().contains(says), "{text:?}: {}", error.text());
        assert_eq!(error.at.map(|(line, _)| line), *line, "{text:?}: {}", error.text());
    }
}

#[test]
fn anchors_and_aliases_outside_the_block_are_kept() {
    let text = "defaults: &d\n  a: 1\nother: *d\nastronomer:\n  registry:\n    gcs:\n      enabled: true\n      bucket: bucket-b\n";
    let imported = read(text);
    let after = merged(&imported, &loaded(&imported, |_| {}));
    assert!(after.starts_with("defaults: &d\n  a: 1\nother: *d\n"));
}

/// Refused, and fast: (what, the text, what the refusal says).
fn hostile() -> Vec<(&'static str, String, &'static str)> {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let previous = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        let refs = vec![format!("*{previous}"); 10].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let mut deep_block = String::new();
    for level in 0..1400 {
        deep_block.push_str(&" ".repeat(level));
        deep_block.push_str("k:\n");
    }
    vec![
        ("an alias bomb", bomb, "alias bomb"),
        ("10 MB of text", "a: b\n".repeat(2_000_000), "up to 1000 KB"),
        (
            "10,000 nested flow levels",
            format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
            "levels deep",
        ),
        (
            "10,000 nested list levels",
            format!("{}x\n", "- ".repeat(10_000)),
            "levels deep",
        ),
        ("deeply nested mappings", deep_block, "levels deep"),
    ]
}

#[test]
fn hostile_input_is_refused_within_a_second() {
    for (what, text, says) in hostile() {
        let start = Instant::now();
        let error = import::read(&text).expect_err(what);
        let took = start.elapsed();
        assert!(error.text().contains(says), "{what}: {}", error.text());
        assert!(took < Duration::from_secs(1), "{what} took {took:?}");
    }
}

#[test]
fn a_large_but_honest_file_is_read_within_a_second() {
    // A quarter of the limit: this is a debug build, several times slower
    // than the page's optimised WebAssembly.
    let mut text = String::from("astronomer:\n  registry:\n    s3:\n      enabled: true\n");
    let mut i = 0;
    while text.len() < tree::MAX_BYTES / 4 {
        text.push_str(&format!("key{i}:\n  value: \"some text {i}\" # comment\n"));
        i += 1;
    }
    let start = Instant::now();
    let imported = read(&text);
    assert!(start.elapsed() < Duration::from_secs(1), "took {:?}", start.elapsed());
    assert_eq!(imported.loaded().backend, BackendKind::S3);
}

/// (file, chart, level, key, what the message says, one-click fix expected)
type LintCase = (&'static str, &'static str, Level, &'static str, &'static str, OneClick);

/// Whether a finding has a one-click fix.
#[derive(Clone, Copy, Debug)]
enum OneClick {
    Yes,
    No,
    /// Only where the form has this credential-mode field.
    WithField(&'static str),
}

impl OneClick {
    fn expected(self) -> bool {
        match self {
            OneClick::Yes => true,
            OneClick::No => false,
            OneClick::WithField(name) => FieldId::from_name(name).is_some(),
        }
    }
}

const LINTS: &[LintCase] = &[
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      accesskey: AKIAIOSFODNN7EXAMPLE\n      secretkey: abc\n",
        "0.30.0",
        Level::Warning,
        "astronomer.registry.s3.secretkey",
        "plain text",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      accesskey: AKIAIOSFODNN7EXAMPLE\n      secretkey: abc\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.s3.secretkey",
        "plain text",
        OneClick::Yes,
    ),
    (
        "astronomer:\n  registry:\n    azure:\n      enabled: true\n      accountkey: abc\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.azure.accountkey",
        "plain text",
        OneClick::WithField("azureCredentials"),
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      bucket: 0123\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.s3.bucket",
        "as the number 83",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      region: 'no'\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.s3.region",
        "misread",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      keyid: alias/registry\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.s3.keyid",
        "encrypt is not true",
        OneClick::Yes,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n    gcs:\n      enabled: true\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.s3.enabled",
        "gcs and s3 are both enabled",
        OneClick::Yes,
    ),
    (
        "astronomer:\n  registry:\n    redirect:\n      disable: true\n",
        "0.28.0",
        Level::Warning,
        "astronomer.registry.redirect",
        "Chart 0.28.0 ignores astronomer.registry.redirect",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    extraEnv: []\n",
        "0.31.0",
        Level::Warning,
        "astronomer.registry.extraEnv",
        "ignores",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    extraEnvVars:\n      - name: A\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.extraEnvVars",
        "never reads",
        OneClick::Yes,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      regionEndpoint: https://minio.example.com\n",
        "0.37.4",
        Level::Warning,
        "astronomer.registry.s3.regionEndpoint",
        "never reads",
        OneClick::Yes,
    ),
    (
        "astronomer:\n  registry:\n    logLevel: debug\n",
        "0.30.8",
        Level::Warning,
        "astronomer.registry.logLevel",
        "Chart 0.30.8 ignores astronomer.registry.logLevel. Chart 0.31.0 is the first release after it that reads it.",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    authHeaderSecretName: registry-auth\n",
        "1.1.0",
        Level::Warning,
        "astronomer.registry.authHeaderSecretName",
        "Chart 1.1.0 ignores astronomer.registry.authHeaderSecretName. Chart 1.0.0 is the last release that read it.",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    serviceAccount:\n      create: true\n      automountServiceAccountToken: false\n",
        "2.0.1",
        Level::Warning,
        "astronomer.registry.serviceAccount.automountServiceAccountToken",
        "Chart 2.1.0 is the first release after it that reads it",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    persistence:\n      accessMode: ReadWriteOnce\n",
        "2.1.0",
        Level::Warning,
        "astronomer.registry.persistence.accessMode",
        "never reads",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: \"false\"\n",
        "0.37.4",
        Level::Error,
        "astronomer.registry.s3.enabled",
        "not a boolean",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      bucket:\n        name: x\n",
        "0.37.4",
        Level::Error,
        "astronomer.registry.s3.bucket",
        "must be a single value",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    azure:\n      enabled: true\n      accountname: a\n",
        "0.37.4",
        Level::Error,
        "astronomer.registry.azure",
        "invalid credentials type",
        OneClick::No,
    ),
    (
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n    extraEnv:\n      - name: REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE\n        value: shared_key\n",
        "0.37.4",
        Level::Error,
        "astronomer.registry.extraEnv",
        "two drivers",
        OneClick::No,
    ),
    (
        "global:\n  baseDomain: a\n  baseDomain: b\n",
        "0.37.4",
        Level::Warning,
        "global.baseDomain",
        "appears twice",
        OneClick::No,
    ),
    (
        "global:\n  plane:\n    mode: control\n",
        "1.0.0",
        Level::Warning,
        "global.plane.mode",
        "control-plane",
        OneClick::No,
    ),
];

#[test]
fn each_lint_finding_names_its_line_and_fix() {
    for (text, chart, level, key, says, one_click) in LINTS {
        let imported = read(text);
        let mut draft = Draft::default();
        set(&mut draft, "chartVersion", chart);
        let findings = imported.lint(&draft);
        let finding = findings
            .iter()
            .find(|finding| finding.key == *key && finding.message.contains(says))
            .unwrap_or_else(|| panic!("{text}\nno finding for {key} saying {says:?}: {findings:#?}"));
        assert_eq!(finding.level, *level, "{text}");
        assert!(!finding.fix.is_empty(), "{text}");
        assert_eq!(finding.apply.is_some(), one_click.expected(), "{text}: {finding:?}");
        assert!(
            (1..=text.lines().count()).contains(&finding.line),
            "{text}: {finding:?}"
        );
    }
}

/// After an import the images are where the file keeps them: an object
/// store it enables already holds them (nothing to copy, and no copy Job
/// from a volume that does not exist); a volume file copies from the volume.
#[test]
fn the_migration_source_follows_the_imported_file() {
    let migrate = |text: &str| {
        let draft = loaded(&read(text), |_| {});
        let config = validate(&draft).config.expect("a valid draft");
        let names: Vec<&str> = render::render(&config).iter().map(|artifact| artifact.name).collect();
        (
            draft.value(FieldId::MigrateFrom).to_owned(),
            names.contains(&"migrate-job-2.yaml"),
        )
    };
    let s3 = "astronomer:\n  registry:\n    s3:\n      enabled: true\n      bucket: images\n      region: us-east-1\n      accesskey: AKIAIOSFODNN7EXAMPLE\n      secretkey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
    assert_eq!(migrate(s3), ("none".to_owned(), false));
    let volume = "astronomer:\n  registry:\n    persistence:\n      enabled: true\n";
    let draft = loaded(&read(volume), |_| {});
    assert_eq!(draft.value(FieldId::MigrateFrom), "volume");
}

/// An upgrade: the imported file is the one the platform runs now, judged
/// for that release, not for the release the files are for.
#[test]
fn an_imported_file_is_judged_for_the_release_the_platform_runs_now() {
    let imported = read("astronomer:\n  registry:\n    redirect:\n      disable: true\n");
    let mut draft = Draft::default();
    set(&mut draft, "chartVersion", "0.37.4");
    assert!(imported.lint(&draft).is_empty(), "0.37.4 reads redirect");
    set(&mut draft, "upgradeFrom", "0.28.0");
    let findings = imported.lint(&draft);
    assert!(
        findings.iter().any(|finding| finding
            .message
            .starts_with("Chart 0.28.0 ignores astronomer.registry.redirect")),
        "{findings:#?}"
    );
}

/// The keys of issue 18 that the lint called unknown: each release's chart
/// reads some of them (`model::chart_keys`, read from its templates); a
/// release that reads one says nothing about it, one that does not names
/// the first release that reads it. No finding ever says "never reads".
#[test]
fn keys_the_chart_reads_are_left_alone_and_the_others_name_the_release_that_reads_them() {
    let text = "astronomer:\n  registry:\n    replicas: 3\n    resources:\n      requests:\n        cpu: 250m\n    logLevel: debug\n    podAnnotations:\n      a: b\n    livenessProbe:\n      tcpSocket:\n        port: 5000\n    readinessProbe:\n      tcpSocket:\n        port: 5000\n    startupProbe:\n      tcpSocket:\n        port: 5000\n";
    let keys = [
        ("replicas", "0.25.1"),
        ("resources", "0.25.1"),
        ("logLevel", "0.31.0"),
        ("podAnnotations", "0.37.0"),
        ("livenessProbe", "0.36.0"),
        ("readinessProbe", "0.36.0"),
        ("startupProbe", "2.1.0"),
    ];
    let imported = read(text);
    let mut draft = Draft::default();
    assert_eq!(
        imported.lint(&draft),
        Vec::new(),
        "no chart version: every key is read by some release"
    );
    for chart in registry_configurator::model::ChartVersion::all() {
        set(&mut draft, "chartVersion", chart.as_str());
        let findings = imported.lint(&draft);
        let mut expected = Vec::new();
        for (key, first) in keys {
            let first = registry_configurator::model::ChartVersion::parse(first).expect("a release");
            if chart.version() >= first.version() {
                continue;
            }
            expected.push((
                format!("astronomer.registry.{key}"),
                format!("Chart {chart} ignores astronomer.registry.{key}. Chart {first} is the first release after it that reads it."),
            ));
        }
        let got: Vec<(String, String)> = findings.iter().map(|f| (f.key.clone(), f.message.clone())).collect();
        assert_eq!(got, expected, "chart {chart}");
        for finding in &findings {
            assert_eq!(finding.level, Level::Warning);
            assert!(finding.fix.starts_with("Upgrade the platform first"), "{finding:?}");
        }
    }
    set(&mut draft, "chartVersion", "2.1.9");
    assert_eq!(
        imported.lint(&draft),
        Vec::new(),
        "a release newer than the table follows 2.1.0"
    );
}

#[test]
fn a_clean_file_has_no_findings() {
    let imported = read(&fixture("seed-full-example.yaml"));
    let mut draft = Draft::default();
    set(&mut draft, "chartVersion", "0.37.4");
    assert_eq!(imported.lint(&draft), Vec::new());
}

#[test]
fn one_click_fixes_do_what_they_say() {
    // Rename a misspelled key: the edited file loads the value.
    let text =
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      regionEndpoint: https://minio.example.com\n";
    let findings = read(text).lint(&Draft::default());
    let Some((_, Fix::Edit { start, end, text: with })) = findings.iter().find_map(|f| f.apply.clone()) else {
        panic!("{findings:?}");
    };
    let edited = format!("{}{with}{}", &text[..start], &text[end..]);
    assert!(edited.contains("      regionendpoint: https://minio.example.com\n"));
    let endpoint = FieldId::from_name("astronomer.registry.s3.regionendpoint").expect("field");
    let draft = loaded(&read(&edited), |_| {});
    assert_eq!(draft.value(endpoint), "https://minio.example.com");
    // keyid without encrypt: the fix ticks encryption.
    let text = "astronomer:\n  registry:\n    s3:\n      enabled: true\n      keyid: alias/x\n";
    let findings = read(text).lint(&Draft::default());
    let Some((_, Fix::Form(actions))) = findings.iter().find_map(|f| f.apply.clone()) else {
        panic!("{findings:?}");
    };
    let mut draft = Draft::default();
    actions.into_iter().for_each(|action| draft.apply(action));
    let encrypt = FieldId::from_name("astronomer.registry.s3.encrypt").expect("field");
    assert!(draft.flag(encrypt));
}

#[test]
fn the_diff_shows_exactly_the_changed_lines() {
    let before = "a\nb\nc\nd\ne\nf\ng\n";
    let after = "a\nb\nC\nd\ne\nf\ng\nh\n";
    let lines = diff::full(before, after);
    let changed: Vec<(diff::Change, &str)> = lines
        .iter()
        .filter(|line| line.change != diff::Change::Same)
        .map(|line| (line.change, line.text))
        .collect();
    assert_eq!(
        changed,
        [
            (diff::Change::Removed, "c"),
            (diff::Change::Added, "C"),
            (diff::Change::Added, "h")
        ]
    );
    let hunks = diff::hunks(before, after, 1);
    let shown: Vec<&str> = hunks.iter().map(|line| line.text).collect();
    assert_eq!(shown, ["", "b", "c", "C", "d", "", "g", "h"]);
}

// ---- property: generated documents keep every byte outside the block ----

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A platform values file: sections in random order with comments, blank
/// lines, quoting, trailing spaces, the given indentation and line break, and
/// maybe an `astronomer:` with maybe a registry block.
fn document(rng: &mut Rng) -> String {
    let step = [2, 3, 4][rng.below(3)];
    let eol = if rng.chance(30) { "\r\n" } else { "\n" };
    let pad = |n: usize| " ".repeat(n * step);
    let mut sections: Vec<Vec<String>> = vec![
        vec![
            "global:".into(),
            format!("{}baseDomain: astro.example.com", pad(1)),
            format!("{}tlsSecret: 'astronomer-tls'", pad(1)),
        ],
        vec![
            "nginx:".into(),
            format!("{}loadBalancerIP: \"10.0.0.1\"  # LB", pad(1)),
            format!("{}ports: [80, 443]", pad(1)),
        ],
        vec!["tags: {a: 1}".into()],
    ];
    if rng.chance(85) {
        let mut astronomer = vec!["astronomer:".to_owned()];
        if rng.chance(50) {
            astronomer.push(format!("{}houston:", pad(1)));
            astronomer.push(format!("{}replicas: 2", pad(2)));
        }
        if rng.chance(80) {
            astronomer.push(format!(
                "{}registry:{}",
                pad(1),
                if rng.chance(20) { "   # the block" } else { "" }
            ));
            let mut stores = vec!["gcs", "s3", "azure", "persistence"];
            for _ in 0..rng.below(3) + 1 {
                let store = stores.remove(rng.below(stores.len()));
                astronomer.push(format!("{}{store}:", pad(2)));
                astronomer.push(format!("{}enabled: {}", pad(3), ["true", "false", "yes"][rng.below(3)]));
                if rng.chance(50) {
                    astronomer.push(format!("{}bucket: \"old-bucket\"", pad(3)));
                }
                if rng.chance(30) {
                    astronomer.push(format!("{}# a comment in the block", pad(3)));
                    astronomer.push(format!("{}rootdirectory: /old", pad(3)));
                }
            }
            if rng.chance(40) {
                astronomer.push(format!("{}serviceAccount:", pad(2)));
                astronomer.push(format!("{}create: true", pad(3)));
            }
            if rng.chance(40) {
                astronomer.push(format!("{}extraEnv:", pad(2)));
                astronomer.push(format!("{}- name: MINE", pad(2)));
                astronomer.push(format!("{}  value: \"x\"", pad(2)));
            }
        }
        if rng.chance(30) {
            astronomer.push(format!("{}commander:", pad(1)));
            astronomer.push(format!("{}enabled: true", pad(2)));
        }
        sections.push(astronomer);
    }
    let order = rng.below(sections.len());
    let last = sections.remove(order);
    sections.push(last);
    let mut lines = vec!["# platform values  ".to_owned()];
    for section in sections {
        if rng.chance(50) {
            lines.push(String::new());
        }
        if rng.chance(50) {
            lines.push(format!("## {}", section[0]));
        }
        lines.extend(section);
    }
    if rng.chance(40) {
        lines.push("# trailing".into());
    }
    let mut text = lines.join(eol);
    if rng.chance(80) {
        text.push_str(eol);
    }
    text
}

/// A valid draft for a random backend.
fn random_draft(rng: &mut Rng, imported: &Imported) -> Draft {
    loaded(imported, |draft| match rng.below(4) {
        0 => to_s3(draft),
        1 => {
            draft.apply(Action::SetBackend(BackendKind::Gcs));
            set(draft, "gcsCredentials", "keyfile");
            set(
                draft,
                "astronomer.registry.gcs.bucket",
                ["gcs-images", "123456", "a-b-c"][rng.below(3)],
            );
            set(draft, "astronomer.registry.gcs.rootdirectory", "");
        }
        2 => {
            draft.apply(Action::SetBackend(BackendKind::Volume));
            set(
                draft,
                "astronomer.registry.persistence.size",
                ["", "50Gi"][rng.below(2)],
            );
        }
        _ => {
            draft.apply(Action::SetBackend(BackendKind::S3));
            set(draft, "s3Credentials", "node-role");
            set(draft, "astronomer.registry.s3.bucket", "images");
            set(draft, "astronomer.registry.s3.region", "eu-west-1");
            set(draft, "astronomer.registry.s3.encrypt", "true");
            set(draft, "astronomer.registry.s3.rootdirectory", "");
        }
    })
}

/// The scalar leaves of a mapping: path -> value.
fn leaves(node: &tree::Node, path: &str, out: &mut Vec<(String, String)>) {
    for (key, value) in node.entries().unwrap_or_default() {
        let here = format!("{path}.{}", key.scalar().unwrap_or("?"));
        match value.scalar() {
            Some(scalar) => out.push((here, scalar.to_owned())),
            None => leaves(value, &here, out),
        }
    }
}

#[test]
fn generated_documents_keep_every_byte_outside_the_block_and_read_back_as_generated() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let (mut replaced, mut added) = (0, 0);
    for round in 0..300 {
        let before = document(&mut rng);
        let imported = read(&before);
        let draft = random_draft(&mut rng, &imported);
        let generated_text = generated(&draft);
        let after = imported
            .merge(&generated_text)
            .unwrap_or_else(|error| panic!("round {round}: {error}\n{before}"));
        assert_outside_kept(&before, &after);
        if imported.registry().is_some() {
            replaced += 1;
        } else {
            added += 1;
        }
        // The merged block holds every value the form generated.
        let merged_file = read(&after);
        let generated_file = read(&generated_text);
        let (mut want, mut have) = (Vec::new(), Vec::new());
        leaves(generated_file.registry().expect("generated block"), "", &mut want);
        leaves(merged_file.registry().expect("merged block"), "", &mut have);
        for leaf in &want {
            assert!(have.contains(leaf), "round {round}: {leaf:?} missing\n{after}");
        }
        // Exactly the chosen backend is enabled, as the chart reads it.
        assert_eq!(merged_file.loaded().backend, draft.backend, "round {round}\n{after}");
        assert!(merged_file.loaded().enabled.len() <= 1, "round {round}\n{after}");
        // Importing the result again and merging the same block changes nothing.
        assert_eq!(
            merged_file.merge(&generated_text).as_deref(),
            Ok(after.as_str()),
            "round {round}"
        );
    }
    assert!(replaced > 100 && added > 30, "replaced {replaced}, added {added}");
}
