//! The form: backend picker, one input per field with its help and problems,
//! and the summary of what is left to fix.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::Same;

use crate::model::BackendKind;
use crate::session::{Session, SessionAction};
use crate::settings::{Choice, FieldId, FieldKind, Need, Section};
use crate::state::Action;
use crate::validate::{Issue, Severity, choices_unavailable, forced, unavailable};
use crate::web;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub session: Same<Session>,
    pub on_action: Callback<SessionAction>,
}

#[function_component]
pub fn Form(props: &FormProps) -> Html {
    let session = &props.session;
    let draft = session.draft();
    let backend = draft.backend;
    let field = |field: FieldId| {
        html! {
            <Field key={field.name()} {field} value={draft.value(field).to_owned()}
                issues={session.issues(field).cloned().collect::<Vec<Issue>>()}
                note={draft.note(field).map(str::to_owned)} closest={session.offer(field)}
                unavailable={forced(draft, field).map(str::to_owned).or_else(|| unavailable(draft, field))}
                forced={forced(draft, field).is_some()} choices_unavailable={choices_unavailable(draft, field)}
                on_action={props.on_action.clone()} />
        }
    };
    html! {
        <section class="form" aria-labelledby="form-title">
            <h2 id="form-title" class="visually-hidden">{ "Settings" }</h2>
            <BackendPicker {backend} on_action={props.on_action.clone()} />
            <Summary session={props.session.clone()} on_action={props.on_action.clone()} />
            <fieldset class="group">
                <legend>{ format!("{} settings", backend.label()) }</legend>
                <ul class="prereq" aria-label="Before you start">
                    { for backend.prerequisites().iter().map(|item| html! { <li>{ *item }</li> }) }
                </ul>
                { for FieldId::in_section(Section::Backend(backend)).filter(|f| draft.shown(*f)).map(field) }
                if Section::ObjectStores.shown_for(backend) {
                    { for FieldId::in_section(Section::ObjectStores).filter(|f| draft.shown(*f)).map(field) }
                }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Platform" }</legend>
                { for FieldId::in_section(Section::Platform).map(field) }
            </fieldset>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PickerProps {
    backend: BackendKind,
    on_action: Callback<SessionAction>,
}

#[function_component]
fn BackendPicker(props: &PickerProps) -> Html {
    let option = |kind: BackendKind| {
        let on_action = props.on_action.clone();
        let onchange = Callback::from(move |_: Event| on_action.emit(Action::SetBackend(kind).into()));
        let id = format!("backend-{}", kind.id());
        html! {
            <label class="choice" for={id.clone()}>
                <input type="radio" name="backend" {id} value={kind.id()} checked={props.backend == kind} {onchange} />
                <span class="choice-text">
                    <strong>{ kind.label() }</strong>
                    <span class="hint">{ kind.when() }</span>
                </span>
            </label>
        }
    };
    html! {
        <fieldset class="group picker">
            <legend>{ "Where should the registry keep images?" }</legend>
            { for BackendKind::ALL.into_iter().map(option) }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    field: FieldId,
    value: String,
    /// The problems to show (empty until the field is touched).
    issues: Vec<Issue>,
    /// What normalising did to the value.
    note: Option<String>,
    /// The closest valid value to a refused one.
    closest: Option<String>,
    /// Why the field is disabled: the chosen release lacks the setting, or
    /// the files set it whatever it says (`forced`).
    unavailable: Option<String>,
    /// The files set this flag on whatever the box says: shown ticked.
    forced: bool,
    /// For a radio group: why each option the release cannot use is disabled.
    choices_unavailable: Vec<(&'static str, String)>,
    on_action: Callback<SessionAction>,
}

#[function_component]
fn Field(props: &FieldProps) -> Html {
    let field = props.field;
    let spec = field.spec();
    let revealed = use_state(|| false);
    let id = field.dom_id();
    let help_id = format!("{id}-help");
    let message_id = format!("{id}-message");
    let has_error = props.issues.iter().any(|issue| issue.severity == Severity::Error);
    let invalid = has_error.then_some("true");
    let described_by = if props.issues.is_empty() && props.note.is_none() && props.closest.is_none() {
        help_id.clone()
    } else {
        format!("{message_id} {help_id}")
    };
    let set = {
        let on_action = props.on_action.clone();
        move |value: String| on_action.emit(Action::SetField(field, value).into())
    };
    // A box or a radio is visited as soon as it changes.
    let pick = {
        let on_action = props.on_action.clone();
        move |value: String| {
            on_action.emit(Action::SetField(field, value).into());
            on_action.emit(Action::Touch(field).into());
        }
    };
    let on_blur = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: FocusEvent| on_action.emit(Action::Leave(field).into()))
    };
    let closest = props.closest.clone().map(|value| {
        let on_action = props.on_action.clone();
        let id = id.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_action.emit(SessionAction::TakeOffer(field));
            // The offer goes away with the error: the focus goes back to the input.
            web::focus(&id);
        });
        html! {
            <p class="closest" data-role="closest">
                { "Did you mean " }
                <button type="button" class="link" data-action="use-closest" {onclick}>{ value }</button>{ "?" }
            </p>
        }
    });
    // Always present, so that a message appearing never shifts (and so
    // recreates) the input before it: Yew matches unkeyed children from the end.
    let messages = html! {
        <div id={message_id.clone()} class="messages">
            { for props.issues.iter().map(|issue| {
                let class = if issue.severity == Severity::Error { "error" } else { "warning" };
                let prefix = if issue.severity == Severity::Error { "Error: " } else { "Warning: " };
                html! { <p {class}><span class="visually-hidden">{ prefix }</span>{ with_code(&issue.message) }</p> }
            }) }
            if let Some(note) = &props.note {
                <p class="note" data-role="normalized">{ with_code(note) }</p>
            }
            { closest.unwrap_or_default() }
        </div>
    };
    let disabled = props.unavailable.is_some();
    let help = html! {
        <p id={help_id} class="help">
            if let Some(note) = &props.unavailable {
                <strong class="unavailable" data-role="unavailable">{ note.clone() }</strong>{ " " }
            }
            { with_code(spec.help) }
        </p>
    };

    match spec.kind {
        FieldKind::Flag => {
            let onchange = Callback::from(move |event: Event| {
                let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
                pick(if checked { "true".into() } else { String::new() });
            });
            html! {
                <div class="field checkbox">
                    <label for={id.clone()}>
                        <input type="checkbox" {id} name={field.input_name()} checked={props.forced || props.value == "true"} {onchange} onblur={on_blur} {disabled}
                            aria-describedby={described_by} aria-invalid={invalid} />
                        { " " }{ spec.label }
                    </label>
                    { help }
                    { messages }
                </div>
            }
        }
        FieldKind::Choice(choices) => {
            let option = |choice: &Choice| {
                let pick = pick.clone();
                let value = choice.value;
                let option_id = format!("{id}-{value}");
                let why_not = props
                    .choices_unavailable
                    .iter()
                    .find(|(unavailable, _)| *unavailable == value)
                    .map(|(_, why)| why.clone());
                let disabled = disabled || why_not.is_some();
                html! {
                    <label class="choice" for={option_id.clone()}>
                        <input type="radio" id={option_id} name={field.input_name()} {value} checked={props.value == value} {disabled}
                            onchange={Callback::from(move |_: Event| pick(value.to_owned()))} />
                        <span class="choice-text">
                            <strong>{ choice.label }</strong>
                            <span class="hint">{ with_code(choice.help) }</span>
                            if let Some(why) = why_not {
                                <span class="hint unavailable" data-role="unavailable">{ why }</span>
                            }
                        </span>
                    </label>
                }
            };
            html! {
                <fieldset class={classes!("field", "choices", has_error.then_some("invalid"))} id={id.clone()}
                    aria-describedby={described_by} aria-invalid={invalid}>
                    <legend>{ spec.label }</legend>
                    { for choices.choices.iter().map(option) }
                    { messages }
                    { help }
                </fieldset>
            }
        }
        FieldKind::Text | FieldKind::Secret => {
            let on_action = props.on_action.clone();
            let oninput = Callback::from(move |event: InputEvent| {
                let value = event.target_unchecked_into::<HtmlInputElement>().value();
                match event.input_type().as_str() {
                    "insertFromPaste" | "insertFromDrop" => on_action.emit(Action::Paste(field, value).into()),
                    _ => set(value),
                }
            });
            let secret = spec.kind == FieldKind::Secret;
            let input_type = if secret && !*revealed { "password" } else { "text" };
            let reveal = secret.then(|| {
                let revealed = revealed.clone();
                let label = if *revealed { "Hide" } else { "Show" };
                html! {
                    <button type="button" class="reveal" data-action="reveal" data-for={field.input_name()}
                        aria-controls={id.clone()} aria-pressed={if *revealed { "true" } else { "false" }}
                        onclick={Callback::from(move |_: MouseEvent| revealed.set(!*revealed))}>
                        { label }
                    </button>
                }
            });
            let optional =
                (spec.need == Need::Optional).then(|| html! { <span class="optional">{ " (optional)" }</span> });
            let list_id = (!spec.suggestions.is_empty()).then(|| format!("{id}-options"));
            let datalist = list_id.clone().map(|list_id| {
                html! {
                    <datalist id={list_id}>
                        { for spec.suggestions.iter().map(|value| html! { <option value={*value} /> }) }
                    </datalist>
                }
            });
            html! {
                <div class={classes!("field", has_error.then_some("invalid"))}>
                    <label for={id.clone()}>{ spec.label }{ optional }</label>
                    <div class="input-row">
                        <input type={input_type} id={id} name={field.input_name()} value={props.value.clone()}
                            placeholder={(!spec.placeholder.is_empty()).then(|| format!("e.g. {}", spec.placeholder))} {oninput} onblur={on_blur} list={list_id} {disabled}
                            autocomplete="off" spellcheck="false" autocapitalize="off"
                            aria-describedby={described_by} aria-invalid={invalid} />
                        { reveal }
                        { datalist }
                    </div>
                    { messages }
                    { help }
                </div>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    session: Same<Session>,
    on_action: Callback<SessionAction>,
}

/// The errors of the fields the user has been to, all at once, each a link to
/// its field, and how many more wait in fields not visited yet.
#[function_component]
fn Summary(props: &SummaryProps) -> Html {
    let draft = props.session.draft();
    let (shown, waiting): (Vec<&Issue>, Vec<&Issue>) = props
        .session
        .validation()
        .errors()
        .partition(|issue| draft.touched(issue.field));
    if shown.is_empty() {
        return html! {};
    }
    let item = |issue: &Issue| {
        let field = issue.field;
        let on_action = props.on_action.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Touch(field).into());
            web::focus(&field.dom_id());
        });
        html! {
            <li>
                <button type="button" class="link" {onclick}>{ field.label() }</button>
                { ": " }{ with_code(&issue.message) }
            </li>
        }
    };
    let more = (!waiting.is_empty()).then(|| {
        let on_action = props.on_action.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_action.emit(Action::TouchAll.into()));
        let count = waiting.len();
        html! {
            <p class="more">
                { format!("…and {count} more in fields not visited yet. ") }
                <button type="button" class="link" data-action="show-all" {onclick}>{ "Show them" }</button>
            </p>
        }
    });
    let title = if shown.len() == 1 {
        "1 thing to fix".to_owned()
    } else {
        format!("{} things to fix", shown.len())
    };
    html! {
        <div class="summary" role="region" aria-labelledby="summary-title">
            <h3 id="summary-title">{ title }</h3>
            <ul>{ for shown.into_iter().map(item) }</ul>
            { more.unwrap_or_default() }
        </div>
    }
}

/// Help or message text with its `backticked` parts as code.
pub(super) fn with_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(position, part)| {
            let part = part.to_owned();
            if position % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { part }
            }
        })
        .collect()
}
