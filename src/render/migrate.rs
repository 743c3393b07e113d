//! Moving the images from the registry's volume to the new object store: the
//! Kubernetes Jobs that copy the claim `data-<release>-registry-0` into the
//! bucket or container with the provider's CLI, under the root directory the
//! registry will read, in the layout it expects (`docker/registry/v2/...`;
//! in Azure, under the names the release's registry reads: `/docker/...` for
//! distribution 2.x, see [`azure_root`]).
//!
//! The first copy runs while the old registry still serves from the volume,
//! so the Job must run on its node (the claim is usually ReadWriteOnce); the
//! upgrade then turns the StatefulSet into a Deployment and keeps the claim;
//! the second copy takes what was pushed in between. Each Job ends by
//! comparing the number of files on the volume with the objects in the store,
//! and fails when the store holds fewer.

use crate::model::Registry;
use crate::render::shell::quote;
use crate::settings::{Azure, AzureAuth, Backend, Config, Gcs, GcsAuth, Migration, S3, S3Credentials, S3Encryption};
use crate::yaml11::{self, Node};

/// Where the chart mounts the volume, and so where the copy reads it.
const DATA: &str = "/var/lib/registry";

/// The CLI images, pinned to full versions: the only images a generated
/// manifest names (`IMAGES` lists them for the tests).
const AWS_CLI: &str = "public.ecr.aws/aws-cli/aws-cli:2.22.35";
const GCLOUD_CLI: &str = "gcr.io/google.com/cloudsdktool/google-cloud-cli:502.0.0-slim";
pub(crate) const AZURE_CLI: &str = "mcr.microsoft.com/azure-cli:2.67.0";

/// Every image the copy Jobs name, in one list.
pub const IMAGES: &[&str] = &[AWS_CLI, GCLOUD_CLI, AZURE_CLI];

/// The Secret that holds keys for the copy when config.yaml holds them inline
/// (the Job cannot read config.yaml); commands.sh creates it from prompts.
pub fn copy_secret(release: &str) -> String {
    format!("{release}-registry-migrate")
}

/// The claim the chart's StatefulSet made for the volume.
pub fn claim(release: &str) -> String {
    format!("data-{release}-registry-0")
}

/// A copy pass: the first, while the old registry runs, or the final one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    First,
    Final,
}

impl Pass {
    pub fn file(self) -> &'static str {
        match self {
            Pass::First => "migrate-job-1.yaml",
            Pass::Final => "migrate-job-2.yaml",
        }
    }

    pub fn job(self, release: &str) -> String {
        match self {
            Pass::First => format!("{release}-registry-migrate-1"),
            Pass::Final => format!("{release}-registry-migrate-2"),
        }
    }
}

/// Whether the copy runs as the registry's own ServiceAccount, which the
/// upgrade creates: then there is no first pass before it.
pub fn needs_service_account(config: &Config) -> bool {
    config.service_account().is_some()
}

/// Whether the images are copied from the registry's volume by the Jobs: the
/// one place that decides it, for the files and the steps alike.
pub fn copies_volume(config: &Config) -> bool {
    match config.backend {
        Backend::Gcs(_) | Backend::S3(_) | Backend::Azure(_) => config.migration == Migration::FromVolume,
        Backend::Volume(_) => false,
    }
}

/// The copy Jobs of the configuration, in order, as (pass, manifest): none
/// unless the images are copied from the volume.
pub fn jobs(config: &Config) -> Vec<(Pass, String)> {
    if !copies_volume(config) {
        return Vec::new();
    }
    passes(config)
        .iter()
        .filter_map(|pass| Some((*pass, migrate_job(config, *pass)?)))
        .collect()
}

/// The passes the configuration's migration has, in order.
pub fn passes(config: &Config) -> &'static [Pass] {
    if needs_service_account(config) {
        &[Pass::Final]
    } else {
        &[Pass::First, Pass::Final]
    }
}

