//! The installed platform chart release: which registry values it knows and
//! which registry program it runs, both looked up in the release table
//! (`releases.rs`). A release ignores a value it does not know, silently.

use std::fmt;

use super::regions;
use super::releases::{RELEASES, Release};

/// A registry value that only some chart releases know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// `gcs.useKeyfile: false` (Workload Identity).
    GcsUseKeyfile,
    /// `redirect.disable`.
    RedirectDisable,
    /// `s3.regionendpoint`.
    S3RegionEndpoint,
    /// `extraEnv`: environment variables on the registry container.
    ExtraEnv,
    /// `serviceAccount.create`, `.annotations` and `.name`.
    ServiceAccount,
    /// `global.plane.mode`: the registry is rendered only in `data` and
    /// `unified` releases (1.0 on).
    PlaneMode,
    /// The registry program takes credentials from a web identity token
    /// (IRSA): every registry but upstream 2.8.2, whose S3 driver builds its
    /// own credential chain without it.
    WebIdentity,
    /// The registry program takes credentials from the EKS Pod Identity
    /// agent: registry 3.x (aws-sdk-go 1.55.5; 1.34.9 refuses the agent's address).
    PodIdentity,
}

impl Feature {
    /// How a message names the value.
    pub fn name(self) -> &'static str {
        match self {
            Feature::GcsUseKeyfile => "gcs.useKeyfile",
            Feature::RedirectDisable => "redirect.disable",
            Feature::S3RegionEndpoint => "s3.regionendpoint",
            Feature::ExtraEnv => "extraEnv",
            Feature::ServiceAccount => "serviceAccount",
            Feature::PlaneMode => "global.plane.mode",
            Feature::WebIdentity => "IRSA",
            Feature::PodIdentity => "EKS Pod Identity",
        }
    }

    /// Why a release without it cannot do what needs it.
    pub fn missing(self) -> &'static str {
        match self {
            Feature::GcsUseKeyfile => "its chart has no gcs.useKeyfile",
            Feature::RedirectDisable => "its chart has no redirect.disable",
            Feature::S3RegionEndpoint => "its chart has no s3.regionendpoint",
            Feature::ExtraEnv => "its chart cannot set environment variables on the registry (no extraEnv)",
            Feature::ServiceAccount => "its chart cannot annotate or create the registry's ServiceAccount",
            Feature::PlaneMode => "its chart has no plane modes",
            Feature::WebIdentity => "its registry (2.8.2) does not read a web identity token",
            Feature::PodIdentity => "its registry's AWS SDK has no EKS Pod Identity provider",
        }
    }
}

/// A set of [`Feature`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features(u8);

impl Features {
    pub const fn of(features: &[Feature]) -> Features {
        let mut bits = 0;
        let mut i = 0;
        while i < features.len() {
            bits |= 1 << features[i] as u8;
            i += 1;
        }
        Features(bits)
    }

    pub fn contains(self, feature: Feature) -> bool {
        self.0 & (1 << feature as u8) != 0
    }
}

/// The registry program inside a release's registry image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registry {
    /// Astronomer's fork of distribution 2.x (aws-sdk-go v1.34.9).
    Fork2,
    /// Upstream distribution v2.8.2 (aws-sdk-go v1.15.11).
    Upstream2_8_2,
    /// Upstream distribution v3.0.0 (aws-sdk-go v1.55.5).
    V3_0_0,
    /// Upstream distribution v3.1.1 (aws-sdk-go v1.55.5).
    V3_1_1,
}

impl Registry {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Registry::Fork2 => "Astronomer's registry 2.x",
            Registry::Upstream2_8_2 => "registry 2.8.2",
            Registry::V3_0_0 => "registry 3.0.0",
            Registry::V3_1_1 => "registry 3.1.1",
        }
    }

    /// Distribution v3: it refuses Azure without a credentials type and no
    /// longer forces path-style requests for a region endpoint.
    pub fn is_v3(self) -> bool {
        matches!(self, Registry::V3_0_0 | Registry::V3_1_1)
    }

    /// The AWS regions it accepts without `regionendpoint`.
    pub fn regions(self) -> &'static [&'static str] {
        match self {
            Registry::Fork2 => regions::SDK_1_34_9,
            Registry::Upstream2_8_2 => regions::SDK_1_15_11,
            Registry::V3_0_0 | Registry::V3_1_1 => regions::SDK_1_55_5,
        }
    }
}

/// An installed platform chart release: one entry of the release table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartVersion(&'static Release);

