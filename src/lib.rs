//! Registry-backend configurator for Astronomer Software: a pure core that turns
//! what an admin types into validated settings and generated files, and a thin
//! Yew front end (wasm32 only) on top of it.

/// A value's or a field's message: what the page shows at a field. The
/// worker's build (the `worker` feature) never shows one: the page checks the
/// form itself and the worker only needs to know whether a value is valid.
/// There it is an empty string, and the sentences are left out of the
/// worker's WASM (about 9 KB gzipped of its download). The arguments are
/// type-checked in both builds.
macro_rules! say {
    ($($arg:tt)*) => {{
        #[cfg(not(feature = "worker"))]
        let sentence = format!($($arg)*);
        #[cfg(feature = "worker")]
        let sentence = {
            let _unsaid = || format!($($arg)*);
            String::new()
        };
        sentence
    }};
}

pub mod diagnose;
pub mod import;
pub mod model;
pub mod normalize;
pub mod render;
pub mod session;
pub mod settings;
pub mod share;
pub mod state;
pub mod tools;
pub mod validate;
pub mod yaml11;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
