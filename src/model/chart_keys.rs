//! The keys under `astronomer.registry` that each chart release reads: one
//! line per key, with the releases whose templates read it.
//!
//! Read from the tags of the public chart repository `astronomer/astronomer`
//! (`v0.25.1` to `v2.1.0`, every release of `releases.rs`): each
//! `.Values.registry.<path>` in `charts/astronomer/templates/` (the registry's
//! own `templates/registry/*.yaml` and the files that read its values beside
//! them: `_helpers.yaml`, `registry-auth-secret.yaml`), checked against the
//! `registry:` block of `charts/astronomer/values.yaml` at the same tag. A
//! path is as deep as the templates read it: `resources`, the probes,
//! `podAnnotations`, `extraEnv` and the like are read whole (`toYaml`), so
//! whatever is inside them is theirs. Every key of `values.yaml` is read but
//! `podLabels` (in `values.yaml` from 0.25.1 to 0.27.4, read by no template);
//! `httpSecret`, `authHeaderSecretName` in 1.0.0 and the `*Override` names in
//! 2.1.0 are read without a line in `values.yaml`. No template reads
//! `.Values.registry` whole or through `range`, and the one `with` hands
//! `podSecurityContext` to `toYaml` whole. `tests/fixtures/chart-keys.txt`
//! holds the same extract per release, checked against this table both ways.
//!
//! Where the release table's `Features` name a registry value, the two agree
//! (tested below): `gcs.useKeyfile`, `redirect.disable`, `s3.regionendpoint`,
//! `extraEnv` and `serviceAccount.*`.

/// Releases that read a key: from `first` to `last` (`None`: to the newest),
/// in the order of versions (0.30.8 sits between 0.30.7 and 0.31.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub first: &'static str,
    pub last: Option<&'static str>,
}

/// A key under `astronomer.registry` and the releases that read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartKey {
    /// The mapping it sits in: `""` for the block itself, `"s3"` for `s3.bucket`.
    pub parent: &'static str,
    pub name: &'static str,
    /// Oldest first, apart from each other.
    pub read: &'static [Span],
}

impl ChartKey {
    /// Its path under `astronomer.registry`, e.g. `s3.bucket`.
    pub fn path(&self) -> String {
        if self.parent.is_empty() {
            self.name.to_owned()
        } else {
            format!("{}.{}", self.parent, self.name)
        }
    }
}

const fn k(parent: &'static str, name: &'static str, read: &'static [Span]) -> ChartKey {
    ChartKey { parent, name, read }
}

const fn from(first: &'static str) -> Span {
    Span { first, last: None }
}

const fn span(first: &'static str, last: &'static str) -> Span {
    Span {
        first,
        last: Some(last),
    }
}

/// Every release of the table, from 0.25.1 on.
const EVERY: &[Span] = &[from("0.25.1")];

/// Every key any release reads, by parent (the block's own keys first), then name.
pub const CHART_KEYS: &[ChartKey] = &[
    k("", "authHeaderSecretName", &[span("0.25.11", "1.0.0")]),
    k("", "enableInsecureAuth", &[from("0.37.0")]),
    k("", "enabled", &[from("2.1.0")]),
    k("", "extraEnv", &[span("0.30.8", "0.30.8"), from("0.32.1")]),
    k("", "fullnameOverride", &[from("2.1.0")]),
    k("", "hostAliases", &[from("1.1.0")]),
    k("", "httpSecret", &[from("0.25.3")]),
    k("", "livenessProbe", &[from("0.36.0")]),
    k("", "logLevel", &[from("0.31.0")]),
    k("", "nameOverride", &[from("2.1.0")]),
    k("", "podAnnotations", &[from("0.37.0")]),
    k("", "podSecurityContext", &[span("0.32.5", "0.32.6"), from("0.34.0")]),
    k("", "readinessProbe", &[from("0.36.0")]),
    k("", "replicas", EVERY),
    k("", "resources", EVERY),
    k("", "startupProbe", &[from("2.1.0")]),
    k("auth", "connection", EVERY),
    k("auth", "issuer", EVERY),
    k("auth", "secretName", EVERY),
    k("auth", "service", EVERY),
    k("azure", "accountkey", EVERY),
    k("azure", "accountname", EVERY),
    k("azure", "container", EVERY),
    k("azure", "enabled", EVERY),
    k("azure", "realm", EVERY),
    k("gcs", "bucket", EVERY),
    k("gcs", "chunksize", EVERY),
    k("gcs", "enabled", EVERY),
    k("gcs", "keyfile", EVERY),
    k("gcs", "rootdirectory", EVERY),
    k("gcs", "useKeyfile", &[from("0.25.3")]),
    k(
        "notifications",
        "timeout",
        &[span("0.25.13", "0.25.15"), from("0.28.0")],
    ),
    k("persistence", "annotations", &[from("0.29.2")]),
    k("persistence", "enabled", EVERY),
    k("persistence", "size", EVERY),
    k("persistence", "storageClassName", EVERY),
    k("redirect", "disable", &[from("0.29.0")]),
    k("s3", "accesskey", EVERY),
    k("s3", "bucket", EVERY),
    k("s3", "enabled", EVERY),
    k("s3", "encrypt", EVERY),
    k("s3", "keyid", EVERY),
    k("s3", "region", EVERY),
    k("s3", "regionendpoint", &[from("0.30.0")]),
    k("s3", "rootdirectory", EVERY),
    k("s3", "secretkey", EVERY),
    k(
        "serviceAccount",
        "annotations",
        &[span("0.30.8", "0.30.8"), from("0.32.3")],
    ),
    k("serviceAccount", "automountServiceAccountToken", &[from("2.1.0")]),
    k("serviceAccount", "create", &[span("0.30.8", "0.30.8"), from("0.32.3")]),
    k("serviceAccount", "name", &[span("0.30.8", "0.30.8"), from("0.32.3")]),
    k(
        "serviceAccount",
        "sccEnabled",
        &[span("0.32.3", "0.32.6"), from("0.33.1")],
    ),
];