/// The bucket path the registry reads: `prefix` plus the root directory.
pub fn target(scheme: &str, bucket: &str, root: Option<&str>) -> String {
    let root = root.map(|root| root.trim_matches('/')).unwrap_or_default();
    if root.is_empty() {
        format!("{scheme}://{bucket}/")
    } else {
        format!("{scheme}://{bucket}/{root}/")
    }
}

/// The shell that copies and counts, with what the container needs.
struct Copy {
    image: &'static str,
    script: String,
    env: Vec<Node<'static>>,
    /// Extra volume (name, Secret) mounted at a path, for GCS key files.
    key_volume: Option<(&'static str, &'static str, &'static str)>,
}

/// `name: value` as an env entry.
fn env_value(name: &str, value: &str) -> Node<'static> {
    Node::map(vec![("name", Node::str(name)), ("value", Node::str(value))])
}

/// `name` from a Secret's data key.
pub(crate) fn env_secret(name: &str, secret: &str, key: &str) -> Node<'static> {
    Node::map(vec![
        ("name", Node::str(name)),
        (
            "valueFrom",
            Node::map(vec![(
                "secretKeyRef",
                Node::map(vec![("name", Node::str(secret)), ("key", Node::str(key))]),
            )]),
        ),
    ])
}

/// The comparison every copy ends with.
fn count_check(remote_count: &str) -> String {
    format!(
        "local=\"$(find {DATA}/docker -type f | wc -l)\"\n\
         remote=\"$({remote_count})\"\n\
         echo \"files on the volume: $local; objects in the store: $remote\"\n\
         [ \"$remote\" -ge \"$local\" ]\n"
    )
}

fn s3_copy(config: &Config, s3: &S3) -> Copy {
    let release = config.platform.release.as_str();
    let destination = target(
        "s3",
        s3.bucket.as_str(),
        s3.root_directory.as_ref().map(|dir| dir.as_str()),
    );
    let endpoint = s3
        .region_endpoint
        .as_ref()
        .map(|url| format!(" --endpoint-url {}", quote(url.as_str())))
        .unwrap_or_default();
    let encryption = match &s3.encryption {
        S3Encryption::None => String::new(),
        S3Encryption::S3Managed => " --sse AES256".to_owned(),
        S3Encryption::Kms(key) => format!(" --sse aws:kms --sse-kms-key-id {}", quote(key.as_str())),
    };
    let script = format!(
        "set -eu\n\
         aws s3 sync {DATA}/ {destination}{endpoint}{encryption} --only-show-errors\n{}",
        count_check(&format!(
            "aws s3 ls --recursive {}{endpoint} | wc -l",
            quote(&format!("{destination}docker/"))
        )),
        destination = quote(&destination),
    );
    let mut env = vec![env_value("AWS_DEFAULT_REGION", s3.region.as_str())];
    let keys = match &s3.credentials {
        S3Credentials::Static { .. } => Some(copy_secret(release)),
        S3Credentials::InSecret { name } => Some(name.as_str().to_owned()),
        S3Credentials::Irsa { .. } | S3Credentials::PodIdentity { .. } | S3Credentials::DefaultChain => None,
    };
    if let Some(secret) = keys {
        env.push(env_secret("AWS_ACCESS_KEY_ID", &secret, "accesskey"));
        env.push(env_secret("AWS_SECRET_ACCESS_KEY", &secret, "secretkey"));
    }
    Copy {
        image: AWS_CLI,
        script,
        env,
        key_volume: None,
    }
}

