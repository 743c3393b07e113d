//! The tools the first screen does not need: reading an imported config.yaml
//! (read, lint, merge, diff) and rendering the files. The page runs them in a
//! Web Worker (the `registry-worker` binary, `src/worker.rs`) and talks to it
//! in these messages, so none of their code is in the WASM that gates the
//! form. [`Tools::handle`] is all the worker does with a request; it is
//! tested natively, and it is what the page runs on its own thread when a
//! browser does not start the worker.

mod wire;

pub use wire::{decode, encode};

use crate::diagnose::{self, Report};
use crate::import::{self, Finding, Fix, Imported, diff};
use crate::model::BackendKind;
use crate::normalize::Normalized;
use crate::render::{self, steps::Step, upgrade};
use crate::settings::Config;
use crate::settings::FieldId;
use crate::state::{Action, Draft};
use crate::validate::{Validation, validate};

/// What the page asks of the tools. Each carries the generation it is for,
/// which the reply repeats, so the page can tell a reply to an older state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// The import box's text: read it (empty: no file).
    Import { id: u32, text: String },
    /// The form as it stands: its files (config.yaml merged into the
    /// imported file, if any), what the imported file gets wrong for the
    /// release the form names, what the fields pasted or left since hold as
    /// meant, and the closest valid value of each refused field.
    Draft {
        id: u32,
        backend: BackendKind,
        /// Every field's raw text, in `FieldId::ALL` order.
        values: Vec<String>,
        /// The fields to normalise (pasted into, or left).
        normalize: Vec<FieldId>,
    },
    /// What the registry, kubectl, helm or docker said: read it against the
    /// failure modes, for the form as it stands (as in `Draft`).
    Diagnose {
        id: u32,
        text: String,
        backend: BackendKind,
        values: Vec<String>,
        /// What the page says at each field (its messages, in form order):
        /// the worker's build has none of its own (`say!`).
        messages: Vec<(FieldId, String)>,
    },
}

/// What the tools answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// What the import box's text gave: the file as the form loads it, or
    /// why it was refused (`Ok(None)`: the box is empty).
    Imported {
        id: u32,
        result: Result<Option<ImportedFile>, String>,
    },
    /// The form's files, the imported file's findings, the fields normalised
    /// and the values offered.
    Drafted {
        id: u32,
        /// `None` while the form has an error: no file can be given.
        files: Option<Files>,
        findings: Vec<Finding>,
        /// Each field asked to normalise, with what it held, and what it
        /// becomes with the note that says so when normalising changed it.
        normalized: Vec<Normalization>,
        /// For each field with an error: what it held, and the closest valid
        /// value to offer.
        offers: Vec<(FieldId, (String, String))>,
    },
    /// What the pasted output means as the page lists it (a refusal is an
    /// `error` item).
    Diagnosed { id: u32, items: Vec<Said> },
    /// A message the tools could not read; the page says so.
    Failed(String),
}

/// One item of a diagnosis as the page lists it, plain text: the page
/// renders every kind alike, so what a diagnosis says is decided here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    /// What it is: `summary`, `contradiction`, `what`, `why`, `fix`, `note`,
    /// `line` (a line of the paste), `unrecognised` (the heading),
    /// `unrecognised-line`, or `error` (the text was refused).
    pub kind: String,
    /// The failure mode it belongs to (the table's id), if any.
    pub mode: String,
    pub text: String,
    /// On a fix: the field to focus.
    pub field: Option<FieldId>,
    /// On a fix: the one-click change, with its label.
    pub apply: Option<(String, Fix)>,
}

impl Said {
    /// An item without a fix.
    pub fn new(kind: &str, mode: &str, text: String) -> Said {
        Said {
            kind: kind.to_owned(),
            mode: mode.to_owned(),
            text,
            field: None,
            apply: None,
        }
    }
}

