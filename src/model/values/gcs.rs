//! Google Cloud Storage settings: the bucket name, the upload chunk size and the key file's path.

use super::text::{
    bucket_url_hint, check_sprinted, check_unpasted, first_refused, is_lower_alnum, looks_like_ipv4, lowercase_hint,
    quote_char,
};

/// A Google Cloud Storage bucket name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcsBucket(String);

impl GcsBucket {
    /// A bucket name; the driver reads it with `fmt.Sprint`, so `123` is fine.
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_sprinted(raw)?;
        if let Some(name) = raw.strip_prefix("gs://") {
            return Err(bucket_url_hint("gs://", name));
        }
        if raw.contains("://") {
            return Err(say!("Enter just the bucket name, not a URL."));
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
            c if c.is_ascii_uppercase() => say!("Cloud Storage bucket names cannot contain uppercase letters."),
            c => say!(
                "Cloud Storage bucket names can only contain lowercase letters, digits, `-`, `_` and dots: remove {}.",
                quote_char(c)
            ),
        });
    }
    let len = raw.len();
    if len < 3 {
        return Err(say!("A Cloud Storage bucket name has at least 3 characters."));
    }
    if raw.contains('.') {
        if len > 222 {
            return Err(say!(
                "A Cloud Storage bucket name with dots has at most 222 characters; this one has {len}."
            ));
        }
        if raw.split('.').any(str::is_empty) {
            return Err(say!(
                "A Cloud Storage bucket name cannot have two dots in a row (`..`)."
            ));
        }
        if let Some(part) = raw.split('.').find(|part| part.len() > 63) {
            return Err(say!(
                "Each dot-separated part of a Cloud Storage bucket name has at most 63 characters; `{part}` has {}.",
                part.len()
            ));
        }
    } else if len > 63 {
        return Err(say!(
            "A Cloud Storage bucket name has at most 63 characters (222 with dots); this one has {len}."
        ));
    }
    if !raw.starts_with(is_lower_alnum) || !raw.ends_with(is_lower_alnum) {
        return Err(say!(
            "A Cloud Storage bucket name must start and end with a lowercase letter or digit."
        ));
    }
    if looks_like_ipv4(raw) {
        return Err(say!(
            "A Cloud Storage bucket name cannot be an IP address like `{raw}`."
        ));
    }
    if raw.starts_with("goog") {
        return Err(say!(
            "Cloud Storage bucket names cannot start with `goog`: choose another name."
        ));
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
        return Err(say!(
            "Cloud Storage bucket names cannot contain `google` or a close misspelling of it: choose another name."
        ));
    }
    Ok(())
}

/// A file path on the admin's machine (the GCS key), used in a shell command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPath(String);

