//! The upgrade report: what changes for the registry between the release the
//! platform runs now (`Platform::from`) and the one the files are for
//! (`Platform::chart`). Each change says what would break, what the files do
//! about it and at which release it changes. It is shown on the page and at
//! the top of `commands.sh`; it is empty when not upgrading, and when nothing
//! that concerns the registry changes.

use crate::model::{ChartVersion, Feature, FeatureKind, Registry};
use crate::render::rename::Rename;
use crate::settings::{AzureAuth, Backend, Config, GcsAuth, Migration};

/// One difference between the two releases that concerns the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What changes, in a few words.
    pub what: String,
    /// The release at which it changes (the oldest of the upgrade's range
    /// from which on it holds).
    pub at: String,
    /// What would break, or that nothing does.
    pub breaks: String,
    /// What the files do about it.
    pub files: String,
}

impl Change {
    /// The change in one paragraph, as the page and `commands.sh` show it.
    pub fn sentence(&self) -> String {
        format!(
            "{} (at {}). {} What the files do: {}",
            self.what, self.at, self.breaks, self.files
        )
    }
}

/// The features of one kind, as the report goes through them.
fn of_kind(kind: FeatureKind) -> impl Iterator<Item = Feature> {
    Feature::ALL
        .iter()
        .copied()
        .filter(move |feature| feature.kind() == kind)
}

/// Whether this configuration needs the Azure blob names copied before the
/// upgrade: Azure on the same container (or one filled by a copy of another),
/// from a 2.x registry, which writes `/docker/...`, to a 3.x one, which reads
/// `docker/...` only.
pub fn renames_azure_blobs(config: &Config) -> bool {
    let Some(from) = config.platform.from else { return false };
    matches!(config.backend, Backend::Azure(_))
        && config.migration != Migration::FromVolume
        && Rename::between(from.registry(), config.platform.chart.registry()) == Some(Rename::Upgrade)
}

/// The report for `config`: empty unless it upgrades.
pub fn report(config: &Config) -> Vec<Change> {
    match config.platform.from {
        Some(from) => changes(from, config.platform.chart, config),
        None => Vec::new(),
    }
}

/// Every change from `from` to `to` that concerns the registry, for `config`.
pub fn changes(from: ChartVersion, to: ChartVersion, config: &Config) -> Vec<Change> {
    let mut changes = Vec::new();
    if from.version() >= to.version() {
        return changes;
    }
    let at = |holds: &dyn Fn(ChartVersion) -> bool| changed_at(from, to, holds);
    let (old, new) = (from.registry(), to.registry());
    if old != new {
        // The 2.x to 3.x line is the change that matters most; otherwise the
        // release from which on the new program runs.
        let program_at = if old.is_v3() != new.is_v3() {
            at(&|version| version.registry().is_v3() == new.is_v3())
        } else {
            at(&|version| version.registry() == new)
        };
        changes.push(program(old, new, config, program_at.clone()));
        changes.extend(generation_rules(old, new, config, &program_at));
    }
    if let Backend::S3(s3) = &config.backend
        && s3.region_endpoint.is_none()
    {
        let region = s3.region.as_str();
        let known = |version: ChartVersion| version.registry().regions().contains(&region);
        if known(from) != known(to) {
            let when = at(&|version| known(version) == known(to));
            changes.push(if known(to) {
                Change {
                    what: format!("The AWS region {region} becomes known to the registry"),
                    at: when,
                    breaks: "Nothing: the new registry starts with it, where the old one stopped.".into(),
                    files: "The files name the region as before.".into(),
                }
            } else {
                Change {
                    what: format!("The AWS region {region} is unknown to {}", new.name()),
                    at: when,
                    breaks: format!(
                        "The new registry ({}) stops at start with \"invalid region provided: {region}\".",
                        new.name()
                    ),
                    files: "The form refuses the region for this release and offers its regional endpoint.".into(),
                }
            });
        }
    }
    for feature in of_kind(FeatureKind::Value) {
        if from.supports(feature) != to.supports(feature) {
            let gained = to.supports(feature);
            changes.push(Change {
                what: format!(
                    "`{}` is {} by the chart",
                    feature.name(),
                    if gained { "now read" } else { "no longer read" }
                ),
                at: at(&|version| version.supports(feature) == gained),
                breaks: if gained {
                    "Nothing: a value the old release ignored is now read.".into()
                } else {
                    format!(
                        "A config.yaml that sets it loses that setting on {to}: {}.",
                        feature.missing()
                    )
                },
                files: if gained {
                    "The files use it where this configuration needs it.".into()
                } else {
                    "The files for this release do without it, or the form says what it needs instead.".into()
                },
            });
        }
    }
    for feature in of_kind(FeatureKind::Program) {
        if from.supports(feature) != to.supports(feature) {
            let gained = to.supports(feature);
            changes.push(Change {
                what: format!(
                    "{} {}",
                    feature.name(),
                    if gained {
                        "becomes possible"
                    } else {
                        "becomes impossible"
                    }
                ),
                at: at(&|version| version.supports(feature) == gained),
                breaks: if gained {
                    "Nothing.".into()
                } else if uses(config, feature) {
                    format!("This configuration uses it: {}.", feature.missing())
                } else {
                    format!("A registry that signs in with it can no longer: {}.", feature.missing())
                },
                files: if gained {
                    "The form offers it for this release.".into()
                } else {
                    "The form refuses it for this release.".into()
                },
            });
        }
    }
    if !from.supports(Feature::PlaneMode) && to.supports(Feature::PlaneMode) {
        changes.push(Change {
            what: "Plane modes: the registry runs only in a data plane or a unified install".into(),
            at: at(&|version| version.supports(Feature::PlaneMode)),
            breaks: "In a control-plane release the registry block is ignored, and no registry runs there.".into(),
            files: "The files are for a unified or data-plane release; the form asks which one this is.".into(),
        });
    }
    if let Some(known) = to.follows() {
        changes.push(Change {
            what: format!("{to} is newer than this page"),
            at: to.to_string(),
            breaks: format!("Unknown: this page knows releases up to {known}."),
            files: format!("The files follow {known}; `helm upgrade` is pinned to {to}. Check its release notes for registry changes."),
        });
    }
    changes
}

