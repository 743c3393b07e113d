//! Non-secret settings as text: the "Share link" URL fragment and the opt-in
//! remembered form. Secrets are never written, and never read back.
//!
//! The format is `v=1&backend=s3&<input name>=<value>&...`, percent-encoded like
//! a query string. Whatever is read back goes into the draft as if typed, so it
//! is validated like typed input.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::model::BackendKind;
use crate::settings::FieldId;
use crate::state::{Action, Draft};

/// The format version written into every link.
const VERSION: &str = "1";

/// Why a fragment could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not of the form `key=value&...`, or bad percent-encoding / UTF-8.
    Malformed(String),
    /// Written by a newer format.
    UnknownVersion(String),
}

impl ShareError {
    /// A sentence for the notice area.
    pub fn message(&self) -> String {
        match self {
            ShareError::Malformed(why) => {
                format!("This link's settings could not be read ({why}); nothing was loaded from it.")
            }
            ShareError::UnknownVersion(version) => format!(
                "This link was made by another version of the configurator (format {version}); nothing was loaded from it."
            ),
        }
    }
}

/// What a fragment holds: the actions that rebuild the draft from a fresh
/// one (each loaded field is touched, so its problems show at once), and what
/// was skipped. An imported file gives actions the same way
/// (`import::Imported::actions`); both are replayed by `Draft::apply_all`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub actions: Vec<Action>,
    /// Keys that were ignored, each with why, for the notice area.
    pub ignored: Vec<String>,
}

impl Decoded {
    /// The draft these settings describe.
    pub fn into_draft(self) -> Draft {
        let mut draft = Draft::default();
        draft.apply_all(self.actions);
        draft
    }

    /// One sentence about what was skipped, if anything.
    pub fn notice(&self) -> Option<String> {
        if self.ignored.is_empty() {
            None
        } else {
            Some(format!(
                "Some settings in this link were ignored: {}.",
                self.ignored.join("; ")
            ))
        }
    }
}

/// Whether a field may be put in a link or remembered (the field table says):
/// never a secret, nor the access key id that names one.
pub fn is_shareable(field: FieldId) -> bool {
    field.spec().shareable
}

/// The non-secret settings that differ from a fresh form, plus the backend.
/// Only values that pass their field's own rules are written, so most text
/// typed into the wrong field (a password in an endpoint URL, a key in a bucket
/// name) never reaches a link or storage; values that are only wrong together
/// (a KMS key before encryption is ticked) are kept.
pub fn encode(draft: &Draft) -> String {
    encode_where(draft, |_| true)
}

/// [`encode`] for a link: only what the page shows (the chosen backend's
/// settings in their mode, and the platform's), not the values the user left
/// behind in other backends, which only remembered settings keep.
pub fn encode_link(draft: &Draft) -> String {
    encode_where(draft, |field| draft.shown(field))
}

fn encode_where(draft: &Draft, keep: impl Fn(FieldId) -> bool) -> String {
    let mut out = format!("v={VERSION}&backend={}", draft.backend.id());
    for field in FieldId::ALL
        .into_iter()
        .filter(|field| is_shareable(*field) && keep(*field))
    {
        let value = draft.value(field);
        if value != field.initial() && field.accepts(value) {
            out.push('&');
            out.extend(utf8_percent_encode(field.name(), ESCAPED));
            out.push('=');
            out.extend(utf8_percent_encode(value, ESCAPED));
        }
    }
    out
}

/// Fills the fields a link does not show (other backends', other modes')
/// from this browser's remembered settings: a link carries only what its page
/// shows, and opening one keeps what was remembered for the rest.
pub fn fill_hidden(link: &mut Draft, remembered: &Draft) {
    for field in FieldId::ALL {
        if !link.shown(field) && link.value(field) == field.initial() {
            link.apply_plain(Action::SetField(field, remembered.value(field).to_owned()));
        }
    }
}

/// After settings were loaded (a link, or remembered settings): the secrets
/// the form needs and no link or storage keeps, to be typed again.
pub fn retype_notice(draft: &Draft) -> Option<String> {
    let validation = crate::validate::validate(draft);
    let mut fields = String::new();
    for field in FieldId::ALL {
        if !is_shareable(field)
            && draft.value(field).is_empty()
            && validation.errors().any(|issue| issue.field == field)
        {
            if !fields.is_empty() {
                fields.push_str(" and the ");
            }
            fields.push_str(field.label());
        }
    }
    (!fields.is_empty())
        .then(|| format!("Secrets are never kept in links or in this browser: type the {fields} again."))
}

/// Reads settings written by [`encode`] (a leading `#` is allowed).
pub fn decode(text: &str) -> Result<Decoded, ShareError> {
    let text = text.strip_prefix('#').unwrap_or(text);
    let mut loaded = Decoded::default();
    let mut version = None;
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(ShareError::Malformed(format!("\"{}\" has no value", shorten(pair))));
        };
        let key = percent_decode(key)?;
        let value = percent_decode(value)?;
        match key.as_str() {
            "v" => version = Some(value),
            "backend" => match BackendKind::from_id(&value) {
                Some(kind) => loaded.actions.push(Action::SetBackend(kind)),
                None => loaded.ignored.push(format!("unknown backend \"{}\"", shorten(&value))),
            },
            name => match FieldId::from_name(name) {
                Some(field) if is_shareable(field) => {
                    loaded.actions.push(Action::SetField(field, value));
                    loaded.actions.push(Action::Touch(field));
                }
                Some(field) => loaded
                    .ignored
                    .push(format!("{} (secrets are never read from links)", field.label())),
                None => loaded.ignored.push(format!("unknown setting \"{}\"", shorten(name))),
            },
        }
    }
    match version.as_deref() {
        Some(VERSION) => Ok(loaded),
        Some(other) => Err(ShareError::UnknownVersion(shorten(other))),
        None => Err(ShareError::Malformed("no format version".into())),
    }
}

