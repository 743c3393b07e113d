//! The installed platform chart release: which registry values it knows and
//! which registry program it runs, both looked up in the release table
//! (`releases.rs`), and which keys under `astronomer.registry` its templates
//! read (`chart_keys.rs`). A release ignores a value it does not know, silently.
//! A release newer than the table is taken as the newest the table knows,
//! and keeps the version typed (`helm upgrade --version` pins that one).

use std::fmt;

use super::chart_keys::CHART_KEYS;
use super::release::{Feature, Registry, Release};
use super::releases::RELEASES;

/// A chart version as numbers, for ordering releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// `MAJOR.MINOR.PATCH`, each a whole number without leading zeros.
    fn parse(text: &str) -> Option<Version> {
        let mut parts = text.split('.').map(|part| {
            let plain = !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && !(part.len() > 1 && part.starts_with('0'));
            plain.then(|| part.parse::<u32>().ok()).flatten()
        });
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) => Some(Version(major, minor, patch)),
            _ => None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// A chart release: one entry of the release table, or a release newer than
/// the table (`beyond`), which follows the table's newest entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartVersion {
    release: &'static Release,
    beyond: Option<Version>,
}

impl ChartVersion {
    const fn of(release: &'static Release) -> ChartVersion {
        ChartVersion { release, beyond: None }
    }

