//! Pasted text read as it was meant: for every normaliser of the field table,
//! what is accepted (and what it becomes, with the note the field shows), what
//! is only offered as the closest valid value, and what is still refused.
//! Each case is pasted into a draft and validated as the page would.

use registry_configurator::model::{AwsRegion, AzureAccountName, BackendKind, ChartVersion};
use registry_configurator::normalize::Normalized;
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::{Severity, validate};

const TRIMMED: &str = "Removed the blank or invisible characters around the value.";

/// What a paste should give.
enum Want {
    /// Replaced by this value, with a note containing the second text, and
    /// then accepted by validation.
    Accepted(&'static str, &'static str),
    /// Replaced by this value (the intent is certain), which validation still
    /// refuses (e.g. a chart version that is not a published release).
    ReadButRefused(&'static str),
    /// Kept as pasted, refused, and the field offers this value.
    Offered(&'static str),
    /// Kept as pasted and refused, with nothing offered: the intent is not certain.
    Refused,
    /// Kept as pasted and accepted: nothing to do.
    Kept,
}
use Want::*;

/// A draft of `backend` whose other fields are valid, so the field's own
/// issues are the ones to look at.
fn base(backend: BackendKind) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
    draft
}

fn field_errors(draft: &Draft, field: FieldId) -> Vec<String> {
    validate(draft)
        .for_field(field)
        .filter(|issue| issue.severity == Severity::Error)
        .map(|issue| issue.message.clone())
        .collect()
}

fn check(backend: BackendKind, setup: &[(FieldId, &str)], field: FieldId, cases: &[(&str, Want)]) {
    for (pasted, want) in cases {
        let mut draft = base(backend);
        for (other, value) in setup {
            draft.apply(Action::SetField(*other, (*value).to_owned()));
        }
        draft.apply(Action::Paste(field, (*pasted).to_owned()));
        let value = draft.value(field).to_owned();
        let errors = field_errors(&draft, field);
        let note = draft.note(field).map(str::to_owned);
        let offered = match draft.normalized(field) {
            Normalized::Closest(value) => Some(value),
            _ => None,
        };
        let case = format!("{field:?} {pasted:?} -> {value:?} note {note:?} offered {offered:?} errors {errors:?}");
        match want {
            Accepted(expected, note_part) => {
                assert_eq!(value, *expected, "{case}");
                assert!(note.as_deref().is_some_and(|n| n.contains(note_part)), "{case}");
                assert!(errors.is_empty(), "{case}");
            }
            ReadButRefused(expected) => {
                assert_eq!(value, *expected, "{case}");
                assert!(note.is_some(), "{case}");
                assert!(!errors.is_empty(), "{case}");
            }
            Offered(expected) => {
                assert_eq!(value, *pasted, "{case}");
                assert!(note.is_none(), "{case}");
                assert!(!errors.is_empty(), "{case}");
                assert_eq!(offered.as_deref(), Some(*expected), "{case}");
                // The offer itself is accepted.
                draft.apply(Action::SetField(field, (*expected).to_owned()));
                assert!(field_errors(&draft, field).is_empty(), "{case}: the offer is refused");
            }
            Refused => {
                assert_eq!(value, *pasted, "{case}");
                assert!(note.is_none() && offered.is_none(), "{case}");
                assert!(!errors.is_empty(), "{case}");
            }
            Kept => {
                assert_eq!(value, *pasted, "{case}");
                assert!(note.is_none() && offered.is_none(), "{case}");
                assert!(errors.is_empty(), "{case}");
            }
        }
        // Normalising what normalising gave changes nothing more.
        if !matches!(draft.normalized(field), Normalized::Kept | Normalized::Closest(_)) {
            panic!("{case}: not idempotent");
        }
    }
}

#[test]
fn surrounding_white_space_is_trimmed_in_every_text_field() {
    check(
        BackendKind::S3,
        &[(FieldId::S3Region, "us-east-1")],
        FieldId::S3Bucket,
        &[
            ("my-bucket ", Accepted("my-bucket", TRIMMED)),
            ("\tmy-bucket\r\n", Accepted("my-bucket", TRIMMED)),
            ("\u{A0}my-bucket\u{A0}", Accepted("my-bucket", TRIMMED)),
            ("\u{200B}my-bucket\u{FEFF}", Accepted("my-bucket", TRIMMED)),
            ("my-bucket", Kept),
            // Inside the value white space is not surrounding: still refused.
            ("my bucket", Refused),
            ("my\u{200B}bucket", Refused),
        ],
    );
    // A path may hold spaces: only the ends go.
    check(
        BackendKind::Gcs,
        &[(FieldId::GcsBucket, "my-gcs-bucket")],
        FieldId::GcsKeyFile,
        &[("  ~/my keys/key.json\n", Accepted("~/my keys/key.json", TRIMMED))],
    );
    // Only blanks: nothing is left, which a required field refuses.
    let mut draft = base(BackendKind::S3);
    draft.apply(Action::Paste(FieldId::S3Bucket, " \n".into()));
    assert_eq!(draft.value(FieldId::S3Bucket), "");
    assert_eq!(draft.note(FieldId::S3Bucket), Some(TRIMMED));
}

#[test]
fn a_secret_is_trimmed_and_its_note_never_quotes_it() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let mut draft = base(BackendKind::S3);
    draft.apply(Action::Paste(FieldId::S3SecretKey, format!("{secret}\n")));
    assert_eq!(draft.value(FieldId::S3SecretKey), secret);
    let note = draft.note(FieldId::S3SecretKey).unwrap();
    assert!(!note.contains("EXAMPLE"), "{note}");
    assert!(field_errors(&draft, FieldId::S3SecretKey).is_empty());
}

