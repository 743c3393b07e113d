//! The page's session, natively: how the page starts (a link, remembered
//! settings or nothing), Clear everything and its Undo, importing a file and
//! its one-click fixes, and the closest values offered at a field. What the
//! browser must do (store, forget, set or drop the fragment) is read off the
//! state, as `ui/` reads it.
//!
//! Fields are named by their input names (the page's contract), so the tests
//! do not depend on how the field table is written.

use registry_configurator::import::Fix;
use registry_configurator::model::BackendKind;
use registry_configurator::session::{self, CLEARED, Files, Merge, Session, SessionAction};
use registry_configurator::settings::FieldId;
use registry_configurator::share;
use registry_configurator::state::{Action, Draft};

const S3_BUCKET: &str = "astronomer.registry.s3.bucket";
const S3_REGION: &str = "astronomer.registry.s3.region";
const S3_ENCRYPT: &str = "astronomer.registry.s3.encrypt";
const S3_ENDPOINT: &str = "astronomer.registry.s3.regionendpoint";
const AZURE_CONTAINER: &str = "astronomer.registry.azure.container";
const GCS_BUCKET: &str = "astronomer.registry.gcs.bucket";

fn field(name: &str) -> FieldId {
    FieldId::from_name(name).unwrap_or_else(|| panic!("no field named {name}"))
}

fn boot(fragment: Option<&str>, remembered: Option<&str>) -> Session {
    let mut session = Session::default();
    session.apply(SessionAction::Boot {
        fragment: fragment.map(str::to_owned),
        remembered: remembered.map(str::to_owned),
    });
    session
}

fn set(session: &mut Session, name: &str, value: &str) {
    session.apply(Action::SetField(field(name), value.to_owned()).into());
}

fn value<'a>(session: &'a Session, name: &str) -> &'a str {
    session.draft().value(field(name))
}

/// Settings as share::encode writes them, from a backend and typed values.
fn settings(backend: BackendKind, values: &[(&str, &str)]) -> String {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    for (name, value) in values {
        draft.apply(Action::SetField(field(name), (*value).to_owned()));
    }
    share::encode(&draft)
}

// --- Boot --------------------------------------------------------------------------

/// How the page starts, and what it then asks of the browser.
struct BootCase {
    name: &'static str,
    fragment: Option<String>,
    remembered: Option<String>,
    backend: BackendKind,
    values: &'static [(&'static str, &'static str)],
    /// Parts the notice must hold; empty: no notice.
    notice: &'static [&'static str],
    /// The fragment is kept in step (else any fragment is dropped).
    link: bool,
    /// Storage keeps the settings (else it is emptied).
    remembers: bool,
}