    /// A published release, as `helm list` shows it (`astronomer-0.37.4`) or
    /// just its version (`0.37.4`, `v0.37.4`); or a release newer than the
    /// newest this page knows, which follows that one.
    pub fn parse(raw: &str) -> Result<Self, String> {
        super::values::check_scalar(raw, false)?;
        let text = raw.strip_prefix("astronomer-").unwrap_or(raw);
        let text = text.strip_prefix('v').unwrap_or(text);
        if let Some(release) = RELEASES.iter().find(|release| release.version == text) {
            return Ok(ChartVersion::of(release));
        }
        let parts: Vec<&str> = text.split('.').collect();
        let version = match (parts.len(), Version::parse(text)) {
            (3, Some(version)) => version,
            (3, None) => {
                return Err("Each part of the version is a whole number without leading zeros, e.g. 0.37.4.".into());
            }
            _ => return Err("Enter the full installed chart version as MAJOR.MINOR.PATCH, e.g. 0.37.4 (`helm list -n <namespace>` shows it in the CHART column).".into()),
        };
        let newest = ChartVersion::newest();
        if version > newest.version() {
            return Ok(ChartVersion {
                release: newest.release,
                beyond: Some(version),
            });
        }
        let line = format!("{}.{}", version.0, version.1);
        let on_line: Vec<&str> = RELEASES
            .iter()
            .map(|release| release.version)
            .filter(|known| {
                known
                    .strip_prefix(line.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
            })
            .collect();
        match (on_line.last(), on_line.first()) {
            (Some(oldest), Some(newest)) => Err(format!(
                "{text} is not a published release: the {line} releases are {oldest} to {newest}."
            )),
            _ => Err(format!(
                "{line} is not a published Astronomer platform release line; supported lines are 0.25 to 0.37, 1.0 to 1.2, 2.0 and 2.1, and any newer one."
            )),
        }
    }

    /// The newest release of the table.
    pub fn newest() -> ChartVersion {
        ChartVersion::of(&RELEASES[0])
    }

    /// The version as numbers: the one typed, for a release newer than the table.
    pub fn version(self) -> Version {
        self.beyond
            .or_else(|| Version::parse(self.release.version))
            .unwrap_or(Version(0, 0, 0))
    }

    /// For a release newer than the table: the newest the table knows, which
    /// the files follow.
    pub fn follows(self) -> Option<ChartVersion> {
        self.beyond.map(|_| ChartVersion::of(self.release))
    }

    /// Whether this release knows the value, or its registry can do it.
    pub fn supports(self, feature: Feature) -> bool {
        match feature {
            Feature::WebIdentity => self.release.registry != Registry::Upstream2_8_2,
            Feature::PodIdentity => self.release.registry.is_v3(),
            listed => self.release.knows.contains(listed),
        }
    }

    /// Whether this release has all of `features`.
    pub fn supports_all(self, features: &[Feature]) -> bool {
        features.iter().all(|feature| self.supports(*feature))
    }

    /// The oldest release newer than this one that knows `feature`: the
    /// upgrade that brings it.
    pub fn next_with(self, feature: Feature) -> Option<ChartVersion> {
        self.next_where(|version| version.supports(feature))
    }

    /// What this release lacks of `needs` (the first missing feature), and
    /// the upgrade that brings all of them; `None` when it has them all.
    /// Every "chart X lacks Y: upgrade to Z" sentence starts from this.
    pub fn lacks(self, needs: &[Feature]) -> Option<Lack> {
        let missing = *needs.iter().find(|feature| !self.supports(**feature))?;
        Some(Lack {
            chart: self,
            missing,
            next: self.next_where(|version| version.supports_all(needs)),
        })
    }

    /// The oldest release newer than this one for which `wanted` holds.
    pub fn next_where(self, wanted: impl Fn(ChartVersion) -> bool) -> Option<ChartVersion> {
        RELEASES
            .iter()
            .take_while(|release| self.beyond.is_none() && release.version != self.release.version)
            .map(ChartVersion::of)
            .filter(|version| wanted(*version))
            .last()
    }

    /// The newest release older than this one for which `wanted` holds.
    pub fn previous_where(self, wanted: impl Fn(ChartVersion) -> bool) -> Option<ChartVersion> {
        let version = self.version();
        ChartVersion::all()
            .filter(|older| older.version() < version)
            .find(|older| wanted(*older))
    }

    /// Whether this release's templates read `path` under
    /// `astronomer.registry` (`s3.bucket`, `resources`): the key itself, a
    /// mapping that holds one it reads (`s3`), or something inside a value
    /// it reads whole (`resources.limits`).
    pub fn reads_key(self, path: &str) -> bool {
        let Some(version) = Version::parse(self.release.version) else {
            return false;
        };
        let within = |first: &str, last: Option<&str>| {
            Version::parse(first).is_some_and(|first| first <= version)
                && last.is_none_or(|last| Version::parse(last).is_some_and(|last| version <= last))
        };
        CHART_KEYS.iter().any(|key| {
            // One path is the other or lies inside it, part by part.
            let read = [key.parent, key.name].into_iter().filter(|part| !part.is_empty());
            let names = read.zip(path.split('.')).all(|(read, part)| read == part);
            names && key.read.iter().any(|span| within(span.first, span.last))
        })
    }

    /// The keys this release reads directly under `parent` (`""`: the block).
    pub fn keys_under(self, parent: &str) -> Vec<&'static str> {
        super::chart_keys::names_under(parent)
            .into_iter()
            .filter(|name| {
                if parent.is_empty() {
                    self.reads_key(name)
                } else {
                    self.reads_key(&format!("{parent}.{name}"))
                }
            })
            .collect()
    }

    /// The registry program this release runs.
    pub fn registry(self) -> Registry {
        self.release.registry
    }

    /// The registry image tag of this release.
    pub fn image(self) -> &'static str {
        self.release.image
    }

    /// Every release, newest first.
    pub fn all() -> impl Iterator<Item = ChartVersion> {
        RELEASES.iter().map(ChartVersion::of)
    }

    /// The table's version this release follows (itself, unless it is newer
    /// than the table).
    pub fn as_str(self) -> &'static str {
        self.release.version
    }
}

/// What a release lacks, and the first newer release that has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lack {
    /// The release that lacks it.
    pub chart: ChartVersion,
    /// The first of the needed features it lacks.
    pub missing: Feature,
    /// The oldest newer release that has everything needed, if any.
    pub next: Option<ChartVersion>,
}

