//! Validated leaf values: each newtype can only be built by `parse`, which says
//! in a sentence what is wrong and how to fix it.
//!
//! Every `parse` first applies [`check_scalar`]: no control or invisible
//! characters, no spaces at either end and, for the values the chart pastes
//! unquoted into the registry's configuration file (all S3, GCS and Azure
//! settings), a value that the registry reads back as the same string. Then come
//! the rules of the service that owns the name (S3, Cloud Storage, Azure, AWS
//! KMS, Kubernetes, Helm).

use core::net::{Ipv4Addr, Ipv6Addr};
use std::fmt;

use crate::yaml11;

/// A credential. Its `Debug` prints `***` so it cannot reach a log by accident;
/// the only way to the text is [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Checks every value must pass: no control or invisible characters, no white
/// space at either end, and (when `pasted`) it must read back as the
/// same string after the chart pastes it unquoted into the registry's YAML.
pub fn check_scalar(raw: &str, pasted: bool) -> Result<(), String> {
    if let Some(c) = raw.chars().find(|&c| c.is_control() || is_invisible(c)) {
        return Err(format!("Remove {}: it cannot be part of this value.", name_char(c)));
    }
    if raw.trim() != raw {
        return Err("Remove the spaces at the start or end.".into());
    }
    if pasted {
        yaml11::check_paste(raw)?;
    }
    Ok(())
}

/// [`check_scalar`] without the paste check, for a value that is never empty.
fn check_unpasted(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err("This value is required.".into());
    }
    check_scalar(raw, false)
}

/// Like [`check_scalar`] with `pasted`, for a secret: no message quotes the text.
fn check_secret_scalar(raw: &str, what: &str) -> Result<(), String> {
    check_unpasted(raw)?;
    if yaml11::read_pasted(raw) != yaml11::Reading::SameString {
        return Err(format!(
            "This {what} would not read back as text after the chart pastes it into the registry's configuration \
             file: check you copied it whole, or create a new one."
        ));
    }
    Ok(())
}

/// Unicode format characters (zero-width spaces and joiners, direction marks,
/// the byte order mark, ...), line and paragraph separators and noncharacters:
/// invisible, and never meant to be part of a name, key or path.
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xFFFE..=0xFFFF
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// How a message names a control or invisible character.
fn name_char(c: char) -> String {
    match c {
        '\t' => "the tab".into(),
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "the line break".into(),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c => format!("the invisible character U+{:04X}", u32::from(c)),
    }
}

/// How a message quotes one character: `a space`, or the character in backticks.
fn quote_char(c: char) -> String {
    match c {
        ' ' => "the space".into(),
        '`' => "the backtick".into(),
        c => format!("`{c}`"),
    }
}

/// How to fix a refused character: uppercase letters are written in lowercase,
/// anything else is removed.
fn remove_or_lower(c: char) -> String {
    if c.is_ascii_uppercase() {
        format!("write {} as `{}`", quote_char(c), c.to_ascii_lowercase())
    } else {
        format!("remove {}", quote_char(c))
    }
}

/// The number of characters, as users count them.
fn char_len(raw: &str) -> usize {
    raw.chars().count()
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// Whether `raw` is four dot-separated groups of one to three digits, like
/// 192.168.5.4 (bucket names "formatted as an IP address").
fn looks_like_ipv4(raw: &str) -> bool {
    let parts: Vec<&str> = raw.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|part| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The first character that `allowed` refuses.
fn first_refused(raw: &str, allowed: impl Fn(char) -> bool) -> Option<char> {
    raw.chars().find(|&c| !allowed(c))
}

/// When `raw` has uppercase letters and its lowercase form passes `parse`, the
/// message that suggests it.
fn lowercase_hint<T>(raw: &str, what: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<String> {
    if !raw.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    parse(&lower)
        .is_ok()
        .then(|| format!("{what} are lowercase: use `{lower}`."))
}

/// An S3 bucket name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Bucket(String);

impl S3Bucket {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some(name) = raw.strip_prefix("s3://") {
            return Err(format!(
                "Enter just the bucket name, without s3://: `{}`.",
                name.trim_end_matches('/')
            ));
        }
        if let Some(name) = raw.strip_prefix("arn:aws:s3:::") {
            return Err(format!("Enter just the bucket name, not its ARN: `{name}`."));
        }
        if raw.contains("://") {
            return Err("Enter just the bucket name, not a URL.".into());
        }
        if let Some(hint) = lowercase_hint(raw, "S3 bucket names", s3_bucket_rules) {
            return Err(hint);
        }
        s3_bucket_rules(raw)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A caution that does not make the name invalid: dots break
    /// virtual-hosted-style TLS and transfer acceleration.
    pub fn warning(&self) -> Option<String> {
        self.0.contains('.').then(|| {
            "Dots in the bucket name break virtual-hosted-style HTTPS (the certificate does not match) and \
             transfer acceleration; prefer hyphens."
                .to_owned()
        })
    }
}

/// The S3 naming rules for general purpose buckets.
fn s3_bucket_rules(raw: &str) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '.' || c == '-') {
        return Err(match c {
            '_' => "S3 bucket names cannot contain `_`: use `-` instead.".into(),
            c if c.is_ascii_uppercase() => "S3 bucket names cannot contain uppercase letters.".into(),
            c => format!(
                "S3 bucket names can only contain lowercase letters, digits, dots and hyphens: remove {}.",
                quote_char(c)
            ),
        });
    }
    let len = raw.len();
    if len < 3 {
        return Err("An S3 bucket name has at least 3 characters.".into());
    }
    if len > 63 {
        return Err(format!(
            "An S3 bucket name has at most 63 characters; this one has {len}."
        ));
    }
    if !raw.starts_with(is_lower_alnum) || !raw.ends_with(is_lower_alnum) {
        return Err("An S3 bucket name must start and end with a lowercase letter or digit.".into());
    }
    if raw.contains("..") {
        return Err("An S3 bucket name cannot have two dots in a row (`..`).".into());
    }
    if looks_like_ipv4(raw) {
        return Err(format!(
            "An S3 bucket name cannot be formatted as an IP address like `{raw}`."
        ));
    }
    for prefix in ["xn--", "sthree-configurator", "sthree-", "amzn-s3-demo-"] {
        if raw.starts_with(prefix) {
            return Err(format!(
                "S3 reserves bucket names starting with `{prefix}`: choose another name."
            ));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if raw.ends_with(suffix) {
            return Err(format!(
                "S3 reserves bucket names ending with `{suffix}`: choose another name."
            ));
        }
    }
    Ok(())
}

/// A Google Cloud Storage bucket name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcsBucket(String);

impl GcsBucket {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some(name) = raw.strip_prefix("gs://") {
            return Err(format!(
                "Enter just the bucket name, without gs://: `{}`.",
                name.trim_end_matches('/')
            ));
        }
        if raw.contains("://") {
            return Err("Enter just the bucket name, not a URL.".into());
        }
        if let Some(hint) = lowercase_hint(raw, "Cloud Storage bucket names", gcs_bucket_rules) {
            return Err(hint);
        }
        gcs_bucket_rules(raw)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Cloud Storage bucket naming rules.
fn gcs_bucket_rules(raw: &str) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || matches!(c, '.' | '-' | '_')) {
        return Err(match c {
            c if c.is_ascii_uppercase() => "Cloud Storage bucket names cannot contain uppercase letters.".into(),
            c => format!(
                "Cloud Storage bucket names can only contain lowercase letters, digits, `-`, `_` and dots: remove {}.",
                quote_char(c)
            ),
        });
    }
    let len = raw.len();
    if len < 3 {
        return Err("A Cloud Storage bucket name has at least 3 characters.".into());
    }
    if raw.contains('.') {
        if len > 222 {
            return Err(format!(
                "A Cloud Storage bucket name with dots has at most 222 characters; this one has {len}."
            ));
        }
        if raw.split('.').any(str::is_empty) {
            return Err("A Cloud Storage bucket name cannot have two dots in a row (`..`).".into());
        }
        if let Some(part) = raw.split('.').find(|part| part.len() > 63) {
            return Err(format!(
                "Each dot-separated part of a Cloud Storage bucket name has at most 63 characters; `{part}` has {}.",
                part.len()
            ));
        }
    } else if len > 63 {
        return Err(format!(
            "A Cloud Storage bucket name has at most 63 characters (222 with dots); this one has {len}."
        ));
    }
    if !raw.starts_with(is_lower_alnum) || !raw.ends_with(is_lower_alnum) {
        return Err("A Cloud Storage bucket name must start and end with a lowercase letter or digit.".into());
    }
    if looks_like_ipv4(raw) {
        return Err(format!(
            "A Cloud Storage bucket name cannot be an IP address like `{raw}`."
        ));
    }
    if raw.starts_with("goog") {
        return Err("Cloud Storage bucket names cannot start with `goog`: choose another name.".into());
    }
    // Digits that stand in for letters make close misspellings such as g00gle.
    let letters: String = raw
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'l',
            '3' => 'e',
            c => c,
        })
        .collect();
    if letters.contains("google") {
        return Err(
            "Cloud Storage bucket names cannot contain `google` or a close misspelling of it: choose another name."
                .into(),
        );
    }
    Ok(())
}