#[test]
fn boot_decides_between_a_link_remembered_settings_and_a_fresh_form() {
    let mine = settings(
        BackendKind::Azure,
        &[
            (AZURE_CONTAINER, "my-images"),
            (GCS_BUCKET, "my-gcs-bucket"),
            (S3_BUCKET, "remembered-bucket"),
            ("namespace", "platform"),
            ("chartVersion", "0.37.4"),
        ],
    );
    let link = "v=1&backend=s3&astronomer.registry.s3.bucket=linked-bucket&s3Credentials=irsa&chartVersion=0.37.4";
    let cases = [
        BootCase {
            name: "a link wins; the fields it does not show come from remembered settings",
            fragment: Some(link.into()),
            remembered: Some(mine.clone()),
            backend: BackendKind::S3,
            values: &[
                (S3_BUCKET, "linked-bucket"),
                // Shown by the link's page: the link's (a default), not remembered.
                ("namespace", "astronomer"),
                (AZURE_CONTAINER, "my-images"),
                (GCS_BUCKET, "my-gcs-bucket"),
            ],
            notice: &[],
            link: true,
            remembers: true,
        },
        BootCase {
            name: "a link in a browser that remembers nothing",
            fragment: Some(link.into()),
            remembered: None,
            backend: BackendKind::S3,
            values: &[(S3_BUCKET, "linked-bucket"), (AZURE_CONTAINER, "")],
            notice: &[],
            link: true,
            remembers: false,
        },
        BootCase {
            name: "remembered settings alone",
            fragment: None,
            remembered: Some(mine.clone()),
            backend: BackendKind::Azure,
            values: &[(AZURE_CONTAINER, "my-images"), ("namespace", "platform")],
            notice: &["type the Storage account access key again"],
            link: false,
            remembers: true,
        },
        BootCase {
            name: "a broken link is reported and dropped; remembered settings load",
            fragment: Some("v=1&astronomer.registry.s3.bucket=%G1".into()),
            remembered: Some(mine.clone()),
            backend: BackendKind::Azure,
            values: &[(AZURE_CONTAINER, "my-images")],
            notice: &["could not be read", "Storage account access key"],
            link: false,
            remembers: true,
        },
        BootCase {
            name: "a newer format's link is reported and dropped",
            fragment: Some("v=9&backend=s3".into()),
            remembered: None,
            backend: BackendKind::Volume,
            values: &[],
            notice: &["another version"],
            link: false,
            remembers: false,
        },
        BootCase {
            name: "remembered settings that no longer read are forgotten",
            fragment: None,
            remembered: Some("v=9&backend=s3".into()),
            backend: BackendKind::Volume,
            values: &[(S3_BUCKET, "")],
            notice: &[],
            link: false,
            remembers: false,
        },
        BootCase {
            name: "a fresh page",
            fragment: None,
            remembered: None,
            backend: BackendKind::Volume,
            values: &[("namespace", "astronomer")],
            notice: &[],
            link: false,
            remembers: false,
        },
        BootCase {
            name: "an empty fragment is no link",
            fragment: Some(String::new()),
            remembered: None,
            backend: BackendKind::Volume,
            values: &[],
            notice: &[],
            link: false,
            remembers: false,
        },
        BootCase {
            name: "a link with keys: ignored settings, then the secrets to type again",
            fragment: Some(
                "v=1&backend=s3&astronomer.registry.s3.secretkey=x&bogus=1&astronomer.registry.s3.bucket=b".into(),
            ),
            remembered: None,
            backend: BackendKind::S3,
            values: &[(S3_BUCKET, "b")],
            notice: &[
                "were ignored",
                "\"bogus\"",
                "never read from links",
                "type the Access key ID and the Secret access key again",
            ],
            link: true,
            remembers: false,
        },
    ];
    for case in cases {
        let session = boot(case.fragment.as_deref(), case.remembered.as_deref());
        let name = case.name;
        assert_eq!(session.draft().backend, case.backend, "{name}");
        for (field_name, expected) in case.values {
            assert_eq!(value(&session, field_name), *expected, "{name}: {field_name}");
        }
        match session.notice() {
            None => assert!(case.notice.is_empty(), "{name}: no notice, expected {:?}", case.notice),
            Some(notice) => {
                assert!(!case.notice.is_empty(), "{name}: unexpected notice {notice:?}");
                for part in case.notice {
                    assert!(notice.contains(part), "{name}: {notice:?} lacks {part:?}");
                }
            }
        }
        assert!(!session.undo_offered(), "{name}");
        assert_eq!(session.link().is_some(), case.link, "{name}");
        if let Some(fragment) = session.link() {
            assert_eq!(fragment, share::encode_link(session.draft()), "{name}");
        }
        assert_eq!(session.remembers(), case.remembers, "{name}");
        assert_eq!(
            session.remembered_text(),
            case.remembers.then(|| share::encode(session.draft())),
            "{name}"
        );
        assert!(
            session.imported().is_none() && session.import_error().is_none(),
            "{name}"
        );
        assert_eq!(
            *session.validation().as_ref(),
            registry_configurator::validate::validate(session.draft())
        );
    }
}

#[test]
fn loaded_fields_show_their_problems_at_once() {
    let session = boot(Some("v=1&backend=s3&astronomer.registry.s3.bucket=yes"), None);
    assert!(session.issues(field(S3_BUCKET)).next().is_some());
    // Not loaded, not visited: nothing shown yet, though the region is missing.
    assert!(session.validation().for_field(field(S3_REGION)).next().is_some());
    assert!(session.issues(field(S3_REGION)).next().is_none());
}

// --- Remember and Share -----------------------------------------------------------------

