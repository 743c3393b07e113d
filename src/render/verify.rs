//! The `verify.sh` artifact: run after the upgrade, it waits for the
//! registry's rollout, asks the registry for its API root through a
//! port-forward, and looks through its log for storage errors, saying what
//! to look at when something is wrong: the failure modes of
//! `diagnose::MODES`, with the same cause and fix as the page gives.

use crate::diagnose::MODES;
use crate::render::inventory;
use crate::render::shell::quote;
use crate::settings::{Backend, Config};

/// The registry's HTTP port in the chart (`ports.registryHTTP`).
const REGISTRY_PORT: u16 = 5000;

pub fn verify_sh(config: &Config) -> String {
    let platform = &config.platform;
    // Object stores turn the chart's StatefulSet into a Deployment.
    let kind = match config.backend {
        Backend::Volume(_) => "statefulset",
        Backend::Gcs(_) | Backend::S3(_) | Backend::Azure(_) => "deployment",
    };
    let mut script = format!(
        "#!/usr/bin/env bash\n\
         # Checks that the registry of the Astronomer platform runs and reads its storage,\n\
         # after `bash commands.sh`. Run it with kubectl pointed at the platform's cluster.\n\
         {target}\
         set -euo pipefail\n\
         \n\
         namespace={namespace}\n\
         registry={registry}\n\
         \n\
         echo \"Waiting for $registry to roll out...\"\n\
         if ! kubectl rollout status {kind}/\"$registry\" --namespace \"$namespace\" --timeout=300s; then\n\
         \x20   echo \"verify.sh: the registry did not become ready. Look at:\" >&2\n\
         \x20   echo \"  kubectl describe {kind}/$registry --namespace $namespace\" >&2\n\
         \x20   echo \"  kubectl logs {kind}/$registry --namespace $namespace\" >&2\n\
         \x20   exit 1\n\
         fi\n\
         \n\
         # Ask the registry for its API root through a port-forward: 200 or 401 (it\n\
         # wants a token) means it answers; its storage health check makes it 503.\n\
         port=15000\n\
         kubectl port-forward \"svc/$registry\" \"$port:{port}\" --namespace \"$namespace\" >/dev/null 2>&1 &\n\
         forward=$!\n\
         trap 'kill \"$forward\" 2>/dev/null || true' EXIT\n\
         status=000\n\
         for _ in $(seq 1 30); do\n\
         \x20   status=\"$(curl -s -o /dev/null -w '%{{http_code}}' \"http://127.0.0.1:$port/v2/\" || true)\"\n\
         \x20   [ \"$status\" != 000 ] && break\n\
         \x20   sleep 1\n\
         done\n\
         \n\
         log=\"$(kubectl logs {kind}/\"$registry\" --namespace \"$namespace\" --tail=500 2>&1 || true)\"\n\
         # The registry's info and debug lines only echo names.\n\
         log=\"$(printf '%s\\n' \"$log\" | grep -viE 'level=(info|debug|trace) |\"level\":\"(info|debug|trace)\"' || true)\"\n\
         problems=0\n\
         \n\
         # match TEXT...: the log's lines that hold every TEXT (case ignored).\n\
         match() {{\n\
         \x20   lines=\"$log\"\n\
         \x20   for text in \"$@\"; do\n\
         \x20       lines=\"$(printf '%s\\n' \"$lines\" | grep -iF -- \"$text\" || true)\"\n\
         \x20   done\n\
         \x20   if [ -n \"$lines\" ]; then printf '%s\\n' \"$lines\"; fi\n\
         }}\n\
         # known ID WHAT WHY FIX: when $hits holds lines, says what they mean and\n\
         # takes them out of the log (a line belongs to the first mode it shows).\n\
         known() {{\n\
         \x20   if [ -z \"$hits\" ]; then return 0; fi\n\
         \x20   echo \"verify.sh: the registry's log shows a known problem ($1):\" >&2\n\
         \x20   printf '%s\\n' \"$hits\" | head -n 3 | sed 's/^/  | /' >&2 || true\n\
         \x20   echo \"  What happened: $2\" >&2\n\
         \x20   echo \"  Why: $3\" >&2\n\
         \x20   echo \"  Fix: $4\" >&2\n\
         \x20   log=\"$(printf '%s\\n' \"$log\" | grep -vxF -e \"$hits\" || true)\"\n\
         \x20   problems=1\n\
         }}\n\
         \n\
         # The failure modes (the page's \"What did the registry say?\" reads the same table).\n",
        namespace = quote(platform.namespace.as_str()),
        registry = quote(&format!("{}-registry", platform.release.as_str())),
        port = REGISTRY_PORT,
        target = {
            let mut lines = String::new();
            crate::render::commands::wrap(
                &mut lines,
                "# For ",
                "# ",
                &format!("{}.", crate::render::steps::target(platform)),
            );
            lines
        },
    );
    let registry = platform.chart.registry();
    // The modes of this storage and the chart's, but the symptoms (a
    // registry that answers logs them for ordinary requests too).
    let store_kind = config.backend.kind();
    let modes = MODES
        .iter()
        .filter(|mode| mode.weight > 1 && mode.store.is_none_or(|store| store == store_kind));
    for mode in modes {
        script.push_str("hits=\"$(");
        for (index, sign) in mode.signs.iter().enumerate() {
            script.push_str(if index == 0 { "match" } else { "; match" });
            words(&mut script, sign.all);
        }
        script.push_str(")\"\nknown");
        words(&mut script, &[mode.id, mode.what, mode.why(Some(registry)), mode.fix]);
        script.push('\n');
    }
    if inventory::checked(config)
        && let Some(check) = inventory::check(config)
    {
        script.push_str(&check);
    }
    script.push_str(
        "\n# What the registry stopped on that no mode explains.\n\
         rest=\"$(printf '%s\\n' \"$log\" | grep -iE '^panic:|level=(fatal|panic)|\"level\":\"(fatal|panic)\"' || true)\"\n\
         if [ -n \"$rest\" ]; then\n\
         \x20   echo \"verify.sh: the registry's log has errors this script does not know:\" >&2\n\
         \x20   printf '%s\\n' \"$rest\" | head -n 5 | sed 's/^/  | /' >&2 || true\n\
         \x20   problems=1\n\
         fi\n",
    );
    script.push_str(
        "\ncase \"$status\" in\n\
         \x20   200|401) echo \"The registry answers /v2/ ($status).\" ;;\n\
         \x20   *) echo \"verify.sh: the registry answered /v2/ with $status.\" >&2; problems=1 ;;\n\
         esac\n\
         if [ \"$problems\" != 0 ]; then\n\
         \x20   echo \"verify.sh: the registry does not read its storage yet; see the lines above and:\" >&2\n\
         \x20   echo \"  kubectl logs deployment-or-statefulset/$registry --namespace $namespace\" >&2\n\
         \x20   exit 1\n\
         fi\n\
         echo \"The registry runs and its log shows no storage error.\"\n",
    );
    script.replace("deployment-or-statefulset", kind)
}

/// Each word after a space, quoted for the shell.
fn words(script: &mut String, words: &[&str]) {
    for word in words {
        script.push(' ');
        script.push_str(&quote(word));
    }
}
