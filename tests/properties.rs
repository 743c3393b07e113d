//! Seeded property tests over the real path the page takes: a `Draft` built
//! with `Action::SetField` / `Action::SetBackend`, `validate`, `render` and
//! `zip_all`, and `share::encode` / `share::decode`.
//!
//! Every test draws its cases from a small xorshift generator with fixed seeds,
//! so a failure names a case that fails again on the next run. Values come from
//! four pools: valid samples per field (and random values shaped like valid
//! ones), the 133 scalars of `tests/fixtures/helm-scalar-vectors.json`, short
//! strings of tricky characters, and 10,000-character strings.

mod support;
mod tools;

use std::panic::{AssertUnwindSafe, catch_unwind};

use registry_configurator::model::{BackendKind, EndpointUrl};
use registry_configurator::render::{Artifact, readme, render, steps::apply_steps, zip_all};
use registry_configurator::settings::FieldId;
use registry_configurator::share::{decode, encode, is_shareable};
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::{Severity, Validation, validate};
use serde_json::Value;
use support::{Pools, Rng, TRICKY, chars, describe, no_panic, random_draft, valid_draft, with_other_secrets};

/// The expectation the share tests hold the code to, written out rather than
/// read from the field table.
const SECRET_FIELDS: [FieldId; 2] = [FieldId::S3SecretKey, FieldId::AzureAccountKey];
/// The fields that never go into a share link: the secrets and the access key id.
const PRIVATE_FIELDS: [FieldId; 3] = [FieldId::S3AccessKey, FieldId::S3SecretKey, FieldId::AzureAccountKey];

// ---------------------------------------------------------------------------
// The checks every draft must pass (properties 1, 2 and 4).

/// Validates and, when a Config exists, renders and zips `draft`, checking the
/// invariants on the way; returns the artifacts when there are any.
fn check_draft(draft: &Draft) -> Option<Vec<Artifact>> {
    let validation = no_panic("validate", draft, || validate(draft));
    check_issues(draft, &validation);
    let config = validation.config.as_ref()?;
    assert_eq!(config.backend.kind(), draft.backend, "{}", describe(draft));
    let artifacts = no_panic("render", draft, || render(config));
    let names: Vec<&str> = artifacts.iter().map(|artifact| artifact.name).collect();
    let mut expected = vec!["config.yaml"];
    if draft.backend == BackendKind::S3 {
        expected.push("iam-policy.json");
        let role = matches!(draft.value(FieldId::S3Credentials), "irsa" | "pod-identity");
        if role {
            expected.push("trust-policy.json");
        }
        let key = draft.value(FieldId::S3KeyId);
        if role && !key.is_empty() && !key.ends_with("alias/aws/s3") {
            expected.push("kms-key-statement.json");
        }
    }
    let from_volume = draft.backend != BackendKind::Volume && draft.value(FieldId::MigrateFrom) == "volume";
    if from_volume {
        if config.service_account().is_none() {
            expected.push("migrate-job-1.yaml");
        }
        expected.push("migrate-job-2.yaml");
    }
    // An upgrade from a 2.x to a 3.x release on the same Azure container.
    let upgrading_across = |from: registry_configurator::model::ChartVersion| {
        !from.registry().is_v3() && config.platform.chart.registry().is_v3()
    };
    if draft.backend == BackendKind::Azure && !from_volume && config.platform.from.is_some_and(upgrading_across) {
        expected.extend([
            "azure-rename-upgrade.yaml",
            "azure-rename-clean-up.yaml",
            "azure-rename-go-back.yaml",
        ]);
    }
    expected.extend(["commands.sh", "verify.sh"]);
    assert_eq!(names, expected, "{}", describe(draft));
    let readme = no_panic("readme", draft, || readme(config, &artifacts, &apply_steps(config)));
    let zip = no_panic("zip_all", draft, || zip_all(&artifacts, &readme));
    let mut files = vec![Artifact {
        name: "README.txt",
        mime: "text/plain",
        text: readme,
    }];
    files.extend(artifacts.iter().cloned());
    check_zip(draft, &zip, &files);
    check_commands(draft, &artifacts);
    Some(artifacts)
}

