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
    /// Not ready yet (the worker starting, or the tools loading into the
    /// page): requests wait, in order.
    Waiting(Vec<Vec<u8>>),
    Worker(web_sys::Worker),
    Page,
    /// Nowhere: requests are dropped.
    Failed,
}

struct Inner {
    transport: Transport,
    /// The worker while it starts, to stop it if it fails.
    starting: Option<web_sys::Worker>,
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
            transport: Transport::Waiting(Vec::new()),
            starting: None,
            on_reply: Rc::new(on_reply),
            on_state: Rc::new(on_state),
            closures: Vec::new(),
            ready_timeout: None,
        })));
        let url = global_string("registryWorkerUrl").unwrap_or_else(|| "./registry-worker_loader.js".into());
        match web_sys::Worker::new(&url) {
            Ok(worker) => tools.watch(worker),
            Err(_) => tools.in_page(),
        }
        tools
    }

    /// Sends a request, or keeps it until the tools are ready.
    pub fn send(&self, request: &Request) {
        let bytes = encode(request);
        if let Transport::Waiting(queue) = &mut self.0.borrow_mut().transport {
            queue.push(bytes);
            return;
        }
        self.send_bytes(bytes);
    }

    fn keep(&self, closure: Closure<dyn FnMut(JsValue)>) -> js_sys::Function {
        let function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
        self.0.borrow_mut().closures.push(closure);
        function
    }

    /// Listens to a new worker: its first (empty) message says it is ready;
    /// an error or silence before that moves the tools into the page.
    fn watch(&self, worker: web_sys::Worker) {
        let tools = self.clone();
        let on_message = self.keep(Closure::new(move |event: JsValue| {
            let data = event.unchecked_into::<web_sys::MessageEvent>().data();
            let bytes = js_sys::Uint8Array::new(&data).to_vec();
            if bytes.is_empty() {
                let starting = tools.0.borrow_mut().starting.take();
                if let Some(worker) = starting {
                    tools.ready(Transport::Worker(worker));
                }
            } else {
                let on_reply = tools.0.borrow().on_reply.clone();
                on_reply(decode(&bytes).unwrap_or_else(Reply::Failed));
            }
        }));
        let tools = self.clone();
        let on_error = self.keep(Closure::new(move |_| tools.worker_failed()));
        worker.set_onmessage(Some(&on_message));
        worker.set_onerror(Some(&on_error));
        let tools = self.clone();
        let timeout = Timeout::new(READY_MS, move || tools.worker_failed());
        let mut inner = self.0.borrow_mut();
        inner.ready_timeout = Some(timeout);
        inner.starting = Some(worker);
    }

    /// The tools answer: send what waited, and say where they run.
    fn ready(&self, transport: Transport) {
        let mut inner = self.0.borrow_mut();
        inner.ready_timeout = None;
        let state = match &transport {
            Transport::Worker(_) => ToolsState::Worker,
            Transport::Page | Transport::Waiting(_) | Transport::Failed => ToolsState::Page,
        };
        let Transport::Waiting(queue) = std::mem::replace(&mut inner.transport, transport) else {
            return;
        };
        let on_state = inner.on_state.clone();
        drop(inner);
        on_state(state);
        for bytes in queue {
            self.send_bytes(bytes);
        }
    }

    fn send_bytes(&self, bytes: Vec<u8>) {
        let inner = self.0.borrow();
        match &inner.transport {
            Transport::Worker(worker) => post(worker, &bytes),
            Transport::Page => {
                let on_reply = inner.on_reply.clone();
                drop(inner);
                answer_in_page(&bytes, &on_reply);
            }
            Transport::Waiting(_) | Transport::Failed => {}
        }
    }

    /// The worker failed: before it was ready, the tools move into the page;
    /// after, they are gone (said on the page).
    fn worker_failed(&self) {
        let mut inner = self.0.borrow_mut();
        inner.ready_timeout = None;
        if let Some(worker) = inner.starting.take() {
            worker.terminate();
            drop(inner);
            self.in_page();
        } else if let Transport::Worker(worker) = &inner.transport {
            worker.terminate();
            drop(inner);
            self.fail();
        }
    }

    /// Loads the tools into the page and starts them: offline.html has their
    /// glue and WASM already; hosted, the glue is added beside the page's
    /// script and fetches the WASM file beside it.
    fn in_page(&self) {
        let tools = self.clone();
        let init = self.keep(Closure::new(move |_| {
            let module = match global_string("registryWorkerWasm") {
                Some(base64) => bytes_of(&base64).map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into()),
                None => Some(JsValue::from_str("./registry-worker_bg.wasm")),
            };
            let options = js_sys::Object::new();
            let started = module
                .filter(|module| js_sys::Reflect::set(&options, &"module_or_path".into(), module).is_ok())
                .and_then(|_| tools_init(&options).ok());
            match started {
                Some(promise) => {
                    let (ok, failed) = (tools.clone(), tools.clone());
                    let on_ready = Closure::new(move |_| ok.ready(Transport::Page));
                    let on_failed = Closure::new(move |_| failed.fail());
                    let _ = promise.then2(&on_ready, &on_failed);
                    tools.keep(on_ready);
                    tools.keep(on_failed);
                }
                None => tools.fail(),
            }
        }));
        if global_string("registryWorkerWasm").is_some() {
            let _ = init.call0(&JsValue::NULL);
            return;
        }
        let tools = self.clone();
        let on_error = self.keep(Closure::new(move |_| tools.fail()));
        let document = gloo_utils::document();
        let script = document
            .create_element("script")
            .ok()
            .map(JsCast::unchecked_into::<web_sys::HtmlScriptElement>);
        let added = script.filter(|script| {
            script.set_onload(Some(&init));
            script.set_onerror(Some(&on_error));
            script.set_src("./registry-worker.js");
            document
                .head()
                .and_then(|head| head.append_child(script).ok())
                .is_some()
        });
        if added.is_none() {
            self.fail();
        }
    }

    /// Nowhere to run: requests are dropped, and the page says so.
    fn fail(&self) {
        let mut inner = self.0.borrow_mut();
        inner.transport = Transport::Failed;
        let on_state = inner.on_state.clone();
        drop(inner);
        on_state(ToolsState::Failed);
    }
}

/// Posts a request to the worker, moving its bytes.
fn post(worker: &web_sys::Worker, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let _ = worker.post_message_with_transfer(&array, &js_sys::Array::of1(&array.buffer()));
}

/// Runs a request through the tools loaded into the page.
fn answer_in_page(bytes: &[u8], on_reply: &Rc<dyn Fn(Reply)>) {
    let reply = tools_handle(bytes)
        .map_err(|_| "The page's tools stopped.".to_owned())
        .and_then(|reply| decode(&reply));
    on_reply(reply.unwrap_or_else(Reply::Failed));
}

/// A string the page put on `window`, if any.
fn global_string(name: &str) -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// The bytes of base64 text (`atob`, then one byte per character).
fn bytes_of(base64: &str) -> Option<Vec<u8>> {
    let text = gloo_utils::window().atob(base64).ok()?;
    text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}
