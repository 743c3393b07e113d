//! Every published release of the platform chart, newest first: its registry
//! image, the registry program inside and the registry values it knows. Read
//! from the tags of the public chart repository (`charts/astronomer/values.yaml`
//! and `templates/registry/`); which program each image holds is in
//! `registry-facts.md`. A new release is one line here.

use super::release::{Feature, Features, Registry, Registry::*, Release};

const fn r(version: &'static str, image: &'static str, registry: Registry, knows: Features) -> Release {
    Release {
        version,
        image,
        registry,
        knows,
    }
}

use Feature::*;

/// 0.25.1 and 0.25.2: only the storage keys every release knows.
const NONE: Features = Features::of(&[]);
const K0_25_3: Features = Features::of(&[GcsUseKeyfile]);
const K0_29: Features = Features::of(&[GcsUseKeyfile, RedirectDisable]);
/// 0.30.0 to 0.30.7, and 0.31.0 to 0.32.0 (the 0.30.8 backports are not in them).
const K0_30: Features = Features::of(&[GcsUseKeyfile, RedirectDisable, S3RegionEndpoint]);
const K0_32_1: Features = Features::of(&[GcsUseKeyfile, RedirectDisable, S3RegionEndpoint, ExtraEnv]);
/// 0.30.8, and 0.32.3 to 0.37.x.
const K0_32_3: Features = Features::of(&[
    GcsUseKeyfile,
    RedirectDisable,
    S3RegionEndpoint,
    ExtraEnv,
    ServiceAccount,
]);
/// 1.x and 2.x: the registry is rendered only in `data` and `unified` plane modes.
const K1: Features = Features::of(&[
    GcsUseKeyfile,
    RedirectDisable,
    S3RegionEndpoint,
    ExtraEnv,
    ServiceAccount,
    PlaneMode,
]);

