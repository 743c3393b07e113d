//! Yew components: read the session, dispatch its actions, render. Every
//! decision is the core's (`session`, and through it `validate`, `share`,
//! `import`); the browser effects run in `use_effect_with` from what the
//! session says; only view state (the open tab, a shown secret, the status
//! lines, the page's URL) lives here.

mod diagnose;
mod form;
mod import;
mod outputs;

use form::with_code;

use std::rc::Rc;

use yew::prelude::*;

use crate::session::{Session, SessionAction, ToolsState};
use crate::web;

/// Mounts the app into `<body>`.
pub fn mount() {
    yew::Renderer::<App>::new().render();
}

/// The single reducer: the session, changed only through `Session::apply`.
/// Kept behind an `Rc` so the components get it without a copy.
struct Model(Rc<Session>);

/// A shared value compared by identity. The session makes a new one whenever
/// it changes, so a new address is all a re-render needs to know: no deep
/// comparison of the session, its validation or its files (their derived
/// comparisons cost the page's WASM kilobytes).
pub(crate) struct Same<T>(pub Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Same<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl Reducible for Model {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self.0).clone();
        next.apply(action);
        Rc::new(Model(Rc::new(next)))
    }
}

/// Copies `text` and says so in `status`: `copied` when it worked, else that
/// the element `id` is selected, to copy by hand.
fn copy_saying(text: &str, id: &str, status: UseStateHandle<String>, copied: String) {
    web::copy(text, id, move |done| {
        status.set(if done {
            copied
        } else {
            "The clipboard is not available here: it is selected, press Ctrl+C (or Cmd+C) to copy it.".into()
        })
    });
}

/// A text box's input and paste handlers that refuse more than `limit`
/// (UTF-16 units, never more than UTF-8 bytes) before its text is copied:
/// `take` the text, or `refuse` its size. A paste over the limit never
/// reaches the box (setting megabytes into it takes the browser seconds).
fn limited_box(
    on_action: &Callback<SessionAction>,
    limit: usize,
    take: fn(String) -> SessionAction,
    refuse: fn(usize) -> SessionAction,
) -> (Callback<InputEvent>, Callback<Event>) {
    let on_input = {
        let on_action = on_action.clone();
        Callback::from(move |event: InputEvent| {
            let area = event.target_unchecked_into::<web_sys::HtmlTextAreaElement>();
            let units = area.text_length() as usize;
            on_action.emit(if units > limit {
                refuse(units)
            } else {
                take(area.value())
            })
        })
    };
    let on_paste = {
        let on_action = on_action.clone();
        Callback::from(move |event: Event| {
            if let Some(units) = web::pasted_length(&event).filter(|units| *units > limit) {
                event.prevent_default();
                on_action.emit(refuse(units));
            }
        })
    };
    (on_input, on_paste)
}

