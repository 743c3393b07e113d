//! Every IAM document of every golden configuration through `parliament`
//! (1.6.4), the policy linter: no finding but the ones that are the linter's
//! own gaps, each named below with why.

mod tools;

use registry_configurator::render::render;
use serde_json::Value;
use tools::cases;

/// The linter installed by scripts/setup.sh.
fn parliament() -> std::path::PathBuf {
    let program = tools::repo_path(".tools/venv/bin/parliament");
    assert!(
        program.exists(),
        "{} is missing: run scripts/setup.sh, which installs parliament",
        program.display()
    );
    program
}

/// The findings for one document, one JSON object each.
fn findings(document: &str) -> Vec<Value> {
    // It reads stdin when stdin is not a terminal, and refuses --file then.
    let output = tools::run_command(
        std::process::Command::new(parliament()).arg("--json"),
        document.as_bytes(),
    );
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() || !text.trim().is_empty(),
        "parliament failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect()
}

/// Whether parliament's own IAM definition lists `condition` as a condition
/// key of the KMS `key` resource type (it only checks action-level keys).
fn kms_key_condition(condition: &str) -> bool {
    let dir = tools::repo_path(".tools/venv/lib");
    let definition = std::fs::read_dir(&dir)
        .expect("the venv's lib folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("site-packages/parliament/iam_definition.json"))
        .find(|path| path.exists())
        .expect("parliament's iam_definition.json");
    let services: Value = serde_json::from_str(&std::fs::read_to_string(definition).expect("read it")).expect("JSON");
    services
        .as_array()
        .into_iter()
        .flatten()
        .filter(|service| service["prefix"] == "kms")
        .flat_map(|service| service["resources"].as_array().into_iter().flatten())
        .filter(|resource| resource["resource"] == "key")
        .flat_map(|resource| resource["condition_keys"].as_array().into_iter().flatten())
        .any(|key| key == condition)
}

/// Whether a finding is a gap of the linter for this kind of document:
/// - trust policies never have a Resource (MALFORMED) and EKS OIDC providers
///   are unknown to it (UNKNOWN_FEDERATION_SOURCE);
/// - in a key policy `"Resource": "*"` means the key itself, not every
///   resource (RESOURCE_STAR), as the AWS KMS documentation has it;
/// - `kms:ResourceAliases` is a condition key of the KMS key resource (its
///   own definition says so), which it does not consult for actions.
fn linter_gap(file: &str, finding: &Value) -> bool {
    let issue = finding["issue"].as_str().unwrap_or_default();
    let detail = finding["detail"].to_string();
    match (file, issue) {
        ("trust-policy.json", "MALFORMED") => detail.contains("neither Resource nor NotResource"),
        ("trust-policy.json", "UNKNOWN_FEDERATION_SOURCE") => detail.contains(":oidc-provider/oidc.eks."),
        ("kms-key-statement.json", "RESOURCE_STAR") => true,
        ("iam-policy.json", "UNKNOWN_CONDITION_FOR_ACTION") => {
            detail.contains("Unknown condition kms:ResourceAliases for action kms:")
                && kms_key_condition("kms:ResourceAliases")
        }
        _ => false,
    }
}

#[test]
fn every_iam_document_passes_the_policy_linter() {
    let mut linted = Vec::new();
    for case in cases::all() {
        for artifact in render(&case.config()) {
            if artifact.mime != "application/json" {
                continue;
            }
            // The KMS file is one statement, to add to the key's own policy:
            // linted as the policy it makes with the key's other statements.
            let document = if artifact.name == "kms-key-statement.json" {
                format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, artifact.text)
            } else {
                artifact.text.clone()
            };
            let defects: Vec<Value> = findings(&document)
                .into_iter()
                .filter(|finding| !linter_gap(artifact.name, finding))
                .collect();
            assert!(
                defects.is_empty(),
                "{}/{}: {defects:#?}\n{}",
                case.name,
                artifact.name,
                artifact.text
            );
            linted.push(artifact.name);
        }
    }
    for name in ["iam-policy.json", "trust-policy.json", "kms-key-statement.json"] {
        assert!(linted.contains(&name), "no {name} was linted: {linted:?}");
    }
}

#[test]
fn the_linter_finds_what_it_should() {
    // A policy that allows everything on everything: the linter must object,
    // or the test above proves nothing.
    let wide = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    let found = findings(wide);
    assert!(
        found.iter().any(|finding| !linter_gap("iam-policy.json", finding)),
        "{found:#?}"
    );
}
