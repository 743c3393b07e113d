//! The region tables (`src/model/regions.rs`, through `Registry::regions()`)
//! against the SDKs' own data: `tests/fixtures/sdk-regions.txt`, the regions
//! of every partition of `endpoints.DefaultPartitions()` at each aws-sdk-go
//! tag, written by `scripts/sdk-regions.mjs` (its header says what it reads
//! and why). Each registry program's table holds exactly the regions of the
//! SDK it was built with, both ways. And the extract is what a registry
//! program checks: Debian's `docker-registry`, the one the tests run (built
//! with aws-sdk-go 1.44.133), starts on exactly the regions of that version.

mod tools;

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use registry_configurator::model::{ChartVersion, Registry};

/// The aws-sdk-go each registry program vendors, and the table that holds its
/// regions in `src/model/regions.rs` (for the messages). No catch-all arm: a
/// new program fails the build here.
fn sdk_of(registry: Registry) -> (&'static str, &'static str) {
    match registry {
        Registry::Upstream2_8_2 => ("v1.15.11", "SDK_1_15_11"),
        Registry::Fork2 => ("v1.34.9", "SDK_1_34_9"),
        Registry::V3_0_0 | Registry::V3_1_1 => ("v1.55.5", "SDK_1_55_5"),
    }
}

/// The aws-sdk-go of Debian's `docker-registry` 2.8.2+ds1-1 (its
/// `Built-Using: golang-github-aws-aws-sdk-go (= 1.44.133-1)`).
const DEBIAN_SDK: &str = "v1.44.133";

/// One SDK version of the fixture.
#[derive(Default)]
struct Sdk {
    /// Each kind of provenance line (`commit`, `read`, `agrees`,
    /// `partitions`) with its words, as often as it appears.
    facts: Vec<(String, String)>,
    /// Each region with its partition, in the fixture's order.
    regions: Vec<(String, String)>,
}

impl Sdk {
    fn ids(&self) -> BTreeSet<&str> {
        self.regions.iter().map(|(id, _)| id.as_str()).collect()
    }
}

/// The fixture: each tag with its lines.
fn fixture() -> BTreeMap<String, Sdk> {
    let path = tools::repo_path("tests/fixtures/sdk-regions.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut sdks: BTreeMap<String, Sdk> = BTreeMap::new();
    for line in text.lines().filter(|line| !line.starts_with('#') && !line.is_empty()) {
        let mut words = line.splitn(3, ' ');
        let (Some(tag), Some(kind), Some(rest)) = (words.next(), words.next(), words.next()) else {
            panic!("sdk-regions.txt: not `<tag> <kind> <words>`: {line:?}");
        };
        let sdk = sdks.entry(tag.to_owned()).or_default();
        if kind == "region" {
            let (id, partition) = rest
                .split_once(' ')
                .unwrap_or_else(|| panic!("sdk-regions.txt: not `<tag> region <id> <partition>`: {line:?}"));
            sdk.regions.push((id.to_owned(), partition.to_owned()));
        } else {
            sdk.facts.push((kind.to_owned(), rest.to_owned()));
        }
    }
    sdks
}

/// Every registry program a release holds, once each.
fn registries() -> Vec<Registry> {
    let mut registries = Vec::new();
    for chart in ChartVersion::all() {
        if !registries.contains(&chart.registry()) {
            registries.push(chart.registry());
        }
    }
    registries
}

#[test]
fn the_fixture_holds_each_sdk_once_with_where_its_regions_came_from() {
    let sdks = fixture();
    let mut wanted: BTreeSet<&str> = registries().into_iter().map(|registry| sdk_of(registry).0).collect();
    wanted.insert(DEBIAN_SDK);
    let tags: BTreeSet<&str> = sdks.keys().map(String::as_str).collect();
    assert_eq!(tags, wanted, "the SDK versions of sdk-regions.txt");
    for (tag, sdk) in &sdks {
        let kinds: Vec<&str> = sdk.facts.iter().map(|(kind, _)| kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["commit", "read", "agrees", "partitions"],
            "{tag}: the provenance lines"
        );
        for (kind, words) in &sdk.facts[..3] {
            let hash = words.rsplit(' ').next().unwrap_or_default();
            assert!(
                hash.len() == 40 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()),
                "{tag} {kind}: {words:?} does not end with a git object id"
            );
        }
        assert!(
            sdk.facts[1].1.starts_with("aws/endpoints/defaults.go "),
            "{tag}: the file read"
        );
        let partitions: Vec<&str> = sdk.facts[3].1.split(' ').collect();
        assert_eq!(
            partitions[..3],
            ["aws", "aws-cn", "aws-us-gov"],
            "{tag}: the partitions"
        );
        let ids: Vec<&str> = sdk.regions.iter().map(|(id, _)| id.as_str()).collect();
        assert!(!ids.is_empty(), "{tag}: no region");
        assert!(
            ids.windows(2).all(|pair| pair[0] < pair[1]),
            "{tag}: regions not sorted, or one twice: {ids:?}"
        );
        for (id, partition) in &sdk.regions {
            assert!(
                partitions.contains(&partition.as_str()),
                "{tag} {id}: partition {partition} not listed"
            );
        }
    }
}

