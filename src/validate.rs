//! The draft checked: `Draft -> Validation { config: Option<Config>, issues }`,
//! every problem at once, each tied to its field. The owners of the settings
//! (`settings::*`) read their own fields; this module gives the form their
//! answers for the draft it holds.

use crate::settings::{self, FieldId};
pub use crate::settings::{Issue, Severity, Validation, choice_unsupported, unsupported};
use crate::state::Draft;

/// Checks the fields of the chosen backend and the platform.
pub fn validate(draft: &Draft) -> Validation {
    settings::validate(draft.backend, draft.values())
}

/// For a radio group, each option the chosen release cannot use, with why.
pub fn choices_unavailable(draft: &Draft, field: FieldId) -> Vec<(&'static str, String)> {
    settings::choices_unavailable(draft.values(), field)
}

/// When the chosen release does not know a field's setting and the field
/// holds nothing of the user's: why the form shows it disabled.
pub fn unavailable(draft: &Draft, field: FieldId) -> Option<String> {
    settings::unavailable(draft.values(), field)
}

/// When the files set a flag whatever its box says: why (the form shows it
/// ticked and locked).
pub fn forced(draft: &Draft, field: FieldId) -> Option<&'static str> {
    (field == FieldId::RedirectDisable)
        .then(|| settings::redirect_forced(draft.backend, draft.values()))
        .flatten()
}