fn gcs_copy(gcs: &Gcs) -> Copy {
    let destination = target(
        "gs",
        gcs.bucket.as_str(),
        gcs.root_directory.as_ref().map(|dir| dir.as_str()),
    );
    let sign_in = match gcs.auth {
        GcsAuth::KeyFile { .. } => {
            "gcloud auth activate-service-account --key-file=/var/gcs-keyfile/astronomer-gcs-keyfile --quiet\n"
        }
        GcsAuth::WorkloadIdentity { .. } => "",
    };
    let script = format!(
        "set -eu\n\
         {sign_in}gcloud storage rsync --recursive {DATA} {destination}\n{}",
        count_check(&format!(
            "gcloud storage ls --recursive {} | wc -l",
            quote(&format!("{destination}docker/**"))
        )),
        destination = quote(&destination),
    );
    let key_volume = match gcs.auth {
        GcsAuth::KeyFile { .. } => Some(("gcs-keyfile", "astronomer-gcs-keyfile", "/var/gcs-keyfile")),
        GcsAuth::WorkloadIdentity { .. } => None,
    };
    Copy {
        image: GCLOUD_CLI,
        script,
        env: Vec::new(),
        key_volume,
    }
}

/// Where a registry's Azure driver keeps `docker/registry/v2/...`: `"/"`
/// when it names blobs with a leading slash (distribution 2.x), else `""`,
/// as [`Registry::azure_names_lead_with_slash`] says.
pub fn azure_root(registry: Registry) -> &'static str {
    if registry.azure_names_lead_with_slash() {
        "/"
    } else {
        ""
    }
}

/// The Secret whose `accountkey` the Azure Jobs read: the copy Secret when
/// config.yaml holds the key inline, else the Secret the registry reads it from.
pub fn azure_key_secret(config: &Config, azure: &Azure) -> String {
    match &azure.auth {
        AzureAuth::Key(_) => copy_secret(config.platform.release.as_str()),
        AzureAuth::InSecret { name } => name.as_str().to_owned(),
    }
}

/// A Python string literal of `text`.
pub(crate) fn python_str(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The shell of every Azure Job before its program: the blob SDK az runs on,
/// from the image's own az packages (what `/usr/bin/az` puts on
/// `PYTHONPATH`, with the `python3.X` it runs them with).
const AZURE_SDK_SHELL: &str = r#"python=python3
for sdk in /usr/lib64/az/lib/python3*/site-packages; do
  if [ -d "$sdk/azure/multiapi/storagev2/blob" ]; then
    export PYTHONPATH="$sdk"
    version="${sdk%/site-packages}"
    if command -v "${version##*/}" >/dev/null 2>&1; then python="${version##*/}"; fi
  fi
done
"$python" - <<'PY'
import os
import sys
import time
from azure.core import MatchConditions
from azure.core.exceptions import HttpResponseError
from azure.multiapi.storagev2.blob.v2022_11_02 import ContainerClient
"#;

/// The shell of every Azure Job: the account's connection string (the key
/// from the environment), then a Python `program` run with the blob SDK that
/// the azure-cli image carries for `az` itself, given `container` (a
/// `ContainerClient`) and the `parameters` as Python variables.
///
/// The tool is that SDK (`azure.multiapi.storagev2.blob.v2022_11_02`, the
/// blob API `az storage blob` uses in azure-cli 2.67.0), not an `az` command:
/// `az storage blob sync` and `az storage copy` run AzCopy, which the image
/// does not carry and which az downloads at run time (a Job on an air-gapped
/// cluster cannot), and `az storage blob upload-batch` and the batch copies
/// trim the leading slash off every name, so they can neither write nor read
/// the names of a 2.x registry. The SDK names a blob exactly as given, and in
/// URLs `/docker/...` reads `container//docker/...` (proven against Azurite
/// by `tests/azure.rs`). The image (Azure Linux) installs az's packages under
/// `/usr/lib64/az/lib/python3.X/site-packages` and runs them with `python3.X`
/// (or `python3`), as `/usr/bin/az` does; where that folder is missing,
/// `python3` is expected to import the SDK as it is.
pub(crate) fn azure_sdk_script(azure: &Azure, parameters: &[(&str, &str)], program: &str) -> String {
    let mut script = format!(
        "set -eu\n\
         export AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName={};EndpointSuffix={};AccountKey=$AZURE_STORAGE_KEY\"\n\
         {AZURE_SDK_SHELL}container = ContainerClient.from_connection_string(\n    os.environ['AZURE_STORAGE_CONNECTION_STRING'], {})\n",
        azure.account_name.as_str(),
        azure.realm.as_str(),
        python_str(azure.container.as_str()),
    );
    for (name, value) in parameters {
        script.push_str(&format!("{name} = {}\n", python_str(value)));
    }
    script.push_str(program);
    script.push_str("PY\n");
    script
}

/// The copy from the volume (`data`) into the container under `root`: each
/// file uploaded when the container lacks it or holds an older copy (as `az
/// storage blob sync` did: a name the new registry rewrote since is kept);
/// then the files and the blobs under `root + 'docker/'` are counted.
const AZURE_UPLOAD: &str = r#"stored = {blob.name: blob.last_modified.timestamp()
          for blob in container.list_blobs(name_starts_with=root + 'docker/')}
