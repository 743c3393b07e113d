//! Browser effects at the edge: download, clipboard, URL fragment, storage,
//! focus. The only users of the browser crates besides `ui/`; every failure is
//! reported to the caller, never a panic.
//!
//! Which crate does what:
//! - `gloo_utils`: the window, the document and its root element. They throw
//!   only when missing, which cannot happen in a page (only in a worker).
//! - `gloo_file`: the Blob and its object URL for [`download`], revoked when the
//!   `ObjectUrl` drops; `gloo_timers` drops it once the event loop turns.
//! - `web_sys` for the rest: where gloo has nothing (clipboard, selection,
//!   focus, the ready mark) and where its calls throw instead of reporting
//!   (`window.history`, local storage: see `storage`).

pub mod tools;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Where the opt-in remembered settings live. Only `share::encode` output is
/// ever written there: no secret can reach it.
const STORAGE_KEY: &str = "registry-configurator.settings";

/// Offers `bytes` as a file download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    // `new Blob` of bytes with a type and `URL.createObjectURL` of a Blob cannot
    // throw in a page, so the `unwrap_throw` inside gloo_file never fires.
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(bytes, Some(mime)));
    let anchor = gloo_utils::document()
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(anchor) = &anchor {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    // The click has started the download; dropping the last `ObjectUrl`
    // revokes the URL, once the event loop turns.
    gloo_timers::callback::Timeout::new(0, move || drop(url)).forget();
    match anchor {
        Some(_) => Ok(()),
        None => Err(format!("Your browser refused to save {name}.")),
    }
}

/// Copies `text`; when the Clipboard API is missing or refuses, selects the
/// text of the element `fallback_id` instead. `done(true)` when copied.
pub fn copy(text: &str, fallback_id: &str, done: impl FnOnce(bool) + 'static) {
    // `navigator.clipboard` is undefined outside secure contexts (plain http).
    let clipboard = gloo_utils::window().navigator().clipboard();
    if clipboard.is_undefined() {
        select_text(fallback_id);
        done(false);
        return;
    }
    let fallback_id = fallback_id.to_owned();
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let on_ok = {
        let done = done.clone();
        Closure::once(move |_: JsValue| {
            if let Some(done) = done.take() {
                done(true);
            }
        })
    };
    let on_err = Closure::once(move |_: JsValue| {
        select_text(&fallback_id);
        if let Some(done) = done.take() {
            done(false);
        }
    });
    let _ = clipboard.write_text(text).then2(&on_ok, &on_err);
    // The promise settles later; the two small closures live until then.
    on_ok.forget();
    on_err.forget();
}

/// Selects all text inside the element, so the user can copy it by hand.
pub fn select_text(id: &str) {
    let document = gloo_utils::document();
    let Some(element) = document.get_element_by_id(id) else {
        return;
    };
    // A text input's value is not in a range: select it as the input's own.
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.select();
        return;
    }
    let Ok(range) = document.create_range() else { return };
    if range.select_node_contents(&element).is_err() {
        return;
    }
    if let Ok(Some(selection)) = gloo_utils::window().get_selection() {
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}

/// Moves keyboard focus to the element.
pub fn focus(id: &str) {
    if let Some(element) = gloo_utils::document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// The URL fragment without `#`, if any.
pub fn fragment() -> Option<String> {
    let hash = gloo_utils::window().location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash);
    (!hash.is_empty()).then(|| hash.to_owned())
}

/// Replaces the fragment without adding a history entry; `None` removes it.
/// Returns the page's full URL afterwards.
pub fn set_fragment(fragment: Option<&str>) -> Option<String> {
    let window = gloo_utils::window();
    let href = window.location().href().ok()?;
    let base = href.split('#').next().unwrap_or(&href).to_owned();
    let url = match fragment {
        Some(fragment) => format!("{base}#{fragment}"),
        None => base,
    };
    // Not `gloo_utils::history()`: it throws where `window.history` does.
    let history = window.history().ok()?;
    history.replace_state_with_url(&JsValue::NULL, "", Some(&url)).ok()?;
    Some(url)
}

