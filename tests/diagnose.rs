//! The failure-mode table: each mode found in lines as each registry
//! program prints them (both log formats where the registry writes them),
//! near misses found as nothing, unrecognised lines listed, the context the
//! form adds, and the one-click fixes.

mod tools;

use registry_configurator::diagnose::{self, MODES, Report};
use registry_configurator::import::Fix;
use registry_configurator::model::{BackendKind, Registry};
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};

/// A line as a registry program writes it: a driver error in a request's
/// log line (`Log`), or output printed as it is (`Plain`: a panic at start,
/// kubectl, helm, docker).
enum Sample {
    Log(&'static str),
    Plain(&'static str),
}
use Sample::{Log, Plain};

/// Each mode with lines that show it. The texts follow distribution's
/// source (v2.8.2, v3.0.0, v3.1.1), aws-sdk-go's and the Azure and Google
/// SDKs' error formats, and kubectl, helm and docker output.
const SAMPLES: &[(&str, &[Sample])] = &[
    (
        "s3-invalid-region",
        &[Plain("panic: invalid region provided: ap-southeast-5")],
    ),
    ("s3-no-region", &[Plain("panic: no region parameter provided")]),
    (
        "s3-pod-identity-too-old",
        &[Log(
            "s3aws: NoCredentialProviders: no valid providers in chain\ncaused by: EnvAccessKeyNotFound: failed to find credentials in the environment.\nSharedCredsLoad: failed to load profile, .\nRemoteCredentialsError: failed to load remote credentials\ncaused by: invalid endpoint host, \"169.254.170.23\", only loopback hosts are allowed.",
        )],
    ),
    (
        "s3-node-role-used",
        &[Log(
            "s3aws: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/eks-nodes/i-0abc123def is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::images\"\n\tstatus code: 403, request id: 7Q1, host id: aGk=",
        )],
    ),
    (
        "s3-instance-metadata",
        &[Log(
            "s3aws: NoCredentialProviders: no valid providers in chain\ncaused by: EnvAccessKeyNotFound: failed to find credentials in the environment.\nEC2RoleRequestError: no EC2 instance role found\ncaused by: EC2MetadataError: failed to make EC2Metadata request\n\tstatus code: 401",
        )],
    ),
    (
        "s3-no-credentials",
        &[Log(
            "s3aws: NoCredentialProviders: no valid providers in chain. Deprecated.\n\tFor verbose messaging see aws.Config.CredentialsChainVerboseErrors",
        )],
    ),
    (
        "s3-kms-denied",
        &[Log(
            "s3aws: AccessDenied: User: arn:aws:iam::123456789012:user/registry is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd\n\tstatus code: 403, request id: 7Q1",
        )],
    ),
    (
        "s3-access-denied",
        &[Log(
            "s3aws: AccessDenied: Access Denied\n\tstatus code: 403, request id: 4A2B, host id: abc=",
        )],
    ),
    (
        "s3-signature",
        &[Log(
            "s3aws: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.\n\tstatus code: 403, request id: 9",
        )],
    ),
    (
        "s3-key-newline",
        &[Log(
            "s3aws: RequestError: send request failed\ncaused by: Put \"https://images.s3.amazonaws.com/docker/registry\": net/http: invalid header field value for \"Authorization\"",
        )],
    ),
    (
        "s3-unknown-key",
        &[Log(
            "s3aws: InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.\n\tstatus code: 403, request id: 1",
        )],
    ),
    (
        "s3-no-such-bucket",
        &[Log(
            "s3aws: NoSuchBucket: The specified bucket does not exist\n\tstatus code: 404, request id: 1",
        )],
    ),
    (
        "s3-path-style",
        &[
            Log(
                "s3aws: RequestError: send request failed\ncaused by: Get \"https://images.minio.example.com/?list-type=2\": dial tcp: lookup images.minio.example.com on 10.96.0.10:53: no such host",
            ),
            Log("s3aws: SecondLevelDomainForbidden: Please use path-style bucket addressing\n\tstatus code: 403"),
        ],
    ),
    (
        "s3-endpoint-no-host",
        &[Log(
            "s3aws: RequestError: send request failed\ncaused by: Put \"minio:9000/images\": http: no Host in request URL",
        )],
    ),
    (
        "s3-store-certificate",
        &[Log(
            "s3aws: RequestError: send request failed\ncaused by: Get \"https://minio.example.com/images\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
        )],
    ),
    (
        "s3-v4auth",
        &[Plain(
            "panic: on Amazon S3 this storage driver can only be used with v4 authentication",
        )],
    ),
    (
        "s3-unreachable",
        &[Log(
            "s3aws: RequestError: send request failed\ncaused by: Put \"https://images.s3.us-east-1.amazonaws.com/docker\": dial tcp 52.216.0.1:443: i/o timeout",
        )],
    ),
    (
        "gcs-sign-blob",
        &[Log(
            "storage: unable to sign bytes: googleapi: Error 403: Permission 'iam.serviceAccounts.signBlob' denied on resource (or it may not exist)., forbidden",
        )],
    ),
    ("gcs-not-built-in", &[Plain("panic: StorageDriver not registered: gcs")]),
    (
        "gcs-keyfile-secret",
        &[
            Plain(
                "  Warning  FailedMount  2m (x8 over 4m)  kubelet  MountVolume.SetUp failed for volume \"gcs-keyfile\" : secret \"astronomer-gcs-keyfile\" not found",
            ),
            Plain("panic: open /var/gcs-keyfile/astronomer-gcs-keyfile: no such file or directory"),
        ],
    ),
    (
        "gcs-user-credentials",
        &[Plain(
            "panic: google: read JWT from JSON credentials: 'type' field is \"authorized_user\" (expected \"service_account\")",
        )],
    ),
    (
        "gcs-forbidden",
        &[Log(
            "googleapi: Error 403: registry@project.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object., forbidden",
        )],
    ),
    (
        "gcs-no-credentials",
        &[Plain(
            "panic: google: could not find default credentials. See https://cloud.google.com/docs/authentication/external/set-up-adc for more information",
        )],
    ),
    ("gcs-no-bucket", &[Log("gcs: storage: bucket doesn't exist")]),
    (
        "azure-credentials-type",
        &[Plain("panic: invalid credentials type: \"\"")],
    ),
    (
        "azure-bad-key",
        &[
            Plain("panic: azure: malformed storage account key: illegal base64 data at input byte 4"),
            Log(
                "azure: RESPONSE 403: 403 Server failed to authenticate the request.\nERROR CODE: AuthenticationFailed",
            ),
        ],
    ),
    (
        "azure-shared-key-off",
        &[Log(
            "azure: RESPONSE 403: 403 Key based authentication is not permitted on this storage account.\nERROR CODE: KeyBasedAuthenticationNotPermitted",
        )],
    ),
    (
        "azure-permission-mismatch",
        &[Log(
            "azure: RESPONSE 403: 403 This request is not authorized to perform this operation using this permission.\nERROR CODE: AuthorizationPermissionMismatch",
        )],
    ),
    (
        "azure-network-refused",
        &[Log(
            "azure: RESPONSE 403: 403 This request is not authorized to perform this operation.\nERROR CODE: AuthorizationFailure",
        )],
    ),
    (
        "azure-no-container",
        &[Log(
            "azure: RESPONSE 404: 404 The specified container does not exist.\nERROR CODE: ContainerNotFound",
        )],
    ),
    (
        "azure-blob-type",
        &[Log(
            "azure: RESPONSE 409: 409 The blob type is invalid for this operation.\nERROR CODE: InvalidBlobType",
        )],
    ),
    (
        "azure-hierarchical-namespace",
        &[Log(
            "storage: service returned error: StatusCode=409, ErrorCode=DirectoryIsNotEmpty",
        )],
    ),
    (
        "upload-state-lost",
        &[
            Log("s3aws: Path not found: /docker/registry/v2/repositories/app/_uploads/0b1c/data"),
            Plain("blob upload unknown: blob upload unknown to registry"),
            Plain("time=\"t\" level=error msg=\"upload resumed at wrong offest: 1024 != 0\""),
            Plain("time=\"t\" level=error msg=\"upload resumed at wrong offset: 1024 != 0\""),
        ],
    ),
    (
        "redirect-unreachable",
        &[
            Plain(
                "error pulling image configuration: download failed after attempts=6: dial tcp 52.217.1.1:443: i/o timeout",
            ),
            Plain(
                "  Warning  Failed  1m  kubelet  Failed to pull image \"registry.example.com/app:1\": Get \"https://images.s3.us-east-1.amazonaws.com/docker/registry/v2/blobs/sha256/ab/data?X-Amz-Algorithm=AWS4-HMAC-SHA256\": dial tcp 52.1.1.1:443: i/o timeout",
            ),
        ],
    ),
    (
        "manifest-unknown",
        &[Plain(
            "Error response from daemon: manifest for registry.example.com/app:1 not found: manifest unknown: manifest unknown",
        )],
    ),
    (
        "health-check-503",
        &[Plain(
            "Error response from daemon: received unexpected HTTP status: 503 Service Unavailable",
        )],
    ),
    (
        "crash-loop",
        &[
            Plain("astronomer-registry-7d9c5b7f-x2x1   0/1     CrashLoopBackOff   5 (30s ago)   3m"),
            Plain(
                "  Warning  BackOff  1m  kubelet  Back-off restarting failed container registry in pod astronomer-registry-7d9c",
            ),
        ],
    ),
    (
        "values-file",
        &[
            Plain(
                "Error: UPGRADE FAILED: YAML parse error on astronomer/charts/astronomer/templates/registry/registry-configmap.yaml: error converting YAML to JSON: yaml: line 12: mapping values are not allowed in this context",
            ),
            Plain(
                "  Warning  Failed  10s  kubelet  Error: couldn't find key AWS_ACCESS_KEY_ID in Secret astronomer/registry-s3",
            ),
        ],
    ),
    (
        "body-too-large",
        &[Plain(
            "error parsing HTTP 413 response body: invalid character '<' looking for beginning of value: \"<html><head><title>413 Request Entity Too Large</title></head>\"",
        )],
    ),
];

/// A chart release that runs each registry program.
fn release_of(registry: Registry) -> &'static str {
    match registry {
        Registry::Fork2 => "0.37.0",
        Registry::Upstream2_8_2 => "0.30.8",
        Registry::V3_0_0 => "0.37.1",
        Registry::V3_1_1 => "1.1.3",
    }
}

fn draft(backend: BackendKind, fields: &[(FieldId, &str)]) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    for (field, value) in fields {
        draft.apply(Action::SetField(*field, (*value).to_owned()));
    }
    draft
}