files = uploaded = 0
for folder, folders, names in os.walk(os.path.join(data, 'docker')):
    folders.sort()
    for name in sorted(names):
        path = os.path.join(folder, name)
        blob = root + os.path.relpath(path, data)
        files += 1
        if stored.get(blob, float('-inf')) >= os.stat(path).st_mtime:
            continue
        with open(path, 'rb') as stream:
            container.upload_blob(blob, stream, overwrite=True)
        uploaded += 1
remote = sum(1 for _ in container.list_blobs(name_starts_with=root + 'docker/'))
print(f'uploaded: {uploaded}; files on the volume: {files}; '
      f'objects in the store: {remote} (under {root}docker/)')
sys.exit(0 if remote >= files else 1)
"#;

/// The copy from the volume into an Azure container, with the blob SDK (see
/// [`azure_sdk_script`]), under the names the release's registry reads
/// (`/docker/...` for 2.x, `docker/...` for 3.x: [`azure_root`]).
fn azure_copy(config: &Config, azure: &Azure) -> Copy {
    let root = azure_root(config.platform.chart.registry());
    Copy {
        image: AZURE_CLI,
        script: azure_sdk_script(azure, &[("data", DATA), ("root", root)], AZURE_UPLOAD),
        env: vec![env_secret(
            "AZURE_STORAGE_KEY",
            &azure_key_secret(config, azure),
            "accountkey",
        )],
        key_volume: None,
    }
}

/// The Job of one copy pass, or `None` when there is nothing to copy.
pub fn migrate_job(config: &Config, pass: Pass) -> Option<String> {
    let copy = match &config.backend {
        Backend::S3(s3) => s3_copy(config, s3),
        Backend::Gcs(gcs) => gcs_copy(gcs),
        Backend::Azure(azure) => azure_copy(config, azure),
        Backend::Volume(_) => return None,
    };
    let release = config.platform.release.as_str();
    let mut mounts = vec![Node::map(vec![
        ("name", Node::str("registry-data")),
        ("mountPath", Node::str(DATA)),
        ("readOnly", Node::Bool(true)),
    ])];
    let mut volumes = vec![Node::map(vec![
        ("name", Node::str("registry-data")),
        (
            "persistentVolumeClaim",
            Node::map(vec![
                ("claimName", Node::str(claim(release))),
                ("readOnly", Node::Bool(true)),
            ]),
        ),
    ])];
    if let Some((name, secret, path)) = copy.key_volume {
        mounts.push(Node::map(vec![
            ("name", Node::str(name)),
            ("mountPath", Node::str(path)),
            ("readOnly", Node::Bool(true)),
        ]));
        volumes.push(Node::map(vec![
            ("name", Node::str(name)),
            ("secret", Node::map(vec![("secretName", Node::str(secret))])),
        ]));
    }
    let what = match pass {
        Pass::First => "First copy of the registry's images from its volume, while the registry still runs.",
        Pass::Final => "Final copy of the registry's images from the volume the upgrade left behind.",
    };
    Some(job_manifest(
        config,
        JobParts {
            name: pass.job(release),
            label: "registry-migrate",
            image: copy.image,
            script: copy.script,
            env: copy.env,
            mounts,
            volumes,
            // The claim is mounted by the running registry pod: run beside it.
            beside_registry: pass == Pass::First,
        },
        &format!("# {what}\n# Applied by commands.sh; it fails when the store holds fewer files than the volume.\n"),
    ))
}

