//! The form draft (raw strings exactly as typed), the actions that change it,
//! and `Draft::apply`. Switching backend keeps what was typed.

use crate::model::BackendKind;
use crate::normalize::Normalized;
use crate::settings::{FieldId, Values};

/// What the user has typed so far, valid or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The chosen backend.
    pub backend: BackendKind,
    /// The raw text of every field.
    values: Values,
    /// Whether the user has left the field (its problems are shown from then on).
    touched: [bool; FieldId::COUNT],
    /// What normalising did to the field's value, until it is edited again.
    notes: [Option<String>; FieldId::COUNT],
}

/// Everything the UI can ask the draft to do. The ones a file or a fix carries
/// cross from the page's worker (`tools::wire`); `Restore` never does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    SetBackend(BackendKind),
    /// Text as typed: kept exactly as it is.
    SetField(FieldId, String),
    /// Text pasted or dropped: kept as the field's normaliser reads it.
    Paste(FieldId, String),
    /// Show the field's problems from now on.
    Touch(FieldId),
    /// The user left the field: normalise what it holds, and touch it.
    Leave(FieldId),
    /// Show every field's problems (e.g. the user asked for the files).
    TouchAll,
    /// Back to a fresh form.
    Clear,
    /// Back to an earlier draft (undoing Clear).
    Restore(Box<Draft>),
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            backend: BackendKind::default(),
            values: Values::default(),
            touched: [false; FieldId::COUNT],
            notes: [const { None }; FieldId::COUNT],
        }
    }
}

impl Draft {
    pub fn value(&self, field: FieldId) -> &str {
        self.values.value(field)
    }

    pub fn flag(&self, field: FieldId) -> bool {
        self.values.flag(field)
    }

    /// The raw text of every field, as the settings read it.
    pub fn values(&self) -> &Values {
        &self.values
    }

    /// What the field's normaliser makes of the value it holds: the value as
    /// meant, or the closest valid value to offer.
    pub fn normalized(&self, field: FieldId) -> Normalized {
        self.values.normalized(field)
    }

    pub fn touched(&self, field: FieldId) -> bool {
        self.touched[field.index()]
    }

    /// What normalising did to the field's value, if it changed it.
    pub fn note(&self, field: FieldId) -> Option<&str> {
        self.notes[field.index()].as_deref()
    }

    /// Whether the field is on the page: its section is shown for the chosen
    /// backend, and the mode it depends on (if any) holds one of its values.
    pub fn shown(&self, field: FieldId) -> bool {
        self.values.shown(self.backend, field)
    }

    /// Applies actions in order: settings read from a link, storage or an
    /// imported file are a list of actions, replayed like typing.
    pub fn apply_all(&mut self, actions: impl IntoIterator<Item = Action>) {
        for action in actions {
            self.apply_plain(action);
        }
    }