/// Property 2: a Config exactly when no error; every issue at a field of the
/// platform or the chosen backend; every message a sentence that never quotes
/// a secret.
fn check_issues(draft: &Draft, validation: &Validation) {
    let has_error = validation.issues.iter().any(|issue| issue.severity == Severity::Error);
    assert_eq!(
        validation.config.is_some(),
        !has_error,
        "Config exists ⇔ no error, broken for\n{}{:#?}",
        describe(draft),
        validation.issues
    );
    assert!(
        validation.issues.windows(2).all(|pair| pair[0].field <= pair[1].field),
        "issues not in form order: {:#?}",
        validation.issues
    );
    for issue in &validation.issues {
        assert!(
            draft.shown(issue.field),
            "an issue at {:?}, which the {:?} form does not show: {:?}\n{}",
            issue.field,
            draft.backend,
            issue.message,
            describe(draft)
        );
        let message = &issue.message;
        let first = message.chars().next();
        assert!(
            first.is_some_and(|c| !c.is_lowercase() && !c.is_whitespace())
                && message.trim() == message
                && message.ends_with('.')
                && !message.chars().any(char::is_control),
            "{:?}: {message:?} is not a one-line sentence\n{}",
            issue.field,
            describe(draft)
        );
    }
    // A secret's value must not be in a message, unless it is there anyway
    // when the secrets are cleared (another field holds the same text, or it
    // is an example the messages give).
    let mut cleared = draft.clone();
    for field in SECRET_FIELDS {
        cleared.apply(Action::SetField(field, String::new()));
    }
    let cleared_messages: Vec<String> = validate(&cleared)
        .issues
        .into_iter()
        .map(|issue| issue.message)
        .collect();
    for field in SECRET_FIELDS {
        let secret = draft.value(field);
        if secret.chars().count() < 4 || cleared_messages.iter().any(|message| message.contains(secret)) {
            continue;
        }
        for issue in &validation.issues {
            assert!(
                !issue.message.contains(secret),
                "the message at {:?} quotes the {field:?} value: {:?}\n{}",
                issue.field,
                issue.message,
                describe(draft)
            );
        }
    }
}

/// The zip holds each artifact, in order, stored as it is under its name,
/// and ends with its directory.
fn check_zip(draft: &Draft, zip: &[u8], artifacts: &[Artifact]) {
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([zip[at], zip[at + 1]]));
    let u32_at = |at: usize| u32::from_le_bytes([zip[at], zip[at + 1], zip[at + 2], zip[at + 3]]) as usize;
    let mut at = 0;
    for artifact in artifacts {
        assert_eq!(&zip[at..at + 4], b"PK\x03\x04", "{}", describe(draft));
        assert_eq!(u16_at(at + 8), 0, "stored\n{}", describe(draft));
        let size = u32_at(at + 18);
        let name_len = u16_at(at + 26);
        let data = at + 30 + name_len + u16_at(at + 28);
        assert_eq!(
            &zip[at + 30..at + 30 + name_len],
            artifact.name.as_bytes(),
            "{}",
            describe(draft)
        );
        assert_eq!(
            &zip[data..data + size],
            artifact.text.as_bytes(),
            "{} is not stored whole in the zip\n{}",
            artifact.name,
            describe(draft)
        );
        at = data + size;
    }
    let end = zip.len().checked_sub(22).expect("the zip has an end record");
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "{}", describe(draft));
    assert_eq!(u16_at(end + 10), artifacts.len(), "{}", describe(draft));
}

fn artifact<'a>(artifacts: &'a [Artifact], name: &str) -> &'a str {
    &artifacts
        .iter()
        .find(|artifact| artifact.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .text
}

