//! The page's Web Worker, which runs the tools (`crate::tools`): started at
//! load, sent the session's requests, its replies handed back. When the
//! browser does not start it (no `Worker`, a policy that forbids it, a worker
//! that fails to load or never answers), the same tools are loaded into the
//! page and run on its own thread, and the page says so.
//!
//! Where the worker is: `./registry-worker_loader.js` (Trunk's loader beside
//! the page), or the Blob URL offline.html makes of its inlined copy
//! (`window.registryWorkerUrl`, with the WASM in `window.registryWorkerWasm`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::session::ToolsState;
use crate::tools::{Reply, Request, decode, encode};

/// The worker's loader, beside the page.
const LOADER: &str = "./registry-worker_loader.js";
/// The worker's glue and WASM, loaded into the page when the worker does not start.
const GLUE: &str = "./registry-worker.js";
const WASM: &str = "./registry-worker_bg.wasm";
/// How long the worker may take to say it is ready.
const READY_MS: u32 = 15_000;

#[wasm_bindgen]
extern "C" {
    /// The worker glue's init (`wasm_bindgen(...)` of wasm-bindgen's
    /// no-modules output, a global of the page once its script ran).
    #[wasm_bindgen(catch, js_name = wasm_bindgen)]
    fn tools_init(options: &JsValue) -> Result<js_sys::Promise, JsValue>;

    /// The tools' `handle`, once `tools_init` has resolved.
    #[wasm_bindgen(catch, js_namespace = wasm_bindgen, js_name = handle)]
    fn tools_handle(request: &[u8]) -> Result<Vec<u8>, JsValue>;
}

/// Where the requests go.
enum Transport {
    /// The worker was made; it has not said it is ready.
    Starting(web_sys::Worker),
    Worker(web_sys::Worker),
    /// The tools are being loaded into the page.
    Loading,
    /// In the page.
    Page,
    /// Nowhere: requests are dropped.
    Failed,
}

struct Inner {
    transport: Transport,
    /// Requests made before the tools were ready, in order.
    queue: Vec<Vec<u8>>,
    on_reply: Rc<dyn Fn(Reply)>,
    on_state: Rc<dyn Fn(ToolsState)>,
    /// Kept while they may fire.
    closures: Vec<Closure<dyn FnMut(JsValue)>>,
    ready_timeout: Option<Timeout>,
}

/// The page's end of the tools.
#[derive(Clone)]
pub struct Tools(Rc<RefCell<Inner>>);

impl Tools {
    /// Starts the worker; replies and changes of where the tools run come
    /// back through the callbacks, never during this call.
    pub fn start(on_reply: impl Fn(Reply) + 'static, on_state: impl Fn(ToolsState) + 'static) -> Tools {
        let tools = Tools(Rc::new(RefCell::new(Inner {
            transport: Transport::Failed,
            queue: Vec::new(),
            on_reply: Rc::new(on_reply),
            on_state: Rc::new(on_state),
            closures: Vec::new(),
            ready_timeout: None,
        })));
        let url = global_string("registryWorkerUrl").unwrap_or_else(|| LOADER.to_owned());
        match web_sys::Worker::new(&url) {
            Ok(worker) => tools.watch(worker),
            Err(error) => {
                let why = describe(&error);
                tools.in_page(format!("this browser did not start its Web Worker ({why})"));
            }
        }
        tools
    }

    /// Sends a request, or keeps it until the tools are ready.
    pub fn send(&self, request: &Request) {
        let bytes = encode(request);
        let mut inner = self.0.borrow_mut();
        match &inner.transport {
            Transport::Worker(worker) => post(worker, &bytes),
            Transport::Page => {
                let on_reply = inner.on_reply.clone();
                drop(inner);
                answer_in_page(&bytes, &on_reply);
            }
            Transport::Starting(_) | Transport::Loading => inner.queue.push(bytes),
            Transport::Failed => {}
        }
    }

