//! The platform the files are for: its rows of the field table (release,
//! namespace, chart version, plane mode), how they become [`Platform`], and
//! the chart keys of the registry block that no backend owns.

use super::check::{Checker, value};
use super::mode::modes;
use super::{CHOICE, FieldId, FieldKind, FieldSpec, Need, Rows, TEXT, rule};
use crate::model::{ChartVersion, Feature, Namespace, ReleaseName, VERSIONS};
use crate::normalize::Normalizer;

/// Where the platform is installed and which chart release it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// Helm release name of the platform (default `astronomer`).
    pub release: ReleaseName,
    /// Kubernetes namespace of the platform (default `astronomer`).
    pub namespace: Namespace,
    /// The chart version the files are for; `helm upgrade` is pinned to it.
    /// The installed one, or an upgrade's target.
    pub chart: ChartVersion,
    /// The release installed now, when the files are for an upgrade from it
    /// to `chart` (always older than `chart`).
    pub from: Option<ChartVersion>,
    /// How a 1.x or 2.x release is installed; `None` before 1.0.
    pub plane: Option<PlaneMode>,
}

modes! {
    /// `global.plane.mode` of a 1.x or 2.x release: the registry runs only
    /// where the registry block is rendered.
    pub enum PlaneMode {
        Unified = "unified" {
            label: "Unified",
            help: page_text!("One release runs the control plane and the data plane (the default)."),
            needs: &[],
        },
        Data = "data" {
            label: "Data plane",
            help: page_text!("This release is a data plane of a split install: its registry is the one configured here."),
            needs: &[],
        },
        /// A control-plane release runs no registry: the files are for the
        /// data-plane releases.
        Control = "control" {
            label: "Control plane",
            help: page_text!("This release is the control plane of a split install: it runs no registry. The files are for the data-plane releases."),
            needs: &[],
        },
    }
}

impl PlaneMode {
    /// The inputs the mode shows: none, every mode has the same.
    pub fn inputs(self) -> &'static [FieldId] {
        match self {
            PlaneMode::Unified | PlaneMode::Data | PlaneMode::Control => &[],
        }
    }
}

pub(super) const FIELDS: Rows = &[
    (
        FieldId::Release,
        FieldSpec {
            name: "release",
            rule: rule!(ReleaseName::parse),
            label: "Helm release name",
            help: page_text!(
                "The Helm release of the platform; `helm list -n <namespace>` shows it. Usually astronomer."
            ),
            initial: "astronomer",
            ..TEXT
        },
    ),
    (
        FieldId::Namespace,
        FieldSpec {
            name: "namespace",
            rule: rule!(Namespace::parse),
            label: "Platform namespace",
            help: page_text!("The Kubernetes namespace the platform runs in. Usually astronomer."),
            initial: "astronomer",
            ..TEXT
        },
    ),
    (
        FieldId::ChartVersion,
        FieldSpec {
            name: "chartVersion",
            rule: rule!(ChartVersion::parse),
            normalize: Normalizer::ChartVersion,
            label: "Chart version",
            help: page_text!(
                "The astronomer chart version the files are for, e.g. 0.37.4: the one installed now (CHART column of `helm list`), or the one you upgrade to. `helm upgrade` is pinned to it, and the files follow what that release and its registry know."
            ),
            placeholder: "0.37.4",
            suggestions: &VERSIONS,
            ..TEXT
        },
    ),
    (
        FieldId::UpgradeFrom,
        FieldSpec {
            name: "upgradeFrom",
            rule: rule!(ChartVersion::parse),
            normalize: Normalizer::ChartVersion,
            label: "The release you run now (when upgrading)",
            help: page_text!(
                "Empty unless you upgrade: the version installed now. The chart version above is then the one you go to, and the page lists what changes for the registry."
            ),
            placeholder: "0.37.0",
            suggestions: &VERSIONS,
            need: Need::Optional,
            initial: "",
            ..TEXT
        },
    ),
    (
        FieldId::PlaneMode,
        FieldSpec {
            name: "planeMode",
            kind: FieldKind::Choice(&PlaneMode::MODES),
            rule: rule!(PlaneMode::parse),
            label: "How this release is installed",
            help: page_text!(
                "Releases from 1.0 can split the platform into a control plane and data planes (`global.plane.mode` in the platform's config file)."
            ),
            initial: PlaneMode::Unified.as_str(),
            feature: Some(Feature::PlaneMode),
            ..CHOICE
        },
    ),
];

pub(super) fn read(check: &mut Checker) -> Option<Platform> {
    let release = check.read(FieldId::Release, ReleaseName::parse);
    let namespace = check.read(FieldId::Namespace, Namespace::parse);
    let chart = check.read(FieldId::ChartVersion, ChartVersion::parse);
    check.chart = value(&chart).copied();
    if let Some(newer) = value(&chart)
        && let Some(known) = newer.follows()
    {
        check.warning(
            FieldId::ChartVersion,
            say!("{newer} is newer than this page knows: the files follow {known}, the newest it knows, and `helm upgrade` is pinned to {newer}."),
        );
    }
    let from = check.read(FieldId::UpgradeFrom, ChartVersion::parse);
    if let (Some(from), Some(to)) = (value(&from), value(&chart)) {
        if from.version() > to.version() {
            check.error(
                FieldId::UpgradeFrom,
                say!("{from} is newer than the chart version {to}: put the release you go to in the chart version."),
            );
        } else if from.version() == to.version() {
            check.warning(
                FieldId::UpgradeFrom,
                say!("{from} is the chart version itself: not an upgrade."),
            );
        }
    }
    let plane = check.read(FieldId::PlaneMode, PlaneMode::parse);
    match value(&plane) {
        Some(PlaneMode::Control) => check.warning(
            FieldId::PlaneMode,
            "A control-plane release runs no registry and ignores the registry block. Apply these files to each data-plane release instead: enter its release name and namespace above.",
        ),
        Some(PlaneMode::Unified | PlaneMode::Data) | None => {}
    }
    Some(Platform {
        release: release.ok()??,
        namespace: namespace.ok()??,
        chart: chart.ok()??,
        from: from
            .ok()?
            .filter(|from| value(&chart).is_some_and(|to| from.version() < to.version())),
        plane: plane.ok()?,
    })
}
