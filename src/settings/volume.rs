//! The chart's default storage, a PersistentVolumeClaim: its rows of the
//! field table and how the raw values become [`Volume`].

use super::check::Checker;
use super::{FieldId, FieldSpec, Need, Rows, Section, TEXT, rule};
use crate::model::{BackendKind, Quantity, StorageClassName};

/// The default: a PersistentVolumeClaim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volume {
    /// Size of the claim; chart default `100Gi`.
    pub size: Option<Quantity>,
    /// Storage class of the claim; cluster default when unset.
    pub storage_class: Option<StorageClassName>,
}

const IN_VOLUME: Section = Section::Backend(BackendKind::Volume);

pub(super) const FIELDS: Rows = &[
    (
        FieldId::VolumeSize,
        FieldSpec {
            name: "astronomer.registry.persistence.size",
            section: IN_VOLUME,
            need: Need::Optional,
            rule: rule!(Quantity::parse),
            label: "Volume size",
            help: page_text!("Size of the PersistentVolumeClaim, e.g. 100Gi. Empty: the chart default, 100Gi."),
            placeholder: "100Gi",
            ..TEXT
        },
    ),
    (
        FieldId::VolumeStorageClass,
        FieldSpec {
            name: "astronomer.registry.persistence.storageClassName",
            section: IN_VOLUME,
            need: Need::Optional,
            rule: rule!(StorageClassName::parse),
            label: "Storage class",
            help: page_text!("StorageClass of the claim. Empty: the cluster's default class."),
            ..TEXT
        },
    ),
];

pub(super) fn read(check: &mut Checker) -> Option<Volume> {
    let size = check.read(FieldId::VolumeSize, Quantity::parse);
    let storage_class = check.read(FieldId::VolumeStorageClass, StorageClassName::parse);
    Some(Volume {
        size: size.ok()?,
        storage_class: storage_class.ok()?,
    })
}