#[test]
fn remembering_and_the_link_follow_the_form() {
    let mut session = Session::default();
    assert_eq!((session.remembered_text(), session.link()), (None, None));
    session.apply(SessionAction::SetRemember(true));
    session.apply(Action::SetBackend(BackendKind::S3).into());
    set(&mut session, S3_BUCKET, "my-bucket");
    set(
        &mut session,
        "astronomer.registry.s3.secretkey",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let stored = session.remembered_text().expect("remembered");
    assert!(
        stored.contains("my-bucket") && !stored.contains("EXAMPLEKEY"),
        "{stored}"
    );

    session.apply(SessionAction::Share);
    assert_eq!(session.shares(), 1);
    let link = session.link().expect("shared");
    assert!(link.contains("my-bucket") && !link.contains("EXAMPLEKEY"), "{link}");
    set(&mut session, S3_BUCKET, "other-bucket");
    assert!(session.link().expect("still shared").contains("other-bucket"));
    session.apply(SessionAction::Share);
    assert_eq!(session.shares(), 2, "each press writes the fragment again");

    session.apply(SessionAction::SetRemember(false));
    assert_eq!(session.remembered_text(), None, "forgotten");
}

// --- Clear and Undo --------------------------------------------------------------------

const SMALL_FILE: &str = "global:\n  baseDomain: example.com\nastronomer:\n  registry:\n    s3:\n      enabled: true\n      bucket: file-bucket\n";

/// A page with everything Clear wipes: a form, a file, remembering, a link.
fn busy() -> Session {
    let mut session = boot(None, Some(&settings(BackendKind::S3, &[("chartVersion", "0.37.4")])));
    session.apply(SessionAction::Import(SMALL_FILE.into()));
    set(&mut session, S3_REGION, "eu-central-1");
    set(&mut session, "astronomer.registry.s3.secretkey", "typed-secret");
    session.apply(SessionAction::Share);
    session
}

#[test]
fn clear_wipes_everything_and_undo_brings_it_all_back() {
    let before = busy();
    assert!(before.imported().is_some() && before.remembers() && before.link().is_some());
    let mut session = before.clone();
    session.apply(SessionAction::Clear);
    assert_eq!(session.draft(), &Draft::default());
    assert!(session.imported().is_none() && session.import_error().is_none());
    assert_eq!(&*session.import_text(), "");
    assert_ne!(session.import_key(), before.import_key(), "a fresh import box");
    assert!(!session.remembers());
    assert_eq!(session.remembered_text(), None, "storage emptied");
    assert_eq!(session.link(), None, "fragment dropped");
    assert_eq!(session.notice(), Some(CLEARED));
    assert!(session.undo_offered());
    assert!(session.findings().is_empty());

    session.apply(SessionAction::Undo);
    assert_eq!(session.draft(), before.draft(), "the form, secret included");
    assert_eq!(value(&session, "astronomer.registry.s3.secretkey"), "typed-secret");
    assert_eq!(session.imported(), before.imported());
    assert_eq!(session.import_text(), before.import_text());
    assert!(session.remembers());
    assert_eq!(session.remembered_text(), before.remembered_text());
    assert_eq!(session.link(), before.link());
    assert_eq!(session.notice(), None);
    assert!(!session.undo_offered());
    assert_eq!(session.validation(), before.validation());

    // Undo once only.
    let undone = session.clone();
    session.apply(SessionAction::Undo);
    assert_eq!(session, undone);
}

#[test]
fn undo_goes_with_its_notice_and_keeps_a_link_shared_since() {
    let mut session = busy();
    session.apply(SessionAction::Clear);
    session.apply(SessionAction::Dismiss);
    assert_eq!(session.notice(), None);
    assert!(!session.undo_offered());
    let dismissed = session.clone();
    session.apply(SessionAction::Undo);
    assert_eq!(session, dismissed, "nothing to undo once the notice is gone");

    // Cleared without a link, shared afterwards: Undo keeps the link.
    let mut session = Session::default();
    set(&mut session, "namespace", "platform");
    session.apply(SessionAction::Clear);
    session.apply(SessionAction::Share);
    session.apply(SessionAction::Undo);
    assert_eq!(value(&session, "namespace"), "platform");
    assert!(session.link().expect("still shared").contains("namespace=platform"));
}

// --- Import ---------------------------------------------------------------------------

fn seed() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/seed-full-example.yaml");
    std::fs::read_to_string(path).expect("seed fixture")
}

