//! Checks the layering written down in ARCHITECTURE.md: the core names no
//! browser crate, and its ban on I/O is in force.
//!
//! The ban itself is clippy's: `clippy.toml` lists the methods, types and
//! macros of the file system, the environment, the network, processes,
//! `std::io` and printing, and `scripts/test.sh` runs `cargo clippy --lib`
//! (natively exactly the core) with `-D warnings`, so any use of them in the
//! core fails the run, however it is imported. These tests keep that set-up
//! from being taken apart quietly.

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

fn repo_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// The core's source files with their text: everything under src/ but the
/// browser layers and the two crate roots.
fn core_sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let browser_layers = [src.join("ui"), src.join("web"), src.join("main.rs"), src.join("lib.rs")];
    let files: Vec<(PathBuf, String)> = rust_files(&src)
        .into_iter()
        .filter(|file| !browser_layers.iter().any(|layer| file.starts_with(layer)))
        .map(|file| {
            let text = fs::read_to_string(&file).expect("source file is readable");
            (file, text)
        })
        .collect();
    assert!(
        files.len() >= 10,
        "expected the core's files under src/, found {}",
        files.len()
    );
    files
}

#[test]
fn core_names_no_browser_crate() {
    for (file, text) in core_sources() {
        for word in ["yew", "web_sys", "gloo", "wasm_bindgen", "js_sys"] {
            assert!(
                !text.contains(word),
                "{} names `{word}`: the core must stay browser-free",
                file.display()
            );
        }
    }
}

#[test]
fn clippy_bans_each_kind_of_io() {
    let config = repo_file("clippy.toml");
    // One entry of each module and kind the ban must cover, by its exact line
    // start; the full lists are in clippy.toml.
    let required = [
        ("disallowed-methods", "std::fs::read_to_string"),
        ("disallowed-methods", "std::fs::write"),
        ("disallowed-methods", "std::env::var"),
        ("disallowed-methods", "std::process::exit"),
        ("disallowed-methods", "std::io::stdin"),
        ("disallowed-methods", "std::path::Path::exists"),
        ("disallowed-types", "std::fs::File"),
        ("disallowed-types", "std::env::Vars"),
        ("disallowed-types", "std::net::TcpStream"),
        ("disallowed-types", "std::net::UdpSocket"),
        ("disallowed-types", "std::process::Command"),
        ("disallowed-types", "std::io::Read"),
        ("disallowed-types", "std::io::Write"),
        ("disallowed-macros", "std::println"),
        ("disallowed-macros", "std::eprintln"),
    ];
    for (table, path) in required {
        let list = config
            .split(&format!("\n{table} = ["))
            .nth(1)
            .and_then(|rest| rest.split("\n]").next())
            .unwrap_or_else(|| panic!("clippy.toml has no {table} list"));
        assert!(
            list.contains(&format!("{{ path = \"{path}\",")),
            "clippy.toml's {table} lacks {path}"
        );
    }
}

#[test]
fn the_core_does_not_switch_the_ban_off_and_the_tests_run_it() {
    for (file, text) in core_sources() {
        for lint in ["disallowed_methods", "disallowed_types", "disallowed_macros"] {
            assert!(
                !text.contains(&format!("clippy::{lint}")),
                "{} mentions clippy::{lint}: the core may not allow what clippy.toml bans",
                file.display()
            );
        }
    }
    // The only other place that could: the crate root's inner attributes.
    let lib = repo_file("src/lib.rs");
    assert!(
        !lib.contains("clippy::disallowed"),
        "src/lib.rs switches a disallowed_* lint"
    );
    let script = repo_file("scripts/test.sh");
    let core_run: Vec<&str> = script
        .lines()
        .filter(|line| line.starts_with("step ") && line.contains("cargo clippy") && line.contains(" --lib "))
        .collect();
    assert_eq!(
        core_run,
        ["step \"cargo clippy (native core: no I/O)\" cargo clippy --quiet --lib -- -D warnings"],
        "scripts/test.sh must run clippy on the core with every warning an error"
    );
}

/// The packages of Cargo.lock: name -> the names of its dependencies.
fn lock_graph() -> std::collections::BTreeMap<String, Vec<String>> {
    let lock = repo_file("Cargo.lock");
    let mut graph = std::collections::BTreeMap::new();
    for package in lock.split("[[package]]").skip(1) {
        let name = package
            .lines()
            .find_map(|line| line.strip_prefix("name = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .expect("a package has a name")
            .to_owned();
        let dependencies = package
            .split("dependencies = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.trim().strip_prefix('"'))
            .map(|entry| entry.split([' ', '"']).next().unwrap_or_default().to_owned())
            .collect();
        graph
            .entry(name)
            .or_insert_with(Vec::new)
            .extend::<Vec<String>>(dependencies);
    }
    graph
}

/// YAML crates as ARCHITECTURE.md allows them in the page: `saphyr-parser`,
/// the event reader of `import/`, and no writer.
const PAGE_YAML_CRATES: [&str; 1] = ["saphyr-parser"];

#[test]
fn no_yaml_crate_but_the_import_parser_reaches_the_wasm() {
    // The dev-dependencies (serde_yaml reads the output in tests) never reach
    // the page; everything else the package depends on may.
    let manifest = repo_file("Cargo.toml");
    let dev: Vec<&str> = manifest
        .split("\n[dev-dependencies]\n")
        .nth(1)
        .expect("Cargo.toml has dev-dependencies")
        .lines()
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim()))
        .collect();
    assert!(dev.contains(&"serde_yaml"), "{dev:?}");
    let graph = lock_graph();
    let mut reached: Vec<&str> = Vec::new();
    let mut todo: Vec<&str> = graph["registry-configurator"]
        .iter()
        .map(String::as_str)
        .filter(|name| !dev.contains(name))
        .collect();
    while let Some(name) = todo.pop() {
        if reached.contains(&name) {
            continue;
        }
        reached.push(name);
        todo.extend(graph.get(name).into_iter().flatten().map(String::as_str));
    }
    assert!(
        reached.contains(&"yew") && reached.contains(&"serde_json"),
        "{reached:?}"
    );
    let yaml: Vec<&&str> = reached
        .iter()
        .filter(|name| (name.contains("yaml") || name.contains("saphyr")) && !PAGE_YAML_CRATES.contains(name))
        .collect();
    assert!(yaml.is_empty(), "YAML crates among the page's dependencies: {yaml:?}");
}

#[test]
fn source_files_are_sized_by_what_they_hold() {
    // A file over 800 lines holds more than one thing: split it by owner.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    assert!(files.len() > 20, "{files:?}");
    for file in files {
        let lines = fs::read_to_string(&file)
            .expect("source file is readable")
            .lines()
            .count();
        assert!(lines <= 800, "{} has {lines} lines", file.display());
    }
}
