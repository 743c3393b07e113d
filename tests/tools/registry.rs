//! The real registry program on generated files: the registry's `config.yml`
//! written from a generated `config.yaml` the way the chart's registry
//! ConfigMap template writes it, the `extraEnv` variables as the container's
//! environment, Debian's `docker-registry` (distribution 2.8.2) started on
//! them, and `moto_server` as a local S3 endpoint.

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use registry_configurator::model::BackendKind;
use registry_configurator::render::render;
use registry_configurator::settings::Config;
use registry_configurator::settings::FieldId::*;
use serde_json::Value;

use super::{repo_path, temp_dir};

/// The chart's defaults for the keys it writes into `config.yml`
/// (`charts/astronomer/values.yaml`); nothing else in the block is read.
const DEFAULTS: &[(&str, &[(&str, &str)])] = &[
    (
        "gcs",
        &[
            ("useKeyfile", "true"),
            ("keyfile", "/var/gcs-keyfile/astronomer-gcs-keyfile"),
            ("rootdirectory", "/"),
            ("chunksize", "5242880"),
        ],
    ),
    ("s3", &[("encrypt", "false")]),
];

/// A value as Helm's template prints it with `{{ .Values.registry.x.y }}`:
/// strings as they are, booleans as `true`/`false`, nothing (`<no value>`,
/// which Helm removes) as the empty string.
fn printed(block: &Value, backend: &str, key: &str) -> String {
    match block.get(backend).and_then(|values| values.get(key)) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Null) => String::new(),
        Some(other) => panic!("{backend}.{key} is not a scalar: {other}"),
        None => DEFAULTS
            .iter()
            .find(|(name, _)| *name == backend)
            .and_then(|(_, keys)| keys.iter().find(|(name, _)| *name == key))
            .map(|(_, value)| (*value).to_owned())
            .unwrap_or_default(),
    }
}

fn enabled(block: &Value, backend: &str) -> bool {
    block.get(backend).and_then(|values| values.get("enabled")) == Some(&Value::Bool(true))
}

/// The data of the Kubernetes Secrets the registry's `extraEnv` may refer to:
/// `(secret, key, value)`.
pub type Secrets<'a> = &'a [(&'a str, &'a str, &'a str)];

/// What the registry container gets from a generated `config.yaml`.
pub struct RegistrySetup {
    /// Its `config.yml`.
    pub config: String,
    /// Its `extraEnv` variables.
    pub env: Vec<(String, String)>,
}

/// The registry's `config.yml` as the chart's ConfigMap template writes it
/// (`registry.gcsConfig`, `registry.azureConfig`, `registry.s3Config`, the
/// filesystem on the volume otherwise, then `redirect` and `delete`): every
/// value pasted unquoted after `key: `. Two things differ, for a test on one
/// machine: the volume's root directory is `data_dir` instead of
/// `/var/lib/registry`, and the HTTP part listens on 127.0.0.1:`port` without
/// the token auth and notifications that need the platform.
pub fn registry_setup(config_yaml: &str, data_dir: &Path, port: u16, secrets: Secrets) -> RegistrySetup {
    let values: Value = serde_yaml::from_str(config_yaml).expect("config.yaml is YAML");
    let block = &values["astronomer"]["registry"];
    let line = |backend: &str, key: &str| format!("    {key}: {}\n", printed(block, backend, key));
    let mut storage = String::from("  cache:\n    blobdescriptor: inmemory\n");
    if enabled(block, "gcs") {
        storage.push_str("  gcs:\n");
        storage.push_str(&line("gcs", "bucket"));
        if printed(block, "gcs", "useKeyfile") == "true" {
            storage.push_str(&line("gcs", "keyfile"));
        }
        storage.push_str(&line("gcs", "rootdirectory"));
        storage.push_str(&line("gcs", "chunksize"));
    } else if enabled(block, "azure") {
        storage.push_str("  azure:\n");
        for key in ["accountname", "accountkey", "container", "realm"] {
            storage.push_str(&line("azure", key));
        }
    } else if enabled(block, "s3") {
        storage.push_str("  s3:\n");
        for key in [
            "accesskey",
            "secretkey",
            "region",
            "bucket",
            "encrypt",
            "keyid",
            "rootdirectory",
            "regionendpoint",
        ] {
            storage.push_str(&line("s3", key));
        }
    } else {
        storage.push_str(&format!("  filesystem:\n    rootdirectory: {}\n", data_dir.display()));
    }
    let redirect = &block["redirect"]["disable"];
    if redirect == &Value::Bool(true) {
        storage.push_str("  redirect:\n    disable: true\n");
    }
    storage.push_str("  delete:\n    enabled: true\n");
    let config = format!(
        "version: 0.1\nlog:\n  level: info\nstorage:\n{storage}http:\n  addr: 127.0.0.1:{port}\n  secret: test-secret\n"
    );
    let env = match &block["extraEnv"] {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let name = item["name"].as_str().expect("an extraEnv name").to_owned();
                // A value, or valueFrom.secretKeyRef as the kubelet resolves it.
                let value = match (&item["value"], &item["valueFrom"]["secretKeyRef"]) {
                    (Value::String(value), Value::Null) => value.clone(),
                    (Value::Null, Value::Object(reference)) => {
                        let secret = reference["name"].as_str().expect("a Secret name");
                        let key = reference["key"].as_str().expect("a Secret key");
                        secrets
                            .iter()
                            .find(|(name, data_key, _)| *name == secret && *data_key == key)
                            .map(|(_, _, value)| (*value).to_owned())
                            .unwrap_or_else(|| panic!("{name} refers to {secret}/{key}, which the test did not create"))
                    }
                    other => panic!("{name}: neither a value nor a secretKeyRef: {other:?}"),
                };
                (name, value)
            })
            .collect(),
        Value::Null => Vec::new(),
        other => panic!("extraEnv is not a list: {other}"),
    };
    RegistrySetup { config, env }
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free local port")
}

