//! "What did the registry say?": paste the registry's log, kubectl, helm or
//! docker output; the session has the tools read it (`diagnose`), and this
//! lists their answer as it comes: plain text, a link to the field, a
//! one-click fix. The text stays in the session's memory only.

use yew::prelude::*;

use super::Same;

use crate::diagnose::MAX_BYTES;
use crate::session::{Session, SessionAction};
use crate::state::Action;
use crate::tools::Said;
use crate::web;

#[derive(Properties, PartialEq)]
pub struct DiagnoseProps {
    pub session: Same<Session>,
    pub on_action: Callback<SessionAction>,
}

#[function_component]
pub fn Diagnose(props: &DiagnoseProps) -> Html {
    let session = &props.session;
    let (on_input, on_paste) = super::limited_box(
        &props.on_action,
        MAX_BYTES,
        SessionAction::Diagnose,
        SessionAction::DiagnoseTooLarge,
    );
    // Every item alike: its text, and on a fix the field's link and the one-click change.
    let item = |said: &Said| {
        let link = said.field.map(|field| {
            let on_action = props.on_action.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::Touch(field).into());
                web::focus(&field.dom_id());
            });
            html! { <button type="button" class="link" data-action="diagnose-field" {onclick}>{ field.label() }</button> }
        });
        let apply = said.apply.clone().map(|(label, fix)| {
            let (on_action, field) = (props.on_action.clone(), said.field);
            let onclick = Callback::from(move |_: MouseEvent| {
                on_action.emit(SessionAction::ApplyFix(fix.clone()));
                if let Some(field) = field {
                    web::focus(&field.dom_id());
                }
            });
            html! { <button type="button" data-action="diagnose-fix" {onclick}>{ label }</button> }
        });
        html! {
            <li data-kind={said.kind.clone()} data-mode={said.mode.clone()}>{ said.text.clone() }{ " " }{ link }{ " " }{ apply }</li>
        }
    };
    let text = session.diagnose_text();
    html! {
        <section class="diagnose" aria-labelledby="diagnose-title">
            <h2 id="diagnose-title">{ "What did the registry say?" }</h2>
            <p class="hint">
                { "Paste the registry's log, kubectl, helm, docker or verify.sh output: each known problem comes with its cause and the fix for your settings. Never stored, never in a link." }
            </p>
            <textarea name="diagnose" id="diagnose-text" rows="5" spellcheck="false" aria-label="What did the registry say?"
                aria-describedby="diagnose-status" value={AttrValue::from(text.clone())} oninput={on_input} onpaste={on_paste} />
            if let Some(items) = session.diagnosis() {
                <ul class="said" id="diagnose-status" data-role="diagnosis" aria-live="polite">{ for items.iter().map(item) }</ul>
            }
        </section>
    }
}