/// Every release from 0.25.1, newest first.
pub const RELEASES: &[Release] = &[
    r("2.1.0", "3.1.1-12", V3_1_1, K1),
    r("2.0.1", "3.1.1-8", V3_1_1, K1),
    r("2.0.0", "3.0.0-9", V3_0_0, K1),
    r("1.2.0", "3.1.1-10", V3_1_1, K1),
    r("1.1.7", "3.1.1-8", V3_1_1, K1),
    r("1.1.6", "3.1.1-6", V3_1_1, K1),
    r("1.1.5", "3.1.1-4", V3_1_1, K1),
    r("1.1.4", "3.1.1-1", V3_1_1, K1),
    r("1.1.3", "3.1.1", V3_1_1, K1),
    r("1.1.2", "3.0.0-7", V3_0_0, K1),
    r("1.1.1", "3.0.0-6", V3_0_0, K1),
    r("1.1.0", "3.0.0-5", V3_0_0, K1),
    r("1.0.1", "3.0.0-4", V3_0_0, K1),
    r("1.0.0", "3.0.0-1", V3_0_0, K1),
    r("0.37.7", "3.0.0-1", V3_0_0, K0_32_3),
    r("0.37.6", "3.0.0-1", V3_0_0, K0_32_3),
    r("0.37.5", "3.0.0-1", V3_0_0, K0_32_3),
    r("0.37.4", "3.0.0-1", V3_0_0, K0_32_3),
    r("0.37.3", "3.0.0-1", V3_0_0, K0_32_3),
    r("0.37.2", "3.0.0-1", V3_0_0, K0_32_3),
    r("0.37.1", "3.0.0", V3_0_0, K0_32_3),
    r("0.37.0", "3.20.5", Fork2, K0_32_3),
    r("0.36.1", "3.21.3-1", Fork2, K0_32_3),
    r("0.36.0", "3.18.9", Fork2, K0_32_3),
    r("0.35.4", "3.18.9", Fork2, K0_32_3),
    r("0.35.3", "3.18.9", Fork2, K0_32_3),
    r("0.35.2", "3.18.7-1", Fork2, K0_32_3),
    r("0.35.1", "3.18.7-1", Fork2, K0_32_3),
    r("0.35.0", "3.18.6-2", Fork2, K0_32_3),
    r("0.34.5", "3.18.9", Fork2, K0_32_3),
    r("0.34.4", "3.18.9", Fork2, K0_32_3),
    r("0.34.3", "3.18.7-1", Fork2, K0_32_3),
    r("0.34.2", "3.18.6-2", Fork2, K0_32_3),
    r("0.34.1", "3.18.6-2", Fork2, K0_32_3),
    r("0.34.0", "3.18.5-1", Fork2, K0_32_3),
    r("0.33.3", "3.16.5-1", Fork2, K0_32_3),
    r("0.33.2", "3.16.5-1", Fork2, K0_32_3),
    r("0.33.1", "3.16.5-1", Fork2, K0_32_3),
    r("0.33.0", "3.16.5-1", Fork2, K0_32_3),
    r("0.32.6", "3.18.6", Fork2, K0_32_3),
    r("0.32.5", "3.16.5-1", Fork2, K0_32_3),
    r("0.32.4", "3.16.5-1", Fork2, K0_32_3),
    r("0.32.3", "3.16.5-1", Fork2, K0_32_3),
    r("0.32.2", "3.16.5-1", Fork2, K0_32_1),
    r("0.32.1", "3.16.5-1", Fork2, K0_32_1),
    r("0.32.0", "3.16.5", Fork2, K0_30),
    r("0.31.3", "3.16.3-2", Fork2, K0_30),
    r("0.31.2", "3.16.3", Fork2, K0_30),
    r("0.31.1", "3.16.3", Fork2, K0_30),
    r("0.31.0", "3.16.2-4", Fork2, K0_30),
    r("0.30.8", "3.18.3-1", Upstream2_8_2, K0_32_3),
    r("0.30.7", "3.16.5", Fork2, K0_30),
    r("0.30.6", "3.16.3-2", Fork2, K0_30),
    r("0.30.5", "3.16.3", Fork2, K0_30),
    r("0.30.4", "3.16.2-1", Fork2, K0_30),
    r("0.30.3", "3.16.2-1", Fork2, K0_30),
    r("0.30.2", "3.16.2", Fork2, K0_30),
    r("0.30.1", "3.16.2", Fork2, K0_30),
    r("0.30.0", "3.16.2", Fork2, K0_30),
    r("0.29.5", "3.16.2-1", Fork2, K0_29),
    r("0.29.4", "3.16.2", Fork2, K0_29),
    r("0.29.3", "3.16.1", Fork2, K0_29),
    r("0.29.2", "3.15.4-1", Fork2, K0_29),
    r("0.29.1", "3.15.4-1", Fork2, K0_29),
    r("0.29.0", "3.15.4-1", Fork2, K0_29),
    r("0.28.8", "3.16.3", Fork2, K0_25_3),
    r("0.28.7", "3.16.2-1", Fork2, K0_25_3),
    r("0.28.6", "3.16.2", Fork2, K0_25_3),
    r("0.28.5", "3.15.4-1", Fork2, K0_25_3),
    r("0.28.4", "3.15.3", Fork2, K0_25_3),
    r("0.28.3", "3.15.0", Fork2, K0_25_3),
    r("0.28.2", "3.15.0", Fork2, K0_25_3),
    r("0.28.1", "3.15.0", Fork2, K0_25_3),
    r("0.28.0", "3.15.0", Fork2, K0_25_3),
    r("0.27.4", "3.15.0", Fork2, K0_25_3),
    r("0.27.3", "3.15.0", Fork2, K0_25_3),
    r("0.27.1", "3.15.0", Fork2, K0_25_3),
    r("0.27.0", "3.15.0", Fork2, K0_25_3),
    r("0.26.7", "3.15.0", Fork2, K0_25_3),
    r("0.26.6", "3.14.2-2", Fork2, K0_25_3),
    r("0.26.5", "3.14.2-2", Fork2, K0_25_3),
    r("0.26.4", "3.14.2-2", Fork2, K0_25_3),
    r("0.25.15", "3.16.2-1", Fork2, K0_25_3),
    r("0.25.14", "3.16.2", Fork2, K0_25_3),
    r("0.25.13", "3.15.0", Fork2, K0_25_3),
    r("0.25.12", "3.14.2-2", Fork2, K0_25_3),
    r("0.25.11", "3.14.2-2", Fork2, K0_25_3),
    r("0.25.8", "3.14.2", Fork2, K0_25_3),
    r("0.25.7", "3.14.2", Fork2, K0_25_3),
    r("0.25.6", "3.13.7-1", Fork2, K0_25_3),
    r("0.25.5", "3.13.7-1", Fork2, K0_25_3),
    r("0.25.4", "3.13.7", Fork2, K0_25_3),
    r("0.25.3", "3.13.7", Fork2, K0_25_3),
    r("0.25.2", "3.13.7", Fork2, NONE),
    r("0.25.1", "3.13.7", Fork2, NONE),
];

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