/// A child process killed when dropped, with what it printed so far.
pub struct Server {
    child: Child,
    output: mpsc::Receiver<String>,
    pub port: u16,
    /// The registry's data folder (its volume), where it has one.
    pub data: PathBuf,
}

impl Server {
    /// Everything the process printed up to now.
    pub fn printed(&self) -> String {
        self.output.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` and waits until it accepts connections on `port`; fails
/// the test with its output when it exits first or does not listen in time.
pub fn serve(mut command: Command, port: u16, what: &str) -> Server {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {what}: {error}; run scripts/setup.sh"));
    let (sender, output) = mpsc::channel();
    for stream in [
        child.stdout.take().map(|out| Box::new(out) as Box<dyn Read + Send>),
        child.stderr.take().map(|err| Box::new(err) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let sender = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let server = Server {
        child,
        output,
        port,
        data: PathBuf::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut server = server;
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("{what} exited ({status}) before listening:\n{}", server.printed());
        }
        assert!(
            Instant::now() < deadline,
            "{what} did not listen on {port} within 20 s:\n{}",
            server.printed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Debian's registry program on the registry setup of `config_yaml`: the
/// `config.yml` in a fresh folder, the `extraEnv` variables in its
/// environment (and `AWS_CA_BUNDLE` cleared: a missing bundle stops the SDK).
pub fn start_registry(config_yaml: &str, name: &str, secrets: Secrets) -> Server {
    super::require("docker-registry", &["--version"]);
    let dir = temp_dir(name);
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("create the registry's data folder");
    let port = free_port();
    let setup = registry_setup(config_yaml, &data, port, secrets);
    let config = dir.join("config.yml");
    std::fs::write(&config, &setup.config).expect("write config.yml");
    let mut command = registry_serve(&config, &dir);
    command.envs(setup.env.iter().map(|(name, value)| (name.as_str(), value.as_str())));
    let mut server = serve(command, port, &format!("docker-registry on\n{}", setup.config));
    server.data = data;
    server
}

/// Debian's `docker-registry serve config`, with `home` as `HOME`. Nothing
/// from this machine's own AWS set-up reaches the registry: only the config
/// and the variables the caller adds (the extraEnv ones, as in the pod).
pub fn registry_serve(config: &Path, home: &Path) -> Command {
    let mut command = Command::new("docker-registry");
    command
        .arg("serve")
        .arg(config)
        .env_remove("AWS_CA_BUNDLE")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

/// `moto_server` (a local S3 API) on a free port, from the tools folder
/// scripts/setup.sh fills.
pub fn start_moto() -> Server {
    start_moto_with(&[])
}

/// [`start_moto`] with these variables in its environment (e.g.
/// `INITIAL_NO_AUTH_ACTION_COUNT`, from which on it checks signatures).
pub fn start_moto_with(env: &[(&str, &str)]) -> Server {
    let program: PathBuf = repo_path(".tools/venv/bin/moto_server");
    assert!(
        program.exists(),
        "{} is missing: run scripts/setup.sh, which installs moto[server]",
        program.display()
    );
    let port = free_port();
    let mut command = Command::new(program);
    command
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env_remove("AWS_CA_BUNDLE")
        .envs(env.iter().copied());
    serve(command, port, "moto_server")
}

/// One HTTP request through curl: the status code and the body.
pub fn http(method: &str, url: &str, body: Option<&[u8]>, headers: &[&str]) -> (u16, Vec<u8>, String) {
    super::require("curl", &["--version"]);
    let dir = temp_dir("http");
    let head = dir.join("headers");
    let out = dir.join("body");
    let mut command = Command::new("curl");
    command
        .args(["--silent", "--show-error", "--max-time", "20", "-X", method])
        .arg("-D")
        .arg(&head)
        .arg("-o")
        .arg(&out)
        .args(["-w", "%{http_code}"]);
    for header in headers {
        command.args(["-H", header]);
    }
    let input = dir.join("input");
    if let Some(body) = body {
        std::fs::write(&input, body).expect("write the request body");
        command.arg("--data-binary").arg(format!("@{}", input.display()));
    }
    command.arg(url);
    let output = command.output().expect("run curl");
    assert!(
        output.status.success(),
        "curl {method} {url} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let status = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("an HTTP status");
    let headers = std::fs::read_to_string(&head).unwrap_or_default();
    (status, std::fs::read(&out).unwrap_or_default(), headers)
}

/// The value of a response header (case-insensitive name).
pub fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// A fresh `moto_server` holding the bucket `moved-images`, and the S3
/// settings of a copy from the volume into it (chart 0.36.1, keys `mover` /
/// `mover-secret` inline, root directory `/registry`): the server, its
/// endpoint and the settings.
pub fn copy_into_moto() -> (Server, String, Config) {
    let moto = start_moto();
    let endpoint = format!("http://127.0.0.1:{}", moto.port);
    let (status, _, _) = http("PUT", &format!("{endpoint}/moved-images"), None, &[]);
    assert_eq!(status, 200, "create the bucket\n{}", moto.printed());
    let config = super::config(
        BackendKind::S3,
        &[
            (ChartVersion, "0.36.1"),
            (S3Bucket, "moved-images"),
            (S3Region, "us-east-1"),
            (S3AccessKey, "mover"),
            (S3SecretKey, "mover-secret"),
            (S3RootDirectory, "/registry"),
            (S3RegionEndpoint, &endpoint),
            (MigrateFrom, "volume"),
        ],
    );
    (moto, endpoint, config)
}

/// The first copy Job of `config`, its script run here by `sh` in place of
/// its container: the claim's mount is `data`, the environment the
/// container's (the copy Secret's keys as the steps' prompts fill them, the
/// keys of [`copy_into_moto`]), nothing from this machine's AWS set-up, and
/// the AWS CLI of the tools folder on `PATH`, after `first_on_path` if given.
pub fn copy_job(config: &Config, data: &Path, first_on_path: Option<&Path>) -> Command {
    let job = render(config)
        .into_iter()
        .find(|artifact| artifact.name == "migrate-job-1.yaml")
        .expect("the first copy's Job");
    let manifest: Value = serde_yaml::from_str(&job.text).expect("the Job is YAML");
    let container = &manifest["spec"]["template"]["spec"]["containers"][0];
    let script = container["args"][0]
        .as_str()
        .expect("a script")
        .replace("/var/lib/registry", &data.to_string_lossy());
    let venv = repo_path(".tools/venv/bin");
    assert!(
        venv.join("aws").exists(),
        "{} is missing: run scripts/setup.sh, which installs awscli",
        venv.join("aws").display()
    );
    let mut command = Command::new("sh");
    command
        .args(["-c", &script])
        .env_remove("AWS_CA_BUNDLE")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("HOME", temp_dir("aws-home"));
    let secret_values = [("accesskey", "mover"), ("secretkey", "mover-secret")];
    for variable in container["env"].as_array().expect("env") {
        let name = variable["name"].as_str().expect("a name");
        let value = match (&variable["value"], &variable["valueFrom"]["secretKeyRef"]) {
            (Value::String(value), _) => value.clone(),
            (_, reference) => {
                assert_eq!(reference["name"], "astronomer-registry-migrate", "{name}");
                let key = reference["key"].as_str().expect("a key");
                secret_values
                    .iter()
                    .find(|(k, _)| *k == key)
                    .expect("a known key")
                    .1
                    .to_owned()
            }
        };
        command.env(name, value);
    }
    let path = std::env::var("PATH").unwrap_or_default();
    command.env(
        "PATH",
        match first_on_path {
            Some(first) => format!("{}:{}:{path}", first.display(), venv.display()),
            None => format!("{}:{path}", venv.display()),
        },
    );
    command
}
