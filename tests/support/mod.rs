//! Random drafts for the property tests: a seeded xorshift generator, value
//! pools (valid samples per field and values shaped like them, the Helm scalar
//! vectors, tricky characters, very long strings) and the drafts built from them
//! through `Action`s, as the page builds them.

use std::panic::{AssertUnwindSafe, catch_unwind};

use registry_configurator::model::{
    AwsRegion, BackendKind, ChartVersion, Feature, aws_regional_endpoint, is_aws_endpoint,
};
use registry_configurator::settings::{
    AzureMode, Choice, FieldId, FieldKind, GcsMode, MigrateFrom, PlaneMode, S3Mode, Section,
};
use registry_configurator::state::{Action, Draft};
use registry_configurator::validate::validate;
use serde_json::Value;

use crate::tools;

// ---------------------------------------------------------------------------
// The generator.

/// xorshift64*: small, fast and good enough to pick test cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero, or xorshift stays at zero.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with the given chance in percent.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `len` characters drawn from `alphabet`.
    pub fn string(&mut self, alphabet: &[char], len: usize) -> String {
        (0..len).map(|_| *self.pick(alphabet)).collect()
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

pub fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

// ---------------------------------------------------------------------------
// Values.

pub const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
pub const ALT_SECRET_KEY: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
pub const ALT_AZURE_KEY: &str =
    "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXhmb29iYXJiYXpxdXhxdXV4Zm9vYmFyYmF6cXV4cXV1eA==";

/// Tricky characters: YAML and shell syntax, white space, escapes, direction
/// marks, zero-width space, emoji, NUL and other controls.
pub const TRICKY: &str =
    "\"'`:#  \t\n\r\\%&=*!|>?{}[],@~-./+aZ09é\u{200F}\u{202E}\u{200B}\u{FEFF}\u{2028}\u{85}\u{0}\u{7}🦀😀ש";

/// A published chart version (sometimes with a leading `v`), from the release
/// table; `at_least_0_30` keeps to releases that know `s3.regionendpoint`.
pub fn chart_version(rng: &mut Rng, at_least_0_30: bool) -> String {
    let versions: Vec<ChartVersion> = ChartVersion::all()
        .filter(|version| !at_least_0_30 || version.supports(Feature::S3RegionEndpoint))
        .collect();
    let version = rng.pick(&versions);
    let prefix = if rng.chance(10) { "v" } else { "" };
    format!("{prefix}{version}")
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
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
pub fn valid_samples(field: FieldId) -> Vec<String> {
    // The radio groups' wire names, from their declarations.
    let wire_migrate: Vec<&str> = MigrateFrom::ALL.iter().map(|mode| mode.as_str()).collect();
    let wire_gcs: Vec<&str> = GcsMode::ALL.iter().map(|mode| mode.as_str()).collect();
    let wire_s3: Vec<&str> = S3Mode::ALL.iter().map(|mode| mode.as_str()).collect();
    let wire_azure: Vec<&str> = AzureMode::ALL.iter().map(|mode| mode.as_str()).collect();
    let wire_plane: Vec<&str> = PlaneMode::ALL.iter().map(|mode| mode.as_str()).collect();
    let list: &[&str] = match field {
        FieldId::MigrateFrom => &wire_migrate,
        FieldId::MigrateSource => &["old-registry", "registry-2024", "abc"],
        FieldId::GcsCredentials => &wire_gcs,
        FieldId::S3Credentials => &wire_s3,
        FieldId::AzureCredentials => &wire_azure,
        FieldId::GcsServiceAccount => &[
            "registry@my-project.iam.gserviceaccount.com",
            "astro-registry-01@prod-123456.iam.gserviceaccount.com",
        ],
        FieldId::S3SecretName | FieldId::AzureSecretName => &["astronomer-registry-s3", "keys", "a.b-c", "1x"],
        FieldId::S3RoleArn => &[
            "arn:aws:iam::123456789012:role/astronomer-registry",
            "arn:aws:iam::123456789012:role/platform/registry+1=a,b.c@d_e-f",
        ],
        FieldId::S3OidcProvider => &[
            "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF",
        ],
        FieldId::S3EksCluster => &["prod", "platform-cluster_1", "0cluster"],
        FieldId::Release => &["astronomer", "platform", "a", "astro-1", "1"],
        FieldId::Namespace => &["astronomer", "platform", "1ns", "yes", "null"],
        FieldId::ChartVersion => &["0.37.4", "0.25.2", "2.1.0", "v0.25.3", "1.2.0", "0.30.0", "0.29.5"],
        // Older than every chart version above: an upgrade from it is valid.
        FieldId::UpgradeFrom => &["0.25.1", "v0.25.1", "astronomer-0.25.1"],
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
        FieldId::GcsChunkSize => &["5242880", "262144", "16777216", "268435456"],
        FieldId::S3Bucket => &["my-s3-bucket", "abc", "a.b.c", "123abc", "1e5bucket", "0x1f-bucket"],
        FieldId::S3Region => &[
            "us-east-1",
            "us-west-2",
            "eu-central-1",
            "ap-southeast-1",
            "sa-east-1",
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
        FieldId::S3AccessKey => &["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "AKIA0000000000000000"],
        FieldId::S3SecretKey => &[
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ALT_SECRET_KEY,
            "+JalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE/",
            "////////////////////////////////////////",
        ],
        FieldId::S3Encrypt | FieldId::RedirectDisable => &["true"],
        FieldId::PlaneMode => &wire_plane,
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
pub fn shaped(rng: &mut Rng, field: FieldId) -> String {
    let upper_digits = chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    let hex = chars("0123456789abcdef");
    match field {
        FieldId::MigrateFrom | FieldId::MigrateSource => rng.pick(&valid_samples(field)).clone(),
        FieldId::GcsCredentials
        | FieldId::S3Credentials
        | FieldId::AzureCredentials
        | FieldId::GcsServiceAccount
        | FieldId::S3RoleArn
        | FieldId::S3OidcProvider => rng.pick(&valid_samples(field)).clone(),
        FieldId::Release | FieldId::Namespace | FieldId::S3SecretName | FieldId::AzureSecretName => {
            let len = rng.between(1, 12);
            rng.string(&chars("abeoxy0123456789-"), len)
        }
        FieldId::S3EksCluster => {
            let len = rng.between(1, 12);
            rng.string(&chars("aZ09-_e"), len)
        }
        FieldId::ChartVersion | FieldId::UpgradeFrom => chart_version(rng, false),
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
            format!("AKIA{}", rng.string(&upper_digits, 16))
        }
        FieldId::S3SecretKey => rng.string(
            &chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            40,
        ),
        FieldId::S3Encrypt | FieldId::RedirectDisable => (if rng.chance(50) { "true" } else { "" }).to_owned(),
        FieldId::PlaneMode => rng.pick(&["unified", "data", "control"]).to_string(),
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
pub struct Pools {
    pub valid: Vec<Vec<String>>,
    pub helm: Vec<String>,
}

impl Pools {
    pub fn load() -> Pools {
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

    pub fn valid(&self, rng: &mut Rng, field: FieldId) -> String {
        if rng.chance(60) {
            rng.pick(&self.valid[field.index()]).clone()
        } else {
            shaped(rng, field)
        }
    }

    /// Any value: valid, a helm vector, tricky characters, very long, or empty.
    pub fn any(&self, rng: &mut Rng, field: FieldId, noise: usize) -> String {
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
pub fn random_draft(rng: &mut Rng, pools: &Pools) -> Draft {
    let noise = *rng.pick(&[0usize, 5, 20, 60, 100]);
    let mut actions = Vec::new();
    for field in FieldId::ALL {
        // Settings that bring rules of their own (an endpoint's partition and a
        // store's keys, a key's region, a mode's inputs, a bucket to copy
        // from) are set less often, so that drafts still render often.
        let rules_of_their_own = matches!(
            field,
            FieldId::S3RegionEndpoint | FieldId::S3KeyId | FieldId::MigrateSource | FieldId::RedirectDisable
        ) || matches!(field.kind(), FieldKind::Choice(_));
        let chance = if rules_of_their_own { 25 } else { 75 };
        if rng.chance(chance) {
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
pub fn valid_draft(rng: &mut Rng, pools: &Pools, backend: BackendKind) -> Draft {
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
            let chart = ChartVersion::parse(draft.value(FieldId::ChartVersion)).expect("a published release");
            match pick_mode(rng, chart, GcsMode::CHOICES, &[]) {
                "workload-identity" => {
                    set(&mut draft, FieldId::GcsCredentials, "workload-identity".into());
                    set(
                        &mut draft,
                        FieldId::GcsServiceAccount,
                        pick(rng, FieldId::GcsServiceAccount),
                    );
                }
                mode => {
                    set(&mut draft, FieldId::GcsCredentials, mode.into());
                    set(&mut draft, FieldId::GcsKeyFile, pick(rng, FieldId::GcsKeyFile));
                }
            }
            for field in [FieldId::GcsRootDirectory, FieldId::GcsChunkSize] {
                if rng.chance(60) {
                    set(&mut draft, field, pick(rng, field));
                }
            }
        }
        BackendKind::S3 => {
            set(&mut draft, FieldId::S3Bucket, pick(rng, FieldId::S3Bucket));
            let region = pick(rng, FieldId::S3Region);
            set(&mut draft, FieldId::S3Region, region.clone());
            let endpoint = wants_endpoint.then(|| pick(rng, FieldId::S3RegionEndpoint));
            let store = endpoint.as_deref().is_some_and(|url| !is_aws_endpoint(url));
            // A store has only its keys; AWS any mode the release supports.
            let chart = ChartVersion::parse(draft.value(FieldId::ChartVersion)).expect("a published release");
            let store_modes: &[&str] = if store { &["keys", "keys-secret"] } else { &[] };
            let mode = pick_mode(rng, chart, S3Mode::CHOICES, store_modes);
            set(&mut draft, FieldId::S3Credentials, mode.into());
            let keys_wanted = match mode {
                "keys" => true,
                "keys-secret" => rng.chance(50),
                _ => false,
            };
            if keys_wanted {
                set(&mut draft, FieldId::S3AccessKey, pick(rng, FieldId::S3AccessKey));
                set(&mut draft, FieldId::S3SecretKey, pick(rng, FieldId::S3SecretKey));
            }
            match mode {
                "keys-secret" if rng.chance(50) => {
                    set(&mut draft, FieldId::S3SecretName, pick(rng, FieldId::S3SecretName));
                }
                "irsa" | "pod-identity" => {
                    set(&mut draft, FieldId::S3RoleArn, pick(rng, FieldId::S3RoleArn));
                    let (field, other) = if mode == "irsa" {
                        (FieldId::S3OidcProvider, FieldId::S3EksCluster)
                    } else {
                        (FieldId::S3EksCluster, FieldId::S3OidcProvider)
                    };
                    set(&mut draft, field, pick(rng, field));
                    if rng.chance(30) {
                        // The other mode's input holds junk: it must not matter.
                        set(&mut draft, other, "not used".into());
                    }
                }
                _ => {}
            }
            if rng.chance(60) {
                set(&mut draft, FieldId::S3Encrypt, "true".into());
                if rng.chance(70) {
                    // S3 uses only a key of the bucket's region: an ARN's region
                    // must be the bucket's.
                    let key = pick(rng, FieldId::S3KeyId);
                    let key_region = key.strip_prefix("arn:").and_then(|rest| rest.split(':').nth(2));
                    if key_region.is_none_or(|key_region| key_region == region) {
                        set(&mut draft, FieldId::S3KeyId, key);
                    }
                }
            }
            if rng.chance(50) {
                set(
                    &mut draft,
                    FieldId::S3RootDirectory,
                    pick(rng, FieldId::S3RootDirectory),
                );
            }
            // The registry's rules: an AWS endpoint of the region's own
            // partition, and without an endpoint a region the release's
            // registry knows (else its regional endpoint, where the release
            // knows endpoints, or a region every registry knows).
            let chart = ChartVersion::parse(draft.value(FieldId::ChartVersion)).expect("a published release");
            let partition = AwsRegion::parse(&region).map(|region| region.partition());
            let endpoint = match (endpoint, partition) {
                (Some(url), Ok(partition)) if is_aws_endpoint(&url) => Some(aws_regional_endpoint(&region, partition)),
                (None, Ok(partition)) if !chart.registry().regions().contains(&region.as_str()) => {
                    if chart.supports(Feature::S3RegionEndpoint) {
                        Some(aws_regional_endpoint(&region, partition))
                    } else {
                        set(&mut draft, FieldId::S3Region, "us-east-1".into());
                        None
                    }
                }
                (endpoint, _) => endpoint,
            };
            if let Some(endpoint) = endpoint {
                set(&mut draft, FieldId::S3RegionEndpoint, endpoint);
            }
        }
        BackendKind::Azure => {
            let chart = ChartVersion::parse(draft.value(FieldId::ChartVersion)).expect("a published release");
            let mode = pick_mode(rng, chart, AzureMode::CHOICES, &[]);
            set(&mut draft, FieldId::AzureCredentials, mode.into());
            for field in [FieldId::AzureAccountName, FieldId::AzureContainer, FieldId::AzureRealm] {
                set(&mut draft, field, pick(rng, field));
            }
            if mode == "key" || rng.chance(50) {
                set(
                    &mut draft,
                    FieldId::AzureAccountKey,
                    pick(rng, FieldId::AzureAccountKey),
                );
            }
            if mode == "key-secret" && rng.chance(50) {
                set(
                    &mut draft,
                    FieldId::AzureSecretName,
                    pick(rng, FieldId::AzureSecretName),
                );
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

/// A credential mode the release supports, from `choices` (only those in
/// `only`, unless it is empty).
fn pick_mode(rng: &mut Rng, chart: ChartVersion, choices: &[Choice], only: &[&str]) -> &'static str {
    let usable: Vec<&'static str> = choices
        .iter()
        .filter(|choice| chart.supports_all(choice.needs) && (only.is_empty() || only.contains(&choice.value)))
        .map(|choice| choice.value)
        .collect();
    usable[rng.below(usable.len())]
}

/// The draft for a failure message: backend and every changed field, long
/// values shortened.
pub fn describe(draft: &Draft) -> String {
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
pub fn with_other_secrets(draft: &Draft) -> Draft {
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
pub fn no_panic<T>(what: &str, draft: &Draft, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => value,
        Err(_) => panic!("{what} panicked on\n{}", describe(draft)),
    }
}
