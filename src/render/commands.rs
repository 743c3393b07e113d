//! The `commands.sh` artifact: the apply steps of `render::steps` as a bash
//! script, behind a guard that refuses anything but the platform's full config
//! file. Every word that came from the user is quoted; no secret is in it.

use crate::model::ChartVersion;
use crate::render::migrate;
use crate::render::steps::{self, FILES_VARIABLE, Runner, Step};
use crate::render::upgrade;
use crate::settings::{Config, Migration, PlaneMode};

/// Comment lines are wrapped to this many characters where words allow.
const WIDTH: usize = 88;

/// Stops the script before it changes anything unless it was given the
/// platform's full values file with the generated block merged in: one
/// top-level `global:` with a `baseDomain:` value directly under it, and one
/// top-level `astronomer:` whose one `registry:` holds the chosen backend's key
/// with `enabled: true`. Comments do not count. `awk` reads the structure: block
/// style by indentation, and one-line flow mappings (`global: {baseDomain: x}`).
const GUARD: &str = r#"
# Upgrading with the generated block alone would drop every other platform setting
# (without global.baseDomain the chart does not even render the registry), and a
# second top-level astronomer: or global: key silently replaces the first. Stop
# before changing anything unless the file is the platform's full config file with
# the generated block merged into its astronomer: key.
config="${1:-config.yaml}"
if [ ! -f "$config" ]; then
    echo "commands.sh: no file $config: pass the platform's config file (bash commands.sh PATH)." >&2
    exit 1