/// `helm list`'s columns, as Helm 3 prints them with `-n NAMESPACE` and `-A` alike.
const HELM_COLUMNS: [&str; 7] = [
    "NAME",
    "NAMESPACE",
    "REVISION",
    "UPDATED",
    "STATUS",
    "CHART",
    "APP VERSION",
];

/// A `helm list` table as Helm 3 prints it (gosuri/uitable): every cell, the
/// last one too, padded with spaces to its column's widest cell, the cells of
/// a row joined by a tab, the header first.
fn helm_list(rows: &[[&str; 7]]) -> String {
    let table: Vec<[&str; 7]> = std::iter::once(HELM_COLUMNS).chain(rows.iter().copied()).collect();
    let widths: Vec<usize> = (0..7)
        .map(|column| table.iter().map(|row| row[column].len()).max().unwrap_or(0))
        .collect();
    let lines: Vec<String> = table
        .iter()
        .map(|row| {
            row.iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect();
    format!("{}\n", lines.join("\n"))
}

/// The text a terminal shows for `text` (tab stops every 8 columns), which is
/// what a copy from most terminals gives.
fn expand_tabs(text: &str) -> String {
    let mut out = String::new();
    for (number, line) in text.split('\n').enumerate() {
        if number > 0 {
            out.push('\n');
        }
        let mut column = 0;
        for c in line.chars() {
            if c == '\t' {
                let next = (column / 8 + 1) * 8;
                out.extend(std::iter::repeat_n(' ', next - column));
                column = next;
            } else {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// The platform's release, its chart 0.37.4 and its APP VERSION 0.37.7: both
/// are published releases, so a normaliser that read the wrong column would
/// give a valid but wrong version.
const PLATFORM: [&str; 7] = [
    "astronomer",
    "astronomer",
    "12",
    "2024-05-02 10:11:12.123456789 +0000 UTC",
    "deployed",
    "astronomer-0.37.4",
    "0.37.7",
];

#[test]
fn the_helm_list_layout_is_helms() {
    // The header and row as `helm list -n astronomer` printed them, byte for byte.
    assert_eq!(
        helm_list(&[PLATFORM]),
        "NAME      \tNAMESPACE \tREVISION\tUPDATED                                \tSTATUS  \tCHART            \tAPP VERSION\n\
         astronomer\tastronomer\t12      \t2024-05-02 10:11:12.123456789 +0000 UTC\tdeployed\tastronomer-0.37.4\t0.37.7     \n"
    );
}

#[test]
fn the_chart_version_is_read_from_a_helm_list_line() {
    // `helm list -n astronomer`: the header and the platform's row.
    let namespaced = helm_list(&[PLATFORM]);
    let row = namespaced.lines().nth(1).unwrap().to_owned();
    // `helm list -A`: the platform among a Deployment's release and another chart.
    let all_namespaces = helm_list(&[
        [
            "ingress-nginx",
            "ingress-nginx",
            "2",
            "2024-04-30 08:00:01.5 +0000 UTC",
            "deployed",
            "ingress-nginx-4.10.1",
            "1.10.1",
        ],
        [
            "quasarian-nebula-1234",
            "astronomer-quasarian-nebula-1234",
            "3",
            "2024-05-01 09:10:11.987654321 +0000 UTC",
            "deployed",
            "airflow-1.10.0",
            "2.7.3",
        ],
        PLATFORM,
    ]);
    // A 1.x platform whose APP VERSION is the next patch release.
    let one_x = helm_list(&[[
        "astronomer",
        "astronomer",
        "4",
        "2025-01-02 03:04:05.6 +0000 UTC",
        "deployed",
        "astronomer-1.0.0",
        "1.0.1",
    ]]);
    // Two platform releases in the same chart version, in other namespaces.
    let mut second = PLATFORM;
    second[1] = "astronomer-dev";
    let same_twice = helm_list(&[PLATFORM, second]);
    let mut other = PLATFORM;
    other[0] = "other";
    other[5] = "astronomer-0.36.1";
    other[6] = "0.37.7";
    // Trimmed here: `Refused` wants the text kept as pasted (blanks around it
    // would be trimmed, and the rest still refused).
    let two_versions = helm_list(&[PLATFORM, other]).trim_end().to_owned();
    let mut unpublished_row = PLATFORM;
    unpublished_row[5] = "astronomer-0.99.1";
    let unpublished = helm_list(&[unpublished_row]);
    let namespaced_spaces = expand_tabs(&namespaced);
    let all_spaces = expand_tabs(&all_namespaces);
    let row_spaces = expand_tabs(&row);
    check(
        BackendKind::Volume,
        &[],
        FieldId::ChartVersion,
        &[
            (&row, Accepted("0.37.4", "Read `astronomer-0.37.4` as `0.37.4`.")),
            (&row_spaces, Accepted("0.37.4", "astronomer-0.37.4")),
            (&namespaced, Accepted("0.37.4", "astronomer-0.37.4")),
            (&namespaced_spaces, Accepted("0.37.4", "astronomer-0.37.4")),
            (&all_namespaces, Accepted("0.37.4", "astronomer-0.37.4")),
            (&all_spaces, Accepted("0.37.4", "astronomer-0.37.4")),
            (&one_x, Accepted("1.0.0", "astronomer-1.0.0")),
            (&same_twice, Accepted("0.37.4", "astronomer-0.37.4")),
            (
                "astronomer-1.0.0",
                Accepted("1.0.0", "Read `astronomer-1.0.0` as `1.0.0`."),
            ),
            ("v0.37.4", Accepted("0.37.4", "Read `v0.37.4` as `0.37.4`.")),
            (" 0.37.4\n", Accepted("0.37.4", TRIMMED)),
            ("0.37.4", Kept),
            // Certainly what was installed, but not a published release.
            (&unpublished, ReadButRefused("0.99.1")),
            // Two releases of different versions: which one is not certain.
            (&two_versions, Refused),
            // Not published: the nearest release of the line is offered.
            ("0.37.9", Offered("0.37.7")),
            ("0.37.10", Offered("0.37.7")),
            ("1.0.5", Offered("1.0.1")),
            ("0.37", Offered("0.37.7")),
            // No such line, or not a version: nothing to offer.
            ("0.38.0", Refused),
            ("latest", Refused),
            ("deployed", Refused),
        ],
    );
}

#[test]
fn an_aws_region_name_becomes_its_code() {
    check(
        BackendKind::S3,
        &[(FieldId::S3Bucket, "my-s3-bucket")],
        FieldId::S3Region,
        &[
            (
                "Frankfurt",
                Accepted("eu-central-1", "Read `Frankfurt` as `eu-central-1`."),
            ),
            ("frankfurt", Accepted("eu-central-1", "eu-central-1")),
            ("Europe (Frankfurt)", Accepted("eu-central-1", "Europe (Frankfurt)")),
            ("EU (Frankfurt)", Accepted("eu-central-1", "eu-central-1")),
            (
                "Europe (Frankfurt) eu-central-1",
                Accepted("eu-central-1", "eu-central-1"),
            ),
            (
                "eu-central-1 - Europe (Frankfurt)",
                Accepted("eu-central-1", "eu-central-1"),
            ),
            ("EU-CENTRAL-1", Accepted("eu-central-1", "eu-central-1")),
            ("US East (N. Virginia)", Accepted("us-east-1", "us-east-1")),
            ("N. Virginia", Accepted("us-east-1", "us-east-1")),
            ("US West (Oregon)", Accepted("us-west-2", "us-west-2")),
            ("Ohio", Accepted("us-east-2", "us-east-2")),
            ("São Paulo", Accepted("sa-east-1", "sa-east-1")),
            ("Sao Paulo", Accepted("sa-east-1", "sa-east-1")),
            ("Canada (Central)", Accepted("ca-central-1", "ca-central-1")),
            ("Asia Pacific (Tokyo)", Accepted("ap-northeast-1", "ap-northeast-1")),
            ("Tel Aviv", Accepted("il-central-1", "il-central-1")),
            ("AWS GovCloud (US-West)", Accepted("us-gov-west-1", "us-gov-west-1")),
            ("China (Beijing)", Accepted("cn-north-1", "cn-north-1")),
            ("  us-east-1\n", Accepted("us-east-1", TRIMMED)),
            ("us-east-1", Kept),
            // Near misses are offered their region, not replaced.
            ("us-east-1a", Offered("us-east-1")),
            ("eu-centrl-1", Offered("eu-central-1")),
            ("Frankfort", Offered("eu-central-1")),
            ("Virginia", Offered("us-east-1")),
            // Not certain, nothing near enough: still refused.
            ("Central", Refused),
            ("US East", Refused),
            ("US-East", Refused),
            ("Europe", Refused),
            ("us-east-1 us-west-2", Refused),
            ("Oslo", Refused),
        ],
    );
}

#[test]
fn a_store_region_is_the_stores_own_name_and_only_trimmed() {
    let store = [
        (FieldId::S3Bucket, "my-s3-bucket"),
        (FieldId::S3RegionEndpoint, "https://minio.example.com:9000"),
    ];
    check(
        BackendKind::S3,
        &store,
        FieldId::S3Region,
        &[("frankfurt", Kept), ("frankfurt ", Accepted("frankfurt", TRIMMED))],
    );
    // An AWS endpoint is still AWS: names become codes.
    check(
        BackendKind::S3,
        &[
            (FieldId::S3Bucket, "my-s3-bucket"),
            (FieldId::S3RegionEndpoint, "https://s3.eu-central-1.amazonaws.com"),
        ],
        FieldId::S3Region,
        &[("Frankfurt", Accepted("eu-central-1", "eu-central-1"))],
    );
}

#[test]
fn an_azure_url_or_host_becomes_the_account_name() {
    check(
        BackendKind::Azure,
        &[(FieldId::AzureContainer, "images")],
        FieldId::AzureAccountName,
        &[
            (
                "https://myaccount.blob.core.windows.net/images",
                Accepted("myaccount", "Read `myaccount.blob.core.windows.net` as `myaccount`."),
            ),
            (
                "https://myaccount.blob.core.windows.net/",
                Accepted("myaccount", "myaccount"),
            ),
            ("myaccount.blob.core.windows.net", Accepted("myaccount", "myaccount")),
            (
                "https://myaccount.blob.core.chinacloudapi.cn",
                Accepted("myaccount", "myaccount"),
            ),
            (
                "https://myaccount.dfs.core.usgovcloudapi.net/fs/dir",
                Accepted("myaccount", "myaccount"),
            ),
            (
                "https://myaccount.blob.core.windows.net/images?sv=2022-11-02&sig=abc%2Bdef",
                Accepted("myaccount", "myaccount"),
            ),
            (" myaccount ", Accepted("myaccount", TRIMMED)),
            ("myaccount", Kept),
            // Capitals and separators: Azure's own form is offered.
            ("My-Storage_Account", Offered("mystorageaccount")),
            ("MyAccount", Offered("myaccount")),
            // Still refused, nothing to offer.
            ("ab", Refused),
            ("https://example.com/myaccount", Refused),
        ],
    );
}

#[test]
fn every_offer_of_the_tables_is_valid_for_its_field() {
    // The values offered above come from the release table, the region table
    // and Azure's rules; each parses with the field's typed parser.
    assert!(ChartVersion::parse("0.37.7").is_ok());
    for code in ["eu-central-1", "us-east-1", "us-gov-west-1", "cn-north-1", "sa-east-1"] {
        assert!(AwsRegion::parse(code).is_ok(), "{code}");
    }
    assert!(AzureAccountName::parse("mystorageaccount").is_ok());
}

#[test]
fn typing_is_kept_exactly_and_only_leaving_or_pasting_normalises() {
    let mut draft = base(BackendKind::S3);
    // Typing "my " on the way to "my bucket path": the space stays.
    draft.apply(Action::SetField(FieldId::GcsKeyFile, "~/my ".into()));
    assert_eq!(draft.value(FieldId::GcsKeyFile), "~/my ");
    draft.apply(Action::SetField(FieldId::S3Region, "Frankfurt".into()));
    assert_eq!(draft.value(FieldId::S3Region), "Frankfurt");
    assert_eq!(draft.note(FieldId::S3Region), None);
    // Touch (a summary link, a loaded link) only shows the problems.
    draft.apply(Action::Touch(FieldId::S3Region));
    assert_eq!(draft.value(FieldId::S3Region), "Frankfurt");
    // Leaving the field normalises it, and touches it.
    draft.apply(Action::Leave(FieldId::S3Region));
    assert_eq!(draft.value(FieldId::S3Region), "eu-central-1");
    assert!(draft.note(FieldId::S3Region).is_some());
    assert!(draft.touched(FieldId::S3Region));
    // Leaving again keeps the note; typing again drops it.
    draft.apply(Action::Leave(FieldId::S3Region));
    assert!(draft.note(FieldId::S3Region).is_some());
    draft.apply(Action::SetField(FieldId::S3Region, "eu-west-1".into()));
    assert_eq!(draft.note(FieldId::S3Region), None);
}

#[test]
fn every_initial_value_and_every_choice_is_left_as_it_is() {
    let draft = Draft::default();
    for field in FieldId::ALL {
        assert_eq!(draft.normalized(field), Normalized::Kept, "{field:?}");
    }
    // Checkboxes keep their own form.
    let mut draft = base(BackendKind::S3);
    draft.apply(Action::Paste(FieldId::S3Encrypt, "true".into()));
    assert_eq!(draft.value(FieldId::S3Encrypt), "true");
    assert_eq!(draft.note(FieldId::S3Encrypt), None);
}

#[test]
fn restore_brings_back_a_cleared_draft_whole() {
    let mut draft = base(BackendKind::Azure);
    draft.apply(Action::Paste(
        FieldId::AzureAccountName,
        "https://acct.blob.core.windows.net/".into(),
    ));
    draft.apply(Action::Touch(FieldId::AzureAccountName));
    let before = draft.clone();
    draft.apply(Action::Clear);
    assert_eq!(draft, Draft::default());
    draft.apply(Action::Restore(Box::new(before.clone())));
    assert_eq!(draft, before);
    assert_eq!(draft.value(FieldId::AzureAccountName), "acct");
    assert!(draft.note(FieldId::AzureAccountName).is_some() && draft.touched(FieldId::AzureAccountName));
}

/// A bucket's URL and the root directory field: what normalising the URL
/// entered as the bucket leaves in each, with their notes.
struct Split {
    bucket: &'static str,
    bucket_note: &'static str,
    root: &'static str,
    root_note: Option<&'static str>,
}

/// `url` entered as `field` (pasted, and typed then left) with the second
/// field `second` holding `held`.
fn split(backend: BackendKind, field: FieldId, second: FieldId, url: &str, held: &str, want: &Split) {
    for left in [false, true] {
        let mut draft = base(backend);
        draft.apply(Action::SetField(second, held.to_owned()));
        if left {
            draft.apply(Action::SetField(field, url.to_owned()));
            draft.apply(Action::Leave(field));
        } else {
            draft.apply(Action::Paste(field, url.to_owned()));
        }
        let case = format!(
            "{field:?} {url:?} (left: {left}) with {second:?} {held:?}: {:?} {:?}, {:?} {:?}",
            draft.value(field),
            draft.note(field),
            draft.value(second),
            draft.note(second)
        );
        assert_eq!(draft.value(field), want.bucket, "{case}");
        assert!(
            draft.note(field).is_some_and(|note| note.contains(want.bucket_note)),
            "{case}"
        );
        assert_eq!(draft.value(second), want.root, "{case}");
        match want.root_note {
            Some(part) => assert!(draft.note(second).is_some_and(|note| note.contains(part)), "{case}"),
            None => assert_eq!(draft.note(second), None, "{case}: the second field kept as it was"),
        }
        assert!(
            field_errors(&draft, field).is_empty(),
            "{case}: {:?}",
            field_errors(&draft, field)
        );
        assert!(
            field_errors(&draft, second).is_empty(),
            "{case}: {:?}",
            field_errors(&draft, second)
        );
        // Normalising what normalising gave changes nothing more.
        assert_eq!(draft.normalized(field), Normalized::Kept, "{case}");
    }
}

#[test]
fn a_bucket_url_gives_the_bucket_and_its_prefix_the_root_directory() {
    for (backend, field, root, urls) in [
        (
            BackendKind::S3,
            FieldId::S3Bucket,
            FieldId::S3RootDirectory,
            &[
                "s3://my-bucket/registry",
                "s3://my-bucket/registry/",
                " s3://my-bucket/registry\n",
                "arn:aws:s3:::my-bucket/registry/*",
                "arn:aws-us-gov:s3:::my-bucket/registry",
            ][..],
        ),
        (
            BackendKind::Gcs,
            FieldId::GcsBucket,
            FieldId::GcsRootDirectory,
            &["gs://my-bucket/registry", "gs://my-bucket/registry/"][..],
        ),
    ] {
        for url in urls {
            let shown = url.trim();
            // The root directory is empty (or blank): both are filled.
            for held in ["", " "] {
                split(
                    backend,
                    field,
                    root,
                    url,
                    held,
                    &Split {
                        bucket: "my-bucket",
                        bucket_note: "as the bucket `my-bucket` and the root directory `/registry`.",
                        root: "/registry",
                        root_note: Some(&format!("Read from `{shown}`").leak()[..]),
                    },
                );
            }
            // It already says so: kept as written.
            for held in ["/registry", "registry", "/registry/"] {
                split(
                    backend,
                    field,
                    root,
                    url,
                    held,
                    &Split {
                        bucket: "my-bucket",
                        bucket_note: "its prefix is the root directory already",
                        root: held,
                        root_note: None,
                    },
                );
            }
            // Something else the user typed is never overwritten: the note says what to do.
            split(
                backend,
                field,
                root,
                url,
                "/images",
                &Split {
                    bucket: "my-bucket",
                    bucket_note: "Its prefix `/registry` is not the root directory below, `/images`: make that \
                                  `/registry` if the images are to go there.",
                    root: "/images",
                    root_note: None,
                },
            );
        }
        // Deeper prefixes are one root directory.
        split(
            backend,
            field,
            root,
            &format!(
                "{}my-bucket/a/b/",
                if backend == BackendKind::S3 { "s3://" } else { "gs://" }
            ),
            "",
            &Split {
                bucket: "my-bucket",
                bucket_note: "the root directory `/a/b`",
                root: "/a/b",
                root_note: Some("Read from"),
            },
        );
    }
    // Without a prefix: the bucket alone, the root directory untouched.
    check(
        BackendKind::S3,
        &[(FieldId::S3Region, "us-east-1"), (FieldId::S3RootDirectory, "/images")],
        FieldId::S3Bucket,
        &[
            (
                "s3://my-bucket",
                Accepted("my-bucket", "Read `s3://my-bucket` as `my-bucket`."),
            ),
            (
                "s3://my-bucket/",
                Accepted("my-bucket", "Read `s3://my-bucket/` as `my-bucket`."),
            ),
            ("arn:aws:s3:::my-bucket", Accepted("my-bucket", "my-bucket")),
            // Read as meant, and still refused by the bucket's own rules.
            ("s3://My_Bucket/registry", ReadButRefused("My_Bucket")),
            // Not a bucket's URL this normaliser reads: left to the field's message.
            ("s3://", Refused),
            ("s3:///registry", Refused),
            ("arn:aws:s3:::my-bucket/*/x", Refused),
            ("https://my-bucket.s3.amazonaws.com/registry", Refused),
            ("gs://my-bucket/registry", Refused),
        ],
    );
    let mut draft = base(BackendKind::S3);
    draft.apply(Action::SetField(FieldId::S3RootDirectory, "/images".into()));
    draft.apply(Action::Paste(FieldId::S3Bucket, "s3://my-bucket".into()));
    assert_eq!(draft.value(FieldId::S3RootDirectory), "/images");
    check(
        BackendKind::Gcs,
        &[],
        FieldId::GcsBucket,
        &[
            (
                "gs://my-bucket",
                Accepted("my-bucket", "Read `gs://my-bucket` as `my-bucket`."),
            ),
            ("s3://my-bucket/registry", Refused),
        ],
    );
}

#[test]
fn an_azure_url_with_a_container_fills_the_container_too() {
    let account = FieldId::AzureAccountName;
    let container = FieldId::AzureContainer;
    for url in [
        "https://myaccount.blob.core.windows.net/images",
        "https://myaccount.blob.core.windows.net/images/",
        "https://myaccount.blob.core.windows.net/images/docker/registry/v2",
        "https://myaccount.blob.core.windows.net/images?sv=2022-11-02&sig=abc%2Bdef",
        "myaccount.dfs.core.usgovcloudapi.net/images",
    ] {
        split(
            BackendKind::Azure,
            account,
            container,
            url,
            "",
            &Split {
                bucket: "myaccount",
                bucket_note: "as the account `myaccount` and the container `images`.",
                root: "images",
                root_note: Some("Read from `myaccount."),
            },
        );
        split(
            BackendKind::Azure,
            account,
            container,
            url,
            "images",
            &Split {
                bucket: "myaccount",
                bucket_note: "as `myaccount`.",
                root: "images",
                root_note: None,
            },
        );
        split(
            BackendKind::Azure,
            account,
            container,
            url,
            "other",
            &Split {
                bucket: "myaccount",
                bucket_note: "Its container `images` is not the container below, `other`: make that `images`",
                root: "other",
                root_note: None,
            },
        );
    }
    // The SAS token of a URL is never quoted.
    let mut draft = base(BackendKind::Azure);
    draft.apply(Action::Paste(
        account,
        "https://myaccount.blob.core.windows.net/images?sv=2022-11-02&sig=abc%2Bdef".into(),
    ));
    for field in [account, container] {
        assert!(
            !draft.note(field).unwrap_or_default().contains("sig="),
            "{:?}",
            draft.note(field)
        );
    }
    // A connection string pasted whole: what follows the endpoint is a
    // secret, never read as a container nor quoted.
    for (text, secret) in [
        (
            "BlobEndpoint=https://myaccount.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=AbC%2BdEf%3D",
            "sig=",
        ),
        (
            "DefaultEndpointsProtocol=https;BlobEndpoint=https://myaccount.blob.core.windows.net/;AccountName=myaccount;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
            "Eby8vdM02",
        ),
    ] {
        let mut draft = base(BackendKind::Azure);
        draft.apply(Action::Paste(account, text.into()));
        assert_eq!(draft.value(container), "", "{text}");
        for field in [account, container] {
            let shown = format!("{} {:?}", draft.value(field), draft.note(field));
            assert!(!shown.contains(secret), "{field:?}: {shown}");
        }
    }
    // No container in the URL, or another service's: the container untouched.
    for url in [
        "https://myaccount.blob.core.windows.net/",
        "https://myaccount.queue.core.windows.net/jobs",
    ] {
        let mut draft = base(BackendKind::Azure);
        draft.apply(Action::Paste(account, url.into()));
        assert_eq!(draft.value(account), "myaccount");
        assert_eq!(draft.value(container), "", "{url}");
    }
}

#[test]
fn a_line_break_inside_a_base64_key_goes_and_is_named() {
    let azure_key = "cmVnaXN0cnktY29uZmlndXJhdG9yLWUyZS1zZW50aW5lbC1henVyZS1hY2NvdW50LWtleS0wMTIzNDU2Nzg5Lg==";
    let wrapped = |at: usize, brk: &str| format!("{}{brk}{}", &azure_key[..at], &azure_key[at..]);
    // As copied (a line break), as a browser's input holds it (a space), and
    // with the blanks around it too.
    let cases = [
        (wrapped(60, "\n"), "Removed the line break inside the key"),
        (wrapped(44, "\r\n"), "Removed the line break inside the key"),
        (
            format!(" {}\n", wrapped(76, "\n")),
            "Removed the line break inside the key",
        ),
        (
            wrapped(60, " "),
            "Removed the space inside the key (a line break copied with it becomes one",
        ),
        (wrapped(60, "  "), "Removed the space inside the key"),
    ];
    for (pasted, note) in &cases {
        check(
            BackendKind::Azure,
            &[],
            FieldId::AzureAccountKey,
            &[(pasted, Accepted(azure_key, note))],
        );
    }
    // The note never quotes the key.
    for (pasted, _) in &cases {
        let mut draft = base(BackendKind::Azure);
        draft.apply(Action::Paste(FieldId::AzureAccountKey, pasted.clone()));
        let note = draft.note(FieldId::AzureAccountKey).unwrap_or_default();
        assert!(
            !note.contains(&azure_key[..8]) && !note.contains(&azure_key[70..]),
            "{note}"
        );
    }
    // Not base64 once the blanks are out: left to the field's message.
    check(
        BackendKind::Azure,
        &[],
        FieldId::AzureAccountKey,
        &[
            (&wrapped(60, " \""), Refused),
            ("two words", Refused),
            // Cut short: not a key once joined, so not certain.
            (&wrapped(60, " ")[..80], Refused),
        ],
    );
    // The AWS secret access key alike; an S3-compatible store's own keys are only trimmed.
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let broken = format!("{}\n{}", &secret[..20], &secret[20..]);
    check(
        BackendKind::S3,
        &[],
        FieldId::S3SecretKey,
        &[(&broken, Accepted(secret, "line break"))],
    );
    check(
        BackendKind::S3,
        &[(FieldId::S3RegionEndpoint, "https://minio.example.com:9000")],
        FieldId::S3SecretKey,
        &[
            ("minio secret", Kept),
            (" minio secret ", Accepted("minio secret", TRIMMED)),
        ],
    );
    // The Azure key is joined whatever S3's region endpoint still holds (the
    // draft keeps it after a switch of backend).
    check(
        BackendKind::Azure,
        &[(FieldId::S3RegionEndpoint, "https://minio.example.com:9000")],
        FieldId::AzureAccountKey,
        &[(
            &cases[0].0,
            Accepted(azure_key, "Removed the line break inside the key"),
        )],
    );
}

#[test]
fn odd_text_in_any_field_never_panics_and_the_url_readings_settle_at_once() {
    // Text around the forms the normalisers read, with multi-byte
    // characters where a byte index would split one.
    let mut texts: Vec<String> = [
        "s3://",
        "s3:///",
        "s3://é/ü",
        "s3://b/ü/*",
        "arn:aws:s3:::*",
        "arn:aws:s3:::b/*/",
        "gs://ü",
        "gs://b//x//",
        "https://ä.blob.core.windows.net/ü?x",
        "x.blob.core.",
        ".blob.core.windows.net/c",
        "a.blob.core.windows.net/",
        "a.dfs.core.x/#c",
        "\u{200B}s3://b/p\u{FEFF}",
        "s3://b/p\nq",
        "é\né",
        "=\n=",
        " \n ",
        "++//==\r\n==",
    ]
    .iter()
    .map(|text| (*text).to_owned())
    .collect();
    // Seeded random text from an alphabet of the characters the readings split on.
    let alphabet: Vec<char> = "ab9-._/:*?#=+ \n\té€😀".chars().collect();
    let mut seed: u64 = 0x0005_eed8;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        for prefix in ["", "s3://", "gs://", "https://a.blob.core.windows.net/"] {
            texts.push(format!("{prefix}{text}"));
        }
    }
    for backend in [BackendKind::S3, BackendKind::Gcs, BackendKind::Azure] {
        for text in &texts {
            for field in FieldId::ALL {
                let mut draft = base(backend);
                draft.apply(Action::Paste(field, text.clone()));
                draft.apply(Action::Leave(field));
                if matches!(
                    field,
                    FieldId::S3Bucket | FieldId::GcsBucket | FieldId::AzureAccountName
                ) {
                    let settled = draft.clone();
                    draft.apply(Action::Leave(field));
                    assert_eq!(draft.value(field), settled.value(field), "{field:?} {text:?}");
                }
            }
        }
    }
}
