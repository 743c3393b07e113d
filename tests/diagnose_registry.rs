//! The registry's own words: Debian's `docker-registry` (distribution 2.8.2,
//! the program of chart 0.30.8) made to fail as it fails in clusters (an
//! unknown region, no region, v4auth off against AWS, a driver it was built
//! without, no credentials, an unreachable endpoint, a missing bucket, an
//! access key the store does not know, a secret key that does not match),
//! against `moto_server` where a store is needed, in both of its log formats;
//! its real output goes through the diagnosis, which names the mode.

mod tools;

use std::process::Command;

use registry_configurator::diagnose;
use registry_configurator::model::BackendKind;
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};
use tools::registry::{free_port, http, serve, start_moto};

/// The registry's `config.yml` with this storage block and log format.
fn config(storage: &str, formatter: &str, port: u16) -> String {
    format!(
        "version: 0.1\nlog:\n  level: info\n  formatter: {formatter}\nstorage:\n  cache:\n    blobdescriptor: inmemory\n{storage}http:\n  addr: 127.0.0.1:{port}\n  secret: test-secret\n"
    )
}

fn registry_command(config: &str, name: &str) -> Command {
    tools::require("docker-registry", &["--version"]);
    let dir = tools::temp_dir(name);
    let path = dir.join("config.yml");
    std::fs::write(&path, config).expect("write config.yml");
    tools::registry::registry_serve(&path, &dir)
}

/// What the registry printed when it stopped at start.
fn stopped(storage: &str, formatter: &str) -> String {
    let config = config(storage, formatter, free_port());
    let output = registry_command(&config, "words-start")
        .output()
        .expect("run docker-registry");
    assert!(!output.status.success(), "the registry started on\n{config}");
    String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout)
}

/// What the registry logged for a push it could not store.
fn failed_push(storage: &str, formatter: &str) -> String {
    let port = free_port();
    let config = config(storage, formatter, port);
    let registry = serve(registry_command(&config, "words-push"), port, "docker-registry");
    let (status, _, _) = http(
        "POST",
        &format!("http://127.0.0.1:{port}/v2/app/blobs/uploads/"),
        None,
        &[],
    );
    assert!(status >= 500, "the upload started ({status}) on\n{config}");
    // The log line is written as the response completes.
    std::thread::sleep(std::time::Duration::from_millis(300));
    registry.printed()
}

/// The draft of chart 0.30.8 on S3 in `region`.
fn s3_draft(region: &str) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(BackendKind::S3));
    for (field, value) in [
        (FieldId::ChartVersion, "0.30.8"),
        (FieldId::S3Region, region),
        (FieldId::S3Bucket, "images"),
    ] {
        draft.apply(Action::SetField(field, value.to_owned()));
    }
    draft
}

/// The modes the diagnosis finds in `log`, most likely first.
fn modes(log: &str, draft: &Draft) -> Vec<String> {
    diagnose::diagnose(log, draft)
        .expect("read")
        .diagnoses
        .into_iter()
        .map(|diagnosis| diagnosis.mode)
        .collect()
}

fn check(what: &str, log: &str, draft: &Draft, mode: &str) {
    let found = modes(log, draft);
    assert_eq!(
        found.first().map(String::as_str),
        Some(mode),
        "{what}: found {found:?} in\n{log}"
    );
}

#[test]
fn what_the_registry_prints_at_start_is_diagnosed() {
    for formatter in ["text", "json"] {
        let log = stopped("  s3:\n    region: ap-southeast-5\n    bucket: images\n", formatter);
        check(
            "an unknown region",
            &log,
            &s3_draft("ap-southeast-5"),
            "s3-invalid-region",
        );
        let log = stopped("  s3:\n    region:\n    bucket: images\n", formatter);
        check("no region", &log, &s3_draft(""), "s3-no-region");
        let log = stopped(
            "  s3:\n    region: us-east-1\n    bucket: images\n    v4auth: false\n",
            formatter,
        );
        check("v4auth off", &log, &s3_draft("us-east-1"), "s3-v4auth");
        let log = stopped("  gcs:\n    bucket: images\n", formatter);
        check("no GCS driver", &log, &s3_draft("us-east-1"), "gcs-not-built-in");
    }
}

