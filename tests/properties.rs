//! Seeded property tests over the real path the page takes: a `Draft` built
//! with `Action::SetField` / `Action::SetBackend`, `validate`, `render` and
//! `zip_all`, and `share::encode` / `share::decode`.
//!
//! Every test draws its cases from a small xorshift generator with fixed seeds,
//! so a failure names a case that fails again on the next run. Values come from
//! four pools: valid samples per field (and random values shaped like valid
//! ones), the 133 scalars of `tests/fixtures/helm-scalar-vectors.json`, short
//! strings of tricky characters, and 10,000-character strings.

mod tools;

use std::panic::{AssertUnwindSafe, catch_unwind};

use registry_configurator::field::{FieldId, Section};
use registry_configurator::model::BackendKind;
use registry_configurator::model::chart::MINOR_LINES;
use registry_configurator::render::{Artifact, render, zip_all};
use registry_configurator::share::{self, decode, encode, is_shareable};
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::{Severity, Validation, validate};
use serde_json::Value;

// ---------------------------------------------------------------------------
// The generator.

/// xorshift64*: small, fast and good enough to pick test cases.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Never zero, or xorshift stays at zero.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with the given chance in percent.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `len` characters drawn from `alphabet`.
    fn string(&mut self, alphabet: &[char], len: usize) -> String {
        (0..len).map(|_| *self.pick(alphabet)).collect()
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

// ---------------------------------------------------------------------------
// Values.

const SECRET_FIELDS: [FieldId; 2] = [FieldId::S3SecretKey, FieldId::AzureAccountKey];
/// The fields that never go into a share link: the secrets and the access key id.
const PRIVATE_FIELDS: [FieldId; 3] = [FieldId::S3AccessKey, FieldId::S3SecretKey, FieldId::AzureAccountKey];

const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ALT_SECRET_KEY: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const ALT_AZURE_KEY: &str = "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXhmb29iYXJiYXpxdXhxdXV4Zm9vYmFyYmF6cXV4cXV1eA==";

/// Tricky characters: YAML and shell syntax, white space, escapes, direction
/// marks, zero-width space, emoji, NUL and other controls.
const TRICKY: &str =
    "\"'`:#  \t\n\r\\%&=*!|>?{}[],@~-./+aZ09é\u{200F}\u{202E}\u{200B}\u{FEFF}\u{2028}\u{85}\u{0}\u{7}🦀😀ש";

/// A chart version on a published release line (optionally with a leading `v`);
/// the patch number is free.
fn chart_version(rng: &mut Rng, at_least_0_30: bool) -> String {
    let lines: Vec<(u16, u16)> = MINOR_LINES
        .iter()
        .copied()
        .filter(|line| !at_least_0_30 || *line >= (0, 30))
        .collect();
    let (major, minor) = *rng.pick(&lines);
    let prefix = if rng.chance(10) { "v" } else { "" };
    format!("{prefix}{major}.{minor}.{}", rng.below(13))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Values each field accepts, including unusual ones.
fn valid_samples(field: FieldId) -> Vec<String> {
    let list: &[&str] = match field {
        FieldId::Release => &["astronomer", "platform", "a", "astro-1", "1"],
        FieldId::Namespace => &["astronomer", "platform", "1ns", "yes", "null"],
        FieldId::ChartVersion => &["0.37.4", "0.25.2", "2.1.0", "v0.25.3", "1.2.10", "0.30.0", "0.29.5"],
        FieldId::GcsBucket => &[
            "my-gcs-bucket",
            "registry-images",
            "a_b.c-d",
            "123abc",
            "1e5bucket",
            "abc",
        ],
        FieldId::GcsKeyFile => &[
            "/path/to/key.json",
            "~/Downloads/my project's key.json",
            "C:\\Users\\me\\key.json",
            "key (1).json",
            "~/key.json",
            "./key.json",
            "/tmp/(id)/`id`;x|y&z.json",
            "$HOME/keys/key.json",
            "/ключ/🔑 it's.json",
            "-rf",
        ],
        FieldId::GcsRootDirectory | FieldId::S3RootDirectory => &[
            "/",
            "/registry",
            "registry",
            "/a/b.c/d_e-f/",
            "1e5dir",
            "_x",
            "/2001-12-14",
            "a/",
        ],
        FieldId::GcsChunkSize => &["5242880", "262144", "16777216", "18446744073709289472"],
        FieldId::S3Bucket => &["my-s3-bucket", "abc", "a.b.c", "123abc", "1e5bucket", "0x1f-bucket"],
        FieldId::S3Region => &[
            "us-east-1",
            "cn-north-1",
            "cn-northwest-1",
            "us-gov-west-1",
            "us-gov-east-1",
            "eu-west-2",
            "us-iso-east-1",
            "us-isob-east-1",
            "eusc-de-east-1",
            "ap-southeast-7",
        ],
        FieldId::S3AccessKey => &["AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "AKIA0000000000000000"],
        FieldId::S3SecretKey => &[
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ALT_SECRET_KEY,
            "+JalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE/",
            "////////////////////////////////////////",
        ],
        FieldId::S3Encrypt => &["true"],
        FieldId::S3KeyId => &[
            KEY_ARN,
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "mrk-0123456789abcdef0123456789abcdef",
            "alias/astronomer-registry",
            "alias/a/b_c-D",
            "arn:aws:kms:us-east-1:123456789012:alias/astronomer-registry",
            "arn:aws-cn:kms:cn-north-1:123456789012:alias/registry",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
        ],
        FieldId::S3RegionEndpoint => &[
            "https://minio.example.com:9000",
            "http://10.0.0.5:9000",
            "http://[fd00::1]:9000",
            "https://s3.example.com/path/to%20x",
            "https://x.example.com/a:b",
            "http://minio:1",
            "https://host.example.com:65535/a/b/",
            "https://s3.cn-north-1.amazonaws.com.cn",
            "https://x.example.com/a'b&c=d;e!f*g(h)$i,j@k+l~m",
        ],
        FieldId::AzureAccountName => &["mystorageaccount", "abc", "a1b2c3", "1e5x"],
        FieldId::AzureAccountKey => &[
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
            ALT_AZURE_KEY,
        ],
        FieldId::AzureContainer => &["my-container-name", "abc", "a-b-c", "123abc", "2001-12-14"],
        FieldId::AzureRealm => &["core.windows.net", "core.chinacloudapi.cn", "core.usgovcloudapi.net"],
        FieldId::VolumeSize => &[
            "100Gi",
            "500G",
            "1Ti",
            "1.5Ti",
            "0.5Ti",
            "512Mi",
            "100k",
            "2E",
            "1048576",
            "1048576.5",
        ],
        FieldId::VolumeStorageClass => &["gp3", "standard-rwo", "ebs.csi.aws.com", "fast.ssd-1", "a1", "x9.y"],
    };
    let mut samples: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
    match field {
        FieldId::Release => samples.push("a".repeat(53)),
        FieldId::Namespace => samples.push("a".repeat(63)),
        FieldId::GcsRootDirectory | FieldId::S3RootDirectory => samples.push(format!("/{}", "a".repeat(511))),
        FieldId::S3Bucket | FieldId::GcsBucket | FieldId::AzureContainer => samples.push("a".repeat(63)),
        FieldId::AzureAccountName => samples.push("a".repeat(24)),
        _ => {}
    }
    samples
}

/// A random value shaped like a valid one, often one a YAML reader could take
/// for a number, date or boolean. It may or may not be valid.
fn shaped(rng: &mut Rng, field: FieldId) -> String {
    let upper_digits = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    let hex = chars("0123456789abcdef");
    match field {
        FieldId::Release | FieldId::Namespace => {
            let len = rng.between(1, 12);
            rng.string(&chars("abeoxy0123456789-"), len)
        }
        FieldId::ChartVersion => chart_version(rng, false),
        FieldId::GcsBucket => {
            let len = rng.between(3, 12);
            rng.string(&chars("abcexo0123456789.-_"), len)
        }
        FieldId::S3Bucket => {
            let len = rng.between(3, 12);
            rng.string(&chars("abcexo0123456789.-"), len)
        }
        FieldId::GcsKeyFile => {
            let len = rng.between(1, 20);
            let path: String = rng.string(&chars("/ ~.\"'`$*;&|()<>!#é🔑aZ09-"), len);
            if rng.chance(30) { format!("~/{path}") } else { path }
        }
        FieldId::GcsRootDirectory | FieldId::S3RootDirectory => {
            let len = rng.between(1, 10);
            rng.string(&chars("abeEtTxXoOZ0123456789._-/"), len)
        }
        FieldId::GcsChunkSize => (262_144 * rng.between(1, 64) as u64).to_string(),
        FieldId::S3Region => {
            let country = rng.pick(&["us", "eu", "cn", "ap", "xy"]);
            let middle = rng.pick(&["", "-gov", "-iso", "-isob", "-isoe", "-isof"]);
            let direction = rng.pick(&["north", "south", "east", "west", "central", "northeast", "southwest"]);
            format!("{country}{middle}-{direction}-{}", rng.between(1, 9))
        }
        FieldId::S3AccessKey => {
            let prefix = if rng.chance(80) { "AKIA" } else { "ASIA" };
            format!("{prefix}{}", rng.string(&upper_digits, 16))
        }
        FieldId::S3SecretKey => rng.string(
            &chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            40,
        ),
        FieldId::S3Encrypt => (if rng.chance(50) { "true" } else { "" }).to_owned(),
        FieldId::S3KeyId => match rng.below(5) {
            0 => {
                let len = rng.between(1, 12);
                format!("alias/{}", rng.string(&chars("aZ09/_-eE"), len))
            }
            1 => {
                let (partition, region) = *rng.pick(&[
                    ("aws", "us-east-1"),
                    ("aws", "eu-west-2"),
                    ("aws-cn", "cn-north-1"),
                    ("aws-us-gov", "us-gov-west-1"),
                    ("aws-iso", "us-iso-east-1"),
                ]);
                let account = rng.string(&chars("0123456789"), 12);
                let len = rng.between(1, 12);
                let alias = rng.string(&chars("aZ09/_-"), len);
                format!("arn:{partition}:kms:{region}:{account}:alias/{alias}")
            }
            2 => format!(
                "{}-{}-{}-{}-{}",
                rng.string(&hex, 8),
                rng.string(&hex, 4),
                rng.string(&hex, 4),
                rng.string(&hex, 4),
                rng.string(&hex, 12)
            ),
            3 => format!("mrk-{}", rng.string(&hex, 32)),
            _ => format!(
                "arn:aws:kms:us-east-1:123456789012:key/{}-{}-{}-{}-{}",
                rng.string(&hex, 8),
                rng.string(&hex, 4),
                rng.string(&hex, 4),
                rng.string(&hex, 4),
                rng.string(&hex, 12)
            ),
        },
        FieldId::S3RegionEndpoint => {
            let scheme = rng.pick(&["https://", "http://"]);
            let host = rng.pick(&[
                "minio.example.com",
                "10.0.0.5",
                "[fd00::1]",
                "s3.us-east-1.amazonaws.com",
                "a",
                "1e3.example",
            ]);
            let port = if rng.chance(50) {
                format!(":{}", rng.between(1, 65535))
            } else {
                String::new()
            };
            let path = if rng.chance(60) {
                let len = rng.between(0, 12);
                format!("/{}", rng.string(&chars("aZ09-._~!$&'()*+,;=:@/"), len))
            } else {
                String::new()
            };
            format!("{scheme}{host}{port}{path}")
        }
        FieldId::AzureAccountName => {
            let len = rng.between(3, 10);
            rng.string(&chars("abcexo0123456789"), len)
        }
        FieldId::AzureAccountKey => {
            let bytes: Vec<u8> = (0..64).map(|_| rng.next() as u8).collect();
            base64(&bytes)
        }
        FieldId::AzureContainer => {
            let len = rng.between(3, 12);
            rng.string(&chars("abcetxz0123456789-"), len)
        }
        FieldId::AzureRealm => {
            let labels = rng.between(2, 4);
            let parts: Vec<String> = (0..labels)
                .map(|_| {
                    let len = rng.between(1, 6);
                    rng.string(&chars("abcex0123456789-"), len)
                })
                .collect();
            parts.join(".")
        }
        FieldId::VolumeSize => {
            let len = rng.between(1, 8);
            let mut number = rng.string(&chars("0123456789"), len);
            if rng.chance(30) {
                let len = rng.between(1, 3);
                number = format!("{number}.{}", rng.string(&chars("0123456789"), len));
            }
            let suffix = rng.pick(&["", "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E"]);
            format!("{number}{suffix}")
        }
        FieldId::VolumeStorageClass => {
            let len = rng.between(1, 10);
            rng.string(&chars("abcenoxy0123456789.-"), len)
        }
    }
}

/// Everything the generators draw from.
struct Pools {
    valid: Vec<Vec<String>>,
    helm: Vec<String>,
}

impl Pools {
    fn load() -> Pools {
        let path = tools::repo_path("tests/fixtures/helm-scalar-vectors.json");
        let text = std::fs::read_to_string(&path).expect("read the helm scalar vectors");
        let fixture: Value = serde_json::from_str(&text).expect("the vectors are JSON");
        let helm: Vec<String> = fixture["vectors"]
            .as_array()
            .expect("a vectors array")
            .iter()
            .map(|vector| vector["value"].as_str().expect("a string value").to_owned())
            .collect();
        assert_eq!(helm.len(), 133, "the fixture holds 133 vectors");
        Pools {
            valid: FieldId::ALL.into_iter().map(valid_samples).collect(),
            helm,
        }
    }

    fn valid(&self, rng: &mut Rng, field: FieldId) -> String {
        if rng.chance(60) {
            rng.pick(&self.valid[field.index()]).clone()
        } else {
            shaped(rng, field)
        }
    }

    /// Any value: valid, a helm vector, tricky characters, very long, or empty.
    fn any(&self, rng: &mut Rng, field: FieldId, noise: usize) -> String {
        if !rng.chance(noise) {
            return self.valid(rng, field);
        }
        match rng.below(100) {
            0..=34 => rng.pick(&self.helm).clone(),
            35..=74 => {
                let len = rng.between(1, 12);
                let tricky = chars(TRICKY);
                let mut value = rng.string(&tricky, len);
                if rng.chance(40) {
                    // Tricky characters around an otherwise valid value.
                    let valid = self.valid(rng, field);
                    value = if rng.chance(50) {
                        format!("{valid}{value}")
                    } else {
                        format!("{value}{valid}")
                    };
                }
                value
            }
            75..=79 => {
                let tricky = chars(TRICKY);
                if rng.chance(50) {
                    rng.string(&tricky, 10_000)
                } else {
                    let unit = rng.pick(&["a", "é", "9", "-", ".", "/", ":", "=", "🦀", "a "]);
                    unit.repeat(10_000 / unit.chars().count())
                }
            }
            _ => String::new(),
        }
    }
}

// ---------------------------------------------------------------------------
// Drafts.

/// A draft built by a random sequence of actions: fields set to values of any
/// kind (`noise` is the chance in percent of a value that is not drawn from the
/// valid ones), the backend switched one to three times along the way, some
/// fields touched.
fn random_draft(rng: &mut Rng, pools: &Pools) -> Draft {
    let noise = *rng.pick(&[0usize, 5, 20, 60, 100]);
    let mut actions = Vec::new();
    for field in FieldId::ALL {
        if rng.chance(75) {
            actions.push(Action::SetField(field, pools.any(rng, field, noise)));
        }
    }
    if rng.chance(85) {
        // The chart version has no default: set it most of the time.
        let version = if rng.chance(noise) {
            pools.any(rng, FieldId::ChartVersion, 100)
        } else {
            chart_version(rng, false)
        };
        actions.push(Action::SetField(FieldId::ChartVersion, version));
    }
    for _ in 0..rng.between(1, 3) {
        actions.push(Action::SetBackend(*rng.pick(&BackendKind::ALL)));
    }
    if rng.chance(20) {
        actions.push(Action::Touch(*rng.pick(&FieldId::ALL)));
    }
    if rng.chance(5) {
        actions.push(Action::TouchAll);
    }
    rng.shuffle(&mut actions);
    let mut draft = Draft::default();
    for action in actions {
        draft.apply(action);
    }
    draft
}

/// A draft of `backend` that validates: valid samples first, then random
/// unusual values kept only when the draft still validates. Other backends'
/// fields often hold junk, which must not matter.
fn valid_draft(rng: &mut Rng, pools: &Pools, backend: BackendKind) -> Draft {
    let mut draft = Draft::default();
    for field in FieldId::ALL {
        if matches!(field.section(), Section::Backend(other) if other != backend) && rng.chance(30) {
            draft.apply(Action::SetField(field, pools.any(rng, field, 50)));
        }
    }
    draft.apply(Action::SetBackend(backend));
    let set = |draft: &mut Draft, field: FieldId, value: String| draft.apply(Action::SetField(field, value));
    let pick = |rng: &mut Rng, field: FieldId| rng.pick(&pools.valid[field.index()]).clone();
    if rng.chance(30) {
        set(&mut draft, FieldId::Release, pick(rng, FieldId::Release));
    }
    if rng.chance(30) {
        set(&mut draft, FieldId::Namespace, pick(rng, FieldId::Namespace));
    }
    let wants_endpoint = backend == BackendKind::S3 && rng.chance(50);
    set(&mut draft, FieldId::ChartVersion, chart_version(rng, wants_endpoint));
    match backend {
        BackendKind::Gcs => {
            set(&mut draft, FieldId::GcsBucket, pick(rng, FieldId::GcsBucket));
            set(&mut draft, FieldId::GcsKeyFile, pick(rng, FieldId::GcsKeyFile));
            for field in [FieldId::GcsRootDirectory, FieldId::GcsChunkSize] {
                if rng.chance(60) {
                    set(&mut draft, field, pick(rng, field));
                }
            }
        }
        BackendKind::S3 => {
            set(&mut draft, FieldId::S3Bucket, pick(rng, FieldId::S3Bucket));
            set(&mut draft, FieldId::S3Region, pick(rng, FieldId::S3Region));
            if rng.chance(50) {
                set(&mut draft, FieldId::S3AccessKey, pick(rng, FieldId::S3AccessKey));
                set(&mut draft, FieldId::S3SecretKey, pick(rng, FieldId::S3SecretKey));
            }
            if rng.chance(60) {
                set(&mut draft, FieldId::S3Encrypt, "true".into());
                if rng.chance(70) {
                    set(&mut draft, FieldId::S3KeyId, pick(rng, FieldId::S3KeyId));
                }
            }
            if rng.chance(50) {
                set(
                    &mut draft,
                    FieldId::S3RootDirectory,
                    pick(rng, FieldId::S3RootDirectory),
                );
            }
            if wants_endpoint {
                set(
                    &mut draft,
                    FieldId::S3RegionEndpoint,
                    pick(rng, FieldId::S3RegionEndpoint),
                );
            }
        }
        BackendKind::Azure => {
            for field in [
                FieldId::AzureAccountName,
                FieldId::AzureAccountKey,
                FieldId::AzureContainer,
                FieldId::AzureRealm,
            ] {
                set(&mut draft, field, pick(rng, field));
            }
        }
        BackendKind::Volume => {
            for field in [FieldId::VolumeSize, FieldId::VolumeStorageClass] {
                if rng.chance(70) {
                    set(&mut draft, field, pick(rng, field));
                }
            }
        }
    }
    let validation = validate(&draft);
    assert!(
        validation.config.is_some(),
        "a draft of valid samples does not validate:\n{}\n{:#?}",
        describe(&draft),
        validation.issues
    );
    // Now unusual values, each kept only when the draft still validates.
    for field in FieldId::shown_for(backend) {
        if field == FieldId::S3Encrypt || !rng.chance(50) || draft.value(field).is_empty() {
            continue;
        }
        let before = draft.value(field).to_owned();
        set(&mut draft, field, shaped(rng, field));
        if validate(&draft).config.is_none() {
            set(&mut draft, field, before);
        }
    }
    draft
}

/// The draft for a failure message: backend and every changed field, long
/// values shortened.
fn describe(draft: &Draft) -> String {
    let mut out = format!("backend: {:?}\n", draft.backend);
    for field in FieldId::ALL {
        let value = draft.value(field);
        if value != field.initial() {
            let count = value.chars().count();
            if count > 80 {
                let head: String = value.chars().take(80).collect();
                out.push_str(&format!("  {field:?}: {head:?}… ({count} chars)\n"));
            } else {
                out.push_str(&format!("  {field:?}: {value:?}\n"));
            }
        }
    }
    out
}

/// `draft` with every private field that holds a value set to another value
/// of the same kind (valid stays valid).
fn with_other_secrets(draft: &Draft) -> Draft {
    let mut other = draft.clone();
    for (field, replacement) in [
        (FieldId::S3AccessKey, "AKIAZZZZZZZZZZZZZZZZ"),
        (FieldId::S3SecretKey, ALT_SECRET_KEY),
        (FieldId::AzureAccountKey, ALT_AZURE_KEY),
    ] {
        if !draft.value(field).is_empty() {
            let replacement = if draft.value(field) == replacement {
                // Keep it different from the original.
                match field {
                    FieldId::S3SecretKey => "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    FieldId::AzureAccountKey => {
                        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
                    }
                    _ => "AKIAYYYYYYYYYYYYYYYY",
                }
            } else {
                replacement
            };
            other.apply(Action::SetField(field, replacement.to_owned()));
        }
    }
    other
}

/// Runs `f`, turning a panic into a failure that shows the draft.
fn no_panic<T>(what: &str, draft: &Draft, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => panic!("{what} panicked on\n{}", describe(draft)),
    }
}

// ---------------------------------------------------------------------------
// The checks every draft must pass (properties 1, 2 and 4).

/// Validates and, when a Config exists, renders and zips `draft`, checking the
/// invariants on the way; returns the artifacts when there are any.
fn check_draft(draft: &Draft) -> Option<Vec<Artifact>> {
    let validation = no_panic("validate", draft, || validate(draft));
    check_issues(draft, &validation);
    let config = validation.config.as_ref()?;
    assert_eq!(config.backend.kind(), draft.backend, "{}", describe(draft));
    let artifacts = no_panic("render", draft, || render(config));
    let names: Vec<&str> = artifacts.iter().map(|artifact| artifact.name).collect();
    let expected: &[&str] = if draft.backend == BackendKind::S3 {
        &["config.yaml", "iam-policy.json", "commands.sh"]
    } else {
        &["config.yaml", "commands.sh"]
    };
    assert_eq!(names, expected, "{}", describe(draft));
    let zip = no_panic("zip_all", draft, || zip_all(&artifacts));
    check_zip(draft, &zip, &artifacts);
    check_commands(draft, &artifacts);
    Some(artifacts)
}

/// Property 2: a Config exactly when no error; every issue at a field of the
/// platform or the chosen backend; every message a sentence that never quotes
/// a secret.
fn check_issues(draft: &Draft, validation: &Validation) {
    let has_error = validation.issues.iter().any(|issue| issue.severity == Severity::Error);
    assert_eq!(
        validation.config.is_some(),
        !has_error,
        "Config exists ⇔ no error, broken for\n{}{:#?}",
        describe(draft),
        validation.issues
    );
    assert!(
        validation.issues.windows(2).all(|pair| pair[0].field <= pair[1].field),
        "issues not in form order: {:#?}",
        validation.issues
    );
    for issue in &validation.issues {
        let section = issue.field.section();
        assert!(
            section == Section::Platform || section == Section::Backend(draft.backend),
            "an issue at {:?}, which the {:?} form does not show: {:?}\n{}",
            issue.field,
            draft.backend,
            issue.message,
            describe(draft)
        );
        let message = &issue.message;
        let first = message.chars().next();
        assert!(
            first.is_some_and(|c| !c.is_lowercase() && !c.is_whitespace())
                && message.trim() == message
                && message.ends_with('.')
                && !message.chars().any(char::is_control),
            "{:?}: {message:?} is not a one-line sentence\n{}",
            issue.field,
            describe(draft)
        );
    }
    // A secret's value must not be in a message, unless it is there anyway
    // when the secrets are cleared (another field holds the same text, or it
    // is an example the messages give).
    let mut cleared = draft.clone();
    for field in SECRET_FIELDS {
        cleared.apply(Action::SetField(field, String::new()));
    }
    let cleared_messages: Vec<String> = validate(&cleared)
        .issues
        .into_iter()
        .map(|issue| issue.message)
        .collect();
    for field in SECRET_FIELDS {
        let secret = draft.value(field);
        if secret.chars().count() < 4 || cleared_messages.iter().any(|message| message.contains(secret)) {
            continue;
        }
        for issue in &validation.issues {
            assert!(
                !issue.message.contains(secret),
                "the message at {:?} quotes the {field:?} value: {:?}\n{}",
                issue.field,
                issue.message,
                describe(draft)
            );
        }
    }
}

/// The zip holds each artifact, in order, stored as it is under its name,
/// and ends with its directory.
fn check_zip(draft: &Draft, zip: &[u8], artifacts: &[Artifact]) {
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([zip[at], zip[at + 1]]));
    let u32_at = |at: usize| u32::from_le_bytes([zip[at], zip[at + 1], zip[at + 2], zip[at + 3]]) as usize;
    let mut at = 0;
    for artifact in artifacts {
        assert_eq!(&zip[at..at + 4], b"PK\x03\x04", "{}", describe(draft));
        assert_eq!(u16_at(at + 8), 0, "stored\n{}", describe(draft));
        let size = u32_at(at + 18);
        let name_len = u16_at(at + 26);
        let data = at + 30 + name_len + u16_at(at + 28);
        assert_eq!(
            &zip[at + 30..at + 30 + name_len],
            artifact.name.as_bytes(),
            "{}",
            describe(draft)
        );
        assert_eq!(
            &zip[data..data + size],
            artifact.text.as_bytes(),
            "{} is not stored whole in the zip\n{}",
            artifact.name,
            describe(draft)
        );
        at = data + size;
    }
    let end = zip.len().checked_sub(22).expect("the zip has an end record");
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "{}", describe(draft));
    assert_eq!(u16_at(end + 10), artifacts.len(), "{}", describe(draft));
}

