//! Checks the layering written down in ARCHITECTURE.md: each module names
//! only the modules below it, the core names no browser crate, and its ban on
//! I/O is in force.
//!
//! The allowed imports are one table, [`LAYERS`]: a test reads every path of
//! the non-test code under `src/` that starts at `crate::`, `super::` or
//! `self::`, resolves it as the compiler does, and fails on one that lands on
//! a module the table does not allow. The sub-modules of `model` have their
//! own table, [`MODEL_LAYERS`], read the same way.
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

/// The layers of `src/model/`, bottom to top, as [`LAYERS`] is for `src/`:
/// each sub-module of `model` (a file or a directory of `src/model/`) with the
/// sub-modules its non-test code may name, as `super::<sub-module>`,
/// `super::super::<sub-module>` or `crate::model::<sub-module>`. The issue that
/// asked for the layering named the cycle `chart` ⇄ `releases`; model runs
/// chart -> releases -> release now, and this table keeps it so.
///
/// `src/model/mod.rs` is `model` itself: it declares the sub-modules and
/// re-exports from them, so it may name each of them and has no row. What it
/// defines or re-exports is in no row either: a sub-module names the
/// sub-module that defines what it needs (`super::chart::ChartVersion`, never
/// `super::ChartVersion`), so a re-export cannot carry an import upward.
const MODEL_LAYERS: &[(&str, &[&str])] = &[
    ("values", &[]),
    ("regions", &[]),
    ("chart_keys", &[]),
    ("release", &["regions"]),
    ("releases", &["release"]),
    ("chart", &["releases", "release", "chart_keys", "values"]),
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

/// A table of layers: each module with the modules it may name.
type Layers = &'static [(&'static str, &'static [&'static str])];

/// The row of `module` in `table` and what it allows.
fn row(table: Layers, module: &str) -> Option<(usize, &'static [&'static str])> {
    table
        .iter()
        .position(|(name, _)| *name == module)
        .map(|at| (at, table[at].1))
}

/// Fails unless each module of `table` (called `name`) is listed once and
/// allows only modules listed before it: then the arrows point down and the
/// table has no cycle.
fn assert_ordered_bottom_to_top(name: &str, table: Layers) {
    for (at, (module, allowed)) in table.iter().enumerate() {
        assert_eq!(
            row(table, module).map(|(first, _)| first),
            Some(at),
            "{name} lists {module} twice"
        );
        for below in *allowed {
            let position = row(table, below).map(|(position, _)| position);
            assert!(
                position.is_some_and(|position| position < at),
                "{name}: {module} allows {below}, which is not listed before it: a module may only allow the \
                 modules below it, or the table has a cycle"
            );
        }
    }
}

#[test]
fn the_layers_table_is_ordered_bottom_to_top() {
    assert_ordered_bottom_to_top("LAYERS", LAYERS);
}

#[test]
fn the_model_layers_table_is_ordered_bottom_to_top() {
    assert_ordered_bottom_to_top("MODEL_LAYERS", MODEL_LAYERS);
}

/// The module `file` is: `src/model/values/aws.rs` is `model::values::aws`,
/// `src/model/mod.rs` is `model`, `src/state.rs` is `state`; `None` for the
/// crate roots.
fn module_path(src: &Path, file: &Path) -> Option<Vec<String>> {
    let relative = file.strip_prefix(src).expect("the file is under src/");
    let mut path: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_str().expect("a file name in UTF-8").to_owned())
        .collect();
    let file_name = path.pop()?;
    let stem = file_name.strip_suffix(".rs")?;
    if path.is_empty() && matches!(stem, "lib" | "main" | "worker") {
        return None;
    }
    if stem != "mod" {
        path.push(stem.to_owned());
    }
    Some(path)
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
/// of test code is empty. Test code is a top-level `#[cfg(test)]` item, to
/// its first `;` outside brackets (`mod test_support;`, a `const` list) or to
/// the `}` that closes its first block (`fn helper() {}`, `mod tests { .. }`).
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
        // The item ends at its first `;` outside brackets, or where its
        // first block closes (`code_only` has blanked strings and comments).
        let mut depth = 0i32;
        'item: while at < lines.len() {
            for c in lines[at].chars() {
                match c {
                    '{' | '(' | '[' => depth += 1,
                    ')' | ']' => depth -= 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break 'item;
                        }
                    }
                    ';' if depth == 0 => break 'item,
                    _ => {}
                }
            }
            at += 1;
        }
        let end = (at + 1).min(lines.len());
        for line in &mut lines[start..end] {
            *line = "";
        }
        at = end;
    }
    lines
}

