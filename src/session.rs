//! The page's session: the draft and everything around it (how the page
//! started, the imported file, the notice, Clear everything and its Undo,
//! remembering and the share link), as one state changed only by
//! [`Session::apply`].
//!
//! No effect happens here. What the browser must do is read off the state:
//! [`Session::remembered_text`] is what storage holds (nothing: forget),
//! [`Session::link`] the URL fragment (nothing: none), and the requests to
//! the tools (the page's worker, see `tools`): [`Session::import_request`]
//! and [`Session::draft_request`], each new when its generation changes.
//! `ui/` carries them out whenever they change, and gives the tools' replies
//! back as [`SessionAction::Reply`]. The tools also normalise what was pasted
//! or left and find near values: the session applies a normalised value only
//! where the field still holds what the tools were asked about.

use std::rc::Rc;

use crate::diagnose;
use crate::import::{Finding, Fix, tree};
use crate::render::config::config_yaml;
use crate::settings::FieldId;
use crate::share;
use crate::state::{Action, Draft};
use crate::tools::{self, Files, Merge, Reply, Request, Said};
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
    /// The user has edited the form since the page loaded.
    edited: bool,
    /// The URL fragment follows the form (after Share, or a page opened from a link).
    link: bool,
    /// How many times Share was pressed: each press writes the fragment again.
    shares: u32,
    /// The draft's generation: changes with the draft, so the tools are asked
    /// for its files again and an older reply is known as such.
    draft_id: u32,
    /// The tools' last answer about the draft.
    drafted: Drafted,
    /// Fields pasted into or left, which the tools have not normalised yet.
    normalize: Vec<FieldId>,
    /// Where the tools run, once the page knows.
    tools: ToolsState,
    /// "What did the registry say?": pasted output, kept in memory only.
    diagnose: DiagnoseBox,
}

/// The pasted output of the registry, kubectl, helm or docker, and what the
/// tools made of it. It can hold keys and signed URLs: it is never stored,
/// put in a link, or sent anywhere but to the tools.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct DiagnoseBox {
    text: Rc<str>,
    /// Changes whenever the tools must read it again (new text, or the form
    /// changed under it).
    id: u32,
    /// The tools' last answer, or why the text was refused unread.
    report: Option<Rc<Vec<Said>>>,
}

/// The tools' last answer about the draft: its files, the findings and the
/// values to offer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Drafted {
    /// The draft generation it answers.
    id: u32,
    files: Option<Rc<Files>>,
    findings: Rc<Vec<Finding>>,
    /// For each field with an error: what it held, and the closest valid value.
    offers: Rc<Vec<(FieldId, (String, String))>>,
}

/// Where the tools (import, lint, files) run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ToolsState {
    /// Starting: in the page's worker, when it answers.
    #[default]
    Starting,
    /// In the page's Web Worker.
    Worker,
    /// On the page's own thread, because the browser did not start the worker.
    Page,
    /// Not at all: the worker stopped, or neither it nor the page could load them.
    Failed,
}