#[function_component]
fn App() -> Html {
    let model = use_reducer(|| {
        let mut session = Session::default();
        session.apply(SessionAction::Boot {
            fragment: web::fragment(),
            remembered: web::remembered(),
        });
        Model(Rc::new(session))
    });
    let session = model.0.clone();
    // The page's URL once its fragment is set: where the share link points.
    let share_link = use_state_eq(String::new);
    let link_status = use_state(String::new);

    use_effect_with((), |_| web::mark_ready());
    // The tools (import, lint, files) in the page's worker, started at load;
    // they get a request whenever its generation changes, and their replies
    // and where they run come back as actions.
    let tools = use_mut_ref(|| None::<web::tools::Tools>);
    {
        let tools = tools.clone();
        let dispatcher = model.dispatcher();
        use_effect_with((), move |_| {
            let on_state = dispatcher.clone();
            *tools.borrow_mut() = Some(web::tools::Tools::start(
                move |reply| dispatcher.dispatch(SessionAction::Reply(reply)),
                move |state| on_state.dispatch(SessionAction::Tools(state)),
            ));
        });
    }
    let (import_id, draft_id) = session.generations();
    {
        let (tools, session) = (tools.clone(), session.clone());
        use_effect_with(import_id, move |_| {
            if let Some(tools) = tools.borrow().as_ref() {
                tools.send(&session.import_request());
            }
        });
    }
    {
        let (tools, session) = (tools.clone(), session.clone());
        use_effect_with(draft_id, move |_| {
            if let Some(tools) = tools.borrow().as_ref() {
                tools.send(&session.draft_request());
            }
        });
    }
    {
        // The pasted output goes to the tools only, whenever it or the form changes.
        let (tools, session) = (tools.clone(), session.clone());
        use_effect_with(session.diagnose_generation(), move |_| {
            if let (Some(tools), Some(request)) = (tools.borrow().as_ref(), session.diagnose_request()) {
                tools.send(&request);
            }
        });
    }
    // Storage holds what the session says: the settings, or nothing.
    use_effect_with(session.remembered_text(), |text| web::remember(text.as_deref()));
    // A reload or Back would lose work this browser does not keep: the
    // browser asks first.
    use_effect_with(session.unsaved(), |unsaved| web::confirm_leaving(*unsaved));
    {
        // The fragment follows the session: set on every Share and change of
        // what the page shows, dropped when there is no link (a broken one
        // included), so a reload never brings back stale settings.
        let share_link = share_link.clone();
        use_effect_with((session.link(), session.shares()), move |(link, _)| match link {
            Some(fragment) => share_link.set(web::set_fragment(Some(fragment)).unwrap_or_default()),
            None => {
                if web::fragment().is_some() {
                    web::set_fragment(None);
                }
                share_link.set(String::new());
            }
        });
    }

    let dispatch = {
        let model = model.clone();
        Callback::from(move |action: SessionAction| model.dispatch(action))
    };
    let send = |action: SessionAction| {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| model.dispatch(action.clone()))
    };
    let on_remember = {
        let model = model.clone();
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            model.dispatch(SessionAction::SetRemember(on));
        })
    };
    // Undo puts the focus back where it was.
    let on_undo = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            model.dispatch(SessionAction::Undo);
            web::focus("clear");
        })
    };
    let offline = web::is_offline_copy();
    // From disk the link is a file on this machine: share the settings as text.
    let link_text = if offline {
        share_link
            .find('#')
            .map_or_else(String::new, |at| share_link[at..].to_owned())
    } else {
        (*share_link).clone()
    };
    let on_copy_link = {
        let link_status = link_status.clone();
        let text = link_text.clone();
        Callback::from(move |_: MouseEvent| copy_saying(&text, "share-link", link_status.clone(), "Copied.".into()))
    };

    html! {
        <main id="app" data-ready="true" data-tools={match session.tools() {
            ToolsState::Starting => "starting",
            ToolsState::Worker => "worker",
            ToolsState::Page => "page",
            ToolsState::Failed => "failed",
        }}>
            <header class="masthead">
                <h1>{ "Registry backend for Astronomer Software" }</h1>
                <p class="lede">
                    { "Choose where the platform's Docker registry keeps its images, fill in the settings, and take away a checked " }
                    <code>{ "config.yaml" }</code>{ ", IAM policy and commands. Everything stays in this page: nothing you type is sent anywhere." }
                </p>
                <nav class="page-actions" aria-label="Page">
                    <button type="button" data-action="share" onclick={send(SessionAction::Share)}>{ "Share link" }</button>
                    <label class="inline">
                        <input type="checkbox" name="remember" checked={session.remembers()} onchange={on_remember} />
                        { " Remember settings in this browser (never secrets)" }
                    </label>
                    <button type="button" class="danger" id="clear" data-action="clear" onclick={send(SessionAction::Clear)}>{ "Clear everything" }</button>
                    if offline {
                        <span class="hint" data-role="offline-copy">{ "Offline copy: works from disk, with no network." }</span>
                    } else {
                        <a data-action="offline" href="offline.html" download="registry-configurator.html">{ "Download for offline use" }</a>
                    }
                </nav>
                if !share_link.is_empty() {
                    <p class="share">
                        <label for="share-link">{ if offline {
                            "This offline copy is a file on this computer, so a link to it works only here. Share these settings instead (never secrets): add them to the address of any copy of the configurator, hosted or offline, and it opens with them."
                        } else {
                            "Link with your non-secret settings (secrets are never in it):"
                        } }</label>
                        <input id="share-link" name="shareLink" readonly=true value={link_text} />
                        <button type="button" data-action="copy-link" onclick={on_copy_link}>{ "Copy" }</button>
                        <span class="hint" role="status">{ (*link_status).clone() }</span>
                    </p>
                }
                if let Some(text) = session.notice() {
                    <div class="notice" data-role="notice" role="status">
                        <p>{ text.to_owned() }</p>
                        if session.undo_offered() {
                            <button type="button" data-action="undo-clear" onclick={on_undo}>{ "Undo" }</button>
                        }
                        <button type="button" class="link" onclick={send(SessionAction::Dismiss)}>{ "Dismiss" }</button>
                    </div>
                }
            </header>
            <import::Import key={session.import_key()} session={Same(session.clone())} on_action={dispatch.clone()} />
            <diagnose::Diagnose session={Same(session.clone())} on_action={dispatch.clone()} />
            <div class="columns">
                <form::Form session={Same(session.clone())} on_action={dispatch.clone()} />
                <outputs::Outputs validation={Same(session.validation().clone())} files={session.files().map(|(files, fresh)| (Same(files), fresh))} tools={session.tools().clone()} refused={session.import_refused()} on_action={dispatch} />
            </div>
        </main>
    }
}
