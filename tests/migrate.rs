//! The copy Jobs (`migrate-job-*.yaml`) of every golden configuration that
//! moves images from the volume: each passes `kubernetes-validate --strict`
//! (the API schemas, unknown fields refused) for every Kubernetes version the
//! validator knows, its script passes `shellcheck`, its script fails when the
//! store holds fewer objects than the volume, and every image it names is
//! pinned to a full version. The copy from another bucket runs for real with
//! the AWS CLI against `moto_server`; the GCS and Azure ones with stand-ins
//! that record their arguments.

mod tools;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use registry_configurator::model::BackendKind;
use registry_configurator::render::migrate::IMAGES;
use registry_configurator::render::render;
use registry_configurator::render::steps::apply_steps;
use registry_configurator::settings::FieldId::*;
use serde_json::Value;
use tools::cases;
use tools::registry::{copy_into_moto, copy_job, http, start_moto};

/// The Job files of every golden case, written to a folder: (path, script).
fn jobs() -> Vec<(String, String)> {
    let dir = tools::temp_dir("migrate-jobs");
    let mut jobs = Vec::new();
    for case in cases::all() {
        for artifact in render(&case.config()) {
            if !artifact.name.starts_with("migrate-job-") {
                continue;
            }
            let path = dir.join(format!("{}-{}", case.name, artifact.name));
            std::fs::write(&path, &artifact.text).expect("write the Job");
            let job: Value = serde_yaml::from_str(&artifact.text).expect("the Job is YAML");
            assert_eq!(job["kind"], "Job", "{}", case.name);
            let script = job["spec"]["template"]["spec"]["containers"][0]["args"][0]
                .as_str()
                .unwrap_or_else(|| panic!("{}: no script", case.name))
                .to_owned();
            jobs.push((path.to_string_lossy().into_owned(), script));
        }
    }
    jobs
}

