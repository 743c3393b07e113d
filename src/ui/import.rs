//! "Your config.yaml": paste, open or drop the platform's values file. The
//! core reads it (`import::read`), its actions load the form, and its
//! findings are listed with their fixes. The outputs then give the file back
//! with only the registry block changed (see `outputs.rs`).

use std::rc::Rc;

use yew::prelude::*;

use crate::import::{self, Fix, Imported, Level};
use crate::state::{Action, Draft};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    pub draft: Draft,
    pub imported: Option<Rc<Imported>>,
    pub on_import: Callback<Option<Rc<Imported>>>,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn Import(props: &ImportProps) -> Html {
    let text = use_state(|| AttrValue::from(""));
    let error = use_state(|| None::<String>);

    // Reads the text and loads it; on a refusal the form keeps what it holds.
    let apply = {
        let text = text.clone();
        let error = error.clone();
        let on_import = props.on_import.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |new_text: String| {
            if new_text.trim().is_empty() {
                error.set(None);
                on_import.emit(None);
            } else {
                match import::read(&new_text) {
                    Ok(imported) => {
                        for action in imported.actions() {
                            on_action.emit(action);
                        }
                        error.set(None);
                        on_import.emit(Some(Rc::new(imported)));
                    }
                    Err(refusal) => {
                        error.set(Some(refusal.text()));
                        on_import.emit(None);
                    }
                }
            }
            // Oversized text stays where the user put it: writing megabytes
            // back into the box would stall the page for nothing.
            if new_text.len() <= import::tree::MAX_BYTES {
                text.set(AttrValue::from(new_text));
            }
        })
    };
    let on_input = {
        let apply = apply.clone();
        let error = error.clone();
        let on_import = props.on_import.clone();
        Callback::from(move |event: InputEvent| {
            let area = event.target_unchecked_into::<web_sys::HtmlTextAreaElement>();
            // Refused before its text is copied: UTF-16 units never outnumber UTF-8 bytes.
            let units = area.text_length();
            if units as usize > import::tree::MAX_BYTES {
                error.set(Some(import::tree::too_large(units as usize)));
                on_import.emit(None);
                return;
            }
            apply.emit(area.value())
        })
    };
    let on_read = {
        let apply = apply.clone();
        let error = error.clone();
        Callback::from(move |result: Result<String, String>| match result {
            Ok(content) => apply.emit(content),
            Err(message) => error.set(Some(message)),
        })
    };
    let on_file = {
        let on_read = on_read.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<web_sys::HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                web::read_file(file, import::tree::MAX_BYTES, on_read.clone());
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let on_read = on_read.clone();
        Callback::from(move |event: DragEvent| {
            if let Some(file) = web::dropped_file(&event) {
                event.prevent_default();
                web::read_file(file, import::tree::MAX_BYTES, on_read.clone());
            }
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_remove = {
        let apply = apply.clone();
        Callback::from(move |_: MouseEvent| apply.emit(String::new()))
    };

    let findings = use_memo((props.imported.clone(), props.draft.clone()), |(imported, draft)| {
        imported
            .as_ref()
            .map(|imported| imported.lint(draft))
            .unwrap_or_default()
    });
    let finding = |finding: &import::Finding| {
        let level = match finding.level {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        let button = finding.apply.clone().map(|(label, fix)| {
            let on_action = props.on_action.clone();
            let apply = apply.clone();
            let text = text.clone();
            let onclick = Callback::from(move |_: MouseEvent| match &fix {
                Fix::Form(actions) => actions.iter().cloned().for_each(|action| on_action.emit(action)),
                Fix::Edit { start, end, text: with } => {
                    let current = text.as_str();
                    if let (Some(head), Some(tail)) = (current.get(..*start), current.get(*end..)) {
                        apply.emit(format!("{head}{with}{tail}"));
                    }
                }
            });
            html! { <button type="button" data-action="apply-fix" {onclick}>{ label }</button> }
        });
        html! {
            <li data-level={level} data-key={finding.key.clone()}>
                <span class="where">{ format!("Line {}", finding.line) }</span>{ " " }
                <span class="what">{ finding.message.clone() }</span>{ " " }
                <span class="fix">{ finding.fix.clone() }</span>{ " " }
                { button }
            </li>
        }
    };

    html! {
        <section class="import" aria-labelledby="import-title" ondrop={on_drop} ondragover={on_drag_over}>
            <h2 id="import-title">{ "Your config.yaml (optional)" }</h2>
            <p class="hint">
                { "Paste the platform's config.yaml, open it, or drop it here: the form loads its registry settings, and the config.yaml below becomes your file with only " }
                <code>{ "astronomer.registry" }</code>{ " changed. It is read in this page only; its secrets are never stored." }
            </p>
            <textarea name="import" id="import-text" rows="6" spellcheck="false" aria-label="Your config.yaml"
                aria-describedby="import-status" value={(*text).clone()} oninput={on_input} />
            <div class="panel-actions">
                <label class="file">
                    { "Open a file… " }
                    <input type="file" name="importFile" accept=".yaml,.yml,text/yaml,text/plain" onchange={on_file} />
                </label>
                if !text.is_empty() {
                    <button type="button" data-action="remove-import" onclick={on_remove}>{ "Remove the file" }</button>
                }
            </div>
            <div id="import-status" role="status" aria-live="polite">
                if let Some(message) = (*error).clone() {
                    <p class="import-error" data-role="import-error">{ message }</p>
                } else if let Some(imported) = &props.imported {
                    <p data-role="import-summary">{ imported.loaded().summary() }</p>
                }
            </div>
            if !findings.is_empty() {
                <ul class="findings" data-role="findings">{ for findings.iter().map(finding) }</ul>
            }
        </section>
    }
}

/// What merging an imported file gave: the diff of the user's file, or why
/// the generated block stands alone.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Merge {
    #[default]
    None,
    /// The file before and after.
    Merged {
        before: Rc<Imported>,
        after: String,
    },
    Failed(String),
}

/// Puts the imported file, with the registry block replaced, in place of the
/// generated config.yaml.
pub fn merge_into(imported: Option<&Rc<Imported>>, artifacts: &mut [crate::render::Artifact]) -> Merge {
    let (Some(imported), Some(config)) = (imported, artifacts.iter_mut().find(|a| a.name == "config.yaml")) else {
        return Merge::None;
    };
    match imported.merge(&config.text) {
        Ok(merged) => {
            config.text = merged.clone();
            Merge::Merged {
                before: imported.clone(),
                after: merged,
            }
        }
        Err(message) => Merge::Failed(message),
    }
}

/// The changed lines of the user's file, or why it could not be merged.
pub fn merge_view(merge: &Merge) -> Html {
    match merge {
        Merge::None => html! {},
        Merge::Failed(message) => html! { <p class="import-error" data-role="merge-error">{ message.clone() }</p> },
        Merge::Merged { before, after } => {
            let lines = import::diff::hunks(before.text(), after, 2);
            let changed = lines
                .iter()
                .filter(|line| matches!(line.change, import::diff::Change::Added | import::diff::Change::Removed))
                .count();
            html! {
                <section class="diff" data-role="diff" aria-labelledby="diff-title">
                    <h3 id="diff-title">{ format!("Changes to your config.yaml ({changed} lines)") }</h3>
                    <pre tabindex="0">
                        { for lines.iter().map(|line| {
                            let (change, mark, number) = match line.change {
                                import::diff::Change::Same => ("same", ' ', line.new),
                                import::diff::Change::Removed => ("removed", '-', line.old),
                                import::diff::Change::Added => ("added", '+', line.new),
                                import::diff::Change::Gap => ("gap", '…', None),
                            };
                            let number = number.map(|n| n.to_string()).unwrap_or_default();
                            html! { <span class="diff-line" data-change={change}>{ format!("{number:>4} {mark} {}\n", line.text) }</span> }
                        }) }
                    </pre>
                </section>
            }
        }
    }
}
