//! The `iam-policy.json` artifact (S3 only): what the registry's IAM user or
//! role may do on the bucket and, with a KMS key, on that key.
//!
//! The policy is a tree of typed structs that serde_json writes
//! pretty-printed: two-space indent, `": "` after keys, fields in declaration
//! order.

use serde::Serialize;

use crate::model::{KmsKey, S3, S3Encryption};

/// An IAM policy document: all of `iam-policy.json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyDocument<'a> {
    /// The policy language version; IAM's current one is `2012-10-17`.
    version: &'static str,
    /// The permissions, one statement per resource.
    statement: Vec<Statement<'a>>,
}

/// One statement: the actions allowed on one resource.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement<'a> {
    /// The statement's id, unique within the policy.
    sid: &'static str,
    /// Whether the statement allows or denies; these policies only allow.
    effect: Effect,
    /// The API actions allowed, e.g. `s3:GetObject`.
    action: &'static [&'static str],
    /// The ARN the actions apply to (may end in a `*` wildcard).
    resource: String,
    /// Narrows the resource further; written only when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<Condition<'a>>,
}

/// A statement's `Effect`.
#[derive(Clone, Copy, Debug, Serialize)]
enum Effect {
    /// Written as `"Allow"`.
    Allow,
}

/// The condition `{"ForAnyValue:StringEquals": {"kms:ResourceAliases": ALIAS}}`:
/// the KMS key carries that alias.
#[derive(Debug, Serialize)]
struct Condition<'a> {
    /// The `ForAnyValue:StringEquals` operator: true when any of the key's
    /// aliases equals the given one.
    #[serde(rename = "ForAnyValue:StringEquals")]
    for_any_value_string_equals: ResourceAliases<'a>,
}

/// The condition key `kms:ResourceAliases` and the alias it must match.
#[derive(Debug, Serialize)]
struct ResourceAliases<'a> {
    /// The alias, as `alias/name`.
    #[serde(rename = "kms:ResourceAliases")]
    alias: &'a str,
}

impl<'a> Condition<'a> {
    /// The condition that the key carries `alias`.
    fn alias(alias: &'a str) -> Self {
        Condition {
            for_any_value_string_equals: ResourceAliases { alias },
        }
    }
}

impl PolicyDocument<'_> {
    /// The document as `iam-policy.json` holds it: pretty-printed with a
    /// trailing newline.
    fn to_json(&self) -> String {
        // A policy of strings always serializes; `unwrap_or_default` keeps the
        // error's formatting (and its tables) out of the WebAssembly.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The seed's two statements for the bucket, plus one for the KMS key when
/// the objects are encrypted with one.
pub fn iam_policy(s3: &S3) -> String {
    policy_document(s3).to_json()
}

fn policy_document(s3: &S3) -> PolicyDocument<'_> {
    let partition = s3.region.partition();
    let bucket = s3.bucket.as_str();
    let mut statement = vec![
        Statement {
            sid: "RegistryBucket",
            effect: Effect::Allow,
            action: &["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            resource: format!("arn:{partition}:s3:::{bucket}"),
            condition: None,
        },
        Statement {
            sid: "RegistryObjects",
            effect: Effect::Allow,
            action: &[
                "s3:PutObject",
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            resource: format!("arn:{partition}:s3:::{bucket}/*"),
            condition: None,
        },
    ];
    if let S3Encryption::Kms(key) = &s3.encryption {
        let (resource, condition) = kms_resource(key, partition, s3.region.as_str());
        statement.push(Statement {
            sid: "RegistryKmsKey",
            effect: Effect::Allow,
            action: &[
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
            ],
            resource,
            condition,
        });
    }
    PolicyDocument {
        version: "2012-10-17",
        statement,
    }
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
fn kms_resource<'a>(key: &'a KmsKey, partition: &str, bucket_region: &str) -> (String, Option<Condition<'a>>) {
    let raw = key.as_str();
    if let Some(arn) = raw.strip_prefix("arn:") {
        // arn:PARTITION:kms:REGION:ACCOUNT:RESOURCE; RESOURCE may itself hold `:`
        // only in malformed input, which is then used as it is.
        let parts: Vec<&str> = arn.splitn(5, ':').collect();
        if let [arn_partition, _service, region, account, resource] = parts.as_slice()
            && resource.starts_with("alias/")
        {
            return (
                format!("arn:{arn_partition}:kms:{region}:{account}:key/*"),
                Some(Condition::alias(resource)),
            );
        }
        // A key ARN, or an ARN this code does not understand: used verbatim, so
        // at worst the statement matches nothing.
        return (raw.to_owned(), None);
    }
    if raw.starts_with("alias/") {
        return (
            format!("arn:{partition}:kms:{bucket_region}:*:key/*"),
            Some(Condition::alias(raw)),
        );
    }
    (format!("arn:{partition}:kms:{bucket_region}:*:key/{raw}"), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(sid: &'static str, resource: &str, condition: Option<Condition<'static>>) -> Statement<'static> {
        Statement {
            sid,
            effect: Effect::Allow,
            action: &["a:One", "a:Two*"],
            resource: resource.to_owned(),
            condition,
        }
    }

    #[test]
    fn writes_fields_in_order_pretty_printed_with_a_trailing_newline() {
        let document = PolicyDocument {
            version: "2012-10-17",
            statement: vec![
                statement("Plain", "arn:aws:s3:::b", None),
                statement("Narrowed", "arn:aws:kms:r:*:key/*", Some(Condition::alias("alias/x"))),
            ],
        };
        let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Plain",
      "Effect": "Allow",
      "Action": [
        "a:One",
        "a:Two*"
      ],
      "Resource": "arn:aws:s3:::b"
    },
    {
      "Sid": "Narrowed",
      "Effect": "Allow",
      "Action": [
        "a:One",
        "a:Two*"
      ],
      "Resource": "arn:aws:kms:r:*:key/*",
      "Condition": {
        "ForAnyValue:StringEquals": {
          "kms:ResourceAliases": "alias/x"
        }
      }
    }
  ]
}
"#;
        assert_eq!(document.to_json(), expected);
    }

    #[test]
    fn writes_an_empty_statement_list_as_empty_brackets() {
        let document = PolicyDocument {
            version: "2012-10-17",
            statement: Vec::new(),
        };
        assert_eq!(
            document.to_json(),
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n"
        );
    }

    #[test]
    fn escapes_strings() {
        let document = PolicyDocument {
            version: "2012-10-17",
            statement: vec![statement("S", "q\"b\\n\nt\tc\u{1}é", None)],
        };
        let text = document.to_json();
        assert!(
            text.contains("      \"Resource\": \"q\\\"b\\\\n\\nt\\tc\\u0001é\"\n"),
            "{text}"
        );
    }
}