#[test]
fn a_good_file_loads_the_form_and_its_findings() {
    let mut session = Session::default();
    set(&mut session, "chartVersion", "0.37.4");
    session.apply(SessionAction::Import(seed()));
    let imported = session.imported().expect("read");
    assert_eq!(session.import_error(), None);
    assert_eq!(&*session.import_text(), imported.text());
    assert_eq!(session.draft().backend, BackendKind::Gcs);
    assert_eq!(value(&session, GCS_BUCKET), "my-gcs-bucket");
    assert_eq!(value(&session, "chartVersion"), "0.37.4", "kept as typed");
    assert_eq!(session.findings(), imported.lint(session.draft()));
    assert!(session.findings().is_empty(), "{:?}", session.findings());

    // A file with something to fix: its findings follow the form.
    session.apply(SessionAction::Import(
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      keyid: alias/x\n".into(),
    ));
    assert_eq!(session.draft().backend, BackendKind::S3);
    assert!(session.findings().iter().any(|finding| finding.key.ends_with("keyid")));
}

#[test]
fn a_refused_file_keeps_the_form_and_says_why() {
    let mut session = Session::default();
    session.apply(SessionAction::Import(seed()));
    set(&mut session, GCS_BUCKET, "typed-after");
    let broken = "astronomer:\n  registry: [s3\n";
    session.apply(SessionAction::Import(broken.into()));
    let error = session.import_error().expect("refused");
    assert!(error.starts_with("Line "), "{error}");
    assert_eq!(value(&session, GCS_BUCKET), "typed-after", "the form keeps its values");
    assert!(session.imported().is_none(), "no file: nothing to merge into");
    assert_eq!(&*session.import_text(), broken, "the text stays in the box");
    assert!(session.findings().is_empty());

    // Too large to even read: refused unread, the box keeps what it showed.
    session.apply(SessionAction::Import(SMALL_FILE.into()));
    session.apply(SessionAction::ImportTooLarge(10_000_000));
    assert!(session.import_error().expect("refused").contains("up to 1000 KB"));
    assert!(session.imported().is_none());
    assert_eq!(&*session.import_text(), SMALL_FILE);

    // Over the limit as text: refused, and not copied into the box.
    session.apply(SessionAction::Import(SMALL_FILE.into()));
    session.apply(SessionAction::Import("a: b\n".repeat(300_000)));
    assert!(session.import_error().expect("refused").contains("up to 1000 KB"));
    assert_eq!(&*session.import_text(), SMALL_FILE);

    // A file the browser could not read: said, and the file loaded stays.
    session.apply(SessionAction::Import(SMALL_FILE.into()));
    session.apply(SessionAction::ImportFailed(
        "Your browser could not read config.yaml.".into(),
    ));
    assert_eq!(session.import_error(), Some("Your browser could not read config.yaml."));
    assert!(session.imported().is_some());
}

#[test]
fn removing_the_file_keeps_the_form() {
    let mut session = Session::default();
    session.apply(SessionAction::Import(SMALL_FILE.into()));
    assert_eq!(value(&session, S3_BUCKET), "file-bucket");
    for empty in ["", "  \n"] {
        session.apply(SessionAction::Import(empty.into()));
        assert!(
            session.imported().is_none() && session.import_error().is_none(),
            "{empty:?}"
        );
        assert_eq!(&*session.import_text(), empty);
        assert_eq!(value(&session, S3_BUCKET), "file-bucket", "{empty:?}");
    }
}

// --- Lint fixes -------------------------------------------------------------------------

/// The one-click fix of the finding about `key`.
fn fix(session: &Session, key: &str) -> Fix {
    let findings = session.findings();
    findings
        .iter()
        .find(|finding| finding.key.ends_with(key))
        .and_then(|finding| finding.apply.clone())
        .map(|(_, fix)| fix)
        .unwrap_or_else(|| panic!("no fix for {key}: {findings:#?}"))
}

#[test]
fn a_form_fix_changes_the_form() {
    let mut session = Session::default();
    session.apply(SessionAction::Import(
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      keyid: alias/x\n".into(),
    ));
    assert!(!session.draft().flag(field(S3_ENCRYPT)));
    let fix = fix(&session, "keyid");
    assert!(matches!(fix, Fix::Form(_)), "{fix:?}");
    let text = session.import_text();
    session.apply(SessionAction::ApplyFix(fix));
    assert!(session.draft().flag(field(S3_ENCRYPT)), "encryption ticked");
    assert_eq!(session.import_text(), text, "the file is left alone");
}

