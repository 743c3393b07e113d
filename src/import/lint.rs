//! What an imported file gets wrong, each finding at its line with its fix
//! and, where one exists, the change that applies it (form actions, or an
//! edit of the imported text).

use super::load::{CHART_ORDER, REGISTRY, extra_env, field_nodes, truthy};
use super::merge::other_driver;
use super::tree::{Kind, Node, Style};
use super::{Imported, duplicate};
use crate::model::chart_keys;
use crate::model::{BackendKind, ChartVersion, Feature, check_paste_sprinted, edit_distance};
use crate::settings::{AzureMode, FieldId, FieldKind, PlaneMode, S3Mode};
use crate::state::{Action, Draft};
use crate::yaml11::{self, Reading};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The output already takes care of it; worth knowing.
    Note,
    /// The file as it is works badly or not as meant.
    Warning,
    /// The file as it is breaks the registry or the install.
    Error,
}

/// A change that applies a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Actions on the form.
    Form(Vec<Action>),
    /// Replace `start..end` of the imported text (then it is read again).
    Edit { start: usize, end: usize, text: String },
}

/// One problem in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    /// 1-based line in the imported file.
    pub line: usize,
    /// The values path it is about, e.g. `astronomer.registry.s3.secretkey`.
    pub key: String,
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// The one-click fix, with its button's words.
    pub apply: Option<(String, Fix)>,
}

/// Keys whose value is a switch the templates test with `if`.
const SWITCHES: &[&str] = &["enabled", "encrypt", "disable", "useKeyfile", "create"];

struct Lint<'a> {
    imported: &'a Imported,
    findings: Vec<Finding>,
}

impl Lint<'_> {
    fn add(
        &mut self,
        level: Level,
        node: &Node,
        key: &str,
        message: String,
        fix: String,
        apply: Option<(String, Fix)>,
    ) {
        self.findings.push(Finding {
            level,
            line: node.line,
            key: key.to_owned(),
            message,
            fix,
            apply,
        });
    }
}

/// The findings for `imported`, judged for the release it was written for:
/// the release the platform runs now when the draft is an upgrade from it,
/// else the release the draft names.
pub fn lint(imported: &Imported, draft: &Draft) -> Vec<Finding> {
    let chart = ChartVersion::parse(draft.value(FieldId::UpgradeFrom))
        .or_else(|_| ChartVersion::parse(draft.value(FieldId::ChartVersion)))
        .ok();
    let mut lint = Lint {
        imported,
        findings: Vec::new(),
    };
    duplicates(&mut lint);
    if let Some(registry) = imported.registry().filter(|node| node.entries().is_some()) {
        backends(&mut lint, registry);
        plain_text_keys(
            &mut lint,
            registry,
            ChartVersion::parse(draft.value(FieldId::ChartVersion)).ok(),
        );
        encryption(&mut lint, registry);
        unknown_keys(&mut lint, registry, "", chart);
        values(&mut lint, registry);
        if let Some(chart) = chart {
            refused(&mut lint, registry, chart);
        }
    }
    if let (Some(chart), Some(mode)) = (chart, plane_mode(imported)) {
        if !chart.supports(Feature::PlaneMode) {
            lint.add(
                Level::Warning,
                mode,
                "global.plane.mode",
                format!("Chart {chart} has no plane modes and ignores global.plane.mode."),
                "Remove it, or set the chart version the platform runs.".into(),
                None,
            );
        } else if mode.scalar().map(PlaneMode::parse) == Some(Ok(PlaneMode::Control)) {
            lint.add(
                Level::Warning,
                mode,
                "global.plane.mode",
                "This is a control-plane release: it runs no registry and ignores astronomer.registry.".into(),
                "Import the values file of each data-plane release instead.".into(),
                None,
            );
        }
    }
    // By line, a line's findings as found: an insertion sort (a file has a
    // few findings; the standard stable sort costs the worker's WASM 3 KB).
    let mut findings = lint.findings;
    for end in 1..findings.len() {
        let mut at = end;
        while at > 0 && findings[at - 1].line > findings[at].line {
            findings.swap(at - 1, at);
            at -= 1;
        }
    }
    findings
}

fn plane_mode(imported: &Imported) -> Option<&Node> {
    imported.root()?.get("global")?.get("plane")?.get("mode")
}