fn artifact<'a>(artifacts: &'a [Artifact], name: &str) -> &'a str {
    &artifacts
        .iter()
        .find(|artifact| artifact.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .text
}

/// The chart version as the config holds it: without a leading `v`.
fn normalized_chart(draft: &Draft) -> String {
    let raw = draft.value(FieldId::ChartVersion);
    raw.strip_prefix('v').unwrap_or(raw).to_owned()
}

/// Property 4: the script's frame, and no secret in it.
fn check_commands(draft: &Draft, artifacts: &[Artifact]) {
    let script = artifact(artifacts, "commands.sh");
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{}", describe(draft));
    assert!(
        script.lines().any(|line| line == "set -euo pipefail"),
        "{}",
        describe(draft)
    );
    let version = format!("--version {}", normalized_chart(draft));
    let upgrade: Vec<&str> = script
        .lines()
        .filter(|line| line.starts_with("helm upgrade "))
        .collect();
    assert_eq!(upgrade.len(), 1, "one helm upgrade line\n{script}\n{}", describe(draft));
    assert!(
        upgrade[0].ends_with(&version) || upgrade[0].contains(&format!("{version} ")),
        "{:?} lacks {version:?}\n{}",
        upgrade[0],
        describe(draft)
    );
    for field in SECRET_FIELDS {
        let secret = draft.value(field);
        let elsewhere = FieldId::ALL
            .into_iter()
            .any(|other| other != field && draft.value(other).contains(secret));
        if secret.chars().count() >= 8 && !elsewhere {
            assert!(
                !script.contains(secret),
                "commands.sh holds the {field:?} value\n{}",
                describe(draft)
            );
        }
    }
    // Whatever the secrets are, the script is the same.
    let other = with_other_secrets(draft);
    let config = validate(&other)
        .config
        .unwrap_or_else(|| panic!("other secrets of the same kind should validate\n{}", describe(&other)));
    assert_eq!(
        artifact(&render(&config), "commands.sh"),
        script,
        "commands.sh depends on the secrets\n{}",
        describe(draft)
    );
}

