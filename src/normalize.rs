//! What people paste, read as they meant it. Each row of the field table
//! names its normaliser, a [`Normalizer`] tag; the draft applies it when text
//! is pasted and when the user leaves the field, never while typing. Where the intent is certain the value is replaced and
//! the field says what was done; where it is not, the field offers the closest
//! valid value and the user decides.

use crate::model::{AzureContainer, KNOWN_REGIONS, VERSIONS, edit_distance};

/// What a normaliser makes of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Normalized {
    /// Nothing to change.
    Kept,
    /// The intent is certain: the draft keeps `value` and the field shows `note`.
    Changed { value: String, note: String },
    /// The intent is certain, and the text also names what the field's second
    /// field holds (its row's `also`): a bucket's URL with a prefix, the
    /// root directory; an Azure URL with a container, the container. Both
    /// change, each with its note. Only where the second field is empty:
    /// anything else there is kept, and the note says what to do (`Changed`).
    Split {
        value: String,
        note: String,
        second: String,
        second_note: String,
    },
    /// Not certain: the closest valid value, offered while the value is refused.
    Closest(String),
}

/// A field's normaliser: what its row of the field table names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Normalizer {
    /// Checkboxes and radio groups: their values are never typed.
    Keep,
    /// The blanks around the value go.
    Trim,
    /// See [`chart_version`].
    ChartVersion,
    /// See [`aws_region`].
    AwsRegion,
    /// See [`azure_account`].
    AzureAccount,
    /// See [`bucket_url`]: `s3://`, or an S3 ARN.
    S3Bucket,
    /// See [`bucket_url`]: `gs://`.
    GcsBucket,
    /// See [`base64_key`]: the Azure account key (88 characters).
    AzureKey,
    /// See [`base64_key`]: the AWS secret access key (40 characters); an
    /// S3-compatible store's keys are its own, and only trimmed.
    AwsSecretKey,
}

/// What a normaliser may know of the rest of the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context<'a> {
    /// The region endpoint names an S3-compatible store, whose region names
    /// and keys are its own.
    pub compatible_store: bool,
    /// What the field's second field holds (see [`Normalized::Split`]).
    pub second: &'a str,
}

impl Normalizer {
    /// What the normaliser makes of `raw`.
    pub fn apply(self, raw: &str, context: &Context) -> Normalized {
        match self {
            Normalizer::Keep => Normalized::Kept,
            Normalizer::Trim => trim(raw),
            Normalizer::ChartVersion => chart_version(raw),
            Normalizer::AwsRegion | Normalizer::AwsSecretKey if context.compatible_store => trim(raw),
            Normalizer::AwsRegion => aws_region(raw),
            Normalizer::AzureAccount => azure_account(raw, context.second),
            Normalizer::S3Bucket => bucket_url(
                raw,
                &["s3://", "arn:aws:s3:::", "arn:aws-cn:s3:::", "arn:aws-us-gov:s3:::"],
                context.second,
            ),
            Normalizer::GcsBucket => bucket_url(raw, &["gs://"], context.second),
            Normalizer::AzureKey => base64_key(raw, 88),
            Normalizer::AwsSecretKey => base64_key(raw, 40),
        }
    }
}

/// White space and invisible characters around the value, as copied from a
/// terminal, a web page or a file (a trailing line break, a non-breaking space).
fn is_edge(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Removes the blank and invisible characters around the value.
pub fn trim(raw: &str) -> Normalized {
    let text = raw.trim_matches(is_edge);
    if text.len() < raw.len() {
        Normalized::Changed {
            value: text.to_owned(),
            note: "Removed the blank or invisible characters around the value.".into(),
        }
    } else {
        Normalized::Kept
    }
}

/// `value`, read in the trimmed text `from`, with the note that says so.
fn read_as(from: &str, value: &str) -> Normalized {
    Normalized::Changed {
        value: value.to_owned(),
        note: format!("Read `{from}` as `{value}`."),
    }
}

/// The words of pasted text: what lies between anything but letters, digits,
/// `-` and `.` (so a chart name, a region code or a host name stays whole).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
}

