//! The steps that move the images to the new storage: the copy Jobs of
//! `render::migrate` around the upgrade, the provider's own copy command from
//! another bucket, and how to roll back.

use super::cloud::{self, AZURE_KEY, S3_KEYS};
use super::{FILES_NOTE, Runner, Step, beside};
use crate::model::SecretName;
use crate::render::migrate::{Pass, claim, copy_secret, needs_service_account, passes, target};
use crate::render::rename::{self, Rename};
use crate::render::shell::quote;
use crate::settings::{AzureAuth, Backend, Config, S3Credentials};

/// Runs one pass's Job again from scratch, waits until it completes or fails,
/// shows its count line, and fails the script when the copy failed.
fn run_pass(config: &Config, pass: Pass) -> Vec<String> {
    run_job(config, &pass.job(config.platform.release.as_str()), pass.file())
}

/// How long the wait for a copy Job lasts, in seconds, unless the variable
/// `COPY_TIMEOUT` says otherwise.
pub const COPY_TIMEOUT_DEFAULT: u32 = 6 * 3600;

/// What a step that waits for a Job says about the wait and the files.
fn wait_note() -> String {
    format!(
        "The wait prints the Job's state each minute and gives up after {} hours (set `COPY_TIMEOUT` to other seconds). {FILES_NOTE}",
        COPY_TIMEOUT_DEFAULT / 3600
    )
}

/// Runs the Job `job` of the manifest `file` again from scratch and waits
/// until it completes or fails: a line a minute with the Job's state, a
/// deadline (`COPY_TIMEOUT` seconds, six hours unless set), then its last
/// log line, and a failure that names `kubectl logs` when the Job failed or
/// the deadline passed. The wait is one subshell, so its `exit` and its
/// variables stay inside when it is pasted.
fn run_job(config: &Config, job: &str, file: &str) -> Vec<String> {
    let namespace = quote(config.platform.namespace.as_str()).into_owned();
    let job = quote(job).into_owned();
    let logs = format!("kubectl logs job/{job} --namespace {namespace}");
    vec![
        format!("kubectl delete job {job} --namespace {namespace} --ignore-not-found"),
        format!("kubectl apply -f {}", beside(file)),
        format!(
            concat!(
                "(limit=\"${{COPY_TIMEOUT:-{limit}}}\"; start=\"$(date +%s)\"; shown=-60; ",
                "while state=\"$(kubectl get job {job} --namespace {namespace} -o jsonpath='{{.status.conditions[?(@.status==\"True\")].type}}')\"; do ",
                "case \"$state\" in *Complete*|*Failed*) break ;; esac; ",
                "waited=$(($(date +%s) - start)); ",
                "if [ \"$waited\" -ge \"$limit\" ]; then echo \"job/{job} has not finished after ${{waited}}s (COPY_TIMEOUT=$limit): it keeps running; see {logs}\" >&2; exit 1; fi; ",
                "if [ $((waited - shown)) -ge 60 ]; then echo \"job/{job}: ${{state:-running}} after ${{waited}}s\"; shown=$waited; fi; ",
                "sleep 10; done; ",
                "{logs} --tail=1; ",
                "case \"$state\" in *Complete*) echo \"job/{job}: Complete\" ;; ",
                "*) echo \"job/{job}: ${{state:-not found}}; see {logs}\" >&2; exit 1 ;; esac)"
            ),
            limit = COPY_TIMEOUT_DEFAULT,
            job = job,
            namespace = namespace,
            logs = logs,
        ),
    ]
}

/// The keys the copy needs in a Secret of its own when config.yaml holds them
/// inline: the Job cannot read config.yaml.
fn copy_keys(config: &Config) -> Option<cloud::SecretKeys> {
    match &config.backend {
        Backend::S3(s3) => match s3.credentials {
            S3Credentials::Static { .. } => Some(S3_KEYS),
            S3Credentials::InSecret { .. }
            | S3Credentials::Irsa { .. }
            | S3Credentials::PodIdentity { .. }
            | S3Credentials::DefaultChain => None,
        },
        Backend::Azure(azure) => match azure.auth {
            AzureAuth::Key(_) => Some(AZURE_KEY),
            AzureAuth::InSecret { .. } => None,
        },
        Backend::Gcs(_) | Backend::Volume(_) => None,
    }
}

/// The Secret a copy Job reads the keys from when config.yaml holds them.
fn copy_secret_step(steps: &mut Vec<Step>, config: &Config) {
    let release = config.platform.release.as_str();
    if let Some(keys) = copy_keys(config)
        && let Ok(name) = SecretName::parse(&copy_secret(release))
    {
        let mut step = cloud::secret_step(&config.platform, &name, keys);
        step.text = format!(
            "The copy runs in the cluster and cannot read config.yaml: give it the same keys in the Secret {} (delete it once the move is done). {}",
            name.as_str(),
            step.text
        );
        steps.push(step);
    }
}

/// Before the upgrade: the copy's Secret, and the first copy while the old
/// registry still serves from the volume.
pub fn before_upgrade(steps: &mut Vec<Step>, config: &Config) {
    let release = config.platform.release.as_str();
    copy_secret_step(steps, config);
    if passes(config).contains(&Pass::First) {
        steps.push(Step {
            text: format!(
                "Copy the images from the registry's volume (claim {}) to the new storage while the registry still runs on it: the Job in migrate-job-1.yaml runs on the registry's node and ends by comparing the number of files on the volume with the objects in the store. {}",
                claim(release),
                wait_note()
            ),
            commands: run_pass(config, Pass::First),
            runner: Runner::Script,
        });
    }
}