/// Keys that appear twice outside the registry block (inside it the file is
/// refused on import).
fn duplicates(lint: &mut Lint) {
    let Some(root) = lint.imported.root() else { return };
    let mut pending = vec![(root, String::new())];
    let mut found = Vec::new();
    while let Some((node, path)) = pending.pop() {
        if path == "astronomer.registry" {
            continue;
        }
        if let Some((first, second)) = duplicate(node) {
            let name = second.scalar().unwrap_or_default();
            let key = if path.is_empty() {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            };
            found.push((key, first.line, second.clone()));
        }
        for (key, value) in node.entries().unwrap_or_default() {
            if let Some(name) = key.scalar() {
                let prefix = if path.is_empty() {
                    String::new()
                } else {
                    format!("{path}.")
                };
                pending.push((value, format!("{prefix}{name}")));
            }
        }
    }
    for (key, first, second) in found {
        lint.add(
            Level::Warning,
            &second,
            &key,
            format!("{key} appears twice (first at line {first}): Helm keeps only the last one."),
            "Merge the two into one.".into(),
            None,
        );
    }
}

/// More than one backend enabled, or an `enabled` that is not a boolean.
fn backends(lint: &mut Lint, registry: &Node) {
    let enabled = &lint.imported.loaded().enabled;
    if enabled.len() > 1 {
        let names: Vec<&str> = enabled.iter().map(|kind| kind.values_key()).collect();
        let second = registry.get(enabled[1].values_key()).unwrap_or(registry);
        let apply = Some((
            format!("Use {} instead", names[1]),
            Fix::Form(vec![Action::SetBackend(enabled[1])]),
        ));
        lint.add(
            Level::Warning,
            second,
            &format!("{REGISTRY}{}.enabled", names[1]),
            format!(
                "{} are {} enabled: the chart uses the first of gcs, azure, s3, so the registry runs on {} and ignores the others.",
                names.join(" and "),
                if names.len() == 2 { "both" } else { "all" },
                names[0]
            ),
            format!(
                "The output enables only the backend chosen above ({} now) and writes enabled: false for the others.",
                names[0]
            ),
            apply,
        );
    }
    for kind in CHART_ORDER.into_iter().chain([BackendKind::Volume]) {
        let key = kind.values_key();
        if let Some(node) = registry.get(key).and_then(|store| store.get("enabled")) {
            switch(lint, node, &format!("{REGISTRY}{key}.enabled"));
        }
    }
}

/// A switch written as a string: the templates' `if` takes any non-empty
/// string as true, `"false"` included.
fn switch(lint: &mut Lint, node: &Node, key: &str) {
    if let Kind::Scalar {
        value,
        style: Style::Quoted | Style::Block,
    } = &node.kind
    {
        let on = truthy(node);
        lint.add(
            if on && value.eq_ignore_ascii_case("false") { Level::Error } else { Level::Warning },
            node,
            key,
            format!(
                "{key} is the string \"{value}\", not a boolean: Helm's templates take any non-empty string as true, so this is {}.",
                if on { "on" } else { "off" }
            ),
            "Write true or false without quotes.".into(),
            None,
        );
    }
}

/// Credentials written into the file. The fix, keeping them in a Secret, is
/// one click where the chart the form names can read them from one.
fn plain_text_keys(lint: &mut Lint, registry: &Node, chart: Option<ChartVersion>) {
    for (store, key, field, mode) in [
        ("s3", "secretkey", FieldId::S3Credentials, S3Mode::KeysSecret.choice()),
        (
            "azure",
            "accountkey",
            FieldId::AzureCredentials,
            AzureMode::KeySecret.choice(),
        ),
    ] {
        let Some(node) = registry.get(store).and_then(|node| node.get(key)) else {
            continue;
        };
        if node.is_null() || node.scalar().is_none() {
            continue;
        }
        let lack = chart.and_then(|chart| chart.lacks(mode.needs));
        lint.add(
            Level::Warning,
            node,
            &format!("{REGISTRY}{store}.{key}"),
            format!("The {store} {key} is in the file in plain text: anyone who reads config.yaml (or the ConfigMap the chart makes of it) has it."),
            match &lack {
                None => "Keep the key in a Kubernetes Secret that the registry reads through extraEnv; for S3, a role (IRSA, Pod Identity, the nodes' role) needs no key at all.".into(),
                Some(lack) => format!(
                    "Keep config.yaml out of version control and delete it after the upgrade: chart {} cannot read the key from a Secret: {}.",
                    lack.chart,
                    lack.missing.missing()
                ),
            },
            lack.is_none().then(|| {
                (
                    "Keep the key in a Secret".to_owned(),
                    Fix::Form(vec![Action::SetField(field, mode.value.into())]),
                )
            }),
        );
    }
}

