//! Validation of whole drafts: required fields, cross-field rules, chart
//! gating, and that a Config exists exactly when no error does.

use registry_configurator::model::{BackendKind, is_aws_endpoint};
use registry_configurator::settings::{Backend, EnvValue, S3Credentials, S3Encryption};
use registry_configurator::settings::{FieldId, FieldKind, Section};
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

/// An S3 draft with a bucket and a region; without keys, a mode or an
/// endpoint among `fields` it uses the nodes' role (the keys mode needs keys).
fn s3(fields: &[(FieldId, &str)]) -> Draft {
    let mut all = vec![(FieldId::S3Bucket, "my-s3-bucket"), (FieldId::S3Region, "us-east-1")];
    // A store (a non-AWS endpoint) has only its keys.
    let keyless = !fields.iter().any(|(field, value)| {
        matches!(
            field,
            FieldId::S3AccessKey | FieldId::S3SecretKey | FieldId::S3Credentials
        ) || (*field == FieldId::S3RegionEndpoint && !is_aws_endpoint(value))
    });
    if keyless {
        all.push((FieldId::S3Credentials, "node-role"));
    }
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
        // The default mode keeps the keys in config.yaml, as the docs show.
        (
            BackendKind::S3,
            &[
                FieldId::S3Bucket,
                FieldId::S3Region,
                FieldId::S3AccessKey,
                FieldId::S3SecretKey,
            ],
        ),
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
    // S3 can only use a key of the bucket's region: no files.
    check(&other_region, FieldId::S3KeyId, Severity::Error, "eu-west-1");
    assert!(other_region.config.is_none());

    let managed = validate(&s3(&[(FieldId::S3Encrypt, "true")])).config.expect("valid");
    let Backend::S3(managed) = managed.backend else {
        panic!("S3 backend")
    };
    assert_eq!(managed.encryption, S3Encryption::S3Managed);
}

#[test]
fn region_endpoint_needs_chart_0_30() {
    let mut old = s3(&[
        (FieldId::S3RegionEndpoint, "https://minio.example.com:9000"),
        (FieldId::S3AccessKey, "minioadmin"),
        (FieldId::S3SecretKey, "minioadmin"),
    ]);
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
        draft.apply(Action::SetField(FieldId::S3Credentials, "node-role".into()));
        draft.apply(Action::SetField(FieldId::GcsKeyFile, "/tmp/key.json".into()));
        draft.apply(Action::SetField(FieldId::S3Region, "us-east-1".into()));
        let validation = validate(&draft);
        assert!(validation.config.is_some(), "{field:?}: {:?}", validation.issues);
    }
}

