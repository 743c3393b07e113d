//! The `iam-policy.json` artifact (S3 only): what the registry's IAM user or
//! role may do on the bucket and, with a KMS key, on that key.

use crate::model::KmsKey;
use crate::render::json::{self, Json};
use crate::settings::{S3, S3Encryption};

/// The seed's two statements for the bucket, plus one for the KMS key when
/// the objects are encrypted with one.
pub fn iam_policy(s3: &S3) -> String {
    let partition = s3.region.partition();
    let bucket = s3.bucket.as_str();
    let mut statements = vec![
        statement(
            "RegistryBucket",
            &["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            format!("arn:{partition}:s3:::{bucket}"),
            None,
        ),
        statement(
            "RegistryObjects",
            &[
                "s3:PutObject",
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            format!("arn:{partition}:s3:::{bucket}/*"),
            None,
        ),
    ];
    if let S3Encryption::Kms(key) = &s3.encryption {
        let (resource, condition) = kms_resource(key, partition, s3.region.as_str());
        statements.push(statement(
            "RegistryKmsKey",
            &[
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
            ],
            resource,
            condition,
        ));
    }
    json::pretty(&Json::Object(vec![
        ("Version", Json::str("2012-10-17")),
        ("Statement", Json::Array(statements)),
    ]))
}

fn statement(sid: &str, actions: &[&str], resource: String, condition: Option<Json>) -> Json {
    let mut members = vec![
        ("Sid", Json::str(sid)),
        ("Effect", Json::str("Allow")),
        (
            "Action",
            Json::Array(actions.iter().map(|action| Json::str(*action)).collect()),
        ),
        ("Resource", Json::Str(resource)),
    ];
    if let Some(condition) = condition {
        members.push(("Condition", condition));
    }
    Json::Object(members)
}

/// The Resource (and, for an alias, the Condition) that names the KMS key.
///
/// IAM policies name KMS keys by key ARN; an alias ARN as Resource matches
/// nothing for key operations. So:
/// - a key ARN is the Resource as it is;
/// - an alias (alias ARN or `alias/name`) does not tell which key it points
///   to, so the Resource is every key of that account and region, narrowed by
///   the condition that the key carries that alias (`kms:ResourceAliases`).
///   An alias ARN gives its partition, region and account; for `alias/name`
///   the key must be in the bucket's region (S3 cannot use a key from another
///   region), and the account is left as `*` because it is not known;
/// - a bare key id is unique, so it becomes the key ARN in the bucket's region
///   with the account left as `*`.
///
/// None of these names more than the key the registry is told to use; where
/// the account is `*`, a key with the same alias or id in another account
/// also matches, and that is only usable when that account's key policy lets
/// this principal in as well.
fn kms_resource(key: &KmsKey, partition: &str, bucket_region: &str) -> (String, Option<Json>) {
    let raw = key.as_str();
    let alias_condition = |alias: &str| {
        Json::Object(vec![(
            "ForAnyValue:StringEquals",
            Json::Object(vec![("kms:ResourceAliases", Json::str(alias))]),
        )])
    };
    if let Some(arn) = raw.strip_prefix("arn:") {
        // arn:PARTITION:kms:REGION:ACCOUNT:RESOURCE; RESOURCE may itself hold `:`
        // only in malformed input, which is then used as it is.
        let parts: Vec<&str> = arn.splitn(5, ':').collect();
        if let [arn_partition, _service, region, account, resource] = parts.as_slice()
            && resource.starts_with("alias/")
        {
            return (
                format!("arn:{arn_partition}:kms:{region}:{account}:key/*"),
                Some(alias_condition(resource)),
            );
        }
        // A key ARN, or an ARN this code does not understand: used verbatim, so
        // at worst the statement matches nothing.
        return (raw.to_owned(), None);
    }
    if raw.starts_with("alias/") {
        return (
            format!("arn:{partition}:kms:{bucket_region}:*:key/*"),
            Some(alias_condition(raw)),
        );
    }
    (format!("arn:{partition}:kms:{bucket_region}:*:key/{raw}"), None)
}