/// A report as the page lists it.
pub fn said(report: &Report) -> Vec<Said> {
    let count = report.diagnoses.len();
    let mut items = vec![Said::new(
        "summary",
        "",
        match count {
            0 => "No known problem in this text.".to_owned(),
            1 => "1 known problem:".to_owned(),
            n => format!("{n} known problems, most likely first:"),
        },
    )];
    for note in &report.notes {
        items.push(Said::new("contradiction", "", note.clone()));
    }
    for diagnosis in &report.diagnoses {
        let mode = diagnosis.mode.as_str();
        items.push(Said::new("what", mode, diagnosis.what.clone()));
        items.push(Said::new("why", mode, format!("Why: {}", diagnosis.why)));
        items.push(Said {
            field: diagnosis.field,
            apply: diagnosis.apply.clone(),
            ..Said::new("fix", mode, format!("Fix: {}", diagnosis.fix))
        });
        for note in &diagnosis.notes {
            items.push(Said::new("note", mode, note.clone()));
        }
        for (number, line) in &diagnosis.lines {
            items.push(Said::new("line", mode, format!("{number:>5} | {line}")));
        }
        if diagnosis.count > diagnosis.lines.len() {
            items.push(Said::new(
                "line",
                mode,
                format!("… {} matching lines in all.", diagnosis.count),
            ));
        }
    }
    if report.unrecognised_count > 0 {
        items.push(Said::new(
            "unrecognised",
            "",
            format!(
                "{} error {} this page does not recognise (listed, not guessed at):",
                report.unrecognised_count,
                if report.unrecognised_count == 1 {
                    "line"
                } else {
                    "lines"
                }
            ),
        ));
        for (number, line) in &report.unrecognised {
            items.push(Said::new("unrecognised-line", "", format!("{number:>5} | {line}")));
        }
    }
    items
}

/// What normalising a field gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalization {
    pub field: FieldId,
    /// The value it was asked about.
    pub before: String,
    /// The value as meant and the note, when normalising changed it.
    pub changed: Option<(String, String)>,
}

/// An imported file as the form takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedFile {
    /// The actions that load the form from it.
    pub actions: Vec<Action>,
    /// One line for the page: what was loaded.
    pub summary: String,
}

/// The files to offer, in display order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    pub files: Vec<File>,
    /// The apply steps, as `commands.sh` runs them and the page lists them.
    pub steps: Vec<Step>,
    /// What changes for the registry in the upgrade (empty when not upgrading).
    pub report: Vec<upgrade::Change>,
    /// Every file and a README.txt in one stored .zip, for "Download all".
    pub zip: Vec<u8>,
    /// What merging the imported file gave.
    pub merge: Merge,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub mime: String,
    pub text: String,
}

/// What merging an imported file gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Merge {
    /// Nothing imported.
    #[default]
    None,
    /// `config.yaml` is the user's file with its registry block replaced:
    /// the changed lines with some context, and how many changed.
    Merged { lines: Vec<DiffLine>, changed: usize },
    /// Why the generated block stands alone.
    Failed(String),
}

/// One line of the diff of the user's file (numbers are 1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffLine {
    pub change: diff::Change,
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub text: String,
}

/// The tools' state: the imported file, between requests.
#[derive(Debug, Default)]
pub struct Tools {
    imported: Option<Imported>,
}

impl Tools {
    /// Answers one request.
    pub fn handle(&mut self, request: Request) -> Reply {
        match request {
            Request::Import { id, text } => Reply::Imported {
                id,
                result: self.import(&text),
            },
            Request::Draft {
                id,
                backend,
                values,
                normalize,
            } => {
                let draft = draft(backend, values);
                let normalized = normalizations(&draft, normalize);
                let mut offers: Vec<(FieldId, (String, String))> = Vec::new();
                let validation = validate(&draft);
                for issue in validation.errors() {
                    if let Normalized::Closest(value) = draft.normalized(issue.field)
                        && !offers.iter().any(|(field, _)| *field == issue.field)
                    {
                        offers.push((issue.field, (draft.value(issue.field).to_owned(), value)));
                    }
                }
                Reply::Drafted {
                    id,
                    files: validation.config.as_ref().map(|config| self.files(config)),
                    findings: self.imported.as_ref().map(|file| file.lint(&draft)).unwrap_or_default(),
                    normalized,
                    offers,
                }
            }
            Request::Diagnose {
                id,
                text,
                backend,
                values,
                messages,
            } => Reply::Diagnosed {
                id,
                items: match diagnose::diagnose_with(&text, &draft(backend, values), &messages) {
                    Ok(report) => said(&report),
                    Err(refusal) => vec![Said::new("error", "", refusal)],
                },
            },
        }
    }

    /// Answers a request as the worker receives it: bytes in, bytes out.
    pub fn handle_bytes(&mut self, request: &[u8]) -> Vec<u8> {
        let reply = match decode(request) {
            Ok(request) => self.handle(request),
            Err(message) => Reply::Failed(message),
        };
        encode(&reply)
    }

