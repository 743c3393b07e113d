//! The generated files on the real registry program: Debian's
//! `docker-registry` (distribution 2.8.2) starts on the registry config the
//! chart would write from every golden S3 and volume case, and with a local S3
//! endpoint (`moto_server`) a blob pushed through the registry's API is read
//! back and lies in the bucket under the configured root directory.

mod tools;

use registry_configurator::model::BackendKind;
use registry_configurator::render::{Artifact, render};
use registry_configurator::settings::FieldId::*;
use tools::cases;
use tools::registry::{copy_into_moto, copy_job, header, http, start_moto, start_registry};

/// The Secret the keys-secret goldens refer to, as `commands.sh` would
/// create it from the prompts.
const SECRETS: tools::registry::Secrets = &[
    ("astronomer-registry-s3", "accesskey", cases::ACCESS_KEY),
    ("astronomer-registry-s3", "secretkey", cases::SECRET_KEY),
];

fn config_yaml(artifacts: &[Artifact]) -> &str {
    &artifacts
        .iter()
        .find(|artifact| artifact.name == "config.yaml")
        .expect("a config.yaml")
        .text
}

/// The registry answers its API root once it runs: 200, or 401 where auth
/// is on (it is not in these tests).
fn assert_serves(server: &tools::registry::Server, what: &str) {
    let (status, _, _) = http("GET", &format!("http://127.0.0.1:{}/v2/", server.port), None, &[]);
    assert_eq!(status, 200, "{what}: GET /v2/ answered {status}\n{}", server.printed());
}

#[test]
fn every_golden_s3_and_volume_case_starts_the_registry() {
    let mut started = Vec::new();
    for case in cases::all() {
        if !matches!(case.backend, BackendKind::S3 | BackendKind::Volume) {
            continue;
        }
        let artifacts = render(&case.config());
        let server = start_registry(config_yaml(&artifacts), case.name, SECRETS);
        assert_serves(&server, case.name);
        let printed = server.printed();
        assert!(!printed.contains("panic"), "{}: {printed}", case.name);
        started.push(case.name);
    }
    assert!(
        started.contains(&"s3-static-keys") && started.contains(&"volume-default"),
        "{started:?}"
    );
}

/// The hex SHA-256 of `bytes`, by `sha256sum`.
fn sha256(bytes: &[u8]) -> String {
    let output = tools::run("sha256sum", &[], bytes);
    tools::stdout_of("sha256sum", output)
        .split_whitespace()
        .next()
        .expect("a digest")
        .to_owned()
}

/// Pushes one blob to the registry and reads it back; returns its digest.
fn push_and_pull(registry: &tools::registry::Server, blob: &[u8]) -> String {
    let base = format!("http://127.0.0.1:{}", registry.port);
    let (status, _, headers) = http("POST", &format!("{base}/v2/test/images/blobs/uploads/"), None, &[]);
    assert_eq!(status, 202, "start an upload: {headers}\n{}", registry.printed());
    let location = header(&headers, "Location").expect("an upload location");
    let location = if location.starts_with('/') {
        format!("{base}{location}")
    } else {
        location.to_owned()
    };
    let digest = format!("sha256:{}", sha256(blob));
    let separator = if location.contains('?') { '&' } else { '?' };
    let (status, _, headers) = http(
        "PUT",
        &format!("{location}{separator}digest={digest}"),
        Some(blob),
        &["Content-Type: application/octet-stream"],
    );
    assert_eq!(status, 201, "finish the upload: {headers}\n{}", registry.printed());
    let (status, body, headers) = http("GET", &format!("{base}/v2/test/images/blobs/{digest}"), None, &[]);
    assert_eq!(status, 200, "read the blob back: {headers}\n{}", registry.printed());
    assert_eq!(body, blob, "the blob read back differs");
    digest
}

#[test]
fn a_blob_pushed_through_the_registry_lands_in_the_bucket_under_the_root_directory() {
    let moto = start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let (status, _, _) = http("PUT", &format!("{endpoint}/registry-images"), None, &[]);
    assert_eq!(status, 200, "create the bucket\n{}", moto.printed());
    // Registry 2.x (0.36.1) and 3.x (2.1.0) settings: the 3.x ones add
    // REGISTRY_STORAGE_S3_FORCEPATHSTYLE through extraEnv.
    for (chart, root) in [("0.36.1", "/registry-0-36"), ("2.1.0", "/nested/registry-2-1")] {
        let config = tools::config(
            BackendKind::S3,
            &[
                (ChartVersion, chart),
                (S3Bucket, "registry-images"),
                (S3Region, "us-east-1"),
                (S3AccessKey, "registry-user"),
                (S3SecretKey, "registry-user-secret"),
                (S3RootDirectory, root),
                (S3RegionEndpoint, &endpoint),
            ],
        );
        // 127.0.0.1 is reachable only here: redirects are disabled, so the
        // registry serves the blob itself.
        assert!(config.redirect_disable, "{chart}");
        let artifacts = render(&config);
        let registry = start_registry(config_yaml(&artifacts), &format!("moto-{chart}"), &[]);
        let blob = format!("a layer pushed on chart {chart}").into_bytes();
        let digest = push_and_pull(&registry, &blob);
        let hex = digest.trim_start_matches("sha256:");
        let (status, listing, _) = http("GET", &format!("{endpoint}/registry-images?list-type=2"), None, &[]);
        assert_eq!(status, 200);
        let listing = String::from_utf8_lossy(&listing);
        let key = format!(
            "{}/docker/registry/v2/blobs/sha256/{}/{hex}/data",
            root.trim_start_matches('/'),
            &hex[..2]
        );
        assert!(listing.contains(&key), "{chart}: no {key} in the bucket:\n{listing}");
    }
}