/// The chart version as the config holds it: without a leading `v`.
fn normalized_chart(draft: &Draft) -> String {
    let raw = draft.value(FieldId::ChartVersion);
    raw.strip_prefix('v').unwrap_or(raw).to_owned()
}

/// Property 4: the script's frame, and no secret in it.
fn check_commands(draft: &Draft, artifacts: &[Artifact]) {
    let script = artifact(artifacts, "commands.sh");
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{}", describe(draft));
    assert!(
        script.lines().any(|line| line == "set -euo pipefail"),
        "{}",
        describe(draft)
    );
    let version = format!("--version {}", normalized_chart(draft));
    let upgrade: Vec<&str> = script
        .lines()
        .filter(|line| line.starts_with("helm upgrade "))
        .collect();
    assert_eq!(upgrade.len(), 1, "one helm upgrade line\n{script}\n{}", describe(draft));
    assert!(
        upgrade[0].ends_with(&version) || upgrade[0].contains(&format!("{version} ")),
        "{:?} lacks {version:?}\n{}",
        upgrade[0],
        describe(draft)
    );
    for field in SECRET_FIELDS {
        let secret = draft.value(field);
        let elsewhere = FieldId::ALL
            .into_iter()
            .any(|other| other != field && draft.value(other).contains(secret));
        if secret.chars().count() >= 8 && !elsewhere {
            assert!(
                !script.contains(secret),
                "commands.sh holds the {field:?} value\n{}",
                describe(draft)
            );
        }
    }
    // Whatever the secrets are, the script is the same.
    let other = with_other_secrets(draft);
    let config = validate(&other)
        .config
        .unwrap_or_else(|| panic!("other secrets of the same kind should validate\n{}", describe(&other)));
    assert_eq!(
        artifact(&render(&config), "commands.sh"),
        script,
        "commands.sh depends on the secrets\n{}",
        describe(draft)
    );
}

// ---------------------------------------------------------------------------
// Property 1, 2 and 4 over random drafts.

#[test]
fn random_drafts_validate_render_and_zip_without_panic() {
    let pools = Pools::load();
    // Per backend: drafts that rendered, drafts refused with an error.
    let mut rendered = [0usize; 4];
    let mut refused = [0usize; 4];
    for seed in 1..=4 {
        let mut rng = Rng::new(seed);
        for _ in 0..1000 {
            let draft = random_draft(&mut rng, &pools);
            let slot = BackendKind::ALL.iter().position(|kind| *kind == draft.backend).unwrap();
            if check_draft(&draft).is_some() {
                rendered[slot] += 1;
            } else {
                refused[slot] += 1;
            }
        }
    }
    // Both sides of "a Config exactly when no error" must be reached for every
    // backend, or the checks above held for nothing.
    for ((kind, rendered), refused) in BackendKind::ALL.iter().zip(rendered).zip(refused) {
        assert!(
            rendered >= 20 && refused >= 20,
            "{kind:?}: {rendered} drafts rendered and {refused} refused; the generator must reach both"
        );
    }
}

#[test]
fn valid_drafts_of_every_backend_render_with_their_invariants() {
    let pools = Pools::load();
    let mut rng = Rng::new(7);
    for _ in 0..100 {
        for backend in BackendKind::ALL {
            let draft = valid_draft(&mut rng, &pools, backend);
            assert!(check_draft(&draft).is_some(), "{}", describe(&draft));
        }
    }
}

// ---------------------------------------------------------------------------
// Property 3: config.yaml read back by PyYAML, iam-policy.json by serde_json.