#[test]
fn what_the_registry_logs_for_a_failed_push_is_diagnosed() {
    let moto = start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let draft = s3_draft("us-east-1");
    let store = |extra: &str| {
        format!(
            "  s3:\n    region: us-east-1\n    bucket: images\n    regionendpoint: {endpoint}\n{extra}  redirect:\n    disable: true\n"
        )
    };
    for formatter in ["text", "json"] {
        // No keys, no metadata service: nothing signs the request.
        let log = failed_push(&store(""), formatter);
        check("no credentials", &log, &draft, "s3-no-credentials");
        // Keys, but the bucket was never made.
        let keys = "    accesskey: AKIAIOSFODNN7EXAMPLE\n    secretkey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
        let log = failed_push(&store(keys), formatter);
        check("no bucket", &log, &draft, "s3-no-such-bucket");
        // Nothing listens at the endpoint.
        let closed = format!(
            "  s3:\n    region: us-east-1\n    bucket: images\n    regionendpoint: http://127.0.0.1:{}\n{keys}  redirect:\n    disable: true\n",
            free_port()
        );
        let log = failed_push(&closed, formatter);
        check("an unreachable endpoint", &log, &draft, "s3-unreachable");
    }
}

/// `moto_server` checking signatures (after `free_actions` unsigned ones),
/// and its endpoint.
fn moto_with_auth(free_actions: u32) -> (tools::registry::Server, String) {
    let free_actions = free_actions.to_string();
    let server = tools::registry::start_moto_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", &free_actions)]);
    let endpoint = format!("http://127.0.0.1:{}", server.port);
    (server, endpoint)
}

/// The AWS CLI of the tools folder against `endpoint`, as `key`.
fn aws(endpoint: &str, key: (&str, &str), args: &[&str]) -> String {
    let output = tools::aws_cli("aws", key)
        .args(["--endpoint-url", endpoint, "--region", "us-east-1", "--output", "text"])
        .args(args)
        .output()
        .expect("run aws");
    assert!(
        output.status.success(),
        "aws {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_key_the_store_does_not_know_or_a_wrong_secret_is_diagnosed() {
    // Three unsigned actions make a user, its key and the bucket; from then
    // on moto checks every request's signature, as S3 does.
    let (_moto, endpoint) = moto_with_auth(3);
    let anyone = ("AKIAIOSFODNN7EXAMPLE", "anything");
    aws(&endpoint, anyone, &["iam", "create-user", "--user-name", "registry"]);
    let key = aws(
        &endpoint,
        anyone,
        &["iam", "create-access-key", "--user-name", "registry"],
    );
    let fields: Vec<&str> = key.split_whitespace().collect();
    let access = fields
        .iter()
        .find(|field| field.starts_with("AKIA"))
        .expect("an access key id");
    aws(&endpoint, anyone, &["s3api", "create-bucket", "--bucket", "images"]);
    let draft = s3_draft("us-east-1");
    let store = |access: &str, secret: &str| {
        format!(
            "  s3:\n    region: us-east-1\n    bucket: images\n    regionendpoint: {endpoint}\n    accesskey: {access}\n    secretkey: {secret}\n  redirect:\n    disable: true\n"
        )
    };
    for formatter in ["text", "json"] {
        let log = failed_push(
            &store("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
            formatter,
        );
        check("an unknown access key", &log, &draft, "s3-unknown-key");
        let log = failed_push(&store(access, "not-the-secret-of-this-key"), formatter);
        check("a wrong secret key", &log, &draft, "s3-signature");
    }
}
