//! The tools the page runs in its Web Worker (`tools::Tools`), natively:
//! through their messages they give what the direct calls give (`import::read`
//! and its lint, `render::render` merged into the imported file, the apply
//! steps, the zip), every message crosses the wire format unchanged, and a
//! damaged message is refused with an error, never a panic.
//!
//! (Named `tools_wire.rs`, not `tools.rs`: `tests/tools/` is the module of
//! the real external tools, and a `tests/tools.rs` beside it would make every
//! `mod tools;` of the other tests ambiguous.)

mod tools;

use registry_configurator::diagnose::{self, Diagnosis, Report};

use registry_configurator::import::{self, Finding, Fix, Level, diff};
use registry_configurator::model::BackendKind;
use registry_configurator::render::{self, steps::Runner, steps::Step, steps::apply_steps, upgrade};
use registry_configurator::settings::FieldId;
use registry_configurator::state::{Action, Draft};
use registry_configurator::tools::{
    DiffLine, File, Files, ImportedFile, Merge, Normalization, Reply, Request, Said, Tools, decode, diagnose_request,
    draft_request, encode, merged_view, said,
};
use registry_configurator::validate::validate;

use tools::cases;

// --- Helpers -----------------------------------------------------------------------------

fn fixture(name: &str) -> String {
    let path = tools::repo_path("tests/fixtures/import").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Every file in tests/fixtures/import, by name.
fn fixtures() -> Vec<(String, String)> {
    let dir = tools::repo_path("tests/fixtures/import");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 7, "{names:?}");
    names
        .into_iter()
        .map(|name| {
            let text = fixture(&name);
            (name, text)
        })
        .collect()
}

fn seed() -> String {
    fixture("seed-full-example.yaml")
}

/// The S3 golden draft the full reply is taken from.
const S3_GOLDEN: &str = "s3-static-keys";

/// A golden case's draft, built as the tests' `config` builds it.
fn case_draft(case: &cases::Case) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(case.backend));
    draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
    for (field, value) in &case.fields {
        draft.apply(Action::SetField(*field, (*value).to_owned()));
    }
    draft
}

/// Every golden case's draft, and a few that do not validate.
fn drafts() -> Vec<(String, Draft)> {
    let mut drafts: Vec<(String, Draft)> = cases::all()
        .iter()
        .map(|case| (case.name.to_owned(), case_draft(case)))
        .collect();
    let mut no_chart = Draft::default();
    no_chart.apply(Action::SetField(FieldId::ChartVersion, "latest".into()));
    drafts.push(("no chart".into(), no_chart));
    let mut half_s3 = Draft::default();
    half_s3.apply(Action::SetBackend(BackendKind::S3));
    half_s3.apply(Action::SetField(FieldId::ChartVersion, "0.28.0".into()));
    half_s3.apply(Action::SetField(FieldId::S3Bucket, "no".into()));
    drafts.push(("half an S3 form on 0.28.0".into(), half_s3));
    drafts
}

fn draft_named(name: &str) -> Draft {
    drafts()
        .into_iter()
        .find(|(case, _)| case == name)
        .unwrap_or_else(|| panic!("no case {name}"))
        .1
}

/// What the tools must answer to an import, from `import::read` directly.
fn read_directly(text: &str) -> Result<Option<ImportedFile>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match import::read(text) {
        Ok(file) => Ok(Some(ImportedFile {
            actions: file.actions(),
            summary: file.loaded().summary(),
        })),
        Err(refusal) => Err(refusal.text()),
    }
}

/// What the tools must answer to a draft, from the direct calls: the files of
/// `render::render` (config.yaml merged into `imported`, with its diff), the
/// apply steps, the zip, and the imported file's lint findings.
fn render_directly(draft: &Draft, imported: Option<&str>) -> (Option<Files>, Vec<Finding>) {
    // Blank text is no file (the tools read nothing).
    let file = imported
        .filter(|text| !text.trim().is_empty())
        .and_then(|text| import::read(text).ok());
    let findings = file.as_ref().map(|file| file.lint(draft)).unwrap_or_default();
    let Some(config) = validate(draft).config else {
        return (None, findings);
    };
    let mut artifacts = render::render(&config);
    let mut merge = Merge::None;
    if let Some(file) = &file {
        let generated = artifacts
            .iter_mut()
            .find(|artifact| artifact.name == "config.yaml")
            .expect("config.yaml");
        merge = match file.merge(&generated.text) {
            Ok(merged) => {
                let view = merged_view(file.text(), &merged);
                generated.text = merged;
                view
            }
            Err(message) => Merge::Failed(message),
        };
    }
    let zip = render::zip_all(&artifacts, &render::readme(&config, &artifacts, &apply_steps(&config)));
    let files = Files {
        files: artifacts
            .into_iter()
            .map(|artifact| File {
                name: artifact.name.to_owned(),
                mime: artifact.mime.to_owned(),
                text: artifact.text,
            })
            .collect(),
        steps: render::steps::apply_steps(&config),
        report: upgrade::report(&config),
        zip,
        merge,
    };
    (Some(files), findings)
}

/// Sends a request as the page does (bytes both ways) and checks that the
/// bytes carry exactly what `handle` answers.
fn ask(tools: &mut Tools, twin: &mut Tools, request: Request) -> Reply {
    let bytes = tools.handle_bytes(&encode(&request));
    let reply = twin.handle(request);
    assert_eq!(bytes, encode(&reply), "handle_bytes and handle differ");
    assert_eq!(decode::<Reply>(&bytes).as_ref(), Ok(&reply));
    reply
}

/// The files and findings of a `Drafted` reply, with its generation.
fn drafted(reply: Reply) -> (u32, Option<Files>, Vec<Finding>) {
    match reply {
        Reply::Drafted {
            id, files, findings, ..
        } => (id, files, findings),
        other => panic!("not a Drafted reply: {other:?}"),
    }
}