#[test]
fn each_registry_accepts_exactly_the_regions_of_its_sdk() {
    let sdks = fixture();
    // Each difference found, with the programs whose table shows it.
    let mut failures: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for registry in registries() {
        let (tag, table) = sdk_of(registry);
        let sdk = sdks
            .get(tag)
            .unwrap_or_else(|| panic!("sdk-regions.txt has no {tag}, the SDK of {}", registry.name()));
        let listed = registry.regions();
        let table_ids: BTreeSet<&str> = listed.iter().copied().collect();
        let sdk_ids = sdk.ids();
        let missing: Vec<&str> = sdk_ids.difference(&table_ids).copied().collect();
        let extra: Vec<&str> = table_ids.difference(&sdk_ids).copied().collect();
        let twice: BTreeSet<&str> = listed
            .iter()
            .filter(|id| listed.iter().filter(|other| other == id).count() > 1)
            .copied()
            .collect();
        let mut wrong = Vec::new();
        if !missing.is_empty() {
            wrong.push(format!("in the SDK but missing from the table: {missing:?}"));
        }
        if !extra.is_empty() {
            wrong.push(format!("in the table but not in the SDK: {extra:?}"));
        }
        if !twice.is_empty() {
            wrong.push(format!("listed twice: {twice:?}"));
        }
        if !wrong.is_empty() {
            let found = format!(
                "table {table} in src/model/regions.rs against aws-sdk-go {tag}: {}",
                wrong.join("; ")
            );
            failures.entry(found).or_default().push(registry.name());
        }
    }
    let failures: Vec<String> = failures
        .into_iter()
        .map(|(found, names)| format!("{found} (the table of {})", names.join(", ")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What Debian's registry does with `region` and no `regionendpoint`: `Ok`
/// when it listens, `Err` with what it printed when it exits first.
fn debian_registry_on(region: &str) -> Result<(), String> {
    let dir = tools::temp_dir(&format!("region-{region}"));
    let config = dir.join("config.yml");
    let port = tools::registry::free_port();
    std::fs::write(
        &config,
        format!(
            "version: 0.1\nstorage:\n  s3:\n    region: {region}\n    bucket: b\nhttp:\n  addr: 127.0.0.1:{port}\n"
        ),
    )
    .expect("write config.yml");
    let mut child = tools::registry::registry_serve(&config, &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start docker-registry");
    let deadline = Instant::now() + Duration::from_secs(20);
    let outcome = loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            let _ = child.kill();
            break Ok(());
        }
        if child.try_wait().expect("wait for docker-registry").is_some() {
            break Err(String::new());
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            break Err(format!("did not listen on {port} within 20 s"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().expect("wait for docker-registry");
    let _ = std::fs::remove_dir_all(&dir);
    outcome.map_err(|why| format!("{why}{}", String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn debians_registry_starts_on_exactly_the_regions_of_its_sdk() {
    tools::require("docker-registry", &["--version"]);
    let built_with = tools::run("dpkg-query", &["-W", "-f", "${Built-Using}", "docker-registry"], b"");
    let built_with = String::from_utf8_lossy(&built_with.stdout);
    let sdk_version = DEBIAN_SDK.trim_start_matches('v');
    assert!(
        built_with.contains(&format!("golang-github-aws-aws-sdk-go (= {sdk_version}-")),
        "Debian's docker-registry is no longer built with aws-sdk-go {sdk_version}: {built_with}"
    );
    let sdks = fixture();
    let accepted = sdks[DEBIAN_SDK].ids();
    // Every region the fixture knows, and one newer than every SDK in it.
    let mut tried: BTreeSet<&str> = sdks
        .values()
        .flat_map(|sdk| sdk.regions.iter().map(|(id, _)| id.as_str()))
        .collect();
    tried.insert("ap-southeast-5");
    let mut wrong = Vec::new();
    for region in tried {
        match (accepted.contains(region), debian_registry_on(region)) {
            (true, Ok(())) => {}
            (false, Err(printed)) if printed.contains(&format!("invalid region provided: {region}")) => {}
            (true, Err(printed)) => wrong.push(format!("{region}: in {DEBIAN_SDK}, but refused:\n{printed}")),
            (false, Ok(())) => wrong.push(format!("{region}: not in {DEBIAN_SDK}, but the registry started")),
            (false, Err(printed)) => wrong.push(format!("{region}: not refused for its region:\n{printed}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
