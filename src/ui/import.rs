//! "Your config.yaml": paste, open or drop the platform's values file. The
//! text goes to the session (`SessionAction::Import`), which reads it and
//! loads the form; its findings are listed with their fixes, which go to the
//! session too. The outputs then give the file back with only the registry
//! block changed (see `outputs.rs`).

use yew::prelude::*;

use super::Same;

use crate::import::{self, Level};
use crate::session::{Session, SessionAction};
use crate::tools::Merge;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    pub session: Same<Session>,
    pub on_action: Callback<SessionAction>,
}

#[function_component]
pub fn Import(props: &ImportProps) -> Html {
    let session = &props.session;
    let (on_input, on_paste) = super::limited_box(
        &props.on_action,
        import::tree::MAX_BYTES,
        SessionAction::Import,
        SessionAction::ImportTooLarge,
    );
    let on_read = {
        let on_action = props.on_action.clone();
        Callback::from(move |result: Result<String, String>| {
            on_action.emit(match result {
                Ok(content) => SessionAction::Import(content),
                Err(message) => SessionAction::ImportFailed(message),
            })
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
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(SessionAction::Import(String::new())))
    };

    let findings = session.findings();
    let text = session.import_text();
    let finding = |finding: &import::Finding| {
        let level = match finding.level {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        let button = finding.apply.clone().map(|(label, fix)| {
            let on_action = props.on_action.clone();
            let onclick = Callback::from(move |_: MouseEvent| on_action.emit(SessionAction::ApplyFix(fix.clone())));
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
                aria-describedby="import-status" value={AttrValue::from(text.clone())} oninput={on_input} onpaste={on_paste} />
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
                if let Some(message) = session.import_error() {
                    <p class="import-error" data-role="import-error">{ message.to_owned() }</p>
                } else if let Some(summary) = session.imported() {
                    <p data-role="import-summary">{ summary.to_owned() }</p>
                }
            </div>
            if !findings.is_empty() {
                <ul class="findings" data-role="findings">{ for findings.iter().map(finding) }</ul>
            }
        </section>
    }
}

/// The changed lines of the user's file, or why it could not be merged.
pub fn merge_view(merge: &Merge) -> Html {
    match merge {
        Merge::None => html! {},
        Merge::Failed(message) => html! { <p class="import-error" data-role="merge-error">{ message.clone() }</p> },
        Merge::Merged { lines, changed } => {
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