/// The tools with `text` imported (and a twin in the same state).
fn tools_with(text: Option<&str>) -> (Tools, Tools) {
    let (mut tools, mut twin) = (Tools::default(), Tools::default());
    if let Some(text) = text {
        ask(
            &mut tools,
            &mut twin,
            Request::Import {
                id: 1,
                text: text.to_owned(),
            },
        );
    }
    (tools, twin)
}

/// The full reply for a draft, with `imported` imported first.
fn full_reply(draft: &Draft, imported: Option<&str>) -> Reply {
    let (mut tools, _) = tools_with(imported);
    tools.handle(draft_request(7, draft, Vec::new()))
}

// --- (a) The same results as the direct calls ---------------------------------------------

/// The worker's build has no messages of its own (`say!`): what the form says
/// at a field comes from the page, in the request, and the diagnosis repeats
/// exactly that.
#[test]
fn a_diagnosis_repeats_what_the_page_says_at_the_fields() {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(BackendKind::S3));
    draft.apply(Action::SetField(FieldId::S3Region, "ap-southeast-5".into()));
    let paste = "panic: invalid region provided: ap-southeast-5\n";
    let Request::Diagnose {
        id,
        text,
        backend,
        values,
        ..
    } = diagnose_request(1, paste, &draft, &validate(&draft))
    else {
        panic!("not a diagnose request");
    };
    let said = "As the page says it.";
    let request = Request::Diagnose {
        id,
        text,
        backend,
        values,
        messages: vec![
            (FieldId::S3Bucket, "Not about the region.".into()),
            (FieldId::S3Region, said.into()),
        ],
    };
    let Reply::Diagnosed { items, .. } = Tools::default().handle(request) else {
        panic!("not a diagnosis");
    };
    let notes: Vec<&str> = items
        .iter()
        .filter(|item| item.text.starts_with("The form says"))
        .map(|item| item.text.as_str())
        .collect();
    assert_eq!(
        notes,
        [format!("The form says at “{}”: {said}", FieldId::S3Region.label())],
        "{items:#?}"
    );
}

#[test]
fn a_diagnosis_gives_what_diagnose_gives() {
    let paste = "panic: invalid region provided: ap-southeast-5\nlevel=error msg=\"odd\"\n";
    let too_large = "x".repeat(diagnose::MAX_BYTES + 1);
    for (name, draft) in drafts() {
        for text in [paste, "", too_large.as_str()] {
            let (mut tools, mut twin) = tools_with(Some(&seed()));
            let reply = ask(
                &mut tools,
                &mut twin,
                diagnose_request(3, text, &draft, &validate(&draft)),
            );
            assert_eq!(
                reply,
                Reply::Diagnosed {
                    id: 3,
                    items: match diagnose::diagnose(text, &draft) {
                        Ok(report) => said(&report),
                        Err(refusal) => vec![Said::new("error", "", refusal)],
                    }
                },
                "{name}"
            );
            // The tools keep their imported file.
            assert_eq!(
                drafted(ask(&mut tools, &mut twin, draft_request(4, &draft, Vec::new()))).2,
                render_directly(&draft, Some(&seed())).1,
                "{name}"
            );
        }
    }
}

#[test]
fn an_import_gives_what_import_read_gives() {
    let mut texts: Vec<(String, String)> = fixtures();
    for (name, text) in [
        ("empty", ""),
        ("blank", "  \n\t\n"),
        ("a flow sequence left open", "astronomer:\n  registry: [s3\n"),
        ("a list, not a mapping", "- a\n- b\n"),
        ("two documents", "a: 1\n---\nb: 2\n"),
        (
            "an alias of the registry",
            "x: &r {s3: {enabled: true}}\nastronomer:\n  registry: *r\n",
        ),
        (
            "a keyid without encrypt",
            "astronomer:\n  registry:\n    s3:\n      enabled: true\n      keyid: alias/x\n",
        ),
        ("unicode", "global:\n  baseDomain: \"ünïcødé.example\" # ✓\n"),
    ] {
        texts.push((name.into(), text.into()));
    }
    let (mut tools, mut twin) = (Tools::default(), Tools::default());
    let (mut read, mut refused, mut empty) = (0, 0, 0);
    for (id, (name, text)) in (1..).zip(&texts) {
        let reply = ask(&mut tools, &mut twin, Request::Import { id, text: text.clone() });
        let expected = read_directly(text);
        match &expected {
            Ok(Some(_)) => read += 1,
            Ok(None) => empty += 1,
            Err(_) => refused += 1,
        }
        assert_eq!(reply, Reply::Imported { id, result: expected }, "{name}");
    }
    assert!(
        read >= 9 && refused == 4 && empty == 2,
        "{read} read, {refused} refused, {empty} empty"
    );
}

#[test]
fn drafts_give_what_render_and_lint_give() {
    let mut imports: Vec<(String, Option<String>)> = vec![("nothing".into(), None)];
    imports.extend(fixtures().into_iter().map(|(name, text)| (name, Some(text))));
    imports.push(("a refused file".into(), Some("astronomer:\n  registry: [s3\n".into())));
    imports.push(("a removed file".into(), Some(String::new())));
    let drafts = drafts();
    let (mut merged, mut without_files, mut with_findings) = (0, 0, 0);
    for (import_name, text) in &imports {
        let (mut tools, mut twin) = tools_with(text.as_deref());
        for (id, (draft_name, draft)) in (10..).zip(&drafts) {
            let reply = ask(&mut tools, &mut twin, draft_request(id, draft, Vec::new()));
            let (files, findings) = render_directly(draft, text.as_deref());
            merged += usize::from(matches!(
                &files,
                Some(Files {
                    merge: Merge::Merged { .. },
                    ..
                })
            ));
            without_files += usize::from(files.is_none());
            with_findings += usize::from(!findings.is_empty());
            assert_eq!(
                drafted(reply),
                (id, files, findings),
                "{draft_name} with {import_name} imported"
            );
        }
    }
    assert!(
        merged >= 150 && without_files == 2 * imports.len() && with_findings >= 40,
        "{merged} merged, {without_files} without files, {with_findings} with findings"
    );
}

