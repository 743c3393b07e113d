//! The `commands.sh` artifact: the seed's steps as a bash script, every word
//! that came from the user quoted, and no secret in it.

use crate::model::{Backend, Config, GcsAuth, HostPath, Namespace, Platform, S3Credentials, S3Encryption};
use crate::render::shell::{quote, quote_path};

/// The name of the Secret the chart mounts for GCS, and the data key inside it;
/// neither is configurable in the chart.
const GCS_KEYFILE_SECRET: &str = "astronomer-gcs-keyfile";

/// Creates the IAM policy from the generated file; shown as an example, since
/// the policy name is the admin's choice.
pub(crate) const CREATE_POLICY_EXAMPLE: &str =
    "  aws iam create-policy --policy-name astronomer-registry --policy-document file://iam-policy.json";

/// Creates or updates the Secret holding the GCS key, exactly as the chart
/// mounts it; the key file is read by kubectl on the admin's machine.
pub(crate) fn gcs_secret_command(namespace: &Namespace, source: &HostPath) -> String {
    format!(
        "kubectl create secret generic {GCS_KEYFILE_SECRET} --from-file={GCS_KEYFILE_SECRET}={path} \
         --namespace {namespace} --dry-run=client -o yaml | kubectl apply -f -",
        path = quote_path(source.as_str()),
        namespace = quote(namespace.as_str()),
    )
}

/// The documented way to apply a platform configuration change, pinned to
/// the installed chart version. `values` is the values file, already a shell word.
pub(crate) fn helm_upgrade_command(platform: &Platform, values: &str) -> String {
    format!(
        "helm upgrade {release} astronomer/astronomer -f {values} --version {chart} --namespace {namespace}",
        release = quote(platform.release.as_str()),
        chart = quote(&platform.chart.to_string()),
        namespace = quote(platform.namespace.as_str()),
    )
}

/// Stops the script before it changes anything unless it was given the
/// platform's full values file with the generated block merged in.
const GUARD: &str = r#"
# Upgrading with the generated block alone would drop every other platform setting
# (without global.baseDomain the chart does not even render the registry), and a
# second top-level astronomer: or global: key silently replaces the first. Stop
# before changing anything unless the file is the platform's full config file with
# the generated block merged into its astronomer: key.
config="${1:-config.yaml}"
if [ ! -f "$config" ]; then
    echo "commands.sh: no file $config: pass the platform's config file (bash commands.sh PATH)." >&2
    exit 1
fi
bom="$(printf '\357\273\277')"
count() { LC_ALL=C grep -c -e "$1" -- "$config" || true; }
top() { count "^\(${bom}\)\{0,1\}$1:"; }
if [ "$(top global)" != 1 ] || [ "$(count 'baseDomain:')" = 0 ]; then
    echo "commands.sh: $config needs exactly one top-level global: with a baseDomain: pass the platform's full config file, not the generated block alone." >&2
    exit 1
fi
if [ "$(top astronomer)" != 1 ] || [ "$(count '^ *registry:')" = 0 ] || [ "$(count '^ *{BACKEND}:')" = 0 ]; then
    echo "commands.sh: $config needs exactly one top-level astronomer: holding the generated registry: block: merge the block into the existing astronomer: key rather than adding a second one." >&2
    exit 1
fi
"#;

/// One step of the script: comment lines that explain it, then its command, if any.
struct Step {
    comment: Vec<&'static str>,
    command: Option<String>,
}

impl Step {
    fn new(comment: &[&'static str], command: Option<String>) -> Step {
        Step {
            comment: comment.to_vec(),
            command,
        }
    }
}

/// The whole script.
pub fn commands_sh(config: &Config) -> String {
    let platform = &config.platform;
    let mut steps = Vec::new();

    match &config.backend {
        Backend::Gcs(gcs) => match &gcs.auth {
            GcsAuth::KeyFile { source } => steps.push(Step::new(
                &[
                    "Store the service account JSON key in the Secret that the chart mounts into the",
                    "registry pod: its name and its data key must both be astronomer-gcs-keyfile, in",
                    "the platform namespace. Safe to re-run: it creates or updates the Secret.",
                ],
                Some(gcs_secret_command(&platform.namespace, source)),
            )),
        },
        Backend::S3(s3) if s3.is_compatible_store() => {
            steps.push(Step::new(
                &[
                    "In the S3-compatible store, give the user whose keys the registry uses the",
                    "permissions in iam-policy.json on the bucket (the store's own tools: e.g. MinIO's",
                    "`mc admin policy create` and `mc admin policy attach` read this policy syntax).",
                ],
                None,
            ));
        }
        Backend::S3(s3) => {
            let mut comment = vec!["In AWS IAM, create a policy from iam-policy.json, e.g. with"];
            comment.push(CREATE_POLICY_EXAMPLE);
            match s3.credentials {
                S3Credentials::Static { .. } => {
                    comment.push("and attach it to the IAM user whose access key is in config.yaml.");
                }
                S3Credentials::DefaultChain => comment.extend([
                    "and attach it to the IAM role the registry pod runs as: the nodes' instance role, or",
                    "with IRSA the role named by the eks.amazonaws.com/role-arn annotation of the",
                    "registry's ServiceAccount.",
                ]),
            }
            if matches!(s3.encryption, S3Encryption::Kms(_)) {
                comment.push("Also add that user or role as a key user of the KMS key.");
            }
            steps.push(Step::new(&comment, None));
        }
        Backend::Volume(volume) if volume.size.is_some() || volume.storage_class.is_some() => {
            steps.push(Step::new(
                &[
                    "Kubernetes cannot change the volume claim of a running StatefulSet: if the registry",
                    "already runs on a volume of another size or class, the upgrade below fails with",
                    "\"updates to statefulset spec ... are forbidden\". Resize the existing claim instead",
                    "(kubectl edit pvc, when its StorageClass allows expansion).",
                ],
                None,
            ));
        }
        Backend::Azure(_) | Backend::Volume(_) => {}
    }

    steps.push(Step::new(
        &[
            "Apply the change: upgrade the platform release with the platform's config file,",
            "pinned to the installed chart version so that only the configuration changes.",
            "It needs the astronomer Helm repository:",
            "  helm repo add astronomer https://helm.astronomer.io",
        ],
        Some(helm_upgrade_command(platform, "\"$config\"")),
    ));

    let mut script = String::from(
        "#!/usr/bin/env bash\n\
         # Points the registry of the Astronomer platform at the storage in config.yaml.\n\
         # Run it with kubectl and helm pointed at the platform's cluster:\n\
         #   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)\n\
         # PLATFORM_CONFIG is the platform's full config file with the generated\n\
         # astronomer.registry block merged in. If this changes the storage backend,\n\
         # images already in the registry are not copied to the new storage.\n\
         set -euo pipefail\n",
    );
    script.push_str(&GUARD.replace("{BACKEND}", config.backend.kind().values_key()));
    for (number, step) in steps.iter().enumerate() {
        script.push('\n');
        for (position, line) in step.comment.iter().enumerate() {
            let lead = if position == 0 {
                format!("# {}. ", number + 1)
            } else {
                "#    ".to_owned()
            };
            script.push_str(&lead);
            script.push_str(line);
            script.push('\n');
        }
        if let Some(command) = &step.command {
            script.push_str(command);
            script.push('\n');
        }
    }
    script
}