// ---------------------------------------------------------------------------
// Property 1, 2 and 4 over random drafts.

#[test]
fn random_drafts_validate_render_and_zip_without_panic() {
    let pools = Pools::load();
    let mut rendered = [0usize; 4];
    let mut cases = 0;
    for seed in 1..=4 {
        let mut rng = Rng::new(seed);
        for _ in 0..1000 {
            let draft = random_draft(&mut rng, &pools);
            cases += 1;
            if check_draft(&draft).is_some() {
                let slot = BackendKind::ALL.iter().position(|kind| *kind == draft.backend).unwrap();
                rendered[slot] += 1;
            }
        }
    }
    assert_eq!(cases, 4000);
    // The generator must reach the renderers of every backend.
    for (kind, count) in BackendKind::ALL.iter().zip(rendered) {
        assert!(count >= 20, "only {count} rendered {kind:?} drafts of {cases}");
    }
}

#[test]
fn valid_drafts_of_every_backend_render_with_their_invariants() {
    let pools = Pools::load();
    let mut rng = Rng::new(7);
    for _ in 0..100 {
        for backend in BackendKind::ALL {
            let draft = valid_draft(&mut rng, &pools, backend);
            assert!(check_draft(&draft).is_some(), "{}", describe(&draft));
        }
    }
}