#[test]
fn the_registry_refuses_what_the_form_refuses() {
    // The rule the form applies to regions, seen on the real program: a region
    // missing from its SDK's table stops it at start, and the regional
    // endpoint the form suggests makes it start. Debian's build has
    // aws-sdk-go 1.44.133, which has no ap-southeast-5.
    tools::require("docker-registry", &["--version"]);
    let dir = tools::temp_dir("refuses");
    let config = dir.join("config.yml");
    let port = tools::registry::free_port();
    std::fs::write(
        &config,
        format!(
            "version: 0.1\nstorage:\n  s3:\n    region: ap-southeast-5\n    bucket: b\n    regionendpoint:\nhttp:\n  addr: 127.0.0.1:{port}\n"
        ),
    )
    .expect("write config.yml");
    let refused = tools::registry::registry_serve(&config, &dir)
        .output()
        .expect("run docker-registry");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("invalid region provided"), "{stderr}");
    let case = cases::all()
        .into_iter()
        .find(|case| case.name == "s3-region-newer-than-the-registry")
        .expect("the golden case of a newer region");
    let server = start_registry(config_yaml(&render(&case.config())), "newer-region", &[]);
    assert_serves(&server, case.name);
}

#[test]
fn keys_in_a_secret_reach_the_registry_through_extra_env_and_only_so() {
    let moto = start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let (status, _, _) = http("PUT", &format!("{endpoint}/secret-keys"), None, &[]);
    assert_eq!(status, 200, "create the bucket\n{}", moto.printed());
    let config = tools::config(
        BackendKind::S3,
        &[
            (ChartVersion, "0.37.7"),
            (S3Bucket, "secret-keys"),
            (S3Region, "us-east-1"),
            (S3Credentials, "keys-secret"),
            (S3SecretName, "registry-store-keys"),
            (S3RegionEndpoint, &endpoint),
        ],
    );
    let yaml = render(&config)
        .into_iter()
        .find(|artifact| artifact.name == "config.yaml")
        .expect("a config.yaml")
        .text;
    assert!(!yaml.contains("store-user-secret"));
    // With the Secret the registry signs its requests and the push works.
    let secrets: tools::registry::Secrets = &[
        ("registry-store-keys", "accesskey", "store-user"),
        ("registry-store-keys", "secretkey", "store-user-secret"),
    ];
    let registry = start_registry(&yaml, "keys-secret", secrets);
    push_and_pull(&registry, b"a layer pushed with keys from a Secret");
    drop(registry);
    // Without it the same config has no credentials at all: the push fails,
    // so the keys above came from the environment the Secret fills.
    let without = yaml
        .replace("REGISTRY_STORAGE_S3_ACCESSKEY", "UNUSED_A")
        .replace("REGISTRY_STORAGE_S3_SECRETKEY", "UNUSED_B");
    let registry = start_registry(&without, "no-keys", secrets);
    let base = format!("http://127.0.0.1:{}", registry.port);
    let blob = b"a layer nobody can store";
    let (status, _, headers) = http("POST", &format!("{base}/v2/test/images/blobs/uploads/"), None, &[]);
    let stored = status == 202 && {
        let location = header(&headers, "Location").expect("an upload location").to_owned();
        let location = if location.starts_with('/') {
            format!("{base}{location}")
        } else {
            location
        };
        let separator = if location.contains('?') { '&' } else { '?' };
        let digest = format!("sha256:{}", sha256(blob));
        http("PUT", &format!("{location}{separator}digest={digest}"), Some(blob), &[]).0 == 201
    };
    assert!(
        !stored,
        "a registry without keys stored a blob: the test proves nothing\n{}",
        registry.printed()
    );
}

#[test]
fn images_on_the_volume_move_to_the_bucket_with_the_generated_copy() {
    // The registry on its volume (the filesystem driver) receives a blob.
    let volume = cases::all()
        .into_iter()
        .find(|case| case.name == "volume-default")
        .expect("the volume case");
    let old = start_registry(config_yaml(&render(&volume.config())), "before-the-move", &[]);
    let blob = b"a layer pushed before the move to S3";
    let digest = push_and_pull(&old, blob);
    let data = old.data.clone();
    drop(old);

    // The new storage: a bucket in moto, keys inline, a root directory.
    let (_moto, _endpoint, config) = copy_into_moto();
    let artifacts = render(&config);

    // The Job's own script, run here with the AWS CLI in place of its
    // container: the claim's mount is the old registry's data folder, and
    // the Secret the steps create holds the keys.
    let mut command = copy_job(&config, &data, None);
    let output = command.output().expect("run the copy");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the copy failed:\n{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(printed.contains("files on the volume: "), "{printed}");

    // The registry on the new settings serves the blob pushed before.
    let new = start_registry(config_yaml(&artifacts), "after-the-move", &[]);
    let (status, body, _) = http(
        "GET",
        &format!("http://127.0.0.1:{}/v2/test/images/blobs/{digest}", new.port),
        None,
        &[],
    );
    assert_eq!(status, 200, "{}", new.printed());
    assert_eq!(body, blob);
}