#[test]
fn an_edit_fix_changes_the_file_and_loads_it_again() {
    let text =
        "astronomer:\n  registry:\n    s3:\n      enabled: true\n      regionEndpoint: https://minio.example.com\n";
    let mut session = Session::default();
    session.apply(SessionAction::Import(text.into()));
    assert_eq!(value(&session, S3_ENDPOINT), "");
    let fix = fix(&session, "regionEndpoint");
    assert!(matches!(fix, Fix::Edit { .. }), "{fix:?}");
    session.apply(SessionAction::ApplyFix(fix));
    assert!(
        session
            .import_text()
            .contains("      regionendpoint: https://minio.example.com\n"),
        "{}",
        session.import_text()
    );
    assert_eq!(session.imported().expect("read again").text(), &*session.import_text());
    assert_eq!(value(&session, S3_ENDPOINT), "https://minio.example.com");
    assert!(
        !session
            .findings()
            .iter()
            .any(|finding| finding.key.ends_with("regionEndpoint"))
    );

    // A stale range (the file changed since) is not applied.
    let stale = Fix::Edit {
        start: 1_000,
        end: 1_001,
        text: "x".into(),
    };
    let before = session.clone();
    session.apply(SessionAction::ApplyFix(stale));
    assert_eq!(session, before);
}

// --- Near values -------------------------------------------------------------------------

#[test]
fn a_near_value_is_offered_only_while_the_field_shows_an_error() {
    let mut session = Session::default();
    session.apply(Action::SetBackend(BackendKind::S3).into());
    let region = field(S3_REGION);
    set(&mut session, S3_REGION, "us-east-1a");
    assert_eq!(
        session.offer(region),
        None,
        "not visited yet: no error shown, nothing offered"
    );
    session.apply(SessionAction::TakeOffer(region));
    assert_eq!(value(&session, S3_REGION), "us-east-1a", "nothing to take");

    session.apply(Action::Leave(region).into());
    assert_eq!(value(&session, S3_REGION), "us-east-1a", "a near miss is not replaced");
    assert_eq!(session.offer(region).as_deref(), Some("us-east-1"));
    session.apply(SessionAction::TakeOffer(region));
    assert_eq!(value(&session, S3_REGION), "us-east-1");
    assert!(session.draft().touched(region));
    assert_eq!(session.offer(region), None, "the offer goes with the error");

    // Valid values, and refused ones with nothing near, offer nothing.
    for (name, typed) in [
        (S3_REGION, "eu-central-1"),
        (S3_REGION, "Central"),
        ("chartVersion", "latest"),
    ] {
        set(&mut session, name, typed);
        session.apply(Action::Leave(field(name)).into());
        assert_eq!(session.offer(field(name)), None, "{typed}");
    }
    set(&mut session, "chartVersion", "0.37.9");
    session.apply(Action::Leave(field("chartVersion")).into());
    assert_eq!(session.offer(field("chartVersion")).as_deref(), Some("0.37.7"));
}

// --- Files ------------------------------------------------------------------------------

#[test]
fn the_files_are_the_imported_file_with_the_block_replaced() {
    let mut session = Session::default();
    set(&mut session, "chartVersion", "0.37.4");
    let config = session
        .validation()
        .config
        .clone()
        .expect("a fresh volume form is valid");
    let alone = session::files(Some(&config), None);
    assert_eq!(alone.artifacts, registry_configurator::render::render(&config));
    assert_eq!(alone.merge, Merge::None);
    assert_eq!(session::files(None, None), Files::default(), "no config: no files");

    session.apply(SessionAction::Import(SMALL_FILE.into()));
    session.apply(Action::SetBackend(BackendKind::Volume).into());
    let config = session.validation().config.clone().expect("still valid");
    let imported = session.imported().expect("read");
    let merged = session::files(Some(&config), Some(imported));
    let text = &merged
        .artifacts
        .iter()
        .find(|artifact| artifact.name == "config.yaml")
        .expect("config.yaml")
        .text;
    assert!(text.starts_with("global:\n  baseDomain: example.com\n"), "{text}");
    assert_eq!(
        merged.merge,
        Merge::Merged {
            before: imported.clone(),
            after: text.clone()
        }
    );
    assert_eq!(merged.artifacts.len(), alone.artifacts.len());
}
