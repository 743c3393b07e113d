//! Checks the layering written down in ARCHITECTURE.md: each module names
//! only the modules below it, the core names no browser crate, and its ban on
//! I/O is in force.
//!
//! The allowed imports are one table, [`LAYERS`]: a test reads every
//! `crate::<module>` path of the non-test code under `src/` and fails on any
//! other.
//!
//! The ban itself is clippy's: `clippy.toml` lists the methods, types and
//! macros of the file system, the environment, the network, processes,
//! `std::io` and printing, and `scripts/test.sh` runs `cargo clippy --lib`
//! (natively exactly the core) with `-D warnings`, so any use of them in the
//! core fails the run, however it is imported. These tests keep that set-up
//! from being taken apart quietly.

use std::fs;
use std::path::{Path, PathBuf};

/// The layers of `src/`, bottom to top: each top-level module (a file or a
/// directory of `src/`; the crate roots `lib.rs`, `main.rs` and `worker.rs` are exempt) with
/// the top-level modules its non-test code may name as `crate::<module>`.
///
/// A module may only allow modules listed before it, so the arrows point down
/// and the table has no cycle; a module of `src/` missing from the table fails
/// the test. There are no exceptions.
const LAYERS: &[(&str, &[&str])] = &[
    ("yaml11", &[]),
    ("model", &["yaml11"]),
    ("normalize", &["model"]),
    ("settings", &["model", "normalize", "yaml11"]),
    ("state", &["settings", "normalize", "model"]),
    ("validate", &["state", "settings", "model"]),
    ("share", &["validate", "state", "settings", "model"]),
    ("import", &["state", "settings", "model", "yaml11"]),
    // What the registry's, kubectl's, helm's or docker's output means: one
    // table of failure modes, read by the tools and by render's verify.sh.
    ("diagnose", &["import", "validate", "state", "settings", "model"]),
    ("render", &["diagnose", "settings", "model", "yaml11"]),
    // What the page's worker runs (import, lint, files, normalising), and the
    // messages to and from it.
    (
        "tools",
        &[
            "render",
            "diagnose",
            "import",
            "validate",
            "state",
            "settings",
            "model",
            "normalize",
        ],
    ),
    // The page's state: it names the tools' messages, never their work.
    (
        "session",
        &[
            "tools",
            "render",
            "diagnose",
            "import",
            "share",
            "validate",
            "state",
            "settings",
            "model",
            "normalize",
        ],
    ),
    // Browser effects: any module of the core.
    (
        "web",
        &[
            "session",
            "tools",
            "render",
            "diagnose",
            "import",
            "share",
            "validate",
            "state",
            "settings",
            "normalize",
            "model",
            "yaml11",
        ],
    ),
    // The components: everything.
    (
        "ui",
        &[
            "web",
            "session",
            "tools",
            "render",
            "diagnose",
            "import",
            "share",
            "validate",
            "state",
            "settings",
            "normalize",
            "model",
            "yaml11",
        ],
    ),
];

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
/// browser layers and the crate roots (the library, the page's binary and
/// its worker's, `worker.rs`).
fn core_sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let browser_layers = [
        src.join("ui"),
        src.join("web"),
        src.join("main.rs"),
        src.join("worker.rs"),
        src.join("lib.rs"),
    ];
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

/// The row of `module` in [`LAYERS`] and what it allows.
fn layer(module: &str) -> Option<(usize, &'static [&'static str])> {
    LAYERS
        .iter()
        .position(|(name, _)| *name == module)
        .map(|at| (at, LAYERS[at].1))
}

#[test]
fn the_layers_table_is_ordered_bottom_to_top() {
    for (at, (module, allowed)) in LAYERS.iter().enumerate() {
        assert_eq!(
            layer(module).map(|(first, _)| first),
            Some(at),
            "LAYERS lists {module} twice"
        );
        for below in *allowed {
            let position = layer(below).map(|(position, _)| position);
            assert!(
                position.is_some_and(|position| position < at),
                "LAYERS: {module} allows {below}, which is not listed before it: a module may only allow the \
                 modules below it, or the table has a cycle"
            );
        }
    }
}

/// The top-level module `file` belongs to: `src/model/values/aws.rs` is in
/// `model`, `src/state.rs` in `state`; `None` for the crate roots.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).expect("the file is under src/");
    let mut parts = relative.components();
    let first = parts.next()?.as_os_str().to_str()?;
    if parts.next().is_some() {
        return Some(first.to_owned());
    }
    match first.strip_suffix(".rs") {
        Some("lib" | "main" | "worker") | None => None,
        Some(module) => Some(module.to_owned()),
    }
}

/// `text` with comments and the contents of string and character literals
/// replaced by spaces, line breaks kept: what is left is code, at its place.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && starts_token(&chars[..i]) {
            // A raw string: r"...", r#"..."#, br"...".
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            out.push_str(&" ".repeat(2 + hashes));
            i += 2 + hashes;
            while i < chars.len() && !chars[i..].starts_with(&close) {
                out.push(blank(chars[i]));
                i += 1;
            }
            out.push_str(&" ".repeat(close.len()));
            i += close.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let skip = if chars[i] == '\\' { 2 } else { 1 };
                for &skipped in chars.iter().skip(i).take(skip) {
                    out.push(blank(skipped));
                }
                i += skip;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal; a lifetime (`'a`) is left as code.
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                let skip = if chars[i] == '\\' { 2 } else { 1 };
                out.push_str(&" ".repeat(skip));
                i += skip;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether `c` can be part of an identifier.
fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether what follows `before` starts a token, or a `b` prefix does.
fn starts_token(before: &[char]) -> bool {
    match before {
        [.., previous, 'b'] => !is_ident(*previous),
        [.., previous] => !is_ident(*previous),
        [] => true,
    }
}

/// The lines of `code` that are not test code, by line number from 1; a line
/// of test code is empty. Test code is a top-level `#[cfg(test)]` item: a
/// one-line item (`mod test_support;`), or everything to the `}` that closes
/// it at the start of a line, which for the `mod tests` at the end of a file
/// is the end of the file.
fn without_tests(code: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = code.lines().collect();
    let mut at = 0;
    while at < lines.len() {
        if lines[at].trim_end() != "#[cfg(test)]" {
            at += 1;
            continue;
        }
        let start = at;
        at += 1;
        while at < lines.len() && lines[at].starts_with("#[") {
            at += 1;
        }
        if at < lines.len() && !lines[at].trim_end().ends_with(';') {
            while at < lines.len() && lines[at].trim_end() != "}" {
                at += 1;
            }
        }
        let end = (at + 1).min(lines.len());
        for line in &mut lines[start..end] {
            *line = "";
        }
        at = end;
    }
    lines
}

/// Every top-level module a `crate::` path of `code` names, with its line:
/// `crate::model::X` names `model`, `crate::{model, render::Y}` both.
fn crate_paths(code: &[&str]) -> Vec<(usize, String)> {
    let text = code.join("\n");
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        if text[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let rest = &text[at + "crate::".len()..];
        let rest_at = at + "crate::".len();
        let trimmed = rest.trim_start();
        let skipped = rest.len() - trimmed.len();
        if let Some(group) = trimmed.strip_prefix('{') {
            // A group: the first name of each of its top-level entries.
            let mut depth = 0;
            let mut entry_start = 0;
            for (offset, c) in group.char_indices() {
                let ends = match c {
                    '{' => {
                        depth += 1;
                        false
                    }
                    '}' if depth == 0 => true,
                    '}' => {
                        depth -= 1;
                        false
                    }
                    ',' => depth == 0,
                    _ => false,
                };
                if ends {
                    let entry = &group[entry_start..offset];
                    let name: String = entry.trim_start().chars().take_while(|&c| is_ident(c)).collect();
                    if !name.is_empty() && name != "self" {
                        let name_at = rest_at + skipped + 1 + entry_start + (entry.len() - entry.trim_start().len());
                        found.push((line_of(name_at), name));
                    }
                    entry_start = offset + 1;
                }
                if c == '}' && ends {
                    break;
                }
            }
        } else {
            let name: String = trimmed.chars().take_while(|&c| is_ident(c)).collect();
            if !name.is_empty() {
                found.push((line_of(at), name));
            }
        }
    }
    found
}

#[test]
fn each_module_names_only_the_modules_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = rust_files(&src);
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let Some(module) = top_module(&src, file) else {
            continue;
        };
        let shown = file
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap_or(file)
            .display();
        let Some((_, allowed)) = layer(&module) else {
            failures.push(format!(
                "{shown}: module `{module}` is not in LAYERS (tests/architecture.rs): add its row where it belongs"
            ));
            continue;
        };
        let text = fs::read_to_string(file).expect("source file is readable");
        let code = code_only(&text);
        for (line, imported) in crate_paths(&without_tests(&code)) {
            if imported == module || allowed.contains(&imported.as_str()) {
                continue;
            }
            let source = text.lines().nth(line - 1).unwrap_or_default().trim();
            failures.push(format!(
                "{shown}:{line}: `{module}` may not use `crate::{imported}` (`{source}`); it may use only {allowed:?} \
                 (LAYERS in tests/architecture.rs)"
            ));
        }
    }
    assert!(files.len() > 20, "{files:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_import_reader_sees_what_the_compiler_sees() {
    let text = r#"//! crate::web in a comment.
use super::x;
use crate::model::Config;
use crate::{
    render::{self, Artifact},
    state,
};
const S: &str = "crate::ui";
const R: &[u8] = br"crate::ui \"; type W = crate::web::Link;
fn f<'a>(c: char) -> bool { c == '"' || c == '\'' } // crate::ui
/* crate::ui */ fn g() -> crate::share::Link { registry_crate::x() }
#[cfg(test)]
mod test_support;
fn h() { crate::validate::validate(); }
#[cfg(test)]
mod tests {
    use crate::ui;
}
fn after() { crate::import::load(); }
"#;
    let code = code_only(text);
    assert_eq!(code.lines().count(), text.lines().count());
    let found = crate_paths(&without_tests(&code));
    let expected: Vec<(usize, String)> = [
        (3, "model"),
        (5, "render"),
        (6, "state"),
        (9, "web"),
        (11, "share"),
        (14, "validate"),
        (19, "import"),
    ]
    .into_iter()
    .map(|(line, name)| (line, name.to_owned()))
    .collect();
    assert_eq!(found, expected);
}
