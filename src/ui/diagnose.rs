//! "What did the registry say?": paste the registry's log, kubectl, helm or
//! docker output; the session has the tools read it (`diagnose`), and this
//! lists their answer as it comes: plain text, a link to the field, a
//! one-click fix. The text stays in the session's memory only.

use std::rc::Rc;

use yew::prelude::*;

use crate::diagnose::{Diagnosis, MAX_BYTES};
use crate::session::{Session, SessionAction};
use crate::state::Action;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct DiagnoseProps {
    pub session: Rc<Session>,
    pub on_action: Callback<SessionAction>,
}

#[function_component]
pub fn Diagnose(props: &DiagnoseProps) -> Html {
    let session = &props.session;
    let on_input = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: InputEvent| {
            let area = event.target_unchecked_into::<web_sys::HtmlTextAreaElement>();
            // Refused before its text is copied: UTF-16 units never outnumber UTF-8 bytes.
            let units = area.text_length() as usize;
            on_action.emit(if units > MAX_BYTES {
                SessionAction::DiagnoseTooLarge(units)
            } else {
                SessionAction::Diagnose(area.value())
            })
        })
    };
    let on_paste = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            if let Some(units) = web::pasted_length(&event).filter(|units| *units > MAX_BYTES) {
                event.prevent_default();
                on_action.emit(SessionAction::DiagnoseTooLarge(units));
            }
        })
    };
    let item = |diagnosis: &Diagnosis| {
        let link = diagnosis.field.map(|field| {
            let on_action = props.on_action.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::Touch(field).into());
                web::focus(&field.dom_id());
            });
            html! { <button type="button" class="link" data-action="diagnose-field" {onclick}>{ field.label() }</button> }
        });
        let apply = diagnosis.apply.clone().map(|(label, fix)| {
            let on_action = props.on_action.clone();
            let field = diagnosis.field;
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(SessionAction::ApplyFix(fix.clone()));
                if let Some(field) = field {
                    web::focus(&field.dom_id());
                }
            });
            html! { <button type="button" data-action="diagnose-fix" {onclick}>{ label }</button> }
        });
        html! {
            <li data-mode={diagnosis.mode.clone()}>
                <p class="what"><strong>{ diagnosis.what.clone() }</strong></p>
                <p class="why">{ diagnosis.why.clone() }</p>
                <p class="fix">{ "Fix: " }{ diagnosis.fix.clone() }{ " " }{ link }{ " " }{ apply }</p>
                { for diagnosis.notes.iter().map(|note| html! { <p class="note" data-role="diagnose-note">{ note.clone() }</p> }) }
                <pre class="lines">{ for diagnosis.lines.iter().map(|(number, text)| format!("{number:>5} | {text}\n")) }</pre>
                if diagnosis.count > diagnosis.lines.len() {
                    <p class="hint">{ format!("{} matching lines in all.", diagnosis.count) }</p>
                }
            </li>
        }
    };
    let report = session.diagnosis();
    let text = session.diagnose_text();
    html! {
        <section class="diagnose" aria-labelledby="diagnose-title">
            <h2 id="diagnose-title">{ "What did the registry say?" }</h2>
            <p class="hint">
                { "Paste the registry's log (kubectl logs), kubectl describe or events, helm or docker output, or verify.sh's: each known problem comes with its cause and fix for your settings. Read in this page only: never stored, never in a link." }
            </p>
            <textarea name="diagnose" id="diagnose-text" rows="5" spellcheck="false" aria-label="What did the registry say?"
                aria-describedby="diagnose-status" value={AttrValue::from(text.clone())} oninput={on_input} onpaste={on_paste} />
            <div id="diagnose-status" role="status" aria-live="polite">
                if let Some(message) = session.diagnose_error() {
                    <p class="import-error" data-role="diagnose-error">{ message.to_owned() }</p>
                } else if let Some(report) = report.as_ref().filter(|_| !text.is_empty()) {
                    <p data-role="diagnose-summary">{ match report.diagnoses.len() {
                        0 => "No known problem in this text.".to_owned(),
                        1 => "1 known problem, most likely first:".to_owned(),
                        n => format!("{n} known problems, most likely first:"),
                    } }</p>
                }
            </div>
            if let Some(report) = report.filter(|_| !text.is_empty()) {
                <div data-role="diagnosis">
                    { for report.notes.iter().map(|note| html! { <p class="note" data-role="diagnose-contradiction">{ note.clone() }</p> }) }
                    <ol class="diagnoses">{ for report.diagnoses.iter().map(item) }</ol>
                    if report.unrecognised_count > 0 {
                        <div data-role="unrecognised">
                            <p>{ format!("{} error {} this page does not recognise (not guessed at):", report.unrecognised_count, if report.unrecognised_count == 1 { "line" } else { "lines" }) }</p>
                            <pre class="lines">{ for report.unrecognised.iter().map(|(number, text)| format!("{number:>5} | {text}\n")) }</pre>
                        </div>
                    }
                </div>
            }
        </section>
    }
}
