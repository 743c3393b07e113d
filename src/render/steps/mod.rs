//! The apply steps, built once as data and rendered twice: as the numbered
//! comments and commands of `commands.sh` (`render::commands`) and as the
//! "Apply it" list of the page (`ui::outputs`). The cloud-side steps of each
//! credential mode are in `cloud`.

mod cloud;
mod copy;

pub use cloud::{KMS_STATEMENT_FILE, kms_sid, policy_name};

use crate::model::{HostPath, Namespace};
use crate::render::shell::{quote, quote_path};
use crate::render::{inventory, migrate, upgrade};
use crate::settings::{Backend, Config, GcsAuth, Migration, PlaneMode, Platform};

/// The name of the Secret the chart mounts for GCS, and the data key inside it;
/// neither is configurable in the chart.
const GCS_KEYFILE_SECRET: &str = "astronomer-gcs-keyfile";

/// The platform's config file inside `commands.sh` (its first argument); the
/// page tells a user who runs the commands by hand to set it the same way.
pub const CONFIG_VARIABLE: &str = "config";

/// The folder of the generated files inside `commands.sh`, which sets it to
/// its own folder; a step that reads one of them says to set it when pasted.
pub const FILES_VARIABLE: &str = "here";

/// What a step that reads the generated files says about `$here`.
const FILES_NOTE: &str =
    "Pasted into a shell, set `here=path/to/the/files` first (commands.sh sets it to its own folder).";

/// A generated file as one shell word, found beside `commands.sh` wherever
/// it is run from.
fn beside(name: &str) -> String {
    format!("\"${FILES_VARIABLE}/{name}\"")
}

/// A generated file as the AWS CLI reads a document: `"file://$here/name"`.
fn file_url(name: &str) -> String {
    format!("\"file://${FILES_VARIABLE}/{name}\"")
}

/// The release the files are for, its namespace and chart, and what it is
/// in a 1.x or 2.x install: the header of `commands.sh` and `verify.sh`.
pub fn target(platform: &Platform) -> String {
    let chart = match platform.from {
        Some(from) => format!("chart {from}, to be upgraded to {}", platform.chart),
        None => format!("chart {}", platform.chart),
    };
    let plane = match platform.plane {
        None => "",
        Some(PlaneMode::Unified) => ", which runs the control plane and a data plane",
        Some(PlaneMode::Data) => ", a data plane",
        Some(PlaneMode::Control) => {
            ", a data plane (the control-plane release runs no registry: these files are for a data plane's release and cluster)"
        }
    };
    format!(
        "the release {} in the namespace {} ({chart}){plane}",
        platform.release.as_str(),
        platform.namespace.as_str()
    )
}

/// The astronomer chart repository.
const HELM_REPO: &str = "https://helm.astronomer.io";

/// Who runs a step's commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runner {
    /// `commands.sh` runs them.
    Script,
    /// The user runs them elsewhere (another account, another tool, with a
    /// name of their choice); the script only shows them as comments.
    ByHand,
}

/// One numbered step: what to do and why, and the commands for it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Sentences; `backticked` parts are code.
    pub text: String,
    /// Whole command lines, each safe to paste into a POSIX shell.
    pub commands: Vec<String>,
    pub runner: Runner,
}

impl Step {
    fn say(text: impl Into<String>) -> Step {
        Step {
            text: text.into(),
            commands: Vec::new(),
            runner: Runner::ByHand,
        }
    }

    fn run(text: impl Into<String>, command: String) -> Step {
        Step {
            text: text.into(),
            commands: vec![command],
            runner: Runner::Script,
        }
    }

    fn by_hand(text: impl Into<String>, command: String) -> Step {
        Step {
            text: text.into(),
            commands: vec![command],
            runner: Runner::ByHand,
        }
    }
}

/// Creates or updates the Secret holding the GCS key, exactly as the chart
/// mounts it; the key file is read by kubectl on the admin's machine.
fn gcs_secret_command(namespace: &Namespace, source: &HostPath) -> String {
    format!(
        "kubectl create secret generic {GCS_KEYFILE_SECRET} --from-file={GCS_KEYFILE_SECRET}={path} \
         --namespace {namespace} --dry-run=client -o yaml | kubectl apply -f -",
        path = quote_path(source.as_str()),
        namespace = quote(namespace.as_str()),
    )
}

/// The documented way to apply a platform configuration change, with the
/// platform's config file, pinned to the installed chart version.
fn helm_upgrade_command(platform: &Platform) -> String {
    format!(
        "helm upgrade {release} astronomer/astronomer -f \"${CONFIG_VARIABLE}\" --version {chart} --namespace {namespace}",
        release = quote(platform.release.as_str()),
        chart = quote(&platform.chart.to_string()),
        namespace = quote(platform.namespace.as_str()),
    )
}