#[test]
fn the_files_of_the_s3_golden_are_its_golden_files() {
    let Reply::Drafted {
        files: Some(files),
        findings,
        ..
    } = full_reply(&draft_named(S3_GOLDEN), None)
    else {
        panic!("no files")
    };
    assert!(findings.is_empty());
    assert_eq!(files.merge, Merge::None);
    for file in &files.files {
        tools::check_golden(&format!("{S3_GOLDEN}/{}", file.name), &file.text);
    }
    let names: Vec<&str> = files.files.iter().map(|file| file.name.as_str()).collect();
    assert!(names.starts_with(&["config.yaml", "iam-policy.json"]) && names.ends_with(&["commands.sh", "verify.sh"]));
    assert!(files.steps.iter().any(|step| step.runner == Runner::Script));
    assert!(files.zip.starts_with(b"PK\x03\x04"));
}

#[test]
fn the_seed_merged_by_the_tools_is_its_import_golden() {
    // As tests/import.rs makes the goldens: chart 0.37.4, a key file path,
    // then the file's actions (as the tools give them), then the edits.
    let to_s3: &[(FieldId, &str)] = &[
        (FieldId::S3Credentials, "node-role"),
        (FieldId::S3Bucket, "my-s3-bucket"),
        (FieldId::S3Region, "us-east-1"),
    ];
    for (golden, backend, edits) in [
        ("import-seed-full-example", None, &[][..]),
        ("import-seed-to-s3", Some(BackendKind::S3), to_s3),
    ] {
        let (mut tools, _) = tools_with(None);
        let Reply::Imported {
            result: Ok(Some(file)), ..
        } = tools.handle(Request::Import { id: 1, text: seed() })
        else {
            panic!("the seed is read")
        };
        let mut draft = Draft::default();
        draft.apply(Action::SetField(FieldId::ChartVersion, "0.37.4".into()));
        draft.apply(Action::SetField(FieldId::GcsKeyFile, "/keys/gcs.json".into()));
        draft.apply_all(file.actions);
        if let Some(backend) = backend {
            draft.apply(Action::SetBackend(backend));
        }
        for (field, value) in edits {
            draft.apply(Action::SetField(*field, (*value).to_owned()));
        }
        let reply = tools.handle(draft_request(2, &draft, Vec::new()));
        let Reply::Drafted {
            files: Some(files),
            findings,
            ..
        } = reply
        else {
            panic!("{golden}: {reply:?}")
        };
        assert!(findings.is_empty(), "{golden}: {findings:?}");
        assert!(
            matches!(files.merge, Merge::Merged { changed, .. } if changed > 0),
            "{golden}"
        );
        tools::check_golden(&format!("{golden}/config.yaml"), &files.files[0].text);
    }
}

#[test]
fn the_tools_forget_a_file_when_the_box_is_emptied_or_refused() {
    let draft = draft_named(S3_GOLDEN);
    for (name, next) in [
        ("emptied", ""),
        ("blank", " \n"),
        ("refused", "astronomer:\n  registry: [s3\n"),
    ] {
        let (mut tools, mut twin) = tools_with(Some(&seed()));
        let reply = ask(&mut tools, &mut twin, draft_request(2, &draft, Vec::new()));
        assert!(
            matches!(
                &reply,
                Reply::Drafted {
                    files: Some(Files {
                        merge: Merge::Merged { .. },
                        ..
                    }),
                    ..
                }
            ),
            "{name}"
        );
        ask(
            &mut tools,
            &mut twin,
            Request::Import {
                id: 3,
                text: next.into(),
            },
        );
        let (files, findings) = render_directly(&draft, None);
        assert_eq!(
            drafted(ask(&mut tools, &mut twin, draft_request(4, &draft, Vec::new()))),
            (4, files, findings),
            "{name}"
        );
    }
}

#[test]
fn a_draft_request_carries_the_whole_form() {
    for (name, draft) in drafts() {
        let Request::Draft {
            id, backend, values, ..
        } = draft_request(3, &draft, Vec::new())
        else {
            panic!("{name}")
        };
        assert_eq!((id, backend), (3, draft.backend), "{name}");
        let typed: Vec<&str> = FieldId::ALL.iter().map(|field| draft.value(*field)).collect();
        assert_eq!(values, typed, "{name}");
    }
    // Fewer values than fields: the rest keep their initial values; more: ignored.
    let mut tools = Tools::default();
    for values in [Vec::new(), vec![String::new(); FieldId::COUNT + 3]] {
        let reply = tools.handle(Request::Draft {
            id: 1,
            backend: BackendKind::Volume,
            values,
            normalize: Vec::new(),
        });
        assert!(matches!(reply, Reply::Drafted { id: 1, .. }), "{reply:?}");
    }
}

/// The draft of `backend` with `values` (typed).
fn typed(backend: BackendKind, values: &[(FieldId, &str)]) -> Draft {
    let mut draft = Draft::default();
    draft.apply(Action::SetBackend(backend));
    for (field, value) in values {
        draft.apply(Action::SetField(*field, (*value).to_owned()));
    }
    draft
}

/// The normalisations the tools answer for `draft`, asked about `fields`.
fn normalizations(draft: &Draft, fields: &[FieldId]) -> Vec<Normalization> {
    let (mut tools, mut twin) = tools_with(None);
    match ask(&mut tools, &mut twin, draft_request(5, draft, fields.to_vec())) {
        Reply::Drafted { normalized, .. } => normalized,
        other => panic!("not a Drafted reply: {other:?}"),
    }
}

