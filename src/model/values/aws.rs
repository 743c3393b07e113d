//! AWS settings: the region and its ARN partition, the access key pair and the KMS key.

use super::text::{Secret, char_len, check_scalar, check_secret_scalar, check_unpasted, first_refused, quote_char};

/// An AWS region such as `us-east-1`, or the region name an S3-compatible
/// store (MinIO, Ceph, ...) is configured with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsRegion {
    code: String,
    /// Not an AWS region: the name an S3-compatible store uses.
    custom: bool,
}

/// The regions known when this was written; newer ones are accepted when they
/// follow the regional naming pattern (see `region_shaped`).
pub const KNOWN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// `<prefix>-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]`, where the
/// prefix is one AWS uses: a commercial or China area code, or `us-gov`, `us-iso`, `us-isob`, `us-isof`, `eu-isoe`.
fn region_shaped(raw: &str) -> bool {
    let parts: Vec<&str> = raw.split('-').collect();
    let (country, middle, direction, number) = match parts.as_slice() {
        [country, direction, number] => (*country, None, *direction, *number),
        [country, middle, direction, number] => (*country, Some(*middle), *direction, *number),
        _ => return false,
    };
    // Each partition's regions start with its own prefixes, so the partition
    // (and so every ARN) is right for any region accepted here.
    let prefix_known = match middle {
        None => matches!(
            country,
            "af" | "ap" | "ca" | "cn" | "eu" | "il" | "me" | "mx" | "sa" | "us"
        ),
        Some("gov" | "iso" | "isob" | "isof") => country == "us",
        Some("isoe") => country == "eu",
        Some(_) => false,
    };
    prefix_known
        && matches!(
            direction,
            "north" | "south" | "east" | "west" | "central" | "northeast" | "northwest" | "southeast" | "southwest"
        )
        && number.len() == 1
        && number.bytes().all(|b| (b'1'..=b'9').contains(&b))
}

fn is_region(raw: &str) -> bool {
    KNOWN_REGIONS.contains(&raw) || region_shaped(raw)
}

