//! The page's session: the draft and everything around it (how the page
//! started, the imported file, the notice, Clear everything and its Undo,
//! remembering and the share link), as one state changed only by
//! [`Session::apply`].
//!
//! No effect happens here. What the browser must do is read off the state:
//! [`Session::remembered_text`] is what storage holds (nothing: forget),
//! [`Session::link`] the URL fragment (nothing: none), and `ui/` carries them
//! out whenever they change.

use std::rc::Rc;

use crate::import::{self, Finding, Fix, Imported};
use crate::normalize::Normalized;
use crate::render::{self, Artifact};
use crate::settings::Config;
use crate::settings::FieldId;
use crate::share;
use crate::state::{Action, Draft};
use crate::validate::{Issue, Severity, Validation, validate};

/// The notice after Clear everything, which offers Undo.
pub const CLEARED: &str = "Cleared the form, the remembered settings and the link.";

/// Everything the page knows beyond its view state (open tab, shown secret,
/// status lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    draft: Draft,
    /// The draft's validation, kept in step by `apply`.
    validation: Rc<Validation>,
    import: ImportBox,
    /// Changes whenever the import box must start afresh (Clear, Undo).
    import_key: u32,
    /// The sentence in the notice area.
    notice: Option<String>,
    /// What Clear everything wiped, while its notice offers Undo.
    cleared: Option<Rc<Cleared>>,
    /// The user asked to remember the settings in this browser.
    remember: bool,
    /// The URL fragment follows the form (after Share, or a page opened from a link).
    link: bool,
    /// How many times Share was pressed: each press writes the fragment again.
    shares: u32,
}

/// The import box: its text, the file read from it, and why it was refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ImportBox {
    /// The text in the box (the refused text too); not more than the page reads.
    text: Rc<str>,
    file: Option<Rc<Imported>>,
    error: Option<String>,
}

/// What Clear everything wiped, for its Undo.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cleared {
    draft: Draft,
    import: ImportBox,
    remember: bool,
    link: bool,
}

/// Everything the page can ask of the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionAction {
    /// The page opens: with the URL fragment (without `#`) and the settings
    /// this browser remembers, if any. A readable link wins; the fields it
    /// does not show come from the remembered settings. A broken link is
    /// reported and dropped; remembered settings that no longer read are forgotten.
    Boot {
        fragment: Option<String>,
        remembered: Option<String>,
    },
    /// One of the draft's own actions (typing, pasting, leaving a field...).
    Edit(Action),
    /// The import box now holds this text: read it and load the form from it.
    /// A refused file leaves the form as it is; empty text removes the file.
    Import(String),
    /// The box holds more text than the page reads (its size in UTF-16 units,
    /// never more than its UTF-8 bytes): refused unread, the file is dropped.
    ImportTooLarge(usize),
    /// The browser could not give a file's text (unreadable, or over the
    /// limit): the message is shown, what was loaded stays.
    ImportFailed(String),
    /// A lint finding's one-click fix.
    ApplyFix(Fix),
    /// Take the closest valid value offered at the field.
    TakeOffer(FieldId),
    /// Clear everything: the form, the import, remembering and the link.
    Clear,
    /// Put back what Clear everything wiped.
    Undo,
    /// Remember the settings in this browser, or forget them.
    SetRemember(bool),
    /// Put the settings into the URL fragment and keep them in step.
    Share,
    /// Close the notice (and the Undo it offers).
    Dismiss,
}

impl From<Action> for SessionAction {
    fn from(action: Action) -> Self {
        SessionAction::Edit(action)
    }
}

impl Default for Session {
    /// A fresh page: nothing loaded, remembered or shared.
    fn default() -> Self {
        let draft = Draft::default();
        Session {
            validation: Rc::new(validate(&draft)),
            draft,
            import: ImportBox::default(),
            import_key: 0,
            notice: None,
            cleared: None,
            remember: false,
            link: false,
            shares: 0,
        }
    }
}

