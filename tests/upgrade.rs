//! Upgrades: the report lists exactly the changes between the two releases
//! that concern the registry, the steps record the images before and
//! verify.sh finds every one after (run for real against moto for S3), and a
//! release newer than the page is followed.

mod tools;

use registry_configurator::model::{BackendKind, ChartVersion};
use registry_configurator::render::{inventory, steps::apply_steps, upgrade};
use registry_configurator::settings::FieldId::{self, *};
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::validate;
use tools::cases::{ACCESS_KEY, AZURE_KEY, GCP_ACCOUNT, SECRET_KEY};
use tools::registry::{http, start_moto};

fn v(text: &str) -> ChartVersion {
    ChartVersion::parse(text).expect("a release")
}

/// The config for an upgrade `from` -> `to` with `fields`.
fn upgrade_config(
    backend: BackendKind,
    from: &str,
    to: &str,
    fields: &[(FieldId, &str)],
) -> registry_configurator::settings::Config {
    let mut all = vec![(ChartVersion, to), (UpgradeFrom, from), (MigrateFrom, "none")];
    all.extend_from_slice(fields);
    tools::config(backend, &all)
}

const S3_KEYS: &[(FieldId, &str)] = &[
    (S3Bucket, "my-s3-bucket"),
    (S3Region, "us-east-1"),
    (S3AccessKey, ACCESS_KEY),
    (S3SecretKey, SECRET_KEY),
];
const AZURE: &[(FieldId, &str)] = &[
    (AzureAccountName, "mystorageaccount"),
    (AzureAccountKey, AZURE_KEY),
    (AzureContainer, "images"),
];
const GCS_KEY: &[(FieldId, &str)] = &[(GcsBucket, "my-gcs-bucket"), (GcsKeyFile, "/path/to/key.json")];

/// Each change as "what @ at".
fn report(backend: BackendKind, from: &str, to: &str, fields: &[(FieldId, &str)]) -> Vec<String> {
    upgrade::report(&upgrade_config(backend, from, to, fields))
        .into_iter()
        .map(|change| format!("{} @ {}", change.what, change.at))
        .collect()
}

/// backend, from, to, fields, the report expected.
type Case = (
    BackendKind,
    &'static str,
    &'static str,
    &'static [(FieldId, &'static str)],
    &'static [&'static str],
);

