//! Kubernetes and Helm settings: namespace, release name, StorageClass and
//! Secret names, and storage size.

use super::text::{check_scalar, check_unpasted, first_refused, is_lower_alnum, lowercase_hint, remove_or_lower};

/// A Kubernetes namespace: a DNS-1123 label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace(String);

/// A DNS-1123 label of at most `max` characters, named `what` in messages.
fn dns_label_rules(raw: &str, what: &str, max: usize) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-') {
        return Err(match c {
            c if c.is_ascii_uppercase() => say!("A {what} cannot contain uppercase letters."),
            '_' => say!("A {what} cannot contain `_`: use `-` instead."),
            c => say!(
                "A {what} has only lowercase letters, digits and `-`: {}.",
                remove_or_lower(c)
            ),
        });
    }
    let len = raw.len();
    if len > max {
        return Err(say!("A {what} has at most {max} characters; this one has {len}."));
    }
    if !raw.starts_with(is_lower_alnum) || !raw.ends_with(is_lower_alnum) {
        return Err(say!("A {what} must start and end with a lowercase letter or digit."));
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

/// The rules of a DNS-1123 subdomain (the names of StorageClasses, Secrets
/// and most objects); `what` names the object in messages, e.g. "A Secret name".
fn dns_subdomain_rules(raw: &str, what: &str) -> Result<(), String> {
    if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-' || c == '.') {
        return Err(match c {
            c if c.is_ascii_uppercase() => say!("{what} cannot contain uppercase letters."),
            '_' => say!("{what} cannot contain `_`: use `-` instead."),
            c => say!(
                "{what} has only lowercase letters, digits, `-` and dots: {}.",
                remove_or_lower(c)
            ),
        });
    }
    if raw.len() > 253 {
        return Err(say!("{what} has at most 253 characters; this one has {}.", raw.len()));
    }
    let parts_ok = raw
        .split('.')
        .all(|part| part.starts_with(is_lower_alnum) && part.ends_with(is_lower_alnum));
    if !parts_ok {
        return Err(say!(
            "Each dot-separated part of {} starts and ends with a lowercase letter or digit.",
            what.replacen("A ", "a ", 1)
        ));
    }
    Ok(())
}

/// A DNS-1123 subdomain, checked by the same rules wherever a chart template
/// may paste it unquoted.
fn parse_dns_subdomain(raw: &str, what: &str, plural: &str) -> Result<String, String> {
    check_unpasted(raw)?;
    check_scalar(raw, true)?;
    if let Some(hint) = lowercase_hint(raw, plural, |raw| dns_subdomain_rules(raw, what)) {
        return Err(hint);
    }
    dns_subdomain_rules(raw, what)?;
    Ok(raw.to_owned())
}

impl StorageClassName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_dns_subdomain(raw, "A StorageClass name", "StorageClass names").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name of a Kubernetes Secret in the platform namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretName(String);

impl SecretName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        parse_dns_subdomain(raw, "A Secret name", "Secret names").map(Self)
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
            return Err(say!("Remove the space: write `{joined}`."));
        }
        if raw.starts_with('-') {
            return Err(say!("A size cannot be negative."));
        }
        if let Some(rest) = raw.strip_prefix('+') {
            return Err(say!("Remove the sign: write `{rest}`."));
        }
        let number_len = raw.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(raw.len());
        let (number, suffix) = raw.split_at(number_len);
        if number.is_empty() {
            return Err(say!("Start with a number. {FORM}"));
        }
        if number.starts_with('.') {
            return Err(say!("Write a digit before the dot: `0{raw}`."));
        }
        if number.matches('.').count() > 1 || number.ends_with('.') {
            return Err(say!("`{number}` is not a number. {FORM}"));
        }
        if number.len() > 18 {
            return Err(say!("That size is far too large."));
        }
        if !suffix.is_empty() && !QUANTITY_SUFFIXES.contains(&suffix) {
            return Err(quantity_suffix_hint(number, suffix).unwrap_or_else(|| FORM.to_owned()));
        }
        if number.bytes().all(|b| b == b'0' || b == b'.') {
            return Err(say!("The size must be more than 0."));
        }
        if suffix.is_empty() {
            // At most 18 characters, so the whole part fits a u64.
            let whole = number.split('.').next().unwrap_or_default().parse::<u64>().unwrap_or(0);
            if whole < 1_048_576 {
                return Err(say!(
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
        return Some(say!("Kubernetes writes `{number}{letter}i`, not `{number}{suffix}`."));
    }
    if (lower.len() == 2 && lower.ends_with('b')) || suffix == "K" {
        return Some(say!(
            "Kubernetes writes `{number}{decimal}` or `{number}{letter}i`, not `{number}{suffix}`."
        ));
    }
    if lower.len() == 2 && lower.ends_with('i') {
        return Some(say!("Kubernetes writes `{number}{letter}i`, with a capital {letter}."));
    }
    if suffix == "m" {
        return Some(say!(
            "In Kubernetes `m` means thousandths: write `{number}M` or `{number}Mi`."
        ));
    }
    if lower.len() == 1 {
        return Some(say!("Kubernetes writes `{number}{decimal}` or `{number}{letter}i`."));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::test_support::{OK, check};

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
    fn secret_names() {
        check(
            SecretName::parse,
            &[
                ("registry-s3-keys", OK),
                ("a.b-c", OK),
                ("Registry", "use `registry`"),
                ("my_secret", "use `-` instead"),
                ("-x", "starts and ends"),
                ("yes", "boolean"),
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
}