#[test]
fn a_bucket_url_normalised_by_the_tools_fills_the_root_directory_as_the_draft_does() {
    let url = "s3://my-bucket/registry";
    let (bucket, root) = (FieldId::S3Bucket, FieldId::S3RootDirectory);
    // The tools' answer is what the draft's own normalising gives, both fields.
    for held in ["", "/registry", "/images"] {
        let draft = typed(BackendKind::S3, &[(bucket, url), (root, held)]);
        let mut direct = draft.clone();
        direct.apply(Action::Leave(bucket));
        let answered = normalizations(&draft, &[bucket]);
        let mut want = vec![Normalization {
            field: bucket,
            before: url.into(),
            changed: Some((
                "my-bucket".into(),
                direct.note(bucket).expect("the bucket's note").to_owned(),
            )),
        }];
        if held.is_empty() {
            want.push(Normalization {
                field: root,
                before: String::new(),
                changed: Some((
                    "/registry".into(),
                    direct.note(root).expect("the root's note").to_owned(),
                )),
            });
        }
        assert_eq!(answered, want, "root directory {held:?}");
        assert_eq!(direct.value(root), if held.is_empty() { "/registry" } else { held });
    }
    // Both asked, in either order, the root directory holding blanks: one
    // answer for it, the URL's prefix (blanks are no root directory).
    for fields in [[bucket, root], [root, bucket]] {
        let draft = typed(BackendKind::S3, &[(bucket, url), (root, "  ")]);
        let answered = normalizations(&draft, &fields);
        assert_eq!(answered.len(), 2, "{answered:?}");
        let root_answer = answered
            .iter()
            .find(|entry| entry.field == root)
            .expect("an answer for the root");
        assert_eq!(root_answer.before, "  ");
        assert_eq!(
            root_answer.changed.as_ref().map(|(value, _)| value.as_str()),
            Some("/registry"),
            "{fields:?}"
        );
    }
    // The root directory asked with blanks around another value: trimmed, kept.
    let draft = typed(BackendKind::S3, &[(bucket, url), (root, " /images ")]);
    let answered = normalizations(&draft, &[bucket, root]);
    let root_answer = answered
        .iter()
        .find(|entry| entry.field == root)
        .expect("an answer for the root");
    assert_eq!(
        root_answer.changed.as_ref().map(|(value, _)| value.as_str()),
        Some("/images")
    );
}

// --- (b) Every message round-trips ----------------------------------------------------------

/// One of every action kind that crosses (every backend, every field).
fn crossing_actions() -> Vec<Action> {
    let mut actions: Vec<Action> = BackendKind::ALL.into_iter().map(Action::SetBackend).collect();
    for (i, field) in FieldId::ALL.into_iter().enumerate() {
        actions.push(Action::SetField(field, format!("value {i} ünï\n\"'")));
        actions.push(Action::Touch(field));
    }
    actions.push(Action::Paste(FieldId::S3Region, " Frankfurt ".into()));
    actions.push(Action::Paste(FieldId::S3Bucket, String::new()));
    actions.push(Action::Leave(FieldId::S3Region));
    actions.push(Action::TouchAll);
    actions.push(Action::Clear);
    actions
}

fn finding(level: Level, apply: Option<(String, Fix)>) -> Finding {
    Finding {
        level,
        line: 12,
        key: "astronomer.registry.s3.keyid".into(),
        message: "keyid without encrypt — «quoted»".into(),
        fix: "Set encrypt: true.".into(),
        apply,
    }
}

/// A finding of every level, with every kind of fix and none.
fn every_finding() -> Vec<Finding> {
    vec![
        finding(Level::Note, None),
        finding(
            Level::Warning,
            Some(("Turn encryption on".into(), Fix::Form(crossing_actions()))),
        ),
        finding(Level::Error, Some(("Rename".into(), Fix::Form(Vec::new())))),
        finding(
            Level::Warning,
            Some((
                "Rename".into(),
                Fix::Edit {
                    start: 56,
                    end: 68,
                    text: "extraEnv".into(),
                },
            )),
        ),
        finding(
            Level::Error,
            Some((
                String::new(),
                Fix::Edit {
                    start: 0,
                    end: u32::MAX as usize,
                    text: String::new(),
                },
            )),
        ),
    ]
}

fn every_merge() -> Vec<Merge> {
    let changes = [
        diff::Change::Same,
        diff::Change::Removed,
        diff::Change::Added,
        diff::Change::Gap,
    ];
    vec![
        Merge::None,
        Merge::Failed("The registry block is an alias: it cannot be replaced.".into()),
        Merge::Merged {
            lines: Vec::new(),
            changed: 0,
        },
        Merge::Merged {
            lines: changes
                .into_iter()
                .enumerate()
                .map(|(i, change)| DiffLine {
                    change,
                    old: (i % 2 == 0).then_some(i + 1),
                    new: (i < 2).then_some(i + 100),
                    text: format!("line {i}\r"),
                })
                .collect(),
            changed: 2,
        },
    ]
}

fn every_step() -> Vec<Step> {
    vec![
        Step {
            text: "Create the `bucket`.".into(),
            commands: vec!["aws s3 mb 's3://my bucket'".into(), String::new()],
            runner: Runner::Script,
        },
        Step {
            text: String::new(),
            commands: Vec::new(),
            runner: Runner::ByHand,
        },
    ]
}

