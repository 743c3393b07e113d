//! The page's Web Worker (`registry-worker`): the tools the first screen does
//! not need (`tools`: import, lint, files), answering the page's requests.
//! It says it is ready with an empty message, then answers each request
//! (`tools::wire` bytes) with one reply. Loaded into the page itself instead, when
//! a browser does not start workers, it only exports [`handle`] for the page
//! to call.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::cell::RefCell;

    use registry_configurator::tools::Tools;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// The worker is single-threaded (no wasm threads), which
    /// `AssumeSingleThreaded` relies on.
    #[global_allocator]
    static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
        unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

    thread_local! {
        static TOOLS: RefCell<Tools> = RefCell::new(Tools::default());
    }

    /// Answers one request (a bincode message) with its reply.
    #[wasm_bindgen]
    pub fn handle(request: &[u8]) -> Vec<u8> {
        TOOLS.with(|tools| tools.borrow_mut().handle_bytes(request))
    }

    /// In a worker: answer every message, and say so with an empty one.
    pub fn start() {
        let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
            // Loaded into the page itself: the page calls `handle`.
            return;
        };
        let reply_to = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let request = js_sys::Uint8Array::new(&event.data()).to_vec();
            let reply = js_sys::Uint8Array::from(handle(&request).as_slice());
            let buffer = reply.buffer();
            // Moved, not copied: the reply can be large (every file and the zip).
            let _ = reply_to.post_message_with_transfer(&reply, &js_sys::Array::of1(&buffer));
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let _ = scope.post_message(&js_sys::Uint8Array::new_with_length(0));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    wasm::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the page's Web Worker: build it with `trunk build --release` (see README.md).");
    std::process::exit(2);
}