/// The line in logrus's text format, as the registry writes a failed request.
fn text_line(detail: &str) -> String {
    let quoted = detail
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    format!(
        "time=\"2026-05-01T10:00:00.000000000Z\" level=error msg=\"response completed with error\" auth.user.name=\"\" err.code=unknown err.detail=\"{quoted}\" err.message=\"unknown error\" go.version=go1.22.7 http.request.host=registry.example.com http.request.method=PUT http.response.status=500 vars.name=app"
    )
}

/// The same line as the JSON formatter writes it.
fn json_line(detail: &str) -> String {
    let quoted = detail
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    format!(
        "{{\"err.code\":\"unknown\",\"err.detail\":\"{quoted}\",\"err.message\":\"unknown error\",\"go.version\":\"go1.22.7\",\"http.request.method\":\"PUT\",\"http.response.status\":500,\"level\":\"error\",\"msg\":\"response completed with error\",\"time\":\"2026-05-01T10:00:00.000000000Z\"}}"
    )
}

/// Every way a sample reaches the page: a log line in both formats, or the output as printed.
fn pastes(sample: &Sample) -> Vec<String> {
    match sample {
        Log(detail) => vec![text_line(detail), json_line(detail)],
        Plain(line) => vec![(*line).to_owned()],
    }
}