#[test]
fn each_pair_of_registry_generations_reports_exactly_its_changes() {
    let cases: &[Case] = &[
        // Fork 2.x -> 3.0.0 on Azure: the names, the credentials type, the 409.
        (
            BackendKind::Azure,
            "0.37.0",
            "0.37.1",
            AZURE,
            &[
                "The registry program: Astronomer's registry 2.x becomes registry 3.0.0 @ 0.37.1",
                "Azure needs a credentials type @ 0.37.1",
                "Rewriting a blob that 2.x wrote fails @ 0.37.1",
                "EKS Pod Identity becomes possible @ 0.37.1",
            ],
        ),
        // The same line on S3: only the program and Pod Identity.
        (
            BackendKind::S3,
            "0.37.0",
            "0.37.1",
            S3_KEYS,
            &[
                "The registry program: Astronomer's registry 2.x becomes registry 3.0.0 @ 0.37.1",
                "EKS Pod Identity becomes possible @ 0.37.1",
            ],
        ),
        // An S3-compatible store on 3.x: path style.
        (
            BackendKind::S3,
            "0.37.0",
            "0.37.7",
            &[
                (S3Bucket, "registry"),
                (S3Region, "us-east-1"),
                (S3RegionEndpoint, "https://minio.example.com"),
                (S3AccessKey, "minioadmin"),
                (S3SecretKey, "minioadmin-secret"),
            ],
            &[
                "The registry program: Astronomer's registry 2.x becomes registry 3.0.0 @ 0.37.1",
                "Path-style requests to an S3-compatible store @ 0.37.1",
                "EKS Pod Identity becomes possible @ 0.37.1",
            ],
        ),
        // GCS Workload Identity on 3.x: Token Creator.
        (
            BackendKind::Gcs,
            "0.36.1",
            "2.1.0",
            &[
                (GcsBucket, "my-gcs-bucket"),
                (GcsCredentials, "workload-identity"),
                (GcsServiceAccount, GCP_ACCOUNT),
            ],
            &[
                "The registry program: Astronomer's registry 2.x becomes registry 3.1.1 @ 0.37.1",
                "Signed redirects under Workload Identity @ 0.37.1",
                "EKS Pod Identity becomes possible @ 0.37.1",
                "Plane modes: the registry runs only in a data plane or a unified install @ 1.0.0",
            ],
        ),
        // A region the fork's SDK lacks and 3.x knows.
        (
            BackendKind::S3,
            "0.37.0",
            "0.37.1",
            &[
                (S3Bucket, "my-s3-bucket"),
                (S3Region, "ca-west-1"),
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
            ],
            &[
                "The registry program: Astronomer's registry 2.x becomes registry 3.0.0 @ 0.37.1",
                "The AWS region ca-west-1 becomes known to the registry @ 0.37.1",
                "EKS Pod Identity becomes possible @ 0.37.1",
            ],
        ),
        // Fork 2.x -> upstream 2.8.2 (0.30.7 -> 0.30.8): IRSA goes, the
        // ServiceAccount values and extraEnv come (0.30.8 has the backports).
        (
            BackendKind::Gcs,
            "0.30.7",
            "0.30.8",
            GCS_KEY,
            &[
                "The registry program: Astronomer's registry 2.x becomes registry 2.8.2 @ 0.30.8",
                "`extraEnv` is now read by the chart @ 0.30.8",
                "`serviceAccount` is now read by the chart @ 0.30.8",
                "IRSA becomes impossible @ 0.30.8",
            ],
        ),
        // 2.8.2 -> the fork (0.30.8 -> 0.31.0): values lost, IRSA back.
        (
            BackendKind::Gcs,
            "0.30.8",
            "0.31.0",
            GCS_KEY,
            &[
                "The registry program: registry 2.8.2 becomes Astronomer's registry 2.x @ 0.31.0",
                "`extraEnv` is no longer read by the chart @ 0.31.0",
                "`serviceAccount` is no longer read by the chart @ 0.31.0",
                "IRSA becomes possible @ 0.31.0",
            ],
        ),
        // extraEnv comes back at 0.32.1, the ServiceAccount at 0.32.3.
        (
            BackendKind::Gcs,
            "0.31.0",
            "0.32.3",
            GCS_KEY,
            &[
                "`extraEnv` is now read by the chart @ 0.32.1",
                "`serviceAccount` is now read by the chart @ 0.32.3",
            ],
        ),
        // 3.0.0 -> 3.1.1: nothing for the storage but the program.
        (
            BackendKind::S3,
            "2.0.0",
            "2.1.0",
            S3_KEYS,
            &["The registry program: registry 3.0.0 becomes registry 3.1.1 @ 2.0.1"],
        ),
        // Within one program: nothing at all.
        (BackendKind::S3, "0.37.4", "0.37.7", S3_KEYS, &[]),
        (
            BackendKind::Volume,
            "1.0.0",
            "1.2.0",
            &[],
            &["The registry program: registry 3.0.0 becomes registry 3.1.1 @ 1.1.3"],
        ),
        // Newer than the page: said, and nothing else is claimed.
        (
            BackendKind::S3,
            "2.1.0",
            "2.1.9",
            S3_KEYS,
            &["2.1.9 is newer than this page @ 2.1.9"],
        ),
    ];
    for (backend, from, to, fields, expected) in cases {
        assert_eq!(
            &report(*backend, from, to, fields),
            expected,
            "{backend:?} {from} -> {to}"
        );
    }
}

#[test]
fn the_report_is_empty_when_both_releases_are_the_same() {
    let backends: [(BackendKind, &[(FieldId, &str)]); 4] = [
        (BackendKind::S3, S3_KEYS),
        (BackendKind::Azure, AZURE),
        (BackendKind::Gcs, GCS_KEY),
        (BackendKind::Volume, &[]),
    ];
    for version in ChartVersion::all() {
        for (backend, fields) in &backends {
            let mut draft = Draft::default();
            draft.apply(Action::SetBackend(*backend));
            draft.apply(Action::SetField(ChartVersion, version.to_string()));
            for (field, value) in *fields {
                draft.apply(Action::SetField(*field, (*value).to_owned()));
            }
            // Some modes do not exist on every release: only a valid config counts.
            let Some(config) = validate(&draft).config else {
                continue;
            };
            assert_eq!(
                upgrade::changes(version, version, &config),
                Vec::new(),
                "{version} {backend:?}"
            );
            assert!(upgrade::report(&config).is_empty());
        }
    }
}