/// `MAJOR.MINOR.PATCH` in digits.
fn is_version(text: &&str) -> bool {
    text.split('.').count() == 3 && text.split('.').all(|part| number(part).is_some())
}

/// Decimal digits as a number (a few of them: a part of a version).
fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    digits
        .bytes()
        .try_fold(0, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// The chart version: the CHART column of a whole `helm list` line (or of its
/// header and row) gives it, as do `astronomer-0.37.4` and `v0.37.4`; several
/// different chart versions in the text are not certain. A version that is
/// not a published release is offered the nearest one of its line.
pub fn chart_version(raw: &str) -> Normalized {
    let text = raw.trim_matches(is_edge);
    let mut found = words(text).filter(|word| word.strip_prefix("astronomer-").is_some_and(|v| is_version(&v)));
    let first = found.next();
    if let Some(word) = first
        && found.all(|other| other == word)
    {
        return read_as(word, &word["astronomer-".len()..]);
    }
    if let Some(version) = text.strip_prefix('v').filter(is_version) {
        return read_as(text, version);
    }
    match closest_release(text) {
        Some(version) if first.is_none() && !VERSIONS.contains(&text) => Normalized::Closest(version.into()),
        _ => trim(raw),
    }
}

/// The published release nearest to `MAJOR.MINOR[.PATCH]` on its line (the
/// newest of the line without a patch number; the newer of two as near).
fn closest_release(text: &str) -> Option<&'static str> {
    let (line, patch) = match text.matches('.').count() {
        1 => (text, None),
        2 => {
            let (line, patch) = text.rsplit_once('.')?;
            (line, Some(number(patch)?))
        }
        _ => return None,
    };
    // VERSIONS is newest first, and min_by_key keeps the first of a tie.
    VERSIONS
        .iter()
        .filter_map(|version| {
            let on_line = number(version.strip_prefix(line)?.strip_prefix('.')?)?;
            Some((*version, patch.map_or(0, |patch| on_line.abs_diff(patch))))
        })
        .min_by_key(|(_, distance)| *distance)
        .map(|(version, _)| version)
}

/// The AWS console's region names, one a line after the code. The place in
/// brackets is accepted alone when only one region has it (not "Central"),
/// except GovCloud's (`US-East` is not GovCloud).
const REGION_NAMES: &str = "us-east-1 US East (N. Virginia)
us-east-2 US East (Ohio)
us-west-1 US West (N. California)
us-west-2 US West (Oregon)
af-south-1 Africa (Cape Town)
ap-east-1 Asia Pacific (Hong Kong)
ap-east-2 Asia Pacific (Taipei)
ap-south-1 Asia Pacific (Mumbai)
ap-south-2 Asia Pacific (Hyderabad)
ap-southeast-1 Asia Pacific (Singapore)
ap-southeast-2 Asia Pacific (Sydney)
ap-southeast-3 Asia Pacific (Jakarta)
ap-southeast-4 Asia Pacific (Melbourne)
ap-southeast-5 Asia Pacific (Malaysia)
ap-southeast-6 Asia Pacific (New Zealand)
ap-southeast-7 Asia Pacific (Thailand)
ap-northeast-1 Asia Pacific (Tokyo)
ap-northeast-2 Asia Pacific (Seoul)
ap-northeast-3 Asia Pacific (Osaka)
ca-central-1 Canada (Central)
ca-west-1 Canada West (Calgary)
eu-central-1 Europe (Frankfurt)
eu-central-2 Europe (Zurich)
eu-west-1 Europe (Ireland)
eu-west-2 Europe (London)
eu-west-3 Europe (Paris)
eu-south-1 Europe (Milan)
eu-south-2 Europe (Spain)
eu-north-1 Europe (Stockholm)
il-central-1 Israel (Tel Aviv)
me-south-1 Middle East (Bahrain)
me-central-1 Middle East (UAE)
mx-central-1 Mexico (Central)
sa-east-1 South America (São Paulo)
cn-north-1 China (Beijing)
cn-northwest-1 China (Ningxia)
us-gov-east-1 AWS GovCloud (US-East)
us-gov-west-1 AWS GovCloud (US-West)";

