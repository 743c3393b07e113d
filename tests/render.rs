//! The generated files of every golden configuration: golden text, config.yaml
//! read back by YAML 1.1 and 1.2 readers, the IAM policy read back as JSON, the
//! scripts checked by bash and shellcheck, and no secret in a script.

mod tools;

use registry_configurator::model::BackendKind;
use registry_configurator::render::steps::{Runner, apply_steps};
use registry_configurator::render::{Artifact, render};
use registry_configurator::settings::FieldId::*;
use registry_configurator::settings::{Backend, Migration, S3Encryption};
use serde_json::{Value, json};
use tools::cases::{self, ACCESS_KEY, AZURE_KEY, KEY_ARN, KEY_ID, SECRET_KEY};

fn artifact<'a>(artifacts: &'a [Artifact], name: &str) -> &'a Artifact {
    artifacts
        .iter()
        .find(|artifact| artifact.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no {name} among {:?}",
                artifacts.iter().map(|a| a.name).collect::<Vec<_>>()
            )
        })
}

#[test]
fn every_case_matches_its_golden_files() {
    for case in cases::all() {
        let artifacts = render(&case.config());
        let names: Vec<(&str, &str)> = artifacts.iter().map(|a| (a.name, a.mime)).collect();
        let mut expected = vec![("config.yaml", "application/yaml")];
        if let Backend::S3(s3) = &case.config().backend {
            expected.push(("iam-policy.json", "application/json"));
            if let Some(role) = s3.credentials.role() {
                assert!(
                    case.name.contains("irsa") || case.name.contains("pod-identity"),
                    "{role:?}"
                );
                expected.push(("trust-policy.json", "application/json"));
                if matches!(&s3.encryption, S3Encryption::Kms(key) if !key.is_aws_managed()) {
                    expected.push(("kms-key-statement.json", "application/json"));
                }
            }
        }
        let config = case.config();
        if config.migration == Migration::FromVolume {
            if config.service_account().is_none() {
                expected.push(("migrate-job-1.yaml", "application/yaml"));
            }
            expected.push(("migrate-job-2.yaml", "application/yaml"));
        }
        if registry_configurator::render::upgrade::renames_azure_blobs(&config) {
            expected.push(("azure-rename-upgrade.yaml", "application/yaml"));
            expected.push(("azure-rename-clean-up.yaml", "application/yaml"));
            expected.push(("azure-rename-go-back.yaml", "application/yaml"));
        }
        expected.push(("commands.sh", "text/x-shellscript"));
        expected.push(("verify.sh", "text/x-shellscript"));
        assert_eq!(names, expected, "{}", case.name);
        for artifact in &artifacts {
            assert!(
                artifact.text.ends_with('\n'),
                "{}/{} lacks a trailing newline",
                case.name,
                artifact.name
            );
            tools::check_golden(&format!("{}/{}", case.name, artifact.name), &artifact.text);
        }
    }
}

/// One step as `commands.sh` writes it: its sentences (the comment lines
/// joined), the commands it runs and the commands it only shows.
#[derive(Debug, Default, PartialEq)]
struct ScriptStep {
    text: String,
    runs: Vec<String>,
    shows: Vec<String>,
}

/// Reads the numbered steps back out of a script (everything after the guard).
fn script_steps(script: &str) -> Vec<ScriptStep> {
    let (_, body) = script.rsplit_once("\nfi\n").expect("the script has its guard");
    let mut steps: Vec<ScriptStep> = Vec::new();
    for line in body.lines().filter(|line| !line.is_empty()) {
        let number = format!("# {}. ", steps.len() + 1);
        if let Some(text) = line.strip_prefix(&number) {
            steps.push(ScriptStep {
                text: text.to_owned(),
                ..ScriptStep::default()
            });
            continue;
        }
        // The text is indented under the step's own number (`# 12. ` is wider
        // than `# 9. `), a command shown by hand two more.
        let indent = format!("#{}", " ".repeat(format!("# {}. ", steps.len()).len() - 1));
        let step = steps
            .last_mut()
            .unwrap_or_else(|| panic!("a line before the first step: {line}"));
        if let Some(shown) = line.strip_prefix(&format!("{indent}  ")) {
            step.shows.push(shown.to_owned());
        } else if let Some(text) = line.strip_prefix(&indent) {
            assert!(
                step.runs.is_empty() && step.shows.is_empty(),
                "text after a command: {line}"
            );
            step.text.push(' ');
            step.text.push_str(text);
        } else {
            assert!(!line.starts_with('#'), "a comment outside the steps' layout: {line}");
            step.runs.push(line.to_owned());
        }
    }
    steps
}

#[test]
fn the_script_and_the_page_carry_the_same_steps_and_commands() {
    for case in cases::all() {
        let config = case.config();
        let script = artifact(&render(&config), "commands.sh").text.clone();
        let page: Vec<ScriptStep> = apply_steps(&config)
            .into_iter()
            .map(|step| {
                let (runs, shows) = match step.runner {
                    Runner::Script => (step.commands, Vec::new()),
                    Runner::ByHand => (Vec::new(), step.commands),
                };
                ScriptStep {
                    text: step.text,
                    runs,
                    shows,
                }
            })
            .collect();
        assert!(page.len() >= 2, "{}: {page:?}", case.name);
        assert_eq!(script_steps(&script), page, "{}:\n{script}", case.name);
    }
}

#[test]
fn config_yaml_reads_back_as_the_expected_block_under_yaml_1_1_and_1_2() {
    let cases = cases::all();
    let docs: Vec<String> = cases
        .iter()
        .map(|case| artifact(&render(&case.config()), "config.yaml").text.clone())
        .collect();
    let loaded = tools::yaml11_load_all(&docs);
    for ((case, doc), result) in cases.iter().zip(&docs).zip(loaded) {
        let expected = json!({ "astronomer": { "registry": case.registry } });
        assert_eq!(result, json!({ "ok": expected }), "{} under PyYAML:\n{doc}", case.name);
        assert_eq!(
            tools::yaml12_load(doc),
            Ok(expected),
            "{} under serde_yaml:\n{doc}",
            case.name
        );
    }
}