impl Lack {
    /// `prefix` followed by the release to upgrade to and `suffix`, or
    /// nothing when no release has it.
    pub fn upgrade(&self, prefix: &str, suffix: &str) -> String {
        self.next
            .map(|next| format!("{prefix}{next}{suffix}"))
            .unwrap_or_default()
    }
}

impl fmt::Display for ChartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.beyond {
            Some(version) => version.fmt(f),
            None => f.write_str(self.release.version),
        }
    }
}

/// Every release's version, newest first: the choices of the chart version input.
pub const VERSIONS: [&str; RELEASES.len()] = {
    let mut versions = [""; RELEASES.len()];
    let mut i = 0;
    while i < RELEASES.len() {
        versions[i] = RELEASES[i].version;
        i += 1;
    }
    versions
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_published_versions_and_rejects_others() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("0.37.4", Ok("0.37.4")),
            ("v0.25.3", Ok("0.25.3")),
            ("astronomer-0.37.4", Ok("0.37.4")),
            ("astronomer-1.2.0", Ok("1.2.0")),
            ("2.1.0", Ok("2.1.0")),
            ("0.30.8", Ok("0.30.8")),
            ("1.2.10", Err("the 1.2 releases are 1.2.0 to 1.2.0")),
            ("0.36.2", Err("the 0.36 releases are 0.36.0 to 0.36.1")),
            ("0.37", Err("MAJOR.MINOR.PATCH")),
            ("0.24.9", Err("not a published")),
            ("1.3.0", Err("not a published")),
            ("2.1.9", Ok("2.1.9")),
            ("astronomer-3.0.0", Ok("3.0.0")),
            ("2.1.01", Err("leading zeros")),
            ("0.037.1", Err("leading zeros")),
            ("0.37.x", Err("whole number")),
            ("", Err("MAJOR.MINOR.PATCH")),
            (" 0.37.4", Err("spaces")),
        ];
        for (raw, expected) in cases {
            match (ChartVersion::parse(raw), expected) {
                (Ok(v), Ok(text)) => assert_eq!(v.to_string(), *text, "{raw:?}"),
                (Err(msg), Err(part)) => assert!(msg.contains(part), "{raw:?}: {msg}"),
                (got, want) => panic!("{raw:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn a_release_newer_than_the_table_follows_its_newest_and_keeps_its_version() {
        let newest = ChartVersion::newest();
        for raw in ["2.1.9", "2.2.0", "3.0.0", "10.0.0"] {
            let version = ChartVersion::parse(raw).unwrap();
            assert_eq!(version.to_string(), raw);
            assert_eq!(version.follows(), Some(newest));
            assert_eq!(version.registry(), newest.registry());
            assert_eq!(version.as_str(), newest.as_str());
            assert!(version.version() > newest.version());
            assert_eq!(version.next_with(Feature::ExtraEnv), None);
        }
        assert_eq!(newest.follows(), None);
        assert!(ChartVersion::parse("0.24.9").is_err(), "older than the oldest line");
    }

    #[test]
    fn versions_list_the_table_in_order() {
        assert_eq!(VERSIONS.len(), RELEASES.len());
        for (version, release) in VERSIONS.iter().zip(RELEASES) {
            assert_eq!(*version, release.version);
        }
    }

    #[test]
    fn the_next_release_with_a_feature_is_the_oldest_newer_one() {
        let v = |s: &str| ChartVersion::parse(s).unwrap();
        assert_eq!(v("0.31.0").next_with(Feature::ExtraEnv), Some(v("0.32.1")));
        assert_eq!(v("0.29.0").next_with(Feature::S3RegionEndpoint), Some(v("0.30.0")));
        assert_eq!(v("0.37.4").next_with(Feature::PlaneMode), Some(v("1.0.0")));
        assert_eq!(v("2.1.0").next_with(Feature::ExtraEnv), None);
    }

    #[test]
    fn next_with_is_the_nearest_newer_release_that_knows_the_feature() {
        let all = [
            Feature::GcsUseKeyfile,
            Feature::RedirectDisable,
            Feature::S3RegionEndpoint,
            Feature::ExtraEnv,
            Feature::ServiceAccount,
            Feature::PlaneMode,
            Feature::WebIdentity,
            Feature::PodIdentity,
        ];
        for (position, release) in RELEASES.iter().enumerate() {
            for feature in all {
                let newer = &RELEASES[..position];
                let expected = newer
                    .iter()
                    .rposition(|newer| ChartVersion::of(newer).supports(feature));
                let got = ChartVersion::of(release).next_with(feature);
                assert_eq!(
                    got.map(|version| version.as_str()),
                    expected.map(|at| newer[at].version),
                    "{} {feature:?}",
                    release.version
                );
            }
        }
    }

    /// Spot checks against the templates of the tags (`chart_keys.rs`).
    #[test]
    fn which_keys_a_release_reads() {
        let v = |s: &str| ChartVersion::parse(s).unwrap();
        for path in [
            "replicas",
            "resources",
            "logLevel",
            "podAnnotations",
            "livenessProbe",
            "readinessProbe",
            "startupProbe",
            "s3",
            "s3.regionendpoint",
            "serviceAccount.automountServiceAccountToken",
            "resources.limits.cpu",
        ] {
            assert!(v("2.1.0").reads_key(path), "2.1.0 {path}");
            assert!(v("2.1.9").reads_key(path), "2.1.9 follows 2.1.0: {path}");
        }
        for (path, first) in [
            ("logLevel", "0.31.0"),
            ("podAnnotations", "0.37.0"),
            ("livenessProbe", "0.36.0"),
            ("readinessProbe", "0.36.0"),
            ("startupProbe", "2.1.0"),
            ("hostAliases", "1.1.0"),
        ] {
            let oldest = v("0.25.1");
            assert!(!oldest.reads_key(path), "{path}");
            assert_eq!(
                oldest.next_where(|version| version.reads_key(path)),
                Some(v(first)),
                "{path}"
            );
        }
        assert!(v("0.25.1").reads_key("replicas") && v("0.25.1").reads_key("resources"));
        assert!(!v("2.0.1").reads_key("startupProbe"));
        assert!(!v("2.0.1").reads_key("serviceAccount.automountServiceAccountToken"));
        assert!(v("2.0.1").reads_key("serviceAccount"));
        assert!(!v("0.31.0").reads_key("serviceAccount"));
        assert!(!v("2.1.0").reads_key("authHeaderSecretName"));
        assert_eq!(
            v("1.1.0").previous_where(|version| version.reads_key("authHeaderSecretName")),
            Some(v("1.0.0"))
        );
        assert!(
            !v("2.1.0").reads_key("podLabels"),
            "in values.yaml of 0.25 to 0.27 only, read by no template"
        );
        assert!(!v("2.1.0").reads_key("s3.regionEndpoint") && !v("2.1.0").reads_key("s3regionendpoint"));
        assert_eq!(v("0.28.0").keys_under("redirect"), Vec::<&str>::new());
        assert_eq!(v("0.29.0").keys_under("redirect"), ["disable"]);
        assert!(!v("0.30.7").keys_under("").contains(&"extraEnv"));
        assert!(v("0.30.8").keys_under("").contains(&"extraEnv"));
    }

    #[test]
    fn registry_abilities_follow_the_program_not_the_chart_values() {
        let v = |s: &str| ChartVersion::parse(s).unwrap();
        assert!(!v("0.30.8").supports(Feature::WebIdentity), "upstream 2.8.2");
        assert!(v("0.30.7").supports(Feature::WebIdentity), "the fork's SDK 1.34.9");
        assert!(!v("0.37.0").supports(Feature::PodIdentity));
        assert!(v("0.37.1").supports(Feature::PodIdentity));
        assert!(v("2.1.0").supports_all(&[Feature::ServiceAccount, Feature::PodIdentity]));
    }
}