#[test]
fn the_release_you_run_now_must_be_older_than_the_chart_version() {
    let issues = |from: &str, to: &str| {
        let mut draft = Draft::default();
        draft.apply(Action::SetBackend(BackendKind::Volume));
        draft.apply(Action::SetField(ChartVersion, to.into()));
        draft.apply(Action::SetField(UpgradeFrom, from.into()));
        let validation = validate(&draft);
        let messages: Vec<String> = validation
            .for_field(UpgradeFrom)
            .map(|issue| format!("{:?}: {}", issue.severity, issue.message))
            .collect();
        (validation.config.map(|config| config.platform.from), messages)
    };
    let (from, messages) = issues("0.37.0", "0.37.1");
    assert_eq!(from, Some(Some(v("0.37.0"))));
    assert!(messages.is_empty(), "{messages:?}");
    let (from, messages) = issues("1.0.0", "0.37.1");
    assert_eq!(from, None, "a downgrade gives no files");
    assert!(
        messages[0].starts_with("Error: 1.0.0 is newer than the chart version 0.37.1"),
        "{messages:?}"
    );
    let (from, messages) = issues("0.37.1", "0.37.1");
    assert_eq!(from, Some(None), "the same release is not an upgrade");
    assert!(
        messages[0].starts_with("Warning: 0.37.1 is the chart version itself"),
        "{messages:?}"
    );
    let (from, messages) = issues("0.36.9", "0.37.1");
    assert_eq!(from, None);
    assert!(messages[0].contains("not a published release"), "{messages:?}");
    let (from, _) = issues("", "0.37.1");
    assert_eq!(from, Some(None), "empty: not upgrading");
}

#[test]
fn a_release_newer_than_the_page_is_followed_said_and_pinned_as_typed() {
    let config = tools::config(
        BackendKind::S3,
        &[(ChartVersion, "2.1.9"), (MigrateFrom, "none")]
            .iter()
            .chain(S3_KEYS)
            .copied()
            .collect::<Vec<_>>(),
    );
    assert_eq!(config.platform.chart.to_string(), "2.1.9");
    assert_eq!(config.platform.chart.follows(), Some(v("2.1.0")));
    let upgrade = apply_steps(&config)
        .into_iter()
        .flat_map(|step| step.commands)
        .find(|command| command.starts_with("helm upgrade "))
        .expect("the upgrade");
    assert!(upgrade.contains("--version 2.1.9 "), "{upgrade}");
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(BackendKind::Volume));
    draft.apply(Action::SetField(ChartVersion, "2.1.9".into()));
    let warning: Vec<_> = validate(&draft)
        .for_field(ChartVersion)
        .map(|issue| issue.message.clone())
        .collect();
    assert_eq!(warning.len(), 1);
    assert!(
        warning[0].starts_with("2.1.9 is newer than this page knows: the files follow 2.1.0"),
        "{warning:?}"
    );
}

