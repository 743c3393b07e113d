//! The settings every object store shares: whether the registry serves blobs
//! itself (`redirect.disable`) and where the images are before the switch
//! (what to copy). Their rows of the field table, the migration modes, how the
//! raw values are read and the chart keys.

use super::check::Checker;
use super::config::Backend;
use super::mode::modes;
use super::{CHOICE, FLAG, FieldId, FieldKind, FieldSpec, Rows, Section, TEXT, rule};
use crate::model::{AzureContainer, BackendKind, EndpointUrl, Feature, GcsBucket, S3Bucket, check_scalar};

/// Where the registry's images are before the switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Migration {
    /// Nothing to copy: a new platform, or staying on the volume.
    Nothing,
    /// On the chart's volume, the claim `data-<release>-registry-0`.
    FromVolume,
    /// In another bucket or container of the same provider.
    FromStore { source: String },
}

modes! {
    /// Where the registry's images are before the switch.
    pub enum MigrateFrom {
        Volume = "volume" {
            label: "On the registry's volume",
            help: page_text!("The chart's default storage: the files copy the images to the new storage with a Kubernetes Job, before and after the upgrade."),
            needs: &[],
        },
        Store = "store" {
            label: "In another bucket or container",
            help: page_text!("The steps give the provider's own copy command."),
            needs: &[],
        },
        Nowhere = "none" {
            label: "Already in this storage, or nowhere yet",
            help: page_text!("The platform already keeps its images in the storage above (e.g. the imported file's), or there are none to keep yet: nothing is copied."),
            needs: &[],
        },
    }
}

impl MigrateFrom {
    /// The inputs the option shows.
    pub fn inputs(self) -> &'static [FieldId] {
        match self {
            MigrateFrom::Store => &[FieldId::MigrateSource],
            MigrateFrom::Volume | MigrateFrom::Nowhere => &[],
        }
    }
}

pub(super) const FIELDS: Rows = &[
    (
        FieldId::RedirectDisable,
        FieldSpec {
            name: "astronomer.registry.redirect.disable",
            section: Section::ObjectStores,
            label: "Serve images through the registry (no redirects to the bucket)",
            help: page_text!(
                "By default the registry redirects each image download to a signed URL on the storage host, which every client (the nodes, CI machines) must then reach itself. Tick this when they cannot, e.g. for a store reached by a cluster-internal address."
            ),
            feature: Some(Feature::RedirectDisable),
            ..FLAG
        },
    ),
    (
        FieldId::MigrateFrom,
        FieldSpec {
            name: "migrateFrom",
            section: Section::ObjectStores,
            kind: FieldKind::Choice(&MigrateFrom::MODES),
            rule: rule!(MigrateFrom::parse),
            label: "Where are the images now?",
            help: page_text!(
                "Images already in the registry stay where they are unless they are copied: deployments whose pods restart could no longer pull them."
            ),
            initial: MigrateFrom::Volume.as_str(),
            ..CHOICE
        },
    ),
    (
        FieldId::MigrateSource,
        FieldSpec {
            name: "migrateSource",
            section: Section::ObjectStores,
            mode: Some(FieldId::MigrateFrom),
            rule: |raw| check_scalar(raw, false),
            label: "Bucket or container in use today",
            help: page_text!("Its name, in the same cloud and account as the new one."),
            placeholder: "old-registry-bucket",
            ..TEXT
        },
    ),
];

/// `redirect.disable` for an object store: as ticked, and always for a store
/// that clients outside the cluster cannot reach.
pub(super) fn redirect(check: &mut Checker, backend: Option<&Backend>) -> Option<bool> {
    if check.backend == BackendKind::Volume {
        return Some(false);
    }
    let ticked = check
        .read(FieldId::RedirectDisable, |raw| Ok(raw == "true"))
        .ok()?
        .unwrap_or(false);
    let internal = match backend {
        Some(Backend::S3(s3)) => s3
            .region_endpoint
            .as_ref()
            .filter(|endpoint| endpoint.is_cluster_internal())
            .map(|endpoint| endpoint.host()),
        Some(Backend::Gcs(_) | Backend::Azure(_) | Backend::Volume(_)) | None => None,
    };
    if let (Some(host), false) = (&internal, ticked) {
        check.warning(
            FieldId::S3RegionEndpoint,
            say!(
                "Redirects are disabled in config.yaml (redirect.disable: true): {host} is reachable only inside the cluster, so clients outside it (the nodes' container runtime, CI machines) could not follow the registry's redirects to it."
            ),
        );
    }
    Some(ticked || internal.is_some())
}

/// Why the files turn redirects off whatever the box says: an S3 endpoint
/// only the cluster reaches. The form shows the box ticked and locked.
pub fn redirect_forced(backend: BackendKind, values: &super::Values) -> Option<&'static str> {
    let internal = backend == BackendKind::S3
        && EndpointUrl::parse(values.value(FieldId::S3RegionEndpoint))
            .is_ok_and(|endpoint| endpoint.is_cluster_internal());
    internal.then_some("Always on: the endpoint is reachable only inside the cluster.")
}

/// Where the images are before the switch; the bucket or container in use
/// today follows the naming rules of the chosen provider.
pub(super) fn migration(check: &mut Checker, backend: Option<&Backend>) -> Option<Migration> {
    let kind = check.backend;
    if kind == BackendKind::Volume {
        return Some(Migration::Nothing);
    }
    match check.read(FieldId::MigrateFrom, MigrateFrom::parse).ok()?? {
        MigrateFrom::Volume => Some(Migration::FromVolume),
        MigrateFrom::Nowhere => Some(Migration::Nothing),
        MigrateFrom::Store => {
            let parse = |raw: &str| match kind {
                BackendKind::Gcs => GcsBucket::parse(raw).map(|bucket| bucket.as_str().to_owned()),
                BackendKind::Azure => AzureContainer::parse(raw).map(|container| container.as_str().to_owned()),
                BackendKind::S3 | BackendKind::Volume => S3Bucket::parse(raw).map(|bucket| bucket.as_str().to_owned()),
            };
            let source = check.read(FieldId::MigrateSource, parse).ok()??;
            let target = match backend? {
                Backend::Gcs(gcs) => gcs.bucket.as_str(),
                Backend::S3(s3) => s3.bucket.as_str(),
                Backend::Azure(azure) => azure.container.as_str(),
                Backend::Volume(_) => return Some(Migration::Nothing),
            };
            if source == target {
                check.error(
                    FieldId::MigrateSource,
                    "This is the bucket configured above: nothing would move. Choose \"Already in this storage\" if the images are already there.",
                );
                return None;
            }
            Some(Migration::FromStore { source })
        }
    }
}