    /// Listens to a new worker: its first (empty) message says it is ready.
    fn watch(&self, worker: web_sys::Worker) {
        let on_message = {
            let tools = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let Ok(event) = event.dyn_into::<web_sys::MessageEvent>() else {
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
                if bytes.is_empty() {
                    tools.worker_ready();
                } else {
                    let on_reply = tools.0.borrow().on_reply.clone();
                    on_reply(decode(&bytes).unwrap_or_else(Reply::Failed));
                }
            })
        };
        let on_error = {
            let tools = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let message = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|event| event.message())
                    .filter(|message| !message.is_empty())
                    .unwrap_or_else(|| "it did not load".to_owned());
                tools.worker_failed(format!("its Web Worker stopped: {message}"));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let timeout = {
            let tools = self.clone();
            Timeout::new(READY_MS, move || {
                tools.worker_failed(format!("its Web Worker did not answer within {} s", READY_MS / 1000))
            })
        };
        let mut inner = self.0.borrow_mut();
        inner.closures.extend([on_message, on_error]);
        inner.ready_timeout = Some(timeout);
        inner.transport = Transport::Starting(worker);
    }

    fn worker_ready(&self) {
        let mut inner = self.0.borrow_mut();
        let Transport::Starting(worker) = &inner.transport else {
            return;
        };
        let worker = worker.clone();
        inner.ready_timeout = None;
        for bytes in inner.queue.drain(..) {
            post(&worker, &bytes);
        }
        inner.transport = Transport::Worker(worker);
        let on_state = inner.on_state.clone();
        drop(inner);
        on_state(ToolsState::Worker);
    }

    /// The worker failed: before it was ready, the tools move into the page;
    /// after, they are gone (said on the page).
    fn worker_failed(&self, why: String) {
        let mut inner = self.0.borrow_mut();
        inner.ready_timeout = None;
        let transport = std::mem::replace(&mut inner.transport, Transport::Failed);
        match transport {
            Transport::Starting(worker) => {
                worker.terminate();
                drop(inner);
                self.in_page(format!("this browser did not start its Web Worker ({why})"));
            }
            Transport::Worker(worker) => {
                worker.terminate();
                let on_state = inner.on_state.clone();
                drop(inner);
                on_state(ToolsState::Failed(why));
            }
            other => inner.transport = other,
        }
    }

    /// Loads the tools into the page: offline.html has their glue already;
    /// hosted, its script is added beside the page's.
    fn in_page(&self, why: String) {
        self.0.borrow_mut().transport = Transport::Loading;
        let wasm = global_string("registryWorkerWasm");
        if wasm.is_some() {
            self.init_in_page(why, wasm);
            return;
        }
        let Some(script) = gloo_utils::document()
            .create_element("script")
            .ok()
            .and_then(|element| element.dyn_into::<web_sys::HtmlScriptElement>().ok())
        else {
            self.fail(format!("{why}, and it could not load the tools into the page"));
            return;
        };
        let on_load = {
            let (tools, why) = (self.clone(), why.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| tools.init_in_page(why.clone(), None))
        };
        let on_error = {
            let (tools, why) = (self.clone(), why.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                tools.fail(format!("{why}, and the page could not load the tools itself"))
            })
        };
        script.set_onload(Some(on_load.as_ref().unchecked_ref()));
        script.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        script.set_src(GLUE);
        self.0.borrow_mut().closures.extend([on_load, on_error]);
        if gloo_utils::document()
            .head()
            .and_then(|head| head.append_child(&script).ok())
            .is_none()
        {
            self.fail(format!("{why}, and it could not load the tools into the page"));
        }
    }

    /// Starts the tools' WASM in the page: from `base64` (offline.html), or
    /// from the file beside the page.
    fn init_in_page(&self, why: String, base64: Option<String>) {
        let module = match base64 {
            Some(text) => match bytes_of(&text) {
                Some(bytes) => JsValue::from(js_sys::Uint8Array::from(bytes.as_slice())),
                None => return self.fail(format!("{why}, and the tools' copy in this file is damaged")),
            },
            None => JsValue::from_str(WASM),
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("module_or_path"), &module);
        let Ok(promise) = tools_init(&options) else {
            return self.fail(format!("{why}, and the page could not start the tools itself"));
        };
        let on_ready = {
            let (tools, why) = (self.clone(), why.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| tools.page_ready(why.clone()))
        };
        let on_failed = {
            let (tools, why) = (self.clone(), why.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
                tools.fail(format!(
                    "{why}, and the page could not start the tools itself ({})",
                    describe(&error)
                ))
            })
        };
        let _ = promise.then2(&on_ready, &on_failed);
        self.0.borrow_mut().closures.extend([on_ready, on_failed]);
    }

    fn page_ready(&self, why: String) {
        let mut inner = self.0.borrow_mut();
        inner.transport = Transport::Page;
        let queue = std::mem::take(&mut inner.queue);
        let (on_reply, on_state) = (inner.on_reply.clone(), inner.on_state.clone());
        drop(inner);
        on_state(ToolsState::Page(why));
        for bytes in queue {
            answer_in_page(&bytes, &on_reply);
        }
    }

    fn fail(&self, why: String) {
        let mut inner = self.0.borrow_mut();
        inner.transport = Transport::Failed;
        inner.queue.clear();
        let on_state = inner.on_state.clone();
        drop(inner);
        on_state(ToolsState::Failed(why));
    }
}

/// Posts a request to the worker, moving its bytes.
fn post(worker: &web_sys::Worker, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let buffer = array.buffer();
    let _ = worker.post_message_with_transfer(&array, &js_sys::Array::of1(&buffer));
}

/// Runs a request through the tools loaded into the page.
fn answer_in_page(bytes: &[u8], on_reply: &Rc<dyn Fn(Reply)>) {
    let reply = match tools_handle(bytes) {
        Ok(reply) => decode(&reply).unwrap_or_else(Reply::Failed),
        Err(error) => Reply::Failed(format!("The tools failed: {}.", describe(&error))),
    };
    on_reply(reply);
}

/// A string the page put on `window`, if any.
fn global_string(name: &str) -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// An error as a sentence part.
fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "no reason given".to_owned())
}

/// The bytes of base64 text (`atob`, then one byte per character).
fn bytes_of(base64: &str) -> Option<Vec<u8>> {
    let text = gloo_utils::window().atob(base64).ok()?;
    text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}