    /// Applies one action, normalising what `Paste` and `Leave` name.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Paste(field, value) => {
                self.apply_plain(Action::SetField(field, value));
                self.normalize(field);
            }
            Action::Leave(field) => {
                self.normalize(field);
                self.apply_plain(Action::Touch(field));
            }
            other => self.apply_plain(other),
        }
    }

    /// Applies one action without normalising: `Paste` sets the text as
    /// pasted, `Leave` only touches the field. The page applies actions this
    /// way and has the tools (its worker) normalise, so the normalisers are
    /// not in the WASM that gates the form; [`Draft::apply`] does both.
    pub fn apply_plain(&mut self, action: Action) {
        match action {
            Action::SetBackend(kind) => self.backend = kind,
            Action::SetField(field, value) | Action::Paste(field, value) => {
                if self.values.set(field, value) {
                    self.notes[field.index()] = None;
                }
            }
            Action::Touch(field) | Action::Leave(field) => self.touched[field.index()] = true,
            Action::TouchAll => self.touched = [true; FieldId::COUNT],
            Action::Clear => *self = Draft::default(),
            Action::Restore(draft) => *self = *draft,
        }
    }

    /// What normalising the field changes where its intent is certain: the
    /// field, and the second field a URL entered there fills too (its row's
    /// `also`), each with its value and the note that says so.
    pub fn normalizing(&self, field: FieldId) -> Vec<(FieldId, String, String)> {
        match self.normalized(field) {
            Normalized::Kept | Normalized::Closest(_) => Vec::new(),
            Normalized::Changed { value, note } => vec![(field, value, note)],
            Normalized::Split {
                value,
                note,
                second,
                second_note,
            } => {
                let mut changes = vec![(field, value, note)];
                if let Some(also) = field.spec().also {
                    changes.push((also, second, second_note));
                }
                changes
            }
        }
    }

    /// Applies the field's normaliser where its intent is certain.
    fn normalize(&mut self, field: FieldId) {
        for (field, value, note) in self.normalizing(field) {
            self.set_normalized(field, value, note);
        }
    }

    /// Puts what normalising made of the field's value, and says so at the field.
    pub fn set_normalized(&mut self, field: FieldId, value: String, note: String) {
        self.values.set(field, value);
        self.notes[field.index()] = Some(note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_backend_keeps_every_value() {
        let mut draft = Draft::default();
        draft.apply(Action::SetBackend(BackendKind::S3));
        draft.apply(Action::SetField(FieldId::S3Bucket, "my-bucket".into()));
        draft.apply(Action::SetBackend(BackendKind::Azure));
        draft.apply(Action::SetField(FieldId::AzureContainer, "images".into()));
        draft.apply(Action::SetBackend(BackendKind::S3));
        assert_eq!(draft.value(FieldId::S3Bucket), "my-bucket");
        assert_eq!(draft.value(FieldId::AzureContainer), "images");
        assert_eq!(draft.backend, BackendKind::S3);
    }

    #[test]
    fn mode_fields_show_the_inputs_of_their_mode_only() {
        let mut draft = Draft::default();
        draft.apply(Action::SetBackend(BackendKind::S3));
        assert!(draft.shown(FieldId::S3AccessKey) && !draft.shown(FieldId::S3RoleArn));
        draft.apply(Action::SetField(FieldId::S3Credentials, "irsa".into()));
        assert!(!draft.shown(FieldId::S3AccessKey) && draft.shown(FieldId::S3RoleArn));
        assert!(draft.shown(FieldId::S3OidcProvider) && !draft.shown(FieldId::S3EksCluster));
        assert!(!draft.shown(FieldId::GcsBucket), "another backend's field");
        draft.apply(Action::SetField(FieldId::S3Credentials, "no-such-mode".into()));
        assert_eq!(
            draft.value(FieldId::S3Credentials),
            "irsa",
            "a choice keeps only its own values"
        );
    }

    #[test]
    fn flags_hold_true_or_nothing() {
        let mut draft = Draft::default();
        draft.apply(Action::SetField(FieldId::S3Encrypt, "true".into()));
        assert!(draft.flag(FieldId::S3Encrypt));
        draft.apply(Action::SetField(FieldId::S3Encrypt, "yes".into()));
        assert!(!draft.flag(FieldId::S3Encrypt));
        assert_eq!(draft.value(FieldId::S3Encrypt), "");
    }

    #[test]
    fn clear_restores_the_fresh_form() {
        let mut draft = Draft::default();
        draft.apply(Action::SetField(FieldId::Namespace, "platform".into()));
        draft.apply(Action::Touch(FieldId::Namespace));
        draft.apply(Action::SetBackend(BackendKind::Gcs));
        draft.apply(Action::Clear);
        assert_eq!(draft, Draft::default());
        assert_eq!(draft.value(FieldId::Namespace), "astronomer");
    }

    #[test]
    fn touch_marks_one_field_and_touch_all_marks_every_field() {
        let mut draft = Draft::default();
        draft.apply(Action::Touch(FieldId::S3Bucket));
        assert!(draft.touched(FieldId::S3Bucket));
        assert!(!draft.touched(FieldId::S3Region));
        draft.apply(Action::TouchAll);
        assert!(FieldId::ALL.into_iter().all(|field| draft.touched(field)));
    }
}