#[test]
fn every_copy_job_passes_the_strict_schema_of_every_kubernetes_version() {
    let validator = tools::repo_path(".tools/venv/bin/kubernetes-validate");
    assert!(
        validator.exists(),
        "{} is missing: run scripts/setup.sh",
        validator.display()
    );
    let jobs = jobs();
    assert!(jobs.len() >= 20, "only {} Jobs among the goldens", jobs.len());
    let paths: Vec<&str> = jobs.iter().map(|(path, _)| path.as_str()).collect();
    for minor in 25..=37 {
        let version = format!("1.{minor}.0");
        let mut args = vec!["--strict", "--quiet", "-k", version.as_str()];
        args.extend(&paths);
        let output = tools::run(&validator.to_string_lossy(), &args, b"");
        assert!(
            output.status.success(),
            "Kubernetes {version}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_validator_refuses_what_it_should() {
    let validator = tools::repo_path(".tools/venv/bin/kubernetes-validate");
    let path = tools::temp_dir("bad-job").join("job.yaml");
    std::fs::write(
        &path,
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  backofLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n",
    )
    .expect("write");
    let output = tools::run(
        &validator.to_string_lossy(),
        &["--strict", "--quiet", "-k", "1.30.0", &path.to_string_lossy()],
        b"",
    );
    assert!(!output.status.success(), "a misspelt field passed the strict schema");
}

#[test]
fn every_copy_script_passes_shellcheck() {
    tools::require("shellcheck", &["--version"]);
    let dir = tools::temp_dir("migrate-scripts");
    let mut paths = Vec::new();
    for (position, (_, script)) in jobs().into_iter().enumerate() {
        let path = dir.join(format!("copy-{position}.sh"));
        std::fs::write(&path, format!("#!/bin/sh\n{script}")).expect("write the script");
        paths.push(path.to_string_lossy().into_owned());
    }
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    tools::stdout_of("shellcheck", tools::run("shellcheck", &args, b""));
}

/// The AWS CLI of the tools folder, first on `PATH`, with nothing from this
/// machine's AWS set-up: the copy's keys given, `HOME` a fresh folder.
fn aws_command(program: &str) -> Command {
    tools::aws_cli(program, ("mover", "mover-secret"))
}

/// Every object of `bucket` in moto at `endpoint`: key -> content.
fn objects(endpoint: &str, bucket: &str) -> BTreeMap<String, Vec<u8>> {
    let mut command = aws_command("aws");
    command.args([
        "s3api",
        "list-objects-v2",
        "--bucket",
        bucket,
        "--endpoint-url",
        endpoint,
        "--output",
        "json",
    ]);
    let listing = tools::stdout_of("aws s3api list-objects-v2", tools::run_command(&mut command, b""));
    let listing: Value = if listing.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&listing).expect("the listing is JSON")
    };
    let mut objects = BTreeMap::new();
    for item in listing["Contents"].as_array().into_iter().flatten() {
        let key = item["Key"].as_str().expect("a key").to_owned();
        let mut read = aws_command("aws");
        read.args([
            "s3",
            "cp",
            &format!("s3://{bucket}/{key}"),
            "-",
            "--endpoint-url",
            endpoint,
        ]);
        let output = tools::run_command(&mut read, b"");
        assert!(
            output.status.success(),
            "read {bucket}/{key}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        objects.insert(key, output.stdout);
    }
    objects
}

/// Puts `body` at `key` of `bucket`.
fn put(endpoint: &str, bucket: &str, key: &str, body: &[u8]) {
    let mut write = aws_command("aws");
    write.args([
        "s3",
        "cp",
        "-",
        &format!("s3://{bucket}/{key}"),
        "--endpoint-url",
        endpoint,
    ]);
    tools::stdout_of(&format!("write {bucket}/{key}"), tools::run_command(&mut write, body));
}

/// The one command of the hand-run copy from another store, from the steps.
fn copy_from_store_command(
    backend: BackendKind,
    fields: &[(registry_configurator::settings::FieldId, &str)],
) -> String {
    let steps = apply_steps(&tools::config(backend, fields));
    let commands: Vec<&String> = steps
        .iter()
        .flat_map(|step| &step.commands)
        .filter(|command| {
            command.starts_with("aws s3 sync")
                || command.starts_with("gcloud storage rsync")
                || command.starts_with("az storage copy")
        })
        .collect();
    assert_eq!(commands.len(), 1, "{steps:#?}");
    commands[0].clone()
}

/// The generated `aws s3 sync` from the old bucket, run for real against
/// moto: the new bucket holds every object of the old one under its root
/// directory (and keeps what it held), and the old bucket is unchanged.
#[test]
fn the_copy_from_another_s3_bucket_fills_the_new_one_and_leaves_the_old_one() {
    let moto = start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    for bucket in ["old-images", "new-images"] {
        let (status, _, _) = http("PUT", &format!("{endpoint}/{bucket}"), None, &[]);
        assert_eq!(status, 200, "create {bucket}\n{}", moto.printed());
    }
    let old_objects = [
        ("docker/registry/v2/blobs/sha256/ab/abcd/data", &b"a layer"[..]),
        (
            "docker/registry/v2/repositories/test/images/_layers/sha256/abcd/link",
            b"sha256:abcd",
        ),
        (
            "docker/registry/v2/repositories/test/images/_manifests/tags/v1/current/link",
            b"sha256:ef01",
        ),
    ];
    for (key, body) in old_objects {
        put(&endpoint, "old-images", key, body);
    }
    // Something the new bucket already holds: a copy the wrong way round
    // would carry it into the old bucket.
    put(
        &endpoint,
        "new-images",
        "registry/docker/registry/v2/pushed-since",
        b"new",
    );
    let old_before = objects(&endpoint, "old-images");
    assert_eq!(old_before.len(), old_objects.len());

    let command = copy_from_store_command(
        BackendKind::S3,
        &[
            (S3Bucket, "new-images"),
            (S3Region, "us-east-1"),
            (S3Credentials, "node-role"),
            (S3RootDirectory, "/registry"),
            (MigrateFrom, "store"),
            (MigrateSource, "old-images"),
        ],
    );
    assert!(command.starts_with("aws s3 sync "), "{command}");
    // The command as the steps give it; the endpoint from the environment.
    let mut run = aws_command("sh");
    run.args(["-c", &command]).env("AWS_ENDPOINT_URL", &endpoint);
    tools::stdout_of(&format!("`{command}`"), tools::run_command(&mut run, b""));

    let new_after = objects(&endpoint, "new-images");
    let mut expected: BTreeMap<String, Vec<u8>> = old_objects
        .iter()
        .map(|(key, body)| (format!("registry/{key}"), body.to_vec()))
        .collect();
    expected.insert("registry/docker/registry/v2/pushed-since".into(), b"new".to_vec());
    assert_eq!(
        new_after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "`{command}`: the new bucket does not hold the old one's objects under its root directory"
    );
    assert_eq!(new_after, expected, "`{command}`: the copied objects differ");
    let old_after = objects(&endpoint, "old-images");
    assert_eq!(
        old_after.keys().collect::<Vec<_>>(),
        old_before.keys().collect::<Vec<_>>(),
        "`{command}`: the old bucket changed"
    );
    assert_eq!(old_after, old_before, "`{command}`: the old bucket changed");
}

/// Runs `command` with a stand-in for `program` first on `PATH` that writes
/// each argument it gets on a line of its own; returns those arguments.
fn arguments_given(program: &str, command: &str) -> Vec<String> {
    let dir = tools::temp_dir(&format!("stand-in-{program}"));
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin");
    let stub = bin.join(program);
    std::fs::write(&stub, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_LOG\"\n").expect("write the stand-in");
    tools::run("chmod", &["+x", &stub.to_string_lossy()], b"");
    let log = dir.join("args");
    let output = tools::run_command(
        Command::new("sh")
            .args(["-c", command])
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()),
            )
            .env("ARGS_LOG", &log),
        b"",
    );
    tools::stdout_of(&format!("`{command}` with a stand-in {program}"), output);
    read_lines(&log)
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// GCS and Azure have no local server here: their copy commands run with a
/// stand-in that records the arguments, which must name the old bucket or
/// container as the source and the new one (under its root directory) as
/// the destination.
#[test]
fn the_copy_from_another_gcs_bucket_or_azure_container_goes_from_old_to_new() {
    let gcloud = copy_from_store_command(
        BackendKind::Gcs,
        &[
            (GcsBucket, "new-images"),
            (GcsKeyFile, "/tmp/key.json"),
            (GcsRootDirectory, "/registry"),
            (MigrateFrom, "store"),
            (MigrateSource, "old-images"),
        ],
    );
    let args = arguments_given("gcloud", &gcloud);
    // `gcloud storage rsync [flags] SOURCE DESTINATION`
    assert_eq!(&args[..2], ["storage", "rsync"], "`{gcloud}`");
    let operands: Vec<&str> = args[2..]
        .iter()
        .map(String::as_str)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    assert_eq!(
        operands,
        ["gs://old-images/", "gs://new-images/registry/"],
        "`{gcloud}`: source then destination"
    );

    let az = copy_from_store_command(
        BackendKind::Azure,
        &[
            (AzureAccountName, "mystorageaccount"),
            (AzureAccountKey, cases::AZURE_KEY),
            (AzureContainer, "new-images"),
            (MigrateFrom, "store"),
            (MigrateSource, "old-images"),
        ],
    );
    let args = arguments_given("az", &az);
    assert_eq!(&args[..2], ["storage", "copy"], "`{az}`");
    let after = |flag: &str| {
        let at = args
            .iter()
            .position(|arg| arg == flag)
            .unwrap_or_else(|| panic!("`{az}`: no {flag}"));
        args.get(at + 1).cloned().unwrap_or_default()
    };
    assert_eq!(
        after("--source"),
        "https://mystorageaccount.blob.core.windows.net/old-images",
        "`{az}`"
    );
    assert_eq!(
        after("--destination"),
        "https://mystorageaccount.blob.core.windows.net/new-images",
        "`{az}`"
    );
}

