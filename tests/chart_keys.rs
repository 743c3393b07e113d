//! The chart-key table (`src/model/chart_keys.rs`) against the project's
//! extract of every release's chart (`tests/fixtures/chart-keys.txt`: the
//! `.Values.registry.*` paths each tag's templates read), both ways: each
//! release reads exactly the keys listed for it, and the table lists no key
//! the extract does not. And the files never write a key their release does
//! not read.

mod tools;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use registry_configurator::import;
use registry_configurator::model::chart_keys::CHART_KEYS;
use registry_configurator::model::{ChartVersion, VERSIONS};
use registry_configurator::render::render;
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};

/// The extract: each release with the paths its templates read.
fn extract() -> Vec<(String, BTreeSet<String>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chart-keys.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut releases = Vec::new();
    for line in text.lines().filter(|line| !line.starts_with('#') && !line.is_empty()) {
        let (versions, paths) = line.split_once(": ").unwrap_or_else(|| panic!("{line}"));
        let paths: BTreeSet<String> = paths.split(' ').map(str::to_owned).collect();
        for version in versions.split(' ') {
            releases.push((version.to_owned(), paths.clone()));
        }
    }
    releases
}

/// Every path of the table.
fn table_paths() -> BTreeSet<String> {
    CHART_KEYS.iter().map(|key| key.path()).collect()
}

#[test]
fn the_extract_covers_every_release_of_the_release_table_once() {
    let versions: Vec<String> = extract().into_iter().map(|(version, _)| version).collect();
    assert_eq!(versions, VERSIONS, "newest first, as the release table");
}

#[test]
fn each_release_reads_exactly_the_keys_its_chart_reads() {
    let paths = table_paths();
    for (version, read) in extract() {
        let chart = ChartVersion::parse(&version).expect("a release");
        let table: BTreeSet<String> = paths.iter().filter(|path| chart.reads_key(path)).cloned().collect();
        let missing: Vec<&String> = read.difference(&table).collect();
        let extra: Vec<&String> = table.difference(&read).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "chart {version}: read by its templates but not in the table: {missing:?}; in the table but not read: {extra:?}"
        );
        for path in &read {
            assert!(chart.reads_key(path), "{version} {path}");
        }
    }
}

#[test]
fn the_table_lists_no_key_that_no_release_reads() {
    let read: BTreeSet<String> = extract().into_iter().flat_map(|(_, paths)| paths).collect();
    assert_eq!(table_paths(), read);
}

/// The keys named in the issue: 2.1.0 reads them all; the oldest release
/// reads only `replicas` and `resources` of them.
#[test]
fn the_keys_of_a_high_availability_registry_per_release() {
    let keys = [
        "replicas",
        "resources",
        "logLevel",
        "podAnnotations",
        "livenessProbe",
        "readinessProbe",
    ];
    let read_by = |version: &str| -> Vec<&str> {
        let chart = ChartVersion::parse(version).expect("a release");
        keys.into_iter().filter(|key| chart.reads_key(key)).collect()
    };
    assert_eq!(read_by("2.1.0"), keys);
    assert_eq!(read_by("0.37.0"), keys);
    assert_eq!(
        read_by("0.36.1"),
        ["replicas", "resources", "logLevel", "livenessProbe", "readinessProbe"]
    );
    assert_eq!(read_by("0.31.0"), ["replicas", "resources", "logLevel"]);
    assert_eq!(read_by("0.30.8"), ["replicas", "resources"]);
    assert_eq!(read_by("0.25.1"), ["replicas", "resources"]);
}

/// Every golden case's config.yaml, linted for the release it is for, has no
/// key that release ignores or that no release reads.
#[test]
fn every_golden_config_writes_only_keys_its_release_reads() {
    let mut charts = BTreeSet::new();
    for case in tools::cases::all() {
        let config = case.config();
        let chart = config.platform.chart;
        charts.insert(chart.as_str());
        let artifacts = render(&config);
        let text = &artifacts
            .iter()
            .find(|a| a.name == "config.yaml")
            .expect("config.yaml")
            .text;
        let imported = import::read(text).unwrap_or_else(|error| panic!("{}: {}", case.name, error.text()));
        let mut draft = Draft::default();
        draft.apply(Action::SetField(FieldId::ChartVersion, chart.to_string()));
        let unread: Vec<String> = imported
            .lint(&draft)
            .into_iter()
            .filter(|finding| {
                finding.message.contains(" ignores astronomer.registry.") || finding.message.contains("never reads")
            })
            .map(|finding| finding.message)
            .collect();
        assert_eq!(unread, Vec::<String>::new(), "{} (chart {chart})", case.name);
    }
    assert!(charts.len() >= 5, "the cases reach several releases: {charts:?}");
}
