//! The cloud-side steps of each credential mode: the IAM policy, role and
//! Pod Identity association on AWS, the Workload Identity bindings on Google
//! Cloud, and the Kubernetes Secret that holds keys read from a prompt.

use super::{FILES_NOTE, Step, beside, file_url};
use crate::model::{GcpServiceAccount, SecretName};
use crate::render::shell::quote;
use crate::settings::{Config, Gcs, Platform, S3, S3Credentials, S3Encryption};

/// A Secret's data keys and the prompt for each.
pub type SecretKeys = &'static [(&'static str, &'static str)];

/// The S3 key pair, as `REGISTRY_STORAGE_S3_ACCESSKEY` and `..._SECRETKEY` read it.
pub const S3_KEYS: SecretKeys = &[("accesskey", "Access key ID"), ("secretkey", "Secret access key")];

/// The Azure account key, as `REGISTRY_STORAGE_AZURE_ACCOUNTKEY` reads it.
pub const AZURE_KEY: SecretKeys = &[("accountkey", "Storage account key")];

/// IAM's longest policy name.
const POLICY_NAME_MAX: usize = 128;

/// The name the steps give the registry's IAM policy: one per platform
/// release, `astronomer-registry-<namespace>-<release>`, so that the data
/// planes of one AWS account never share one. A name longer than IAM allows
/// is cut and ends with a hash of the whole name, which keeps it apart.
pub fn policy_name(platform: &Platform) -> String {
    let name = format!(
        "astronomer-registry-{}-{}",
        platform.namespace.as_str(),
        platform.release.as_str()
    );
    if name.len() <= POLICY_NAME_MAX {
        return name;
    }
    // FNV-1a, 32 bits: eight hex digits after a dash.
    let hash = name.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    let kept = &name[..POLICY_NAME_MAX - 9];
    format!("{}-{hash:08x}", kept.trim_end_matches('-'))
}

