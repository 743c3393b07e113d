//! Registry-backend configurator for Astronomer Software: a pure core that turns
//! what an admin types into validated settings and generated files, and a thin
//! Yew front end (wasm32 only) on top of it.

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