impl ChartVersion {
    /// A published release, as `helm list` shows it (`astronomer-0.37.4`) or
    /// just its version (`0.37.4`, `v0.37.4`).
    pub fn parse(raw: &str) -> Result<Self, String> {
        super::values::check_scalar(raw, false)?;
        let text = raw.strip_prefix("astronomer-").unwrap_or(raw);
        let text = text.strip_prefix('v').unwrap_or(text);
        if let Some(release) = RELEASES.iter().find(|release| release.version == text) {
            return Ok(ChartVersion(release));
        }
        let parts: Vec<&str> = text.split('.').collect();
        let is_number = |part: &&str| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) && !(part.len() > 1 && part.starts_with('0'))
        };
        let line = match parts.as_slice() {
            [major, minor, patch] if [major, minor, patch].into_iter().all(is_number) => format!("{major}.{minor}"),
            [_, _, _] => {
                return Err("Each part of the version is a whole number without leading zeros, e.g. 0.37.4.".into());
            }
            _ => return Err("Enter the full installed chart version as MAJOR.MINOR.PATCH, e.g. 0.37.4 (`helm list -n <namespace>` shows it in the CHART column).".into()),
        };
        let on_line: Vec<&str> = RELEASES
            .iter()
            .map(|release| release.version)
            .filter(|version| {
                version
                    .strip_prefix(line.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
            })
            .collect();
        match (on_line.last(), on_line.first()) {
            (Some(oldest), Some(newest)) => Err(format!(
                "{text} is not a published release: the {line} releases are {oldest} to {newest}."
            )),
            _ => Err(format!(
                "{line} is not a published Astronomer platform release line; supported lines are 0.25 to 0.37, 1.0 to 1.2, 2.0 and 2.1."
            )),
        }
    }

    /// Whether this release knows the value, or its registry can do it.
    pub fn supports(self, feature: Feature) -> bool {
        match feature {
            Feature::WebIdentity => self.0.registry != Registry::Upstream2_8_2,
            Feature::PodIdentity => self.0.registry.is_v3(),
            listed => self.0.knows.contains(listed),
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

    /// The oldest release newer than this one for which `wanted` holds.
    pub fn next_where(self, wanted: impl Fn(ChartVersion) -> bool) -> Option<ChartVersion> {
        RELEASES
            .iter()
            .take_while(|release| release.version != self.0.version)
            .map(ChartVersion)
            .filter(|version| wanted(*version))
            .last()
    }

    /// The registry program this release runs.
    pub fn registry(self) -> Registry {
        self.0.registry
    }

    /// The registry image tag of this release.
    pub fn image(self) -> &'static str {
        self.0.image
    }

    /// Every release, newest first.
    pub fn all() -> impl Iterator<Item = ChartVersion> {
        RELEASES.iter().map(ChartVersion)
    }

    pub fn as_str(self) -> &'static str {
        self.0.version
    }
}

impl fmt::Display for ChartVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.version)
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

    /// The versions as numbers, to check the table's order.
    fn numbers(version: &str) -> Vec<u32> {
        version.split('.').map(|part| part.parse().expect("a number")).collect()
    }

    #[test]
    fn the_table_is_newest_first_without_duplicates_from_0_25_to_2_1() {
        for pair in RELEASES.windows(2) {
            assert!(numbers(pair[0].version) > numbers(pair[1].version), "{pair:?}");
        }
        assert_eq!(RELEASES.last().map(|release| release.version), Some("0.25.1"));
        assert_eq!(RELEASES.first().map(|release| release.version), Some("2.1.0"));
        assert_eq!(VERSIONS.len(), RELEASES.len());
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
                let expected = newer.iter().rposition(|newer| ChartVersion(newer).supports(feature));
                let got = ChartVersion(release).next_with(feature);
                assert_eq!(
                    got.map(|version| version.as_str()),
                    expected.map(|at| newer[at].version),
                    "{} {feature:?}",
                    release.version
                );
            }
        }
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

    #[test]
    fn features_bits_are_distinct() {
        let all = [
            Feature::GcsUseKeyfile,
            Feature::RedirectDisable,
            Feature::S3RegionEndpoint,
            Feature::ExtraEnv,
            Feature::ServiceAccount,
            Feature::PlaneMode,
        ];
        for feature in all {
            let set = Features::of(&[feature]);
            for other in all {
                assert_eq!(set.contains(other), feature == other, "{feature:?} {other:?}");
            }
        }
    }
}
