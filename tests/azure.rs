//! The Azure Jobs run for real against Azurite: the copy from the volume
//! writes the names the release's registry reads (`/docker/...` on 2.x,
//! `docker/...` on 3.x), and the Jobs across the 2.x / 3.x line
//! (`render::rename`) copy every blob to the other generation's name without
//! overwriting one that exists, and clean up only what has its counterpart.
//! Each Job's own script runs, with the blob SDK it runs in its image; what
//! the store holds is read back with curl alone. Runs that must fail drop
//! some of the Job's writes through a stand-in `sitecustomize.py`.
//! The manifests also pass the strict schema and shellcheck.

mod tools;

use std::collections::BTreeMap;
use std::process::Output;

use registry_configurator::model::BackendKind;
use registry_configurator::render::migrate::{IMAGES, copy_secret};
use registry_configurator::render::rename::{self, Rename};
use registry_configurator::render::render;
use registry_configurator::settings::Config;
use registry_configurator::settings::FieldId::*;
use serde_json::Value;
use tools::azurite::{Azurite, azure_config, dropping, run_job, start_azurite};

/// A pushed image as a 2.x registry leaves it, under `docker/registry/v2/`:
/// a layer, its link, a manifest revision link and a tag's links.
const IMAGE: &[(&str, &str)] = &[
    ("registry/v2/blobs/sha256/ab/abcd/data", "a layer"),
    ("registry/v2/blobs/sha256/ef/ef01/data", "a manifest"),
    (
        "registry/v2/repositories/astro/airflow/_layers/sha256/abcd/link",
        "sha256:abcd",
    ),
    (
        "registry/v2/repositories/astro/airflow/_manifests/revisions/sha256/ef01/link",
        "sha256:ef01",
    ),
    (
        "registry/v2/repositories/astro/airflow/_manifests/tags/1.0.0/current/link",
        "sha256:ef01",
    ),
    (
        "registry/v2/repositories/astro/airflow/_manifests/tags/1.0.0/index/sha256/ef01/link",
        "sha256:ef01",
    ),
];

/// The tag's link, pushed again under the 3.x name after the upgrade.
const RETAGGED: &str = "registry/v2/repositories/astro/airflow/_manifests/tags/1.0.0/current/link";

/// `IMAGE` under `prefix` (`/docker/` or `docker/`).
fn image_under(prefix: &str) -> BTreeMap<String, String> {
    IMAGE
        .iter()
        .map(|(path, text)| (format!("{prefix}{path}"), (*text).to_owned()))
        .collect()
}

fn seed(azurite: &Azurite, blobs: &BTreeMap<String, String>) {
    let pairs: Vec<(&str, &str)> = blobs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    azurite.put(&pairs);
}