/// Creates or updates the Secret from values typed at a prompt: they are read
/// by the shell's `read -s` (nothing echoed, nothing in the history; the
/// prompt is printed apart, so bash and zsh read alike), written to files
/// only the user can read, and given to kubectl as files, so no value is
/// ever on a command line. One subshell: the umask and the trap that removes
/// the files end with it, so a pasted step leaves the user's shell as it was.
pub fn secret_step(platform: &Platform, name: &SecretName, keys: SecretKeys) -> Step {
    let mut command = String::from(r#"(umask 077; secret_dir="$(mktemp -d)"; trap 'rm -rf "$secret_dir"' EXIT"#);
    for (key, prompt) in keys {
        command.push_str(&format!(
            r#"; printf '%s: ' '{prompt}' >&2; IFS= read -rs value || exit 1; echo >&2; printf '%s' "$value" > "$secret_dir/{key}""#
        ));
    }
    let from_files: Vec<String> = keys
        .iter()
        .map(|(key, _)| format!(r#"--from-file={key}="$secret_dir/{key}""#))
        .collect();
    command.push_str(&format!(
        "; kubectl create secret generic {name} {files} --namespace {namespace} --dry-run=client -o yaml | kubectl apply -f -)",
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
        commands: vec![command],
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
    let policy = policy_name(platform);
    let create_policy = format!(
        "aws iam create-policy --policy-name {} --policy-document {}",
        quote(&policy),
        file_url("iam-policy.json")
    );
    match &s3.credentials {
        S3Credentials::Irsa { role, .. } | S3Credentials::PodIdentity { role, .. } => {
            let policy_arn = format!("arn:{}:iam::{}:policy/{policy}", role.partition(), role.account());
            let name = quote(role.name());
            steps.push(Step {
                text: format!(
                    "Create the IAM policy {policy} from iam-policy.json unless it exists (its name carries the namespace and the release, so each plane has its own); create the role {} with trust-policy.json, or, when it exists, show how its trust policy differs from trust-policy.json and update it (a role shared by two planes would then trust only this one: give each plane its own role); then attach the policy to the role. {FILES_NOTE}",
                    role.name()
                ),
                commands: vec![
                    format!(
                        "if aws iam get-policy --policy-arn {arn} >/dev/null 2>&1; then echo \"The IAM policy {policy} exists: kept as it is.\"; else {create_policy} >/dev/null && echo \"Created the IAM policy {policy}.\"; fi",
                        arn = quote(&policy_arn),
                    ),
                    format!(
                        "if current=\"$(aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument --output json 2>/dev/null)\"; then if printf '%s\\n' \"$current\" | diff -w - {trust}; then echo \"The role {plain} exists and already trusts what trust-policy.json says.\"; else echo \"The role {plain} exists: its trust policy (<) is replaced by trust-policy.json (>).\"; aws iam update-assume-role-policy --role-name {name} --policy-document {trust_url}; fi; else aws iam create-role --role-name {name} --path {path} --assume-role-policy-document {trust_url} >/dev/null && echo \"Created the role {plain}.\"; fi",
                        plain = role.name(),
                        trust = beside("trust-policy.json"),
                        trust_url = file_url("trust-policy.json"),
                        path = quote(&role_path(role.as_str())),
                    ),
                    format!(
                        "aws iam attach-role-policy --role-name {name} --policy-arn {}",
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
                        "if found=\"$(aws eks list-pod-identity-associations {scope} --query 'associations[].associationId' --output text)\" && [ -n \"$found\" ] && [ \"$found\" != None ]; then echo \"The ServiceAccount is associated already: $found.\"; else aws eks create-pod-identity-association {scope} --role-arn {}; fi",
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
                    "In AWS IAM, create a policy from iam-policy.json (the name {policy}, with the namespace and the release, is a suggestion that keeps the planes of one account apart). Attach it to the IAM user whose access keys the registry uses. {FILES_NOTE}"
                ),
                create_policy,
            ));
        }
        S3Credentials::DefaultChain => steps.push(Step::by_hand(
            format!(
                "In AWS IAM, create a policy from iam-policy.json (the name {policy}, with the namespace and the release, is a suggestion that keeps the planes of one account apart). Attach it to the IAM role of the nodes the registry runs on. {FILES_NOTE}"
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
        } else if let Some(role) = s3.credentials.role() {
            steps.push(Step::run(
                format!(
                    "Let the role use the KMS key {}: add the statement in {} to the key's policy, unless a statement with its Sid {} is there already. The command reads the key's policy (`aws kms get-key-policy`), adds the statement with jq (it stops if jq is missing) and writes the policy back (`aws kms put-key-policy`): every other statement stays. {FILES_NOTE}",
                    key.as_str(),
                    KMS_STATEMENT_FILE,
                    kms_sid(role.name()),
                ),
                kms_merge_command(key.as_str(), s3.region.as_str(), &kms_sid(role.name())),
            ));
        } else {
            steps.push(Step::say(format!(
                "In AWS KMS, add that user or role as a key user of {}.",
                key.as_str()
            )));
        }
    }
}

/// The file that holds the one statement to add to a KMS key's policy.
pub const KMS_STATEMENT_FILE: &str = "kms-key-statement.json";

/// The Sid of the statement that lets the role `role` use the KMS key: one
/// per role, so two planes with their own roles add two statements.
pub fn kms_sid(role: &str) -> String {
    let name: String = role.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("AstronomerRegistry{name}")
}

/// Reads the key's policy, adds the statement of `KMS_STATEMENT_FILE` with
/// jq unless one with `sid` is there, and writes the policy back. `Statement`
/// may be one object or a list; the key is named by its ARN (an alias is
/// resolved first: `get-key-policy` takes no alias). One subshell, so its
/// `exit`, variables and trap stay inside.
fn kms_merge_command(key: &str, region: &str, sid: &str) -> String {
    format!(
        concat!(
            "(command -v jq >/dev/null || {{ echo 'jq is needed to add the statement to the key policy: install it, or add {file} in the console.' >&2; exit 1; }}; ",
            "key=\"$(aws kms describe-key --key-id {key} --region {region} --query KeyMetadata.Arn --output text)\" || exit 1; ",
            "policy=\"$(aws kms get-key-policy --key-id \"$key\" --region {region} --policy-name default --output text)\" || exit 1; ",
            "if printf '%s' \"$policy\" | jq -e --arg sid {sid} '[.Statement] | flatten | any(.Sid == $sid)' >/dev/null; then ",
            "echo \"The key policy of $key already has the statement {sid}: kept as it is.\"; ",
            "else merged=\"$(mktemp)\"; trap 'rm -f \"$merged\"' EXIT; ",
            "printf '%s' \"$policy\" | jq --slurpfile add {statement} '.Statement = ([.Statement] | flatten) + $add' > \"$merged\" || exit 1; ",
            "aws kms put-key-policy --key-id \"$key\" --region {region} --policy-name default --policy \"file://$merged\" || exit 1; ",
            "echo \"Added the statement {sid} to the key policy of $key; its other statements are kept.\"; fi)"
        ),
        file = KMS_STATEMENT_FILE,
        key = quote(key),
        region = quote(region),
        sid = sid,
        statement = beside(KMS_STATEMENT_FILE),
    )
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
    fn policy_names_carry_the_plane_and_fit_iam() {
        use crate::model::{ChartVersion, Namespace, ReleaseName};
        let platform = |namespace: &str, release: &str| Platform {
            release: ReleaseName::parse(release).expect("a release"),
            namespace: Namespace::parse(namespace).expect("a namespace"),
            chart: ChartVersion::parse("0.37.7").expect("a chart"),
            from: None,
            plane: None,
        };
        assert_eq!(
            policy_name(&platform("astronomer", "astronomer")),
            "astronomer-registry-astronomer-astronomer"
        );
        assert_ne!(
            policy_name(&platform("dp1", "astronomer")),
            policy_name(&platform("dp2", "astronomer"))
        );
        // The longest namespace and release: cut to IAM's 128 characters,
        // still apart.
        let (namespace, release) = ("n".repeat(63), "r".repeat(53));
        let long = policy_name(&platform(&namespace, &release));
        let other = policy_name(&platform(&namespace, &format!("{}s", "r".repeat(52))));
        assert!(long.len() <= 128 && other.len() <= 128, "{long} {other}");
        assert_ne!(long, other);
        assert!(long.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{long}");
    }

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