/// Requests of every kind: every backend, empty and odd text, extreme ids.
fn sample_requests() -> Vec<Request> {
    let mut requests = vec![
        Request::Import {
            id: 0,
            text: String::new(),
        },
        Request::Import {
            id: u32::MAX,
            text: seed(),
        },
        Request::Import {
            id: 1,
            text: "ünïcødé ✓ \0 \r\n".into(),
        },
    ];
    for (i, backend) in (0..).zip(BackendKind::ALL) {
        requests.push(Request::Draft {
            id: i,
            backend,
            values: FieldId::ALL.iter().map(|field| format!("{field:?} {i}")).collect(),
            normalize: FieldId::ALL[..(i % 4) as usize].to_vec(),
        });
    }
    requests.push(Request::Draft {
        id: 9,
        backend: BackendKind::Volume,
        values: Vec::new(),
        normalize: Vec::new(),
    });
    requests.extend(drafts().iter().map(|(_, draft)| draft_request(5, draft, Vec::new())));
    requests.push(diagnose_request(0, "", &Draft::default(), &validate(&Draft::default())));
    requests.push(diagnose_request(
        u32::MAX,
        "panic: invalid region provided: ap-southeast-5\r\n\u{1b}[31m<b>x</b>",
        &draft_named(S3_GOLDEN),
        &validate(&draft_named(S3_GOLDEN)),
    ));
    requests
}

/// A report with every part filled in.
fn full_report() -> Report {
    Report {
        diagnoses: vec![
            Diagnosis {
                mode: "s3-invalid-region".into(),
                what: "What.".into(),
                why: "Why.".into(),
                fix: "Fix.".into(),
                field: Some(FieldId::S3RegionEndpoint),
                apply: Some((
                    "Set it".into(),
                    Fix::Form(vec![Action::SetField(
                        FieldId::S3RegionEndpoint,
                        "https://s3.x.amazonaws.com".into(),
                    )]),
                )),
                notes: vec!["A note.".into(), String::new()],
                lines: vec![
                    (1, "panic: invalid region provided: x".into()),
                    (usize::MAX >> 40, "ü".into()),
                ],
                count: 2,
            },
            Diagnosis {
                mode: String::new(),
                what: String::new(),
                why: String::new(),
                fix: String::new(),
                field: None,
                apply: None,
                notes: Vec::new(),
                lines: Vec::new(),
                count: 0,
            },
        ],
        unrecognised: vec![(3, "level=error msg=odd".into())],
        unrecognised_count: 30,
        notes: vec!["The log names the bucket a, the form b.".into()],
    }
}

/// Replies of every kind, with every variant inside.
fn sample_replies() -> Vec<Reply> {
    let mut replies = vec![
        Reply::Imported {
            id: 0,
            result: Ok(None),
        },
        Reply::Imported {
            id: 1,
            result: Ok(Some(ImportedFile {
                actions: crossing_actions(),
                summary: "Loaded from the file: backend s3 (enabled in the file), 2 values.".into(),
            })),
        },
        Reply::Imported {
            id: 2,
            result: Ok(Some(ImportedFile {
                actions: Vec::new(),
                summary: String::new(),
            })),
        },
        Reply::Imported {
            id: u32::MAX,
            result: Err("Line 2, column 13: a flow sequence is not closed.".into()),
        },
        Reply::Drafted {
            id: 3,
            files: None,
            findings: Vec::new(),
            normalized: Vec::new(),
            offers: Vec::new(),
        },
        Reply::Drafted {
            id: 4,
            files: None,
            findings: every_finding(),
            normalized: Vec::new(),
            offers: Vec::new(),
        },
        Reply::Drafted {
            id: 5,
            files: Some(Files::default()),
            findings: Vec::new(),
            normalized: Vec::new(),
            offers: Vec::new(),
        },
        Reply::Failed("A message between the page and its worker could not be read (3 bytes).".into()),
        Reply::Failed(String::new()),
        Reply::Diagnosed {
            id: 1,
            items: said(&full_report()),
        },
        Reply::Diagnosed {
            id: 2,
            items: Vec::new(),
        },
        Reply::Diagnosed {
            id: u32::MAX,
            items: vec![Said::new("error", "", diagnose::too_large(2_000_000))],
        },
    ];
    for (i, merge) in (6..).zip(every_merge()) {
        replies.push(Reply::Drafted {
            id: i,
            files: Some(Files {
                files: vec![
                    File {
                        name: "config.yaml".into(),
                        mime: "application/yaml".into(),
                        text: "astronomer:\n  registry: {}\n".into(),
                    },
                    File {
                        name: String::new(),
                        mime: String::new(),
                        text: String::new(),
                    },
                ],
                steps: every_step(),
                report: vec![upgrade::Change {
                    what: "The registry program: é".into(),
                    at: "0.37.1".into(),
                    breaks: String::new(),
                    files: "\u{0}\n".into(),
                }],
                zip: (0..=255).collect(),
                merge,
            }),
            findings: every_finding(),
            normalized: vec![Normalization {
                field: FieldId::S3Region,
                before: "Frankfurt".into(),
                changed: Some(("eu-central-1".into(), "Read it.".into())),
            }],
            offers: vec![(FieldId::S3Region, ("eu-centrl-1".into(), "eu-central-1".into()))],
        });
    }
    replies
}

#[test]
fn every_request_round_trips() {
    for request in sample_requests() {
        let bytes = encode(&request);
        assert_eq!(decode::<Request>(&bytes), Ok(request.clone()), "{request:?}");
    }
}

#[test]
fn every_reply_round_trips() {
    let replies = sample_replies();
    // Every variant of each type is in the samples.
    let debug = format!("{replies:?}");
    for variant in [
        "Imported",
        "Drafted",
        "Failed",
        "Ok(None)",
        "Ok(Some",
        "Err(",
        "Note",
        "Warning",
        "Error",
        "Form(",
        "Edit {",
        "SetBackend(Gcs)",
        "SetBackend(S3)",
        "SetBackend(Azure)",
        "SetBackend(Volume)",
        "SetField(",
        "Paste(",
        "Touch(",
        "Leave(",
        "TouchAll",
        "Clear",
        "Script",
        "ByHand",
        "Same",
        "Removed",
        "Added",
        "Gap",
        "merge: None",
        "Diagnosed",
        "Merged {",
        "Failed(\"The registry",
    ] {
        assert!(debug.contains(variant), "no sample holds {variant}");
    }
    for reply in replies {
        let bytes = encode(&reply);
        assert_eq!(decode::<Reply>(&bytes), Ok(reply.clone()), "{reply:?}");
    }
}