/// Whether the configuration's credential mode needs `feature`.
fn uses(config: &Config, feature: Feature) -> bool {
    config.backend.mode_needs().contains(&feature)
}

/// The registry program itself.
fn program(old: Registry, new: Registry, config: &Config, at: String) -> Change {
    let same_names = match &config.backend {
        Backend::Azure(_) if Rename::between(old, new).is_some() => false,
        Backend::Azure(_) | Backend::Gcs(_) | Backend::S3(_) | Backend::Volume(_) => true,
    };
    Change {
        what: format!("The registry program: {} becomes {}", old.name(), new.name()),
        at,
        breaks: if same_names {
            "Nothing seen for the storage: the new registry reads the images the old one wrote, under the same names."
                .into()
        } else {
            format!(
                "The old registry ({}) names Azure blobs `/docker/registry/v2/...` (with a leading slash); the new one ({}) reads `docker/registry/v2/...` only. Without a copy, every image pushed before the upgrade is gone: pulls answer MANIFEST_UNKNOWN, the catalog is empty, and Airflow pods that restart cannot pull their image.",
                old.name(),
                new.name()
            )
        },
        files: if same_names {
            "Nothing to do for the names.".into()
        } else {
            "Before the upgrade, commands.sh copies every blob to the name the new registry reads (a Job that never overwrites a name and fails unless both sides count the same). The old names stay until verify.sh passes; a clean-up step removes them after.".into()
        },
    }
}

/// Rules of the registry's drivers that change with the program, for this storage.
fn generation_rules(old: Registry, new: Registry, config: &Config, at: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    let to_v3 = !old.is_v3() && new.is_v3();
    match &config.backend {
        Backend::Azure(azure) if to_v3 => {
            changes.push(Change {
                what: "Azure needs a credentials type".into(),
                at: at.to_owned(),
                breaks: "Registry 3.x stops at start with \"invalid credentials type\" when the config names none, and the chart writes none.".into(),
                files: "config.yaml sets REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE=shared_key through extraEnv.".into(),
            });
            if matches!(new, Registry::V3_0_0 | Registry::V3_1_1) {
                changes.push(Change {
                    what: "Rewriting a blob that 2.x wrote fails".into(),
                    at: at.to_owned(),
                    breaks: format!(
                        "The new registry ({}) answers 409 InvalidBlobType when it rewrites a blob that 2.x wrote (e.g. a tag pushed again). Fixed upstream after 3.1.1.",
                        new.name()
                    ),
                    files: match azure.auth {
                        AzureAuth::Key(_) | AzureAuth::InSecret { .. } => {
                            "The copy gives the new names new blobs, which 3.x wrote as it expects; verify.sh names this error if it appears in the log.".into()
                        }
                    },
                });
            }
        }
        Backend::S3(s3) if to_v3 && s3.is_compatible_store() => changes.push(Change {
            what: "Path-style requests to an S3-compatible store".into(),
            at: at.to_owned(),
            breaks: "Registry 3.x addresses the bucket as a host name (virtual-host style) where 2.x forced path style for a region endpoint: `no such host` or AccessDenied from the store.".into(),
            files: "config.yaml sets REGISTRY_STORAGE_S3_FORCEPATHSTYLE=true through extraEnv.".into(),
        }),
        Backend::Gcs(gcs) if to_v3 && matches!(gcs.auth, GcsAuth::WorkloadIdentity { .. }) => changes.push(Change {
            what: "Signed redirects under Workload Identity".into(),
            at: at.to_owned(),
            breaks: "Registry 3.x signs redirect URLs through the IAM signBlob API when it has no key; without the Token Creator role every pull answers 500.".into(),
            files: if config.redirect_disable {
                "Redirects are off in config.yaml: nothing is signed.".into()
            } else {
                "The steps give the Google service account the Service Account Token Creator role on itself.".into()
            },
        }),
        Backend::Azure(_) | Backend::S3(_) | Backend::Gcs(_) | Backend::Volume(_) => {}
    }
    changes
}

/// The release at which `holds` became true for good within (`from`, `to`]:
/// the oldest release of the range from which on it holds up to `to`.
fn changed_at(from: ChartVersion, to: ChartVersion, holds: &dyn Fn(ChartVersion) -> bool) -> String {
    let mut at = to;
    // Newest first: walk down from `to` while it still holds.
    for version in
        ChartVersion::all().filter(|version| version.version() > from.version() && version.version() <= to.version())
    {
        if !holds(version) {
            break;
        }
        at = version;
    }
    at.to_string()
}