/// The keys some release reads directly under `parent` (`""`: the block),
/// the mappings that hold keys among them, in the table's order.
pub fn names_under(parent: &str) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for key in CHART_KEYS {
        let name = match (parent.is_empty(), key.parent.is_empty()) {
            (true, true) => key.name,
            (true, false) => key.parent,
            (false, _) if key.parent == parent => key.name,
            (false, _) => continue,
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Whether `name` under the block is a mapping of keys the table lists (the
/// lint looks inside it), rather than a value read whole.
pub fn holds_keys(name: &str) -> bool {
    CHART_KEYS.iter().any(|key| key.parent == name)
}

#[cfg(test)]
mod tests {
    use super::super::chart::ChartVersion;
    use super::super::release::Feature;
    use super::super::releases::RELEASES;
    use super::*;

    fn position(version: &str) -> usize {
        RELEASES
            .iter()
            .position(|release| release.version == version)
            .unwrap_or_else(|| panic!("{version} is not a release of the table"))
    }

    #[test]
    fn the_table_is_sorted_without_duplicates_and_every_span_is_within_the_release_table() {
        for pair in CHART_KEYS.windows(2) {
            assert!(
                (pair[0].parent, pair[0].name) < (pair[1].parent, pair[1].name),
                "{pair:?}"
            );
        }
        for key in CHART_KEYS {
            assert!(!key.read.is_empty(), "{key:?}");
            assert!(!key.name.is_empty() && !key.name.contains('.'), "{key:?}");
            assert!(
                !holds_keys(key.name) || !key.parent.is_empty(),
                "{key:?}: both a value and a mapping"
            );
            // Newest first in RELEASES: a later span sits at a smaller position.
            let mut older = RELEASES.len();
            for span in key.read {
                let first = position(span.first);
                let last = span.last.map_or(0, position);
                assert!(first >= last, "{key:?}: {span:?} ends before it starts");
                assert!(first < older, "{key:?}: {span:?} overlaps the span before it");
                assert!(
                    older == RELEASES.len() || first + 1 < older,
                    "{key:?}: {span:?} touches the span before it"
                );
                older = last;
            }
            let open = key.read.iter().filter(|span| span.last.is_none()).count();
            assert!(
                open <= 1 && key.read[..key.read.len() - 1].iter().all(|span| span.last.is_some()),
                "{key:?}"
            );
            assert_ne!(
                key.read.last().and_then(|span| span.last),
                Some(RELEASES[0].version),
                "{key:?}: write from(..)"
            );
        }
        for parent in CHART_KEYS
            .iter()
            .map(|key| key.parent)
            .filter(|parent| !parent.is_empty())
        {
            assert!(!parent.contains('.'), "{parent}: one level of mappings");
        }
    }

    /// The release table's features that are registry values say the same
    /// as this table, release by release.
    #[test]
    fn the_release_tables_features_agree_with_the_keys() {
        let values = [
            (Feature::GcsUseKeyfile, &["gcs.useKeyfile"][..]),
            (Feature::RedirectDisable, &["redirect.disable", "redirect"]),
            (Feature::S3RegionEndpoint, &["s3.regionendpoint"]),
            (Feature::ExtraEnv, &["extraEnv"]),
            (
                Feature::ServiceAccount,
                &[
                    "serviceAccount.create",
                    "serviceAccount.annotations",
                    "serviceAccount.name",
                    "serviceAccount",
                ],
            ),
        ];
        for chart in ChartVersion::all() {
            for (feature, paths) in values {
                for path in paths {
                    assert_eq!(chart.supports(feature), chart.reads_key(path), "{chart} {path}");
                }
            }
        }
    }

    #[test]
    fn names_under_a_parent_and_the_mappings() {
        assert_eq!(names_under("redirect"), ["disable"]);
        assert_eq!(names_under("serviceAccount").len(), 5);
        let top = names_under("");
        for name in [
            "replicas",
            "resources",
            "logLevel",
            "podAnnotations",
            "s3",
            "serviceAccount",
            "auth",
        ] {
            assert!(top.contains(&name), "{name}");
        }
        assert!(holds_keys("s3") && holds_keys("auth") && !holds_keys("resources") && !holds_keys("extraEnv"));
        assert!(names_under("resources").is_empty());
    }
}