#[test]
fn exactly_one_backend_is_enabled_and_every_object_store_is_mentioned() {
    for case in cases::all() {
        let doc = artifact(&render(&case.config()), "config.yaml").text.clone();
        let loaded = tools::yaml11_load(&doc);
        let registry = &loaded["astronomer"]["registry"];
        let enabled: Vec<&str> = ["gcs", "azure", "s3", "persistence"]
            .into_iter()
            .filter(|backend| registry[backend]["enabled"] == json!(true))
            .collect();
        let chosen = match case.backend {
            BackendKind::Volume => "persistence",
            other => other.id(),
        };
        assert_eq!(enabled, vec![chosen], "{}", case.name);
        for store in ["gcs", "azure", "s3"] {
            assert!(
                registry[store]["enabled"].is_boolean(),
                "{}: {store} is not set",
                case.name
            );
        }
    }
}

/// The keys of the mapping `backend` under `astronomer.registry`, in file order.
fn keys_in_order(doc: &str, backend: &str) -> Vec<String> {
    let header = format!("    {backend}:");
    doc.lines()
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| line.starts_with("      "))
        .map(|line| line.trim_start().split(':').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_seed_examples_come_out_with_the_same_keys_in_the_same_order() {
    // The seed's four examples, with its placeholders replaced by values the
    // validation accepts.
    let seed_gcs = "astronomer:\n  registry:\n    gcs:\n      enabled: true\n      bucket: my-gcs-bucket\n";
    let seed_s3 = format!(
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      accesskey: {ACCESS_KEY}\n      secretkey: {SECRET_KEY}\n      region: us-east-1\n      bucket: my-s3-bucket\n"
    );
    let seed_s3_kms = format!("{seed_s3}      encrypt: true\n      keyid: {KEY_ID}\n");
    let seed_azure = format!(
        "astronomer:\n  registry:\n    azure:\n      enabled: true\n      accountname: myaccountname\n      accountkey: {AZURE_KEY}\n      container: my-container-name\n      realm: core.windows.net\n"
    );
    let s3_fields = vec![
        (S3Bucket, "my-s3-bucket"),
        (S3Region, "us-east-1"),
        (S3AccessKey, ACCESS_KEY),
        (S3SecretKey, SECRET_KEY),
    ];
    let mut s3_kms_fields = s3_fields.clone();
    s3_kms_fields.extend([(S3Encrypt, "true"), (S3KeyId, KEY_ID)]);
    let examples = [
        (
            "gcs",
            seed_gcs.to_owned(),
            tools::config(
                BackendKind::Gcs,
                &[(GcsBucket, "my-gcs-bucket"), (GcsKeyFile, "/path/to/key.json")],
            ),
        ),
        ("s3", seed_s3, tools::config(BackendKind::S3, &s3_fields)),
        ("s3", seed_s3_kms, tools::config(BackendKind::S3, &s3_kms_fields)),
        (
            "azure",
            seed_azure,
            tools::config(
                BackendKind::Azure,
                &[
                    // The seed's Azure example is for registry 2.x: 3.x needs a credentials type.
                    (ChartVersion, "0.36.1"),
                    (AzureAccountName, "myaccountname"),
                    (AzureAccountKey, AZURE_KEY),
                    (AzureContainer, "my-container-name"),
                    (AzureRealm, "core.windows.net"),
                ],
            ),
        ),
    ];
    for (backend, seed, config) in examples {
        let generated = artifact(&render(&config), "config.yaml").text.clone();
        let loaded = tools::yaml11_load_all(&[seed.clone(), generated.clone()]);
        let seed_block = &loaded[0]["ok"]["astronomer"]["registry"][backend];
        let generated_block = &loaded[1]["ok"]["astronomer"]["registry"][backend];
        assert!(seed_block.is_object(), "the seed example does not load:\n{seed}");
        assert_eq!(generated_block, seed_block, "{backend}:\n{generated}");
        assert_eq!(
            keys_in_order(&generated, backend),
            keys_in_order(&seed, backend),
            "{generated}"
        );
    }
}

fn s3_statements(bucket_arn: &str) -> Vec<Value> {
    vec![
        json!({
            "Sid": "RegistryBucket",
            "Effect": "Allow",
            "Action": ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            "Resource": bucket_arn,
        }),
        json!({
            "Sid": "RegistryObjects",
            "Effect": "Allow",
            "Action": [
                "s3:PutObject",
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            "Resource": format!("{bucket_arn}/*"),
        }),
    ]
}

fn kms_statement(resource: &str, alias: Option<&str>) -> Value {
    let mut statement = json!({
        "Sid": "RegistryKmsKey",
        "Effect": "Allow",
        "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        "Resource": resource,
    });
    if let Some(alias) = alias {
        statement["Condition"] = json!({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias } });
    }
    statement
}

#[test]
fn iam_policy_reads_back_with_the_right_partition_bucket_and_key() {
    let expected: Vec<(&str, Vec<Value>)> = vec![
        ("s3-static-keys", s3_statements("arn:aws:s3:::my-s3-bucket")),
        ("s3-default-chain", s3_statements("arn:aws:s3:::my-s3-bucket")),
        ("s3-encrypt-s3-managed", s3_statements("arn:aws:s3:::my-s3-bucket")),
        ("s3-kms-key-arn", {
            let mut statements = s3_statements("arn:aws:s3:::my-s3-bucket");
            statements.push(kms_statement(KEY_ARN, None));
            statements
        }),
        ("s3-kms-alias", {
            let mut statements = s3_statements("arn:aws:s3:::my-s3-bucket");
            statements.push(kms_statement(
                "arn:aws:kms:us-east-1:*:key/*",
                Some("alias/astronomer-registry"),
            ));
            statements
        }),
        ("s3-kms-alias-arn", {
            let mut statements = s3_statements("arn:aws:s3:::my-s3-bucket");
            statements.push(kms_statement(
                "arn:aws:kms:us-east-1:123456789012:key/*",
                Some("alias/astronomer-registry"),
            ));
            statements
        }),
        ("s3-cn-north-1", s3_statements("arn:aws-cn:s3:::registry-cn")),
        ("s3-us-gov-west-1-kms-key-id", {
            let mut statements = s3_statements("arn:aws-us-gov:s3:::registry-gov");
            statements.push(kms_statement(
                &format!("arn:aws-us-gov:kms:us-gov-west-1:*:key/{KEY_ID}"),
                None,
            ));
            statements
        }),
        (
            "s3-regionendpoint-rootdirectory",
            s3_statements("arn:aws:s3:::my-s3-bucket"),
        ),
        ("s3-compatible-2.1.0", s3_statements("arn:aws:s3:::registry")),
        ("s3-in-cluster-store-0.37.7", s3_statements("arn:aws:s3:::registry")),
        (
            "s3-region-newer-than-the-registry",
            s3_statements("arn:aws:s3:::my-s3-bucket"),
        ),
        ("s3-keys-secret-0.32.1", s3_statements("arn:aws:s3:::my-s3-bucket")),
        ("s3-irsa-0.36.1", s3_statements("arn:aws:s3:::my-s3-bucket")),
        ("s3-irsa-kms-0.37.7", {
            let mut statements = s3_statements("arn:aws:s3:::my-s3-bucket");
            statements.push(kms_statement(KEY_ARN, None));
            statements
        }),
        ("s3-pod-identity-2.1.0", {
            let mut statements = s3_statements("arn:aws:s3:::my-s3-bucket");
            statements.push(kms_statement("arn:aws:kms:us-east-1:*:key/*", Some("alias/aws/s3")));
            statements
        }),
        ("s3-upgrade-0.30.8-to-2.1.0", s3_statements("arn:aws:s3:::my-s3-bucket")),
    ];
    let s3_cases: Vec<_> = cases::all()
        .into_iter()
        .filter(|case| case.backend == BackendKind::S3)
        .collect();
    assert_eq!(s3_cases.len(), expected.len(), "every S3 case has an expected policy");
    for (case, (name, statements)) in s3_cases.iter().zip(expected) {
        assert_eq!(case.name, name);
        let text = artifact(&render(&case.config()), "iam-policy.json").text.clone();
        let policy: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name}: {error}\n{text}"));
        assert_eq!(
            policy,
            json!({ "Version": "2012-10-17", "Statement": statements }),
            "{name}:\n{text}"
        );
    }
}

