//! What a share link carries (only what the page shows: the chosen backend's
//! settings in their mode, and the platform's) against what remembered
//! settings keep (every backend's), and the notice that asks for the secrets
//! again after settings were loaded.

use registry_configurator::model::BackendKind;
use registry_configurator::settings::FieldId;
use registry_configurator::share::{decode, encode, encode_link, retype_notice};
use registry_configurator::state::{Action, Draft};

fn draft(backend: BackendKind, fields: &[(FieldId, &str)]) -> Draft {
    let mut draft = Draft::default();
    for (field, value) in fields {
        draft.apply(Action::SetField(*field, (*value).to_owned()));
    }
    draft.apply(Action::SetBackend(backend));
    draft
}

/// The setting names in encoded settings.
fn names(text: &str) -> Vec<String> {
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, _)| key.to_owned())
        .collect()
}

#[test]
fn a_link_carries_only_the_chosen_backend_and_the_platform() {
    let typed = draft(
        BackendKind::S3,
        &[
            (FieldId::GcsBucket, "left-in-gcs"),
            (FieldId::AzureContainer, "left-in-azure"),
            (FieldId::VolumeSize, "50Gi"),
            (FieldId::S3Bucket, "my-s3-bucket"),
            (FieldId::S3Region, "eu-central-1"),
            (FieldId::S3Credentials, "irsa"),
            (FieldId::S3RoleArn, "arn:aws:iam::123456789012:role/registry"),
            // Typed in the Pod Identity mode, then IRSA chosen: not on the page.
            (FieldId::S3EksCluster, "my-cluster"),
            (FieldId::RedirectDisable, "true"),
            (FieldId::Namespace, "platform"),
            (FieldId::ChartVersion, "0.37.4"),
        ],
    );
    let link = encode_link(&typed);
    let carried = names(&link);
    for shown in [
        "backend",
        "astronomer.registry.s3.bucket",
        "astronomer.registry.s3.region",
        "s3Credentials",
        "roleArn",
        "astronomer.registry.redirect.disable",
        "namespace",
        "chartVersion",
    ] {
        assert!(carried.iter().any(|name| name == shown), "{shown} missing from {link}");
    }
    for hidden in ["left-in-gcs", "left-in-azure", "50Gi", "my-cluster"] {
        assert!(!link.contains(hidden), "{hidden} in {link}");
    }
    // Remembered settings keep what the user typed elsewhere.
    let remembered = encode(&typed);
    for kept in ["left-in-gcs", "left-in-azure", "50Gi", "my-cluster"] {
        assert!(remembered.contains(kept), "{kept} not remembered: {remembered}");
    }
    // The link opens the same page.
    let opened = decode(&link).unwrap().into_draft();
    for field in FieldId::ALL
        .into_iter()
        .filter(|field| typed.shown(*field) && field.spec().shareable)
    {
        assert_eq!(opened.value(field), typed.value(field), "{field:?}");
    }
    assert_eq!(opened.value(FieldId::GcsBucket), "");
}

#[test]
fn a_volume_link_carries_no_object_store_setting() {
    let typed = draft(
        BackendKind::Volume,
        &[
            (FieldId::RedirectDisable, "true"),
            (FieldId::S3Bucket, "my-s3-bucket"),
            (FieldId::VolumeSize, "50Gi"),
        ],
    );
    let link = encode_link(&typed);
    assert_eq!(
        names(&link),
        ["v", "backend", "astronomer.registry.persistence.size"],
        "{link}"
    );
}

/// The draft a link or remembered settings give (secrets never among them).
fn loaded(text: &str) -> Draft {
    decode(text).unwrap().into_draft()
}

#[test]
fn loaded_settings_say_which_secrets_to_type_again() {
    let s3 = loaded(
        "v=1&backend=s3&astronomer.registry.s3.bucket=b&astronomer.registry.s3.region=us-east-1&chartVersion=0.37.4",
    );
    let notice = retype_notice(&s3).expect("S3 with keys needs them typed again");
    assert!(
        notice.contains("Access key ID") && notice.contains("Secret access key"),
        "{notice}"
    );
    let azure = loaded("v=1&backend=azure&chartVersion=0.37.4");
    let notice = retype_notice(&azure).expect("Azure with the key inline needs it typed again");
    assert!(notice.contains("Storage account access key"), "{notice}");
    assert!(!notice.contains("Access key ID"), "{notice}");
}

#[test]
fn no_notice_where_no_secret_is_needed() {
    for text in [
        "v=1&backend=volume&chartVersion=0.37.4",
        "v=1&backend=gcs&chartVersion=0.37.4",
        // Keys in a Secret: typing them here is optional (commands.sh asks).
        "v=1&backend=s3&s3Credentials=keys-secret&chartVersion=0.37.4",
        "v=1&backend=s3&s3Credentials=irsa&chartVersion=0.37.4",
        "v=1&backend=azure&azureCredentials=key-secret&chartVersion=0.37.4",
    ] {
        assert_eq!(retype_notice(&loaded(text)), None, "{text}");
    }
    // Typed again: the notice would have nothing left to ask.
    let mut s3 = loaded("v=1&backend=s3&chartVersion=0.37.4");
    s3.apply(Action::SetField(FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE".into()));
    s3.apply(Action::SetField(
        FieldId::S3SecretKey,
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
    ));
    assert_eq!(retype_notice(&s3), None);
}

#[test]
fn a_link_opened_here_keeps_the_remembered_values_it_does_not_show() {
    let remembered = draft(
        BackendKind::Azure,
        &[
            (FieldId::AzureContainer, "my-images"),
            (FieldId::GcsBucket, "my-gcs-bucket"),
            (FieldId::S3Bucket, "remembered-s3-bucket"),
            (FieldId::Namespace, "platform"),
        ],
    );
    let mut opened = loaded("v=1&backend=s3&astronomer.registry.s3.bucket=linked-bucket&chartVersion=0.37.4");
    registry_configurator::share::fill_hidden(&mut opened, &remembered);
    // What the link shows is the link's, defaults included.
    assert_eq!(opened.backend, BackendKind::S3);
    assert_eq!(opened.value(FieldId::S3Bucket), "linked-bucket");
    assert_eq!(opened.value(FieldId::Namespace), "astronomer");
    // The rest is this browser's.
    assert_eq!(opened.value(FieldId::AzureContainer), "my-images");
    assert_eq!(opened.value(FieldId::GcsBucket), "my-gcs-bucket");
}
