//! The zip writer's archives opened by Python's zipfile and by `unzip -t`.

mod tools;

use std::path::Path;

use registry_configurator::render::{readme, render, steps::apply_steps, zip::zip_stored, zip_all};
use serde_json::{Value, json};

/// What Python's zipfile reads from the archive at `path`: `testzip()`, and
/// for each entry its name, contents (hex), method, UTF-8 flag and timestamp.
fn python_read(path: &Path) -> Value {
    tools::require("python3", &["-c", "import zipfile"]);
    const SCRIPT: &str = r#"
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as archive:
    print(json.dumps({
        "bad": archive.testzip(),
        "entries": [
            {
                "name": info.filename,
                "data": archive.read(info).hex(),
                "method": info.compress_type,
                "utf8": bool(info.flag_bits & 0x800),
                "date_time": list(info.date_time),
            }
            for info in archive.infolist()
        ],
    }))
"#;
    let path = path.to_string_lossy();
    let text = tools::stdout_of("python3 zipfile", tools::run("python3", &["-c", SCRIPT, &path], b""));
    serde_json::from_str(&text).expect("python printed JSON")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Writes `zip` to a file and checks that Python and `unzip -t` read exactly
/// `files` back from it. A missing `unzip` fails the test with the setup hint
/// (scripts/setup.sh installs it), never skips the check.
fn check_archive(label: &str, zip: &[u8], files: &[(&str, &[u8])]) {
    let path = tools::temp_dir("zip").join(format!("{label}.zip"));
    std::fs::write(&path, zip).expect("write the archive");
    let expected_entries: Vec<Value> = files
        .iter()
        .map(|(name, data)| {
            json!({ "name": name, "data": hex(data), "method": 0, "utf8": true, "date_time": [1980, 1, 1, 0, 0, 0] })
        })
        .collect();
    assert_eq!(
        python_read(&path),
        json!({ "bad": null, "entries": expected_entries }),
        "{label}"
    );
    // unzip reports an archive without entries as a warning (exit 1), so only
    // archives with files go through it.
    if !files.is_empty() {
        tools::require("unzip", &["-v"]);
        let path = path.to_string_lossy();
        let report = tools::stdout_of(&format!("unzip -t {label}"), tools::run("unzip", &["-t", &path], b""));
        assert!(report.contains("No errors detected"), "{label}: {report}");
    }
}

#[test]
fn python_and_unzip_read_back_every_file() {
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let files: &[(&str, &[u8])] = &[
        ("config.yaml", b"astronomer:\n  registry: {}\n"),
        ("empty.txt", b""),
        ("dir/nested name.txt", b"nested\n"),
        ("caf\u{e9} \u{65e5}\u{672c}.txt", "unicode name\n".as_bytes()),
        ("binary.bin", &binary),
    ];
    check_archive("mixed", &zip_stored(files), files);
    check_archive("empty", &zip_stored(&[]), &[]);
}

#[test]
fn zip_all_holds_the_artifacts_in_order_and_is_deterministic() {
    let config = tools::cases::all()
        .into_iter()
        .find(|case| case.name == "s3-kms-key-arn")
        .expect("the s3-kms-key-arn case")
        .config();
    let artifacts = render(&config);
    let text = readme(&config, &artifacts, &apply_steps(&config));
    let zip = zip_all(&artifacts, &text);
    assert_eq!(
        zip_all(
            &render(&config),
            &readme(&config, &render(&config), &apply_steps(&config))
        ),
        zip,
        "the same files give the same bytes"
    );
    let mut files: Vec<(&str, &[u8])> = vec![("README.txt", text.as_bytes())];
    files.extend(artifacts.iter().map(|a| (a.name, a.text.as_bytes())));
    assert_eq!(
        files.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        [
            "README.txt",
            "config.yaml",
            "iam-policy.json",
            "migrate-job-1.yaml",
            "migrate-job-2.yaml",
            "commands.sh",
            "verify.sh"
        ]
    );
    // The README gives the steps in order, the same ones as the script.
    for step in registry_configurator::render::steps::apply_steps(&config) {
        assert!(text.contains(&step.text), "{}", step.text);
    }
    assert!(text.contains("bash commands.sh path/to/platform/config.yaml"));
    check_archive("artifacts", &zip, &files);
}