#[test]
fn every_script_passes_bash_n_and_shellcheck() {
    tools::require("bash", &["-c", "true"]);
    tools::require("shellcheck", &["--version"]);
    let dir = tools::temp_dir("shellcheck");
    let mut paths = Vec::new();
    for case in cases::all() {
        let artifacts = render(&case.config());
        for name in ["commands.sh", "verify.sh"] {
            let script = artifact(&artifacts, name).text.clone();
            assert!(script.starts_with("#!/usr/bin/env bash\n"), "{}/{name}", case.name);
            assert!(script.contains("\nset -euo pipefail\n"), "{}/{name}", case.name);
            let path = dir.join(format!("{}-{name}", case.name));
            std::fs::write(&path, &script).expect("write the script");
            let path = path.to_string_lossy().into_owned();
            tools::stdout_of(
                &format!("bash -n on {}/{name}", case.name),
                tools::run("bash", &["-n", &path], b""),
            );
            paths.push(path);
        }
    }
    // One shellcheck run for all scripts: it names the file of each finding.
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    tools::stdout_of("shellcheck", tools::run("shellcheck", &args, b""));
}

#[test]
fn the_helm_upgrade_is_pinned_to_the_release_namespace_and_chart() {
    for case in cases::all() {
        let config = case.config();
        let script = artifact(&render(&config), "commands.sh").text.clone();
        let helm: Vec<&str> = script.lines().filter(|line| line.starts_with("helm ")).collect();
        let expected = format!(
            "helm upgrade {} astronomer/astronomer -f \"$config\" --version {} --namespace {}",
            config.platform.release.as_str(),
            config.platform.chart,
            config.platform.namespace.as_str()
        );
        // The repository is added when missing and its index updated first.
        assert_eq!(
            helm,
            vec![
                "helm repo list 2>/dev/null | grep -q 'https://helm.astronomer.io' || helm repo add astronomer https://helm.astronomer.io",
                "helm repo update astronomer",
                expected.as_str()
            ],
            "{}",
            case.name
        );
    }
}

#[test]
fn the_golden_switch_is_update_golden_1_and_refuses_to_run_under_ci() {
    /// What the switch should do: rewrite or not, or panic with this text in its message.
    type Want = Result<bool, &'static str>;
    // (UPDATE_GOLDEN, CI, what the switch should do).
    let cases: [(Option<&str>, Option<&str>, Want); 8] = [
        (None, None, Ok(false)),
        (None, Some("true"), Ok(false)),
        (Some(""), Some("true"), Ok(false)),
        (Some("1"), None, Ok(true)),
        (Some("1"), Some(""), Ok(true)),
        (Some("1"), Some("true"), Err("UPDATE_GOLDEN=1 refused: CI=true is set")),
        (Some("1"), Some("1"), Err("UPDATE_GOLDEN=1 refused: CI=1 is set")),
        (Some("yes"), None, Err("only UPDATE_GOLDEN=1 rewrites")),
    ];
    for (update, ci, want) in cases {
        let got = std::panic::catch_unwind(|| tools::updating_golden(update, ci))
            .map_err(|payload| payload.downcast_ref::<String>().cloned().unwrap_or_default());
        match (&got, want) {
            (Ok(got), Ok(want)) => assert_eq!(*got, want, "UPDATE_GOLDEN={update:?} CI={ci:?}"),
            (Err(message), Err(part)) => {
                assert!(message.contains(part), "UPDATE_GOLDEN={update:?} CI={ci:?}: {message}")
            }
            _ => panic!("UPDATE_GOLDEN={update:?} CI={ci:?}: got {got:?}, want {want:?}"),
        }
    }
}