fn mode(id: &str) -> &'static diagnose::Mode {
    MODES
        .iter()
        .find(|mode| mode.id == id)
        .unwrap_or_else(|| panic!("no mode {id}"))
}

fn report(paste: &str, draft: &Draft) -> Report {
    diagnose::diagnose(paste, draft).expect("read")
}

#[test]
fn every_mode_has_samples_and_every_sample_is_a_mode() {
    for mode in MODES {
        assert!(
            SAMPLES.iter().any(|(id, _)| *id == mode.id),
            "{}: no sample lines",
            mode.id
        );
    }
    for (id, _) in SAMPLES {
        mode(id);
    }
}

#[test]
fn each_sample_is_found_as_its_mode_on_each_registry_that_prints_it() {
    for (id, samples) in SAMPLES {
        let mode = mode(id);
        let backend = mode.store.unwrap_or(BackendKind::S3);
        for sample in *samples {
            for paste in pastes(sample) {
                let sign = mode
                    .signs
                    .iter()
                    .find(|sign| {
                        sign.all
                            .iter()
                            .all(|text| paste.to_lowercase().replace("\\\"", "\"").contains(text))
                    })
                    .unwrap_or_else(|| panic!("{id}: no sign in {paste}"));
                for registry in sign.on {
                    let draft = draft(backend, &[(FieldId::ChartVersion, release_of(*registry))]);
                    let found = report(&paste, &draft);
                    let ids: Vec<&str> = found.diagnoses.iter().map(|d| d.mode.as_str()).collect();
                    assert_eq!(ids, [*id], "{registry:?}: {paste}");
                    let diagnosis = &found.diagnoses[0];
                    assert_eq!(diagnosis.why, mode.why(Some(*registry)), "{id} {registry:?}");
                    assert_eq!(diagnosis.lines.len(), 1, "{id}");
                    assert_eq!(diagnosis.lines[0].0, 1);
                    assert!(
                        !diagnosis.notes.iter().any(|note| note.contains("does not print this")),
                        "{id} {registry:?}: {:?}",
                        diagnosis.notes
                    );
                    assert!(found.unrecognised.is_empty(), "{id}: {:?}", found.unrecognised);
                }
            }
        }
    }
}