fn text(output: &Output) -> String {
    format!(
        "exit: {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The settings of the tests on chart 0.36.1 (registry 2.x) and 0.37.7
/// (registry 3.0.0).
fn configs() -> (Config, Config) {
    let v2 = azure_config("0.36.1");
    let v3 = azure_config("0.37.7");
    assert!(v2.platform.chart.registry().azure_names_lead_with_slash());
    assert!(!v3.platform.chart.registry().azure_names_lead_with_slash());
    (v2, v3)
}

fn rename_job(config: &Config, step: Rename) -> rename::Job {
    rename::job(config, step).expect("an Azure configuration has the rename Jobs")
}

/// Runs the Job `step` of the 3.x settings against `azurite`.
fn run_rename(azurite: &Azurite, step: Rename, stand_in: Option<&std::path::Path>) -> Output {
    let (_, v3) = configs();
    let job = rename_job(&v3, step);
    run_job(&job.manifest, azurite, &copy_secret("astronomer"), None, stand_in)
}

/// The seeded names really are the 2.x names, read over plain HTTP: a name
/// with a leading slash, at `container//docker/...`.
#[test]
fn azurite_keeps_the_leading_slash_of_a_2x_name() {
    let azurite = start_azurite();
    seed(&azurite, &image_under("/docker/"));
    let blobs = azurite.blobs();
    assert_eq!(
        blobs,
        image_under("/docker/"),
        "Azurite did not keep the names as written"
    );
    assert!(blobs.keys().all(|name| name.starts_with("/docker/registry/v2/")));
}

/// Before the upgrade: every `/docker/...` blob gets its `docker/...` copy
/// with the same bytes, the old names stay, and a 3.x name that already
/// exists (the tag pushed again since) is not overwritten.
#[test]
fn the_upgrade_copy_gives_every_blob_its_3x_name_and_overwrites_none() {
    let azurite = start_azurite();
    let old = image_under("/docker/");
    seed(&azurite, &old);
    let pushed_again = format!("docker/{RETAGGED}");
    azurite.put(&[(&pushed_again, "sha256:9999")]);

    let output = run_rename(&azurite, Rename::Upgrade, None);
    assert!(output.status.success(), "{}", text(&output));
    let mut expected = old.clone();
    expected.extend(image_under("docker/"));
    expected.insert(pushed_again.clone(), "sha256:9999".into());
    let blobs = azurite.blobs();
    assert_eq!(
        blobs.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the names after the copy\n{}",
        text(&output)
    );
    assert_eq!(
        blobs[&pushed_again], "sha256:9999",
        "the tag pushed again after the upgrade was rolled back to the old link"
    );
    assert_eq!(blobs, expected, "the copies' bytes\n{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(
            "names under /docker/: 6; under docker/: 6; copied: 5; already there (kept): 1; without a counterpart: 0"
        ),
        "{}",
        text(&output)
    );

    // Run again: nothing left to copy, nothing overwritten.
    let again = run_rename(&azurite, Rename::Upgrade, None);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("copied: 0; already there (kept): 6"),
        "{}",
        text(&again)
    );
    assert_eq!(azurite.blobs(), expected);
}

/// The controls: the same Job with its copies dropped fails, naming the
/// counts; with one copy dropped, it names the name without a counterpart.
#[test]
fn the_upgrade_copy_fails_when_an_old_name_has_no_new_counterpart() {
    let azurite = start_azurite();
    seed(&azurite, &image_under("/docker/"));
    let output = run_rename(&azurite, Rename::Upgrade, Some(&dropping(Some("*"), None)));
    assert!(
        !output.status.success(),
        "the Job succeeded with no copy made:\n{}",
        text(&output)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(
            "names under /docker/: 6; under docker/: 0; copied: 6; already there (kept): 0; without a counterpart: 6"
        ),
        "{}",
        text(&output)
    );

    let azurite = start_azurite();
    seed(&azurite, &image_under("/docker/"));
    let layer = "registry/v2/blobs/sha256/ab/abcd/data";
    let output = run_rename(&azurite, Rename::Upgrade, Some(&dropping(Some(layer), None)));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "one copy missing, yet it succeeded:\n{}",
        text(&output)
    );
    assert!(
        stdout.contains("without a counterpart: 1")
            && stdout.contains(&format!("no docker/{layer} for /docker/{layer}")),
        "{}",
        text(&output)
    );
}