/// The sentence of the apply step that upgrades the release.
fn upgrade_step(config: &registry_configurator::settings::Config) -> String {
    let steps = apply_steps(config);
    let upgrades: Vec<&str> = steps
        .iter()
        .filter(|step| step.commands.iter().any(|command| command.starts_with("helm upgrade ")))
        .map(|step| step.text.as_str())
        .collect();
    assert_eq!(upgrades.len(), 1, "one upgrade step: {upgrades:?}");
    upgrades[0].to_owned()
}

#[test]
fn the_upgrade_step_names_the_release_the_plane_mode_puts_the_registry_in() {
    // With `control` the registry runs in the data planes, so the release the
    // steps upgrade is the data-plane one, on every release with plane modes;
    // `data` and `unified` upgrade the release named; before 1.0 there is no mode.
    const DATA_PLANE: &str =
        "upgrade the data-plane release astronomer-dp1 (the control-plane release runs no registry;";
    const NAMED: &str = "upgrade the release astronomer-dp1 with";
    let cases = [
        ("1.0.0", "control", DATA_PLANE),
        ("1.2.0", "control", DATA_PLANE),
        ("2.1.0", "control", DATA_PLANE),
        ("1.0.0", "data", NAMED),
        ("1.2.0", "data", NAMED),
        ("2.1.0", "data", NAMED),
        ("1.2.0", "unified", NAMED),
        ("0.37.4", "control", NAMED),
    ];
    for (chart, mode, expected) in cases {
        let config = tools::config(
            BackendKind::Gcs,
            &[
                (ChartVersion, chart),
                (PlaneMode, mode),
                (Release, "astronomer-dp1"),
                (Namespace, "astronomer-dp1"),
                (GcsBucket, "my-gcs-bucket"),
                (GcsKeyFile, "/path/to/key.json"),
            ],
        );
        let text = upgrade_step(&config);
        assert!(text.contains(expected), "{chart} {mode}: {text}");
        assert_eq!(
            text.contains("control-plane"),
            expected == DATA_PLANE,
            "{chart} {mode}: the control plane is named only in control mode: {text}"
        );
    }
}

#[test]
fn no_secret_reaches_the_script_or_the_policy() {
    const S3_SENTINEL: &str = "wJalrXUtnFEMI/K7MDENG/SENTINELs3secretKE";
    const AZURE_SENTINEL: &str =
        "SENTINEL2xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    let s3 = tools::config(
        BackendKind::S3,
        &[
            (S3Bucket, "my-s3-bucket"),
            (S3Region, "us-east-1"),
            (S3AccessKey, ACCESS_KEY),
            (S3SecretKey, S3_SENTINEL),
            (S3Encrypt, "true"),
            (S3KeyId, KEY_ARN),
        ],
    );
    let azure = tools::config(
        BackendKind::Azure,
        &[
            (AzureAccountName, "mystorageaccount"),
            (AzureAccountKey, AZURE_SENTINEL),
            (AzureContainer, "images"),
        ],
    );
    for (config, secret) in [(s3, S3_SENTINEL), (azure, AZURE_SENTINEL)] {
        let artifacts = render(&config);
        // The secret is where the docs put it, so the check below is not vacuous.
        assert!(artifact(&artifacts, "config.yaml").text.contains(secret));
        for artifact in artifacts.iter().filter(|artifact| artifact.name != "config.yaml") {
            assert!(
                !artifact.text.contains(secret),
                "{} holds the secret:\n{}",
                artifact.name,
                artifact.text
            );
            assert!(
                !artifact.text.contains("SENTINEL"),
                "{} holds part of the secret",
                artifact.name
            );
        }
    }
}

/// Stand-ins for kubectl, helm, aws and gcloud in `dir/bin` that log their
/// arguments to `$STUB_LOG`. kubectl names the context `$KUBE_CONTEXT` (none
/// when it is empty) and says a Job is `$JOB_STATE` (`Complete` unless set);
/// `helm list` prints `$HELM_LIST`, the releases of the namespace
/// `$HELM_NAMESPACE` in the context `platform-cluster`, when it is asked
/// about that namespace in that context (else no release, `[]`), and fails
/// as helm does when the cluster cannot be reached with `$HELM_FAILS` set;
/// the AWS CLI gives a key ARN and a key policy of no statement. A
/// `--from-file=key=path` is logged with the file's content.
fn write_stubs(dir: &std::path::Path) -> std::path::PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin");
    for tool in ["kubectl", "helm", "aws", "gcloud"] {
        let stub = bin.join(tool);
        std::fs::write(
            &stub,
            format!(
                r#"#!/bin/sh
echo "{tool} $*" >> "$STUB_LOG"
for arg in "$@"; do
  case "$arg" in --from-file=*=*) file="${{arg#--from-file=*=}}"; echo "file $(cat "$file")" >> "$STUB_LOG" ;; esac
done
case "{tool} $*" in
  "kubectl config current-context") [ -n "${{KUBE_CONTEXT:-}}" ] || exit 1; echo "$KUBE_CONTEXT" ;;
  *"get job"*) printf '%s' "${{JOB_STATE-Complete}}" ;;
  "helm list"*)
    if [ -n "${{HELM_FAILS:-}}" ]; then echo 'Error: Kubernetes cluster unreachable' >&2; exit 1; fi
    case " $* " in
      *" --namespace ${{HELM_NAMESPACE:-}} "*) [ "${{KUBE_CONTEXT:-}}" = platform-cluster ] && printf '%s\n' "$HELM_LIST" || echo '[]' ;;
      *) echo '[]' ;;
    esac ;;
  *"describe-key"*) echo arn:aws:kms:us-east-1:123456789012:key/k ;;
  *"get-key-policy"*) echo '{{"Version":"2012-10-17","Statement":[]}}' ;;
esac
"#
            ),
        )
        .expect("write stub");
        tools::run("chmod", &["+x", &stub.to_string_lossy()], b"");
    }
    bin
}

/// What `helm list --output json` prints for the configuration's release at `chart`.
fn helm_list(config: &registry_configurator::settings::Config, chart: &str) -> String {
    format!(
        r#"[{{"name":"{release}","namespace":"{namespace}","revision":"4","updated":"2025-01-01 00:00:00 +0000 UTC","status":"deployed","chart":"astronomer-{chart}","app_version":"{chart}"}}]"#,
        release = config.platform.release.as_str(),
        namespace = config.platform.namespace.as_str(),
    )
}