#[test]
fn the_full_replies_for_the_golden_drafts_round_trip() {
    for imported in [None, Some(seed())] {
        for (name, draft) in drafts() {
            let reply = full_reply(&draft, imported.as_deref());
            assert_eq!(decode::<Reply>(&encode(&reply)).as_ref(), Ok(&reply), "{name}");
        }
    }
    let reply = full_reply(&draft_named(S3_GOLDEN), Some(&seed()));
    let Reply::Drafted { files: Some(files), .. } = &reply else {
        panic!("{reply:?}")
    };
    assert!(matches!(files.merge, Merge::Merged { .. }) && files.files.len() >= 5 && !files.steps.is_empty());
}

#[test]
fn the_bytes_are_the_documented_format() {
    // Numbers 4 bytes little-endian; text its length then its bytes; a list its
    // length then its items; an option or an enum one byte, then its fields.
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "an import",
            encode(&Request::Import {
                id: 0x0102_0304,
                text: "ab".into(),
            }),
            vec![0, 4, 3, 2, 1, 2, 0, 0, 0, b'a', b'b'],
        ),
        (
            "a draft",
            encode(&Request::Draft {
                id: 1,
                backend: BackendKind::ALL[1],
                values: vec!["x".into(), String::new()],
                normalize: vec![FieldId::ALL[2]],
            }),
            // ... then the fields to normalise: a count, each field its position.
            vec![
                1, 1, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 0, b'x', 0, 0, 0, 0, 1, 0, 0, 0, 2,
            ],
        ),
        (
            "nothing imported",
            encode(&Reply::Imported {
                id: 2,
                result: Ok(None),
            }),
            vec![0, 2, 0, 0, 0, 0, 0],
        ),
        (
            "refused",
            encode(&Reply::Imported {
                id: 2,
                result: Err("e".into()),
            }),
            vec![0, 2, 0, 0, 0, 1, 1, 0, 0, 0, b'e'],
        ),
        (
            "no files, no findings",
            encode(&Reply::Drafted {
                id: 3,
                files: None,
                findings: Vec::new(),
                normalized: Vec::new(),
                offers: Vec::new(),
            }),
            // The tag, the id, no files, no findings, nothing normalised, no offers.
            vec![1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ),
        ("failed", encode(&Reply::Failed(String::new())), vec![2, 0, 0, 0, 0]),
    ];
    for (name, actual, expected) in cases {
        assert_eq!(actual, expected, "{name}");
    }
}

// --- (c) Damaged messages are refused ---------------------------------------------------

/// Decodes `bytes` as a request and as a reply, expecting both refused.
fn refused(bytes: &[u8], what: &str) {
    assert!(decode::<Request>(bytes).is_err(), "{what}: read as a request");
    assert!(decode::<Reply>(bytes).is_err(), "{what}: read as a reply");
}

/// The samples as bytes, each with the type it is.
fn sample_messages() -> Vec<(String, Vec<u8>, bool)> {
    let mut messages: Vec<(String, Vec<u8>, bool)> = sample_requests()
        .iter()
        .enumerate()
        .map(|(i, request)| (format!("sample request {i}"), encode(request), true))
        .collect();
    messages.extend(
        sample_replies()
            .iter()
            .enumerate()
            .map(|(i, reply)| (format!("sample reply {i}"), encode(reply), false)),
    );
    let full = full_reply(&draft_named(S3_GOLDEN), Some(&seed()));
    messages.push(("the S3 golden's full reply".into(), encode(&full), false));
    messages
}

/// Decodes `bytes` as its own type: `Ok` or `Err`, never a panic.
fn decodes(bytes: &[u8], request: bool) -> bool {
    if request {
        decode::<Request>(bytes).is_ok()
    } else {
        decode::<Reply>(bytes).is_ok()
    }
}

#[test]
fn a_message_cut_short_at_any_length_is_refused() {
    for (name, bytes, request) in sample_messages() {
        // Every length; for the full reply (43 KB, each cut read from the
        // start: 14 s in a debug build) every length of its first 4 KB and
        // last 512 bytes, and every 29th between.
        let every = |length: usize| length < 4096 || bytes.len() - length <= 512 || length.is_multiple_of(29);
        for length in (0..bytes.len()).filter(|length| every(*length)) {
            assert!(
                !decodes(&bytes[..length], request),
                "{name}: cut at {length} of {}",
                bytes.len()
            );
        }
    }
}

#[test]
fn trailing_bytes_are_refused() {
    for (name, bytes, request) in sample_messages() {
        for tail in [&[0u8][..], &[1], &[255], &[0, 0, 0, 0], &bytes[..]] {
            let mut longer = bytes.clone();
            longer.extend_from_slice(tail);
            assert!(!decodes(&longer, request), "{name} + {} bytes", tail.len());
        }
    }
}

/// Where two encodings of the same message first differ: the byte that
/// says which variant (when everything before it is equal).
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| panic!("no difference: {a:?} {b:?}"))
}

/// A reply holding one finding.
fn with_finding(finding: Finding) -> Reply {
    Reply::Drafted {
        id: 1,
        files: None,
        findings: vec![finding],
        normalized: Vec::new(),
        offers: Vec::new(),
    }
}

/// A reply holding one file's worth of merge and step.
fn with_files(merge: Merge, runner: Runner) -> Reply {
    Reply::Drafted {
        id: 1,
        files: Some(Files {
            files: Vec::new(),
            steps: vec![Step {
                text: String::new(),
                commands: Vec::new(),
                runner,
            }],
            report: Vec::new(),
            zip: Vec::new(),
            merge,
        }),
        findings: Vec::new(),
        normalized: Vec::new(),
        offers: Vec::new(),
    }
}