/// `keyid` without `encrypt`.
fn encryption(lint: &mut Lint, registry: &Node) {
    let Some(s3) = registry.get("s3") else { return };
    let Some(keyid) = s3.get("keyid").filter(|node| !node.is_null()) else {
        return;
    };
    if s3.get("encrypt").is_some_and(truthy) {
        return;
    }
    let apply = FieldId::from_name(&format!("{REGISTRY}s3.encrypt")).map(|field| {
        (
            "Turn encryption on".to_owned(),
            Fix::Form(vec![Action::SetField(field, "true".into())]),
        )
    });
    lint.add(
        Level::Warning,
        keyid,
        &format!("{REGISTRY}s3.keyid"),
        "s3.keyid is set but s3.encrypt is not true: the registry uses the KMS key only when encrypting, so objects are stored unencrypted.".into(),
        "Set encrypt: true, or remove keyid.".into(),
        apply,
    );
}

/// Keys the chart does not read: keys no release reads, with the key they
/// were probably meant to be, and keys `chart` does not read (when the draft
/// names it), with the release that reads them. Keys it reads are left alone,
/// whether or not the form sets them: the merged file keeps them as written.
/// The keys are the chart's own, per release (`model::chart_keys`).
fn unknown_keys(lint: &mut Lint, node: &Node, parent: &str, chart: Option<ChartVersion>) {
    let known = chart_keys::names_under(parent);
    if known.is_empty() {
        return;
    }
    for (key, value) in node.entries().unwrap_or_default() {
        let Some(name) = key.scalar() else { continue };
        let under = if parent.is_empty() {
            name.to_owned()
        } else {
            format!("{parent}.{name}")
        };
        let path = format!("{REGISTRY}{under}");
        if known.contains(&name) {
            match chart {
                Some(chart) if !chart.reads_key(&under) => ignored(lint, key, &under, chart),
                _ if parent.is_empty() && chart_keys::holds_keys(name) => unknown_keys(lint, value, name, chart),
                _ => {}
            }
            continue;
        }
        let here = chart.map_or_else(|| known.clone(), |chart| chart.keys_under(parent));
        let meant = meant(name, &known);
        let taken = meant.is_some_and(|meant| node.get(meant).is_some());
        let (fix, apply) = match meant {
            Some(meant)
                if !taken
                    && matches!(
                        key.kind,
                        Kind::Scalar {
                            style: Style::Plain,
                            ..
                        }
                    ) =>
            {
                (
                    format!("Did you mean {meant}? Rename the key."),
                    Some((
                        format!("Rename to {meant}"),
                        Fix::Edit {
                            start: key.start,
                            end: key.end,
                            text: meant.to_owned(),
                        },
                    )),
                )
            }
            Some(meant) => (format!("Did you mean {meant}? Merge it into {meant}."), None),
            None if here.is_empty() => ("Remove it: the chart reads nothing here.".into(), None),
            None => (
                format!(
                    "Remove it, or move it where the chart reads it: {} are the keys here.",
                    here.join(", ")
                ),
                None,
            ),
        };
        lint.add(
            Level::Warning,
            key,
            &path,
            format!("The chart never reads {path} (no release does): it is ignored."),
            fix,
            apply,
        );
    }
}

/// A key some release reads, but not `chart`: the release that brings it, or
/// the last that read it.
fn ignored(lint: &mut Lint, key: &Node, under: &str, chart: ChartVersion) {
    let reads = |version: ChartVersion| version.reads_key(under);
    let (why, fix) = match (chart.next_where(reads), chart.previous_where(reads)) {
        (Some(next), _) => (
            format!(" Chart {next} is the first release after it that reads it."),
            "Upgrade the platform first, or remove it (check the chart version above).",
        ),
        (None, Some(last)) => (
            format!(" Chart {last} is the last release that read it."),
            "Remove it: the chart no longer reads it (check the chart version above).",
        ),
        (None, None) => (String::new(), "Check the chart version above."),
    };
    lint.add(
        Level::Warning,
        key,
        &format!("{REGISTRY}{under}"),
        format!("Chart {chart} ignores astronomer.registry.{under}.{why}"),
        fix.into(),
        None,
    );
}