#[test]
fn a_line_of_one_mode_is_never_found_as_another() {
    // Each line goes to one mode only, the first of the table that matches:
    // no sample of one mode may be claimed by a mode listed before it.
    let release = draft(BackendKind::S3, &[(FieldId::ChartVersion, "1.1.3")]);
    for (id, samples) in SAMPLES {
        for sample in *samples {
            for paste in pastes(sample) {
                let found = report(&paste, &release);
                assert_eq!(found.diagnoses.len(), 1, "{id}: {paste}");
                assert_eq!(found.diagnoses[0].mode, *id, "{paste}");
            }
        }
    }
}

#[test]
fn near_misses_match_nothing() {
    let release = draft(BackendKind::S3, &[(FieldId::ChartVersion, "1.1.3")]);
    for line in [
        "time=\"2026-05-01T10:00:00Z\" level=info msg=\"listening on [::]:5000\" go.version=go1.22.7",
        "level=info msg=\"invalid region provided: us-east-1 is fine\"",
        "The region is invalid",
        "Access denied for user 'root'@'localhost'",
        "manifest invalid: manifest invalid",
        "redirect.disable: true",
        "Authentication failed for user admin",
        "no region given",
        "{\"level\":\"debug\",\"msg\":\"s3aws.Stat(\\\"/\\\")\"}",
    ] {
        let found = report(line, &release);
        assert!(
            found.diagnoses.is_empty(),
            "{line}: {:?}",
            found.diagnoses.iter().map(|d| &d.mode).collect::<Vec<_>>()
        );
    }
}

#[test]
fn unrecognised_error_lines_are_listed_and_never_guessed_at() {
    let paste = "time=\"t\" level=info msg=\"starting\"\n\
                 time=\"t\" level=error msg=\"something the table does not know\"\n\
                 {\"level\":\"fatal\",\"msg\":\"another unknown failure\"}\n\
                 panic: invalid region provided: ap-east-2\n\
                 just some words\n\
                 Error: something else went wrong\n";
    let found = report(paste, &draft(BackendKind::S3, &[]));
    assert_eq!(found.diagnoses.len(), 1);
    assert_eq!(found.diagnoses[0].mode, "s3-invalid-region");
    assert_eq!(
        found.diagnoses[0].lines,
        [(4, "panic: invalid region provided: ap-east-2".to_owned())]
    );
    assert_eq!(
        found.unrecognised,
        [
            (2, "something the table does not know".to_owned()),
            (3, "another unknown failure".to_owned()),
            (6, "Error: something else went wrong".to_owned()),
        ]
    );
    assert_eq!(found.unrecognised_count, 3);
}

