//! Checks the layering written down in ARCHITECTURE.md: the core names no
//! browser crate and does no I/O.

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("source directory is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn core_names_no_browser_crate_and_does_no_io() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let browser_layers = [src.join("ui"), src.join("web"), src.join("main.rs"), src.join("lib.rs")];
    let forbidden = [
        "yew",
        "web_sys",
        "gloo",
        "wasm_bindgen",
        "js_sys",
        "std::fs",
        "std::net",
        "std::process",
    ];
    let mut checked = 0;
    for file in rust_files(&src) {
        if browser_layers.iter().any(|layer| file.starts_with(layer)) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("source file is readable");
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} names `{word}`: the core must stay browser-free and pure",
                file.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 10, "expected the core's files under src/, found {checked}");
}
