//! Cloud identities the registry can run as without a key: an IAM role ARN,
//! the EKS cluster's OIDC provider, an EKS cluster name and a Google service
//! account email.

use super::aws::PARTITIONS;
use super::text::{check_scalar, check_unpasted, first_refused, quote_char};

/// An IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleArn {
    arn: String,
    partition: String,
    account: String,
    name: String,
}

impl RoleArn {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        check_scalar(raw, true)?;
        let example = "e.g. arn:aws:iam::123456789012:role/astronomer-registry";
        let Some(rest) = raw.strip_prefix("arn:") else {
            return Err(say!("Enter the role's ARN, {example}."));
        };
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        let [partition, service, region, account, resource] = parts.as_slice() else {
            return Err(say!("A role ARN has five parts after arn:, {example}."));
        };
        if !PARTITIONS.contains(partition) {
            return Err(say!(
                "`{partition}` is not an AWS partition: aws, aws-cn, aws-us-gov, ..."
            ));
        }
        if *service != "iam" || !region.is_empty() {
            return Err(say!(
                "This is not an IAM role ARN: they start arn:{partition}:iam:: ({example})."
            ));
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(say!("The account in the ARN is 12 digits."));
        }
        let Some(path_and_name) = resource.strip_prefix("role/") else {
            return Err(say!(
                "This ARN names `{}`, not a role: a role ARN ends in role/NAME.",
                resource.split('/').next().unwrap_or(resource)
            ));
        };
        let name = path_and_name.rsplit('/').next().unwrap_or(path_and_name);
        let name_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
        if name.is_empty() || name.len() > 64 {
            return Err(say!("A role name has 1 to 64 characters."));
        }
        if let Some(c) = first_refused(name, name_char) {
            return Err(say!(
                "A role name has only letters, digits and `+=,.@_-`: remove {}.",
                quote_char(c)
            ));
        }
        Ok(Self {
            arn: raw.to_owned(),
            partition: (*partition).to_owned(),
            account: (*account).to_owned(),
            name: name.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.arn
    }

    pub fn partition(&self) -> &str {
        &self.partition
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    /// The role's name, without its path.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The EKS cluster's OpenID Connect provider, kept as IAM names it: the issuer
/// URL without `https://`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/0123ABCD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcProvider(String);

impl OidcProvider {
    /// The issuer URL (`aws eks describe-cluster` shows it), the same without
    /// `https://`, or the provider's ARN.
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        check_scalar(raw, false)?;
        let example = "e.g. https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        let host_path = if let Some(rest) = raw.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            match parts.as_slice() {
                [_, "iam", "", _, resource] => match resource.strip_prefix("oidc-provider/") {
                    Some(provider) => provider,
                    None => {
                        return Err(say!(
                            "This ARN is not an OIDC provider's; enter the cluster's issuer URL, {example}."
                        ));
                    }
                },
                _ => return Err(say!("Enter the cluster's OIDC issuer URL, {example}.")),
            }
        } else {
            raw.strip_prefix("https://").unwrap_or(raw)
        };
        let host_path = host_path.trim_end_matches('/');
        let Some((host, path)) = host_path.split_once('/') else {
            return Err(say!("The issuer URL has a path after its host, {example}."));
        };
        let host_ok = host.starts_with("oidc.eks.") && host.contains(".amazonaws.");
        if !host_ok {
            return Err(say!(
                "This is not an EKS OIDC issuer (oidc.eks.REGION.amazonaws.com/id/...): {example}. `aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer` prints it."
            ));
        }
        let Some(id) = path.strip_prefix("id/") else {
            return Err(say!("The issuer path is id/ and the cluster's ID, {example}."));
        };
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(say!("The cluster's ID after id/ has only letters and digits."));
        }
        Ok(Self(host_path.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An EKS cluster name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EksClusterName(String);

impl EksClusterName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        check_scalar(raw, true)?;
        if raw.len() > 100 {
            return Err(say!(
                "An EKS cluster name has at most 100 characters; this one has {}.",
                raw.len()
            ));
        }
        if !raw.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(say!("An EKS cluster name starts with a letter or digit."));
        }
        if let Some(c) = first_refused(raw, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(say!(
                "An EKS cluster name has only letters, digits, `-` and `_`: remove {}.",
                quote_char(c)
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Google service account email: `NAME@PROJECT.iam.gserviceaccount.com`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcpServiceAccount {
    email: String,
    project: String,
}

impl GcpServiceAccount {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        check_scalar(raw, true)?;
        let example = "e.g. registry@my-project.iam.gserviceaccount.com";
        let Some((name, domain)) = raw.split_once('@') else {
            return Err(say!("Enter the service account's email, {example}."));
        };
        let Some(project) = domain.strip_suffix(".iam.gserviceaccount.com") else {
            return Err(
                if domain == "gserviceaccount.com" || domain.ends_with(".gserviceaccount.com") {
                    say!("Use a service account you created, {example}: Workload Identity needs one in your project.")
                } else {
                    say!("A Google service account's email ends in .iam.gserviceaccount.com, {example}.")
                },
            );
        };
        let name_ok = (6..=30).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with('-')
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !name_ok {
            return Err(say!(
                "The part before @ has 6 to 30 lowercase letters, digits and `-`, starting with a letter."
            ));
        }
        let project_ok = (6..=30).contains(&project.len())
            && project.starts_with(|c: char| c.is_ascii_lowercase())
            && !project.ends_with('-')
            && project
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !project_ok {
            return Err(say!(
                "The project ID in the email has 6 to 30 lowercase letters, digits and `-`."
            ));
        }
        Ok(Self {
            email: raw.to_owned(),
            project: project.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.email
    }

    /// The project the service account belongs to.
    pub fn project(&self) -> &str {
        &self.project
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{OK, check};
    use super::*;

    #[test]
    fn role_arns() {
        check(
            RoleArn::parse,
            &[
                ("arn:aws:iam::123456789012:role/astronomer-registry", OK),
                ("arn:aws-cn:iam::123456789012:role/path/to/registry", OK),
                ("arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f_g-h", OK),
                ("astronomer-registry", "role's ARN"),
                ("arn:aws:iam::123456789012:user/registry", "not a role"),
                ("arn:aws:s3:::bucket", "not an IAM role ARN"),
                ("arn:aws:iam::1234:role/x", "12 digits"),
                ("arn:amazon:iam::123456789012:role/x", "not an AWS partition"),
                ("arn:aws:iam::123456789012:role/", "1 to 64"),
                ("arn:aws:iam::123456789012:role/a b", "remove the space"),
            ],
        );
        let role = RoleArn::parse("arn:aws-cn:iam::123456789012:role/path/to/registry").unwrap();
        assert_eq!(
            (role.partition(), role.account(), role.name()),
            ("aws-cn", "123456789012", "registry")
        );
    }

    #[test]
    fn oidc_providers() {
        let id = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        for raw in [
            format!("https://{id}"),
            id.to_owned(),
            format!("https://{id}/"),
            format!("arn:aws:iam::123456789012:oidc-provider/{id}"),
        ] {
            assert_eq!(
                OidcProvider::parse(&raw).map(|p| p.as_str().to_owned()),
                Ok(id.to_owned()),
                "{raw}"
            );
        }
        assert_eq!(
            OidcProvider::parse("https://oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC123").map(|p| p.0),
            Ok("oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC123".to_owned())
        );
        check(
            OidcProvider::parse,
            &[
                ("https://accounts.google.com/x", "not an EKS OIDC issuer"),
                ("oidc.eks.us-east-1.amazonaws.com", "path after its host"),
                ("oidc.eks.us-east-1.amazonaws.com/x/ABC", "id/"),
                ("oidc.eks.us-east-1.amazonaws.com/id/AB-C", "letters and digits"),
                ("arn:aws:iam::123456789012:role/x", "not an OIDC provider"),
            ],
        );
    }

    #[test]
    fn eks_cluster_names() {
        check(
            EksClusterName::parse,
            &[
                ("prod-cluster_1", OK),
                ("-x", "starts with a letter"),
                ("a.b", "remove `.`"),
                (&"a".repeat(101), "at most 100"),
                ("yes", "boolean"),
            ],
        );
    }

    #[test]
    fn gcp_service_accounts() {
        check(
            GcpServiceAccount::parse,
            &[
                ("registry@my-project.iam.gserviceaccount.com", OK),
                ("registry", "email"),
                ("registry@gmail.com", "ends in .iam.gserviceaccount.com"),
                ("123-compute@developer.gserviceaccount.com", "you created"),
                ("Reg@my-project.iam.gserviceaccount.com", "6 to 30"),
                ("registry@p.iam.gserviceaccount.com", "project ID"),
            ],
        );
        let account = GcpServiceAccount::parse("registry@my-project.iam.gserviceaccount.com").unwrap();
        assert_eq!(account.project(), "my-project");
    }
}
