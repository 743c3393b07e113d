//! Azurite (npm `azurite`, a local Azure Blob Storage) for the Azure Jobs:
//! started on loopback, a container seeded through the blob SDK of the
//! tools folder, read back over plain HTTP (curl, anonymous reads of a
//! public container: nothing of the SDK between the test and what the
//! store holds), and a Job's own script run here by `sh` in place of its
//! container, pointed at Azurite.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use registry_configurator::model::BackendKind;
use registry_configurator::settings::Config;
use registry_configurator::settings::FieldId::*;
use serde_json::Value;

use super::cases::AZURE_KEY;
use super::registry::{Server, free_port, http, serve};
use super::{repo_path, temp_dir};

/// Azurite's own account; its key is [`AZURE_KEY`].
pub const ACCOUNT: &str = "devstoreaccount1";

/// The container the tests use.
pub const CONTAINER: &str = "registry-images";

/// Azurite's blob service on a free port of 127.0.0.1, in memory.
pub struct Azurite {
    pub server: Server,
    /// `http://127.0.0.1:<port>/devstoreaccount1`.
    pub endpoint: String,
}

/// Starts Azurite's blob service from node_modules (scripts/setup.sh installs
/// it) and creates [`CONTAINER`], readable without a key so that
/// [`Azurite::blobs`] can list and read it with curl alone.
pub fn start_azurite() -> Azurite {
    let program = repo_path("node_modules/.bin/azurite-blob");
    assert!(
        program.exists(),
        "{} is missing: run scripts/setup.sh, which installs azurite",
        program.display()
    );
    let port = free_port();
    let dir = temp_dir("azurite");
    let mut command = Command::new(program);
    command
        .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
        .args(["--inMemoryPersistence", "--silent"])
        .current_dir(&dir);
    let server = serve(command, port, "azurite-blob");
    let azurite = Azurite {
        server,
        endpoint: format!("http://127.0.0.1:{port}/{ACCOUNT}"),
    };
    azurite.sdk(&serde_json::json!({ "create": CONTAINER }));
    azurite
}

/// The test's own use of the blob SDK (the tools folder's, the one the Jobs
/// run): a JSON request on stdin.
const SDK_HELPER: &str = r#"
import json, os, sys
from azure.multiapi.storagev2.blob.v2022_11_02 import BlobServiceClient
request = json.load(sys.stdin)
service = BlobServiceClient.from_connection_string(os.environ['CONNECTION'])
if 'create' in request:
    service.create_container(request['create'], public_access='container')
for name, text in request.get('put', []):
    service.get_container_client(request['container']).upload_blob(name, text.encode(), overwrite=True)
"#;

impl Azurite {
    /// The connection string of Azurite's account.
    pub fn connection_string(&self) -> String {
        format!(
            "DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={AZURE_KEY};BlobEndpoint={}",
            self.endpoint
        )
    }

    fn sdk(&self, request: &Value) {
        let python = repo_path(".tools/venv/bin/python");
        assert!(python.exists(), "{} is missing: run scripts/setup.sh", python.display());
        let mut command = Command::new(python);
        command
            .args(["-c", SDK_HELPER])
            .env("CONNECTION", self.connection_string());
        let input = serde_json::to_vec(request).expect("encode the request");
        super::stdout_of(
            &format!("the blob SDK on {request}"),
            super::run_command(&mut command, &input),
        );
    }

    /// Writes each `(name, text)` blob into [`CONTAINER`], exactly under that
    /// name (a leading slash kept).
    pub fn put(&self, blobs: &[(&str, &str)]) {
        self.sdk(&serde_json::json!({ "container": CONTAINER, "put": blobs }));
    }

    /// Every blob of [`CONTAINER`], name -> text, as plain HTTP sees them:
    /// the names from the anonymous List Blobs, each read back with a GET of
    /// `container/<name>` (for `/docker/...`: `container//docker/...`).
    pub fn blobs(&self) -> BTreeMap<String, String> {
        let url = format!("{}/{CONTAINER}?restype=container&comp=list", self.endpoint);
        let (status, body, _) = http("GET", &url, None, &[]);
        let listing = String::from_utf8(body).expect("the listing is UTF-8");
        assert_eq!(status, 200, "list {url}: {listing}");
        let mut blobs = BTreeMap::new();
        for part in listing.split("<Name>").skip(1) {
            let name = part.split("</Name>").next().expect("a closed name");
            assert!(
                name.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)),
                "a name the test does not expect to need escaping: {name}"
            );
            let url = format!("{}/{CONTAINER}/{name}", self.endpoint);
            let (status, body, _) = http("GET", &url, None, &[]);
            assert_eq!(status, 200, "read {url}");
            blobs.insert(name.to_owned(), String::from_utf8(body).expect("UTF-8 test blobs"));
        }
        blobs
    }
}

