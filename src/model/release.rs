//! The vocabulary of the release table: the registry values only some releases
//! know ([`Feature`], [`Features`]), the registry program inside ([`Registry`],
//! whose region table is in `regions.rs`) and the row of the table ([`Release`]).

use super::regions;

/// Declares [`Feature`] and its list of every variant, [`Feature::ALL`], so
/// the list cannot miss one.
macro_rules! features {
    ($($(#[$doc:meta])* $variant:ident,)*) => {
        /// A registry value that only some chart releases know, or something
        /// only some registry programs can do.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Feature {
            $($(#[$doc])* $variant,)*
        }

        impl Feature {
            /// Every feature, in declaration order.
            pub const ALL: &'static [Feature] = &[$(Feature::$variant),*];
        }
    };
}

features! {
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

/// What a [`Feature`] is, as the upgrade report sorts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeatureKind {
    /// A value of the chart's registry block.
    Value,
    /// A way to sign in that the registry program can or cannot use.
    Program,
    /// `global.plane.mode`, which decides whether the release runs a registry.
    Plane,
}

impl Feature {
    /// What kind of feature it is.
    pub fn kind(self) -> FeatureKind {
        match self {
            Feature::GcsUseKeyfile
            | Feature::RedirectDisable
            | Feature::S3RegionEndpoint
            | Feature::ExtraEnv
            | Feature::ServiceAccount => FeatureKind::Value,
            Feature::WebIdentity | Feature::PodIdentity => FeatureKind::Program,
            Feature::PlaneMode => FeatureKind::Plane,
        }
    }

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

    /// Whether its Azure driver names blobs with a leading slash:
    /// `/docker/registry/v2/...` (in URLs `container//docker/...`). The 2.x
    /// drivers do; the 3.x driver trims it (`blobName`) and reads only
    /// `docker/registry/v2/...`, with no setting to read the old names. So
    /// whatever writes an Azure container for a release writes its names, and
    /// an upgrade across the line copies them (`render::rename`).
    pub fn azure_names_lead_with_slash(self) -> bool {
        match self {
            Registry::Fork2 | Registry::Upstream2_8_2 => true,
            Registry::V3_0_0 | Registry::V3_1_1 => false,
        }
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

/// One published chart release.
#[derive(Debug, PartialEq, Eq)]
pub struct Release {
    /// `MAJOR.MINOR.PATCH`, as `helm list` shows it after `astronomer-`.
    pub version: &'static str,
    /// `images.registry.tag` of the release.
    pub image: &'static str,
    pub registry: Registry,
    /// The registry values its templates read.
    pub knows: Features,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Azure names change at 0.37.0 -> 0.37.1, with the registry program
    /// (2.x up to 0.37.0, 0.30.8's upstream 2.8.2 too; 3.x from 0.37.1).
    #[test]
    fn azure_names_lead_with_a_slash_up_to_0_37_0() {
        use crate::model::chart::ChartVersion;
        for (version, slash) in [
            ("0.25.1", true),
            ("0.30.8", true),
            ("0.36.1", true),
            ("0.37.0", true),
            ("0.37.1", false),
            ("1.1.3", false),
            ("2.1.0", false),
        ] {
            let chart = ChartVersion::parse(version).expect("a release");
            assert_eq!(chart.registry().azure_names_lead_with_slash(), slash, "{version}");
        }
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
