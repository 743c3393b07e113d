//! The raw values -> `(Option<Config>, all issues)`: every problem at once,
//! each tied to its field with a sentence that says what is wrong and how to
//! fix it. The [`Checker`] reads a field as its row says (need, release
//! gating, the mode's options); each owner module reads its own fields with it.

use super::config::{Backend, Config};
use super::{Choice, FieldId, FieldKind, Need, Values, azure, gcs, platform, s3, stores, volume};
use crate::model::{BackendKind, ChartVersion, Feature, Lack, REQUIRED};

/// How bad an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the files are still produced.
    Warning,
    /// The files cannot be produced until it is fixed.
    Error,
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub field: FieldId,
    pub severity: Severity,
    pub message: String,
}

/// The outcome of checking a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validation {
    /// The settings, present exactly when no issue is an error.
    pub config: Option<Config>,
    /// Every problem found, in form order.
    pub issues: Vec<Issue>,
}

impl Validation {
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|issue| issue.severity == Severity::Error)
    }

    /// The issues of one field.
    pub fn for_field(&self, field: FieldId) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |issue| issue.field == field)
    }
}

/// Collects issues while the fields are read. What is needed and which
/// release a field needs come from its entry in the field table.
pub(super) struct Checker<'a> {
    /// The chosen backend.
    pub backend: BackendKind,
    /// What every field holds.
    pub values: &'a Values,
    /// The chart version once the platform has been read; gates the fields
    /// that only some releases know.
    pub chart: Option<ChartVersion>,
    issues: Vec<Issue>,
}

/// A field read by [`Checker::read`]: `Ok(None)` when it is optional and
/// empty, `Err(())` when it has an error (already recorded).
pub(super) type Read<T> = Result<Option<T>, ()>;

impl Checker<'_> {
    pub fn error(&mut self, field: FieldId, message: impl Into<String>) {
        self.issues.push(Issue {
            field,
            severity: Severity::Error,
            message: message.into(),
        });
    }

    pub fn warning(&mut self, field: FieldId, message: impl Into<String>) {
        self.issues.push(Issue {
            field,
            severity: Severity::Warning,
            message: message.into(),
        });
    }

    /// Reads a field with `parse`: empty is an error when the table says the
    /// field is required, and a value the chosen release does not know is an
    /// error too.
    pub fn read<T>(&mut self, field: FieldId, parse: impl FnOnce(&str) -> Result<T, String>) -> Read<T> {
        let spec = field.spec();
        let raw = self.values.value(field);
        if raw.is_empty() {
            return match spec.need {
                Need::Required => {
                    self.error(field, REQUIRED);
                    Err(())
                }
                Need::Optional => Ok(None),
            };
        }
        if let (Some(feature), Some(chart)) = (spec.feature, self.chart)
            && let Some(lack) = chart.lacks(&[feature])
        {
            // A value the user never changed is not theirs, and a mode picked
            // in a radio group writes nothing: the release just does not have
            // the setting (the form shows it disabled).
            if raw == spec.initial || matches!(spec.kind, FieldKind::Choice(_)) {
                return Ok(None);
            }
            self.error(field, unsupported(lack));
            return Err(());
        }
        let value = parse(raw).map_err(|message| self.error(field, message))?;
        if let (FieldKind::Choice(modes), Some(chart)) = (spec.kind, self.chart)
            && let Some(choice) = modes.choices.iter().find(|choice| choice.value == raw)
            && let Some(why) = choice_unsupported(chart, choice)
        {
            self.error(field, why);
            return Err(());
        }
        Ok(Some(value))
    }

    /// Like [`Checker::read`] for a field that may be empty in the current
    /// mode, whatever the table says (keys checked but not used).
    pub fn read_optional<T>(&mut self, field: FieldId, parse: impl FnOnce(&str) -> Result<T, String>) -> Read<T> {
        if self.values.value(field).is_empty() {
            return Ok(None);
        }
        self.read(field, parse)
    }
}

/// Why a setting the release does not know is refused, and the release that
/// knows it.
pub fn unsupported(lack: Lack) -> String {
    let chart = lack.chart;
    match lack.next {
        Some(next) => say!(
            "Chart {chart} ignores this setting: it needs chart {next} or later. Upgrade the platform first, or clear this field."
        ),
        None => say!("Chart {chart} ignores this setting; clear this field."),
    }
}

