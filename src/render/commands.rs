//! The `commands.sh` artifact: the apply steps of `render::steps` as a bash
//! script, behind a guard that refuses anything but the platform's full config
//! file. Every word that came from the user is quoted; no secret is in it.

use crate::model::Config;
use crate::render::steps::{Runner, Step, apply_steps};

/// Comment lines are wrapped to this many characters where words allow.
const WIDTH: usize = 88;

/// Stops the script before it changes anything unless it was given the
/// platform's full values file with the generated block merged in.
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
bom="$(printf '\357\273\277')"
count() { LC_ALL=C grep -c -e "$1" -- "$config" || true; }
top() { count "^\(${bom}\)\{0,1\}$1:"; }
if [ "$(top global)" != 1 ] || [ "$(count 'baseDomain:')" = 0 ]; then
    echo "commands.sh: $config needs exactly one top-level global: with a baseDomain: pass the platform's full config file, not the generated block alone." >&2
    exit 1
fi
if [ "$(top astronomer)" != 1 ] || [ "$(count '^ *registry:')" = 0 ] || [ "$(count '^ *{BACKEND}:')" = 0 ]; then
    echo "commands.sh: $config needs exactly one top-level astronomer: holding the generated registry: block: merge the block into the existing astronomer: key rather than adding a second one." >&2
    exit 1
fi
"#;

/// The whole script.
pub fn commands_sh(config: &Config) -> String {
    let mut script = String::from(
        "#!/usr/bin/env bash\n\
         # Points the registry of the Astronomer platform at the storage in config.yaml.\n\
         # Run it with kubectl and helm pointed at the platform's cluster:\n\
         #   bash commands.sh [PLATFORM_CONFIG]     (default: ./config.yaml)\n\
         # PLATFORM_CONFIG is the platform's full config file with the generated\n\
         # astronomer.registry block merged in. If this changes the storage backend,\n\
         # images already in the registry are not copied to the new storage.\n\
         set -euo pipefail\n",
    );
    script.push_str(&GUARD.replace("{BACKEND}", config.backend.kind().values_key()));
    for (number, step) in apply_steps(config).iter().enumerate() {
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
    let mut line = first;
    let mut empty = true;
    for word in step.text.split(' ') {
        if !empty && line.len() + 1 + word.len() > WIDTH {
            script.push_str(line.trim_end());
            script.push('\n');
            line = indent.clone();
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
    for command in &step.commands {
        if step.runner == Runner::ByHand {
            script.push_str(&indent);
            script.push_str("  ");
        }
        script.push_str(command);
        script.push('\n');
    }
}