/// Going back: what exists only under the 3.x names (pushed after the
/// upgrade) gets its 2.x name; a 2.x name that exists is kept as it is.
#[test]
fn going_back_copies_the_3x_names_to_2x_names_and_overwrites_none() {
    let azurite = start_azurite();
    let mut seeded = image_under("docker/");
    let old_link = format!("/docker/{RETAGGED}");
    seeded.insert(old_link.clone(), "sha256:0000".into());
    seed(&azurite, &seeded);

    let output = run_rename(&azurite, Rename::GoBack, None);
    assert!(output.status.success(), "{}", text(&output));
    let mut expected = image_under("docker/");
    expected.extend(image_under("/docker/"));
    expected.insert(old_link.clone(), "sha256:0000".into());
    let blobs = azurite.blobs();
    assert_eq!(
        blobs[&old_link],
        "sha256:0000",
        "going back overwrote a 2.x name that exists\n{}",
        text(&output)
    );
    assert_eq!(blobs, expected, "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains(
            "names under docker/: 6; under /docker/: 6; copied: 5; already there (kept): 1; without a counterpart: 0"
        ),
        "{}",
        text(&output)
    );

    let output = run_rename(&azurite, Rename::GoBack, Some(&dropping(Some("*"), None)));
    assert!(output.status.success(), "all there already: {}", text(&output));

    let azurite = start_azurite();
    seed(&azurite, &image_under("docker/"));
    let output = run_rename(&azurite, Rename::GoBack, Some(&dropping(Some("*"), None)));
    assert!(
        !output.status.success(),
        "no copy made, yet it succeeded:\n{}",
        text(&output)
    );
}

/// The clean-up deletes nothing while an old name lacks its counterpart;
/// after the copy it removes exactly the old names.
#[test]
fn the_clean_up_removes_only_old_names_and_only_when_each_has_its_counterpart() {
    let azurite = start_azurite();
    let old = image_under("/docker/");
    seed(&azurite, &old);
    let mut partial = image_under("docker/");
    let layer = "docker/registry/v2/blobs/sha256/ab/abcd/data";
    partial.remove(layer);
    seed(&azurite, &partial);
    let before = azurite.blobs();

    let output = run_rename(&azurite, Rename::CleanUp, None);
    assert!(
        !output.status.success(),
        "it cleaned up with a copy missing:\n{}",
        text(&output)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("names under /docker/: 6; under docker/: 5; without a counterpart: 1")
            && stdout.contains(&format!("no {layer} for /{layer}")),
        "{}",
        text(&output)
    );
    assert_eq!(azurite.blobs(), before, "the refused clean-up deleted something");

    let copy = run_rename(&azurite, Rename::Upgrade, None);
    assert!(copy.status.success(), "{}", text(&copy));
    let output = run_rename(&azurite, Rename::CleanUp, None);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("deleted: 6; names left under /docker/: 0"),
        "{}",
        text(&output)
    );
    assert_eq!(azurite.blobs(), image_under("docker/"), "{}", text(&output));
}

/// The first copy Job from the volume of `config`, run against a fresh
/// Azurite on a volume holding `IMAGE`; `drop` an upload left out.
fn copy_from_volume(config: &Config, drop: Option<&str>) -> (Output, BTreeMap<String, String>) {
    let azurite = start_azurite();
    let dir = tools::temp_dir("azure-volume");
    for (path, body) in IMAGE {
        let file = dir.join("docker").join(path);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("create the folder");
        std::fs::write(&file, body).expect("write a file on the volume");
    }
    let job = render(config)
        .into_iter()
        .find(|artifact| artifact.name == "migrate-job-1.yaml")
        .expect("the first copy's Job");
    let stand_in = drop.map(|name| dropping(None, Some(name)));
    let output = run_job(
        &job.text,
        &azurite,
        &copy_secret("astronomer"),
        Some(&dir),
        stand_in.as_deref(),
    );
    (output, azurite.blobs())
}