/// Why the release cannot use an option of a radio group, with the release
/// that can.
pub fn choice_unsupported(chart: ChartVersion, choice: &Choice) -> Option<String> {
    let lack = chart.lacks(choice.needs)?;
    Some(say!(
        "Chart {chart} cannot use {}: {}.{}",
        choice.label,
        lack.missing.missing(),
        lack.upgrade(" It needs chart ", " or later.")
    ))
}

/// For a radio group, each option the chosen release cannot use, with why.
pub fn choices_unavailable(values: &Values, field: FieldId) -> Vec<(&'static str, String)> {
    let (FieldKind::Choice(modes), Ok(chart)) =
        (field.kind(), ChartVersion::parse(values.value(FieldId::ChartVersion)))
    else {
        return Vec::new();
    };
    modes
        .choices
        .iter()
        .filter_map(|choice| choice_unsupported(chart, choice).map(|why| (choice.value, why)))
        .collect()
}

/// When the chosen release does not know a field's setting and the field
/// holds nothing of the user's: why the form shows it disabled. A field that
/// holds a value stays open, with its error, so the value can be cleared.
pub fn unavailable(values: &Values, field: FieldId) -> Option<String> {
    let spec = field.spec();
    let feature = spec.feature?;
    let chart = ChartVersion::parse(values.value(FieldId::ChartVersion)).ok()?;
    let untouched = values.value(field) == spec.initial || matches!(spec.kind, FieldKind::Choice(_));
    let lack = chart.lacks(&[feature]).filter(|_| untouched)?;
    Some(match lack.next {
        Some(next) => say!("Needs chart {next} or later: chart {chart} does not have this setting."),
        None => say!("Chart {chart} does not have this setting."),
    })
}

/// The value of a field that was read without error and is not empty.
pub(super) fn value<T>(read: &Read<T>) -> Option<&T> {
    read.as_ref().ok()?.as_ref()
}

/// Checks the fields of the chosen backend and the platform.
pub fn validate(backend: BackendKind, values: &Values) -> Validation {
    let mut check = Checker {
        backend,
        values,
        chart: None,
        issues: Vec::new(),
    };
    let platform = platform::read(&mut check);
    let backend = match backend {
        BackendKind::Gcs => gcs::read(&mut check).map(Backend::Gcs),
        BackendKind::S3 => s3::read(&mut check).map(Backend::S3),
        BackendKind::Azure => azure::read(&mut check).map(Backend::Azure),
        BackendKind::Volume => volume::read(&mut check).map(Backend::Volume),
    };
    let redirect_disable = stores::redirect(&mut check, backend.as_ref());
    let migration = stores::migration(&mut check, backend.as_ref());
    let config = match (platform, backend, redirect_disable, migration) {
        (Some(platform), Some(backend), Some(redirect_disable), Some(migration)) => {
            let config = Config {
                platform,
                backend,
                redirect_disable,
                migration,
            };
            registry_needs(&mut check, &config);
            Some(config)
        }
        _ => None,
    };
    // In form order, a field's issues as found: an insertion sort (stable,
    // and a few lines where the standard stable sort costs the page's WASM 3 KB).
    let mut issues = check.issues;
    for end in 1..issues.len() {
        let mut at = end;
        while at > 0 && issues[at - 1].field > issues[at].field {
            issues.swap(at - 1, at);
            at -= 1;
        }
    }
    let has_error = issues.iter().any(|issue| issue.severity == Severity::Error);
    Validation {
        config: config.filter(|_| !has_error),
        issues,
    }
}

/// What the registry program of the release needs beyond the chart's own
/// values: the release must be able to pass it.
fn registry_needs(check: &mut Checker, config: &Config) {
    let chart = config.platform.chart;
    let env = config.extra_env();
    if let Some(lack) = chart.lacks(&[Feature::ExtraEnv]).filter(|_| !env.is_empty()) {
        let names: Vec<&str> = env.iter().map(|var| var.name).collect();
        let upgrade = lack.upgrade(" Upgrade to chart ", " or later first.");
        check.error(
            FieldId::ChartVersion,
            say!(
                "This storage needs {} on the registry container, which chart {chart} cannot set (it has no extraEnv).{upgrade}",
                names.join(" and ")
            ),
        );
    }
}