/// The known key `typed` probably means: the same but for case, else one
/// or two letters apart, else one that `typed` starts with.
fn meant(typed: &str, known: &[&'static str]) -> Option<&'static str> {
    let typed = typed.to_ascii_lowercase();
    let near = |limit: usize| {
        known
            .iter()
            .map(|candidate| (edit_distance(&typed, &candidate.to_ascii_lowercase()), *candidate))
            .filter(|(distance, _)| *distance <= limit)
            .min()
            .map(|(_, candidate)| candidate)
    };
    near(0)
        .or_else(|| if typed.len() >= 4 { near(2) } else { None })
        .or_else(|| {
            known
                .iter()
                .copied()
                .filter(|candidate| candidate.len() >= 6 && typed.starts_with(&candidate.to_ascii_lowercase()))
                .max_by_key(|candidate| candidate.len())
        })
}

/// Values of the wrong type, and strings the chart would paste into the
/// registry's config as something else.
fn values(lint: &mut Lint, registry: &Node) {
    let mut nodes = Vec::new();
    field_nodes(registry, "astronomer.registry", &mut nodes);
    for (field, node) in nodes {
        let path = field.name();
        match (&node.kind, field.kind()) {
            (Kind::Map { .. } | Kind::Seq { .. } | Kind::Alias, _) => lint.add(
                Level::Error,
                node,
                path,
                format!(
                    "{path} is {}; it must be a single value, so the form could not load it.",
                    node.what()
                ),
                "Write one value on the key's line.".into(),
                None,
            ),
            (_, FieldKind::Flag) => {
                let key = path.rsplit('.').next().unwrap_or_default();
                if SWITCHES.contains(&key) {
                    switch(lint, node, path);
                }
            }
            (Kind::Scalar { value, style }, _) if !node.is_null() => {
                if *style == Style::Plain {
                    let reading = match yaml11::read_pasted(value) {
                        Reading::Bool(value) => Some(format!("the boolean {value}")),
                        Reading::Number(number) if number != *value => Some(format!("the number {number}")),
                        _ => None,
                    };
                    if let Some(reading) = reading {
                        lint.add(
                            Level::Warning,
                            node,
                            path,
                            format!("Helm reads {path}: {value} as {reading}, not as the text {value}."),
                            "Enter the value in the form: it checks it and quotes it where Helm needs quotes.".into(),
                            None,
                        );
                        continue;
                    }
                }
                if let Err(message) = check_paste_sprinted(value) {
                    lint.add(
                        Level::Warning,
                        node,
                        path,
                        format!("The registry would misread {path}: {message}"),
                        "Choose a value the registry reads back as the same text; quoting it in config.yaml does not help, because the chart pastes it without quotes.".into(),
                        None,
                    );
                }
            }
            _ => {}
        }
    }
}

/// What the registry program of the release refuses in the file as it is.
fn refused(lint: &mut Lint, registry: &Node, chart: ChartVersion) {
    let program = chart.registry();
    let env = extra_env(registry);
    let has_env = |name: &str| env.iter().any(|(env_name, _, _)| env_name == name);
    let backend = lint.imported.loaded().backend;
    if backend == BackendKind::Azure
        && program.is_v3()
        && !has_env("REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE")
        && let Some(azure) = registry.get("azure")
    {
        lint.add(
            Level::Error,
            azure,
            &format!("{REGISTRY}azure"),
            format!(
                "As the file is, {} of chart {chart} stops at start on Azure (\"invalid credentials type\"): the chart writes no credentials type.",
                program.name()
            ),
            "The output sets REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE=shared_key through extraEnv.".into(),
            None,
        );
    }
    for (name, _, item) in &env {
        if other_driver(name, backend) {
            lint.add(
                Level::Error,
                item,
                &format!("{REGISTRY}extraEnv"),
                format!(
                    "extraEnv sets {name}, a setting of another storage driver than {}: the registry then sees two drivers and refuses to start.",
                    backend.values_key()
                ),
                "The output leaves it out.".into(),
                None,
            );
        }
    }
}
