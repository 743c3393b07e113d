//! Azure Blob Storage settings: the account name and key, the container and the realm.

use super::text::{
    Secret, check_scalar, check_secret_scalar, check_unpasted, first_refused, is_lower_alnum, lowercase_hint,
    quote_char, remove_or_lower,
};

/// An Azure storage account name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureAccountName(String);

impl AzureAccountName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        if let Some((account, _)) = raw.split_once(".blob.") {
            return Err(say!("Enter just the storage account name: `{account}`."));
        }
        if let Some(hint) = lowercase_hint(raw, "Storage account names", Self::parse) {
            return Err(hint);
        }
        if let Some(c) = first_refused(raw, is_lower_alnum) {
            return Err(match c {
                '-' | '_' => say!(
                    "Storage account names cannot contain {}: only lowercase letters and digits.",
                    quote_char(c)
                ),
                c => say!(
                    "Storage account names have only lowercase letters and digits: {}.",
                    remove_or_lower(c)
                ),
            });
        }
        let len = raw.len();
        if !(3..=24).contains(&len) {
            return Err(say!(
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
                '_' => say!("Container names cannot contain `_`: use `-` instead."),
                c => say!(
                    "Container names have only lowercase letters, digits and hyphens: {}.",
                    remove_or_lower(c)
                ),
            });
        }
        let len = raw.len();
        if !(3..=63).contains(&len) {
            return Err(say!("A container name has 3 to 63 characters; this one has {len}."));
        }
        if raw.starts_with('-') {
            return Err(say!("A container name starts with a letter or digit."));
        }
        if raw.ends_with('-') {
            return Err(say!("A container name cannot end with a hyphen."));
        }
        if raw.contains("--") {
            return Err(say!("A container name cannot have two hyphens in a row."));
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
            return Err(say!(
                "This is a connection string: paste only the key, the part after AccountKey= (up to the next ;)."
            ));
        }
        if raw.starts_with("?sv=") || raw.starts_with("sv=") || raw.contains("&sig=") {
            return Err(say!(
                "This is a SAS token; the registry needs the storage account's access key (key1 or key2 under \
                 Access keys)."
            ));
        }
        if raw.contains(['-', '_']) && !raw.contains(['+', '/']) {
            return Err(say!(
                "This key uses `-` or `_` (URL-safe base64); an account key is standard base64 with `+` and `/`: \
                 copy it again from Access keys."
            ));
        }
        if !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        {
            return Err(say!(
                "An account key has only letters, digits, `+`, `/` and `=` at the end: copy it again, without \
                 quotes or other characters."
            ));
        }
        let len = raw.len();
        if len != 88 {
            return Err(say!(
                "An Azure storage account key is 88 characters long and ends with ==; this one has {len}. Copy \
                 key1 or key2 from the storage account's Access keys page."
            ));
        }
        if decode_base64(raw).is_none_or(|key| key.len() != 64) {
            return Err(say!(
                "This is not a valid account key (it does not decode to 64 bytes): copy key1 or key2 again from \
                 the storage account's Access keys page."
            ));
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
            return Err(say!(
                "Azure Germany (core.cloudapi.de) was retired in 2021; its accounts moved to the public cloud: \
                 use core.windows.net."
            ));
        }
        if raw.contains("://") {
            return Err(say!(
                "Enter only the endpoint suffix, such as core.windows.net, without https:// or the account name."
            ));
        }
        if let Some(realm) = AZURE_REALMS.iter().find(|realm| raw.ends_with(&format!(".{realm}"))) {
            return Err(say!(
                "Enter only the endpoint suffix, without the account or service in front: `{realm}`."
            ));
        }
        if let Some(hint) = lowercase_hint(raw, "Realms", Self::parse) {
            return Err(hint);
        }
        if raw.ends_with('.') {
            return Err(say!("Remove the dot at the end."));
        }
        if let Some(c) = first_refused(raw, |c| is_lower_alnum(c) || c == '-' || c == '.') {
            return Err(say!(
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
            return Err(say!(
                "A realm is a DNS suffix such as core.windows.net (public cloud), core.chinacloudapi.cn or \
                 core.usgovcloudapi.net."
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::test_support::{OK, azure_key, check};

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
                (&format!("{}\n{}", &key[..60], &key[60..]), "line break"),
                (&format!("{}\r\n{}", &key[..44], &key[44..]), "line break"),
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
}
