//! The apply steps shown under the files: the docs' numbered steps, filled in
//! with the user's values. The commands are the same ones `commands.sh` runs.

use crate::model::{Backend, Config, GcsAuth, S3Credentials, S3Encryption};
use crate::render::commands::{CREATE_POLICY_EXAMPLE, gcs_secret_command, helm_upgrade_command};

/// One numbered step: what to do, and the command for it, if there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub text: String,
    pub command: Option<String>,
}

impl Step {
    fn say(text: impl Into<String>) -> Step {
        Step {
            text: text.into(),
            command: None,
        }
    }

    fn run(text: impl Into<String>, command: String) -> Step {
        Step {
            text: text.into(),
            command: Some(command),
        }
    }
}

/// The steps for this configuration, in order.
pub fn apply_steps(config: &Config) -> Vec<Step> {
    let platform = &config.platform;
    let mut steps = Vec::new();
    match &config.backend {
        Backend::Gcs(gcs) => {
            steps.push(Step::say(format!(
                "Give the service account of the key the Storage Legacy Bucket Owner and Storage Object Admin roles on the bucket gs://{}.",
                gcs.bucket.as_str()
            )));
            match &gcs.auth {
                GcsAuth::KeyFile { source } => steps.push(Step::run(
                    format!(
                        "Create the Secret astronomer-gcs-keyfile in the namespace {} from the key file (the chart mounts it under exactly that name):",
                        platform.namespace.as_str()
                    ),
                    gcs_secret_command(&platform.namespace, source),
                )),
            }
        }
        Backend::S3(s3) if s3.is_compatible_store() => {
            steps.push(Step::say(
                "In the S3-compatible store, give the user whose keys the registry uses the permissions in iam-policy.json on the bucket (MinIO, for one, reads this policy syntax).",
            ));
        }
        Backend::S3(s3) => {
            steps.push(Step::run(
                "Create an IAM policy from iam-policy.json:",
                CREATE_POLICY_EXAMPLE.trim().to_owned(),
            ));
            steps.push(Step::say(match s3.credentials {
                S3Credentials::Static { .. } => {
                    "Create an IAM user, attach the policy to it and create its access key: those are the keys in config.yaml."
                }
                S3Credentials::DefaultChain => {
                    "Attach the policy to the IAM role the registry runs as: the nodes' instance role, or with IRSA the role in the eks.amazonaws.com/role-arn annotation of the registry's ServiceAccount."
                }
            }));
            if let S3Encryption::Kms(key) = &s3.encryption {
                steps.push(Step::say(format!(
                    "In AWS KMS, add that user or role as a key user of {}.",
                    key.as_str()
                )));
            }
        }
        Backend::Azure(azure) => steps.push(Step::say(format!(
            "Check that the container {} exists in the storage account {}.",
            azure.container.as_str(),
            azure.account_name.as_str()
        ))),
        Backend::Volume(_) => {}
    }
    steps.push(Step::say(
        "Merge config.yaml into the platform's config.yaml: replace its astronomer.registry block and keep everything else.",
    ));
    steps.push(Step::run(
        format!(
            "Apply the change with a Helm upgrade of the release {}, pinned to chart {}:",
            platform.release.as_str(),
            platform.chart
        ),
        helm_upgrade_command(platform, "config.yaml"),
    ));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FieldId;
    use crate::model::BackendKind;
    use crate::state::{Action, Draft};
    use crate::validate::validate;

    fn config(backend: BackendKind, fields: &[(FieldId, &str)]) -> Config {
        let mut draft = Draft::default().with(Action::SetBackend(backend));
        draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
        for (field, value) in fields {
            draft.apply(Action::SetField(*field, (*value).to_owned()));
        }
        validate(&draft).config.expect("a valid draft")
    }

    /// Step texts and commands, one string each, for compact expectations.
    fn outline(config: &Config) -> Vec<String> {
        apply_steps(config)
            .into_iter()
            .map(|step| match step.command {
                Some(command) => format!("{} $ {command}", step.text),
                None => step.text,
            })
            .collect()
    }

    #[test]
    fn gcs_steps_create_the_secret_then_upgrade() {
        let steps = outline(&config(
            BackendKind::Gcs,
            &[
                (FieldId::GcsBucket, "my-gcs-bucket"),
                (FieldId::GcsKeyFile, "/tmp/my key.json"),
            ],
        ));
        assert_eq!(steps.len(), 4, "{steps:#?}");
        assert!(steps[0].contains("gs://my-gcs-bucket"));
        assert!(
            steps[1].contains("--from-file=astronomer-gcs-keyfile='/tmp/my key.json'"),
            "{}",
            steps[1]
        );
        assert!(steps[2].starts_with("Merge config.yaml"));
        assert!(
            steps[3].ends_with("--version 0.37.4 --namespace astronomer"),
            "{}",
            steps[3]
        );
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
        assert!(with_keys[1].contains("IAM user"));
        assert!(with_keys[2].contains("key user of alias/registry"));
        assert!(
            with_keys.iter().all(|step| !step.contains("wJalrXUtnFEMI")),
            "{with_keys:#?}"
        );

        let role = outline(&config(
            BackendKind::S3,
            &[(FieldId::S3Bucket, "b-1"), (FieldId::S3Region, "eu-west-1")],
        ));
        assert!(role[1].contains("IRSA"));
        assert_eq!(role.len(), 4, "{role:#?}");
    }

    #[test]
    fn volume_and_azure_steps_end_with_the_upgrade() {
        let volume = outline(&config(
            BackendKind::Volume,
            &[(FieldId::Release, "platform"), (FieldId::Namespace, "astro")],
        ));
        assert_eq!(volume.len(), 2);
        assert!(
            volume[1].contains(
                "helm upgrade platform astronomer/astronomer -f config.yaml --version 0.37.4 --namespace astro"
            )
        );

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