/// Each region's code, the key of its whole name and the key of its place
/// (empty for GovCloud's).
fn region_names() -> impl Iterator<Item = (&'static str, String, String)> {
    REGION_NAMES.lines().filter_map(|line| {
        let (code, name) = line.split_once(' ')?;
        let place = if code.starts_with("us-gov") { "" } else { place(name) };
        Some((code, name_key(name), name_key(place)))
    })
}

/// Names compared without case, punctuation, spaces or accents.
fn name_key(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            'ã' | 'á' | 'â' | 'à' | 'Ã' | 'Á' => Some('a'),
            'ü' | 'ú' | 'Ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The place in brackets of a region name.
fn place(name: &str) -> &str {
    name.split_once('(').map_or("", |(_, rest)| rest.trim_end_matches(')'))
}

/// The one region whose name or place is `key`; with `edits`, the one whose
/// code, name or place is nearest within two edits (a misspelling).
fn region_near(key: &str, edits: fn(&str, &str) -> usize) -> Option<&'static str> {
    // Two edits at most, one for a short word.
    let mut best = (if key.len() < 6 { 2 } else { 3 }, None);
    for (code, name, place) in region_names() {
        let distance = edits(key, &name)
            .min(edits(key, &place))
            .min(edits(key, &name_key(code)));
        if distance < best.0 {
            best = (distance, Some(code));
        } else if distance == best.0 && best.1 != Some(code) {
            // As near as another region: not certain.
            best.1 = None;
        }
    }
    best.1
}

/// 0 when the keys are equal, else more than 2.
fn same(a: &str, b: &str) -> usize {
    if a == b && !a.is_empty() { 0 } else { 3 }
}

/// The S3 region: a console name (`Europe (Frankfurt)`, `Frankfurt`, so also
/// the older `EU (Frankfurt)`) becomes its code, as does text holding exactly
/// one region code (`Europe (Frankfurt) eu-central-1`, `EU-CENTRAL-1`). A
/// near miss is offered its region: a misspelt code, name or place, or an
/// availability zone. (With an S3-compatible store's endpoint the region is the
/// store's own name: [`Normalizer::apply`] only trims it.)
pub fn aws_region(raw: &str) -> Normalized {
    let text = raw.trim_matches(is_edge);
    if KNOWN_REGIONS.contains(&text) {
        return trim(raw);
    }
    let lower = text.to_ascii_lowercase();
    let mut codes = words(&lower).filter(|word| KNOWN_REGIONS.contains(word));
    if let Some(code) = codes.next()
        && codes.all(|other| other == code)
    {
        return read_as(text, code);
    }
    let key = name_key(text);
    if let Some(code) = region_near(&key, same).or_else(|| region_near(&name_key(place(text)), same)) {
        return read_as(text, code);
    }
    // An availability zone's region, or the nearest.
    let zone = KNOWN_REGIONS
        .iter()
        .find(|code| lower.len() == code.len() + 1 && lower.starts_with(**code));
    match zone.copied().or_else(|| region_near(&key, edit_distance)) {
        Some(code) if text.len() > 2 => Normalized::Closest(code.into()),
        _ => trim(raw),
    }
}

/// The Azure storage account name: a blob (or other service) URL or host name
/// gives its first label, and a blob (or Data Lake) URL's path its container,
/// for the container field (see [`Normalized::Split`]; `second` is what that
/// holds). A name with capitals or separators (`-`, `_`, `.`, spaces) is
/// offered the name Azure would take: lowercase, without them.
pub fn azure_account(raw: &str, second: &str) -> Normalized {
    let text = raw.trim_matches(is_edge);
    for host in words(text) {
        if let Some((account, rest)) = host.split_once('.')
            && rest.split('.').nth(1) == Some("core")
        {
            let container = match rest.split_once('.') {
                Some(("blob" | "dfs", _)) => text
                    .split_once(host)
                    .and_then(|(_, path)| path.strip_prefix('/'))
                    .and_then(|path| path.split(['/', '?', '#']).next())
                    // Only a container name: what follows the host in a
                    // connection string (`;SharedAccessSignature=...`,
                    // `;AccountKey=...`) is a secret, never quoted.
                    .filter(|name| AzureContainer::parse(name).is_ok())
                    .unwrap_or(""),
                _ => "",
            };
            let from = format!("{host}/{container}");
            return match second.trim_matches(is_edge) {
                _ if container.is_empty() => read_as(host, account),
                "" => Normalized::Split {
                    value: account.to_owned(),
                    note: format!("Read `{from}` as the account `{account}` and the container `{container}`."),
                    second: container.to_owned(),
                    second_note: format!("Read from `{from}`, entered as the account name."),
                },
                held if held == container => read_as(host, account),
                held => Normalized::Changed {
                    value: account.to_owned(),
                    note: format!(
                        "Read `{from}` as the account `{account}`. Its container `{container}` is not the \
                         container below, `{held}`: make that `{container}` if the images are to go there."
                    ),
                },
            };
        }
    }
    // Only capitals and separators set aside: a URL or a key is no name.
    let name: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if name != text && text == raw && (3..=24).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        Normalized::Closest(name)
    } else {
        trim(raw)
    }
}