/// The copy from the volume writes the names the release's registry reads:
/// `/docker/...` for 0.36.1 (2.x), `docker/...` for 0.37.7 (3.x), with the
/// files' bytes; its count check passes, and fails with an upload missing.
#[test]
fn the_copy_from_the_volume_writes_the_names_of_the_release() {
    let (v2, v3) = configs();
    for (config, prefix) in [(&v2, "/docker/"), (&v3, "docker/")] {
        let (output, blobs) = copy_from_volume(config, None);
        assert!(output.status.success(), "{}: {}", config.platform.chart, text(&output));
        assert!(
            String::from_utf8_lossy(&output.stdout).contains(&format!(
                "files on the volume: 6; objects in the store: 6 (under {prefix})"
            )),
            "{}",
            text(&output)
        );
        assert_eq!(
            blobs,
            image_under(prefix),
            "chart {}: the names the copy wrote",
            config.platform.chart
        );
    }
    let (output, blobs) = copy_from_volume(&v2, Some("abcd/data"));
    assert_eq!(blobs.len(), 5, "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("files on the volume: 6; objects in the store: 5"),
        "{}",
        text(&output)
    );
    assert!(
        !output.status.success(),
        "the copy Job succeeded with an upload missing:\n{}",
        text(&output)
    );
}

/// The rename Jobs of the goldens' kind of settings: every Azure credential
/// mode on a 3.x release. Each is a Job of one pinned image, reads the key
/// from the copy Secret (or the user's), passes the strict schema of every
/// Kubernetes version the validator knows and its script shellcheck.
#[test]
fn the_rename_jobs_pass_the_strict_schema_and_shellcheck() {
    let key_secret = tools::config(
        BackendKind::Azure,
        &[
            (ChartVersion, "0.37.7"),
            (AzureAccountName, "mystorageaccount"),
            (AzureCredentials, "key-secret"),
            (AzureContainer, "my-container-name"),
        ],
    );
    let (_, v3) = configs();
    let dir = tools::temp_dir("rename-jobs");
    let mut manifests = Vec::new();
    let mut scripts = Vec::new();
    for (config, secret) in [
        (&v3, copy_secret("astronomer")),
        (&key_secret, "astronomer-registry-azure".into()),
    ] {
        for step in [Rename::Upgrade, Rename::GoBack, Rename::CleanUp] {
            let job = rename_job(config, step);
            assert_eq!(job.file, step.file());
            let path = dir.join(format!("{}-{}", manifests.len(), job.file));
            std::fs::write(&path, &job.manifest).expect("write the Job");
            manifests.push(path.to_string_lossy().into_owned());
            let manifest: Value = serde_yaml::from_str(&job.manifest).expect("YAML");
            assert_eq!(manifest["kind"], "Job");
            assert_eq!(manifest["metadata"]["name"], job.name.as_str());
            let container = &manifest["spec"]["template"]["spec"]["containers"][0];
            let image = container["image"].as_str().expect("an image");
            assert!(IMAGES.contains(&image), "{image}");
            assert_eq!(
                container["env"][0]["valueFrom"]["secretKeyRef"]["name"],
                secret.as_str()
            );
            let script = dir.join(format!("{}.sh", manifests.len()));
            let text = container["args"][0].as_str().expect("a script");
            std::fs::write(&script, format!("#!/bin/sh\n{text}")).expect("write the script");
            scripts.push(script.to_string_lossy().into_owned());
        }
    }
    let validator = tools::repo_path(".tools/venv/bin/kubernetes-validate");
    assert!(
        validator.exists(),
        "{} is missing: run scripts/setup.sh",
        validator.display()
    );
    let paths: Vec<&str> = manifests.iter().map(String::as_str).collect();
    for minor in [25, 31, 37] {
        let version = format!("1.{minor}.0");
        let mut args = vec!["--strict", "--quiet", "-k", version.as_str()];
        args.extend(&paths);
        let output = tools::run(&validator.to_string_lossy(), &args, b"");
        assert!(output.status.success(), "Kubernetes {version}:\n{}", text(&output));
    }
    tools::require("shellcheck", &["--version"]);
    let args: Vec<&str> = scripts.iter().map(String::as_str).collect();
    tools::stdout_of("shellcheck", tools::run("shellcheck", &args, b""));
    // Other backends have none.
    let volume = tools::config(BackendKind::Volume, &[]);
    assert_eq!(rename::job(&volume, Rename::Upgrade), None);
}