/// The steps for this configuration, in order.
pub fn apply_steps(config: &Config) -> Vec<Step> {
    let platform = &config.platform;
    let mut steps = Vec::new();
    match &config.backend {
        Backend::Gcs(gcs) => match &gcs.auth {
            GcsAuth::KeyFile { source } => {
                steps.push(Step::say(format!(
                    "Give the service account of the key the Storage Legacy Bucket Owner and Storage Object Admin roles on the bucket gs://{}.",
                    gcs.bucket.as_str()
                )));
                steps.push(Step::run(
                    format!(
                        "Store the service account JSON key in the Secret that the chart mounts into the registry pod: its name and its data key must both be {GCS_KEYFILE_SECRET}, in the namespace {}. Safe to re-run: it creates or updates the Secret.",
                        platform.namespace.as_str()
                    ),
                    gcs_secret_command(&platform.namespace, source),
                ));
            }
            GcsAuth::WorkloadIdentity { account } => cloud::workload_identity(&mut steps, config, gcs, account),
        },
        Backend::S3(s3) if s3.is_compatible_store() => {
            steps.push(Step::say(
                "In the S3-compatible store, give the user whose keys the registry uses the permissions in iam-policy.json on the bucket (the store's own tools: e.g. MinIO's `mc admin policy create` and `mc admin policy attach` read this policy syntax).",
            ));
            if let Some(name) = s3.credentials.secret() {
                steps.push(cloud::secret_step(platform, name, cloud::S3_KEYS));
            }
        }
        Backend::S3(s3) => cloud::aws(&mut steps, config, s3),
        Backend::Azure(azure) => {
            steps.push(Step::say(format!(
                "Check that the container {} exists in the storage account {}.",
                azure.container.as_str(),
                azure.account_name.as_str()
            )));
            if let Some(name) = azure.auth.secret() {
                steps.push(cloud::secret_step(platform, name, cloud::AZURE_KEY));
            }
        }
        Backend::Volume(volume) if volume.size.is_some() || volume.storage_class.is_some() => {
            steps.push(Step::say(
                "Kubernetes cannot change the volume claim of a running StatefulSet: if the registry already runs on a volume of another size or class, the upgrade below fails with \"updates to statefulset spec ... are forbidden\". Resize the existing claim instead (`kubectl edit pvc`, when its StorageClass allows expansion).",
            ));
        }
        Backend::Volume(_) => {}
    }
    let from_volume = migrate::copies_volume(config);
    if from_volume {
        copy::before_upgrade(&mut steps, config);
    }
    if let Migration::FromStore { source } = &config.migration {
        steps.push(copy::from_store(config, source));
    }
    if inventory::checked(config)
        && let Some(command) = inventory::record(config)
    {
        steps.push(Step::run(
            format!(
                "Record what the registry holds now (one repository:tag line per tag, read from the storage with your own {} login, under the names {} reads) in {} beside the files, so that verify.sh can check that the upgraded registry still finds every image. {FILES_NOTE}",
                provider_cli(config),
                platform.from.map(|from| from.registry().name()).unwrap_or_default(),
                inventory::FILE
            ),
            command,
        ));
    }
    if upgrade::renames_azure_blobs(config) {
        copy::rename_before(&mut steps, config);
    }
    steps.push(Step::say(
        "Merge config.yaml into the platform's config file: replace its astronomer.registry block and keep everything else.",
    ));
    let which = match platform.plane {
        Some(PlaneMode::Control) => format!(
            "the data-plane release {} (the control-plane release runs no registry; repeat for each data plane, with its own config file, release and namespace)",
            platform.release.as_str()
        ),
        Some(PlaneMode::Unified | PlaneMode::Data) | None => format!("the release {}", platform.release.as_str()),
    };
    let pinned = match platform.from {
        Some(from) => format!("from chart {from} to chart {}, pinned to that version", platform.chart),
        None => format!(
            "pinned to chart {} so that only the configuration changes",
            platform.chart
        ),
    };
    steps.push(Step {
        text: format!(
            "Apply the change: upgrade {which} with the platform's config file, {pinned}. The astronomer Helm repository is added if it is missing and its index updated first, so that Helm finds that chart."
        ),
        commands: vec![
            format!("helm repo list 2>/dev/null | grep -q '{HELM_REPO}' || helm repo add astronomer {HELM_REPO}"),
            "helm repo update astronomer".to_owned(),
            helm_upgrade_command(platform),
        ],
        runner: Runner::Script,
    });
    if from_volume {
        copy::after_upgrade(&mut steps, config);
    }
    steps.push(Step::by_hand(
        format!("Once the upgrade is done, check that the registry runs and reads the storage: verify.sh waits for it, asks it for its API root and looks through its log. {FILES_NOTE}"),
        format!("bash {}", beside("verify.sh")),
    ));
    if from_volume {
        steps.push(copy::roll_back(config));
    }
    let renames = upgrade::renames_azure_blobs(config);
    if renames {
        copy::rename_after(&mut steps, config);
    }
    if let Some(from) = platform.from {
        if renames && let Some(step) = copy::rename_go_back(config) {
            steps.push(step);
        }
        steps.push(Step::say(format!(
            "To go back to {from}: upgrade again with the config file you had before, pinned to {from} (`helm rollback` does the same). Images pushed since the upgrade are in the storage the new release wrote; the old release reads them only where both name them alike."
        )));
    }
    steps
}