#[test]
fn colours_and_crlf_are_read_through() {
    let paste = "\u{1b}[31mpanic: invalid region provided: ap-southeast-5\u{1b}[0m\r\ngoroutine 1 [running]:\r\n";
    let found = report(paste, &draft(BackendKind::S3, &[]));
    assert_eq!(
        found.diagnoses[0].lines,
        [(1, "panic: invalid region provided: ap-southeast-5".to_owned())]
    );
}

#[test]
fn the_most_likely_comes_first() {
    // A symptom (503), then the root cause: the root cause is first.
    let paste = format!(
        "Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\n{}\n",
        text_line("s3aws: NoSuchBucket: The specified bucket does not exist")
    );
    let found = report(&paste, &draft(BackendKind::S3, &[]));
    let ids: Vec<&str> = found.diagnoses.iter().map(|d| d.mode.as_str()).collect();
    assert_eq!(ids, ["s3-no-such-bucket", "health-check-503"]);
    // An error about another store than the form's comes after one about it.
    let paste = "panic: invalid credentials type: \"\"\npanic: no region parameter provided\n";
    let found = report(paste, &draft(BackendKind::S3, &[(FieldId::ChartVersion, "1.1.3")]));
    let ids: Vec<&str> = found.diagnoses.iter().map(|d| d.mode.as_str()).collect();
    assert_eq!(ids, ["s3-no-region", "azure-credentials-type"]);
    assert!(
        found.diagnoses[1].notes[0].contains("the form is set to Amazon S3"),
        "{:?}",
        found.diagnoses[1].notes
    );
}

#[test]
fn why_follows_the_release_registry() {
    let line = text_line("s3aws: NoCredentialProviders: no valid providers in chain. Deprecated.");
    let old = report(&line, &draft(BackendKind::S3, &[(FieldId::ChartVersion, "0.30.8")]));
    let new = report(&line, &draft(BackendKind::S3, &[(FieldId::ChartVersion, "1.1.3")]));
    assert!(old.diagnoses[0].why.contains("2.8.2"), "{}", old.diagnoses[0].why);
    assert!(!new.diagnoses[0].why.contains("2.8.2"), "{}", new.diagnoses[0].why);
}

#[test]
fn a_line_another_registry_prints_says_so() {
    let found = report(
        "panic: invalid credentials type: \"\"",
        &draft(BackendKind::Azure, &[(FieldId::ChartVersion, "0.37.0")]),
    );
    let notes = &found.diagnoses[0].notes;
    assert!(
        notes
            .iter()
            .any(|note| note.contains("Chart 0.37.0 runs Astronomer's registry 2.x, which does not print this")),
        "{notes:?}"
    );
}