impl Session {
    /// Applies one action.
    pub fn apply(&mut self, action: SessionAction) {
        let before = self.draft.clone();
        match action {
            SessionAction::Boot { fragment, remembered } => {
                *self = Session::boot(fragment.as_deref(), remembered.as_deref());
                return;
            }
            SessionAction::Edit(action) => self.draft.apply(action),
            SessionAction::Import(text) => self.import(text),
            SessionAction::ImportTooLarge(size) => {
                self.import.error = Some(import::tree::too_large(size));
                self.import.file = None;
            }
            SessionAction::ImportFailed(message) => self.import.error = Some(message),
            SessionAction::ApplyFix(Fix::Form(actions)) => self.draft.apply_all(actions),
            SessionAction::ApplyFix(Fix::Edit { start, end, text }) => {
                let current = &self.import.text;
                if let (Some(head), Some(tail)) = (current.get(..start), current.get(end..)) {
                    let edited = format!("{head}{text}{tail}");
                    self.import(edited);
                }
            }
            SessionAction::TakeOffer(field) => {
                if let Some(value) = self.offer(field) {
                    self.draft.apply(Action::SetField(field, value));
                    self.draft.apply(Action::Touch(field));
                }
            }
            SessionAction::Clear => {
                self.cleared = Some(Rc::new(Cleared {
                    draft: std::mem::take(&mut self.draft),
                    import: std::mem::take(&mut self.import),
                    remember: self.remember,
                    link: self.link,
                }));
                self.import_key += 1;
                self.remember = false;
                self.link = false;
                self.notice = Some(CLEARED.to_owned());
            }
            SessionAction::Undo => {
                let Some(cleared) = self.cleared.take() else { return };
                let Cleared {
                    draft,
                    import,
                    remember,
                    link,
                } = Rc::unwrap_or_clone(cleared);
                self.draft = draft;
                self.import = import;
                self.import_key += 1;
                self.remember = remember;
                // Shared again since Clear: the link stays.
                self.link |= link;
                self.notice = None;
            }
            SessionAction::SetRemember(on) => self.remember = on,
            SessionAction::Share => {
                self.link = true;
                self.shares += 1;
            }
            SessionAction::Dismiss => {
                self.notice = None;
                self.cleared = None;
            }
        }
        if self.draft != before {
            self.validation = Rc::new(validate(&self.draft));
        }
    }

    /// What the page starts from (see [`SessionAction::Boot`]).
    fn boot(fragment: Option<&str>, remembered: Option<&str>) -> Session {
        let mut session = Session {
            remember: remembered.is_some(),
            ..Session::default()
        };
        let mine = remembered.map(share::decode);
        let fragment = fragment.filter(|text| !text.trim_start_matches('#').is_empty());
        let mut notice = None;
        match fragment.map(share::decode) {
            Some(Ok(link)) => {
                notice = link.notice();
                session.draft = link.into_draft();
                if let Some(Ok(mine)) = mine {
                    share::fill_hidden(&mut session.draft, &mine.into_draft());
                }
                session.link = true;
            }
            broken => {
                // Said once; without `link` the fragment is dropped, so a
                // reload does not repeat it.
                if let Some(Err(error)) = broken {
                    notice = Some(error.message());
                }
                match mine {
                    Some(Ok(mine)) => session.draft = mine.into_draft(),
                    // From an older format: forgotten quietly.
                    Some(Err(_)) => session.remember = false,
                    None => {}
                }
            }
        }
        // Loaded settings that leave secrets to type say so.
        session.notice = match (notice, share::retype_notice(&session.draft)) {
            (Some(notice), Some(retype)) => Some(notice + " " + &retype),
            (notice, retype) => notice.or(retype),
        };
        session.validation = Rc::new(validate(&session.draft));
        session
    }

