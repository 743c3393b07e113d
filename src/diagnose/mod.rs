//! What the registry, kubectl, helm or docker said, read against one table of
//! failure modes ([`table::MODES`]): each match with what happened, why for
//! the release's registry, the fix (a field, a step, or a change in one
//! click where it is certain) and what the form's settings say about it.
//! Lines that look like errors but match no mode are listed, never guessed
//! at. `render::verify` writes the same table into `verify.sh`.

mod clean;
pub mod table;

pub use table::{Change, MODES, Mode, Sign};

use crate::import::Fix;
use crate::model::{AwsRegion, BackendKind, ChartVersion, Feature, Registry, aws_regional_endpoint};
use crate::settings::FieldId;
use crate::state::{Action, Draft};
use crate::validate::{choices_unavailable, validate};

/// The most the page reads: kubectl's last few thousand lines.
pub const MAX_BYTES: usize = 1_000_000;
/// The most lines shown for one diagnosis, and unrecognised lines listed.
const SHOWN_LINES: usize = 5;
const SHOWN_UNRECOGNISED: usize = 20;

/// Why a paste is refused unread.
pub fn too_large(size: usize) -> String {
    format!(
        "The text is {} KB or more; this page reads up to {} KB of output. Paste the last lines (kubectl logs --tail=500).",
        size / 1000,
        MAX_BYTES / 1000
    )
}

/// One failure mode found, with what the form says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The mode's id in the table.
    pub mode: String,
    pub what: String,
    pub why: String,
    pub fix: String,
    /// The field to change, for a link that focuses it.
    pub field: Option<FieldId>,
    /// A change the page can make in one click: its label and the fix.
    pub apply: Option<(String, Fix)>,
    /// What the settings say about it, and where the log contradicts them.
    pub notes: Vec<String>,
    /// The lines that matched (number, text), the first few.
    pub lines: Vec<(usize, String)>,
    /// How many lines matched in all.
    pub count: usize,
}

/// What a paste gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Most likely first.
    pub diagnoses: Vec<Diagnosis>,
    /// Lines that look like errors and match no mode (the first few).
    pub unrecognised: Vec<(usize, String)>,
    /// How many such lines in all.
    pub unrecognised_count: usize,
    /// Where the log names another bucket, region or account than the form.
    pub notes: Vec<String>,
}

/// Reads the paste against the table, for the form as it stands.
pub fn diagnose(paste: &str, draft: &Draft) -> Result<Report, String> {
    let messages: Vec<(FieldId, String)> = validate(draft)
        .issues
        .into_iter()
        .map(|issue| (issue.field, issue.message))
        .collect();
    diagnose_with(paste, draft, &messages)
}