/// The record step and verify.sh's check, run by bash with the real AWS CLI
/// against moto: the recorded tags are the bucket's, verify finds them all,
/// then names the one that is gone.
#[test]
fn the_images_recorded_before_the_upgrade_are_checked_after_it_against_a_real_s3_api() {
    let moto = start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let bucket = "my-s3-bucket";
    let (status, _, _) = http("PUT", &format!("{endpoint}/{bucket}"), None, &[]);
    assert_eq!(status, 200);
    let root = "docker/registry/v2/repositories";
    let links = [
        format!("{root}/astro/airflow/_manifests/tags/1.0.0/current/link"),
        format!("{root}/astro/airflow/_manifests/tags/1.1.0/current/link"),
        format!("{root}/deployment-x/airflow/_manifests/tags/deploy-1/current/link"),
        // Not a tag link: an index entry and a revision.
        format!("{root}/astro/airflow/_manifests/tags/1.0.0/index/sha256/abc/link"),
        format!("{root}/astro/airflow/_manifests/revisions/sha256/abc/link"),
    ];
    for key in &links {
        let (status, _, _) = http("PUT", &format!("{endpoint}/{bucket}/{key}"), Some(b"sha256:abc"), &[]);
        assert_eq!(status, 200, "{key}");
    }
    let config = upgrade_config(BackendKind::S3, "0.37.0", "0.37.1", S3_KEYS);
    assert!(inventory::checked(&config));
    let record = apply_steps(&config)
        .into_iter()
        .find(|step| step.text.starts_with("Record what the registry holds"))
        .expect("the record step")
        .commands
        .remove(0);
    let dir = tools::temp_dir("upgrade-inventory");
    let bash = |script: &str| {
        let mut command = tools::aws_cli("bash", ("testing", "testing"));
        command
            .arg("-c")
            .arg(format!("set -euo pipefail\n{script}"))
            .current_dir(&dir)
            .env("AWS_ENDPOINT_URL", &endpoint);
        tools::run_command(&mut command, b"")
    };
    // As commands.sh runs it: `here` is the folder of the files.
    let out = bash(&format!("here=\"$PWD\"\n{record}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recorded = std::fs::read_to_string(dir.join(inventory::FILE)).expect("the inventory");
    assert_eq!(
        recorded,
        "astro/airflow:1.0.0\nastro/airflow:1.1.0\ndeployment-x/airflow:deploy-1\n"
    );

    let check = format!(
        "problems=0\n{}\necho \"problems=$problems\"\n",
        inventory::check(&config).expect("the check")
    );
    let out = bash(&check);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("Every tag recorded before the upgrade (3) is still there."),
        "{stdout}"
    );
    assert!(stdout.ends_with("problems=0\n"), "{stdout}");

    // One tag gone (as a registry that reads other names would see it).
    let out = bash(&format!("aws s3 rm s3://{bucket}/{}", links[1]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = bash(&check);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stdout.ends_with("problems=1\n"), "{stdout}");
    assert!(
        stderr.contains("1 tags recorded before the upgrade are gone") && stderr.contains("  astro/airflow:1.1.0\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("1.0.0"), "{stderr}");

    // No inventory: said, not failed.
    std::fs::remove_file(dir.join(inventory::FILE)).unwrap();
    let out = bash(&check);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("the images were not compared") && stdout.ends_with("problems=0\n"),
        "{stdout}"
    );
}

/// Azure across the 2.x / 3.x line: the names are copied before the pinned
/// upgrade, removed only after verify, copied back before going back; the
/// Jobs are among the files. Within one generation: none of it.
#[test]
fn azure_across_the_naming_line_copies_the_names_around_the_upgrade_in_order() {
    let position = |texts: &[String], start: &str| texts.iter().position(|text| text.starts_with(start));
    let config = upgrade_config(BackendKind::Azure, "0.37.0", "0.37.1", AZURE);
    let steps = apply_steps(&config);
    let texts: Vec<String> = steps.iter().map(|step| step.text.clone()).collect();
    let record = position(&texts, "Record what the registry holds").expect("record");
    let rename = position(&texts, "Copy every blob of the container").expect("rename");
    let upgrade = position(&texts, "Apply the change").expect("upgrade");
    let verify = position(&texts, "Once the upgrade is done").expect("verify");
    let clean = position(&texts, "Only once verify.sh passes").expect("clean-up");
    let back = position(&texts, "If you go back to the old release").expect("go back");
    assert!(
        record < rename && rename < upgrade && upgrade < verify && verify < clean && clean < back,
        "{texts:#?}"
    );
    assert!(
        steps[rename]
            .commands
            .iter()
            .any(|command| command == "kubectl apply -f \"$here/azure-rename-upgrade.yaml\"")
    );
    // The key is inline in config.yaml: the Jobs get it from the copy's Secret, made first.
    let secret =
        position(&texts, "The copy runs in the cluster and cannot read config.yaml").expect("the copy's Secret");
    assert!(secret < rename);
    let names: Vec<&str> = registry_configurator::render::render(&config)
        .iter()
        .map(|artifact| artifact.name)
        .collect();
    for file in [
        "azure-rename-upgrade.yaml",
        "azure-rename-clean-up.yaml",
        "azure-rename-go-back.yaml",
    ] {
        assert!(names.contains(&file), "{names:?}");
    }

    for (from, to) in [("0.37.1", "2.1.0"), ("0.30.8", "0.37.0")] {
        let config = upgrade_config(BackendKind::Azure, from, to, AZURE);
        assert!(!upgrade::renames_azure_blobs(&config), "{from} -> {to}");
        let texts: Vec<String> = apply_steps(&config).into_iter().map(|step| step.text).collect();
        assert_eq!(
            position(&texts, "Copy every blob of the container"),
            None,
            "{from} -> {to}"
        );
        assert!(
            position(&texts, "Record what the registry holds").is_some(),
            "{from} -> {to}"
        );
    }
    // Moving off the volume at the same time: the volume copy writes the new names.
    let mut fields = vec![
        (ChartVersion, "0.37.1"),
        (UpgradeFrom, "0.36.1"),
        (MigrateFrom, "volume"),
    ];
    fields.extend_from_slice(AZURE);
    assert!(!upgrade::renames_azure_blobs(&tools::config(
        BackendKind::Azure,
        &fields
    )));
}
