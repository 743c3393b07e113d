//! Mounts the app on the page; everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    registry_configurator::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is a browser app: build it with `trunk build --release` (see README.md).");
    std::process::exit(2);
}