/// How a script run by [`run_script`] went.
struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
    /// The stand-ins' log.
    calls: String,
}

/// Runs the script by `shell` in `dir` with the stand-ins of [`write_stubs`],
/// the environment `env` on top of a cluster that holds the configuration's
/// release at its chart (what the script checks first).
fn run_script(
    dir: &std::path::Path,
    config: &registry_configurator::settings::Config,
    script: &str,
    shell: &str,
    args: &[&str],
    env: &[(&str, String)],
) -> Run {
    let bin = write_stubs(dir);
    // The script and the files it reads in a folder of their own, run from
    // another: it finds them beside itself.
    let files = dir.join("files");
    std::fs::create_dir_all(&files).expect("create the files' folder");
    for artifact in render(config) {
        std::fs::write(files.join(artifact.name), &artifact.text).expect("write a file");
    }
    let script_path = files.join("commands.sh");
    std::fs::write(&script_path, script).expect("write script");
    let log = dir.join("calls.log");
    let _ = std::fs::remove_file(&log);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut command = std::process::Command::new("timeout");
    // A script that waits for ever fails the test instead of hanging it.
    command
        .args(["120", shell])
        .arg(&script_path)
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("STUB_LOG", &log)
        .env("KUBE_CONTEXT", "platform-cluster")
        .env("HELM_NAMESPACE", config.platform.namespace.as_str())
        .env("HELM_LIST", helm_list(config, &config.platform.chart.to_string()));
    for (name, value) in env {
        command.env(name, value);
    }
    // The keys typed at the prompts of the Secret steps, from a file: a
    // script that stops first never reads them.
    let keys = dir.join("typed-keys");
    std::fs::write(&keys, "typed-key-1\ntyped-key-2\n").expect("write the keys");
    let output = command
        .stdin(std::fs::File::open(&keys).expect("open the keys"))
        .output()
        .expect("run the script");
    Run {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        calls: std::fs::read_to_string(&log).unwrap_or_default(),
    }
}

/// Runs the script by bash in `dir` with the stand-ins, on the cluster it is
/// for; returns (exit success, stderr, the log).
fn run_with_stubs(
    dir: &std::path::Path,
    config: &registry_configurator::settings::Config,
    script: &str,
    args: &[&str],
) -> (bool, String, String) {
    let run = run_script(dir, config, script, "bash", args, &[]);
    (run.ok, run.stderr, run.calls)
}

/// How many times `tool` is a command word in `command` (at the start, after
/// `|`, `;`, `&`, `(` or `$(`, or after `then`, `do`, `else` or `!`), not a
/// word of a message.
fn command_words(command: &str, tool: &str) -> usize {
    let word = format!("{tool} ");
    command
        .match_indices(&word)
        .filter(|(at, _)| {
            let before = command[..*at].trim_end();
            before.is_empty()
                || before.ends_with(['|', ';', '&', '(', '{'])
                || ["then", "do", "else", "!"]
                    .iter()
                    .any(|keyword| before == *keyword || before.ends_with(&format!(" {keyword}")))
        })
        .count()
}

#[test]
fn the_script_runs_only_with_the_full_platform_config() {
    tools::require("bash", &["--version"]);
    for case in cases::all() {
        let config = case.config();
        let artifacts = render(&config);
        let script = &artifact(&artifacts, "commands.sh").text;
        let dir = tools::temp_dir(&format!("run-{}", case.name));

        // The generated block alone, as "Download all" leaves it: nothing may run.
        let block = &artifact(&artifacts, "config.yaml").text;
        std::fs::write(dir.join("config.yaml"), block).expect("write block");
        let (ok, stderr, calls) = run_with_stubs(&dir, &config, script, &[]);
        assert!(!ok, "{}: the script ran with the block alone", case.name);
        assert!(
            stderr.contains("top-level global: with a baseDomain"),
            "{}: {stderr}",
            case.name
        );
        assert_eq!(calls, "", "{}: called tools before refusing", case.name);

        // A missing file: refused too.
        let (ok, stderr, calls) = run_with_stubs(&dir, &config, script, &["missing.yaml"]);
        assert!(
            !ok && stderr.contains("no file missing.yaml") && calls.is_empty(),
            "{}: {stderr}",
            case.name
        );

        // The block appended after an existing astronomer: key (a second one,
        // which would replace the first): refused.
        let appended = format!("global:\n  baseDomain: astro.example.com\nastronomer:\n  houston: {{}}\n{block}");
        std::fs::write(dir.join("appended.yaml"), appended).expect("write appended file");
        let (ok, stderr, calls) = run_with_stubs(&dir, &config, script, &["appended.yaml"]);
        assert!(
            !ok && stderr.contains("exactly one top-level astronomer:") && calls.is_empty(),
            "{}: {stderr}",
            case.name
        );

        // Accepted forms of the full file: flow-style global, a byte-order mark,
        // Windows line ends, and a name starting with a dash.
        let merged = block.replace("# ", "#");
        for (name, text) in [
            (
                "-dash.yaml",
                format!("global: {{baseDomain: astro.example.com}}\n{merged}"),
            ),
            (
                "bom.yaml",
                format!("\u{feff}global:\n  baseDomain: astro.example.com\n{merged}"),
            ),
            (
                "crlf.yaml",
                format!("global:\n  baseDomain: astro.example.com\n{merged}").replace('\n', "\r\n"),
            ),
        ] {
            std::fs::write(dir.join(name), text).expect("write variant");
            let (ok, stderr, _) = run_with_stubs(&dir, &config, script, &[name]);
            assert!(ok, "{}: {name} refused: {stderr}", case.name);
        }

        // The platform's full file, passed by path: helm gets exactly that file.
        let full = format!("global:\n  baseDomain: astro.example.com\n{merged}");
        std::fs::write(dir.join("platform values.yaml"), full).expect("write full file");
        let (ok, stderr, calls) = run_with_stubs(&dir, &config, script, &["platform values.yaml"]);
        assert!(ok, "{}: {stderr}", case.name);
        let helm = format!(
            "helm upgrade {} astronomer/astronomer -f platform values.yaml --version {} --namespace {}",
            config.platform.release.as_str(),
            config.platform.chart,
            config.platform.namespace.as_str()
        );
        let helm_calls: Vec<&str> = calls.lines().filter(|line| line.starts_with("helm ")).collect();
        assert_eq!(helm_calls.last(), Some(&helm.as_str()), "{}: {calls}", case.name);
        assert!(
            helm_calls.contains(&"helm repo update astronomer"),
            "{}: {calls}",
            case.name
        );
        // Each Secret the steps create is one `kubectl create | kubectl apply`;
        // the cloud CLIs run exactly where the steps run them.
        let steps = apply_steps(&config);
        let script_commands: Vec<&String> = steps
            .iter()
            .filter(|step| step.runner == Runner::Script)
            .flat_map(|step| &step.commands)
            .collect();
        // One kubectl call per kubectl command word (the stub ends the copy's
        // wait at once), and one for the kube context the script shows first.
        let expected_kubectl: usize = 1 + script_commands
            .iter()
            .map(|command| command_words(command, "kubectl"))
            .sum::<usize>();
        let kubectl_calls = calls.lines().filter(|line| line.starts_with("kubectl ")).count();
        assert_eq!(kubectl_calls, expected_kubectl, "{}: {calls}", case.name);
        for cli in ["aws ", "gcloud "] {
            // As a command word: `aws ...`, or inside `if aws ...; then`.
            let runs = script_commands
                .iter()
                .any(|command| command.split_whitespace().any(|word| word == cli.trim()));
            let called = calls.lines().any(|line| line.starts_with(cli));
            assert_eq!(called, runs, "{}: {cli}\n{calls}", case.name);
        }
    }
}