impl HostPath {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_unpasted(raw)?;
        if raw.starts_with('{') || raw.contains("\"private_key") || raw.contains("PRIVATE KEY") {
            return Err(say!(
                "Enter the path of the key file, not its contents — the key never needs to enter this page."
            ));
        }
        if raw.len() > 4096 {
            return Err(say!("A path has at most 4096 characters; this one has {}.", raw.len()));
        }
        if raw.starts_with('~') && raw != "~" && !raw.starts_with("~/") {
            return Err(say!(
                "Write the full path: only ~/ (your own home directory) is expanded here."
            ));
        }
        if raw.starts_with(['"', '\'']) || raw.ends_with(['"', '\'']) {
            return Err(say!("Enter the path without quotes: the commands quote it for you."));
        }
        if raw.ends_with('/') || raw == "~" || raw == "$HOME" {
            return Err(say!("Enter the path of the key file itself, not of its folder."));
        }
        if raw.strip_prefix("$HOME/").unwrap_or(raw).contains('$') {
            return Err(say!(
                "Shell variables are not expanded here: write the full path (~/ or $HOME/ at the start is fine)."
            ));
        }
        // kubectl splits --from-file values at commas (as CSV, so a `"` breaks
        // it too) and takes the first `=` as the end of the key name.
        if let Some(c) = raw.chars().find(|c| matches!(c, '=' | ',' | '"')) {
            return Err(say!(
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
        say!("{bytes} ({} MiB)", bytes / MIB)
    } else {
        say!("{bytes} ({} KiB)", bytes / 1024)
    }
}

/// The largest chunk size accepted: well inside the registry's signed 64-bit
/// reading and its memory (2.x releases limit the pod to 1 GiB).
const CHUNK_MAX: u64 = 256 * 1024 * 1024;

/// Above this, a warning says what each upload holds in memory.
const CHUNK_LARGE: u64 = 64 * 1024 * 1024;

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
                say!("Enter the chunk size in bytes, without a unit: e.g. 5242880 for 5 MiB.")
            } else {
                say!("Enter a whole number of bytes without signs or separators, e.g. 5242880 (5 MiB).")
            });
        }
        if raw.len() > 1 && raw.starts_with('0') {
            return Err(say!(
                "Write the number without leading zeros: `{}`.",
                raw.trim_start_matches('0')
            ));
        }
        let Ok(bytes) = raw.parse::<u64>() else {
            return Err(say!(
                "That is far too large: e.g. 5242880 (5 MiB) or 16777216 (16 MiB)."
            ));
        };
        if bytes == 0 {
            return Err(say!("The chunk size must be more than 0: e.g. 5242880 (5 MiB)."));
        }
        if bytes > CHUNK_MAX {
            return Err(say!(
                "Each upload in progress holds one chunk in the registry's memory, and releases from 2.0 limit the registry to 1 GiB: use at most {}.",
                with_binary_size(CHUNK_MAX)
            ));
        }
        if !bytes.is_multiple_of(CHUNK_UNIT) {
            let lower = bytes - bytes % CHUNK_UNIT;
            let upper = lower.checked_add(CHUNK_UNIT);
            let nearest = match (lower, upper) {
                (0, Some(upper)) => with_binary_size(upper),
                (lower, Some(upper)) => format!("{} or {}", with_binary_size(lower), with_binary_size(upper)),
                (lower, None) => with_binary_size(lower),
            };
            return Err(say!(
                "The chunk size must be a multiple of 262144 bytes (256 KiB): the nearest are {nearest}."
            ));
        }
        Ok(Self(bytes))
    }

    pub fn bytes(self) -> u64 {
        self.0
    }

    /// A chunk size that works, but holds a lot of memory per upload.
    pub fn warning(&self) -> Option<String> {
        (self.0 > CHUNK_LARGE).then(|| {
            say!(
                "Each upload in progress holds one chunk in the registry's memory: {} for each push at once. The chart default is 5242880 (5 MiB).",
                with_binary_size(self.0)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::values::test_support::{OK, check};

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
                ("123", OK),
                ("0x1f", "number 31"),
                ("goog-bucket", "`goog`"),
                ("my-google-bucket", "`google`"),
                ("my-g00gle-bucket", "`google`"),
                ("gs://my-bucket", "without gs://: `my-bucket`."),
                (
                    "gs://my-bucket/registry/",
                    "`my-bucket`, and `/registry` as the root directory",
                ),
                ("https://storage.googleapis.com/b", "not a URL"),
                ("no", "boolean"),
                ("a b c", "the space"),
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
                ("18446744073709551615", "at most 268435456 (256 MiB)"),
                ("9223372036854775808", "at most 268435456 (256 MiB)"),
                ("268435456", OK),
                ("268697600", "at most 268435456 (256 MiB)"),
            ],
        );
        let warned = |raw: &str| ChunkSize::parse(raw).unwrap().warning().is_some();
        assert!(!warned("67108864") && warned("67371008"));
        assert_eq!(ChunkSize::parse("5242880").map(ChunkSize::bytes), Ok(5_242_880));
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
}