// ---------------------------------------------------------------------------
// Property 3: config.yaml read back by PyYAML, iam-policy.json by serde_json.

/// The ARN partition of a region, by the region patterns AWS publishes for
/// each partition (botocore's `partitions.json`); `None` for a code that
/// matches no partition's pattern.
fn partition_of(region: &str) -> Option<&'static str> {
    let parts: Vec<&str> = region.split('-').collect();
    let word = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        ["cn", name, n] if word(name) && number(n) => Some("aws-cn"),
        ["us" | "eu" | "ap" | "sa" | "ca" | "me" | "af" | "il" | "mx", name, n] if word(name) && number(n) => {
            Some("aws")
        }
        ["us", "gov", name, n] if word(name) && number(n) => Some("aws-us-gov"),
        ["us", "iso", name, n] if word(name) && number(n) => Some("aws-iso"),
        ["us", "isob", name, n] if word(name) && number(n) => Some("aws-iso-b"),
        ["eu", "isoe", name, n] if word(name) && number(n) => Some("aws-iso-e"),
        ["us", "isof", name, n] if word(name) && number(n) => Some("aws-iso-f"),
        ["eusc", "de", name, n] if word(name) && number(n) => Some("aws-eusc"),
        _ => None,
    }
}

/// The node at a dotted Helm values path, if there is one.
fn walk<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(tree, |node, key| node.get(key))
}

