//! The IAM documents of the keyless S3 modes: `trust-policy.json` (who may
//! assume the registry's role: the cluster's OIDC provider for IRSA, the EKS
//! Pod Identity service otherwise) and `kms-key-policy.json` (the statement
//! that lets that role use the KMS key), typed structs written by serde_json.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Config, RoleArn, S3, S3Credentials, S3Encryption};

/// A policy document with its statements.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Document {
    /// The policy language version, `2012-10-17`.
    version: &'static str,
    statement: Vec<Statement>,
}

/// One statement of a trust or key policy.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: &'static str,
    /// Always `Allow`.
    effect: &'static str,
    /// Who the statement is about.
    principal: Principal,
    /// One action, or several.
    action: Actions,
    /// For a key policy: `*`, the key the policy is attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<&'static str>,
    /// `StringEquals` on the token's claims (IRSA).
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<BTreeMap<&'static str, BTreeMap<String, String>>>,
}

/// A statement's `Principal`.
#[derive(Debug, Serialize)]
enum Principal {
    /// An identity provider's ARN (IRSA).
    Federated(String),
    /// An AWS service (EKS Pod Identity).
    Service(&'static str),
    /// An IAM principal's ARN (the key policy).
    #[serde(rename = "AWS")]
    Aws(String),
}

/// A statement's `Action`: one string, or a list.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Actions {
    One(&'static str),
    Many(&'static [&'static str]),
}

fn to_json(document: &Document) -> String {
    // A policy of strings always serializes; `unwrap_or_default` keeps the
    // error's formatting (and its tables) out of the WebAssembly.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
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
            let claims = BTreeMap::from([
                (format!("{}:aud", oidc.as_str()), "sts.amazonaws.com".to_owned()),
                (format!("{}:sub", oidc.as_str()), subject),
            ]);
            Statement {
                sid: "RegistryServiceAccount",
                effect: "Allow",
                principal: Principal::Federated(format!(
                    "arn:{}:iam::{}:oidc-provider/{}",
                    role.partition(),
                    role.account(),
                    oidc.as_str()
                )),
                action: Actions::One("sts:AssumeRoleWithWebIdentity"),
                resource: None,
                condition: Some(BTreeMap::from([("StringEquals", claims)])),
            }
        }
        S3Credentials::PodIdentity { .. } => Statement {
            sid: "EksPodIdentity",
            effect: "Allow",
            principal: Principal::Service("pods.eks.amazonaws.com"),
            action: Actions::Many(&["sts:AssumeRole", "sts:TagSession"]),
            resource: None,
            condition: None,
        },
        S3Credentials::Static { .. } | S3Credentials::InSecret { .. } | S3Credentials::DefaultChain => return None,
    };
    Some(to_json(&Document {
        version: "2012-10-17",
        statement: vec![statement],
    }))
}

/// `kms-key-policy.json`: the statement to add to the KMS key's policy so the
/// registry's role may use the key. Only where the configuration names the
/// role, and not for an AWS managed key, whose policy cannot be edited.
pub fn kms_key_policy(s3: &S3) -> Option<String> {
    let S3Encryption::Kms(key) = &s3.encryption else {
        return None;
    };
    if key.is_aws_managed() {
        return None;
    }
    let role: &RoleArn = s3.credentials.role()?;
    Some(to_json(&Document {
        version: "2012-10-17",
        statement: vec![Statement {
            sid: "AstronomerRegistry",
            effect: "Allow",
            principal: Principal::Aws(role.as_str().to_owned()),
            action: Actions::Many(&[
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
            ]),
            resource: Some("*"),
            condition: None,
        }],
    }))
}