fn with_actions(actions: Vec<Action>) -> Reply {
    Reply::Imported {
        id: 1,
        result: Ok(Some(ImportedFile {
            actions,
            summary: String::new(),
        })),
    }
}

fn merged(change: diff::Change) -> Merge {
    Merge::Merged {
        lines: vec![DiffLine {
            change,
            old: None,
            new: None,
            text: String::new(),
        }],
        changed: 0,
    }
}

/// What a tag says, two messages that differ first at it, the tags no reader
/// takes there, and whether the messages are requests.
type TagCase = (&'static str, Vec<u8>, Vec<u8>, Vec<u8>, bool);

#[test]
fn an_unknown_tag_is_refused_wherever_it_is() {
    let field = FieldId::ALL[0];
    let last_field = FieldId::ALL[FieldId::COUNT - 1];
    let cases: Vec<TagCase> = vec![
        (
            "request",
            encode(&Request::Import {
                id: 0,
                text: String::new(),
            }),
            encode(&Request::Draft {
                id: 0,
                backend: BackendKind::Gcs,
                values: Vec::new(),
                normalize: Vec::new(),
            }),
            vec![3, 4, 255],
            true,
        ),
        (
            "backend of a draft",
            encode(&Request::Draft {
                id: 0,
                backend: BackendKind::ALL[0],
                values: Vec::new(),
                normalize: Vec::new(),
            }),
            encode(&Request::Draft {
                id: 0,
                backend: BackendKind::ALL[1],
                values: Vec::new(),
                normalize: Vec::new(),
            }),
            vec![BackendKind::ALL.len() as u8, 255],
            true,
        ),
        (
            "reply",
            encode(&Reply::Imported {
                id: 0,
                result: Ok(None),
            }),
            encode(&Reply::Failed(String::new())),
            vec![4, 5, 255],
            false,
        ),
        (
            "result",
            encode(&Reply::Imported {
                id: 0,
                result: Ok(None),
            }),
            encode(&Reply::Imported {
                id: 0,
                result: Err(String::new()),
            }),
            vec![2, 255],
            false,
        ),
        (
            "option of the imported file",
            encode(&Reply::Imported {
                id: 1,
                result: Ok(None),
            }),
            encode(&with_actions(Vec::new())),
            vec![2, 255],
            false,
        ),
        (
            "option of the files",
            encode(&with_finding(finding(Level::Note, None))),
            encode(&with_files(Merge::None, Runner::Script)),
            vec![2, 255],
            false,
        ),
        (
            "action",
            encode(&with_actions(vec![Action::Touch(field)])),
            encode(&with_actions(vec![Action::Leave(field)])),
            vec![7, 8, 254, 255],
            false,
        ),
        (
            "backend of an action",
            encode(&with_actions(vec![Action::SetBackend(BackendKind::ALL[0])])),
            encode(&with_actions(vec![Action::SetBackend(BackendKind::ALL[3])])),
            vec![BackendKind::ALL.len() as u8, 255],
            false,
        ),
        (
            "field of an action",
            encode(&with_actions(vec![Action::Touch(field)])),
            encode(&with_actions(vec![Action::Touch(last_field)])),
            vec![FieldId::COUNT as u8, 255],
            false,
        ),
        (
            "level",
            encode(&with_finding(finding(Level::Note, None))),
            encode(&with_finding(finding(Level::Error, None))),
            vec![3, 255],
            false,
        ),
        (
            "option of a fix",
            encode(&with_finding(finding(Level::Note, None))),
            encode(&with_finding(finding(
                Level::Note,
                Some((String::new(), Fix::Form(Vec::new()))),
            ))),
            vec![2, 255],
            false,
        ),
        (
            "fix",
            encode(&with_finding(finding(
                Level::Note,
                Some((String::new(), Fix::Form(Vec::new()))),
            ))),
            encode(&with_finding(finding(
                Level::Note,
                Some((
                    String::new(),
                    Fix::Edit {
                        start: 0,
                        end: 0,
                        text: String::new(),
                    },
                )),
            ))),
            vec![2, 255],
            false,
        ),
        (
            "runner",
            encode(&with_files(Merge::None, Runner::Script)),
            encode(&with_files(Merge::None, Runner::ByHand)),
            vec![2, 255],
            false,
        ),
        (
            "merge",
            encode(&with_files(Merge::None, Runner::Script)),
            encode(&with_files(Merge::Failed(String::new()), Runner::Script)),
            vec![3, 255],
            false,
        ),
        (
            "change",
            encode(&with_files(merged(diff::Change::Same), Runner::Script)),
            encode(&with_files(merged(diff::Change::Gap), Runner::Script)),
            vec![4, 255],
            false,
        ),
        (
            "option of a line number",
            encode(&with_files(merged(diff::Change::Same), Runner::Script)),
            encode(&with_files(
                Merge::Merged {
                    lines: vec![DiffLine {
                        change: diff::Change::Same,
                        old: Some(0),
                        new: None,
                        text: String::new(),
                    }],
                    changed: 0,
                },
                Runner::Script,
            )),
            vec![2, 255],
            false,
        ),
    ];
    for (what, a, b, invalid, request) in cases {
        assert!(decodes(&a, request) && decodes(&b, request), "{what}: the samples read");
        let at = first_difference(&a, &b);
        for tag in invalid {
            for base in [&a, &b] {
                let mut damaged = base.clone();
                damaged[at] = tag;
                assert!(!decodes(&damaged, request), "{what}: tag {tag} at {at} read");
            }
        }
    }
}

#[test]
fn a_huge_length_is_refused_without_reserving_it() {
    let import = encode(&Request::Import {
        id: 1,
        text: "abc".into(),
    });
    let draft = encode(&Request::Draft {
        id: 1,
        backend: BackendKind::S3,
        values: vec!["a".into(); 3],
        normalize: Vec::new(),
    });
    let reply = encode(&Reply::Drafted {
        id: 1,
        files: Some(Files {
            zip: vec![1, 2, 3],
            ..Files::default()
        }),
        findings: Vec::new(),
        normalized: Vec::new(),
        offers: Vec::new(),
    });
    // (what, message, where its length is, a request?)
    let cases = [
        ("text of an import", import, 5, true),
        ("values of a draft", draft.clone(), 6, true),
        ("first value of a draft", draft, 10, true),
        ("file list", reply.clone(), 6, false),
        ("zip", reply.clone(), 14, false),
        ("findings", reply.clone(), reply.len() - 4, false),
    ];
    for (what, bytes, at, request) in cases {
        assert!(decodes(&bytes, request), "{what}: the sample reads");
        for huge in [u32::MAX, u32::MAX / 2, 1 << 24, bytes.len() as u32] {
            let mut damaged = bytes.clone();
            damaged[at..at + 4].copy_from_slice(&huge.to_le_bytes());
            assert!(!decodes(&damaged, request), "{what}: length {huge} read");
        }
    }
}

#[test]
fn text_that_is_not_utf8_is_refused() {
    let mut bytes = encode(&Request::Import {
        id: 1,
        text: "ab".into(),
    });
    let at = bytes.len() - 1;
    for byte in [0x80, 0xC0, 0xFF] {
        bytes[at] = byte;
        refused(&bytes, &format!("byte {byte:#x} in the text"));
    }
}

/// Requests carry no actions (only text and raw values): the actions that
/// cross are in replies, in an imported file and in a finding's form fix.
#[test]
fn a_restore_action_never_crosses() {
    let restore = || Action::Restore(Box::default());
    let replies = [
        (
            "in a form fix",
            with_finding(finding(
                Level::Warning,
                Some(("Undo".into(), Fix::Form(vec![restore()]))),
            )),
        ),
        (
            "after other actions in a form fix",
            with_finding(finding(
                Level::Warning,
                Some(("Undo".into(), Fix::Form(vec![Action::TouchAll, restore()]))),
            )),
        ),
        (
            "in an imported file's actions",
            with_actions(vec![Action::Clear, restore()]),
        ),
    ];
    for (what, reply) in replies {
        let bytes = encode(&reply);
        let result = decode::<Reply>(&bytes);
        assert!(result.is_err(), "{what}: {result:?}");
    }
}

#[test]
fn any_damage_is_an_error_never_a_panic() {
    // Every byte of each small sample set to a few values; then seeded
    // random bytes of every length up to 300.
    for (_, bytes, request) in sample_messages() {
        if bytes.len() > 4_000 {
            continue;
        }
        for at in 0..bytes.len() {
            for value in [0, 2, 0x80, 255] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = decodes(&damaged, request);
            }
        }
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for length in 0..300 {
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..length).map(|_| (next() % 8) as u8).collect();
            let _ = decode::<Request>(&bytes);
            let _ = decode::<Reply>(&bytes);
        }
    }
}