/// The Secret steps of the key-in-a-Secret modes, run by bash with the real
/// kubectl (`--dry-run=client` prints the Secret instead of applying it) and
/// the keys typed at the prompts: the Secret holds exactly the keys, no key
/// is on any command line, and the key files kubectl reads are mode 0600
/// while the script runs.
#[test]
fn secrets_from_prompts_hold_the_typed_keys_and_no_command_line_has_them() {
    tools::require("kubectl", &["version", "--client"]);
    let real_kubectl = std::path::PathBuf::from(
        tools::stdout_of(
            "command -v kubectl",
            tools::run("sh", &["-c", "command -v kubectl"], b""),
        )
        .trim(),
    );
    let cases = [
        (
            "s3-keys-secret-0.32.1",
            vec![
                ("accesskey", "AKIAI44QH8DHBEXAMPLE"),
                ("secretkey", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
            ],
        ),
        (
            "azure-key-secret-0.37.7",
            vec![("accountkey", "c2VjcmV0IGtleSB3aXRoIHNwYWNlcyAmIHF1b3RlcyAnIg==")],
        ),
    ];
    for (name, keys) in cases {
        let case = cases::all()
            .into_iter()
            .find(|case| case.name == name)
            .expect("the golden case");
        let steps = apply_steps(&case.config());
        let step = steps
            .iter()
            .find(|step| {
                step.commands
                    .iter()
                    .any(|command| command.contains("kubectl create secret"))
            })
            .expect("a Secret step");
        // The usual umask of a shell, whatever this test runs under: only the
        // step's own umask may protect the key files.
        let mut script = String::from("umask 022\nset -euo pipefail\n");
        for command in &step.commands {
            for (_, value) in &keys {
                assert!(!command.contains(value), "{name}: a key on a command line: {command}");
            }
            script.push_str(&command.replace("| kubectl apply -f -", "> secret.yaml"));
            script.push('\n');
        }
        let dir = tools::temp_dir(name);
        // A stand-in kubectl before the real one records the mode of each
        // key file it is given, while the script runs, then hands over.
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).expect("create bin");
        let stand_in = bin.join("kubectl");
        std::fs::write(
            &stand_in,
            format!(
                "#!/bin/sh
for arg in \"$@\"; do
  case \"$arg\" in
    --from-file=*) file=\"${{arg#--from-file=}}\"; file=\"${{file#*=}}\"; echo \"$(stat -c %a \"$file\") $file\" >> \"$MODES_LOG\" ;;
  esac
done
exec '{}' \"$@\"
",
                real_kubectl.display()
            ),
        )
        .expect("write the stand-in kubectl");
        tools::run("chmod", &["+x", &stand_in.to_string_lossy()], b"");
        let modes_log = dir.join("modes.log");
        let typed: String = keys.iter().map(|(_, value)| format!("{value}\n")).collect();
        let output = tools::run_command(
            std::process::Command::new("bash")
                .args(["-c", &script])
                .current_dir(&dir)
                .env(
                    "PATH",
                    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()),
                )
                .env("MODES_LOG", &modes_log),
            typed.as_bytes(),
        );
        tools::stdout_of(&format!("{name}: the Secret step"), output);
        let modes = std::fs::read_to_string(&modes_log).expect("the stand-in kubectl ran");
        assert_eq!(modes.lines().count(), keys.len(), "{name}: {modes}");
        for line in modes.lines() {
            assert!(
                line.starts_with("600 "),
                "{name}: a key file others can read while the script runs (mode, file): {line}"
            );
        }
        let manifest: Value =
            serde_yaml::from_str(&std::fs::read_to_string(dir.join("secret.yaml")).expect("secret.yaml"))
                .expect("kubectl printed YAML");
        assert_eq!(manifest["kind"], "Secret");
        assert_eq!(manifest["metadata"]["namespace"], "astronomer");
        for (key, value) in &keys {
            let encoded = manifest["data"][key]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no {key}"));
            let decoded = tools::run("base64", &["-d"], encoded.as_bytes());
            assert_eq!(tools::stdout_of("base64 -d", decoded), *value, "{name}: {key}");
        }
    }
}

