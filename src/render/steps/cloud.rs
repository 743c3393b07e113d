//! The cloud-side steps of each credential mode: the IAM policy, role and
//! Pod Identity association on AWS, the Workload Identity bindings on Google
//! Cloud, and the Kubernetes Secret that holds keys read from a prompt.

use super::Step;
use crate::model::{GcpServiceAccount, SecretName};
use crate::render::shell::quote;
use crate::settings::{Config, Gcs, Platform, S3, S3Credentials, S3Encryption};

/// A Secret's data keys and the prompt for each.
pub type SecretKeys = &'static [(&'static str, &'static str)];

/// The S3 key pair, as `REGISTRY_STORAGE_S3_ACCESSKEY` and `..._SECRETKEY` read it.
pub const S3_KEYS: SecretKeys = &[("accesskey", "Access key ID"), ("secretkey", "Secret access key")];

/// The Azure account key, as `REGISTRY_STORAGE_AZURE_ACCOUNTKEY` reads it.
pub const AZURE_KEY: SecretKeys = &[("accountkey", "Storage account key")];

/// The name the steps give the registry's IAM policy.
const POLICY_NAME: &str = "astronomer-registry";

/// Creates or updates the Secret from values typed at a prompt: they are read
/// by the shell's `read` (nothing echoed, nothing in the history), written to
/// files only the user can read, and given to kubectl as files, so no value is
/// ever on a command line.
pub fn secret_step(platform: &Platform, name: &SecretName, keys: SecretKeys) -> Step {
    let mut commands = vec![r#"umask 077; secret_dir="$(mktemp -d)"; trap 'rm -rf "$secret_dir"' EXIT"#.to_owned()];
    for (key, prompt) in keys {
        commands.push(format!(
            r#"IFS= read -rsp '{prompt}: ' value && printf '%s' "$value" > "$secret_dir/{key}"; echo"#
        ));
    }
    let from_files: Vec<String> = keys
        .iter()
        .map(|(key, _)| format!(r#"--from-file={key}="$secret_dir/{key}""#))
        .collect();
    commands.push(format!(
        "kubectl create secret generic {name} {files} --namespace {namespace} --dry-run=client -o yaml | kubectl apply -f -",
        name = quote(name.as_str()),
        files = from_files.join(" "),
        namespace = quote(platform.namespace.as_str()),
    ));
    Step {
        text: format!(
            "Create or update the Secret {} in the namespace {}, from the keys typed at the prompts (never on a command line or in the shell history). The registry reads them through extraEnv.",
            name.as_str(),
            platform.namespace.as_str()
        ),
        commands,
        runner: super::Runner::Script,
    }
}

/// GKE Workload Identity: the roles on the bucket, the Kubernetes
/// ServiceAccount allowed to act as the Google one, and, for registry 3.x
/// with redirects, the right to sign URLs.
pub fn workload_identity(steps: &mut Vec<Step>, config: &Config, gcs: &Gcs, account: &GcpServiceAccount) {
    let member = quote(&format!("serviceAccount:{}", account.as_str())).to_string();
    let bucket = quote(&format!("gs://{}", gcs.bucket.as_str())).to_string();
    steps.push(Step {
        text: format!(
            "Give the Google service account {} the Storage Legacy Bucket Owner and Storage Object Admin roles on the bucket gs://{}.",
            account.as_str(),
            gcs.bucket.as_str()
        ),
        commands: ["roles/storage.legacyBucketOwner", "roles/storage.objectAdmin"]
            .iter()
            .map(|role| format!("gcloud storage buckets add-iam-policy-binding {bucket} --member={member} --role={role}"))
            .collect(),
        runner: super::Runner::Script,
    });
    let Some(service_account) = config.service_account() else {
        return;
    };
    let namespace = config.platform.namespace.as_str();
    let pool_member = format!(
        "serviceAccount:{}.svc.id.goog[{namespace}/{}]",
        account.project(),
        service_account.name
    );
    steps.push(Step::run(
        format!(
            "Let the registry's Kubernetes ServiceAccount {namespace}/{} act as {} (Workload Identity User). The workload pool {}.svc.id.goog assumes the cluster runs in the project {}; use the cluster's project if it does not.",
            service_account.name,
            account.as_str(),
            account.project(),
            account.project()
        ),
        format!(
            "gcloud iam service-accounts add-iam-policy-binding {} --role=roles/iam.workloadIdentityUser --member={}",
            quote(account.as_str()),
            quote(&pool_member)
        ),
    ));
    if config.platform.chart.registry().is_v3() && !config.redirect_disable {
        steps.push(Step::run(
            format!(
                "Registry 3.x signs the redirect URLs it gives clients through the IAM signBlob API, as {}: let it create tokens for itself (Service Account Token Creator), or tick \"Serve images through the registry\" instead.",
                account.as_str()
            ),
            format!(
                "gcloud iam service-accounts add-iam-policy-binding {} --role=roles/iam.serviceAccountTokenCreator --member={member}",
                quote(account.as_str())
            ),
        ));
    }
}

/// Amazon S3: the IAM policy for every mode; the role, its trust policy and
/// the Pod Identity association where the configuration names the role; the
/// Secret of the keys; the KMS key's users.
pub fn aws(steps: &mut Vec<Step>, config: &Config, s3: &S3) {
    let platform = &config.platform;
    let create_policy =
        format!("aws iam create-policy --policy-name {POLICY_NAME} --policy-document file://iam-policy.json");
    match &s3.credentials {
        S3Credentials::Irsa { role, .. } | S3Credentials::PodIdentity { role, .. } => {
            let policy_arn = format!("arn:{}:iam::{}:policy/{POLICY_NAME}", role.partition(), role.account());
            steps.push(Step {
                text: format!(
                    "Create the IAM policy {POLICY_NAME} from iam-policy.json, unless it exists, and the role {} with trust-policy.json, unless it exists; then attach the policy to the role.",
                    role.name()
                ),
                commands: vec![
                    format!(
                        "aws iam get-policy --policy-arn {} >/dev/null 2>&1 || {create_policy}",
                        quote(&policy_arn)
                    ),
                    format!(
                        "aws iam get-role --role-name {name} >/dev/null 2>&1 || aws iam create-role --role-name {name} --path {path} --assume-role-policy-document file://trust-policy.json",
                        name = quote(role.name()),
                        path = quote(&role_path(role.as_str())),
                    ),
                    format!(
                        "aws iam attach-role-policy --role-name {} --policy-arn {}",
                        quote(role.name()),
                        quote(&policy_arn)
                    ),
                ],
                runner: super::Runner::Script,
            });
            if let (S3Credentials::PodIdentity { role, cluster }, Some(account)) =
                (&s3.credentials, config.service_account())
            {
                let scope = format!(
                    "--cluster-name {} --namespace {} --service-account {}",
                    quote(cluster.as_str()),
                    quote(platform.namespace.as_str()),
                    quote(&account.name)
                );
                steps.push(Step::run(
                    format!(
                        "Associate the registry's ServiceAccount {}/{} with the role in the cluster {} (EKS Pod Identity), unless it is associated already. The cluster needs the EKS Pod Identity Agent add-on.",
                        platform.namespace.as_str(),
                        account.name,
                        cluster.as_str()
                    ),
                    format!(
                        "[ -n \"$(aws eks list-pod-identity-associations {scope} --query 'associations[].associationId' --output text)\" ] || aws eks create-pod-identity-association {scope} --role-arn {}",
                        quote(role.as_str())
                    ),
                ));
            }
            if let S3Credentials::Irsa { .. } = s3.credentials {
                steps.push(Step::say(
                    "IRSA needs the cluster's OIDC issuer registered as an IAM identity provider once per cluster (`eksctl utils associate-iam-oidc-provider --cluster CLUSTER --approve`).",
                ));
            }
        }
        S3Credentials::Static { .. } | S3Credentials::InSecret { .. } => {
            steps.push(Step::by_hand(
                format!(
                    "In AWS IAM, create a policy from iam-policy.json (the name {POLICY_NAME} is a suggestion). Attach it to the IAM user whose access keys the registry uses."
                ),
                create_policy,
            ));
        }
        S3Credentials::DefaultChain => steps.push(Step::by_hand(
            format!(
                "In AWS IAM, create a policy from iam-policy.json (the name {POLICY_NAME} is a suggestion). Attach it to the IAM role of the nodes the registry runs on."
            ),
            create_policy,
        )),
    }
    if let Some(name) = s3.credentials.secret() {
        steps.push(secret_step(platform, name, S3_KEYS));
    }
    if let S3Encryption::Kms(key) = &s3.encryption {
        if key.is_aws_managed() {
            // Its policy cannot be edited, and the IAM policy already allows it.
        } else if s3.credentials.role().is_some() {
            steps.push(Step::say(format!(
                "In AWS KMS, add the statement in kms-key-policy.json to the key policy of {} (or add the role as a key user in the console).",
                key.as_str()
            )));
        } else {
            steps.push(Step::say(format!(
                "In AWS KMS, add that user or role as a key user of {}.",
                key.as_str()
            )));
        }
    }
}

/// The path of a role ARN (`/` when it has none), as `create-role --path` takes it.
fn role_path(arn: &str) -> String {
    let resource = arn.rsplit(':').next().unwrap_or(arn);
    let path = resource.strip_prefix("role").unwrap_or(resource);
    match path.rfind('/') {
        Some(end) => path[..=end].to_owned(),
        None => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_paths() {
        assert_eq!(role_path("arn:aws:iam::123456789012:role/registry"), "/");
        assert_eq!(
            role_path("arn:aws:iam::123456789012:role/platform/registry"),
            "/platform/"
        );
        assert_eq!(role_path("arn:aws:iam::123456789012:role/a/b/registry"), "/a/b/");
    }
}
