//! The copy Jobs (`migrate-job-*.yaml`) of every golden configuration that
//! moves images from the volume: each passes `kubernetes-validate --strict`
//! (the API schemas, unknown fields refused) for every Kubernetes version the
//! validator knows, and its script passes `shellcheck`.

mod tools;

use registry_configurator::render::render;
use serde_json::Value;
use tools::cases;

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