/// An AWS region such as `us-east-1`, or the region name an S3-compatible
/// store (MinIO, Ceph, ...) is configured with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsRegion {
    code: String,
    /// Not an AWS region: the name an S3-compatible store uses.
    custom: bool,
}

/// The regions known when this was written; newer ones are accepted when they
/// follow the regional naming pattern (see [`region_shaped`]).
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
            return Err(format!("AWS region codes are lowercase: use `{lower}`."));
        }
        if let Some(region) = lower.strip_suffix(|c: char| c.is_ascii_lowercase())
            && is_region(region)
        {
            return Err(format!(
                "`{raw}` is an availability zone; enter its region, `{region}`."
            ));
        }
        let hyphens = lower.replace(['_', ' '], "-");
        if hyphens != raw && is_region(&hyphens) {
            return Err(format!("Write the region code with hyphens: `{hyphens}`."));
        }
        if lower.contains("-az") {
            return Err(format!(
                "`{raw}` is an availability zone ID; enter the region code, such as us-east-1."
            ));
        }
        if lower.contains("amazonaws.com") || lower.contains("://") {
            return Err("Enter just the region code, such as us-east-1, not an endpoint.".into());
        }
        if is_region(&format!("{lower}-1")) {
            return Err(format!("Add the region's number: `{lower}-1`, for example."));
        }
        Err(format!(
            "`{raw}` is not an AWS region code: they look like us-east-1 or eu-west-2."
        ))
    }

    /// The region of an S3-compatible store reached through a region endpoint:
    /// an AWS region code, or whatever name the store is configured with
    /// (`us-east-1` for MinIO by default, often `default` for Ceph).
    pub fn parse_custom(raw: &str) -> Result<Self, String> {
        if raw.is_empty() {
            return Err("This value is required.".into());
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
            return Err(
                "Enter the region name the store is configured with: lowercase letters, digits and inner hyphens, e.g. default or us-east-1 (MinIO's default)."
                    .into(),
            );
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
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// An AWS access key ID: `AKIA` (long-term) or `ASIA` (temporary) and 16
/// uppercase letters or digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKeyId(String);

impl AccessKeyId {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        let len = char_len(raw);
        let upper_alnum = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
        if (raw.starts_with("AKIA") || raw.starts_with("ASIA")) && len == 20 && raw.chars().all(upper_alnum) {
            return Ok(Self(raw.to_owned()));
        }
        if len == 40 && raw.chars().all(is_secret_key_char) {
            return Err(
                "This looks like a secret access key (40 characters): the access key ID is 20 characters and \
                 starts with AKIA."
                    .into(),
            );
        }
        if raw.starts_with("AKIA") || raw.starts_with("ASIA") {
            if raw.chars().any(|c| !upper_alnum(c)) {
                return Err(
                    "An access key ID has only uppercase letters and digits: check you copied it whole.".into(),
                );
            }
            return Err(format!(
                "An access key ID is 20 characters (AKIA and 16 more letters or digits); this one has {len}."
            ));
        }
        if raw.chars().any(|c| c.is_ascii_lowercase()) && raw.to_ascii_uppercase().starts_with("AKIA") {
            return Err("Access key IDs are uppercase: copy it again exactly as AWS shows it.".into());
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
            return Err(format!(
                "This is {kind}, not an access key ID: access key IDs start with AKIA."
            ));
        }
        Err(
            "An access key ID starts with AKIA (or ASIA for temporary keys) followed by 16 uppercase letters and \
             digits, e.g. AKIAIOSFODNN7EXAMPLE."
                .into(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a temporary key from AWS STS (`ASIA...`).
    pub fn is_temporary(&self) -> bool {
        self.0.starts_with("ASIA")
    }

    /// A caution that does not make the key invalid: temporary keys expire and
    /// need a session token, which the chart does not pass to the registry.
    pub fn warning(&self) -> Option<String> {
        self.is_temporary().then(|| {
            "Keys starting with ASIA are temporary: they expire and need a session token, which the chart does \
             not pass to the registry. Prefer an IAM user's key (AKIA...) or IRSA."
                .to_owned()
        })
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
            return Err(
                "This is an access key ID (it starts with AKIA): the secret access key is the 40-character value \
                 shown with it."
                    .into(),
            );
        }
        if !raw.chars().all(is_secret_key_char) {
            return Err(
                "A secret access key has only letters, digits, `+` and `/`: copy it again, without quotes or \
                 other characters."
                    .into(),
            );
        }
        if len != 40 {
            return Err(format!(
                "A secret access key is 40 characters long; this one has {len}. Copy it again from where the key \
                 was created."
            ));
        }
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
        return Err("An alias starts with `alias/`.".into());
    };
    if name.is_empty() {
        return Err("Add the alias name after `alias/`, e.g. alias/registry.".into());
    }
    if let Some(c) = first_refused(name, |c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-')) {
        return Err(format!(
            "A KMS alias name can only contain letters, digits, `/`, `_` and `-`: remove {}.",
            quote_char(c)
        ));
    }
    if alias.len() > 256 {
        return Err(format!(
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
                return Err(format!(
                    "A KMS key ARN looks like arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab. {FORMS}"
                ));
            };
            if *service != "kms" {
                return Err(format!(
                    "This is the ARN of a `{service}` resource, not of a KMS key. {FORMS}"
                ));
            }
            if !PARTITIONS.contains(partition) {
                return Err(format!(
                    "`{partition}` is not an AWS partition: the ARN starts with arn:aws:kms, arn:aws-cn:kms or \
                     arn:aws-us-gov:kms."
                ));
            }
            let region = AwsRegion::parse(region).map_err(|message| format!("The region in the ARN: {message}"))?;
            if region.partition() != *partition {
                return Err(format!(
                    "Region {} belongs to partition {}, but the ARN says {partition}.",
                    region.as_str(),
                    region.partition()
                ));
            }
            if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("The account ID in the ARN is 12 digits; `{account}` is not."));
            }
            if let Some(id) = resource.strip_prefix("key/") {
                if !is_kms_key_id(id) {
                    return Err(format!(
                        "`{id}` is not a KMS key ID: those look like 1234abcd-12ab-34cd-56ef-1234567890ab (lowercase) \
                         or mrk- and 32 hex digits."
                    ));
                }
            } else if resource.starts_with("alias/") {
                kms_alias_rules(resource)?;
            } else {
                return Err(format!(
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
            return Err(format!("KMS key IDs are lowercase: use `{lower}`."));
        }
        if raw.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(
                "This is not a KMS key ID: those are 8-4-4-4-12 lowercase hex digits, like \
                 1234abcd-12ab-34cd-56ef-1234567890ab."
                    .into(),
            );
        }
        if kms_alias_rules(&format!("alias/{raw}")).is_ok() && !raw.contains('/') {
            return Err(format!("An alias name starts with alias/: use `alias/{raw}`."));
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
}

/// An absolute `http://` or `https://` URL of an S3-compatible endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointUrl(String);

/// A DNS host name: labels of letters, digits and `-`, not starting or ending
/// with `-`, at most 63 characters each and 253 in all.
fn host_name_rules(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("Add the host name after the scheme, e.g. https://minio.example.com:9000.".into());
    }
    if host.len() > 253 {
        return Err(format!(
            "A host name has at most 253 characters; this one has {}.",
            host.len()
        ));
    }
    if let Some(c) = first_refused(host, |c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
        return Err(match c {
            '_' => "Host names cannot contain `_`.".into(),
            c if !c.is_ascii() => "Write an international host name in its ASCII (xn--) form.".into(),
            c => format!("The host name cannot contain {}.", quote_char(c)),
        });
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err("The host name has an empty part (two dots in a row, or a dot at an end).".into());
        }
        if label.len() > 63 {
            return Err(format!(
                "Each part of a host name has at most 63 characters; `{label}` is longer."
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "A part of a host name cannot start or end with `-`: `{label}`."
            ));
        }
    }
    Ok(())
}

/// Whether an endpoint URL points at AWS itself (a VPC or FIPS endpoint of
/// S3) rather than at an S3-compatible store.
pub fn is_aws_endpoint(url: &str) -> bool {
    let host = url.split("://").nth(1).unwrap_or(url);
    let host = host.split(['/', ':']).next().unwrap_or(host).to_ascii_lowercase();
    host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn")
}

impl EndpointUrl {
    /// Whether this is one of AWS's own S3 endpoints.
    pub fn is_aws(&self) -> bool {
        is_aws_endpoint(&self.0)
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if raw.contains(char::is_whitespace) {
            return Err("Remove the spaces: a URL cannot contain them (write %20 in a path).".into());
        }
        let lower = raw.to_ascii_lowercase();
        let rest = if let Some(rest) = raw.strip_prefix("https://") {
            rest
        } else if let Some(rest) = raw.strip_prefix("http://") {
            rest
        } else if lower.starts_with("https://") || lower.starts_with("http://") {
            return Err("Write the scheme in lowercase: https:// or http://.".into());
        } else if raw.contains("://") {
            return Err("The endpoint URL starts with https:// (or http://).".into());
        } else {
            return Err(format!(
                "Start the endpoint with https:// (or http://), e.g. https://{}.",
                raw.trim_start_matches('/')
            ));
        };
        if rest.contains('?') {
            return Err("Remove the query (`?...`): the endpoint is a plain URL.".into());
        }
        if rest.contains('#') {
            return Err("Remove the fragment (`#...`): the endpoint is a plain URL.".into());
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
        if authority.contains('@') {
            return Err(
                "Remove the user name and password from the URL: the registry takes credentials from the access \
                 key fields."
                    .into(),
            );
        }
        let port = if let Some(bracketed) = authority.strip_prefix('[') {
            let Some((address, after)) = bracketed.split_once(']') else {
                return Err("Close the IPv6 address with `]`.".into());
            };
            if address.parse::<Ipv6Addr>().is_err() {
                return Err(format!("`{address}` is not a valid IPv6 address."));
            }
            match after {
                "" => None,
                _ => match after.strip_prefix(':') {
                    Some(port) => Some(port),
                    None => return Err("After the IPv6 address comes only `:` and a port.".into()),
                },
            }
        } else {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            if port.is_some_and(|port| port.contains(':')) {
                return Err("Write an IPv6 address in brackets, e.g. http://[fd00::1]:9000.".into());
            }
            if !host.is_empty() && host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                if host.parse::<Ipv4Addr>().is_err() {
                    return Err(format!("`{host}` is not a valid IPv4 address."));
                }
            } else {
                host_name_rules(host)?;
            }
            port
        };
        if let Some(port) = port {
            let number = (!port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()))
                .then(|| port.parse::<u32>().ok())
                .flatten();
            if !number.is_some_and(|number| (1..=65535).contains(&number)) {
                return Err(format!("The port is a number from 1 to 65535, not `{port}`."));
            }
        }
        let path_char = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c);
        if let Some(c) = first_refused(path, path_char) {
            return Err(format!("The path cannot contain {}: percent-encode it.", quote_char(c)));
        }
        let bytes = path.as_bytes();
        for (at, _) in path.match_indices('%') {
            let escape_ok = bytes
                .get(at + 1..at + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escape_ok {
                return Err("In the path, `%` starts an escape like %20.".into());
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Azure storage account name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureAccountName(String);

impl AzureAccountName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some((account, _)) = raw.split_once(".blob.") {
            return Err(format!("Enter just the storage account name: `{account}`."));
        }
        if let Some(hint) = lowercase_hint(raw, "Storage account names", Self::parse) {
            return Err(hint);
        }
        if let Some(c) = first_refused(raw, is_lower_alnum) {
            return Err(match c {
                '-' | '_' => format!(
                    "Storage account names cannot contain {}: only lowercase letters and digits.",
                    quote_char(c)
                ),
                c => format!(
                    "Storage account names have only lowercase letters and digits: {}.",
                    remove_or_lower(c)
                ),
            });
        }
        let len = raw.len();
        if !(3..=24).contains(&len) {
            return Err(format!(
                "A storage account name has 3 to 24 characters; this one has {len}."
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Azure blob container name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureContainer(String);

impl AzureContainer {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some(hint) = lowercase_hint(raw, "Container names", Self::parse) {
            return Err(hint);
        }
        if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-') {
            return Err(match c {
                '_' => "Container names cannot contain `_`: use `-` instead.".into(),
                c => format!(
                    "Container names have only lowercase letters, digits and hyphens: {}.",
                    remove_or_lower(c)
                ),
            });
        }
        let len = raw.len();
        if !(3..=63).contains(&len) {
            return Err(format!("A container name has 3 to 63 characters; this one has {len}."));
        }
        if raw.starts_with('-') {
            return Err("A container name starts with a letter or digit.".into());
        }
        if raw.ends_with('-') {
            return Err("A container name cannot end with a hyphen.".into());
        }
        if raw.contains("--") {
            return Err("A container name cannot have two hyphens in a row.".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Azure storage account access key: standard base64 of 64 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureAccountKey(Secret);

/// Decodes standard base64 with padding; `None` unless it is canonical (length
/// a multiple of 4, only the alphabet, at most two `=` at the end, and unused
/// bits zero).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return None;
    }
    let body = &bytes[..bytes.len() - padding];
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in body {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xFF).ok()?);
            buffer &= (1 << bits) - 1;
        }
    }
    (buffer == 0).then_some(out)
}

impl AzureAccountKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        if raw.contains("AccountKey=") || raw.starts_with("DefaultEndpointsProtocol=") {
            return Err(
                "This is a connection string: paste only the key, the part after AccountKey= (up to the next ;)."
                    .into(),
            );
        }
        if raw.starts_with("?sv=") || raw.starts_with("sv=") || raw.contains("&sig=") {
            return Err(
                "This is a SAS token; the registry needs the storage account's access key (key1 or key2 under \
                 Access keys)."
                    .into(),
            );
        }
        if raw.contains(['-', '_']) && !raw.contains(['+', '/']) {
            return Err(
                "This key uses `-` or `_` (URL-safe base64); an account key is standard base64 with `+` and `/`: \
                 copy it again from Access keys."
                    .into(),
            );
        }
        if !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        {
            return Err(
                "An account key has only letters, digits, `+`, `/` and `=` at the end: copy it again, without \
                 quotes or other characters."
                    .into(),
            );
        }
        let len = raw.len();
        if len != 88 {
            return Err(format!(
                "An Azure storage account key is 88 characters long and ends with ==; this one has {len}. Copy \
                 key1 or key2 from the storage account's Access keys page."
            ));
        }
        if decode_base64(raw).is_none_or(|key| key.len() != 64) {
            return Err(
                "This is not a valid account key (it does not decode to 64 bytes): copy key1 or key2 again from \
                 the storage account's Access keys page."
                    .into(),
            );
        }
        check_secret_scalar(raw, "account key")?;
        Ok(Self(Secret(raw.to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// An Azure endpoint suffix such as `core.windows.net`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureRealm(String);

/// The realms of the Azure clouds that exist.
pub const AZURE_REALMS: &[&str] = &["core.windows.net", "core.chinacloudapi.cn", "core.usgovcloudapi.net"];

impl AzureRealm {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if AZURE_REALMS.contains(&raw) {
            return Ok(Self(raw.to_owned()));
        }
        if raw == "core.cloudapi.de" {
            return Err(
                "Azure Germany (core.cloudapi.de) was retired in 2021; its accounts moved to the public cloud: \
                 use core.windows.net."
                    .into(),
            );
        }
        if raw.contains("://") {
            return Err(
                "Enter only the endpoint suffix, such as core.windows.net, without https:// or the account name."
                    .into(),
            );
        }
        if let Some(realm) = AZURE_REALMS.iter().find(|realm| raw.ends_with(&format!(".{realm}"))) {
            return Err(format!(
                "Enter only the endpoint suffix, without the account or service in front: `{realm}`."
            ));
        }
        if let Some(hint) = lowercase_hint(raw, "Realms", Self::parse) {
            return Err(hint);
        }
        if raw.ends_with('.') {
            return Err("Remove the dot at the end.".into());
        }
        if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-' || c == '.') {
            return Err(format!(
                "A realm is a DNS suffix of lowercase letters, digits, `-` and dots, like core.windows.net: {}.",
                remove_or_lower(c)
            ));
        }
        let labels: Vec<&str> = raw.split('.').collect();
        let labels_ok = labels.len() >= 2
            && raw.len() <= 253
            && labels
                .iter()
                .all(|label| (1..=63).contains(&label.len()) && !label.starts_with('-') && !label.ends_with('-'));
        if !labels_ok {
            return Err(
                "A realm is a DNS suffix such as core.windows.net (public cloud), core.chinacloudapi.cn or \
                 core.usgovcloudapi.net."
                    .into(),
            );
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A prefix inside the bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootDirectory(String);

impl RootDirectory {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some(c) = first_refused(raw, |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')) {
            return Err(match c {
                ' ' => "Remove the spaces: a root directory is a path like /registry.".into(),
                '\\' => "Separate the parts with `/`, not `\\`.".into(),
                c => format!(
                    "A root directory can only use letters, digits, `.`, `_`, `-` and `/`: remove {}.",
                    quote_char(c)
                ),
            });
        }
        if raw.len() > 512 {
            return Err(format!(
                "A root directory has at most 512 characters; this one has {}.",
                raw.len()
            ));
        }
        if raw.contains("//") {
            return Err("Remove the double slash (`//`).".into());
        }
        if raw.split('/').any(|segment| segment == "." || segment == "..") {
            return Err("A root directory cannot contain `.` or `..` as a part: write the path without them.".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Kubernetes namespace: a DNS-1123 label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace(String);

/// A DNS-1123 label of at most `max` characters, named `what` in messages.
fn dns_label_rules(raw: &str, what: &str, max: usize) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-') {
        return Err(match c {
            c if c.is_ascii_uppercase() => format!("A {what} cannot contain uppercase letters."),
            '_' => format!("A {what} cannot contain `_`: use `-` instead."),
            c => format!(
                "A {what} has only lowercase letters, digits and `-`: {}.",
                remove_or_lower(c)
            ),
        });
    }
    let len = raw.len();
    if len > max {
        return Err(format!("A {what} has at most {max} characters; this one has {len}."));
    }
    if !raw.starts_with(is_lower_alnum) || !raw.ends_with(is_lower_alnum) {
        return Err(format!("A {what} must start and end with a lowercase letter or digit."));
    }
    Ok(())
}

/// A DNS-1123 label of at most `max` characters; `what` names it in messages.
fn parse_dns_label(raw: &str, what: &str, plural: &str, max: usize) -> Result<String, String> {
    check_unpasted(raw)?;
    let rules = |raw: &str| dns_label_rules(raw, what, max);
    if let Some(hint) = lowercase_hint(raw, plural, rules) {
        return Err(hint);
    }
    rules(raw)?;
    Ok(raw.to_owned())
}

impl Namespace {
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_dns_label(raw, "namespace", "Namespaces", 63).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Helm release name: a DNS-1123 label of at most 53 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseName(String);

impl ReleaseName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_dns_label(raw, "Helm release name", "Helm release names", 53).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Kubernetes StorageClass name: a DNS-1123 subdomain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageClassName(String);

fn storage_class_rules(raw: &str) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-' || c == '.') {
        return Err(match c {
            c if c.is_ascii_uppercase() => "A StorageClass name cannot contain uppercase letters.".into(),
            '_' => "A StorageClass name cannot contain `_`: use `-` instead.".into(),
            c => format!(
                "A StorageClass name has only lowercase letters, digits, `-` and dots: {}.",
                remove_or_lower(c)
            ),
        });
    }
    if raw.len() > 253 {
        return Err(format!(
            "A StorageClass name has at most 253 characters; this one has {}.",
            raw.len()
        ));
    }
    let parts_ok = raw
        .split('.')
        .all(|part| part.starts_with(is_lower_alnum) && part.ends_with(is_lower_alnum));
    if !parts_ok {
        return Err(
            "Each dot-separated part of a StorageClass name starts and ends with a lowercase letter or digit.".into(),
        );
    }
    Ok(())
}

impl StorageClassName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        // A chart template may paste it unquoted too: `yes` or `123` would not
        // reach Kubernetes as a name.
        check_scalar(raw, true)?;
        if let Some(hint) = lowercase_hint(raw, "StorageClass names", storage_class_rules) {
            return Err(hint);
        }
        storage_class_rules(raw)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Kubernetes storage quantity such as `100Gi`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity(String);

/// The suffixes of a storage size: powers of 1024, then powers of 1000.
const QUANTITY_SUFFIXES: &[&str] = &["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E"];

impl Quantity {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        const FORM: &str = "Write a size such as 100Gi or 500G: a number, then Ki, Mi, Gi, Ti, Pi or Ei (powers of \
                            1024) or k, M, G, T, P or E (powers of 1000).";
        if raw.contains(char::is_whitespace) {
            let joined: String = raw.split_whitespace().collect();
            return Err(format!("Remove the space: write `{joined}`."));
        }
        if raw.starts_with('-') {
            return Err("A size cannot be negative.".into());
        }
        if let Some(rest) = raw.strip_prefix('+') {
            return Err(format!("Remove the sign: write `{rest}`."));
        }
        let number_len = raw.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(raw.len());
        let (number, suffix) = raw.split_at(number_len);
        if number.is_empty() {
            return Err(format!("Start with a number. {FORM}"));
        }
        if number.starts_with('.') {
            return Err(format!("Write a digit before the dot: `0{raw}`."));
        }
        if number.matches('.').count() > 1 || number.ends_with('.') {
            return Err(format!("`{number}` is not a number. {FORM}"));
        }
        if number.len() > 18 {
            return Err("That size is far too large.".into());
        }
        if !suffix.is_empty() && !QUANTITY_SUFFIXES.contains(&suffix) {
            return Err(quantity_suffix_hint(number, suffix).unwrap_or_else(|| FORM.to_owned()));
        }
        if number.bytes().all(|b| b == b'0' || b == b'.') {
            return Err("The size must be more than 0.".into());
        }
        if suffix.is_empty() {
            // At most 18 characters, so the whole part fits a u64.
            let whole = number.split('.').next().unwrap_or_default().parse::<u64>().unwrap_or(0);
            if whole < 1_048_576 {
                return Err(format!(
                    "Without a unit the size is in bytes, so this is only {number} bytes: write `{number}Gi` for \
                     {number} GiB."
                ));
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A message for a unit written the way other tools write it (`GB`, `GiB`, `gi`, `K`).
fn quantity_suffix_hint(number: &str, suffix: &str) -> Option<String> {
    let letter = suffix.chars().next()?.to_ascii_uppercase();
    if !"KMGTPE".contains(letter) {
        return None;
    }
    let decimal = if letter == 'K' { 'k' } else { letter };
    let lower = suffix.to_ascii_lowercase();
    if lower.len() == 3 && lower.ends_with("ib") {
        return Some(format!(
            "Kubernetes writes `{number}{letter}i`, not `{number}{suffix}`."
        ));
    }
    if (lower.len() == 2 && lower.ends_with('b')) || suffix == "K" {
        return Some(format!(
            "Kubernetes writes `{number}{decimal}` or `{number}{letter}i`, not `{number}{suffix}`."
        ));
    }
    if lower.len() == 2 && lower.ends_with('i') {
        return Some(format!(
            "Kubernetes writes `{number}{letter}i`, with a capital {letter}."
        ));
    }
    if suffix == "m" {
        return Some(format!(
            "In Kubernetes `m` means thousandths: write `{number}M` or `{number}Mi`."
        ));
    }
    if lower.len() == 1 {
        return Some(format!("Kubernetes writes `{number}{decimal}` or `{number}{letter}i`."));
    }
    None
}

/// A file path on the admin's machine (the GCS key), used in a shell command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPath(String);

impl HostPath {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        if raw.starts_with('{') || raw.contains("\"private_key") || raw.contains("PRIVATE KEY") {
            return Err(
                "Enter the path of the key file, not its contents — the key never needs to enter this page.".into(),
            );
        }
        if raw.len() > 4096 {
            return Err(format!(
                "A path has at most 4096 characters; this one has {}.",
                raw.len()
            ));
        }
        if raw.starts_with('~') && raw != "~" && !raw.starts_with("~/") {
            return Err("Write the full path: only ~/ (your own home directory) is expanded here.".into());
        }
        if raw.starts_with(['"', '\'']) || raw.ends_with(['"', '\'']) {
            return Err("Enter the path without quotes: the commands quote it for you.".into());
        }
        if raw.ends_with('/') || raw == "~" || raw == "$HOME" {
            return Err("Enter the path of the key file itself, not of its folder.".into());
        }
        if raw.strip_prefix("$HOME/").unwrap_or(raw).contains('$') {
            return Err(
                "Shell variables are not expanded here: write the full path (~/ or $HOME/ at the start is fine)."
                    .into(),
            );
        }
        // kubectl splits --from-file values at commas (as CSV, so a `"` breaks
        // it too) and takes the first `=` as the end of the key name.
        if let Some(c) = raw.chars().find(|c| matches!(c, '=' | ',' | '"')) {
            return Err(format!(
                "The path contains {c}, which kubectl cannot read in a key file's path: rename the file or move it, e.g. to ~/key.json."
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// GCS upload chunk size in bytes: a positive multiple of 256 KiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkSize(u64);

/// The unit of GCS chunk sizes: 256 KiB.
const CHUNK_UNIT: u64 = 262_144;

/// A byte count with its size in MiB or KiB, e.g. `5242880 (5 MiB)`.
fn with_binary_size(bytes: u64) -> String {
    const MIB: u64 = 1_048_576;
    if bytes.is_multiple_of(MIB) {
        format!("{bytes} ({} MiB)", bytes / MIB)
    } else {
        format!("{bytes} ({} KiB)", bytes / 1024)
    }
}

impl ChunkSize {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        if !raw.bytes().all(|b| b.is_ascii_digit()) {
            let digits_then_unit = raw.starts_with(|c: char| c.is_ascii_digit())
                && raw
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .chars()
                    .all(char::is_alphabetic);
            return Err(if digits_then_unit {
                "Enter the chunk size in bytes, without a unit: e.g. 5242880 for 5 MiB.".into()
            } else {
                "Enter a whole number of bytes without signs or separators, e.g. 5242880 (5 MiB).".into()
            });
        }
        if raw.len() > 1 && raw.starts_with('0') {
            return Err(format!(
                "Write the number without leading zeros: `{}`.",
                raw.trim_start_matches('0')
            ));
        }
        let Ok(bytes) = raw.parse::<u64>() else {
            return Err("That is far too large: e.g. 5242880 (5 MiB) or 16777216 (16 MiB).".into());
        };
        if bytes == 0 {
            return Err("The chunk size must be more than 0: e.g. 5242880 (5 MiB).".into());
        }
        if !bytes.is_multiple_of(CHUNK_UNIT) {
            let lower = bytes - bytes % CHUNK_UNIT;
            let upper = lower.checked_add(CHUNK_UNIT);
            let nearest = match (lower, upper) {
                (0, Some(upper)) => with_binary_size(upper),
                (lower, Some(upper)) => format!("{} or {}", with_binary_size(lower), with_binary_size(upper)),
                (lower, None) => with_binary_size(lower),
            };
            return Err(format!(
                "The chunk size must be a multiple of 262144 bytes (256 KiB): the nearest are {nearest}."
            ));
        }
        Ok(Self(bytes))
    }

    pub fn bytes(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expectation of a case that must parse.
    const OK: &str = "";

    /// Each `(raw, expected)`: `OK` must parse to the same text; anything else
    /// is a fragment the error message must contain.
    fn check<T: fmt::Debug>(parse: impl Fn(&str) -> Result<T, String>, cases: &[(&str, &str)]) {
        for &(raw, expected) in cases {
            match (parse(raw), expected) {
                (Ok(_), OK) => {}
                (Ok(value), fragment) => panic!("{raw:?} parsed as {value:?}, expected an error with {fragment:?}"),
                (Err(message), OK) => panic!("{raw:?} was refused: {message}"),
                (Err(message), fragment) => {
                    assert!(message.contains(fragment), "{raw:?}: {message:?} lacks {fragment:?}");
                    assert!(message.ends_with('.'), "{raw:?}: {message:?} is not a sentence");
                }
            }
        }
    }

    #[test]
    fn scalar_checks() {
        let cases = [
            ("a", OK),
            ("a\tb", "Remove the tab"),
            ("a\nb", "Remove the line break"),
            ("a\u{1}b", "U+0001"),
            ("a\u{7f}", "U+007F"),
            ("a\u{200b}b", "invisible character U+200B"),
            ("\u{feff}a", "U+FEFF"),
            ("a\u{2028}", "line break"),
            ("a\u{202e}b", "U+202E"),
            (" a", "spaces at the start or end"),
            ("a ", "spaces at the start or end"),
            ("\u{a0}a", "spaces at the start or end"),
            ("a b", OK),
            ("é", OK),
        ];
        check(|raw| check_scalar(raw, false), &cases);
        let pasted = [
            ("yes", "boolean true"),
            ("012", "number 10"),
            ("a #b", "comment"),
            ("my-bucket", OK),
        ];
        check(|raw| check_scalar(raw, true), &pasted);
        assert!(check_scalar("yes", false).is_ok());
    }

    #[test]
    fn s3_buckets() {
        check(
            S3Bucket::parse,
            &[
                ("my-s3-bucket", OK),
                ("abc", OK),
                ("a.b.c", OK),
                ("123", "number"),
                ("123abc", OK),
                (&"a".repeat(63), OK),
                (&"a".repeat(64), "at most 63"),
                ("ab", "at least 3"),
                ("My-Bucket", "use `my-bucket`"),
                ("my_bucket", "use `-` instead"),
                ("my bucket", "the space"),
                ("-abc", "start and end"),
                ("abc-", "start and end"),
                (".abc", "start and end"),
                ("a..b", "two dots"),
                ("192.168.5.4", "IP address"),
                ("1.2.3.4", "IP address"),
                ("1.2.3.4.5", OK),
                ("xn--abc", "xn--"),
                ("sthree-abc", "sthree-"),
                ("sthree-configurator-x", "sthree-configurator"),
                ("amzn-s3-demo-bucket", "amzn-s3-demo-"),
                ("abc-s3alias", "-s3alias"),
                ("abc--ol-s3", "--ol-s3"),
                ("abc.mrap", ".mrap"),
                ("abc--x-s3", "--x-s3"),
                ("abc--table-s3", "--table-s3"),
                ("s3://my-bucket/", "`my-bucket`"),
                ("arn:aws:s3:::my-bucket", "`my-bucket`"),
                ("https://my-bucket.s3.amazonaws.com", "not a URL"),
                ("yes", "boolean"),
                ("on", "boolean"),
                ("é-bucket", "remove `é`"),
            ],
        );
        assert_eq!(S3Bucket::parse("my-bucket").map(|bucket| bucket.warning()), Ok(None));
        let dotted = S3Bucket::parse("my.bucket").map(|bucket| bucket.warning());
        assert!(dotted.is_ok_and(|warning| warning.is_some_and(|warning| warning.contains("prefer hyphens"))));
    }

    #[test]
    fn gcs_buckets() {
        let long_dotted = format!("{}.{}.{}", "a".repeat(63), "b".repeat(63), "c".repeat(63));
        let too_long_dotted = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(31)
        );
        let long_part = format!("{}.com", "a".repeat(64));
        check(
            GcsBucket::parse,
            &[
                ("my-gcs-bucket", OK),
                ("my_gcs_bucket", OK),
                ("example.com", OK),
                (&long_dotted, OK),
                (&too_long_dotted, "at most 222"),
                (&long_part, "at most 63 characters"),
                (&"a".repeat(64), "at most 63"),
                ("ab", "at least 3"),
                ("a..b", "two dots"),
                ("My-Bucket", "use `my-bucket`"),
                ("_abc", "start and end"),
                ("abc_", "start and end"),
                ("192.168.5.4", "IP address"),
                ("goog-bucket", "`goog`"),
                ("my-google-bucket", "`google`"),
                ("my-g00gle-bucket", "`google`"),
                ("gs://my-bucket", "`my-bucket`"),
                ("https://storage.googleapis.com/b", "not a URL"),
                ("no", "boolean"),
                ("a b c", "the space"),
            ],
        );
    }

    #[test]
    fn azure_names() {
        check(
            AzureAccountName::parse,
            &[
                ("mystorageaccount", OK),
                ("abc", OK),
                (&"a".repeat(24), OK),
                (&"a".repeat(25), "3 to 24"),
                ("ab", "3 to 24"),
                ("My-Account", "only lowercase letters and digits"),
                ("Abc_d", "write `A` as `a`"),
                ("MyAccount", "use `myaccount`"),
                ("my-account", "cannot contain `-`"),
                ("myaccount.blob.core.windows.net", "`myaccount`"),
                ("yes", "boolean"),
            ],
        );
        check(
            AzureContainer::parse,
            &[
                ("registry", OK),
                ("my-container-1", OK),
                ("1abc", OK),
                ("ab", "3 to 63"),
                (&"a".repeat(64), "3 to 63"),
                ("-abc", "starts with a letter or digit"),
                ("abc-", "end with a hyphen"),
                ("a--b", "two hyphens"),
                ("My-Container", "use `my-container`"),
                ("my_container", "use `-` instead"),
                ("$root", "remove `$`"),
                ("off", "boolean"),
            ],
        );
    }

    /// A valid Azure key: 64 bytes of base64, 88 characters ending in `==`.
    fn azure_key(last: char) -> String {
        format!(
            "{}{last}==",
            "abcdABCD0123+/xy".repeat(6).chars().take(85).collect::<String>()
        )
    }

    #[test]
    fn azure_keys() {
        let key = azure_key('A');
        assert_eq!(key.len(), 88);
        let non_canonical = azure_key('B');
        let short = key[4..].to_owned();
        let url_safe = key.replace(['+', '/'], "-");
        let connection = format!("DefaultEndpointsProtocol=https;AccountName=a;AccountKey={key};");
        check(
            AzureAccountKey::parse,
            &[
                (&key, OK),
                (&azure_key('Q'), OK),
                (&azure_key('g'), OK),
                (&azure_key('w'), OK),
                (&non_canonical, "does not decode to 64 bytes"),
                (&short, "88 characters"),
                (&format!("{}A", &key[..87]), "does not decode"),
                (&format!("{}===", &key[..85]), "does not decode"),
                (&url_safe, "URL-safe"),
                (&connection, "connection string"),
                ("?sv=2022-11-02&ss=b&sig=abc", "SAS token"),
                (&format!("\"{key}\""), "without quotes"),
                (&format!("{key} "), "spaces"),
            ],
        );
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aGk"), None);
        assert_eq!(decode_base64(""), Some(Vec::new()));
        assert_eq!(decode_base64("aGl="), None);
        assert_eq!(decode_base64("a===").as_deref(), None);
        assert_eq!(decode_base64("YQ=="), Some(b"a".to_vec()));
    }

    #[test]
    fn azure_realms() {
        check(
            AzureRealm::parse,
            &[
                ("core.windows.net", OK),
                ("core.chinacloudapi.cn", OK),
                ("core.usgovcloudapi.net", OK),
                ("local.azurestack.external", OK),
                ("core.cloudapi.de", "retired"),
                ("blob.core.windows.net", "`core.windows.net`"),
                ("acct.blob.core.chinacloudapi.cn", "`core.chinacloudapi.cn`"),
                ("https://acct.blob.core.windows.net", "without https://"),
                ("Core.Windows.Net", "use `core.windows.net`"),
                ("core.windows.net.", "dot at the end"),
                ("windows", "DNS suffix"),
                ("a..b", "DNS suffix"),
                ("-a.b", "DNS suffix"),
                (&format!("{}.com", "a".repeat(64)), "DNS suffix"),
                ("core_windows.net", "remove `_`"),
            ],
        );
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
                ("ASIAIOSFODNN7EXAMPLE", OK),
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
        let key = AccessKeyId::parse("ASIAIOSFODNN7EXAMPLE");
        assert!(key.is_ok_and(|key| key.is_temporary() && key.warning().is_some()));
        let key = AccessKeyId::parse("AKIAIOSFODNN7EXAMPLE");
        assert!(key.is_ok_and(|key| !key.is_temporary() && key.warning().is_none()));
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

    #[test]
    fn endpoint_urls() {
        check(
            EndpointUrl::parse,
            &[
                ("https://minio.example.com:9000", OK),
                ("http://minio:9000", OK),
                ("https://s3.us-east-1.amazonaws.com", OK),
                ("http://10.0.0.5:9000", OK),
                ("http://[fd00::1]:9000", OK),
                ("http://[::1]", OK),
                ("https://minio.example.com/", OK),
                ("https://ceph.example.com/s3/path%20x", OK),
                ("https://MinIO.Example.com", OK),
                ("minio.example.com:9000", "https://minio.example.com:9000"),
                ("HTTPS://minio.example.com", "lowercase"),
                ("s3://bucket", "starts with https://"),
                ("https://", "Add the host name"),
                ("https://:9000", "Add the host name"),
                ("https://minio.example.com:0", "1 to 65535"),
                ("https://minio.example.com:65536", "1 to 65535"),
                ("https://minio.example.com:", "colon at the end"),
                ("https://minio.example.com:abc", "1 to 65535"),
                ("https://minio.example.com:99999999999999999999", "1 to 65535"),
                ("https://minio.example.com?x=1", "query"),
                ("https://minio.example.com/#x", "fragment"),
                ("https://user:pass@minio.example.com", "user name and password"),
                ("https://minio example.com", "spaces"),
                ("https://minio_1:9000", "`_`"),
                ("https://-minio.example.com", "start or end with `-`"),
                ("https://minio..example.com", "empty part"),
                ("https://minio.example.com.", "empty part"),
                ("http://999.1.1.1", "not a valid IPv4"),
                ("http://[fd00::zz]:9000", "not a valid IPv6"),
                ("http://[fd00::1", "Close the IPv6"),
                ("http://[fd00::1]x", "only `:` and a port"),
                ("http://fd00::1:9000", "in brackets"),
                ("https://bücher.example", "xn--"),
                ("https://x.example.com/a%zz", "escape"),
                ("https://x.example.com/a\"b", "percent-encode"),
                ("https://x.example.com/a:b", OK),
            ],
        );
    }

    #[test]
    fn root_directories() {
        check(
            RootDirectory::parse,
            &[
                ("/", OK),
                ("/registry", OK),
                ("registry", OK),
                ("/a/b.c/d_e-f/", OK),
                ("a//b", "double slash"),
                ("/a/../b", "`..`"),
                ("/a/./b", "`.`"),
                ("..", "`..`"),
                ("/a b", "Remove the spaces"),
                ("a\\b", "not `\\`"),
                ("/a:b", "remove `:`"),
                ("/é", "remove `é`"),
                ("-", "list item"),
                ("12", "number"),
                (&format!("/{}", "a".repeat(512)), "at most 512"),
            ],
        );
    }

    #[test]
    fn chunk_sizes() {
        check(
            ChunkSize::parse,
            &[
                ("5242880", OK),
                ("262144", OK),
                ("16777216", OK),
                ("0", "more than 0"),
                ("5000000", "4980736 (4864 KiB) or 5242880 (5 MiB)"),
                ("1", "262144 (256 KiB)"),
                ("05242880", "leading zeros"),
                ("+5242880", "without signs or separators"),
                ("-262144", "without signs or separators"),
                ("5_242_880", "without signs or separators"),
                ("5,242,880", "without signs or separators"),
                ("5MiB", "without a unit"),
                ("5MB", "without a unit"),
                ("5242880.0", "without signs or separators"),
                ("99999999999999999999", "far too large"),
                ("18446744073709551615", "18446744073709289472"),
            ],
        );
        assert_eq!(ChunkSize::parse("5242880").map(ChunkSize::bytes), Ok(5_242_880));
    }

    #[test]
    fn namespaces_and_releases() {
        check(
            Namespace::parse,
            &[
                ("astronomer", OK),
                ("a", OK),
                ("my-ns-1", OK),
                ("1ns", OK),
                (&"a".repeat(63), OK),
                (&"a".repeat(64), "at most 63"),
                ("Astronomer", "use `astronomer`"),
                ("my_ns", "use `-` instead"),
                ("my.ns", "remove `.`"),
                ("-ns", "start and end"),
                ("ns-", "start and end"),
                ("yes", OK),
            ],
        );
        check(
            ReleaseName::parse,
            &[
                ("astronomer", OK),
                (&"a".repeat(53), OK),
                (&"a".repeat(54), "at most 53"),
                ("Astronomer", "use `astronomer`"),
                ("my release", "the space"),
                ("-x", "start and end"),
            ],
        );
    }

    #[test]
    fn storage_classes() {
        check(
            StorageClassName::parse,
            &[
                ("gp3", OK),
                ("standard-rwo", OK),
                ("ebs.csi.aws.com", OK),
                ("yes", "boolean true"),
                ("123", "number 123"),
                ("Premium", "use `premium`"),
                ("managed_premium", "use `-` instead"),
                ("a..b", "starts and ends"),
                ("-a", "starts and ends"),
                ("a.-b", "starts and ends"),
                (&"a".repeat(254), "at most 253"),
                ("a b", "the space"),
            ],
        );
    }

    #[test]
    fn quantities() {
        check(
            Quantity::parse,
            &[
                ("100Gi", OK),
                ("500G", OK),
                ("1Ti", OK),
                ("1.5Ti", OK),
                ("0.5Ti", OK),
                ("512Mi", OK),
                ("100k", OK),
                ("2E", OK),
                ("107374182400", OK),
                ("0", "more than 0"),
                ("0Gi", "more than 0"),
                ("0.0Gi", "more than 0"),
                ("-1Gi", "negative"),
                ("+1Gi", "`1Gi`"),
                ("100GB", "Kubernetes writes `100G` or `100Gi`"),
                ("100gb", "`100G` or `100Gi`"),
                ("100GiB", "Kubernetes writes `100Gi`"),
                ("100gi", "capital G"),
                ("100KB", "`100k` or `100Ki`"),
                ("100K", "`100k` or `100Ki`"),
                ("100m", "thousandths"),
                ("100 Gi", "Remove the space: write `100Gi`"),
                ("Gi", "Start with a number"),
                (".5Gi", "`0.5Gi`"),
                ("1.2.3Gi", "not a number"),
                ("1.Gi", "not a number"),
                ("100", "only 100 bytes"),
                ("100Xi", "Write a size such as 100Gi"),
                ("1e9", "Write a size such as 100Gi"),
                ("9999999999999999999Gi", "far too large"),
            ],
        );
    }

    #[test]
    fn host_paths() {
        check(
            HostPath::parse,
            &[
                ("/path/to/key.json", OK),
                ("~/keys/gcs key.json", OK),
                ("~", "not of its folder"),
                ("$HOME/", "not of its folder"),
                ("/tmp/keys/", "not of its folder"),
                ("$HOME/keys/$x.json", "Shell variables"),
                ("'/tmp/key.json", "without quotes"),
                ("C:\\Users\\me\\key.json", OK),
                ("./key.json", OK),
                ("key (1).json", OK),
                ("{\"type\": \"service_account\"}", "not its contents"),
                ("-----BEGIN PRIVATE KEY-----", "not its contents"),
                ("~bob/key.json", "full path"),
                ("$HOME/keys/key.json", OK),
                ("$KEY_DIR/key.json", "Shell variables"),
                ("/tmp/$(id).json", "Shell variables"),
                ("\"/tmp/key.json\"", "without quotes"),
                ("'/tmp/key.json'", "without quotes"),
                ("/tmp/a=b.json", "contains =, which kubectl"),
                ("/tmp/a,b.json", "contains ,"),
                ("/tmp/a\"b.json", "contains \""),
                (" /key.json", "spaces"),
                ("/key.json\n", "line break"),
                ("/a\u{200b}b", "invisible"),
                (&"a".repeat(4097), "at most 4096"),
            ],
        );
    }

    #[test]
    fn empty_is_required() {
        let results = [
            S3Bucket::parse("").err(),
            GcsBucket::parse("").err(),
            AwsRegion::parse("").err(),
            AccessKeyId::parse("").err(),
            AwsSecretKey::parse("").err(),
            KmsKey::parse("").err(),
            EndpointUrl::parse("").err(),
            AzureAccountName::parse("").err(),
            AzureAccountKey::parse("").err(),
            AzureContainer::parse("").err(),
            AzureRealm::parse("").err(),
            RootDirectory::parse("").err(),
            ChunkSize::parse("").err(),
            Namespace::parse("").err(),
            ReleaseName::parse("").err(),
            StorageClassName::parse("").err(),
            Quantity::parse("").err(),
            HostPath::parse("").err(),
        ];
        for message in results {
            assert_eq!(message.as_deref(), Some("This value is required."));
        }
    }

    #[test]
    fn nothing_panics() {
        let mut inputs: Vec<String> = [
            "",
            " ",
            "\t",
            "\n",
            "é",
            "ß",
            "İ",
            "日本語",
            "🦀",
            "\u{200b}",
            "\u{feff}",
            "\u{10ffff}",
            "\u{202e}abc",
            "a\u{0301}",
            "arn:",
            "arn::::",
            "arn:aws:kms::::",
            "arn:aws:kms:é:é:é",
            "alias/",
            "alias/é",
            "mrk-",
            "http://",
            "https://[",
            "https://[]",
            "https://[é]",
            "https://é:é",
            "https://a:é/é",
            "https://a/%",
            "https://a/%é",
            "0",
            "00",
            "-",
            "+",
            ".",
            "..",
            "/",
            "//",
            "~",
            "{",
            "1.",
            "1.5",
            "1é",
            "Gié",
            "é1",
            "ASIA",
            "AKIAé",
            "=",
            "==",
            "===",
            "====",
            "s3://",
            "gs://",
            ".blob.",
            "xn--",
            "-az",
            "us-east-é",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for unit in ["a", "é", "9", "-", ".", "/", ":", "=", "🦀"] {
            inputs.push(unit.repeat(100_000));
        }
        inputs.push(format!("arn:aws:kms:us-east-1:111122223333:alias/{}", "é".repeat(300)));
        inputs.push(format!("https://{}", "a.".repeat(200)));
        inputs.push(format!("{}Gi", "9".repeat(100)));
        for input in &inputs {
            let raw = input.as_str();
            let _ = check_scalar(raw, true);
            let _ = S3Bucket::parse(raw).map(|bucket| bucket.warning());
            let _ = GcsBucket::parse(raw);
            let _ = AwsRegion::parse(raw).map(|region| region.partition());
            let _ = AccessKeyId::parse(raw).map(|key| key.warning());
            let _ = AwsSecretKey::parse(raw);
            let _ = KmsKey::parse(raw).map(|key| key.region().map(str::to_owned));
            let _ = EndpointUrl::parse(raw);
            let _ = AzureAccountName::parse(raw);
            let _ = AzureAccountKey::parse(raw);
            let _ = AzureContainer::parse(raw);
            let _ = AzureRealm::parse(raw);
            let _ = RootDirectory::parse(raw);
            let _ = ChunkSize::parse(raw);
            let _ = Namespace::parse(raw);
            let _ = ReleaseName::parse(raw);
            let _ = StorageClassName::parse(raw);
            let _ = Quantity::parse(raw);
            let _ = HostPath::parse(raw);
        }
    }
}
