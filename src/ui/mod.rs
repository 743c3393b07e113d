//! Yew components: read state, dispatch actions, render. Every decision about
//! the settings is asked of the core (`field`, `validate`, `render`, `share`);
//! only view state (the open tab, a shown secret, the status line) lives here.

mod form;
mod import;
mod outputs;

use form::with_code;

use std::rc::Rc;

use yew::prelude::*;

use crate::share;
use crate::state::{Action, Draft};
use crate::validate::validate;
use crate::web;

/// Mounts the app into `<body>`.
pub fn mount() {
    yew::Renderer::<App>::new().render();
}

/// The single reducer: the draft, changed only through `Draft::apply`.
#[derive(Clone, Debug, PartialEq)]
struct Model {
    draft: Draft,
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.draft.apply(action);
        Rc::new(next)
    }
}

/// What the page starts from: a shared link wins over remembered settings.
struct Boot {
    draft: Draft,
    notice: Option<String>,
    remember: bool,
    /// The settings came from the URL fragment: keep it in step with the form.
    from_link: bool,
}

fn boot() -> Boot {
    let remembered = web::remembered();
    let remember = remembered.is_some();
    let mut notice = None;
    if let Some(fragment) = web::fragment() {
        match share::decode(&fragment) {
            Ok(loaded) => {
                let notice = loaded.notice();
                let mut draft = loaded.into_draft();
                if let Some(Ok(mine)) = remembered.as_deref().map(share::decode) {
                    share::fill_hidden(&mut draft, &mine.into_draft());
                }
                return Boot {
                    draft,
                    notice,
                    remember,
                    from_link: true,
                };
            }
            Err(error) => {
                // Say so, drop the broken fragment so a reload does not repeat
                // it, and carry on as if there had been no link.
                notice = Some(error.message());
                web::set_fragment(None);
            }
        }
    }
    let fresh = |notice, remember| Boot {
        draft: Draft::default(),
        notice,
        remember,
        from_link: false,
    };
    match remembered.as_deref().map(share::decode) {
        Some(Ok(loaded)) => Boot {
            draft: loaded.into_draft(),
            notice,
            remember,
            from_link: false,
        },
        Some(Err(_)) => {
            // Remembered settings from an older format: forget them quietly.
            web::remember(None);
            fresh(notice, false)
        }
        None => fresh(notice, remember),
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

/// What "Clear everything" wiped, for its Undo: the form, the remembered
/// settings (if any) and whether there was a link.
type Cleared = (Draft, Option<String>, bool);

#[function_component]
fn App() -> Html {
    let boot = use_memo((), |_| boot());
    let model = {
        let draft = boot.draft.clone();
        use_reducer_eq(move || Model { draft })
    };
    // Loaded settings that leave secrets to type say so.
    let notice = use_state(|| match (boot.notice.clone(), share::retype_notice(&boot.draft)) {
        (Some(notice), Some(retype)) => Some(notice + " " + &retype),
        (notice, retype) => notice.or(retype),
    });
    let imported = use_state(|| None::<Rc<crate::import::Imported>>);
    // Bumped by Clear everything: a new key gives a fresh, empty import box.
    let import_key = use_state(|| 0u32);
    let remember = use_state(|| boot.remember);
    // A page opened from a link keeps that link in step with the form, so a
    // reload never brings back settings older than the ones on screen.
    let share_link = use_state(|| {
        if boot.from_link {
            web::set_fragment(Some(&share::encode_link(&boot.draft))).unwrap_or_default()
        } else {
            String::new()
        }
    });
    let validation = use_memo(model.draft.clone(), validate);
    // The non-secret settings as text, once per change, for storage and links.
    let settings = use_memo(model.draft.clone(), share::encode);
    let cleared = use_state(|| None::<Rc<Cleared>>);
    let link_status = use_state(String::new);

    use_effect_with((), |_| web::mark_ready());
    {
        let remember = *remember;
        use_effect_with((settings.clone(), remember), move |(settings, remember)| {
            if *remember {
                web::remember(Some(settings));
            }
        });
    }
    {
        // Once shared, the link follows the form, so it never goes stale. It
        // carries only what the page shows, which changes only with `settings`.
        let share_link = share_link.clone();
        let draft = model.draft.clone();
        use_effect_with(settings.clone(), move |_| {
            if !share_link.is_empty()
                && let Some(url) = web::set_fragment(Some(&share::encode_link(&draft)))
                && url != *share_link
            {
                share_link.set(url);
            }
        });
    }

    let dispatch = {
        let model = model.clone();
        Callback::from(move |action: Action| model.dispatch(action))
    };
    let on_share = {
        let share_link = share_link.clone();
        let draft = model.draft.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(url) = web::set_fragment(Some(&share::encode_link(&draft))) {
                share_link.set(url);
            }
        })
    };
    let on_remember = {
        let remember = remember.clone();
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            if !on {
                web::remember(None);
            }
            remember.set(on);
        })
    };
    let on_clear = {
        let model = model.clone();
        let remember = remember.clone();
        let share_link = share_link.clone();
        let notice = notice.clone();
        let imported = imported.clone();
        let import_key = import_key.clone();
        let cleared = cleared.clone();
        Callback::from(move |_: MouseEvent| {
            cleared.set(Some(Rc::new((
                model.draft.clone(),
                web::remembered(),
                !share_link.is_empty(),
            ))));
            imported.set(None);
            import_key.set(*import_key + 1);
            web::remember(None);
            web::set_fragment(None);
            remember.set(false);
            share_link.set(String::new());
            notice.set(Some("Cleared the form, the remembered settings and the link.".into()));
            model.dispatch(Action::Clear);
        })
    };
    // Undo puts back the form, the remembered settings and the link, and the
    // focus where it was.
    let on_undo = {
        let model = model.clone();
        let remember = remember.clone();
        let share_link = share_link.clone();
        let cleared = cleared.clone();
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(was) = (*cleared).clone() else { return };
            let (draft, remembered, linked) = &*was;
            model.dispatch(Action::Restore(Box::new(draft.clone())));
            if remembered.is_some() {
                web::remember(remembered.as_deref());
            }
            remember.set(remembered.is_some());
            if *linked {
                share_link.set(web::set_fragment(Some(&share::encode_link(draft))).unwrap_or_default());
            }
            cleared.set(None);
            notice.set(None);
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
    let on_dismiss = {
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| notice.set(None))
    };

    html! {
        <main id="app" data-ready="true">
            <header class="masthead">
                <h1>{ "Registry backend for Astronomer Software" }</h1>
                <p class="lede">
                    { "Choose where the platform's Docker registry keeps its images, fill in the settings, and take away a checked " }
                    <code>{ "config.yaml" }</code>{ ", IAM policy and commands. Everything stays in this page: nothing you type is sent anywhere." }
                </p>
                <nav class="page-actions" aria-label="Page">
                    <button type="button" data-action="share" onclick={on_share}>{ "Share link" }</button>
                    <label class="inline">
                        <input type="checkbox" name="remember" checked={*remember} onchange={on_remember} />
                        { " Remember settings in this browser (never secrets)" }
                    </label>
                    <button type="button" class="danger" id="clear" data-action="clear" onclick={on_clear}>{ "Clear everything" }</button>
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
                if let Some(text) = (*notice).clone() {
                    <div class="notice" data-role="notice" role="status">
                        <p>{ text }</p>
                        if cleared.is_some() {
                            <button type="button" data-action="undo-clear" onclick={on_undo}>{ "Undo" }</button>
                        }
                        <button type="button" class="link" onclick={on_dismiss}>{ "Dismiss" }</button>
                    </div>
                }
            </header>
            <import::Import key={*import_key} draft={model.draft.clone()} imported={(*imported).clone()}
                on_import={{ let imported = imported.clone(); Callback::from(move |file| imported.set(file)) }} on_action={dispatch.clone()} />
            <div class="columns">
                <form::Form draft={model.draft.clone()} validation={validation.clone()} on_action={dispatch.clone()} />
                <outputs::Outputs validation={validation.clone()} imported={(*imported).clone()} on_action={dispatch} />
            </div>
        </main>
    }
}
