//! Browser effects at the edge: download (Blob), clipboard, URL fragment,
//! storage, focus. The only users of `web_sys` besides `ui/`; every failure is
//! reported to the caller, never a panic.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Where the opt-in remembered settings live. Only `share::encode` output is
/// ever written there: no secret can reach it.
const STORAGE_KEY: &str = "registry-configurator.settings";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Offers `bytes` as a file download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| format!("Your browser refused to save {name}.");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let result = (|| {
        let anchor: web_sys::HtmlAnchorElement = document()
            .ok_or(JsValue::NULL)?
            .create_element("a")?
            .dyn_into()
            .map_err(|_| JsValue::NULL)?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        Ok::<(), JsValue>(())
    })();
    // The click has started the download; the URL can go once the event loop turns.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = window() {
        let _ = window.set_timeout_with_callback(revoke.unchecked_ref());
    }
    result.map_err(fail)
}

/// Copies `text`; when the Clipboard API is missing or refuses, selects the
/// text of the element `fallback_id` instead. `done(true)` when copied.
pub fn copy(text: &str, fallback_id: &str, done: impl FnOnce(bool) + 'static) {
    let clipboard = window().map(|window| window.navigator().clipboard());
    let Some(clipboard) = clipboard else {
        select_text(fallback_id);
        done(false);
        return;
    };
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
    let Some(document) = document() else { return };
    let Some(element) = document.get_element_by_id(id) else {
        return;
    };
    let Ok(range) = document.create_range() else { return };
    if range.select_node_contents(&element).is_err() {
        return;
    }
    if let Some(Ok(Some(selection))) = window().map(|window| window.get_selection()) {
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}

/// Moves keyboard focus to the element.
pub fn focus(id: &str) {
    if let Some(element) = document().and_then(|document| document.get_element_by_id(id))
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// The URL fragment without `#`, if any.
pub fn fragment() -> Option<String> {
    let hash = window()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash);
    (!hash.is_empty()).then(|| hash.to_owned())
}

/// Replaces the fragment without adding a history entry; `None` removes it.
/// Returns the page's full URL afterwards.
pub fn set_fragment(fragment: Option<&str>) -> Option<String> {
    let window = window()?;
    let location = window.location();
    let href = location.href().ok()?;
    let base = href.split('#').next().unwrap_or(&href).to_owned();
    let url = match fragment {
        Some(fragment) => format!("{base}#{fragment}"),
        None => base,
    };
    let history = window.history().ok()?;
    history.replace_state_with_url(&JsValue::NULL, "", Some(&url)).ok()?;
    Some(url)
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
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

/// Whether this page is the one-file offline copy (marked by the build).
pub fn is_offline_copy() -> bool {
    document()
        .and_then(|document| document.document_element())
        .is_some_and(|root| root.get_attribute("data-build").as_deref() == Some("offline"))
}

/// Records when the form became interactive, for the load-time benchmark.
pub fn mark_ready() {
    let now = window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now());
    if let (Some(now), Some(root)) = (now, document().and_then(|document| document.document_element())) {
        // Whole milliseconds through an integer: float formatting would add kilobytes.
        let _ = root.set_attribute("data-ready-at", &(now as u64).to_string());
    }
}