/// What a Job of this module runs and mounts.
pub(crate) struct JobParts {
    /// `metadata.name`.
    pub name: String,
    /// `app.kubernetes.io/name` of the Job and its pod.
    pub label: &'static str,
    /// One of [`IMAGES`].
    pub image: &'static str,
    /// The shell the container runs.
    pub script: String,
    pub env: Vec<Node<'static>>,
    pub mounts: Vec<Node<'static>>,
    pub volumes: Vec<Node<'static>>,
    /// Whether the pod must run on the node of the registry's pod.
    pub beside_registry: bool,
}

/// A Job of the copies, after the `header` comment: one container named
/// `copy` running `/bin/sh -c <script>` as the registry's ServiceAccount where
/// the configuration has one, never restarted, retried twice.
pub(crate) fn job_manifest(config: &Config, parts: JobParts, header: &str) -> String {
    let release = config.platform.release.as_str();
    let labels = || Node::map(vec![("app.kubernetes.io/name", Node::str(parts.label))]);
    let mut container = vec![
        ("name", Node::str("copy")),
        ("image", Node::str(parts.image)),
        ("command", Node::seq(vec![Node::str("/bin/sh"), Node::str("-c")])),
        ("args", Node::seq(vec![Node::Block(parts.script)])),
    ];
    if !parts.env.is_empty() {
        container.push(("env", Node::seq(parts.env)));
    }
    if !parts.mounts.is_empty() {
        container.push(("volumeMounts", Node::seq(parts.mounts)));
    }
    let mut pod = vec![("restartPolicy", Node::str("Never"))];
    if let Some(account) = config.service_account() {
        pod.push(("serviceAccountName", Node::str(account.name)));
    }
    if parts.beside_registry {
        pod.push((
            "affinity",
            Node::map(vec![(
                "podAffinity",
                Node::map(vec![(
                    "requiredDuringSchedulingIgnoredDuringExecution",
                    Node::seq(vec![Node::map(vec![
                        (
                            "labelSelector",
                            Node::map(vec![(
                                "matchLabels",
                                Node::map(vec![
                                    ("component", Node::str("registry")),
                                    ("release", Node::str(release)),
                                ]),
                            )]),
                        ),
                        ("topologyKey", Node::str("kubernetes.io/hostname")),
                    ])]),
                )]),
            )]),
        ));
    }
    pod.push(("containers", Node::seq(vec![Node::map(container)])));
    if !parts.volumes.is_empty() {
        pod.push(("volumes", Node::seq(parts.volumes)));
    }
    let job = Node::map(vec![
        ("apiVersion", Node::str("batch/v1")),
        ("kind", Node::str("Job")),
        (
            "metadata",
            Node::map(vec![
                ("name", Node::str(parts.name)),
                ("namespace", Node::str(config.platform.namespace.as_str())),
                ("labels", labels()),
            ]),
        ),
        (
            "spec",
            Node::map(vec![
                ("backoffLimit", Node::Int(2)),
                (
                    "template",
                    Node::map(vec![
                        ("metadata", Node::map(vec![("labels", labels())])),
                        ("spec", Node::map(pod)),
                    ]),
                ),
            ]),
        ),
    ]);
    format!("{header}{}", yaml11::emit(&job))
}