/// The first copy Job's own script, run here with the AWS CLI in place of
/// its container against moto, on a volume of three files; `drop` is a file
/// the stand-in `aws s3 sync` leaves out. Returns (success, stdout, stderr).
fn run_copy_job(drop: Option<&str>) -> (bool, String, String) {
    let (_moto, _endpoint, config) = copy_into_moto();
    let dir = tools::temp_dir("copy-job");
    let data = dir.join("volume");
    for file in [
        "docker/registry/v2/blobs/sha256/ab/abcd/data",
        "docker/registry/v2/repositories/test/images/_layers/sha256/abcd/link",
        "docker/registry/v2/repositories/test/images/_manifests/tags/v1/current/link",
    ] {
        let path = data.join(file);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
        std::fs::write(&path, file).expect("write a file on the volume");
    }
    // A stand-in `aws` before the real one: `s3 sync` leaves out `drop`, as
    // an upload that never arrived; everything else goes to the real CLI.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin");
    let real = tools::repo_path(".tools/venv/bin/aws");
    let stand_in = bin.join("aws");
    std::fs::write(
        &stand_in,
        format!(
            "#!/bin/sh\nif [ \"$1 $2\" = 's3 sync' ] && [ -n \"${{DROP:-}}\" ]; then exec '{}' \"$@\" --exclude \"$DROP\"; fi\nexec '{}' \"$@\"\n",
            real.display(),
            real.display()
        ),
    )
    .expect("write the stand-in aws");
    tools::run("chmod", &["+x", &stand_in.to_string_lossy()], b"");
    let mut command = copy_job(&config, &data, Some(&bin));
    if let Some(drop) = drop {
        command.env("DROP", drop);
    }
    let output = tools::run_command(&mut command, b"");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The count check at the end of the copy Job's script: with every upload
/// in the store the script succeeds; with one missing it fails and says how
/// many files and objects it counted.
#[test]
fn the_copy_job_fails_when_the_store_holds_fewer_objects_than_the_volume() {
    let (ok, stdout, stderr) = run_copy_job(None);
    assert!(ok, "the full copy failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("files on the volume: 3; objects in the store: 3"),
        "{stdout}\n{stderr}"
    );

    let (ok, stdout, stderr) = run_copy_job(Some("docker/registry/v2/blobs/sha256/ab/abcd/data"));
    assert!(
        stdout.contains("files on the volume: 3; objects in the store: 2"),
        "{stdout}\n{stderr}"
    );
    assert!(
        !ok,
        "the copy Job's script succeeded with an object missing from the store:\n{stdout}\n{stderr}"
    );
}

/// Whether `tag` is a full version: three numbers, then at most a suffix
/// such as `-slim` or `-14`.
fn full_version(tag: &str) -> bool {
    let (version, _) = tag.split_once('-').unwrap_or((tag, ""));
    let numbers: Vec<&str> = version.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
}

/// Every `image:` of every generated file, across every golden case, is one
/// of `render::migrate::IMAGES`, and each of those is pinned to a full
/// version (no `latest`, no bare major version, no name without a tag).
#[test]
fn every_image_is_one_of_the_pinned_ones_with_a_full_version() {
    for image in IMAGES {
        // The tag follows the last `:` after the last `/` (a registry host
        // may carry a port).
        let last = image.rsplit('/').next().unwrap_or(image);
        let (_, tag) = last
            .split_once(':')
            .unwrap_or_else(|| panic!("{image}: no tag (the registry would pull latest)"));
        assert!(full_version(tag), "{image}: the tag {tag:?} is not a full version");
    }
    let mut seen = std::collections::BTreeSet::new();
    for case in cases::all() {
        for artifact in render(&case.config()) {
            for line in artifact.text.lines() {
                let line = line.trim_start().trim_start_matches("- ");
                if let Some(image) = line.strip_prefix("image:") {
                    let image = image.trim().trim_matches(['"', '\'']);
                    assert!(
                        IMAGES.contains(&image),
                        "{}/{}: the image {image} is not one of render::migrate::IMAGES",
                        case.name,
                        artifact.name
                    );
                    seen.insert(image.to_owned());
                }
            }
        }
    }
    for image in IMAGES {
        assert!(seen.contains(*image), "no golden case names {image}");
    }
}