#[test]
fn the_one_click_fixes_are_form_actions() {
    // Redirects off.
    let found = report(
        "error pulling image configuration: download failed after attempts=6: dial tcp 52.217.1.1:443: i/o timeout",
        &draft(BackendKind::S3, &[(FieldId::ChartVersion, "1.1.3")]),
    );
    let (label, fix) = found.diagnoses[0].apply.clone().expect("a one-click fix");
    assert_eq!(label, "Turn redirects off");
    assert_eq!(
        fix,
        Fix::Form(vec![
            Action::SetField(FieldId::RedirectDisable, "true".into()),
            Action::Touch(FieldId::RedirectDisable)
        ])
    );
    // Already off: no button, a note instead.
    let found = report(
        "error pulling image configuration: download failed after attempts=6: dial tcp 52.217.1.1:443: i/o timeout",
        &draft(
            BackendKind::S3,
            &[(FieldId::ChartVersion, "1.1.3"), (FieldId::RedirectDisable, "true")],
        ),
    );
    assert_eq!(found.diagnoses[0].apply, None);
    assert!(
        found.diagnoses[0]
            .notes
            .iter()
            .any(|note| note.contains("already turns redirects off"))
    );
    // An endpoint only the cluster reaches: config.yaml turns redirects off by
    // itself, and the form's warning at the endpoint says why.
    let found = report(
        "error pulling image configuration: download failed after attempts=6: dial tcp 10.0.0.9:9000: i/o timeout",
        &draft(
            BackendKind::S3,
            &[
                (FieldId::ChartVersion, "1.1.3"),
                (FieldId::S3Bucket, "images"),
                (FieldId::S3Region, "us-east-1"),
                (FieldId::S3Credentials, "keys"),
                (FieldId::S3AccessKey, "minio-user"),
                (FieldId::S3SecretKey, "minio-secret-key"),
                (FieldId::S3RegionEndpoint, "http://minio.storage.svc:9000"),
                (FieldId::MigrateFrom, "none"),
                (FieldId::PlaneMode, "unified"),
            ],
        ),
    );
    let diagnosis = &found.diagnoses[0];
    assert_eq!(diagnosis.apply, None);
    assert!(
        diagnosis
            .notes
            .iter()
            .any(|note| note.contains("minio.storage.svc is reachable only inside the cluster")),
        "{:?}",
        diagnosis.notes
    );

    // The regional endpoint, for the region of the form, and its context.
    let settings = draft(
        BackendKind::S3,
        &[
            (FieldId::ChartVersion, "0.37.0"),
            (FieldId::S3Region, "ap-southeast-5"),
            (FieldId::S3Bucket, "images"),
        ],
    );
    let found = report("panic: invalid region provided: ap-southeast-5", &settings);
    let diagnosis = &found.diagnoses[0];
    assert_eq!(
        diagnosis.apply.as_ref().map(|(label, _)| label.as_str()),
        Some("Set the region endpoint to https://s3.ap-southeast-5.amazonaws.com")
    );
    assert_eq!(diagnosis.field, Some(FieldId::S3RegionEndpoint));
    assert!(
        diagnosis
            .notes
            .iter()
            .any(|note| note.starts_with("The form says at") && note.contains("ap-southeast-5")),
        "{:?}",
        diagnosis.notes
    );

    // A keys mode the release supports: on 0.30.8, IRSA is not one.
    let settings = draft(
        BackendKind::S3,
        &[(FieldId::ChartVersion, "0.30.8"), (FieldId::S3Credentials, "irsa")],
    );
    let found = report(
        &text_line("s3aws: NoCredentialProviders: no valid providers in chain. Deprecated."),
        &settings,
    );
    let diagnosis = &found.diagnoses[0];
    assert_eq!(
        diagnosis.apply,
        Some((
            "Use “Access keys in a Kubernetes Secret”".into(),
            Fix::Form(vec![Action::SetField(FieldId::S3Credentials, "keys-secret".into())])
        ))
    );
    // The form's own refusal of IRSA on 0.30.8 is quoted.
    assert!(
        diagnosis
            .notes
            .iter()
            .any(|note| note.contains("Chart 0.30.8 cannot use")),
        "{:?}",
        diagnosis.notes
    );
    // Pod Identity on the fork: IRSA, which it supports.
    let settings = draft(
        BackendKind::S3,
        &[
            (FieldId::ChartVersion, "0.37.0"),
            (FieldId::S3Credentials, "pod-identity"),
        ],
    );
    let found = report(
        &text_line(
            "s3aws: NoCredentialProviders: no valid providers in chain\ncaused by: invalid endpoint host, \"169.254.170.23\", only loopback hosts are allowed.",
        ),
        &settings,
    );
    assert_eq!(
        found.diagnoses[0].apply.as_ref().map(|(label, _)| label.as_str()),
        Some("Use “IAM role for the ServiceAccount (IRSA)”")
    );
}

#[test]
fn the_log_naming_another_bucket_region_or_account_is_said() {
    let settings = draft(
        BackendKind::S3,
        &[(FieldId::S3Bucket, "images"), (FieldId::S3Region, "eu-west-1")],
    );
    let paste = "Get \"https://old-images.s3.us-east-1.amazonaws.com/docker?X-Amz-Credential=x\": dial tcp 1.2.3.4:443: i/o timeout\npanic: invalid region provided: eu-west-9";
    let found = report(paste, &settings);
    assert_eq!(
        found.notes,
        [
            "The log names the bucket old-images, the form images.",
            "The log names the region us-east-1, the form eu-west-1.",
            "The log names the region eu-west-9, the form eu-west-1.",
        ]
    );
    let settings = draft(BackendKind::Azure, &[(FieldId::AzureAccountName, "mine")]);
    let found = report(
        "GET https://theirs.blob.core.windows.net/registry/docker: RESPONSE 403\nERROR CODE: AuthorizationFailure",
        &settings,
    );
    assert_eq!(
        found.notes,
        ["The log names the storage account theirs, the form mine."]
    );
}