/// A path of the code that starts at `crate::`, `super::` or `self::`, as the
/// compiler resolves it; a `use` group gives one for each name it brings in.
#[derive(Debug)]
struct Named {
    /// Where it lands, from the crate root, each name with the line it is
    /// written on (the names `self` or `super` stand for have theirs):
    /// `super::render::Artifact` in `src/model/mod.rs` is `render::Artifact`.
    /// Empty for the crate root itself (`use super::*;` in a top-level
    /// module); `..` first for a path above it, which does not compile.
    path: Vec<(String, usize)>,
    /// The line of its last name.
    line: usize,
}

impl Named {
    /// The name at `depth` of where it lands, with its line.
    fn at(&self, depth: usize) -> Option<(&str, usize)> {
        self.path.get(depth).map(|(name, line)| (name.as_str(), *line))
    }
}

/// The identifier that starts at `at`, or the empty string.
fn ident_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    &rest[..end]
}

/// Where the first character after `at` that is not white space is.
fn skip_blanks(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + (rest.len() - rest.trim_start().len())
}

/// Reads the path or `use` tree at `at`, below `prefix`, into `leaves`: one
/// path for each name it brings in (a glob brings in its module, a group's
/// `self` its prefix), each name with its offset. Returns where it ends.
fn read_tree(text: &str, at: usize, prefix: Vec<(String, usize)>, leaves: &mut Vec<Vec<(String, usize)>>) -> usize {
    let mut path = prefix;
    let mut at = skip_blanks(text, at);
    loop {
        if text[at..].starts_with('{') {
            at += 1;
            loop {
                at = skip_blanks(text, at);
                match text[at..].chars().next() {
                    None => return at,
                    Some('}') => return at + 1,
                    Some(',') => at += 1,
                    Some(_) => {
                        let end = read_tree(text, at, path.clone(), leaves);
                        // Past what may follow the entry (`as name`), to its `,` or `}`.
                        at = end + text[end..].find([',', '}']).unwrap_or(text.len() - end);
                    }
                }
            }
        }
        if text[at..].starts_with('*') {
            leaves.push(path);
            return at + 1;
        }
        let name = ident_at(text, at);
        if name.is_empty() {
            leaves.push(path);
            return at;
        }
        path.push((name.to_owned(), at));
        at += name.len();
        let next = skip_blanks(text, at);
        if !text[next..].starts_with("::") {
            leaves.push(path);
            return at;
        }
        at = skip_blanks(text, next + 2);
    }
}

/// The inline modules of `text` (`mod name { .. }`): where each one's braces
/// open and close, and its name, outer ones first.
fn inline_modules(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let word = ident_at(text, at);
        if word.is_empty() {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        at += word.len();
        if word != "mod" {
            continue;
        }
        let name_at = skip_blanks(text, at);
        let name = ident_at(text, name_at);
        let open = skip_blanks(text, name_at + name.len());
        if name.is_empty() || !text[open..].starts_with('{') {
            continue;
        }
        let mut depth = 0;
        let close = text[open..]
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(text.len(), |(offset, _)| open + offset);
        found.push((open, close, name.to_owned()));
    }
    found
}

/// Every path of `code` that starts at `crate::`, `super::` or `self::`,
/// resolved from `module`, the module of the file, as the compiler does:
/// `super` from `model::chart` is `model`, from a top-level module the crate
/// root; each `super` more goes one module up; `self` is the module itself;
/// inside an inline `mod name { .. }` the module is one deeper. Groups and
/// nested groups give each of their names: `crate::{model, render::Y}` gives
/// `model` and `render::Y`.
fn module_paths(code: &[&str], module: &[String]) -> Vec<Named> {
    let text = code.join("\n");
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let inline = inline_modules(&text);
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let word = ident_at(&text, at);
        if word.is_empty() {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let path_follows = text[skip_blanks(&text, at + word.len())..].starts_with("::");
        if !(matches!(word, "crate" | "super" | "self") && path_follows) {
            at += word.len();
            continue;
        }
        let here: Vec<&str> = module
            .iter()
            .map(String::as_str)
            .chain(
                inline
                    .iter()
                    .filter(|(open, close, _)| (*open..*close).contains(&at))
                    .map(|(_, _, name)| name.as_str()),
            )
            .collect();
        let mut leaves = Vec::new();
        let end = read_tree(&text, at, Vec::new(), &mut leaves);
        for leaf in leaves {
            let keyword_line = line_of(at);
            let mut names = leaf.into_iter().peekable();
            let (first, _) = names.next().expect("a path starts with its keyword");
            let mut ups = usize::from(first == "super");
            while names.next_if(|(name, _)| name == "super").is_some() {
                ups += 1;
            }
            let base = if first == "crate" { &[][..] } else { &here[..] };
            let mut path: Vec<(String, usize)> = match base.len().checked_sub(ups) {
                Some(depth) => base[..depth]
                    .iter()
                    .map(|name| ((*name).to_owned(), keyword_line))
                    .collect(),
                None => vec![("..".to_owned(), keyword_line)],
            };
            let mut line = keyword_line;
            for (name, name_at) in names {
                line = line_of(name_at);
                if name != "self" {
                    path.push((name, line));
                }
            }
            found.push(Named { path, line });
        }
        at = end;
    }
    found
}