/// Fails on a null (or a value JSON cannot hold, such as a date) anywhere.
fn no_null(draft: &Draft, node: &Value, at: &str) {
    match node {
        Value::Null => panic!("null at {at}\n{}", describe(draft)),
        Value::Object(map) if map.contains_key("__type__") => {
            panic!("a {} at {at}\n{}", map["__type__"], describe(draft))
        }
        Value::Object(map) => {
            for (key, child) in map {
                no_null(draft, child, &format!("{at}.{key}"));
            }
        }
        Value::Array(items) => {
            for (position, child) in items.iter().enumerate() {
                no_null(draft, child, &format!("{at}[{position}]"));
            }
        }
        Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

fn check_config_tree(draft: &Draft, tree: &Value, reader: &str) {
    no_null(draft, tree, "");
    let registry = walk(tree, "astronomer.registry").unwrap_or_else(|| panic!("{reader}: no astronomer.registry"));
    let enabled = |store: &str| walk(registry, &format!("{store}.enabled")).and_then(Value::as_bool);
    let stores = ["gcs", "s3", "azure"];
    let on: Vec<&str> = stores
        .into_iter()
        .filter(|store| enabled(store) == Some(true))
        .collect();
    for store in stores {
        assert!(
            enabled(store).is_some(),
            "{reader}: {store}.enabled is not a boolean\n{}",
            describe(draft)
        );
    }
    match draft.backend {
        BackendKind::Volume => {
            assert!(
                on.is_empty(),
                "{reader}: {on:?} enabled for a volume\n{}",
                describe(draft)
            );
            assert_eq!(enabled("persistence"), Some(true), "{reader}\n{}", describe(draft));
        }
        kind => {
            assert_eq!(on, [kind.id()], "{reader}: exactly one enabled\n{}", describe(draft));
            assert!(registry.get("persistence").is_none(), "{reader}\n{}", describe(draft));
        }
    }
    for field in FieldId::ALL {
        let Some(relative) = field.name().strip_prefix("astronomer.registry.") else {
            continue;
        };
        let node = walk(registry, relative);
        let raw = draft.value(field);
        let shown = field.section() == Section::Backend(draft.backend);
        if field == FieldId::S3Encrypt {
            let expected = (shown && draft.flag(field)).then_some(&Value::Bool(true));
            assert_eq!(node, expected, "{reader}: encrypt\n{}", describe(draft));
        } else if shown && !raw.is_empty() {
            assert_eq!(
                node,
                Some(&Value::String(raw.to_owned())),
                "{reader}: {} does not read back as typed\n{}",
                field.name(),
                describe(draft)
            );
        } else {
            assert_eq!(
                node,
                None,
                "{reader}: {} is written although {}\n{}",
                field.name(),
                if shown { "empty" } else { "another backend's" },
                describe(draft)
            );
        }
    }
}

fn check_iam(draft: &Draft, policy: &str) {
    let policy: Value = serde_json::from_str(policy)
        .unwrap_or_else(|error| panic!("iam-policy.json is not JSON ({error})\n{policy}\n{}", describe(draft)));
    let region = draft.value(FieldId::S3Region);
    let bucket = draft.value(FieldId::S3Bucket);
    // The validator only accepts region codes of a known partition, except
    // that an S3-compatible store (a region endpoint) names its own region,
    // and its policy uses the aws partition.
    let custom_store = !draft.value(FieldId::S3RegionEndpoint).is_empty();
    let partition = match partition_of(region) {
        Some(partition) => partition,
        None if custom_store => "aws",
        None => panic!(
            "region {region:?} was accepted but belongs to no AWS partition\n{}",
            describe(draft)
        ),
    };
    let statements = policy["Statement"].as_array().expect("a Statement array");
    let resources: Vec<&str> = statements
        .iter()
        .filter_map(|statement| statement["Resource"].as_str())
        .collect();
    for expected in [
        format!("arn:{partition}:s3:::{bucket}"),
        format!("arn:{partition}:s3:::{bucket}/*"),
    ] {
        assert!(
            resources.contains(&expected.as_str()),
            "{expected} not among {resources:?}\n{}",
            describe(draft)
        );
    }
    let key = draft.value(FieldId::S3KeyId);
    let kms: Vec<&str> = resources.iter().copied().filter(|r| r.contains(":kms:")).collect();
    if key.is_empty() {
        assert!(kms.is_empty(), "a KMS statement without a key\n{}", describe(draft));
    } else {
        assert_eq!(kms.len(), 1, "one KMS statement\n{}", describe(draft));
        let key_partition = key
            .strip_prefix("arn:")
            .and_then(|rest| rest.split(':').next())
            .unwrap_or(partition);
        assert!(
            kms[0].starts_with(&format!("arn:{key_partition}:kms:")),
            "{} is not in partition {key_partition}\n{}",
            kms[0],
            describe(draft)
        );
    }
}

#[test]
fn rendered_files_read_back_as_typed() {
    let pools = Pools::load();
    let mut drafts = Vec::new();
    let mut rng = Rng::new(11);
    for _ in 0..75 {
        for backend in BackendKind::ALL {
            drafts.push(valid_draft(&mut rng, &pools, backend));
        }
    }
    // Plus the random drafts that happen to validate.
    let mut rng = Rng::new(12);
    let mut from_random = 0;
    while from_random < 150 {
        let draft = random_draft(&mut rng, &pools);
        if validate(&draft).config.is_some() {
            drafts.push(draft);
            from_random += 1;
        }
    }
    let mut docs = Vec::new();
    for draft in &drafts {
        let artifacts = check_draft(draft).unwrap_or_else(|| panic!("does not validate\n{}", describe(draft)));
        if draft.backend == BackendKind::S3 {
            check_iam(draft, artifact(&artifacts, "iam-policy.json"));
        }
        let yaml = artifact(&artifacts, "config.yaml").to_owned();
        // The YAML 1.2 reader in process, as a second opinion.
        let tree = tools::yaml12_load(&yaml)
            .unwrap_or_else(|error| panic!("serde_yaml cannot load ({error}):\n{yaml}\n{}", describe(draft)));
        check_config_tree(draft, &tree, "serde_yaml (YAML 1.2)");
        docs.push(yaml);
    }
    assert_eq!(docs.len(), 450);
    let results = tools::yaml11_load_all(&docs);
    for ((draft, yaml), result) in drafts.iter().zip(&docs).zip(&results) {
        let tree = result
            .get("ok")
            .unwrap_or_else(|| panic!("PyYAML cannot load ({}):\n{yaml}\n{}", result["error"], describe(draft)));
        check_config_tree(draft, tree, "PyYAML (YAML 1.1)");
    }
}

// ---------------------------------------------------------------------------
// Property 5: share links.

#[test]
fn share_links_round_trip_shareable_fields_and_never_carry_secrets() {
    let pools = Pools::load();
    let mut rng = Rng::new(21);
    for case in 0..2000 {
        let draft = if case % 4 == 0 {
            let backend = *rng.pick(&BackendKind::ALL);
            valid_draft(&mut rng, &pools, backend)
        } else {
            random_draft(&mut rng, &pools)
        };
        let text = no_panic("encode", &draft, || encode(&draft));
        let loaded = no_panic("decode", &draft, || decode(&text))
            .unwrap_or_else(|error| panic!("{error:?} for its own link {text:?}\n{}", describe(&draft)));
        assert!(loaded.ignored.is_empty(), "{:?}\n{}", loaded.ignored, describe(&draft));
        let restored = loaded.into_draft();
        assert_eq!(restored.backend, draft.backend, "{}", describe(&draft));
        // The fields a valid draft was checked on come back whole; any other field
        // is kept or dropped to the fresh form's value, never anything else.
        let whole = validate(&draft).config.is_some();
        for field in FieldId::ALL {
            let restored_value = restored.value(field);
            if !is_shareable(field) {
                assert_eq!(
                    restored_value,
                    field.initial(),
                    "{field:?} is private\n{}",
                    describe(&draft)
                );
            } else if whole
                && (matches!(field.section(), registry_configurator::field::Section::Platform)
                    || field.section() == registry_configurator::field::Section::Backend(draft.backend))
            {
                assert_eq!(
                    restored_value,
                    draft.value(field),
                    "{field:?} after the round trip\n{}",
                    describe(&draft)
                );
            } else {
                assert!(
                    restored_value == draft.value(field) || restored_value == field.initial(),
                    "{field:?} came back as {restored_value:?}\n{}",
                    describe(&draft)
                );
            }
        }
        // The link does not depend on the private fields at all...
        assert_eq!(
            encode(&with_other_secrets(&draft)),
            text,
            "the link depends on a private field\n{}",
            describe(&draft)
        );
        // ... and does not hold their text.
        for field in PRIVATE_FIELDS {
            let value = draft.value(field);
            let in_shared = FieldId::ALL
                .into_iter()
                .any(|other| is_shareable(other) && draft.value(other).contains(value));
            if value.chars().count() >= 8 && !in_shared {
                assert!(
                    !text.contains(value),
                    "the link holds the {field:?} value\n{}",
                    describe(&draft)
                );
                let encoded = share::percent_encode(value);
                assert!(
                    !text.contains(&encoded),
                    "the link holds the {field:?} value\n{}",
                    describe(&draft)
                );
            }
        }
    }
}

#[test]
fn decoding_garbage_never_panics() {
    let pools = Pools::load();
    let mut rng = Rng::new(31);
    let tokens: Vec<String> = [
        "v=1",
        "v=2",
        "v=",
        "v",
        "&",
        "&&",
        "=",
        "==",
        "#",
        "+",
        "%",
        "%2",
        "%G1",
        "%FF",
        "%C3",
        "%C3%A9",
        "%F0%9F%A6",
        "%00",
        "%25",
        "backend=s3",
        "backend=ftp",
        "backend=",
        "é",
        "🦀",
        "\u{0}",
        " ",
        "\n",
        "astronomer.registry.s3.bucket=",
        "astronomer.registry.s3.secretkey=x",
        "astronomer.registry.s3.accesskey=",
        "release=",
        "chartVersion=0.37.4",
        "astronomer.registry.s3.encrypt=true",
        "astronomer.registry.s3.encrypt=yes",
    ]
    .iter()
    .map(|token| (*token).to_owned())
    .collect();
    let tricky = chars(TRICKY);
    let mut cases = 0;
    for _ in 0..3000 {
        let text = match rng.below(3) {
            // A run of tokens and tricky characters.
            0 => {
                let mut text = String::new();
                for _ in 0..rng.between(0, 12) {
                    if rng.chance(60) {
                        text.push_str(rng.pick(&tokens).as_str());
                    } else {
                        let len = rng.between(1, 4);
                        text.push_str(&rng.string(&tricky, len));
                    }
                }
                text
            }
            // A real link, cut and spliced.
            1 => {
                let draft = random_draft(&mut rng, &pools);
                let mut text = encode(&draft).into_bytes();
                for _ in 0..rng.between(1, 4) {
                    match rng.below(3) {
                        0 => text.truncate(rng.below(text.len() + 1)),
                        1 if !text.is_empty() => {
                            let at = rng.below(text.len());
                            text.remove(at);
                        }
                        _ => {
                            let at = rng.below(text.len() + 1);
                            let token = rng.pick(&tokens).clone();
                            text.splice(at..at, token.into_bytes());
                        }
                    }
                }
                // Links are ASCII, so cutting bytes only breaks inserted tokens.
                String::from_utf8_lossy(&text).into_owned()
            }
            // Random bytes read as text.
            _ => {
                let len = rng.between(0, 40);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        cases += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| decode(&text)));
        let Ok(outcome) = outcome else {
            panic!("decode panicked on {text:?}");
        };
        match outcome {
            Ok(loaded) => {
                for action in &loaded.actions {
                    if let Action::SetField(field, _) = action {
                        assert!(is_shareable(*field), "{text:?} loaded {field:?}");
                    }
                }
                if let Some(notice) = loaded.notice() {
                    assert!(notice.ends_with('.'), "{notice:?}");
                }
                let draft = loaded.into_draft();
                check_draft(&draft);
            }
            Err(error) => assert!(!error.message().is_empty()),
        }
    }
    assert_eq!(cases, 3000);
}