#[test]
fn control_characters_and_outer_spaces_are_rejected_everywhere() {
    for field in FieldId::ALL {
        // Boxes and radios hold only their own values.
        if !matches!(field.kind(), FieldKind::Text | FieldKind::Secret) {
            continue;
        }
        let backend = match field.section() {
            Section::Backend(kind) => kind,
            Section::ObjectStores => BackendKind::S3,
            Section::Platform => BackendKind::Volume,
        };
        // A mode's input is read in that mode.
        let mode = field.spec().mode.map(|mode| {
            let FieldKind::Choice(modes) = mode.kind() else {
                panic!("{mode:?} is not a radio group")
            };
            let shows = modes.choices.iter().find(|choice| (modes.shows)(choice.value, field));
            (mode, shows.expect("an option shows the input").value)
        });
        for bad in [" padded", "padded ", "tab\there", "line\nbreak"] {
            let mut fields = vec![(field, bad)];
            fields.extend(mode);
            let validation = validate(&draft(backend, &fields));
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
        (FieldId::S3AccessKey, "registry"),
        (FieldId::S3SecretKey, "ceph-secret"),
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

/// `draft` on another chart release.
fn on(mut draft: Draft, chart: &str) -> Draft {
    draft.apply(Action::SetField(FieldId::ChartVersion, chart.into()));
    draft
}

#[test]
fn azure_on_registry_3_gets_a_credentials_type_through_extra_env() {
    let azure = |chart| {
        let draft = on(
            draft(
                BackendKind::Azure,
                &[
                    (FieldId::AzureAccountName, "mystorageaccount"),
                    (FieldId::AzureAccountKey, AZURE_KEY),
                    (FieldId::AzureContainer, "images"),
                ],
            ),
            chart,
        );
        validate(&draft).config.expect("valid").extra_env()
    };
    assert!(azure("0.37.0").is_empty(), "0.37.0 still runs registry 2.x");
    for chart in ["0.37.1", "0.37.7", "1.1.3", "2.0.0", "2.1.0"] {
        let env = azure(chart);
        assert_eq!(env.len(), 1, "{chart}");
        assert_eq!(
            (env[0].name, &env[0].value),
            (
                "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE",
                &EnvValue::Literal("shared_key")
            )
        );
    }
}

#[test]
fn a_region_newer_than_the_registry_needs_its_endpoint_or_another_release() {
    // Registry 3.x (aws-sdk-go 1.55.5) has no ap-southeast-5.
    let newer = validate(&s3(&[(FieldId::S3Region, "ap-southeast-5")]));
    check(
        &newer,
        FieldId::S3Region,
        Severity::Error,
        "`https://s3.ap-southeast-5.amazonaws.com`",
    );
    let with_endpoint = validate(&s3(&[
        (FieldId::S3Region, "ap-southeast-5"),
        (FieldId::S3RegionEndpoint, "https://s3.ap-southeast-5.amazonaws.com"),
    ]));
    assert!(with_endpoint.config.is_some(), "{:?}", with_endpoint.issues);
    // 0.30.8 runs registry 2.8.2 (aws-sdk-go 1.15.11): no eu-north-1 either.
    let old_sdk = validate(&on(s3(&[(FieldId::S3Region, "eu-north-1")]), "0.30.8"));
    check(&old_sdk, FieldId::S3Region, Severity::Error, "registry 2.8.2");
    assert!(
        validate(&on(s3(&[(FieldId::S3Region, "eu-north-1")]), "0.30.7"))
            .config
            .is_some()
    );
    // Before 0.30 there is no endpoint to set: upgrade.
    let no_endpoint = validate(&on(s3(&[(FieldId::S3Region, "ap-northeast-3")]), "0.29.0"));
    check(
        &no_endpoint,
        FieldId::S3Region,
        Severity::Error,
        "Upgrade to chart 0.30.0 or later and set the region endpoint to `https://s3.ap-northeast-3.amazonaws.com`, or to chart 0.37.1",
    );
    // China's endpoints live under their own domain.
    let china = validate(&on(s3(&[(FieldId::S3Region, "cn-north-1")]), "0.37.4"));
    assert!(china.config.is_some(), "{:?}", china.issues);
}

#[test]
fn an_aws_endpoint_must_be_in_the_region_partition() {
    let crossed = validate(&s3(&[(
        FieldId::S3RegionEndpoint,
        "https://s3.cn-north-1.amazonaws.com.cn",
    )]));
    check(
        &crossed,
        FieldId::S3RegionEndpoint,
        Severity::Error,
        "use https://s3.us-east-1.amazonaws.com",
    );
    let gov = validate(&s3(&[
        (FieldId::S3Region, "us-gov-west-1"),
        (FieldId::S3RegionEndpoint, "https://s3-fips.us-gov-west-1.amazonaws.com"),
    ]));
    assert!(gov.config.is_some(), "{:?}", gov.issues);
}

#[test]
fn temporary_aws_keys_are_errors() {
    let temporary = validate(&s3(&[
        (FieldId::S3AccessKey, "ASIAIOSFODNN7EXAMPLE"),
        (FieldId::S3SecretKey, SECRET),
    ]));
    check(&temporary, FieldId::S3AccessKey, Severity::Error, "session token");
}

#[test]
fn s3_compatible_stores_take_their_own_keys_and_need_them() {
    let minio = |fields: &[(FieldId, &str)]| {
        let mut all = vec![(FieldId::S3RegionEndpoint, "https://minio.example.com:9000")];
        all.extend_from_slice(fields);
        validate(&on(s3(&all), "2.1.0"))
    };
    let with_keys = minio(&[
        (FieldId::S3AccessKey, "minioadmin"),
        (FieldId::S3SecretKey, "minioadmin"),
    ]);
    let config = with_keys.config.expect("MinIO's own keys are accepted");
    let env = config.extra_env();
    assert_eq!(
        env.iter().map(|var| (var.name, var.value.clone())).collect::<Vec<_>>(),
        [("REGISTRY_STORAGE_S3_FORCEPATHSTYLE", EnvValue::Literal("true"))]
    );
    assert!(!config.redirect_disable, "a public store keeps redirects");
    check(&minio(&[]), FieldId::S3AccessKey, Severity::Error, "store issued");
    // The same keys against AWS are refused.
    let aws = validate(&s3(&[
        (FieldId::S3AccessKey, "minioadmin"),
        (FieldId::S3SecretKey, "minioadmin"),
    ]));
    check(&aws, FieldId::S3AccessKey, Severity::Error, "AKIA");
    // Registry 2.x forces path-style requests by itself.
    let old = validate(&on(
        s3(&[
            (FieldId::S3RegionEndpoint, "https://minio.example.com:9000"),
            (FieldId::S3AccessKey, "minioadmin"),
            (FieldId::S3SecretKey, "minioadmin"),
        ]),
        "0.36.1",
    ));
    assert!(old.config.expect("valid").extra_env().is_empty());
}

#[test]
fn a_store_only_the_cluster_reaches_gets_redirects_disabled_and_says_why() {
    let in_cluster = validate(&s3(&[
        (FieldId::S3RegionEndpoint, "http://minio.storage.svc:9000"),
        (FieldId::S3AccessKey, "minioadmin"),
        (FieldId::S3SecretKey, "minioadmin"),
    ]));
    check(
        &in_cluster,
        FieldId::S3RegionEndpoint,
        Severity::Warning,
        "minio.storage.svc is reachable only inside the cluster",
    );
    assert!(in_cluster.config.expect("valid").redirect_disable);
    let ticked = validate(&s3(&[(FieldId::RedirectDisable, "true")]));
    assert!(ticked.config.expect("valid").redirect_disable);
    let too_old = validate(&on(s3(&[(FieldId::RedirectDisable, "true")]), "0.28.8"));
    check(
        &too_old,
        FieldId::RedirectDisable,
        Severity::Error,
        "needs chart 0.29.0",
    );
}

#[test]
fn plane_mode_is_asked_from_1_0_and_control_says_where_the_registry_runs() {
    let volume = |chart: &str, mode: &str| {
        let mut draft = on(draft(BackendKind::Volume, &[]), chart);
        draft.apply(Action::SetField(FieldId::PlaneMode, mode.into()));
        validate(&draft)
    };
    let control = volume("2.1.0", "control");
    check(&control, FieldId::PlaneMode, Severity::Warning, "data-plane release");
    assert_eq!(
        control.config.expect("valid").platform.plane,
        Some(registry_configurator::settings::PlaneMode::Control)
    );
    // Before 1.0 there is no plane mode: whatever the radio held is not used.
    let old = volume("0.37.4", "control");
    assert!(old.issues.is_empty(), "{:?}", old.issues);
    assert_eq!(old.config.expect("valid").platform.plane, None);
}

#[test]
fn settings_the_release_lacks_are_unavailable_until_they_hold_a_value() {
    use registry_configurator::validate::unavailable;
    let old = on(s3(&[]), "0.29.5");
    let note = unavailable(&old, FieldId::S3RegionEndpoint).expect("0.29.5 has no regionendpoint");
    assert!(note.contains("Needs chart 0.30.0 or later"), "{note}");
    assert_eq!(unavailable(&on(s3(&[]), "0.30.0"), FieldId::S3RegionEndpoint), None);
    // A value typed earlier keeps the field open, with its error.
    let mut typed = old.clone();
    typed.apply(Action::SetField(
        FieldId::S3RegionEndpoint,
        "https://minio.example.com".into(),
    ));
    assert_eq!(unavailable(&typed, FieldId::S3RegionEndpoint), None);
    assert!(unavailable(&on(s3(&[]), "0.37.4"), FieldId::PlaneMode).is_some());
    assert_eq!(unavailable(&on(s3(&[]), "1.0.0"), FieldId::PlaneMode), None);
    // Without a known release nothing is gated.
    assert_eq!(unavailable(&on(s3(&[]), ""), FieldId::PlaneMode), None);
    assert_eq!(unavailable(&old, FieldId::S3Bucket), None);
}

/// The form shows what the files do: redirects are off for an endpoint only
/// the cluster reaches, whatever the box says, and the form says so there.
#[test]
fn an_in_cluster_endpoint_forces_redirects_off_and_the_form_is_told() {
    let keys = [
        (FieldId::S3AccessKey, "minioadmin"),
        (FieldId::S3SecretKey, "minioadmin-secret"),
    ];
    let internal = s3(&[
        keys[0],
        keys[1],
        (FieldId::S3RegionEndpoint, "http://minio.minio.svc.cluster.local:9000"),
    ]);
    let config = validate(&internal).config.expect("valid");
    assert!(config.redirect_disable);
    let why = registry_configurator::validate::forced(&internal, FieldId::RedirectDisable).expect("forced");
    assert!(why.contains("reachable only inside the cluster"), "{why}");
    assert_eq!(
        registry_configurator::validate::forced(&internal, FieldId::S3Bucket),
        None
    );
    let external = s3(&[
        keys[0],
        keys[1],
        (FieldId::S3RegionEndpoint, "https://minio.example.com"),
    ]);
    assert_eq!(
        registry_configurator::validate::forced(&external, FieldId::RedirectDisable),
        None
    );
    assert!(!validate(&external).config.expect("valid").redirect_disable);
    // Not S3: nothing forced, even with the text still in the S3 field.
    let mut gcs = internal.clone();
    gcs.apply(Action::SetBackend(BackendKind::Gcs));
    assert_eq!(
        registry_configurator::validate::forced(&gcs, FieldId::RedirectDisable),
        None
    );
}