    fn import(&mut self, text: &str) -> Result<Option<ImportedFile>, String> {
        self.imported = None;
        if text.trim().is_empty() {
            return Ok(None);
        }
        let file = import::read(text).map_err(|refusal| refusal.text())?;
        let loaded = ImportedFile {
            actions: file.actions(),
            summary: file.loaded().summary(),
        };
        self.imported = Some(file);
        Ok(Some(loaded))
    }

    fn files(&self, config: &Config) -> Files {
        let render::Made {
            mut artifacts,
            steps,
            report,
        } = render::make(config);
        let merge = match (&self.imported, artifacts.iter_mut().find(|a| a.name == "config.yaml")) {
            (Some(imported), Some(generated)) => match imported.merge(&generated.text) {
                Ok(merged) => {
                    let view = merged_view(imported.text(), &merged);
                    generated.text = merged;
                    view
                }
                Err(message) => Merge::Failed(message),
            },
            _ => Merge::None,
        };
        let zip = render::zip_all(&artifacts, &render::readme(config, &artifacts, &steps));
        Files {
            files: artifacts
                .into_iter()
                .map(|artifact| File {
                    name: artifact.name.to_owned(),
                    mime: artifact.mime.to_owned(),
                    text: artifact.text,
                })
                .collect(),
            steps,
            report,
            zip,
            merge,
        }
    }
}

/// The user's file merged: the changed lines of `before` and `after`, with two
/// lines of context, and how many changed.
pub fn merged_view(before: &str, after: &str) -> Merge {
    let lines: Vec<DiffLine> = diff::hunks(before, after, 2)
        .into_iter()
        .map(|line| DiffLine {
            change: line.change,
            old: line.old,
            new: line.new,
            text: line.text.to_owned(),
        })
        .collect();
    let changed = lines
        .iter()
        .filter(|line| matches!(line.change, diff::Change::Added | diff::Change::Removed))
        .count();
    Merge::Merged { lines, changed }
}

/// What normalising `fields` changes in `draft`: one entry for each field
/// asked (changed or not), and one for each second field a URL entered there
/// fills. A second field filled that way takes the value from there, not
/// from its own normalising (the blanks it held count as empty).
fn normalizations(draft: &Draft, fields: Vec<FieldId>) -> Vec<Normalization> {
    let mut entries: Vec<Normalization> = Vec::new();
    let mut filled: Vec<FieldId> = Vec::new();
    for asked in fields {
        if !entries.iter().any(|entry| entry.field == asked) {
            entries.push(Normalization {
                field: asked,
                before: draft.value(asked).to_owned(),
                changed: None,
            });
        }
        for (field, value, note) in draft.normalizing(asked) {
            let second = field != asked;
            if !second && filled.contains(&field) {
                continue;
            }
            if second {
                filled.push(field);
            }
            let at = entries
                .iter()
                .position(|entry| entry.field == field)
                .unwrap_or_else(|| {
                    entries.push(Normalization {
                        field,
                        before: draft.value(field).to_owned(),
                        changed: None,
                    });
                    entries.len() - 1
                });
            entries[at].changed = Some((value, note));
        }
    }
    entries
}

/// The draft a request describes.
fn draft(backend: BackendKind, values: Vec<String>) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    for (field, value) in FieldId::ALL.into_iter().zip(values) {
        draft.apply(Action::SetField(field, value));
    }
    draft
}

/// The request to read `text` against the failure modes, for `draft`, with
/// what the page says at its fields (`validation`'s messages).
pub fn diagnose_request(id: u32, text: &str, draft: &Draft, validation: &Validation) -> Request {
    Request::Diagnose {
        id,
        text: text.to_owned(),
        backend: draft.backend,
        values: FieldId::ALL
            .iter()
            .map(|field| draft.value(*field).to_owned())
            .collect(),
        messages: validation
            .issues
            .iter()
            .map(|issue| (issue.field, issue.message.clone()))
            .collect(),
    }
}

/// The request that describes `draft`, asking to normalise `normalize`.
pub fn draft_request(id: u32, draft: &Draft, normalize: Vec<FieldId>) -> Request {
    Request::Draft {
        id,
        backend: draft.backend,
        values: FieldId::ALL
            .iter()
            .map(|field| draft.value(*field).to_owned())
            .collect(),
        normalize,
    }
}