impl AwsRegion {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if is_region(raw) {
            return Ok(Self {
                code: raw.to_owned(),
                custom: false,
            });
        }
        let lower = raw.to_ascii_lowercase();
        if lower != raw && is_region(&lower) {
            return Err(say!("AWS region codes are lowercase: use `{lower}`."));
        }
        if let Some(region) = lower.strip_suffix(|c: char| c.is_ascii_lowercase())
            && is_region(region)
        {
            return Err(say!("`{raw}` is an availability zone; enter its region, `{region}`."));
        }
        let hyphens = lower.replace(['_', ' '], "-");
        if hyphens != raw && is_region(&hyphens) {
            return Err(say!("Write the region code with hyphens: `{hyphens}`."));
        }
        if lower.contains("-az") {
            return Err(say!(
                "`{raw}` is an availability zone ID; enter the region code, such as us-east-1."
            ));
        }
        if lower.contains("amazonaws.com") || lower.contains("://") {
            return Err(say!("Enter just the region code, such as us-east-1, not an endpoint."));
        }
        if is_region(&format!("{lower}-1")) {
            return Err(say!("Add the region's number: `{lower}-1`, for example."));
        }
        Err(say!(
            "`{raw}` is not an AWS region code: they look like us-east-1 or eu-west-2."
        ))
    }

    /// The region of an S3-compatible store reached through a region endpoint:
    /// an AWS region code, or whatever name the store is configured with
    /// (`us-east-1` for MinIO by default, often `default` for Ceph).
    pub fn parse_custom(raw: &str) -> Result<Self, String> {
        if raw.is_empty() {
            return Err(super::REQUIRED.into());
        }
        check_scalar(raw, true)?;
        if let Ok(region) = AwsRegion::parse(raw) {
            return Ok(region);
        }
        // Store regions are names like `default` or `eu-central`: lowercase
        // letters, digits and inner hyphens, which also keeps access keys
        // (uppercase) typed into the wrong field from passing as a region.
        let inner_ok = raw.len() <= 63
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-');
        if !inner_ok {
            return Err(say!(
                "Enter the region name the store is configured with: lowercase letters, digits and inner hyphens, e.g. default or us-east-1 (MinIO's default)."
            ));
        }
        Ok(Self {
            code: raw.to_owned(),
            custom: true,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// The ARN partition: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`,
    /// `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f` for the isolated
    /// regions, `aws-eusc` for the European Sovereign Cloud, `aws` otherwise.
    pub fn partition(&self) -> &'static str {
        if self.custom {
            // S3-compatible stores take AWS-style policies in the aws partition.
            return "aws";
        }
        let region = self.code.as_str();
        let middle = region.split('-').nth(1).unwrap_or_default();
        if region.starts_with("cn-") {
            "aws-cn"
        } else if region.starts_with("eusc-") {
            "aws-eusc"
        } else {
            match middle {
                "gov" => "aws-us-gov",
                "iso" => "aws-iso",
                "isob" => "aws-iso-b",
                "isoe" => "aws-iso-e",
                "isof" => "aws-iso-f",
                _ => "aws",
            }
        }
    }
}

/// The ARN partitions.
pub(super) const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// An access key ID: AWS's long-term `AKIA` and 16 uppercase letters or
/// digits, or an S3-compatible store's own key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKeyId(String);

/// Why temporary AWS keys cannot work.
const TEMPORARY_KEY: &str = "Keys starting with ASIA are temporary: they need a session token, which no registry release passes, so every request would be refused. Use an IAM user's key (AKIA...), or choose above a way to sign in without keys (IRSA, EKS Pod Identity or the nodes' role).";

impl AccessKeyId {
    /// An AWS access key ID of an IAM user (`AKIA...`).
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        let len = char_len(raw);
        let upper_alnum = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
        if (raw.starts_with("AKIA") || raw.starts_with("ASIA")) && len == 20 && raw.chars().all(upper_alnum) {
            if raw.starts_with("ASIA") {
                return Err(TEMPORARY_KEY.into());
            }
            return Ok(Self(raw.to_owned()));
        }
        if len == 40 && raw.chars().all(is_secret_key_char) {
            return Err(say!(
                "This looks like a secret access key (40 characters): the access key ID is 20 characters and \
                 starts with AKIA."
            ));
        }
        if raw.starts_with("AKIA") || raw.starts_with("ASIA") {
            if raw.chars().any(|c| !upper_alnum(c)) {
                return Err(say!(
                    "An access key ID has only uppercase letters and digits: check you copied it whole."
                ));
            }
            return Err(say!(
                "An access key ID is 20 characters (AKIA and 16 more letters or digits); this one has {len}."
            ));
        }
        if raw.chars().any(|c| c.is_ascii_lowercase()) && raw.to_ascii_uppercase().starts_with("AKIA") {
            return Err(say!(
                "Access key IDs are uppercase: copy it again exactly as AWS shows it."
            ));
        }
        let prefix: String = raw.chars().take(4).collect();
        let kind = match prefix.as_str() {
            "AIDA" => Some("an IAM user's unique ID"),
            "AROA" => Some("an IAM role's unique ID"),
            "AGPA" => Some("an IAM group's unique ID"),
            "ANPA" | "ANVA" => Some("a managed policy's unique ID"),
            "APKA" => Some("a CloudFront key pair ID"),
            _ => None,
        };
        if let (Some(kind), 20) = (kind, len) {
            return Err(say!(
                "This is {kind}, not an access key ID: access key IDs start with AKIA."
            ));
        }
        Err(say!(
            "An access key ID starts with AKIA followed by 16 uppercase letters and \
             digits, e.g. AKIAIOSFODNN7EXAMPLE."
        ))
    }

    /// The access key of an S3-compatible store (MinIO, Ceph, ...): the
    /// store's own format, e.g. MinIO's `minioadmin`; only what the unquoted
    /// paste would change is refused.
    pub fn parse_store(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_secret_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// An AWS secret access key: 40 characters of `[A-Za-z0-9+/]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsSecretKey(Secret);

impl AwsSecretKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        let len = char_len(raw);
        if (raw.starts_with("AKIA") || raw.starts_with("ASIA")) && len == 20 {
            return Err(say!(
                "This is an access key ID (it starts with AKIA): the secret access key is the 40-character value \
                 shown with it."
            ));
        }
        if !raw.chars().all(is_secret_key_char) {
            return Err(say!(
                "A secret access key has only letters, digits, `+` and `/`: copy it again, without quotes or \
                 other characters."
            ));
        }
        if len != 40 {
            return Err(say!(
                "A secret access key is 40 characters long; this one has {len}. Copy it again from where the key \
                 was created."
            ));
        }
        check_secret_scalar(raw, "secret key")?;
        Ok(Self(Secret(raw.to_owned())))
    }

    /// The secret key of an S3-compatible store, in the store's own format.
    pub fn parse_store(raw: &str) -> Result<Self, String> {
        check_secret_scalar(raw, "secret key")?;
        Ok(Self(Secret(raw.to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// A KMS key: key ID, key ARN, alias name or alias ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KmsKey(String);

/// A key ID: a lowercase UUID, or `mrk-` and 32 hex digits for a multi-Region key.
fn is_kms_key_id(raw: &str) -> bool {
    let hex = |part: &str, len: usize| {
        part.len() == len && part.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    if let Some(rest) = raw.strip_prefix("mrk-") {
        return hex(rest, 32);
    }
    let parts: Vec<&str> = raw.split('-').collect();
    matches!(parts.as_slice(), [a, b, c, d, e] if hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12))
}

/// The rules of an alias name (`alias/...`, without the ARN part).
fn kms_alias_rules(alias: &str) -> Result<(), String> {
    let Some(name) = alias.strip_prefix("alias/") else {
        return Err(say!("An alias starts with `alias/`."));
    };
    if name.is_empty() {
        return Err(say!("Add the alias name after `alias/`, e.g. alias/registry."));
    }
    if let Some(c) = first_refused(name, |c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-')) {
        return Err(say!(
            "A KMS alias name can only contain letters, digits, `/`, `_` and `-`: remove {}.",
            quote_char(c)
        ));
    }
    if alias.len() > 256 {
        return Err(say!(
            "A KMS alias has at most 256 characters; this one has {}.",
            alias.len()
        ));
    }
    Ok(())
}

impl KmsKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        const FORMS: &str = "Enter a KMS key ID (1234abcd-12ab-34cd-56ef-1234567890ab), key ARN, alias name \
                             (alias/my-key) or alias ARN.";
        if let Some(rest) = raw.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let [partition, service, region, account, resource] = parts.as_slice() else {
                return Err(say!(
                    "A KMS key ARN looks like arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab. {FORMS}"
                ));
            };
            if *service != "kms" {
                return Err(say!(
                    "This is the ARN of a `{service}` resource, not of a KMS key. {FORMS}"
                ));
            }
            if !PARTITIONS.contains(partition) {
                return Err(say!(
                    "`{partition}` is not an AWS partition: the ARN starts with arn:aws:kms, arn:aws-cn:kms or \
                     arn:aws-us-gov:kms."
                ));
            }
            let region = AwsRegion::parse(region).map_err(|message| say!("The region in the ARN: {message}"))?;
            if region.partition() != *partition {
                return Err(say!(
                    "Region {} belongs to partition {}, but the ARN says {partition}.",
                    region.as_str(),
                    region.partition()
                ));
            }
            if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                return Err(say!("The account ID in the ARN is 12 digits; `{account}` is not."));
            }
            if let Some(id) = resource.strip_prefix("key/") {
                if !is_kms_key_id(id) {
                    return Err(say!(
                        "`{id}` is not a KMS key ID: those look like 1234abcd-12ab-34cd-56ef-1234567890ab (lowercase) \
                         or mrk- and 32 hex digits."
                    ));
                }
            } else if resource.starts_with("alias/") {
                kms_alias_rules(resource)?;
            } else {
                return Err(say!(
                    "A KMS ARN ends with key/<key ID> or alias/<name>, not `{resource}`."
                ));
            }
            return Ok(Self(raw.to_owned()));
        }
        if raw.starts_with("alias/") {
            kms_alias_rules(raw)?;
            return Ok(Self(raw.to_owned()));
        }
        if is_kms_key_id(raw) {
            return Ok(Self(raw.to_owned()));
        }
        let lower = raw.to_ascii_lowercase();
        if lower != raw && is_kms_key_id(&lower) {
            return Err(say!("KMS key IDs are lowercase: use `{lower}`."));
        }
        if raw.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(say!(
                "This is not a KMS key ID: those are 8-4-4-4-12 lowercase hex digits, like \
                 1234abcd-12ab-34cd-56ef-1234567890ab."
            ));
        }
        if kms_alias_rules(&format!("alias/{raw}")).is_ok() && !raw.contains('/') {
            return Err(say!("An alias name starts with alias/: use `alias/{raw}`."));
        }
        Err(FORMS.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region named in an ARN; `None` for a bare key ID or alias.
    pub fn region(&self) -> Option<&str> {
        self.0.strip_prefix("arn:").and_then(|rest| rest.split(':').nth(2))
    }

    /// Whether this is the AWS managed key for S3 (`alias/aws/s3`): its key
    /// policy cannot be edited, and every principal of the account that may
    /// use S3 may use it.
    pub fn is_aws_managed(&self) -> bool {
        self.0 == "alias/aws/s3" || (self.0.starts_with("arn:") && self.0.ends_with(":alias/aws/s3"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::AzureAccountKey;
    use crate::model::values::test_support::{OK, azure_key, check};

    #[test]
    fn aws_managed_keys() {
        for (raw, managed) in [
            ("alias/aws/s3", true),
            ("arn:aws:kms:us-east-1:123456789012:alias/aws/s3", true),
            ("alias/aws/s3-copy", false),
            ("alias/registry", false),
        ] {
            assert_eq!(KmsKey::parse(raw).unwrap().is_aws_managed(), managed, "{raw}");
        }
    }

    #[test]
    fn aws_regions() {
        check(
            AwsRegion::parse,
            &[
                ("us-east-1", OK),
                ("af-south-1", OK),
                ("ap-east-2", OK),
                ("ap-southeast-7", OK),
                ("ca-west-1", OK),
                ("il-central-1", OK),
                ("mx-central-1", OK),
                ("cn-northwest-1", OK),
                ("us-gov-west-1", OK),
                ("us-iso-east-1", OK),
                ("us-isob-east-1", OK),
                ("eusc-de-east-1", OK),
                ("ap-northeast-9", OK),
                ("xx-northeast-9", "not an AWS region code"),
                ("eu-gov-west-1", "not an AWS region code"),
                ("eu-iso-west-1", "not an AWS region code"),
                ("us-isoe-west-1", "not an AWS region code"),
                ("us-east-1a", "availability zone; enter its region, `us-east-1`"),
                ("US-EAST-1", "use `us-east-1`"),
                ("us_east_1", "`us-east-1`"),
                ("use1-az1", "availability zone ID"),
                ("s3.us-east-1.amazonaws.com", "not an endpoint"),
                ("us-east", "`us-east-1`"),
                ("us-east-0", "not an AWS region code"),
                ("us-middle-1", "not an AWS region code"),
                ("usa-east-1", "not an AWS region code"),
                ("global", "not an AWS region code"),
            ],
        );
        let partition = |raw: &str| AwsRegion::parse(raw).map(|region| region.partition());
        assert_eq!(partition("us-east-1"), Ok("aws"));
        assert_eq!(partition("cn-north-1"), Ok("aws-cn"));
        assert_eq!(partition("us-gov-east-1"), Ok("aws-us-gov"));
        assert_eq!(partition("us-iso-east-1"), Ok("aws-iso"));
        assert_eq!(partition("us-isob-east-1"), Ok("aws-iso-b"));
        assert_eq!(partition("eu-isoe-west-1"), Ok("aws-iso-e"));
        assert_eq!(partition("us-isof-south-1"), Ok("aws-iso-f"));
        assert_eq!(partition("eusc-de-east-1"), Ok("aws-eusc"));
    }

    #[test]
    fn access_keys() {
        check(
            AccessKeyId::parse,
            &[
                ("AKIAIOSFODNN7EXAMPLE", OK),
                ("ASIAIOSFODNN7EXAMPLE", "temporary"),
                ("AKIAIOSFODNN7EXAMPL", "this one has 19"),
                ("AKIAIOSFODNN7EXAMPLEX", "this one has 21"),
                ("AKIAiosfodnn7example", "only uppercase letters and digits"),
                ("akiaiosfodnn7example", "uppercase"),
                (
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    "looks like a secret access key",
                ),
                ("AIDAIOSFODNN7EXAMPLE", "IAM user's unique ID"),
                ("AROAIOSFODNN7EXAMPLE", "IAM role's unique ID"),
                ("my-access-key", "starts with AKIA"),
            ],
        );
        check(
            AccessKeyId::parse,
            &[("ASIAIOSFODNN7EXAMPLE", "session token"), ("AKIAIOSFODNN7EXAMPLE", OK)],
        );
        check(
            AccessKeyId::parse_store,
            &[
                ("minioadmin", OK),
                ("AKIAIOSFODNN7EXAMPLE", OK),
                ("yes", "boolean"),
                ("a #b", "comment"),
            ],
        );
        check(
            AwsSecretKey::parse_store,
            &[("minioadmin", OK), ("", "required"), ("no", "read back as text")],
        );
    }

    #[test]
    fn secret_keys() {
        check(
            AwsSecretKey::parse,
            &[
                ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", OK),
                ("+JalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", OK),
                ("AKIAIOSFODNN7EXAMPLE", "This is an access key ID"),
                ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE", "this one has 39"),
                ("wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY", "only letters, digits"),
                ("my-secret-key", "only letters, digits"),
                (
                    "+123456789012345678901234567890123456789",
                    "would not read back as text",
                ),
            ],
        );
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let parsed = AwsSecretKey::parse(secret).map(|key| (format!("{key:?}"), key.expose().to_owned()));
        assert!(
            parsed.is_ok_and(|(debug, exposed)| !debug.contains(secret) && debug.contains("***") && exposed == secret)
        );
        // No message quotes any part of a secret that was refused.
        let refused = [
            "+123456789012345678901234567890123456789",
            "wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE",
        ];
        for raw in refused {
            let message = AwsSecretKey::parse(raw).expect_err(raw);
            assert!(!message.contains(&raw[..8]), "{message}");
        }
        let key = azure_key('A');
        let parsed = AzureAccountKey::parse(&key).map(|key| format!("{key:?}"));
        assert!(parsed.is_ok_and(|debug| !debug.contains(&key[..8]) && debug.contains("***")));
        for raw in [azure_key('B'), key[1..].to_owned(), format!("{key}!")] {
            let message = AzureAccountKey::parse(&raw).expect_err("refused");
            assert!(!message.contains(&raw[..8]), "{message}");
        }
    }

    #[test]
    fn kms_keys() {
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        let mrk = "mrk-1234abcd12ab34cd56ef1234567890ab";
        check(
            KmsKey::parse,
            &[
                (id, OK),
                (mrk, OK),
                (
                    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    OK,
                ),
                (
                    "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
                    OK,
                ),
                (
                    "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    OK,
                ),
                ("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/registry", OK),
                ("arn:aws:kms:us-east-1:111122223333:alias/my/key_1-x", OK),
                ("alias/registry", OK),
                ("alias/aws/s3", OK),
                ("alias/", "Add the alias name"),
                ("alias/my key", "the space"),
                ("alias/a.b", "remove `.`"),
                (&format!("alias/{}", "a".repeat(251)), "at most 256"),
                (
                    "1234ABCD-12AB-34CD-56EF-1234567890AB",
                    "use `1234abcd-12ab-34cd-56ef-1234567890ab`",
                ),
                ("1234abcd-12ab-34cd-56ef-1234567890a", "not a KMS key ID"),
                ("key/1234abcd", "Enter a KMS key ID"),
                ("registry", "use `alias/registry`"),
                ("arn:aws:s3:::my-bucket", "`s3` resource"),
                ("arn:aws:kms:us-east-1:111122223333", "looks like arn:aws:kms"),
                (
                    "arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "12 digits",
                ),
                (
                    "arn:aws:kms:us-east-1a:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "availability zone",
                ),
                (
                    "arn:aws:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "partition aws-cn",
                ),
                (
                    "arn:foo:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    "not an AWS partition",
                ),
                ("arn:aws:kms:us-east-1:111122223333:key/nope", "not a KMS key ID"),
                ("arn:aws:kms:us-east-1:111122223333:keys/x", "ends with key/"),
                ("arn:aws:kms:us-east-1:111122223333:alias/a b", "the space"),
            ],
        );
        let region = |raw: &str| KmsKey::parse(raw).map(|key| key.region().map(str::to_owned));
        assert_eq!(
            region("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            Ok(Some("eu-west-1".to_owned()))
        );
        assert_eq!(
            region("arn:aws:kms:eu-west-1:111122223333:alias/x"),
            Ok(Some("eu-west-1".to_owned()))
        );
        assert_eq!(region(id), Ok(None));
        assert_eq!(region("alias/x"), Ok(None));
    }
}