/// Local storage, or `None` where the browser withholds it (site data
/// blocked, sandboxed frame): `window.localStorage` then throws or is null.
///
/// Not `gloo_storage::LocalStorage`: every one of its calls goes through
/// `LocalStorage::raw()`, which throws in exactly that case, and this runs at
/// start-up. Its `get`/`set` would also store JSON (`"v=1&…"`), which the
/// plain text remembered so far does not decode as. So the value stays the
/// plain `share::encode` text, read and written as is; text that
/// `share::decode` refuses, the session forgets quietly.
fn storage() -> Option<web_sys::Storage> {
    gloo_utils::window().local_storage().ok()?
}

/// The remembered settings, if the user opted in earlier.
pub fn remembered() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Remembers settings (already free of secrets) or forgets them with `None`.
pub fn remember(settings: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match settings {
            Some(settings) => storage.set_item(STORAGE_KEY, settings),
            None => storage.remove_item(STORAGE_KEY),
        };
    }
}

thread_local! {
    /// The page's `beforeunload` handler: the browser asks before leaving.
    /// Of the closure type `web::tools` already has, which shares its glue.
    static CONFIRM_LEAVING: Closure<dyn FnMut(JsValue)> =
        Closure::new(|event: JsValue| event.unchecked_into::<web_sys::Event>().prevent_default());
}

/// Whether leaving or reloading the page asks first (the browser's own
/// prompt): while the form holds work this browser does not keep.
pub fn confirm_leaving(on: bool) {
    CONFIRM_LEAVING.with(|handler| {
        gloo_utils::window().set_onbeforeunload(on.then(|| handler.as_ref().unchecked_ref()));
    });
}

/// Whether this page is the one-file offline copy (marked by the build).
pub fn is_offline_copy() -> bool {
    gloo_utils::document_element().get_attribute("data-build").as_deref() == Some("offline")
}

/// Records when the form became interactive, for the load-time benchmark.
pub fn mark_ready() {
    if let Some(performance) = gloo_utils::window().performance() {
        // Whole milliseconds through an integer: float formatting would add kilobytes.
        let now = performance.now() as u64;
        let _ = gloo_utils::document_element().set_attribute("data-ready-at", &now.to_string());
    }
}

thread_local! {
    /// The file being read: dropping gloo's reader would abort the read.
    static READING: std::cell::RefCell<Option<gloo_file::callbacks::FileReader>> = const { std::cell::RefCell::new(None) };
}

/// Reads a file the user opened or dropped as text; refuses, unread, one
/// larger than `limit` bytes.
pub fn read_file(file: web_sys::File, limit: usize, done: yew::Callback<Result<String, String>>) {
    let size = file.size();
    if size > limit as f64 {
        done.emit(Err(format!(
            "{} is {} KB; a platform config.yaml is a few KB, and this page reads files up to {} KB.",
            file.name(),
            size as u64 / 1000,
            limit / 1000
        )));
        return;
    }
    let name = file.name();
    let reader = gloo_file::callbacks::read_as_text(&gloo_file::File::from(file), move |result| {
        READING.with(|reading| reading.borrow_mut().take());
        done.emit(result.map_err(|_| format!("Your browser could not read {name}.")));
    });
    READING.with(|reading| *reading.borrow_mut() = Some(reader));
}

/// The length, in UTF-16 units, of the text a paste carries, read without
/// copying the text out of the browser (`clipboardData.getData('text')`).
pub fn pasted_length(event: &web_sys::Event) -> Option<usize> {
    let data = js_sys::Reflect::get(event, &JsValue::from_str("clipboardData")).ok()?;
    let get = js_sys::Reflect::get(&data, &JsValue::from_str("getData")).ok()?;
    let text = get
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call1(&data, &JsValue::from_str("text"))
        .ok()?;
    Some(text.dyn_into::<js_sys::JsString>().ok()?.length() as usize)
}

/// The first file of a drop, if the drop holds one. Read through
/// `dataTransfer.files` by name: web-sys's DataTransfer binding is not
/// compiled in.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    let transfer = js_sys::Reflect::get(event, &JsValue::from_str("dataTransfer")).ok()?;
    let files = js_sys::Reflect::get(&transfer, &JsValue::from_str("files")).ok()?;
    files.dyn_into::<web_sys::FileList>().ok()?.get(0)
}
