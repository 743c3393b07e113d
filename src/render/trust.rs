//! The IAM documents of the keyless S3 modes: `trust-policy.json` (who may
//! assume the registry's role: the cluster's OIDC provider for IRSA, the EKS
//! Pod Identity service otherwise) and `kms-key-statement.json` (the one
//! statement, not a policy, that lets that role use the KMS key: the steps
//! add it to the key's own policy).

use crate::render::json::{self, Json};
use crate::render::steps::kms_sid;
use crate::settings::{Config, S3, S3Credentials, S3Encryption};

/// A policy document of one statement.
fn document(statement: Json) -> String {
    json::pretty(&Json::Object(vec![
        ("Version", Json::str("2012-10-17")),
        ("Statement", Json::Array(vec![statement])),
    ]))
}

/// `trust-policy.json`: who may assume the registry's role, for IRSA and EKS
/// Pod Identity; `None` for the other modes.
pub fn trust_policy(config: &Config, s3: &S3) -> Option<String> {
    let statement = match &s3.credentials {
        S3Credentials::Irsa { role, oidc } => {
            let account = config.service_account()?;
            let subject = format!(
                "system:serviceaccount:{}:{}",
                config.platform.namespace.as_str(),
                account.name
            );
            let claims = Json::DynObject(vec![
                (format!("{}:aud", oidc.as_str()), Json::str("sts.amazonaws.com")),
                (format!("{}:sub", oidc.as_str()), Json::Str(subject)),
            ]);
            Json::Object(vec![
                ("Sid", Json::str("RegistryServiceAccount")),
                ("Effect", Json::str("Allow")),
                (
                    "Principal",
                    Json::Object(vec![(
                        "Federated",
                        Json::Str(format!(
                            "arn:{}:iam::{}:oidc-provider/{}",
                            role.partition(),
                            role.account(),
                            oidc.as_str()
                        )),
                    )]),
                ),
                ("Action", Json::str("sts:AssumeRoleWithWebIdentity")),
                ("Condition", Json::Object(vec![("StringEquals", claims)])),
            ])
        }
        S3Credentials::PodIdentity { .. } => Json::Object(vec![
            ("Sid", Json::str("EksPodIdentity")),
            ("Effect", Json::str("Allow")),
            (
                "Principal",
                Json::Object(vec![("Service", Json::str("pods.eks.amazonaws.com"))]),
            ),
            (
                "Action",
                Json::Array(vec![Json::str("sts:AssumeRole"), Json::str("sts:TagSession")]),
            ),
        ]),
        S3Credentials::Static { .. } | S3Credentials::InSecret { .. } | S3Credentials::DefaultChain => return None,
    };
    Some(document(statement))
}

/// `kms-key-statement.json`: the statement alone, to add to the KMS key's
/// policy so the registry's role may use the key; never a whole policy,
/// which would replace the key's admin statements. Only where the
/// configuration names the role, and not for an AWS managed key, whose policy
/// cannot be edited.
pub fn kms_key_statement(s3: &S3) -> Option<String> {
    let S3Encryption::Kms(key) = &s3.encryption else {
        return None;
    };
    if key.is_aws_managed() {
        return None;
    }
    let role = s3.credentials.role()?;
    let actions = [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:DescribeKey",
    ];
    Some(json::pretty(&Json::Object(vec![
        ("Sid", Json::Str(kms_sid(role.name()))),
        ("Effect", Json::str("Allow")),
        ("Principal", Json::Object(vec![("AWS", Json::str(role.as_str()))])),
        (
            "Action",
            Json::Array(actions.iter().map(|action| Json::str(*action)).collect()),
        ),
        // In a key policy "*" is the key the policy belongs to.
        ("Resource", Json::str("*")),
    ])))
}