/// The command-line tool that reads the storage from the admin's machine.
fn provider_cli(config: &Config) -> &'static str {
    match config.backend {
        Backend::S3(_) => "AWS CLI",
        Backend::Gcs(_) => "gcloud",
        Backend::Azure(_) => "Azure CLI (`az login`)",
        Backend::Volume(_) => "kubectl",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BackendKind;
    use crate::settings::FieldId;
    use crate::state::{Action, Draft};
    use crate::validate::validate;

    fn config(backend: BackendKind, fields: &[(FieldId, &str)]) -> Config {
        let mut draft = Draft::default();
        draft.apply(Action::SetBackend(backend));
        draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
        // The copy steps have their own test below.
        draft.apply(Action::SetField(FieldId::MigrateFrom, "none".into()));
        for (field, value) in fields {
            draft.apply(Action::SetField(*field, (*value).to_owned()));
        }
        validate(&draft).config.expect("a valid draft")
    }

    /// Step texts and commands, one string each, for compact expectations.
    fn outline(config: &Config) -> Vec<String> {
        apply_steps(config)
            .into_iter()
            .map(|step| {
                let mut line = step.text;
                for command in step.commands {
                    line.push_str(" $ ");
                    line.push_str(&command);
                }
                line
            })
            .collect()
    }

    #[test]
    fn gcs_steps_grant_the_roles_create_the_secret_then_upgrade() {
        let steps = outline(&config(
            BackendKind::Gcs,
            &[
                (FieldId::GcsBucket, "my-gcs-bucket"),
                (FieldId::GcsKeyFile, "/tmp/my key.json"),
            ],
        ));
        assert_eq!(steps.len(), 5, "{steps:#?}");
        assert!(steps[0].contains("gs://my-gcs-bucket"));
        assert!(
            steps[1].contains("--from-file=astronomer-gcs-keyfile='/tmp/my key.json'"),
            "{}",
            steps[1]
        );
        assert!(steps[2].starts_with("Merge config.yaml"));
        assert!(
            steps[3].ends_with("-f \"$config\" --version 0.37.4 --namespace astronomer"),
            "{}",
            steps[3]
        );
        assert!(steps[4].ends_with("$ bash \"$here/verify.sh\""), "{}", steps[4]);
    }

    #[test]
    fn s3_steps_name_the_principal_and_the_kms_key() {
        let with_keys = outline(&config(
            BackendKind::S3,
            &[
                (FieldId::S3Bucket, "my-s3-bucket"),
                (FieldId::S3Region, "us-east-1"),
                (FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE"),
                (FieldId::S3SecretKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                (FieldId::S3Encrypt, "true"),
                (FieldId::S3KeyId, "alias/registry"),
            ],
        ));
        assert!(with_keys[0].contains("aws iam create-policy"));
        assert!(with_keys[0].contains("IAM user"));
        assert!(with_keys[1].contains("key user of alias/registry"));
        assert!(
            with_keys.iter().all(|step| !step.contains("wJalrXUtnFEMI")),
            "{with_keys:#?}"
        );

        let node_role = outline(&config(
            BackendKind::S3,
            &[
                (FieldId::S3Bucket, "b-1"),
                (FieldId::S3Region, "eu-west-1"),
                (FieldId::S3Credentials, "node-role"),
            ],
        ));
        assert!(node_role[0].contains("role of the nodes"), "{}", node_role[0]);
        assert_eq!(node_role.len(), 4, "{node_role:#?}");
    }

    #[test]
    fn keyless_modes_create_the_role_and_bind_the_service_account() {
        let role = "arn:aws:iam::123456789012:role/platform/astronomer-registry";
        let irsa = outline(&config(
            BackendKind::S3,
            &[
                (FieldId::S3Bucket, "b-1"),
                (FieldId::S3Region, "us-east-1"),
                (FieldId::S3Credentials, "irsa"),
                (FieldId::S3RoleArn, role),
                (FieldId::S3OidcProvider, "oidc.eks.us-east-1.amazonaws.com/id/ABC"),
                (FieldId::S3Encrypt, "true"),
                (FieldId::S3KeyId, "alias/registry"),
            ],
        ));
        // The policy's name carries the namespace and the release: one per plane.
        assert!(irsa[0].contains("if aws iam get-policy --policy-arn arn:aws:iam::123456789012:policy/astronomer-registry-astronomer-astronomer >/dev/null 2>&1; then echo"), "{}", irsa[0]);
        assert!(irsa[0].contains("--role-name astronomer-registry --path /platform/ --assume-role-policy-document \"file://$here/trust-policy.json\""), "{}", irsa[0]);
        // An existing role's trust policy is compared, shown and updated.
        assert!(irsa[0].contains("diff -w - \"$here/trust-policy.json\""), "{}", irsa[0]);
        assert!(irsa[0].contains("aws iam update-assume-role-policy --role-name astronomer-registry --policy-document \"file://$here/trust-policy.json\""), "{}", irsa[0]);
        assert!(
            irsa[0].contains("aws iam attach-role-policy --role-name astronomer-registry"),
            "{}",
            irsa[0]
        );
        assert!(irsa[1].contains("associate-iam-oidc-provider"), "{}", irsa[1]);
        assert!(irsa[2].contains("kms-key-statement.json"), "{}", irsa[2]);
        assert!(
            irsa[2].contains("aws kms get-key-policy") && irsa[2].contains("aws kms put-key-policy"),
            "{}",
            irsa[2]
        );

        let pod_identity = outline(&config(
            BackendKind::S3,
            &[
                (FieldId::S3Bucket, "b-1"),
                (FieldId::S3Region, "us-east-1"),
                (FieldId::S3Credentials, "pod-identity"),
                (FieldId::S3RoleArn, role),
                (FieldId::S3EksCluster, "prod"),
                (FieldId::S3Encrypt, "true"),
                (FieldId::S3KeyId, "alias/aws/s3"),
            ],
        ));
        assert!(
            pod_identity[1].contains("create-pod-identity-association --cluster-name prod --namespace astronomer --service-account astronomer-registry --role-arn"),
            "{}",
            pod_identity[1]
        );
        assert!(
            pod_identity.iter().all(|step| !step.contains("AWS KMS")),
            "no key-user step for the AWS managed key: {pod_identity:#?}"
        );

        let workload_identity = outline(&config(
            BackendKind::Gcs,
            &[
                (FieldId::GcsBucket, "my-gcs-bucket"),
                (FieldId::GcsCredentials, "workload-identity"),
                (
                    FieldId::GcsServiceAccount,
                    "registry@my-project.iam.gserviceaccount.com",
                ),
            ],
        ));
        assert!(workload_identity[0].contains("--role=roles/storage.objectAdmin"));
        assert!(
            workload_identity[1]
                .contains("--member='serviceAccount:my-project.svc.id.goog[astronomer/astronomer-registry]'"),
            "{}",
            workload_identity[1]
        );
        assert!(
            workload_identity[2].contains("roles/iam.serviceAccountTokenCreator"),
            "registry 3.x signs URLs"
        );
    }

    #[test]
    fn images_on_the_volume_are_copied_before_and_after_the_upgrade() {
        let keys = [
            (FieldId::S3Bucket, "b-1"),
            (FieldId::S3Region, "us-east-1"),
            (FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE"),
            (FieldId::S3SecretKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            (FieldId::MigrateFrom, "volume"),
        ];
        let steps = outline(&config(BackendKind::S3, &keys));
        let position = |part: &str| {
            steps
                .iter()
                .position(|step| step.contains(part))
                .unwrap_or_else(|| panic!("no step with {part}: {steps:#?}"))
        };
        // Inline keys: the copy gets them in a Secret of its own, from prompts.
        assert!(
            steps[position("kubectl create secret generic astronomer-registry-migrate")]
                .contains("IFS= read -rs value")
        );
        assert!(position("astronomer-registry-migrate ") < position("kubectl apply -f \"$here/migrate-job-1.yaml\""));
        assert!(position("migrate-job-1.yaml") < position("helm upgrade"));
        assert!(position("helm upgrade") < position("kubectl apply -f \"$here/migrate-job-2.yaml\""));
        let last = steps.last().expect("steps");
        assert!(last.contains("kubectl delete pvc data-astronomer-registry-0"), "{last}");
        assert!(
            last.contains("kubectl delete secret astronomer-registry-migrate"),
            "{last}"
        );

        // As the registry's own ServiceAccount, the copy can only start after
        // the upgrade made it: one pass.
        let irsa = outline(&config(
            BackendKind::S3,
            &[
                (FieldId::S3Bucket, "b-1"),
                (FieldId::S3Region, "us-east-1"),
                (FieldId::S3Credentials, "irsa"),
                (FieldId::S3RoleArn, "arn:aws:iam::123456789012:role/registry"),
                (FieldId::S3OidcProvider, "oidc.eks.us-east-1.amazonaws.com/id/ABC"),
                (FieldId::MigrateFrom, "volume"),
            ],
        ));
        assert!(
            irsa.iter().all(|step| !step.contains("migrate-job-1.yaml")),
            "{irsa:#?}"
        );
        assert!(
            irsa.iter()
                .any(|step| step.contains("ServiceAccount, which the upgrade creates"))
        );

        let from_bucket = outline(&config(
            BackendKind::Gcs,
            &[
                (FieldId::GcsBucket, "new-bucket"),
                (FieldId::GcsKeyFile, "/tmp/key.json"),
                (FieldId::MigrateFrom, "store"),
                (FieldId::MigrateSource, "old-bucket"),
            ],
        ));
        assert!(
            from_bucket
                .iter()
                .any(|step| step.contains("$ gcloud storage rsync --recursive gs://old-bucket/ gs://new-bucket/")),
            "{from_bucket:#?}"
        );

        // The hand-run copy writes where the registry reads, as the Job does.
        let into_root = outline(&config(
            BackendKind::Gcs,
            &[
                (FieldId::GcsBucket, "new-bucket"),
                (FieldId::GcsKeyFile, "/tmp/key.json"),
                (FieldId::GcsRootDirectory, "/registry"),
                (FieldId::MigrateFrom, "store"),
                (FieldId::MigrateSource, "old-bucket"),
            ],
        ));
        assert!(
            into_root
                .iter()
                .any(|step| step
                    .contains("$ gcloud storage rsync --recursive gs://old-bucket/ gs://new-bucket/registry/")),
            "{into_root:#?}"
        );
    }

    #[test]
    fn secrets_are_created_from_prompts_never_from_the_command_line() {
        let steps = outline(&config(
            BackendKind::Azure,
            &[
                (FieldId::AzureAccountName, "mystorageaccount"),
                (FieldId::AzureCredentials, "key-secret"),
                (FieldId::AzureContainer, "images"),
            ],
        ));
        let secret = steps
            .iter()
            .find(|step| step.contains("kubectl create secret"))
            .expect("a Secret step");
        assert!(
            secret.contains("printf '%s: ' 'Storage account key' >&2; IFS= read -rs value || exit 1"),
            "{secret}"
        );
        // One subshell: its umask and trap end with it.
        assert!(
            secret.starts_with("Create or update")
                && secret.contains(" $ (umask 077; ")
                && secret.ends_with("kubectl apply -f -)"),
            "{secret}"
        );
        assert!(
            secret.contains("kubectl create secret generic astronomer-registry-azure --from-file=accountkey=\"$secret_dir/accountkey\""),
            "{secret}"
        );
    }

    #[test]
    fn volume_and_azure_steps_end_with_the_upgrade() {
        let volume = outline(&config(
            BackendKind::Volume,
            &[(FieldId::Release, "platform"), (FieldId::Namespace, "astro")],
        ));
        assert_eq!(volume.len(), 3);
        assert!(
            volume[1].contains(
                "helm upgrade platform astronomer/astronomer -f \"$config\" --version 0.37.4 --namespace astro"
            )
        );

        let resized = outline(&config(BackendKind::Volume, &[(FieldId::VolumeSize, "200Gi")]));
        assert_eq!(resized.len(), 4);
        assert!(resized[0].contains("kubectl edit pvc"), "{}", resized[0]);

        let azure = outline(&config(
            BackendKind::Azure,
            &[
                (FieldId::AzureAccountName, "mystorageaccount"),
                (
                    FieldId::AzureAccountKey,
                    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
                ),
                (FieldId::AzureContainer, "images"),
            ],
        ));
        assert!(azure[0].contains("container images exists in the storage account mystorageaccount"));
        assert!(azure.iter().all(|step| !step.contains("Eby8vdM")));
    }
}