/// [`diagnose`], given what the form says at each field (its messages, in
/// form order): the worker, whose build has no messages, is told them by the
/// page.
pub fn diagnose_with(paste: &str, draft: &Draft, messages: &[(FieldId, String)]) -> Result<Report, String> {
    if paste.len() > MAX_BYTES {
        return Err(too_large(paste.len()));
    }
    let chart = ChartVersion::parse(draft.value(FieldId::ChartVersion)).ok();
    let registry = chart.map(ChartVersion::registry);
    let entries = clean::entries(paste);
    // Each line goes to the first mode it matches (the table puts the
    // specific before the general), with the sign that matched.
    let mut found: Vec<(usize, Vec<&clean::Entry>, &Sign)> = Vec::new();
    let mut unrecognised = Vec::new();
    for entry in &entries {
        // The registry logs what fails at warning and above; its info and
        // debug lines only echo names.
        if matches!(entry.level.as_deref(), Some("info" | "debug" | "trace")) {
            continue;
        }
        let hit = MODES.iter().enumerate().find_map(|(index, mode)| {
            mode.signs
                .iter()
                .find(|sign| sign.all.iter().all(|text| entry.text.contains(text)))
                .map(|sign| (index, sign))
        });
        match hit {
            Some((index, sign)) => match found.iter_mut().find(|(at, _, _)| *at == index) {
                Some((_, lines, _)) => lines.push(entry),
                None => found.push((index, vec![entry], sign)),
            },
            None if looks_like_error(entry) => unrecognised.push(entry),
            None => {}
        }
    }
    let validation = validate(draft);
    let mut diagnoses: Vec<(bool, u8, std::cmp::Reverse<usize>, Diagnosis)> = found
        .into_iter()
        .map(|(index, lines, sign)| {
            let mode = &MODES[index];
            let mut notes = Vec::new();
            let same_store = mode.store.is_none_or(|store| store == draft.backend);
            if let Some(store) = mode.store.filter(|_| !same_store) {
                notes.push(format!(
                    "This is about {}, but the form is set to {}: is the log from this platform, or does the registry still run its old storage?",
                    store.label(),
                    draft.backend.label()
                ));
            }
            let printed_here = registry.is_none_or(|registry| sign.on.contains(&registry));
            if let (Some(chart), Some(registry), false) = (chart, registry, printed_here) {
                let names: Vec<&str> = sign.on.iter().map(|registry| registry.name()).collect();
                notes.push(format!(
                    "Chart {chart} runs {}, which does not print this; {} does. Check the chart version in the form against `helm list`.",
                    registry.name(),
                    names.join(" or ")
                ));
            }
            if same_store {
                for field in mode.about.iter().filter(|field| draft.shown(**field)) {
                    for (_, message) in messages.iter().filter(|(at, _)| at == field) {
                        notes.push(format!("The form says at “{}”: {message}", field.label()));
                    }
                }
            }
            let redirects_off = validation.config.as_ref().is_some_and(|config| config.redirect_disable);
            let apply = mode
                .change
                .and_then(|change| one_click(change, draft, chart, redirects_off, &entries, &mut notes));
            let diagnosis = Diagnosis {
                mode: mode.id.to_owned(),
                what: mode.what.to_owned(),
                why: mode.why(registry).to_owned(),
                fix: mode.fix.to_owned(),
                field: mode.field.filter(|field| draft.shown(*field)),
                apply,
                notes,
                lines: lines
                    .iter()
                    .take(SHOWN_LINES)
                    .map(|entry| (entry.number, entry.shown.clone()))
                    .collect(),
                count: lines.len(),
            };
            (same_store && printed_here, mode.weight, std::cmp::Reverse(index), diagnosis)
        })
        .collect();
    // Most likely first: what fits this form and release, then the root
    // causes before the symptoms, then the most lines; the table's order else.
    // An insertion sort: a few dozen modes at most.
    let rank = |(fits, weight, index, diagnosis): &(bool, u8, std::cmp::Reverse<usize>, Diagnosis)| {
        (*fits, *weight, diagnosis.count, *index)
    };
    for end in 1..diagnoses.len() {
        let mut at = end;
        while at > 0 && rank(&diagnoses[at - 1]) < rank(&diagnoses[at]) {
            diagnoses.swap(at - 1, at);
            at -= 1;
        }
    }
    Ok(Report {
        diagnoses: diagnoses.into_iter().map(|(_, _, _, diagnosis)| diagnosis).collect(),
        unrecognised_count: unrecognised.len(),
        unrecognised: unrecognised
            .iter()
            .take(SHOWN_UNRECOGNISED)
            .map(|entry| (entry.number, entry.shown.clone()))
            .collect(),
        notes: contradictions(&entries, draft),
    })
}

/// Words that make a line without a level look like an error.
const ERROR_WORDS: &[&str] = &[
    "error",
    "panic",
    "fatal",
    "failed",
    "denied",
    "forbidden",
    "refused",
    "backoff",
    "back-off",
    "timeout",
    "timed out",
    "invalid",
    "unknown",
    "x509",
    "unauthorized",
];

fn looks_like_error(entry: &clean::Entry) -> bool {
    match entry.level.as_deref() {
        Some(level) => matches!(level, "error" | "fatal" | "panic"),
        None => ERROR_WORDS.iter().any(|word| entry.text.contains(word)),
    }
}

/// The one-click change for the form, where it is certain and changes
/// something; otherwise why not, as a note.
fn one_click(
    change: Change,
    draft: &Draft,
    chart: Option<ChartVersion>,
    redirects_off: bool,
    entries: &[clean::Entry],
    notes: &mut Vec<String>,
) -> Option<(String, Fix)> {
    let knows = |feature| chart.is_none_or(|chart| chart.supports(feature));
    let set = |field: FieldId, value: String| Fix::Form(vec![Action::SetField(field, value), Action::Touch(field)]);
    match change {
        Change::RedirectsOff => {
            if draft.backend == BackendKind::Volume || !knows(Feature::RedirectDisable) {
                return None;
            }
            // Off in the form, or turned off by config.yaml for an endpoint
            // only the cluster reaches.
            if redirects_off || draft.flag(FieldId::RedirectDisable) {
                notes.push("config.yaml from this page already turns redirects off: apply it (commands.sh) so the registry runs with it.".into());
                return None;
            }
            Some((
                "Turn redirects off".into(),
                set(FieldId::RedirectDisable, "true".into()),
            ))
        }
        Change::RegionalEndpoint => {
            if draft.backend != BackendKind::S3 || !knows(Feature::S3RegionEndpoint) {
                return None;
            }
            if !draft.value(FieldId::S3RegionEndpoint).trim().is_empty() {
                return None;
            }
            let typed = draft.value(FieldId::S3Region).trim().to_owned();
            let region = if typed.is_empty() {
                logged_region(entries)?
            } else {
                typed
            };
            let region = AwsRegion::parse(&region).ok()?;
            let endpoint = aws_regional_endpoint(region.as_str(), region.partition());
            Some((
                format!("Set the region endpoint to {endpoint}"),
                set(FieldId::S3RegionEndpoint, endpoint),
            ))
        }
        Change::S3Mode(wanted) => {
            if draft.backend != BackendKind::S3 {
                return None;
            }
            let current = draft.value(FieldId::S3Credentials);
            let unavailable = choices_unavailable(draft, FieldId::S3Credentials);
            let mode = wanted
                .iter()
                .find(|mode| mode.as_str() != current && !unavailable.iter().any(|(no, _)| *no == mode.as_str()))?;
            Some((
                format!("Use “{}”", mode.choice().label),
                Fix::Form(vec![Action::SetField(FieldId::S3Credentials, mode.as_str().to_owned())]),
            ))
        }
    }
}

