//! Validation of whole drafts: required fields, cross-field rules, chart
//! gating, and that a Config exists exactly when no error does.

use registry_configurator::field::FieldId;
use registry_configurator::model::{Backend, BackendKind, S3Credentials, S3Encryption};
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::{Severity, Validation, validate};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AZURE_KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

fn draft(backend: BackendKind, fields: &[(FieldId, &str)]) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
    for (field, value) in fields {
        draft.apply(Action::SetField(*field, (*value).to_owned()));
    }
    draft
}

fn s3(fields: &[(FieldId, &str)]) -> Draft {
    let mut all = vec![(FieldId::S3Bucket, "my-s3-bucket"), (FieldId::S3Region, "us-east-1")];
    all.extend_from_slice(fields);
    draft(BackendKind::S3, &all)
}

/// The one check helper: the issues of `field`, as (severity, message).
fn issues_of(validation: &Validation, field: FieldId) -> Vec<(Severity, String)> {
    validation
        .for_field(field)
        .map(|issue| (issue.severity, issue.message.clone()))
        .collect()
}

/// Asserts `field` has exactly one issue of `severity` whose message contains `part`.
fn check(validation: &Validation, field: FieldId, severity: Severity, part: &str) {
    let issues = issues_of(validation, field);
    assert!(
        issues
            .iter()
            .any(|(s, message)| *s == severity && message.contains(part)),
        "{field:?}: wanted a {severity:?} containing {part:?}, got {issues:?}"
    );
}

#[test]
fn a_fresh_form_asks_only_for_the_chart_version() {
    let validation = validate(&Draft::default());
    assert!(validation.config.is_none());
    let fields: Vec<FieldId> = validation.issues.iter().map(|issue| issue.field).collect();
    assert_eq!(fields, vec![FieldId::ChartVersion]);
    check(&validation, FieldId::ChartVersion, Severity::Error, "required");
}

#[test]
fn each_backend_reports_every_missing_required_field_at_once() {
    let cases: &[(BackendKind, &[FieldId])] = &[
        (BackendKind::Gcs, &[FieldId::GcsBucket, FieldId::GcsKeyFile]),
        (BackendKind::S3, &[FieldId::S3Bucket, FieldId::S3Region]),
        (
            BackendKind::Azure,
            &[
                FieldId::AzureAccountName,
                FieldId::AzureAccountKey,
                FieldId::AzureContainer,
            ],
        ),
        (BackendKind::Volume, &[]),
    ];
    for (backend, required) in cases {
        let validation = validate(&draft(*backend, &[]));
        let fields: Vec<FieldId> = validation.errors().map(|issue| issue.field).collect();
        assert_eq!(&fields, required, "{backend:?}");
        assert_eq!(validation.config.is_some(), required.is_empty(), "{backend:?}");
    }
}

#[test]
fn only_the_chosen_backend_is_validated() {
    let mut with_bad_s3 = draft(BackendKind::Volume, &[(FieldId::S3Bucket, "Not A Bucket")]);
    assert!(validate(&with_bad_s3).config.is_some());
    with_bad_s3.apply(Action::SetBackend(BackendKind::S3));
    assert!(validate(&with_bad_s3).config.is_none());
}