#[test]
fn the_refusal_says_what_happened() {
    assert_eq!(
        decode::<Request>(&[9, 9, 9]),
        Err("A message between the page and its worker could not be read (3 bytes).".into())
    );
    assert!(decode::<Reply>(&[]).is_err());
}

// --- (d) handle_bytes answers garbage with Failed --------------------------------------

#[test]
fn garbage_is_answered_with_failed_and_the_tools_keep_their_file() {
    let draft = draft_named(S3_GOLDEN);
    let good = encode(&draft_request(1, &draft, Vec::new()));
    let mut with_tail = good.clone();
    with_tail.push(0);
    let mut bad_backend = good.clone();
    bad_backend[5] = 200;
    let garbage: Vec<(&str, Vec<u8>)> = vec![
        ("nothing", Vec::new()),
        ("a tag alone", vec![0]),
        ("an unknown tag", vec![2, 0, 0, 0, 0]),
        ("all ones", vec![255; 64]),
        ("cut short", good[..good.len() - 1].to_vec()),
        ("a trailing byte", with_tail),
        ("an unknown backend", bad_backend),
        (
            "a reply sent back",
            encode(&Reply::Imported {
                id: 1,
                result: Ok(None),
            }),
        ),
        ("text", b"astronomer:\n  registry: {}\n".to_vec()),
    ];
    let (mut tools, _) = tools_with(Some(&seed()));
    let expected = tools.handle(draft_request(1, &draft, Vec::new()));
    for (what, bytes) in garbage {
        let answer = decode::<Reply>(&tools.handle_bytes(&bytes));
        let Ok(Reply::Failed(message)) = &answer else {
            panic!("{what}: {answer:?}")
        };
        assert!(
            message.contains(&format!("({} bytes)", bytes.len())),
            "{what}: {message}"
        );
        // Still holding the seed: the next draft is merged into it.
        assert_eq!(tools.handle(draft_request(1, &draft, Vec::new())), expected, "{what}");
    }
}

#[test]
fn a_report_is_listed_as_plain_items_with_the_fix_on_its_own() {
    let items = said(&full_report());
    let kinds: Vec<&str> = items.iter().map(|item| item.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "summary",
            "contradiction",
            "what",
            "why",
            "fix",
            "note",
            "note",
            "line",
            "line",
            "what",
            "why",
            "fix",
            "unrecognised",
            "unrecognised-line"
        ]
    );
    assert_eq!(items[0].text, "2 known problems, most likely first:");
    let fix: &Said = &items[4];
    assert_eq!(
        (fix.mode.as_str(), fix.field),
        ("s3-invalid-region", Some(FieldId::S3RegionEndpoint))
    );
    assert!(fix.apply.is_some() && fix.text.starts_with("Fix: "));
    // Only a fix carries a field or a change.
    assert!(
        items
            .iter()
            .filter(|item| item.kind != "fix")
            .all(|item| item.field.is_none() && item.apply.is_none())
    );
    assert_eq!(
        items[12].text,
        "30 error lines this page does not recognise (listed, not guessed at):"
    );
}