/// `file` relative to the repository, to show in a message.
fn shown(file: &Path) -> String {
    file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(file)
        .display()
        .to_string()
}

/// The non-test code of `file` with the paths it names, resolved from the
/// module `module`, and the file's own text.
fn named_in(file: &Path, module: &[String]) -> (String, Vec<Named>) {
    let text = fs::read_to_string(file).expect("source file is readable");
    let code = code_only(&text);
    let named = module_paths(&without_tests(&code), module);
    (text, named)
}

#[test]
fn each_module_names_only_the_modules_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = rust_files(&src);
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let Some(module) = module_path(&src, file) else {
            continue;
        };
        let top = module[0].as_str();
        let shown = shown(file);
        let Some((_, allowed)) = row(LAYERS, top) else {
            failures.push(format!(
                "{shown}: module `{top}` is not in LAYERS (tests/architecture.rs): add its row where it belongs"
            ));
            continue;
        };
        let (text, named) = named_in(file, &module);
        for named in named {
            let (imported, line) = named.at(0).unwrap_or(("", named.line));
            if imported == top || allowed.contains(&imported) {
                continue;
            }
            let source = text.lines().nth(line - 1).unwrap_or_default().trim();
            failures.push(if imported.is_empty() {
                format!(
                    "{shown}:{line}: `{top}` may not name the crate root (`{source}`): through it every module is in \
                     reach; name the module it needs, if LAYERS (tests/architecture.rs) allows it"
                )
            } else {
                format!(
                    "{shown}:{line}: `{top}` may not use `crate::{imported}` (`{source}`); it may use only \
                     {allowed:?} (LAYERS in tests/architecture.rs)"
                )
            });
        }
    }
    failures.dedup();
    assert!(files.len() > 20, "{files:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the sub-modules of `src/<parent>/` name of each other against
/// `table` (called `name`), as [`LAYERS`] is read for `src/`: a sub-module is
/// a file (but `mod.rs`, which is `parent` itself) or a directory of
/// `src/<parent>/`, and each of its files may name the sub-modules its row
/// allows, by any path that lands on `parent::<sub-module>`.
fn sub_module_failures(parent: &str, name: &str, table: Layers) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let dir = src.join(parent);
    let mut failures = Vec::new();
    let mut subs: Vec<String> = fs::read_dir(&dir)
        .expect("the directory is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| {
            let file_name = path.file_name()?.to_str()?;
            if path.is_dir() {
                Some(file_name.to_owned())
            } else {
                file_name
                    .strip_suffix(".rs")
                    .filter(|stem| *stem != "mod")
                    .map(str::to_owned)
            }
        })
        .collect();
    subs.sort();
    for sub in &subs {
        if row(table, sub).is_none() {
            failures.push(format!(
                "src/{parent}/: sub-module `{parent}::{sub}` is not in {name} (tests/architecture.rs): add its row \
                 where it belongs"
            ));
        }
    }
    for (listed, _) in table {
        if !subs.iter().any(|sub| sub == listed) {
            failures.push(format!(
                "{name} lists `{listed}`, which is no sub-module of src/{parent}/"
            ));
        }
    }
    let mut files = rust_files(&dir);
    files.sort();
    for file in &files {
        let module = module_path(&src, file).expect("a file of a module, not a crate root");
        let Some(sub) = module.get(1).map(String::as_str) else {
            continue;
        };
        let Some((_, allowed)) = row(table, sub) else {
            continue;
        };
        let shown = shown(file);
        let (text, named) = named_in(file, &module);
        for named in named {
            if named.at(0).map(|(top, _)| top) != Some(parent) {
                continue;
            }
            let (imported, line) = named.at(1).unwrap_or(("", named.line));
            if imported == sub || allowed.contains(&imported) {
                continue;
            }
            let source = text.lines().nth(line - 1).unwrap_or_default().trim();
            failures.push(if imported.is_empty() {
                format!(
                    "{shown}:{line}: `{parent}::{sub}` may not name `{parent}` itself (`{source}`): through it every \
                     sub-module is in reach; name the sub-module it needs, if {name} (tests/architecture.rs) allows it"
                )
            } else if !subs.iter().any(|listed| listed == imported) {
                format!(
                    "{shown}:{line}: `{parent}::{sub}` may not use `{parent}::{imported}` (`{source}`): not a \
                     sub-module but what src/{parent}/mod.rs defines or re-exports, in no row of {name}; name the \
                     sub-module that defines it, if {name} (tests/architecture.rs) allows it"
                )
            } else {
                format!(
                    "{shown}:{line}: `{parent}::{sub}` may not use `{parent}::{imported}` (`{source}`); it may use \
                     only {allowed:?} ({name} in tests/architecture.rs)"
                )
            });
        }
    }
    failures.dedup();
    assert!(files.len() > 5, "{files:?}");
    failures
}