/// After the upgrade: the final copy, from the claim the chart keeps when the
/// StatefulSet becomes a Deployment.
pub fn after_upgrade(steps: &mut Vec<Step>, config: &Config) {
    let release = config.platform.release.as_str();
    let why = if needs_service_account(config) {
        "The copy runs as the registry's ServiceAccount, which the upgrade creates, so it starts now: images pushed before the switch can be pulled again once it completes."
    } else {
        "It takes what was pushed between the first copy and the upgrade."
    };
    steps.push(Step {
        text: format!(
            "Copy from the volume again: the upgrade kept the claim {} when the registry became a Deployment. {why} The Job in migrate-job-2.yaml fails if the store holds fewer files than the volume. {}",
            claim(release),
            wait_note()
        ),
        commands: run_pass(config, Pass::Final),
        runner: Runner::Script,
    });
}

/// How to go back, and when the old volume may go.
pub fn roll_back(config: &Config) -> Step {
    let release = config.platform.release.as_str();
    let namespace = config.platform.namespace.as_str();
    let mut text = format!(
        "Nothing was deleted: to go back, set persistence.enabled: true and the new storage's enabled: false in the platform's config file and upgrade again; the registry reads the volume as before. Once verify.sh passes and deployments pull their images, the old volume may go with `kubectl delete pvc {} --namespace {namespace}`.",
        claim(release)
    );
    if copy_keys(config).is_some() {
        text.push_str(&format!(
            " Delete the copy's Secret too: `kubectl delete secret {} --namespace {namespace}`.",
            copy_secret(release)
        ));
    }
    Step::say(text)
}

/// From another bucket or container: the provider's own copy command, by hand.
pub fn from_store(config: &Config, source: &str) -> Step {
    let (command, caveat) = match &config.backend {
        Backend::S3(s3) => {
            let destination = target(
                "s3",
                s3.bucket.as_str(),
                s3.root_directory.as_ref().map(|dir| dir.as_str()),
            );
            (
                format!(
                    "aws s3 sync {} {}",
                    quote(&format!("s3://{source}/")),
                    quote(&destination)
                ),
                "If the old bucket used a root directory, add it to the source; with a region endpoint add --endpoint-url.",
            )
        }
        Backend::Gcs(gcs) => {
            let destination = target(
                "gs",
                gcs.bucket.as_str(),
                gcs.root_directory.as_ref().map(|dir| dir.as_str()),
            );
            (
                format!(
                    "gcloud storage rsync --recursive {} {}",
                    quote(&format!("gs://{source}/")),
                    quote(&destination)
                ),
                "If the old bucket used a root directory other than /, add it to the source.",
            )
        }
        Backend::Azure(azure) => (
            format!(
                "az storage copy --source {} --destination {} --recursive",
                quote(&format!(
                    "https://{}.blob.{}/{source}",
                    azure.account_name.as_str(),
                    azure.realm.as_str()
                )),
                quote(&format!(
                    "https://{}.blob.{}/{}",
                    azure.account_name.as_str(),
                    azure.realm.as_str(),
                    azure.container.as_str()
                ))
            ),
            "It signs in with your Azure CLI login, which needs access to both containers.",
        ),
        Backend::Volume(_) => return Step::say("Nothing to copy."),
    };
    Step {
        text: format!(
            "Copy the images from {source} to the new storage with the provider's own tool, now and once more after the upgrade (it copies only what changed). {caveat}"
        ),
        commands: vec![command],
        runner: Runner::ByHand,
    }
}

/// Before an upgrade across the Azure naming line: the copy's Secret, and
/// the Job that gives every blob the name the new registry reads.
pub fn rename_before(steps: &mut Vec<Step>, config: &Config) {
    let Some(job) = rename::job(config, Rename::Upgrade) else {
        return;
    };
    copy_secret_step(steps, config);
    steps.push(Step {
        text: format!(
            "Copy every blob of the container to the name the new registry reads (`/docker/...` to `docker/...`, in the container itself), before the upgrade: the Job in {} never overwrites a name that exists, and fails unless every old name has its new one. The old names stay, so the old release still reads everything. {}",
            job.file,
            wait_note()
        ),
        commands: run_job(config, &job.name, job.file),
        runner: Runner::Script,
    });
}

/// After verify.sh passes on the new release: remove the old names.
pub fn rename_after(steps: &mut Vec<Step>, config: &Config) {
    let Some(job) = rename::job(config, Rename::CleanUp) else {
        return;
    };
    steps.push(Step {
        text: format!(
            "Only once verify.sh passes and deployments pull their images: remove the old `/docker/...` names, which the new registry never reads or cleans up. The Job in {} deletes nothing unless every old name has its new one. Keep them instead while you may still go back. {}",
            job.file,
            wait_note()
        ),
        commands: run_job(config, &job.name, job.file),
        runner: Runner::ByHand,
    });
}

/// Going back across the Azure naming line: the images pushed since the
/// upgrade exist only under the new names.
pub fn rename_go_back(config: &Config) -> Option<Step> {
    let job = rename::job(config, Rename::GoBack)?;
    Some(Step {
        text: format!(
            "If you go back to the old release: images pushed since the upgrade have only the names the new registry writes. Before going back, the Job in {} copies them to the old names (never over a name that exists), as the upgrade did the other way. {FILES_NOTE}",
            job.file
        ),
        commands: vec![format!("kubectl apply -f {}", beside(job.file))],
        runner: Runner::ByHand,
    })
}