/// Azure settings for Azurite's account and [`CONTAINER`] on chart `chart`,
/// the key inline, the images moved from the volume.
pub fn azure_config(chart: &str) -> Config {
    super::config(
        BackendKind::Azure,
        &[
            (ChartVersion, chart),
            (AzureAccountName, ACCOUNT),
            (AzureAccountKey, AZURE_KEY),
            (AzureContainer, CONTAINER),
            (MigrateFrom, "volume"),
        ],
    )
}

/// A Job's own script (`manifest` as generated), run here by `sh` in place
/// of its container: the environment the container gets (the `accountkey`
/// of the Secret `secret`, as the steps fill it, is Azurite's key), the
/// volume's mount at `data`, the connection string's public endpoint
/// swapped for Azurite's (the only change to the script, made here), and
/// the tools folder's Python, with the blob SDK, first on `PATH`.
/// `stand_in` is a folder put first on `PYTHONPATH` (a `sitecustomize.py`
/// that drops some of the Job's writes, for the runs that must fail).
pub fn run_job(
    manifest: &str,
    azurite: &Azurite,
    secret: &str,
    data: Option<&Path>,
    stand_in: Option<&Path>,
) -> Output {
    let job: Value = serde_yaml::from_str(manifest).expect("the Job is YAML");
    let container = &job["spec"]["template"]["spec"]["containers"][0];
    let mut script = container["args"][0].as_str().expect("a script").to_owned();
    let suffix = "EndpointSuffix=core.windows.net";
    assert!(script.contains(suffix), "no {suffix} in the script:\n{script}");
    script = script.replace(suffix, &format!("BlobEndpoint={}", azurite.endpoint));
    if let Some(data) = data {
        script = script.replace("/var/lib/registry", &data.to_string_lossy());
    }
    let venv = repo_path(".tools/venv/bin");
    assert!(
        venv.join("python3").exists(),
        "{} is missing: run scripts/setup.sh",
        venv.join("python3").display()
    );
    let mut command = Command::new("sh");
    command
        .args(["-c", &script])
        .env_remove("PYTHONPATH")
        .env_remove("AZURE_STORAGE_CONNECTION_STRING")
        .env("HOME", temp_dir("azure-home"))
        .env(
            "PATH",
            format!("{}:{}", venv.display(), std::env::var("PATH").unwrap_or_default()),
        );
    if let Some(folder) = stand_in {
        command.env("PYTHONPATH", folder);
    }
    for variable in container["env"].as_array().expect("env") {
        let name = variable["name"].as_str().expect("a name");
        let reference = &variable["valueFrom"]["secretKeyRef"];
        assert_eq!(reference["name"], secret, "{name}");
        assert_eq!(reference["key"], "accountkey", "{name}");
        command.env(name, AZURE_KEY);
    }
    super::run_command(&mut command, b"")
}

/// A folder holding a `sitecustomize.py` that makes the blob SDK drop, in
/// the Job it is given to, every server-side copy from a name ending in
/// `copy_from` (`*`: every copy) and every upload to a name ending in
/// `upload_to`, reporting success as the service would.
pub fn dropping(copy_from: Option<&str>, upload_to: Option<&str>) -> std::path::PathBuf {
    let dir = temp_dir("sdk-stand-in");
    let text = format!(
        r#"
from azure.multiapi.storagev2.blob.v2022_11_02 import BlobClient, ContainerClient
COPY_FROM = {copy_from:?}
UPLOAD_TO = {upload_to:?}
real_copy = BlobClient.start_copy_from_url
real_upload = ContainerClient.upload_blob
def start_copy_from_url(self, source_url, *args, **kwargs):
    if COPY_FROM and (COPY_FROM == '*' or source_url.endswith(COPY_FROM)):
        return {{'copy_status': 'success'}}
    return real_copy(self, source_url, *args, **kwargs)
def upload_blob(self, name, data, *args, **kwargs):
    if UPLOAD_TO and name.endswith(UPLOAD_TO):
        return {{}}
    return real_upload(self, name, data, *args, **kwargs)
BlobClient.start_copy_from_url = start_copy_from_url
ContainerClient.upload_blob = upload_blob
"#,
        copy_from = copy_from.unwrap_or(""),
        upload_to = upload_to.unwrap_or(""),
    );
    std::fs::write(dir.join("sitecustomize.py"), text).expect("write sitecustomize.py");
    dir
}