#[test]
fn each_model_sub_module_names_only_the_sub_modules_below_it() {
    let failures = sub_module_failures("model", "MODEL_LAYERS", MODEL_LAYERS);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the reader finds in `text` as the file of `module` (`a::b`): each
/// path where it lands, with the line of its last name.
fn read_as(text: &str, module: &str) -> Vec<(usize, String)> {
    let code = code_only(text);
    assert_eq!(code.lines().count(), text.lines().count());
    let module: Vec<String> = module.split("::").map(str::to_owned).collect();
    module_paths(&without_tests(&code), &module)
        .into_iter()
        .map(|named| {
            let names: Vec<&str> = named.path.iter().map(|(name, _)| name.as_str()).collect();
            (named.line, names.join("::"))
        })
        .collect()
}

fn expected(paths: &[(usize, &str)]) -> Vec<(usize, String)> {
    paths.iter().map(|&(line, path)| (line, path.to_owned())).collect()
}

#[test]
fn the_import_reader_sees_what_the_compiler_sees() {
    // As src/model/mod.rs: `super` is the crate root.
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
use super::render::Artifact;
use super::{settings::{self, Field}, state as s, *};
pub(crate) fn i(&self) -> Self { self.j(); Self::k(); self::chart::l() }
pub(super) use self::{chart, release::*};
#[cfg(test)]
fn helper() {}
fn after_helper() { crate::ui::x(); }
#[cfg(test)]
const X: &[&str] = &[
    "a",
];
fn after_const() { crate::web::y(); }
"#;
    assert_eq!(
        read_as(text, "model"),
        expected(&[
            (2, "x"),
            (3, "model::Config"),
            (5, "render"),
            (5, "render::Artifact"),
            (6, "state"),
            (9, "web::Link"),
            (11, "share::Link"),
            (14, "validate::validate"),
            (19, "import::load"),
            (20, "render::Artifact"),
            (21, "settings"),
            (21, "settings::Field"),
            (21, "state"),
            (21, ""),
            (22, "model::chart::l"),
            (23, "model::chart"),
            (23, "model::release"),
            (26, "ui::x"),
            (31, "web::y"),
        ])
    );
    // As src/model/values/aws.rs, two levels deep: `super` is `model::values`,
    // `super::super` is `model`, three are the crate root.
    let deep = r#"use super::text::Secret;
use super::super::chart::ChartVersion;
use super::super::super::render::Artifact;
use super::super::{chart::{self, Lack}, releases::RELEASES as R};
use crate::model::{
    release::Feature,
    regions,
};
fn f() -> usize { self::g() + super::super::VERSIONS.len() + super::REQUIRED.len() }
mod inner {
    use super::super::Secret;
    fn f() { super::super::super::super::ui::x(); }
}
use super::super::super::super::y;
"#;
    assert_eq!(
        read_as(deep, "model::values::aws"),
        expected(&[
            (1, "model::values::text::Secret"),
            (2, "model::chart::ChartVersion"),
            (3, "render::Artifact"),
            (4, "model::chart"),
            (4, "model::chart::Lack"),
            (4, "model::releases::RELEASES"),
            (6, "model::release::Feature"),
            (7, "model::regions"),
            (9, "model::values::aws::g"),
            (9, "model::VERSIONS"),
            (9, "model::values::REQUIRED"),
            (11, "model::values::Secret"),
            (12, "ui::x"),
            (14, "..::y"),
        ])
    );
    // Each name has its own line: a group over lines is checked where each
    // name is, the names `super` stands for at the `super`.
    let code = code_only(deep);
    let module: Vec<String> = ["model", "values", "aws"].map(str::to_owned).to_vec();
    let named = module_paths(&without_tests(&code), &module);
    let regions = named.iter().find(|named| named.line == 7).expect("the regions import");
    assert_eq!(
        (regions.at(0), regions.at(1)),
        (Some(("model", 5)), Some(("regions", 7)))
    );
    let chart = named.iter().find(|named| named.line == 2).expect("the chart import");
    assert_eq!((chart.at(0), chart.at(1)), (Some(("model", 2)), Some(("chart", 2))));
}