/// Everything but the URL-unreserved characters (`A-Z a-z 0-9 - . _ ~`) is
/// escaped, so a value never changes the format's `&` and `=`.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Reverses the escaping; `+` is read as a space, as in query strings. Unlike
/// a lenient URL decoder, a broken `%` escape or bytes that are not UTF-8 are
/// an error, so a damaged link is reported instead of loading altered values.
fn percent_decode(text: &str) -> Result<String, ShareError> {
    let escapes_ok = text.match_indices('%').all(|(at, _)| {
        text.as_bytes()
            .get(at + 1..at + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return Err(ShareError::Malformed("a broken %-escape".into()));
    }
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| ShareError::Malformed("text that is not UTF-8".into()))
}

/// Keeps echoed input short in messages.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(MAX).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(backend: BackendKind, fields: &[(FieldId, &str)]) -> Draft {
        let mut draft = Draft::default();
        draft.apply(Action::SetBackend(backend));
        for (field, value) in fields {
            draft.apply(Action::SetField(*field, (*value).to_owned()));
        }
        draft
    }

    #[test]
    fn round_trip_keeps_non_secret_settings() {
        let original = draft(
            BackendKind::S3,
            &[
                (FieldId::ChartVersion, "0.37.4"),
                (FieldId::S3Bucket, "my-bucket"),
                (FieldId::S3Region, "us-east-1"),
                (FieldId::S3Encrypt, "true"),
                (FieldId::Namespace, "platform"),
                (FieldId::GcsKeyFile, "~/my keys/ü&%+#?.json"),
            ],
        );
        let text = encode(&original);
        let restored = decode(&format!("#{text}")).unwrap();
        assert!(restored.ignored.is_empty(), "{:?}", restored.ignored);
        let restored = restored.into_draft();
        assert_eq!(restored.backend, BackendKind::S3);
        for field in FieldId::ALL {
            assert_eq!(restored.value(field), original.value(field), "{field:?}");
        }
    }

    #[test]
    fn secrets_and_access_keys_are_never_written() {
        let sentinel = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let with_secrets = draft(
            BackendKind::S3,
            &[
                (FieldId::S3SecretKey, sentinel),
                (FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE"),
                (FieldId::AzureAccountKey, sentinel),
            ],
        );
        let text = encode(&with_secrets);
        assert!(!text.contains("EXAMPLE"), "{text}");
        assert!(!text.contains("secretkey") && !text.contains("accountkey") && !text.contains("accesskey"));
    }

    #[test]
    fn values_that_fail_validation_are_never_written() {
        let typed = draft(
            BackendKind::S3,
            &[
                (FieldId::S3RegionEndpoint, "https://minioadmin:SuperSecretPw@minio:9000"),
                (FieldId::S3KeyId, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                (FieldId::GcsBucket, "Secret+Key/Pasted=Here"),
                (FieldId::S3Bucket, "my-bucket"),
            ],
        );
        let text = encode(&typed);
        assert!(
            !text.contains("SuperSecretPw") && !text.contains("EXAMPLEKEY") && !text.contains("Pasted"),
            "{text}"
        );
        assert!(text.contains("astronomer.registry.s3.bucket=my-bucket"), "{text}");
    }

    #[test]
    fn values_wrong_only_together_are_kept() {
        let typed = draft(
            BackendKind::S3,
            &[
                (FieldId::S3KeyId, "alias/my-key"),
                (FieldId::ChartVersion, "0.29.0"),
                (FieldId::S3RegionEndpoint, "http://minio:9000"),
            ],
        );
        let text = encode(&typed);
        assert!(
            text.contains("keyid=alias%2Fmy-key") && text.contains("regionendpoint=http"),
            "{text}"
        );
    }

    #[test]
    fn secrets_in_a_crafted_link_are_ignored_with_a_reason() {
        let loaded = decode("v=1&backend=azure&astronomer.registry.azure.accountkey=abc&bogus=1").unwrap();
        assert_eq!(loaded.actions, vec![Action::SetBackend(BackendKind::Azure)]);
        let notice = loaded.notice().unwrap();
        assert!(notice.contains("never read from links"), "{notice}");
        assert!(notice.contains("\"bogus\""), "{notice}");
    }

    #[test]
    fn malformed_links_are_errors_with_a_message() {
        let cases = [
            ("v=1&backend", "has no value"),
            ("v=1&astronomer.registry.s3.bucket=%G1", "%-escape"),
            ("v=1&astronomer.registry.s3.bucket=%FF", "UTF-8"),
            ("backend=s3", "no format version"),
            ("v=9&backend=s3", "another version"),
            ("v=1&astronomer.registry.s3.bucket=%", "%-escape"),
        ];
        for (text, part) in cases {
            let message = decode(text).unwrap_err().message();
            assert!(message.contains(part), "{text}: {message}");
        }
    }

    #[test]
    fn loaded_values_are_validated_like_typed_input() {
        let loaded = decode("v=1&backend=s3&astronomer.registry.s3.bucket=yes").unwrap();
        let draft = loaded.into_draft();
        assert!(draft.touched(FieldId::S3Bucket));
        let validation = crate::validate::validate(&draft);
        assert!(validation.for_field(FieldId::S3Bucket).next().is_some());
        assert!(validation.config.is_none());
    }

    #[test]
    fn unknown_backend_is_ignored_and_reported() {
        let loaded = decode("v=1&backend=ftp").unwrap();
        assert!(loaded.actions.is_empty());
        assert!(loaded.notice().unwrap().contains("unknown backend"));
    }
}