/// The import box: its text, the file the tools read from it (its summary),
/// and why it was refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ImportBox {
    /// The text in the box (the refused text too); not more than the page reads.
    text: Rc<str>,
    /// What was loaded from the file, once the tools have read it.
    file: Option<Rc<str>>,
    error: Option<String>,
    /// The text's generation: changes whenever the tools must read it.
    id: u32,
    /// Whether the form loads from the tools' reading of this generation (a
    /// new text), or the tools only read it again (Undo).
    load: bool,
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
    /// The diagnose box now holds this text (empty: nothing to read).
    Diagnose(String),
    /// The diagnose box holds more than the page reads (its size): refused unread.
    DiagnoseTooLarge(usize),
    /// A lint finding's or a diagnosis's one-click fix.
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
    /// The tools answered a request.
    Reply(Reply),
    /// Where the tools run now (the page learnt it from the browser).
    Tools(ToolsState),
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
            edited: false,
            link: false,
            shares: 0,
            draft_id: 0,
            drafted: Drafted::default(),
            normalize: Vec::new(),
            tools: ToolsState::Starting,
            diagnose: DiagnoseBox::default(),
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
            SessionAction::Edit(action) => {
                // Pasted text and a field left are normalised by the tools.
                if let Action::Paste(field, _) | Action::Leave(field) = &action
                    && !self.normalize.contains(field)
                {
                    self.normalize.push(*field);
                    self.draft_id += 1;
                }
                self.draft.apply_plain(action);
                self.edited = true;
            }
            SessionAction::Import(text) => self.import(text, true),
            SessionAction::ImportTooLarge(size) => self.too_large(size),
            SessionAction::ImportFailed(message) => self.import.error = Some(message),
            SessionAction::Diagnose(text) => {
                if text.len() > diagnose::MAX_BYTES {
                    return self.apply(SessionAction::DiagnoseTooLarge(text.len()));
                }
                self.diagnose = DiagnoseBox {
                    text: Rc::from(text),
                    id: self.diagnose.id + 1,
                    report: None,
                };
            }
            SessionAction::DiagnoseTooLarge(size) => {
                self.diagnose = DiagnoseBox {
                    text: Rc::from(""),
                    id: self.diagnose.id + 1,
                    report: Some(Rc::new(vec![Said::new("error", "", diagnose::too_large(size))])),
                };
            }
            SessionAction::ApplyFix(Fix::Form(actions)) => self.draft.apply_all(actions),
            SessionAction::ApplyFix(Fix::Edit { start, end, text }) => {
                let current = &self.import.text;
                if let (Some(head), Some(tail)) = (current.get(..start), current.get(end..)) {
                    let edited = format!("{head}{text}{tail}");
                    self.import(edited, true);
                }
            }
            SessionAction::TakeOffer(field) => {
                if let Some(value) = self.offer(field) {
                    self.draft.apply_plain(Action::SetField(field, value));
                    self.draft.apply_plain(Action::Touch(field));
                }
            }
            SessionAction::Clear => {
                let id = self.import.id + 1;
                self.cleared = Some(Rc::new(Cleared {
                    draft: std::mem::take(&mut self.draft),
                    import: std::mem::replace(
                        &mut self.import,
                        ImportBox {
                            id,
                            ..ImportBox::default()
                        },
                    ),
                    remember: self.remember,
                    link: self.link,
                }));
                self.import_key += 1;
                self.remember = false;
                self.link = false;
                self.notice = Some(CLEARED.to_owned());
                self.diagnose = DiagnoseBox {
                    id: self.diagnose.id + 1,
                    ..DiagnoseBox::default()
                };
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
                // The tools read the file again; the form keeps what it had.
                let id = self.import.id + 1;
                self.import = ImportBox {
                    id,
                    load: false,
                    ..import
                };
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
            SessionAction::Reply(reply) => self.reply(reply),
            SessionAction::Tools(state) => self.tools = state,
        }
        if self.draft != before {
            self.validation = Rc::new(validate(&self.draft));
            self.draft_id += 1;
            // The diagnosis reads the settings too: asked again.
            if !self.diagnose.text.is_empty() {
                self.diagnose.id += 1;
            }
            self.own_config_yaml();
        }
    }

    /// config.yaml is the page's own (`render::config`), so that a keystroke
    /// shows in it before the next frame; the tools' copy stands where they
    /// merged it into an imported file. The other files follow the tools'
    /// last answer.
    fn own_config_yaml(&mut self) {
        let (Some(files), Some(config)) = (&mut self.drafted.files, &self.validation.config) else {
            return;
        };
        if matches!(files.merge, Merge::Merged { .. }) {
            return;
        }
        if let Some(generated) = Rc::make_mut(files)
            .files
            .iter_mut()
            .find(|file| file.name == "config.yaml")
        {
            generated.text = config_yaml(config);
        }
    }

    /// Takes what the tools answered; an answer to an older request is dropped.
    fn reply(&mut self, reply: Reply) {
        match reply {
            Reply::Imported { id, result } if id == self.import.id => {
                // The files and findings follow the file, even where the form
                // does not change: the tools are asked again.
                self.draft_id += 1;
                self.read(result);
            }
            Reply::Drafted {
                id,
                files,
                findings,
                normalized,
                offers,
            } if id == self.draft_id => {
                self.drafted = Drafted {
                    id,
                    files: files.map(Rc::new),
                    findings: Rc::new(findings),
                    offers: Rc::new(offers),
                };
                self.own_config_yaml();
                // What normalising gave, where the field still holds what it
                // was asked about (a field typed into since keeps its text).
                for normalization in normalized {
                    self.normalize.retain(|field| *field != normalization.field);
                    if let Some((value, note)) = normalization.changed
                        && self.draft.value(normalization.field) == normalization.before
                    {
                        self.draft.set_normalized(normalization.field, value, note);
                    }
                }
            }
            Reply::Diagnosed { id, items } if id == self.diagnose.id => self.diagnose.report = Some(Rc::new(items)),
            Reply::Imported { .. } | Reply::Drafted { .. } | Reply::Diagnosed { .. } => {}
            Reply::Failed(_) => self.tools = ToolsState::Failed,
        }
    }

    /// What the tools read from the import box's text.
    fn read(&mut self, result: Result<Option<tools::ImportedFile>, String>) {
        match result {
            Ok(Some(file)) => {
                if self.import.load {
                    self.draft.apply_all(file.actions);
                }
                self.import.file = Some(Rc::from(file.summary));
                self.import.error = None;
            }
            // No text (removed, or refused unread: its error stays).
            Ok(None) => self.import.file = None,
            Err(refusal) => {
                self.import.file = None;
                self.import.error = Some(refusal);
            }
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
        session.draft_id = 1;
        session
    }

    /// The import box holds new text: the tools read it, and with `load` the
    /// form loads from what they read. Oversized text is refused unread.
    fn import(&mut self, text: String, load: bool) {
        if text.len() > tree::MAX_BYTES {
            return self.too_large(text.len());
        }
        self.import.file = None;
        self.import.error = None;
        self.import.id += 1;
        self.import.load = load;
        self.import.text = Rc::from(text);
    }

    /// More text than the page reads (its size): refused unread, and the file
    /// is dropped. The box keeps what it held before: writing megabytes back
    /// into it would stall the page for nothing.
    fn too_large(&mut self, size: usize) {
        self.import.error = Some(tree::too_large(size));
        self.import.file = None;
        // The tools forget the file they hold (see `import_request`).
        self.import.id += 1;
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
        let current = self.draft.value(field);
        self.drafted
            .offers
            .iter()
            .find(|(offered, (held, _))| *offered == field && held == current)
            .map(|(_, (_, value))| value.clone())
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

    /// Whether leaving the page would lose work: the form was edited since
    /// the page loaded, and this browser does not remember the settings.
    pub fn unsaved(&self) -> bool {
        self.edited && !self.remember
    }

    /// Whether the import box holds a file the tools refused: no files are
    /// given until it is removed or fixed (they would ignore the user's file).
    pub fn import_refused(&self) -> bool {
        self.import.error.is_some() && self.import.file.is_none() && !self.import.text.trim().is_empty()
    }

    /// What was loaded from the imported file, once the tools have read it.
    pub fn imported(&self) -> Option<&str> {
        self.import.file.as_deref()
    }

    /// Changes whenever the import box must be made afresh.
    pub fn import_key(&self) -> u32 {
        self.import_key
    }

    /// What the imported file gets wrong, for the release the form names
    /// (as the tools last answered).
    pub fn findings(&self) -> Rc<Vec<Finding>> {
        self.drafted.findings.clone()
    }

    /// The files for the draft as the tools last gave them, and whether they
    /// are for the draft as it is now (else an answer is on its way). `None`
    /// while the form has an error, or the imported file was refused.
    pub fn files(&self) -> Option<(Rc<Files>, bool)> {
        self.validation.config.as_ref()?;
        if self.import_refused() {
            return None;
        }
        let files = self.drafted.files.clone()?;
        Some((files, self.drafted.id == self.draft_id))
    }

    /// What the tools must read now (the import box's text), with its generation.
    pub fn import_request(&self) -> Request {
        // A refused text is not read: the tools hold no file.
        let text = match (&self.import.error, &self.import.file) {
            (Some(_), None) => String::new(),
            _ => self.import.text.to_string(),
        };
        Request::Import {
            id: self.import.id,
            text,
        }
    }

    /// What the tools must render now (the draft), with its generation.
    pub fn draft_request(&self) -> Request {
        tools::draft_request(self.draft_id, &self.draft, self.normalize.clone())
    }

    /// The generations of the two requests: each change is one request to send.
    pub fn generations(&self) -> (u32, u32) {
        (self.import.id, self.draft_id)
    }

    /// The text in the diagnose box (kept in memory only).
    pub fn diagnose_text(&self) -> Rc<str> {
        self.diagnose.text.clone()
    }

    /// What the tools last made of the diagnose box's text (kept while they
    /// read it again for changed settings; none after new text), or why the
    /// text was refused (an `error` item).
    pub fn diagnosis(&self) -> Option<Rc<Vec<Said>>> {
        self.diagnose.report.clone()
    }

    /// The diagnose request's generation: each change is one request to send.
    pub fn diagnose_generation(&self) -> u32 {
        self.diagnose.id
    }

    /// What the tools must read now in the diagnose box; nothing when it is empty.
    pub fn diagnose_request(&self) -> Option<Request> {
        (!self.diagnose.text.is_empty())
            .then(|| tools::diagnose_request(self.diagnose.id, &self.diagnose.text, &self.draft, &self.validation))
    }

    /// Where the tools run.
    pub fn tools(&self) -> &ToolsState {
        &self.tools
    }
}