    /// Reads the import box's new text and loads the form from it.
    fn import(&mut self, text: String) {
        if text.trim().is_empty() {
            self.import.file = None;
            self.import.error = None;
        } else {
            match import::read(&text) {
                Ok(imported) => {
                    self.draft.apply_all(imported.actions());
                    self.import.file = Some(Rc::new(imported));
                    self.import.error = None;
                }
                Err(refusal) => {
                    self.import.file = None;
                    self.import.error = Some(refusal.text());
                }
            }
        }
        // Oversized text stays only where the user put it: writing megabytes
        // back into the box would stall the page for nothing.
        if text.len() <= import::tree::MAX_BYTES {
            self.import.text = Rc::from(text);
        }
    }

    /// The form as typed.
    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// The draft's validation: its settings, or its problems.
    pub fn validation(&self) -> &Rc<Validation> {
        &self.validation
    }

    /// The problems shown at the field: none until the user has been there.
    pub fn issues(&self, field: FieldId) -> impl Iterator<Item = &Issue> {
        let touched = self.draft.touched(field);
        self.validation.for_field(field).filter(move |_| touched)
    }

    /// The closest valid value to offer at the field, only while the field
    /// shows an error.
    pub fn offer(&self, field: FieldId) -> Option<String> {
        if !self.issues(field).any(|issue| issue.severity == Severity::Error) {
            return None;
        }
        match self.draft.normalized(field) {
            Normalized::Closest(value) => Some(value),
            _ => None,
        }
    }

    /// The sentence in the notice area, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Whether the notice offers to undo Clear everything.
    pub fn undo_offered(&self) -> bool {
        self.notice.is_some() && self.cleared.is_some()
    }

    /// Whether the settings are remembered in this browser (the checkbox).
    pub fn remembers(&self) -> bool {
        self.remember
    }

    /// What this browser's storage should hold: the settings without
    /// secrets, or nothing (forget them).
    pub fn remembered_text(&self) -> Option<String> {
        self.remember.then(|| share::encode(&self.draft))
    }

    /// The URL fragment the page should carry (what the page shows, without
    /// secrets), or none.
    pub fn link(&self) -> Option<String> {
        self.link.then(|| share::encode_link(&self.draft))
    }

    /// How many times Share was pressed: each press writes the fragment again,
    /// even when it has not changed.
    pub fn shares(&self) -> u32 {
        self.shares
    }

    /// The text in the import box.
    pub fn import_text(&self) -> Rc<str> {
        self.import.text.clone()
    }

    /// Why the import box's text or file was refused.
    pub fn import_error(&self) -> Option<&str> {
        self.import.error.as_deref()
    }

    /// The imported file, when one was read.
    pub fn imported(&self) -> Option<&Rc<Imported>> {
        self.import.file.as_ref()
    }

    /// Changes whenever the import box must be made afresh.
    pub fn import_key(&self) -> u32 {
        self.import_key
    }

    /// What the imported file gets wrong, for the release the form names.
    pub fn findings(&self) -> Vec<Finding> {
        self.import
            .file
            .as_ref()
            .map(|file| file.lint(&self.draft))
            .unwrap_or_default()
    }
}

/// The files to offer: the rendered ones, with `config.yaml` replaced by the
/// imported file (its registry block replaced) when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Files {
    pub artifacts: Vec<Artifact>,
    pub merge: Merge,
}

/// What merging an imported file gave: the user's file before and after, or
/// why the generated block stands alone.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Merge {
    /// Nothing imported (or nothing to merge into).
    #[default]
    None,
    Merged {
        before: Rc<Imported>,
        after: String,
    },
    Failed(String),
}

/// The files of a validated config, merged into the imported file if any.
pub fn files(config: Option<&Config>, imported: Option<&Rc<Imported>>) -> Files {
    let mut artifacts = config.map(render::render).unwrap_or_default();
    let merge = match (imported, artifacts.iter_mut().find(|a| a.name == "config.yaml")) {
        (Some(imported), Some(config)) => match imported.merge(&config.text) {
            Ok(merged) => {
                config.text = merged.clone();
                Merge::Merged {
                    before: imported.clone(),
                    after: merged,
                }
            }
            Err(message) => Merge::Failed(message),
        },
        _ => Merge::None,
    };
    Files { artifacts, merge }
}