fi
# Prints five counts, comments ignored: top-level global: keys, baseDomain: values
# directly under them, top-level astronomer: keys, registry: keys directly under
# those, and astronomer.registry.{BACKEND}.enabled values that are true.
structure() {
    LC_ALL=C awk -v bom="$(printf '\357\273\277')" -v sq="'" -v backend={BACKEND} '
    function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
    function unquote(s,    first) {
        first = substr(s, 1, 1)
        if (length(s) >= 2 && (first == "\"" || first == sq) && substr(s, length(s), 1) == first)
            s = substr(s, 2, length(s) - 2)
        return s
    }
    function present(v) { return v != "~" && v != "null" && v != "Null" && v != "NULL" && unquote(v) != "" }
    function truthy(v) { return v ~ /^(true|True|TRUE|yes|Yes|YES|on|On|ON|y|Y)$/ }
    function node(path, value) {
        if (path == "astronomer.registry") registries++
        if (value ~ /^\{/) flow(path, value)
        else if (path == "global.baseDomain" && present(value)) domains++
        else if (path == "astronomer.registry." backend ".enabled" && truthy(value)) blocks++
    }
    function pair(path, entry,    at) {
        at = index(entry, ":")
        if (at > 0) node(path "." unquote(trim(substr(entry, 1, at - 1))), trim(substr(entry, at + 1)))
    }
    function flow(path, text,    i, c, depth, quote, entry) {
        for (i = 1; i <= length(text); i++) {
            c = substr(text, i, 1)
            if (quote != "") { if (c == quote) quote = ""; entry = entry c; continue }
            if (c == "\"" || c == sq) quote = c
            if (c == "{" || c == "[") { depth++; if (depth == 1) continue }
            if (c == "}" || c == "]") { depth--; if (depth == 0) { pair(path, entry); return } }
            if (depth == 1 && c == ",") { pair(path, entry); entry = ""; continue }
            entry = entry c
        }
    }
    NR == 1 && index($0, bom) == 1 { $0 = substr($0, length(bom) + 1) }
    { sub(/\r$/, "") }
    /^[ \t]*(#|$)/ || /^(---|\.\.\.)([ \t]|$)/ { next }
    {
        match($0, /^ */)
        indent = RLENGTH
        text = substr($0, indent + 1)
        sub(/[ \t]#.*/, "", text)
        at = match(text, /:([ \t]|$)/)
        key = at ? unquote(trim(substr(text, 1, at - 1))) : text
        while (depth > 0 && indents[depth] >= indent) depth--
        depth++
        indents[depth] = indent
        keys[depth] = key
        path = keys[1]
        for (i = 2; i <= depth; i++) path = path "." keys[i]
        if (indent == 0 && key == "global") globals++
        if (indent == 0 && key == "astronomer") astronomers++
        if (at) node(path, trim(substr(text, at + 1)))
    }
    END { print globals + 0, domains + 0, astronomers + 0, registries + 0, blocks + 0 }
    '
}
read -r globals domains astronomers registries blocks < <(structure < "$config") || true
if [ "${globals:-0}" != 1 ] || [ "${domains:-0}" != 1 ]; then
    echo "commands.sh: $config needs exactly one top-level global: with a baseDomain: value directly under it (one in a comment does not count): pass the platform's full config file, not the generated block alone." >&2
    exit 1
fi
if [ "${astronomers:-0}" != 1 ] || [ "${registries:-0}" != 1 ] || [ "${blocks:-0}" != 1 ]; then
    echo "commands.sh: $config needs exactly one top-level astronomer: holding one registry: block with {BACKEND}: enabled: true, as generated: merge the block into the existing astronomer: key, replacing its registry: block, rather than adding a second one." >&2
    exit 1
fi
"#;

/// Stops the script before it changes anything unless kubectl's current
/// context holds the release in the namespace, deployed from the chart the
/// files are for (or, for an upgrade, from the release upgraded from; the
/// target too, so that a run that stopped after the upgrade can run again).
/// It reads the `chart` field of `helm list --output json`: named, where the
/// table's CHART column is found by position and its layout changes with the
/// terminal; `helm get metadata` would be exact but needs Helm 3.13.
const CLUSTER: &str = r#"context="$(kubectl config current-context 2>/dev/null || true)"
if [ -z "$context" ]; then
    echo "commands.sh: kubectl has no current context: point it at the cluster of {RELEASE} (kubectl config use-context NAME). Nothing was changed." >&2
    exit 1
fi
echo "commands.sh: kube context $context; looking for the release {RELEASE} in the namespace {NAMESPACE}{PLANE}."
if ! releases="$(helm list --namespace {NAMESPACE} --filter '^{RELEASE}$' --output json)"; then
    echo "commands.sh: helm list failed in the kube context $context: is it the cluster of {RELEASE}? Nothing was changed." >&2
    exit 1
fi
installed="$(printf '%s\n' "$releases" | sed -n 's/.*"chart":"\([^"]*\)".*/\1/p')"
if [ -z "$installed" ]; then
    echo "commands.sh: no deployed release {RELEASE} in the namespace {NAMESPACE} of the kube context $context: point kubectl at the cluster that runs it{WHERE}. Nothing was changed." >&2
    exit 1
fi
echo "commands.sh: the release {RELEASE} in the namespace {NAMESPACE} runs $installed."
if {TEST}; then
    echo "commands.sh: these files are for {WANTED}, not $installed. Nothing was changed." >&2
    exit 1
fi
"#;

/// The guard's check of the cluster for this configuration.
fn cluster_check(config: &Config) -> String {
    let platform = &config.platform;
    let chart = |version: ChartVersion| format!("astronomer-{version}");
    let (accepted, wanted) = match platform.from {
        Some(from) => (
            vec![chart(from), chart(platform.chart)],
            format!(
                "{} (to upgrade from) or {} (upgraded)",
                chart(from),
                chart(platform.chart)
            ),
        ),
        None => (vec![chart(platform.chart)], chart(platform.chart)),
    };
    let test: Vec<String> = accepted
        .iter()
        .map(|chart| format!("[ \"$installed\" != {chart} ]"))
        .collect();
    let (plane, place) = match platform.plane {
        Some(PlaneMode::Control) => (
            " (a data plane's release: the control plane runs no registry)",
            ", a data plane's cluster",
        ),
        Some(PlaneMode::Data) => (" (a data plane)", ", a data plane's cluster"),
        Some(PlaneMode::Unified) | None => ("", ""),
    };
    let mut check = String::from("\n# The cluster and the release: stop before any change unless the current kube\n");
    wrap(
        &mut check,
        "# context holds ",
        "# ",
        &format!("{}.", steps::target(platform)),
    );
    check.push_str(
        &CLUSTER
            .replace("{TEST}", &test.join(" && "))
            .replace("{WANTED}", &wanted)
            .replace("{PLANE}", plane)
            .replace("{WHERE}", place)
            .replace("{RELEASE}", platform.release.as_str())
            .replace("{NAMESPACE}", platform.namespace.as_str()),
    );
    check
}

/// The whole script, with the steps and the upgrade report made for
/// `config` ([`super::make`]).
pub fn commands_sh(config: &Config, steps: &[Step], report: &[upgrade::Change]) -> String {
    let mut script = String::from(
        "#!/usr/bin/env bash\n\
         # Points the registry of the Astronomer platform at the storage in config.yaml.\n",
    );
    wrap(
        &mut script,
        "# For ",
        "# ",
        &format!("{}.", steps::target(&config.platform)),
    );
    script.push_str(
        "\
         # Run it with kubectl and helm pointed at the platform's cluster:\n\
         #   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)\n\
         # PLATFORM_CONFIG is the platform's full config file with the generated\n",
    );
    script.push_str(match &config.migration {
        Migration::FromVolume if migrate::copies_volume(config) => {
            "# astronomer.registry block merged in. The images on the registry's volume are\n\
             # copied to the new storage by Kubernetes Jobs, in the steps below.\n"
        }
        Migration::FromStore { .. } => {
            "# astronomer.registry block merged in. The images in the old bucket or container\n\
             # are copied by the provider's own sync command, in the steps below.\n"
        }
        Migration::FromVolume | Migration::Nothing => {
            "# astronomer.registry block merged in. If this changes the storage backend,\n\
             # images already in the registry are not copied to the new storage.\n"
        }
    });
    if let Some(from) = config.platform.from.filter(|_| !report.is_empty()) {
        script.push_str(&format!(
            "#\n# The upgrade from {from} to {}: what changes for the registry.\n",
            config.platform.chart
        ));
        for change in report {
            wrap(&mut script, "# - ", "#   ", &change.sentence());
        }
    }
    script.push_str("set -euo pipefail\n");
    script.push_str(&GUARD.replace("{BACKEND}", config.backend.kind().values_key()));
    let reads_files = steps
        .iter()
        .filter(|step| step.runner == Runner::Script)
        .flat_map(|step| &step.commands)
        .any(|command| command.contains(&format!("${FILES_VARIABLE}/")));
    if reads_files {
        script.push_str(&format!(
            "# The generated files are read beside this script, wherever it is run from.\n\
             {FILES_VARIABLE}=\"$(cd \"$(dirname \"${{BASH_SOURCE[0]:-$0}}\")\" && pwd)\"\n"
        ));
    }
    script.push_str(&cluster_check(config));
    for (number, step) in steps.iter().enumerate() {
        script.push('\n');
        push_step(&mut script, number + 1, step);
    }
    script
}

/// `# N. text` wrapped into comment lines, then the commands: as lines the
/// script runs, or as indented comments when the user runs them elsewhere.
fn push_step(script: &mut String, number: usize, step: &Step) {
    let first = format!("# {number}. ");
    let indent = format!("#{}", " ".repeat(first.len() - 1));
    wrap(script, &first, &indent, &step.text);
    for command in &step.commands {
        if step.runner == Runner::ByHand {
            script.push_str(&indent);
            script.push_str("  ");
        }
        script.push_str(command);
        script.push('\n');
    }
}

/// `text` as comment lines of at most `WIDTH` characters where words allow:
/// the first starts with `first`, the others with `indent`.
pub(super) fn wrap(script: &mut String, first: &str, indent: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.len() + 1 + word.len() > WIDTH {
            script.push_str(line.trim_end());
            script.push('\n');
            line = indent.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    script.push_str(&line);
    script.push('\n');
}