/// A bucket's URL (`s3://bucket/prefix`, `gs://bucket/prefix`, an S3 ARN
/// `arn:aws:s3:::bucket/prefix/*`) entered as its name: the bucket, and the
/// prefix for the root directory field (see [`Normalized::Split`]; `second`
/// is what that holds). Only where the URL starts with one of `schemes`.
pub fn bucket_url(raw: &str, schemes: &[&str], second: &str) -> Normalized {
    let text = raw.trim_matches(is_edge);
    let Some(rest) = schemes.iter().find_map(|scheme| text.strip_prefix(scheme)) else {
        return trim(raw);
    };
    // An ARN of the objects under the prefix ends in `/*`.
    let rest = rest.strip_suffix('*').unwrap_or(rest).trim_end_matches('/');
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let prefix = prefix.trim_start_matches('/');
    if bucket.is_empty() || rest.contains(['*', '?']) {
        return trim(raw);
    }
    if prefix.is_empty() {
        return read_as(text, bucket);
    }
    let root = format!("/{prefix}");
    match second.trim_matches(is_edge) {
        "" => Normalized::Split {
            value: bucket.to_owned(),
            note: format!("Read `{text}` as the bucket `{bucket}` and the root directory `{root}`."),
            second: root,
            second_note: format!("Read from `{text}`, entered as the bucket."),
        },
        held if held.trim_matches('/') == prefix => Normalized::Changed {
            value: bucket.to_owned(),
            note: format!("Read `{text}` as the bucket `{bucket}`; its prefix is the root directory already."),
        },
        held => Normalized::Changed {
            value: bucket.to_owned(),
            note: format!(
                "Read `{text}` as the bucket `{bucket}`. Its prefix `{root}` is not the root directory below, \
                 `{held}`: make that `{root}` if the images are to go there."
            ),
        },
    }
}

/// A key in base64 (an Azure account key, an AWS secret access key): the
/// blanks around it go, and so do those inside it, where a key copied from a
/// wrapped line had a line break (which a browser's input turns into a
/// space): base64 has none. Only where the rest is a key: `len` characters
/// of base64. The note never quotes the key.
pub fn base64_key(raw: &str, len: usize) -> Normalized {
    let text = raw.trim_matches(is_edge);
    let key: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if key.len() == text.len()
        || key.len() != len
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
    {
        return trim(raw);
    }
    let note = if text.contains(['\n', '\r']) {
        "Removed the line break inside the key: a key is one line, without blanks."
    } else {
        "Removed the space inside the key (a line break copied with it becomes one in this field): a key has none."
    };
    Normalized::Changed {
        value: key,
        note: note.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("eu-centrl-1", "eu-central-1"), 1);
    }

    #[test]
    fn region_names_are_known_codes_with_unique_keys() {
        let names: Vec<_> = region_names().collect();
        assert_eq!(names.len(), REGION_NAMES.lines().count());
        for (position, (code, name, _)) in names.iter().enumerate() {
            assert!(KNOWN_REGIONS.contains(code), "{code}");
            assert!(names[..position].iter().all(|(_, other, _)| other != name), "{name}");
        }
    }
}