#[test]
fn too_much_text_is_refused_with_the_limit() {
    let paste = "x".repeat(diagnose::MAX_BYTES + 1);
    let error = diagnose::diagnose(&paste, &Draft::default()).unwrap_err();
    assert!(error.contains("up to 1000 KB"), "{error}");
}

#[test]
fn a_large_paste_is_answered_quickly() {
    // 1 MB of log lines: read within a second even natively unoptimised.
    let line = text_line("s3aws: AccessDenied: Access Denied\n\tstatus code: 403");
    let mut paste = String::new();
    while paste.len() + line.len() < diagnose::MAX_BYTES {
        paste.push_str(&line);
        paste.push('\n');
    }
    let start = std::time::Instant::now();
    let found = report(&paste, &draft(BackendKind::S3, &[]));
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    assert_eq!(found.diagnoses[0].mode, "s3-access-denied");
    assert!(found.diagnoses[0].count > 1000);
    assert_eq!(found.diagnoses[0].lines.len(), 5);
}

/// verify.sh, run with stand-in kubectl and curl on a registry log holding
/// a sample line of every mode it reports (those of its storage and the
/// chart's, not the symptoms, which it leaves to its own checks), in each log format and for each registry program:
/// it prints each mode once, with the cause and fix the page gives for the
/// release, and exits non-zero; the page finds the same modes in that log.
#[test]
fn verify_sh_reports_each_mode_in_the_registry_log_as_the_page_does() {
    use registry_configurator::model::ChartVersion;
    use registry_configurator::render::render;
    tools::require("bash", &["-c", "true"]);
    let dir = tools::temp_dir("verify-modes");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin");
    for (name, body) in [
        (
            "kubectl",
            "#!/bin/sh\ncase \"$1\" in\n  logs) cat \"$REGISTRY_LOG\" ;;\n  port-forward) sleep 5 ;;\nesac\n",
        ),
        ("curl", "#!/bin/sh\nprintf 200\n"),
    ] {
        let path = bin.join(name);
        std::fs::write(&path, body).expect("write stub");
        tools::run("chmod", &["+x", &path.to_string_lossy()], b"");
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let case = tools::cases::all()
        .into_iter()
        .find(|case| case.name == "s3-irsa-0.36.1")
        .expect("the golden case");
    for registry in [
        Registry::Fork2,
        Registry::Upstream2_8_2,
        Registry::V3_0_0,
        Registry::V3_1_1,
    ] {
        // verify.sh reads only the platform and the backend's kind.
        let mut config = case.config();
        config.platform.chart = ChartVersion::parse(release_of(registry)).expect("a release");
        let script = render(&config)
            .into_iter()
            .find(|artifact| artifact.name == "verify.sh")
            .expect("verify.sh")
            .text;
        let script_path = dir.join("verify.sh");
        std::fs::write(&script_path, &script).expect("write verify.sh");
        let run = |log: &str| {
            std::fs::write(dir.join("registry.log"), log).expect("write the log");
            let output = tools::run_command(
                std::process::Command::new("bash")
                    .arg(&script_path)
                    .current_dir(&dir)
                    .env("PATH", &path)
                    .env("REGISTRY_LOG", dir.join("registry.log")),
                b"",
            );
            (
                output.status.success(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )
        };
        let (ok, stderr) = run("time=\"t\" level=info msg=\"listening on [::]:5000\"\n");
        assert!(ok, "{registry:?}: a quiet log fails: {stderr}");
        for format in [0, 1] {
            let mut log = String::from("time=\"t\" level=info msg=\"starting\"\n");
            let mut expected = Vec::new();
            for (id, samples) in SAMPLES {
                let mode = mode(id);
                if mode.weight < 2 || mode.store.is_some_and(|store| store != BackendKind::S3) {
                    continue;
                }
                expected.push(mode);
                for sample in *samples {
                    let pastes = pastes(sample);
                    log.push_str(&pastes[format.min(pastes.len() - 1)]);
                    log.push('\n');
                }
            }
            let (ok, stderr) = run(&log);
            assert!(!ok, "{registry:?}: verify.sh passed");
            for mode in &expected {
                let id = mode.id;
                for said in [
                    format!("known problem ({id})"),
                    format!("What happened: {}", mode.what),
                    format!("Why: {}", mode.why(Some(registry))),
                    format!("Fix: {}", mode.fix),
                ] {
                    assert!(stderr.contains(&said), "{registry:?}: {id}: no {said:?} in\n{stderr}");
                }
                assert_eq!(
                    stderr.matches(&format!("({id})")).count(),
                    1,
                    "{registry:?}: {id}: {stderr}"
                );
            }
            assert_eq!(stderr.matches("known problem").count(), expected.len(), "{stderr}");
            assert!(!stderr.contains("errors this script does not know"), "{stderr}");
            // The page finds the same modes in the same log.
            let draft = draft(BackendKind::S3, &[(FieldId::ChartVersion, release_of(registry))]);
            let mut found: Vec<String> = report(&log, &draft).diagnoses.into_iter().map(|d| d.mode).collect();
            let mut want: Vec<String> = expected.iter().map(|mode| mode.id.to_owned()).collect();
            found.sort();
            want.sort();
            assert_eq!(found, want, "{registry:?}");
        }
    }
}

/// The registry's own output, saved (`tests/fixtures/registry-logs/`): the
/// page finds the mode each file is named after, and verify.sh prints it and
/// fails.
#[test]
fn saved_registry_logs_are_diagnosed_by_the_page_and_by_verify_sh() {
    use registry_configurator::model::ChartVersion;
    use registry_configurator::render::render;
    tools::require("bash", &["-c", "true"]);
    let dir = tools::temp_dir("verify-saved");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin");
    for (name, body) in [
        (
            "kubectl",
            "#!/bin/sh\ncase \"$1\" in\n  logs) cat \"$REGISTRY_LOG\" ;;\n  port-forward) sleep 5 ;;\nesac\n",
        ),
        ("curl", "#!/bin/sh\nprintf 200\n"),
    ] {
        let path = bin.join(name);
        std::fs::write(&path, body).expect("write stub");
        tools::run("chmod", &["+x", &path.to_string_lossy()], b"");
    }
    let mut config = tools::cases::all()
        .into_iter()
        .find(|case| case.name == "s3-irsa-0.36.1")
        .expect("the golden case")
        .config();
    // The saved logs are 2.8.2's, the registry of chart 0.30.8.
    config.platform.chart = ChartVersion::parse("0.30.8").expect("a release");
    let script = render(&config)
        .into_iter()
        .find(|artifact| artifact.name == "verify.sh")
        .expect("verify.sh")
        .text;
    let script_path = dir.join("verify.sh");
    std::fs::write(&script_path, &script).expect("write verify.sh");
    let folder = tools::repo_path("tests/fixtures/registry-logs");
    let mut seen = 0;
    for entry in std::fs::read_dir(&folder).expect("the saved logs") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        let Some(mode) = name.strip_suffix(".log") else {
            continue;
        };
        let mode = mode.trim_end_matches(".json");
        let log = std::fs::read_to_string(&path).expect("read the log");
        let found = report(&log, &draft(BackendKind::S3, &[(FieldId::ChartVersion, "0.30.8")]));
        assert_eq!(found.diagnoses.first().map(|d| d.mode.as_str()), Some(mode), "{name}");
        let output = tools::run_command(
            std::process::Command::new("bash")
                .arg(&script_path)
                .current_dir(&dir)
                .env(
                    "PATH",
                    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()),
                )
                .env("REGISTRY_LOG", &path),
            b"",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name}: verify.sh passed");
        assert!(stderr.contains(&format!("known problem ({mode})")), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("What happened: {}", self::mode(mode).what)),
            "{name}: {stderr}"
        );
        seen += 1;
    }
    assert!(seen >= 3, "{seen} saved logs");
}