/// The ARN partition of a region, by the region patterns AWS publishes for
/// each partition (botocore's `partitions.json`); `None` for a code that
/// matches no partition's pattern.
fn partition_of(region: &str) -> Option<&'static str> {
    let parts: Vec<&str> = region.split('-').collect();
    let word = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        ["cn", name, n] if word(name) && number(n) => Some("aws-cn"),
        ["us" | "eu" | "ap" | "sa" | "ca" | "me" | "af" | "il" | "mx", name, n] if word(name) && number(n) => {
            Some("aws")
        }
        ["us", "gov", name, n] if word(name) && number(n) => Some("aws-us-gov"),
        ["us", "iso", name, n] if word(name) && number(n) => Some("aws-iso"),
        ["us", "isob", name, n] if word(name) && number(n) => Some("aws-iso-b"),
        ["eu", "isoe", name, n] if word(name) && number(n) => Some("aws-iso-e"),
        ["us", "isof", name, n] if word(name) && number(n) => Some("aws-iso-f"),
        ["eusc", "de", name, n] if word(name) && number(n) => Some("aws-eusc"),
        _ => None,
    }
}

/// The node at a dotted Helm values path, if there is one.
fn walk<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(tree, |node, key| node.get(key))
}

/// Fails on a null (or a value JSON cannot hold, such as a date) anywhere.
fn no_null(draft: &Draft, node: &Value, at: &str) {
    match node {
        Value::Null => panic!("null at {at}\n{}", describe(draft)),
        Value::Object(map) if map.contains_key("__type__") => {
            panic!("a {} at {at}\n{}", map["__type__"], describe(draft))
        }
        Value::Object(map) => {
            for (key, child) in map {
                no_null(draft, child, &format!("{at}.{key}"));
            }
        }
        Value::Array(items) => {
            for (position, child) in items.iter().enumerate() {
                no_null(draft, child, &format!("{at}[{position}]"));
            }
        }
        Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

fn check_config_tree(draft: &Draft, tree: &Value, reader: &str) {
    no_null(draft, tree, "");
    let registry = walk(tree, "astronomer.registry").unwrap_or_else(|| panic!("{reader}: no astronomer.registry"));
    let enabled = |store: &str| walk(registry, &format!("{store}.enabled")).and_then(Value::as_bool);
    let stores = ["gcs", "s3", "azure"];
    let on: Vec<&str> = stores
        .into_iter()
        .filter(|store| enabled(store) == Some(true))
        .collect();
    for store in stores {
        assert!(
            enabled(store).is_some(),
            "{reader}: {store}.enabled is not a boolean\n{}",
            describe(draft)
        );
    }
    match draft.backend {
        BackendKind::Volume => {
            assert!(
                on.is_empty(),
                "{reader}: {on:?} enabled for a volume\n{}",
                describe(draft)
            );
            assert_eq!(enabled("persistence"), Some(true), "{reader}\n{}", describe(draft));
        }
        kind => {
            assert_eq!(on, [kind.id()], "{reader}: exactly one enabled\n{}", describe(draft));
            assert!(registry.get("persistence").is_none(), "{reader}\n{}", describe(draft));
        }
    }
    for field in FieldId::ALL {
        let Some(relative) = field.name().strip_prefix("astronomer.registry.") else {
            continue;
        };
        let node = walk(registry, relative);
        let raw = draft.value(field);
        // Keys typed in a Secret mode are only checked: config.yaml holds none.
        let in_secret = (matches!(field, FieldId::S3AccessKey | FieldId::S3SecretKey)
            && draft.value(FieldId::S3Credentials) == "keys-secret")
            || (field == FieldId::AzureAccountKey && draft.value(FieldId::AzureCredentials) == "key-secret");
        let shown = draft.shown(field) && !in_secret;
        if field == FieldId::S3Encrypt {
            let expected = (shown && draft.flag(field)).then_some(&Value::Bool(true));
            assert_eq!(node, expected, "{reader}: encrypt\n{}", describe(draft));
        } else if field == FieldId::RedirectDisable {
            // Ticked, or forced for a store only the cluster can reach.
            let internal = draft.backend == BackendKind::S3
                && EndpointUrl::parse(draft.value(FieldId::S3RegionEndpoint))
                    .is_ok_and(|endpoint| endpoint.is_cluster_internal());
            let expected = (shown && (draft.flag(field) || internal)).then_some(&Value::Bool(true));
            assert_eq!(node, expected, "{reader}: redirect.disable\n{}", describe(draft));
        } else if shown && !raw.is_empty() {
            assert_eq!(
                node,
                Some(&Value::String(raw.to_owned())),
                "{reader}: {} does not read back as typed\n{}",
                field.name(),
                describe(draft)
            );
        } else {
            assert_eq!(
                node,
                None,
                "{reader}: {} is written although {}\n{}",
                field.name(),
                if shown { "empty" } else { "another backend's" },
                describe(draft)
            );
        }
    }
}

fn check_iam(draft: &Draft, policy: &str) {
    let policy: Value = serde_json::from_str(policy)
        .unwrap_or_else(|error| panic!("iam-policy.json is not JSON ({error})\n{policy}\n{}", describe(draft)));
    let region = draft.value(FieldId::S3Region);
    let bucket = draft.value(FieldId::S3Bucket);
    // The validator only accepts region codes of a known partition, except
    // that an S3-compatible store (a region endpoint) names its own region,
    // and its policy uses the aws partition.
    let custom_store = !draft.value(FieldId::S3RegionEndpoint).is_empty();
    let partition = match partition_of(region) {
        Some(partition) => partition,
        None if custom_store => "aws",
        None => panic!(
            "region {region:?} was accepted but belongs to no AWS partition\n{}",
            describe(draft)
        ),
    };
    let statements = policy["Statement"].as_array().expect("a Statement array");
    let resources: Vec<&str> = statements
        .iter()
        .filter_map(|statement| statement["Resource"].as_str())
        .collect();
    for expected in [
        format!("arn:{partition}:s3:::{bucket}"),
        format!("arn:{partition}:s3:::{bucket}/*"),
    ] {
        assert!(
            resources.contains(&expected.as_str()),
            "{expected} not among {resources:?}\n{}",
            describe(draft)
        );
    }
    let key = draft.value(FieldId::S3KeyId);
    let kms: Vec<&str> = resources.iter().copied().filter(|r| r.contains(":kms:")).collect();
    if key.is_empty() {
        assert!(kms.is_empty(), "a KMS statement without a key\n{}", describe(draft));
    } else {
        assert_eq!(kms.len(), 1, "one KMS statement\n{}", describe(draft));
        let key_partition = key
            .strip_prefix("arn:")
            .and_then(|rest| rest.split(':').next())
            .unwrap_or(partition);
        assert!(
            kms[0].starts_with(&format!("arn:{key_partition}:kms:")),
            "{} is not in partition {key_partition}\n{}",
            kms[0],
            describe(draft)
        );
    }
}

#[test]
fn rendered_files_read_back_as_typed() {
    let pools = Pools::load();
    let mut drafts = Vec::new();
    let mut rng = Rng::new(11);
    for _ in 0..75 {
        for backend in BackendKind::ALL {
            drafts.push(valid_draft(&mut rng, &pools, backend));
        }
    }
    // Plus the random drafts that happen to validate.
    let mut rng = Rng::new(12);
    let mut from_random = 0;
    while from_random < 150 {
        let draft = random_draft(&mut rng, &pools);
        if validate(&draft).config.is_some() {
            drafts.push(draft);
            from_random += 1;
        }
    }
    let mut docs = Vec::new();
    for draft in &drafts {
        let artifacts = check_draft(draft).unwrap_or_else(|| panic!("does not validate\n{}", describe(draft)));
        if draft.backend == BackendKind::S3 {
            check_iam(draft, artifact(&artifacts, "iam-policy.json"));
        }
        let yaml = artifact(&artifacts, "config.yaml").to_owned();
        // The YAML 1.2 reader in process, as a second opinion.
        let tree = tools::yaml12_load(&yaml)
            .unwrap_or_else(|error| panic!("serde_yaml cannot load ({error}):\n{yaml}\n{}", describe(draft)));
        check_config_tree(draft, &tree, "serde_yaml (YAML 1.2)");
        docs.push(yaml);
    }
    // The read-back proves the quoting only if some values needed it: a
    // double-quoted scalar is one the writer had to quote.
    let quoted = docs.iter().filter(|yaml| yaml.contains(": \"")).count();
    assert!(
        quoted >= 20,
        "only {quoted} of {} files hold a quoted value: the generator no longer reaches values YAML 1.1 would misread",
        docs.len()
    );
    let results = tools::yaml11_load_all(&docs);
    for ((draft, yaml), result) in drafts.iter().zip(&docs).zip(&results) {
        let tree = result
            .get("ok")
            .unwrap_or_else(|| panic!("PyYAML cannot load ({}):\n{yaml}\n{}", result["error"], describe(draft)));
        check_config_tree(draft, tree, "PyYAML (YAML 1.1)");
    }
}

// ---------------------------------------------------------------------------
// Property 5: share links.

#[test]
fn share_links_round_trip_shareable_fields_and_never_carry_secrets() {
    let pools = Pools::load();
    let mut rng = Rng::new(21);
    for case in 0..2000 {
        let draft = if case % 4 == 0 {
            let backend = *rng.pick(&BackendKind::ALL);
            valid_draft(&mut rng, &pools, backend)
        } else {
            random_draft(&mut rng, &pools)
        };
        let text = no_panic("encode", &draft, || encode(&draft));
        let loaded = no_panic("decode", &draft, || decode(&text))
            .unwrap_or_else(|error| panic!("{error:?} for its own link {text:?}\n{}", describe(&draft)));
        assert!(loaded.ignored.is_empty(), "{:?}\n{}", loaded.ignored, describe(&draft));
        let restored = loaded.into_draft();
        assert_eq!(restored.backend, draft.backend, "{}", describe(&draft));
        // The fields a valid draft was checked on come back whole; any other field
        // is kept or dropped to the fresh form's value, never anything else.
        let whole = validate(&draft).config.is_some();
        for field in FieldId::ALL {
            let restored_value = restored.value(field);
            if !is_shareable(field) {
                assert_eq!(
                    restored_value,
                    field.initial(),
                    "{field:?} is private\n{}",
                    describe(&draft)
                );
            } else if whole && draft.shown(field) {
                assert_eq!(
                    restored_value,
                    draft.value(field),
                    "{field:?} after the round trip\n{}",
                    describe(&draft)
                );
            } else {
                assert!(
                    restored_value == draft.value(field) || restored_value == field.initial(),
                    "{field:?} came back as {restored_value:?}\n{}",
                    describe(&draft)
                );
            }
        }
        // The link does not depend on the private fields at all...
        assert_eq!(
            encode(&with_other_secrets(&draft)),
            text,
            "the link depends on a private field\n{}",
            describe(&draft)
        );
        // ... and does not hold their text.
        for field in PRIVATE_FIELDS {
            let value = draft.value(field);
            let in_shared = FieldId::ALL
                .into_iter()
                .any(|other| is_shareable(other) && draft.value(other).contains(value));
            if value.chars().count() >= 8 && !in_shared {
                assert!(
                    !text.contains(value),
                    "the link holds the {field:?} value\n{}",
                    describe(&draft)
                );
                // Nor escaped: no value the link decodes to holds it.
                let decoded = decode(&text).expect("the link decodes");
                assert!(
                    decoded
                        .actions
                        .iter()
                        .all(|action| !matches!(action, Action::SetField(_, shared) if shared.contains(value))),
                    "the link holds the {field:?} value\n{}",
                    describe(&draft)
                );
            }
        }
    }
}

#[test]
fn decoding_garbage_never_panics() {
    let pools = Pools::load();
    let mut rng = Rng::new(31);
    let tokens: Vec<String> = [
        "v=1",
        "v=2",
        "v=",
        "v",
        "&",
        "&&",
        "=",
        "==",
        "#",
        "+",
        "%",
        "%2",
        "%G1",
        "%FF",
        "%C3",
        "%C3%A9",
        "%F0%9F%A6",
        "%00",
        "%25",
        "backend=s3",
        "backend=ftp",
        "backend=",
        "é",
        "🦀",
        "\u{0}",
        " ",
        "\n",
        "astronomer.registry.s3.bucket=",
        "astronomer.registry.s3.secretkey=x",
        "astronomer.registry.s3.accesskey=",
        "release=",
        "chartVersion=0.37.4",
        "astronomer.registry.s3.encrypt=true",
        "astronomer.registry.s3.encrypt=yes",
    ]
    .iter()
    .map(|token| (*token).to_owned())
    .collect();
    let tricky = chars(TRICKY);
    // Links decoded, links that set at least one field, links refused.
    let (mut decoded, mut with_fields, mut refused) = (0, 0, 0);
    for _ in 0..3000 {
        let text = match rng.below(3) {
            // A run of tokens and tricky characters.
            0 => {
                let mut text = String::new();
                for _ in 0..rng.between(0, 12) {
                    if rng.chance(60) {
                        text.push_str(rng.pick(&tokens).as_str());
                    } else {
                        let len = rng.between(1, 4);
                        text.push_str(&rng.string(&tricky, len));
                    }
                }
                text
            }
            // A real link, cut and spliced.
            1 => {
                let draft = random_draft(&mut rng, &pools);
                let mut text = encode(&draft).into_bytes();
                for _ in 0..rng.between(1, 4) {
                    match rng.below(3) {
                        0 => text.truncate(rng.below(text.len() + 1)),
                        1 if !text.is_empty() => {
                            let at = rng.below(text.len());
                            text.remove(at);
                        }
                        _ => {
                            let at = rng.below(text.len() + 1);
                            let token = rng.pick(&tokens).clone();
                            text.splice(at..at, token.into_bytes());
                        }
                    }
                }
                // Links are ASCII, so cutting bytes only breaks inserted tokens.
                String::from_utf8_lossy(&text).into_owned()
            }
            // Random bytes read as text.
            _ => {
                let len = rng.between(0, 40);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| decode(&text)));
        let Ok(outcome) = outcome else {
            panic!("decode panicked on {text:?}");
        };
        match outcome {
            Ok(loaded) => {
                decoded += 1;
                if loaded
                    .actions
                    .iter()
                    .any(|action| matches!(action, Action::SetField(..)))
                {
                    with_fields += 1;
                }
                for action in &loaded.actions {
                    if let Action::SetField(field, _) = action {
                        assert!(is_shareable(*field), "{text:?} loaded {field:?}");
                    }
                }
                if let Some(notice) = loaded.notice() {
                    assert!(notice.ends_with('.'), "{notice:?}");
                }
                let draft = loaded.into_draft();
                check_draft(&draft);
            }
            Err(error) => {
                refused += 1;
                assert!(!error.message().is_empty());
            }
        }
    }
    // Garbage that is always refused, or never sets a field, would test
    // nothing past the first check.
    assert!(
        decoded >= 100 && with_fields >= 100 && refused >= 100,
        "{decoded} links decoded ({with_fields} setting a field), {refused} refused: the generator must reach each"
    );
}

#[test]
fn the_field_table_rule_accepts_every_value_validation_accepts() {
    let pools = Pools::load();
    for field in FieldId::ALL {
        for sample in &pools.valid[field.index()] {
            assert!(field.accepts(sample), "{field:?} refuses its valid sample {sample:?}");
        }
    }
    let mut rng = Rng::new(7);
    for _ in 0..400 {
        let backend = *rng.pick(&BackendKind::ALL);
        let draft = valid_draft(&mut rng, &pools, backend);
        for field in FieldId::shown_for(backend).filter(|field| draft.shown(*field)) {
            assert!(
                field.accepts(draft.value(field)),
                "validation accepts what the table's rule for {field:?} refuses\n{}",
                describe(&draft)
            );
        }
    }
}