/// The region an `invalid region provided: <region>` line names.
fn logged_region(entries: &[clean::Entry]) -> Option<String> {
    entries.iter().find_map(|entry| {
        let at = entry.text.find("invalid region provided: ")?;
        let rest = &entry.text[at + "invalid region provided: ".len()..];
        let region: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        (!region.is_empty()).then_some(region)
    })
}

/// Where the log names another bucket, region, account or container than the form.
fn contradictions(entries: &[clean::Entry], draft: &Draft) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    let mut say = |note: String| {
        if !notes.contains(&note) {
            notes.push(note);
        }
    };
    let form = |field: FieldId| draft.value(field).trim().to_ascii_lowercase();
    for entry in entries {
        let text = entry.text.as_str();
        match draft.backend {
            BackendKind::S3 => {
                if let Some(region) = logged_region(std::slice::from_ref(entry))
                    && !form(FieldId::S3Region).is_empty()
                    && region != form(FieldId::S3Region)
                {
                    say(format!(
                        "The log names the region {region}, the form {}.",
                        form(FieldId::S3Region)
                    ));
                }
                for (bucket, region) in s3_hosts(text) {
                    let (want_bucket, want_region) = (form(FieldId::S3Bucket), form(FieldId::S3Region));
                    if let Some(bucket) = bucket.filter(|bucket| !want_bucket.is_empty() && *bucket != want_bucket) {
                        say(format!("The log names the bucket {bucket}, the form {want_bucket}."));
                    }
                    if let Some(region) = region.filter(|region| !want_region.is_empty() && *region != want_region) {
                        say(format!("The log names the region {region}, the form {want_region}."));
                    }
                }
            }
            BackendKind::Azure => {
                for account in hosts_before(text, ".blob.core.windows.net") {
                    let want = form(FieldId::AzureAccountName);
                    if !want.is_empty() && account != want {
                        say(format!("The log names the storage account {account}, the form {want}."));
                    }
                }
            }
            BackendKind::Gcs => {
                for bucket in words_after(text, "storage.googleapis.com/") {
                    let want = form(FieldId::GcsBucket);
                    if !want.is_empty() && bucket != want && bucket != "storage" && bucket != "upload" {
                        say(format!("The log names the bucket {bucket}, the form {want}."));
                    }
                }
            }
            BackendKind::Volume => {}
        }
    }
    notes
}

/// Bucket and region of each S3 host in the text: `<bucket>.s3.<region>.amazonaws.com`,
/// `s3.<region>.amazonaws.com/<bucket>`, `<bucket>.s3.amazonaws.com`.
fn s3_hosts(text: &str) -> Vec<(Option<String>, Option<String>)> {
    hosts_before(text, ".amazonaws.com")
        .into_iter()
        .filter_map(|host| {
            let labels: Vec<&str> = host.split('.').collect();
            let at = labels
                .iter()
                .position(|label| *label == "s3" || label.starts_with("s3-"))?;
            let bucket = (at > 0).then(|| labels[..at].join("."));
            let region = labels.get(at + 1).map(|region| (*region).to_owned());
            Some((bucket, region))
        })
        .collect()
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// The host names ending in `suffix`, without it.
fn hosts_before(text: &str, suffix: &str) -> Vec<String> {
    text.match_indices(suffix)
        .filter_map(|(at, _)| {
            let start = text[..at]
                .char_indices()
                .rev()
                .find(|(_, c)| !is_host_char(*c))
                .map_or(0, |(index, c)| index + c.len_utf8());
            let host = &text[start..at];
            (!host.is_empty()).then(|| host.to_owned())
        })
        .collect()
}

/// The first path word after each `prefix`.
fn words_after(text: &str, prefix: &str) -> Vec<String> {
    text.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let word: String = rest.chars().take_while(|c| is_host_char(*c) || *c == '_').collect();
            (!word.is_empty()).then_some(word)
        })
        .collect()
}

/// The modes a registry program prints, with its why: what `verify.sh` looks for.
pub fn signs_for(registry: Registry) -> impl Iterator<Item = (&'static Mode, &'static str)> {
    MODES.iter().map(move |mode| (mode, mode.why(Some(registry))))
}
