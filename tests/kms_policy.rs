//! The KMS step run for real: the AWS CLI against `moto_server`, under bash
//! and zsh. It adds the statement of `kms-key-statement.json` to the key's
//! policy, keeps every statement the key had (its admins), and adds nothing
//! when run again.

mod tools;

use std::process::Command;

use registry_configurator::model::BackendKind;
use registry_configurator::render::render;
use registry_configurator::render::steps::apply_steps;
use registry_configurator::settings::FieldId::*;
use serde_json::{Value, json};
use tools::cases::{OIDC_ISSUER, ROLE_ARN};

/// The AWS CLI of the tools folder against moto, with nothing from this
/// machine's AWS set-up.
fn aws(endpoint: &str, program: &str) -> Command {
    let mut command = tools::aws_cli(program, ("admin", "admin-secret"));
    command.env("AWS_ENDPOINT_URL", endpoint);
    command
}

fn key_policy(endpoint: &str, key: &str) -> Value {
    let mut command = aws(endpoint, "aws");
    command.args([
        "kms",
        "get-key-policy",
        "--key-id",
        key,
        "--policy-name",
        "default",
        "--output",
        "text",
    ]);
    let text = tools::stdout_of("get-key-policy", tools::run_command(&mut command, b""));
    serde_json::from_str(&text).expect("the key policy is JSON")
}

#[test]
fn the_kms_step_adds_its_statement_and_keeps_the_admins() {
    tools::require("jq", &["--version"]);
    tools::require("zsh", &["-c", "true"]);
    let moto = tools::registry::start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    for shell in ["bash", "zsh"] {
        let mut create = aws(&endpoint, "aws");
        create.args(["kms", "create-key", "--query", "KeyMetadata.Arn", "--output", "text"]);
        let key = tools::stdout_of("create-key", tools::run_command(&mut create, b""))
            .trim()
            .to_owned();
        // The key's admins, as a real key policy has them.
        let admins = json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "Allow access for Key Administrators", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::123456789012:role/KeyAdmin"},
                 "Action": ["kms:Create*", "kms:Describe*", "kms:Put*"], "Resource": "*"}
            ]
        });
        let mut put = aws(&endpoint, "aws");
        put.args([
            "kms",
            "put-key-policy",
            "--key-id",
            &key,
            "--policy-name",
            "default",
            "--policy",
        ])
        .arg(admins.to_string());
        tools::stdout_of("put-key-policy", tools::run_command(&mut put, b""));

        let config = tools::config(
            BackendKind::S3,
            &[
                (S3Bucket, "images"),
                (S3Region, "us-east-1"),
                (S3Credentials, "irsa"),
                (S3RoleArn, ROLE_ARN),
                (S3OidcProvider, OIDC_ISSUER),
                (S3Encrypt, "true"),
                (S3KeyId, &key),
            ],
        );
        let dir = tools::temp_dir(&format!("kms-{shell}"));
        for artifact in render(&config) {
            std::fs::write(dir.join(artifact.name), &artifact.text).expect("write a file");
        }
        let step = apply_steps(&config)
            .into_iter()
            .flat_map(|step| step.commands)
            .find(|command| command.contains("put-key-policy"))
            .expect("the KMS step");
        let statement: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("kms-key-statement.json")).expect("the statement file"),
        )
        .expect("JSON");
        assert!(statement.get("Statement").is_none(), "a whole policy: {statement}");

        let run = |what: &str| {
            let mut command = aws(&endpoint, shell);
            // Pasted from elsewhere, as the step says: `here` set first.
            command
                .args(["-c", &format!("here={}\n{step}", dir.display())])
                .current_dir("/");
            tools::stdout_of(&format!("{shell}: {what}"), tools::run_command(&mut command, b""))
        };
        let said = run("the KMS step");
        assert!(said.contains("Added the statement"), "{said}");
        let policy = key_policy(&endpoint, &key);
        let statements = policy["Statement"].as_array().expect("statements");
        assert_eq!(statements.len(), 3, "{policy:#}");
        assert_eq!(
            statements[..2],
            admins["Statement"].as_array().expect("admins")[..],
            "{policy:#}"
        );
        assert_eq!(statements[2], statement, "{policy:#}");

        let said = run("the KMS step again");
        assert!(said.contains("already has the statement"), "{said}");
        assert_eq!(key_policy(&endpoint, &key), policy, "run again, it changed the policy");
    }
}