/// verify.sh with stand-in kubectl and curl: a registry that answers and
/// logs nothing wrong passes; a storage error in its log, or an answer other
/// than 200/401, fails with the hint for it.
#[test]
fn verify_sh_tells_a_working_registry_from_a_broken_one() {
    tools::require("bash", &["-c", "true"]);
    let case = cases::all()
        .into_iter()
        .find(|case| case.name == "s3-irsa-0.36.1")
        .expect("the golden case");
    let script = artifact(&render(&case.config()), "verify.sh").text.clone();
    let dir = tools::temp_dir("verify");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin");
    let stubs = [
        (
            "kubectl",
            "#!/bin/sh\necho \"kubectl $*\" >> \"$STUB_LOG\"\ncase \"$1\" in\n  logs) cat \"$REGISTRY_LOG\" ;;\n  port-forward) sleep 5 ;;\nesac\n",
        ),
        ("curl", "#!/bin/sh\nprintf '%s' \"$HTTP_STATUS\"\n"),
    ];
    for (name, body) in stubs {
        let path = bin.join(name);
        std::fs::write(&path, body).expect("write stub");
        tools::run("chmod", &["+x", &path.to_string_lossy()], b"");
    }
    let script_path = dir.join("verify.sh");
    std::fs::write(&script_path, &script).expect("write verify.sh");
    let run = |status: &str, log: &str| {
        std::fs::write(dir.join("registry.log"), log).expect("write the log");
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
        let output = tools::run_command(
            std::process::Command::new("bash")
                .arg(&script_path)
                .current_dir(&dir)
                .env("PATH", path)
                .env("STUB_LOG", dir.join("calls.log"))
                .env("REGISTRY_LOG", dir.join("registry.log"))
                .env("HTTP_STATUS", status),
            b"",
        );
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, stderr) = run("401", "level=info msg=\"listening on [::]:5000\"\n");
    assert!(ok, "{stderr}");
    let calls = std::fs::read_to_string(dir.join("calls.log")).expect("calls");
    assert!(
        calls.contains("kubectl rollout status deployment/astronomer-registry --namespace astronomer --timeout=300s"),
        "{calls}"
    );
    let (ok, stderr) = run("503", "panic: invalid region provided: ap-southeast-5\n");
    assert!(!ok);
    assert!(
        stderr.contains("(s3-invalid-region)") && stderr.contains("answered /v2/ with 503"),
        "{stderr}"
    );
    let (ok, stderr) = run("200", "err.code=NoCredentialProviders\n");
    assert!(
        !ok && stderr.contains("No AWS credentials reached the registry"),
        "{stderr}"
    );
    // A stop no mode explains is listed, and fails.
    let (ok, stderr) = run("200", "panic: something new\n");
    assert!(
        !ok && stderr.contains("errors this script does not know") && stderr.contains("| panic: something new"),
        "{stderr}"
    );
}

#[test]
fn the_script_header_says_how_the_images_move() {
    use registry_configurator::state::{Action, Draft};
    use registry_configurator::validate::validate;
    let header = |from: &str| {
        let mut draft = Draft::default();
        draft.apply(Action::SetBackend(BackendKind::Gcs));
        for (field, value) in [
            (ChartVersion, "0.37.4"),
            (GcsBucket, "new-bucket"),
            (GcsKeyFile, "/tmp/key.json"),
            (MigrateFrom, from),
            (MigrateSource, "old-bucket"),
        ] {
            draft.apply(Action::SetField(field, value.into()));
        }
        let config = validate(&draft).config.expect("a valid draft");
        let script = artifact(&render(&config), "commands.sh").text.clone();
        script.lines().take(8).collect::<Vec<_>>().join("\n")
    };
    let volume = header("volume");
    assert!(
        volume.contains("copied to the new storage by Kubernetes Jobs"),
        "{volume}"
    );
    let store = header("store");
    assert!(store.contains("provider's own sync command"), "{store}");
    let nowhere = header("none");
    assert!(nowhere.contains("are not copied to the new storage"), "{nowhere}");
    assert!(!volume.contains("not copied") && !store.contains("not copied"));
}

/// The golden case named `name`.
fn case_named(name: &str) -> cases::Case {
    cases::all()
        .into_iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("no golden case {name}"))
}

/// commands.sh under bash and zsh, with stand-ins: it shows the kube context
/// and stops before any change with no context, in the wrong kube context
/// (its cluster has no such release), with the release in another
/// namespace, on a cluster helm cannot reach, or with the release at another
/// chart; it runs through on its cluster (for an upgrade, at the release
/// upgraded from too).
#[test]
fn the_script_stops_before_any_change_off_its_cluster_in_bash_and_zsh() {
    tools::require("zsh", &["-c", "true"]);
    tools::require("jq", &["--version"]);
    for name in [
        "s3-irsa-kms-0.37.7",
        "s3-upgrade-0.30.8-to-2.1.0",
        "azure-key-secret-0.37.7",
        "gcs-control-plane-2.1.0",
    ] {
        let config = case_named(name).config();
        let artifacts = render(&config);
        let script = &artifact(&artifacts, "commands.sh").text;
        let block = artifact(&artifacts, "config.yaml").text.replace("# ", "#");
        for shell in ["bash", "zsh"] {
            let dir = tools::temp_dir(&format!("cluster-{name}-{shell}"));
            std::fs::write(
                dir.join("platform.yaml"),
                format!("global:\n  baseDomain: astro.example.com\n{block}"),
            )
            .expect("write the platform file");
            let run = run_script(&dir, &config, script, shell, &["platform.yaml"], &[]);
            assert!(run.ok, "{name} {shell}: {}\n{}", run.stderr, run.calls);
            assert!(
                run.stdout.contains("kube context platform-cluster"),
                "{name} {shell}: {}",
                run.stdout
            );
            assert!(run.calls.contains("helm upgrade "), "{name} {shell}: {}", run.calls);
            let refusals = vec![
                (vec![("KUBE_CONTEXT", String::new())], "kubectl has no current context"),
                // The wrong kube context: its cluster has no such release.
                (
                    vec![("KUBE_CONTEXT", "other-cluster".to_owned())],
                    "no deployed release",
                ),
                // The right cluster, the release in another namespace.
                (vec![("HELM_NAMESPACE", "elsewhere".to_owned())], "no deployed release"),
                // A cluster helm cannot reach.
                (vec![("HELM_FAILS", "1".to_owned())], "helm list failed"),
                (vec![("HELM_LIST", helm_list(&config, "0.25.1"))], "these files are for"),
            ];
            if let Some(from) = config.platform.from {
                let run = run_script(
                    &dir,
                    &config,
                    script,
                    shell,
                    &["platform.yaml"],
                    &[("HELM_LIST", helm_list(&config, &from.to_string()))],
                );
                assert!(run.ok, "{name} {shell}: at the release upgraded from: {}", run.stderr);
            }
            for (env, says) in refusals {
                let run = run_script(&dir, &config, script, shell, &["platform.yaml"], &env);
                assert!(
                    !run.ok && run.stderr.contains(says),
                    "{name} {shell} {env:?}: {}",
                    run.stderr
                );
                assert!(run.stderr.contains("Nothing was changed."), "{}", run.stderr);
                for line in run.calls.lines() {
                    assert!(
                        line == "kubectl config current-context" || line.starts_with("helm list "),
                        "{name} {shell} {env:?}: a call before the check stopped it: {line}"
                    );
                }
            }
        }
    }
}

