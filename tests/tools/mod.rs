//! Helpers shared by the render tests: building configs through the real
//! validation, golden files, and the external tools (PyYAML, bash, shellcheck,
//! kubectl, unzip) that check the generated files.

#![allow(dead_code)]

pub mod azurite;
pub mod cases;
pub mod registry;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use registry_configurator::model::BackendKind;
use registry_configurator::settings::Config;
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::validate;
use serde_json::Value;

/// What to run when a tool the tests need is missing.
const SETUP_HINT: &str =
    "run the project's setup script, scripts/setup.sh, which installs PyYAML, shellcheck, kubectl and unzip";

/// A config built the way the UI builds it: fields set through
/// `Action::SetField` on a fresh draft, then `validate`. Platform fields keep
/// their initial values (`astronomer`) unless given; the chart version defaults
/// to 0.37.4.
pub fn config(backend: BackendKind, fields: &[(FieldId, &str)]) -> Config {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
    for (field, value) in fields {
        draft.apply(Action::SetField(*field, (*value).to_owned()));
    }
    let validation = validate(&draft);
    match validation.config {
        Some(config) => config,
        None => panic!("the test draft does not validate: {:#?}", validation.issues),
    }
}

/// A path inside the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The one switch that rewrites golden files, for every test that has them.
pub const UPDATE_SWITCH: &str = "UPDATE_GOLDEN=1";

/// Whether the golden files are to be rewritten rather than compared, from the
/// values of `UPDATE_GOLDEN` and `CI` in the environment. Only `UPDATE_GOLDEN=1`
/// rewrites; any other value of it is a mistake, and so is asking to rewrite
/// under CI (where `CI` is set, as CI services set `CI=true`): a rewritten
/// golden file would hide the very change it is there to catch. Both panic.
pub fn updating_golden(update: Option<&str>, ci: Option<&str>) -> bool {
    match update {
        None | Some("") => false,
        Some("1") => {
            if let Some(ci) = ci.filter(|ci| !ci.is_empty()) {
                panic!(
                    "{UPDATE_SWITCH} refused: CI={ci} is set, and golden files are only rewritten by hand, \
                     where the diff is reviewed before it is committed; run the tests without UPDATE_GOLDEN"
                );
            }
            true
        }
        Some(other) => {
            panic!("UPDATE_GOLDEN={other}: only {UPDATE_SWITCH} rewrites the golden files; unset it to compare")
        }
    }
}

/// Compares `actual` with `tests/golden/<name>`; with `UPDATE_GOLDEN=1` in the
/// environment (and no `CI`), writes the file instead.
pub fn check_golden(name: &str, actual: &str) {
    let path = repo_path("tests/golden").join(name);
    let update = std::env::var("UPDATE_GOLDEN").ok();
    let ci = std::env::var("CI").ok();
    if updating_golden(update.as_deref(), ci.as_deref()) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create the golden directory");
        }
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read golden file {}: {error}; run with {UPDATE_SWITCH} to create it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{name} differs from its golden file (run with {UPDATE_SWITCH} to accept, then review the diff)\n\
             --- expected\n{expected}\n--- actual\n{actual}"
        );
    }
}

/// Whether `program` runs and succeeds with the `probe` arguments (such as
/// `--version`).
pub fn available(program: &str, probe: &[&str]) -> bool {
    Command::new(program)
        .args(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

/// Fails the test with the setup hint unless [`available`].
pub fn require(program: &str, probe: &[&str]) {
    assert!(
        available(program, probe),
        "`{program}` is needed by this test and was not found or does not work: {SETUP_HINT}"
    );
}

/// Runs `program` with `args`, feeding `stdin`, and returns its output.
pub fn run(program: &str, args: &[&str], stdin: &[u8]) -> Output {
    run_command(Command::new(program).args(args), stdin)
}

/// Runs a prepared command, feeding `stdin`, and returns its output.
pub fn run_command(command: &mut Command, stdin: &[u8]) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {command:?}: {error}; {SETUP_HINT}"));
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin).expect("write to the child's stdin");
    }
    child.wait_with_output().expect("wait for the child")
}

/// The stdout of a successful run, as text; a failed run fails the test with
/// its stderr.
pub fn stdout_of(what: &str, output: Output) -> String {
    assert!(
        output.status.success(),
        "{what} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the tool printed UTF-8")
}

/// Loads each document with PyYAML's `safe_load` (a YAML 1.1 reader) in one
/// Python process. Each result is `{"ok": value}` or `{"error": message}`;
/// values JSON cannot hold (dates, ...) come back as
/// `{"__type__": name, "repr": text}` so a test can tell them from strings.
pub fn yaml11_load_all(docs: &[String]) -> Vec<Value> {
    require("python3", &["-c", "import yaml"]);
    const SCRIPT: &str = r#"
import json, sys, yaml
def other(value):
    return {"__type__": type(value).__name__, "repr": repr(value)}
results = []
for doc in json.load(sys.stdin):
    try:
        results.append({"ok": yaml.safe_load(doc)})
    except yaml.YAMLError as error:
        results.append({"error": str(error)})
json.dump(results, sys.stdout, default=other)
"#;
    let input = serde_json::to_vec(docs).expect("encode the documents");
    let text = stdout_of("python3 (PyYAML)", run("python3", &["-c", SCRIPT], &input));
    let results: Vec<Value> = serde_json::from_str(&text).expect("PyYAML results are JSON");
    assert_eq!(results.len(), docs.len());
    results
}

/// Loads one document with PyYAML and fails the test if it does not load.
pub fn yaml11_load(doc: &str) -> Value {
    yaml11_load_all(&[doc.to_owned()])
        .remove(0)
        .get("ok")
        .cloned()
        .unwrap_or_else(|| panic!("PyYAML cannot load:\n{doc}"))
}

/// Loads one document with serde_yaml (a YAML 1.2 reader).
pub fn yaml12_load(doc: &str) -> Result<Value, String> {
    serde_yaml::from_str(doc).map_err(|error| error.to_string())
}

/// `program` (the AWS CLI, or a shell that runs it) with the AWS CLI of the
/// tools folder first on `PATH` and nothing from this machine's AWS set-up:
/// `keys` given, region us-east-1, `HOME` a fresh folder.
pub fn aws_cli(program: &str, keys: (&str, &str)) -> Command {
    let venv = repo_path(".tools/venv/bin");
    assert!(
        venv.join("aws").exists(),
        "{} is missing: run scripts/setup.sh, which installs awscli",
        venv.join("aws").display()
    );
    let mut command = Command::new(program);
    command
        .env_remove("AWS_CA_BUNDLE")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("HOME", temp_dir("aws-home"))
        .env("AWS_ACCESS_KEY_ID", keys.0)
        .env("AWS_SECRET_ACCESS_KEY", keys.1)
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env(
            "PATH",
            format!("{}:{}", venv.display(), std::env::var("PATH").unwrap_or_default()),
        );
    command
}

/// A fresh, empty directory under the system temp directory, unique to this
/// call (tests run in parallel).
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let serial = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("registry-render-{}-{serial}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temp directory");
    dir
}
