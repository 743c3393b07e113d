//! The `verify.sh` artifact: run after the upgrade, it waits for the
//! registry's rollout, asks the registry for its API root through a
//! port-forward, and looks through its log for storage errors, saying what
//! to look at when something is wrong.

use crate::render::inventory;
use crate::render::shell::quote;
use crate::settings::{Backend, Config};

/// The registry's HTTP port in the chart (`ports.registryHTTP`).
const REGISTRY_PORT: u16 = 5000;

/// Log lines that mean the registry cannot use its storage, with what to check.
const SIGNS: &[(&str, &str)] = &[
    (
        "invalid region provided",
        "the region is not in this registry's table: set the region endpoint",
    ),
    (
        "invalid credentials type",
        "registry 3.x on Azure needs REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE (extraEnv)",
    ),
    (
        "NoCredentialProviders",
        "no AWS credentials reached the registry: the keys, the Secret, or the role's annotation or association",
    ),
    (
        "AccessDenied",
        "the credentials work but lack permissions: the IAM policy (or the bucket roles on GCS) and the KMS key's users",
    ),
    ("InvalidAccessKeyId", "the access key ID is not known to the store"),
    (
        "SignatureDoesNotMatch",
        "the secret key does not match the access key ID",
    ),
    (
        "NoSuchBucket",
        "the bucket does not exist, or not in this region or store",
    ),
    (
        "could not find default credentials",
        "GCS Workload Identity: the ServiceAccount's annotation or the Workload Identity User binding",
    ),
    ("AuthenticationFailed", "the Azure account key is wrong"),
    ("ContainerNotFound", "the Azure container does not exist"),
    ("panic", "the registry stopped at start: the lines above say why"),
];

pub fn verify_sh(config: &Config) -> String {
    let platform = &config.platform;
    // Object stores turn the chart's StatefulSet into a Deployment.
    let kind = match config.backend {
        Backend::Volume(_) => "statefulset",
        Backend::Gcs(_) | Backend::S3(_) | Backend::Azure(_) => "deployment",
    };
    let mut script = format!(
        "#!/usr/bin/env bash\n\
         # Checks that the registry of the Astronomer platform runs and reads its storage,\n\
         # after `bash commands.sh`. Run it with kubectl pointed at the platform's cluster.\n\
         {target}\
         set -euo pipefail\n\
         \n\
         namespace={namespace}\n\
         registry={registry}\n\
         \n\
         echo \"Waiting for $registry to roll out...\"\n\
         if ! kubectl rollout status {kind}/\"$registry\" --namespace \"$namespace\" --timeout=300s; then\n\
         \x20   echo \"verify.sh: the registry did not become ready. Look at:\" >&2\n\
         \x20   echo \"  kubectl describe {kind}/$registry --namespace $namespace\" >&2\n\
         \x20   echo \"  kubectl logs {kind}/$registry --namespace $namespace\" >&2\n\
         \x20   exit 1\n\
         fi\n\
         \n\
         # Ask the registry for its API root through a port-forward: 200 or 401 (it\n\
         # wants a token) means it answers; its storage health check makes it 503.\n\
         port=15000\n\
         kubectl port-forward \"svc/$registry\" \"$port:{port}\" --namespace \"$namespace\" >/dev/null 2>&1 &\n\
         forward=$!\n\
         trap 'kill \"$forward\" 2>/dev/null || true' EXIT\n\
         status=000\n\
         for _ in $(seq 1 30); do\n\
         \x20   status=\"$(curl -s -o /dev/null -w '%{{http_code}}' \"http://127.0.0.1:$port/v2/\" || true)\"\n\
         \x20   [ \"$status\" != 000 ] && break\n\
         \x20   sleep 1\n\
         done\n\
         \n\
         log=\"$(kubectl logs {kind}/\"$registry\" --namespace \"$namespace\" --tail=500 2>&1 || true)\"\n\
         problems=0\n\
         hint() {{ if printf '%s' \"$log\" | grep -qi -- \"$1\"; then echo \"  log says '$1': $2\" >&2; problems=1; fi; }}\n",
        namespace = quote(platform.namespace.as_str()),
        registry = quote(&format!("{}-registry", platform.release.as_str())),
        port = REGISTRY_PORT,
        target = {
            let mut lines = String::new();
            crate::render::commands::wrap(
                &mut lines,
                "# For ",
                "# ",
                &format!("{}.", crate::render::steps::target(platform)),
            );
            lines
        },
    );
    for (sign, what) in SIGNS {
        script.push_str(&format!("hint {} {}\n", quote(sign), quote(what)));
    }
    if inventory::checked(config)
        && let Some(check) = inventory::check(config)
    {
        script.push_str(&check);
    }
    script.push_str(
        "\ncase \"$status\" in\n\
         \x20   200|401) echo \"The registry answers /v2/ ($status).\" ;;\n\
         \x20   *) echo \"verify.sh: the registry answered /v2/ with $status.\" >&2; problems=1 ;;\n\
         esac\n\
         if [ \"$problems\" != 0 ]; then\n\
         \x20   echo \"verify.sh: the registry does not read its storage yet; see the lines above and:\" >&2\n\
         \x20   echo \"  kubectl logs deployment-or-statefulset/$registry --namespace $namespace\" >&2\n\
         \x20   exit 1\n\
         fi\n\
         echo \"The registry runs and its log shows no storage error.\"\n",
    );
    script.replace("deployment-or-statefulset", kind)
}