/// A copy Job that never completes: the wait shows its state and gives up
/// at `COPY_TIMEOUT`, naming `kubectl logs`; a failed Job fails the script
/// with the same pointer. Under bash and zsh.
#[test]
fn a_copy_wait_shows_progress_and_gives_up_at_its_deadline() {
    tools::require("zsh", &["-c", "true"]);
    let config = case_named("s3-irsa-kms-0.37.7").config();
    let artifacts = render(&config);
    let script = &artifact(&artifacts, "commands.sh").text;
    let block = artifact(&artifacts, "config.yaml").text.replace("# ", "#");
    for shell in ["bash", "zsh"] {
        let dir = tools::temp_dir(&format!("wait-{shell}"));
        std::fs::write(
            dir.join("platform.yaml"),
            format!("global:\n  baseDomain: astro.example.com\n{block}"),
        )
        .expect("write the platform file");
        let logs = "kubectl logs job/astronomer-registry-migrate-2 --namespace astronomer";
        let run = run_script(
            &dir,
            &config,
            script,
            shell,
            &["platform.yaml"],
            &[("JOB_STATE", String::new()), ("COPY_TIMEOUT", "1".to_owned())],
        );
        assert!(!run.ok, "{shell}: the wait ended without its Job");
        assert!(
            run.stdout
                .contains("job/astronomer-registry-migrate-2: running after 0s"),
            "{shell}: {}",
            run.stdout
        );
        assert!(
            run.stderr.contains("has not finished after")
                && run.stderr.contains("(COPY_TIMEOUT=1)")
                && run.stderr.contains(logs),
            "{shell}: {}",
            run.stderr
        );
        let run = run_script(
            &dir,
            &config,
            script,
            shell,
            &["platform.yaml"],
            &[("JOB_STATE", "Failed".to_owned())],
        );
        assert!(
            !run.ok && run.stderr.contains(&format!("Failed; see {logs}")),
            "{shell}: {}",
            run.stderr
        );
        assert!(!run.calls.contains("bash verify.sh"));
    }
}

/// Steps pasted into an interactive bash or zsh: the prompts read the keys,
/// the user's umask and EXIT trap are as before, the temporary key files are
/// gone, and a failing wait does not end the user's shell.
#[test]
fn pasted_steps_read_keys_in_bash_and_zsh_and_leave_the_shell_as_it_was() {
    tools::require("zsh", &["-c", "true"]);
    let config = case_named("s3-keys-secret-0.32.1").config();
    let steps = apply_steps(&config);
    let secret = steps
        .iter()
        .flat_map(|step| &step.commands)
        .find(|command| command.contains("kubectl create secret"))
        .expect("a Secret step");
    let copy = apply_steps(&case_named("s3-irsa-kms-0.37.7").config())
        .into_iter()
        .flat_map(|step| step.commands)
        .find(|command| command.contains("COPY_TIMEOUT"))
        .expect("a wait");
    for shell in ["bash", "zsh"] {
        let dir = tools::temp_dir(&format!("pasted-{shell}"));
        let bin = write_stubs(&dir);
        let session = format!(
            "umask 022; trap 'echo outer-trap' EXIT\n{secret}\necho \"after: $(umask) ${{secret_dir:-no secret_dir}}\"\n{copy}\necho \"after the wait: $?\"\n"
        );
        let keys = dir.join("typed-keys");
        std::fs::write(
            &keys,
            "AKIAI44QH8DHBEXAMPLE\nje7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n",
        )
        .expect("write keys");
        let output = std::process::Command::new(shell)
            .args(["-c", &session])
            .current_dir(&dir)
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()),
            )
            .env("STUB_LOG", dir.join("calls.log"))
            .env("JOB_STATE", "Failed")
            .stdin(std::fs::File::open(&keys).expect("open keys"))
            .output()
            .expect("run the shell");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let calls = std::fs::read_to_string(dir.join("calls.log")).unwrap_or_default();
        assert!(
            calls.contains("file AKIAI44QH8DHBEXAMPLE")
                && calls.contains("file je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
            "{shell}: the typed keys did not reach kubectl: {calls}\n{stderr}"
        );
        assert!(
            stdout.contains("after: 022 no secret_dir") || stdout.contains("after: 0022 no secret_dir"),
            "{shell}: the step changed the shell: {stdout}"
        );
        assert!(stdout.contains("after the wait: 1"), "{shell}: {stdout}\n{stderr}");
        assert!(
            stdout.trim_end().ends_with("outer-trap"),
            "{shell}: the user's EXIT trap: {stdout}"
        );
        assert!(
            !stdout.contains("AKIAI44QH8DHBEXAMPLE") && !stderr.contains("AKIAI44QH8DHBEXAMPLE"),
            "{shell}: a key echoed"
        );
    }
}