#[test]
fn s3_keys_come_in_pairs() {
    let only_access = validate(&s3(&[(FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE")]));
    check(&only_access, FieldId::S3SecretKey, Severity::Error, "secret access key");
    assert!(only_access.config.is_none());

    let temporary = validate(&s3(&[
        (FieldId::S3AccessKey, "ASIAIOSFODNN7EXAMPLE"),
        (FieldId::S3SecretKey, SECRET),
    ]));
    check(&temporary, FieldId::S3AccessKey, Severity::Warning, "temporary");
    assert!(temporary.config.is_some(), "a warning does not block the files");

    let only_secret = validate(&s3(&[(FieldId::S3SecretKey, SECRET)]));
    check(&only_secret, FieldId::S3AccessKey, Severity::Error, "access key ID");

    let neither = validate(&s3(&[])).config.expect("valid without keys");
    let Backend::S3(neither) = neither.backend else {
        panic!("S3 backend")
    };
    assert_eq!(neither.credentials, S3Credentials::DefaultChain);

    let both = validate(&s3(&[
        (FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE"),
        (FieldId::S3SecretKey, SECRET),
    ]));
    let Backend::S3(both) = both.config.expect("valid with both keys").backend else {
        panic!("S3 backend")
    };
    assert!(matches!(both.credentials, S3Credentials::Static { .. }));
}

#[test]
fn kms_key_needs_encryption_and_the_bucket_region() {
    let key_without_encrypt = validate(&s3(&[(
        FieldId::S3KeyId,
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    )]));
    check(
        &key_without_encrypt,
        FieldId::S3KeyId,
        Severity::Error,
        "Encrypt objects at rest",
    );
    assert!(key_without_encrypt.config.is_none());

    let other_region = validate(&s3(&[
        (FieldId::S3Encrypt, "true"),
        (
            FieldId::S3KeyId,
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
    ]));
    check(&other_region, FieldId::S3KeyId, Severity::Warning, "eu-west-1");
    assert!(other_region.config.is_some(), "a warning does not block the files");

    let managed = validate(&s3(&[(FieldId::S3Encrypt, "true")])).config.expect("valid");
    let Backend::S3(managed) = managed.backend else {
        panic!("S3 backend")
    };
    assert_eq!(managed.encryption, S3Encryption::S3Managed);
}

#[test]
fn region_endpoint_needs_chart_0_30() {
    let mut old = s3(&[(FieldId::S3RegionEndpoint, "https://minio.example.com:9000")]);
    old.apply(Action::SetField(FieldId::ChartVersion, "0.29.5".into()));
    check(&validate(&old), FieldId::S3RegionEndpoint, Severity::Error, "0.30.0");
    old.apply(Action::SetField(FieldId::ChartVersion, "0.30.0".into()));
    assert!(validate(&old).config.is_some());
}

#[test]
fn values_the_registry_would_misread_are_errors_at_their_field() {
    let cases: &[(BackendKind, FieldId, &str)] = &[
        (BackendKind::S3, FieldId::S3Bucket, "yes"),
        (BackendKind::S3, FieldId::S3Bucket, "0123"),
        (BackendKind::Gcs, FieldId::GcsBucket, "true"),
        (BackendKind::Gcs, FieldId::GcsBucket, "1e5"),
        (BackendKind::Azure, FieldId::AzureContainer, "123"),
        (BackendKind::Azure, FieldId::AzureContainer, "off"),
        (BackendKind::S3, FieldId::S3RootDirectory, "null"),
    ];
    for (backend, field, value) in cases {
        let validation = validate(&draft(*backend, &[(*field, value)]));
        let issues = issues_of(&validation, *field);
        assert!(
            issues.iter().any(|(severity, _)| *severity == Severity::Error),
            "{field:?} = {value:?} should be an error, got {issues:?}"
        );
    }
}

#[test]
fn bucket_names_the_drivers_print_back_unchanged_are_accepted() {
    // The S3 and GCS drivers read the bucket with fmt.Sprint: 123 prints as 123.
    for (backend, field) in [
        (BackendKind::S3, FieldId::S3Bucket),
        (BackendKind::Gcs, FieldId::GcsBucket),
    ] {
        let mut draft = draft(backend, &[(field, "123")]);
        draft.apply(Action::SetField(FieldId::GcsKeyFile, "/tmp/key.json".into()));
        draft.apply(Action::SetField(FieldId::S3Region, "us-east-1".into()));
        let validation = validate(&draft);
        assert!(validation.config.is_some(), "{field:?}: {:?}", validation.issues);
    }
}

#[test]
fn control_characters_and_outer_spaces_are_rejected_everywhere() {
    for field in FieldId::ALL {
        if field == FieldId::S3Encrypt {
            continue;
        }
        let backend = match field.section() {
            registry_configurator::field::Section::Backend(kind) => kind,
            registry_configurator::field::Section::Platform => BackendKind::Volume,
        };
        for bad in [" padded", "padded ", "tab\there", "line\nbreak"] {
            let validation = validate(&draft(backend, &[(field, bad)]));
            let issues = issues_of(&validation, field);
            assert!(
                issues.iter().any(|(severity, _)| *severity == Severity::Error),
                "{field:?} = {bad:?} should be an error, got {issues:?}"
            );
        }
    }
}

#[test]
fn a_complete_draft_of_each_backend_gives_a_config() {
    let drafts = [
        draft(
            BackendKind::Gcs,
            &[
                (FieldId::GcsBucket, "my-gcs-bucket"),
                (FieldId::GcsKeyFile, "/tmp/key.json"),
            ],
        ),
        s3(&[
            (FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE"),
            (FieldId::S3SecretKey, SECRET),
        ]),
        draft(
            BackendKind::Azure,
            &[
                (FieldId::AzureAccountName, "mystorageaccount"),
                (FieldId::AzureAccountKey, AZURE_KEY),
                (FieldId::AzureContainer, "my-container-name"),
            ],
        ),
        draft(
            BackendKind::Volume,
            &[(FieldId::VolumeSize, "200Gi"), (FieldId::VolumeStorageClass, "gp3")],
        ),
    ];
    for draft in drafts {
        let validation = validate(&draft);
        assert!(validation.errors().next().is_none(), "{:?}", validation.issues);
        assert_eq!(validation.config.expect("config").backend.kind(), draft.backend);
    }
}

#[test]
fn secrets_never_show_in_debug_output() {
    let validation = validate(&s3(&[
        (FieldId::S3AccessKey, "AKIAIOSFODNN7EXAMPLE"),
        (FieldId::S3SecretKey, SECRET),
    ]));
    let debug = format!("{:?}", validation.config.expect("config"));
    assert!(!debug.contains(SECRET), "{debug}");
}

#[test]
fn an_s3_compatible_store_may_name_its_own_region() {
    let ceph = validate(&s3(&[
        (FieldId::S3Region, "default"),
        (FieldId::S3RegionEndpoint, "https://ceph.example.com"),
    ]));
    let Backend::S3(ceph) = ceph.config.expect("valid with an endpoint").backend else {
        panic!("S3 backend")
    };
    assert_eq!(ceph.region.as_str(), "default");
    assert_eq!(ceph.region.partition(), "aws");

    let aws = validate(&s3(&[(FieldId::S3Region, "default")]));
    check(&aws, FieldId::S3Region, Severity::Error, "not an AWS region");

    for bad in [
        "yes",
        "two words",
        "null",
        "AKIAIOSFODNN7EXAMPLE",
        "-x",
        "x-",
        ".",
        "Default",
    ] {
        let store = validate(&s3(&[
            (FieldId::S3Region, bad),
            (FieldId::S3RegionEndpoint, "http://minio:9000"),
        ]));
        assert!(store.config.is_none(), "{bad:?} accepted as a store region");
    }
}

#[test]
fn an_aws_endpoint_keeps_the_strict_region_rules() {
    let fips = validate(&s3(&[
        (FieldId::S3Region, "us-east1"),
        (FieldId::S3RegionEndpoint, "https://s3-fips.us-east-1.amazonaws.com"),
    ]));
    check(&fips, FieldId::S3Region, Severity::Error, "not an AWS region");
    let china = validate(&s3(&[
        (FieldId::S3Region, "default"),
        (FieldId::S3RegionEndpoint, "https://s3.cn-north-1.amazonaws.com.cn"),
    ]));
    check(&china, FieldId::S3Region, Severity::Error, "not an AWS region");
}
