//! The configurations that have golden files: one per backend and option, each
//! with the `astronomer.registry` mapping its config.yaml must load as.

use registry_configurator::model::BackendKind;
use registry_configurator::settings::FieldId::{self, *};
use serde_json::{Value, json};

/// The AWS documentation's example access key pair.
pub const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The Azure storage emulator's published account key (88 characters of base64).
pub const AZURE_KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
pub const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
pub const KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/astronomer-registry";
pub const OIDC_ISSUER: &str = "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
pub const GCP_ACCOUNT: &str = "registry@my-project.iam.gserviceaccount.com";

/// One golden configuration.
pub struct Case {
    /// The folder under tests/golden/ that holds its files.
    pub name: &'static str,
    pub backend: BackendKind,
    pub fields: Vec<(FieldId, &'static str)>,
    /// What `astronomer.registry` must load as.
    pub registry: Value,
}

impl Case {
    pub fn config(&self) -> registry_configurator::settings::Config {
        super::config(self.backend, &self.fields)
    }
}

/// Adds a key to a JSON object, for expectations built from a shared shape.
trait With {
    fn with(self, key: &str, value: Value) -> Value;
}

impl With for Value {
    fn with(mut self, key: &str, value: Value) -> Value {
        if let Value::Object(map) = &mut self {
            map.insert(key.to_owned(), value);
        }
        self
    }
}

fn disabled() -> Value {
    json!({ "enabled": false })
}

fn s3(fields: &[(FieldId, &'static str)]) -> Vec<(FieldId, &'static str)> {
    let mut all = vec![(S3Bucket, "my-s3-bucket"), (S3Region, "us-east-1")];
    all.extend_from_slice(fields);
    all
}

/// The registry mapping for S3 with `s3` as the S3 block.
fn s3_registry(s3: Value) -> Value {
    json!({ "s3": s3, "gcs": disabled(), "azure": disabled() })
}

pub fn all() -> Vec<Case> {
    vec![
        Case {
            name: "gcs-minimal",
            backend: BackendKind::Gcs,
            fields: vec![(GcsBucket, "my-gcs-bucket"), (GcsKeyFile, "/path/to/key.json")],
            registry: json!({
                "gcs": { "enabled": true, "bucket": "my-gcs-bucket" },
                "azure": disabled(),
                "s3": disabled(),
            }),
        },
        Case {
            name: "gcs-rootdirectory-chunksize",
            backend: BackendKind::Gcs,
            fields: vec![
                (GcsBucket, "registry-images"),
                (GcsKeyFile, "~/Downloads/my project's key.json"),
                (GcsRootDirectory, "/registry"),
                (GcsChunkSize, "10485760"),
            ],
            registry: json!({
                "gcs": {
                    "enabled": true,
                    "bucket": "registry-images",
                    "rootdirectory": "/registry",
                    "chunksize": "10485760",
                },
                "azure": disabled(),
                "s3": disabled(),
            }),
        },
        Case {
            name: "s3-static-keys",
            backend: BackendKind::S3,
            fields: s3(&[(S3AccessKey, ACCESS_KEY), (S3SecretKey, SECRET_KEY)]),
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": ACCESS_KEY,
                "secretkey": SECRET_KEY,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
            })),
        },
        Case {
            name: "s3-default-chain",
            backend: BackendKind::S3,
            fields: s3(&[(S3Credentials, "node-role")]),
            registry: s3_registry(json!({ "enabled": true, "region": "us-east-1", "bucket": "my-s3-bucket" })),
        },
        Case {
            name: "s3-encrypt-s3-managed",
            backend: BackendKind::S3,
            fields: s3(&[
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
                (S3Encrypt, "true"),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": ACCESS_KEY,
                "secretkey": SECRET_KEY,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "encrypt": true,
            })),
        },
        Case {
            name: "s3-kms-key-arn",
            backend: BackendKind::S3,
            fields: s3(&[
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
                (S3Encrypt, "true"),
                (S3KeyId, KEY_ARN),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": ACCESS_KEY,
                "secretkey": SECRET_KEY,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "encrypt": true,
                "keyid": KEY_ARN,
            })),
        },
        Case {
            name: "s3-kms-alias",
            backend: BackendKind::S3,
            fields: s3(&[
                (S3Credentials, "node-role"),
                (S3Encrypt, "true"),
                (S3KeyId, "alias/astronomer-registry"),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "encrypt": true,
                "keyid": "alias/astronomer-registry",
            })),
        },
        Case {
            name: "s3-kms-alias-arn",
            backend: BackendKind::S3,
            fields: s3(&[
                (S3Credentials, "node-role"),
                (S3Encrypt, "true"),
                (S3KeyId, "arn:aws:kms:us-east-1:123456789012:alias/astronomer-registry"),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "encrypt": true,
                "keyid": "arn:aws:kms:us-east-1:123456789012:alias/astronomer-registry",
            })),
        },
        Case {
            name: "s3-cn-north-1",
            backend: BackendKind::S3,
            fields: vec![
                (S3Bucket, "registry-cn"),
                (S3Region, "cn-north-1"),
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
            ],
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": ACCESS_KEY,
                "secretkey": SECRET_KEY,
                "region": "cn-north-1",
                "bucket": "registry-cn",
            })),
        },
        Case {
            name: "s3-us-gov-west-1-kms-key-id",
            backend: BackendKind::S3,
            fields: vec![
                (S3Bucket, "registry-gov"),
                (S3Region, "us-gov-west-1"),
                (S3Credentials, "node-role"),
                (S3Encrypt, "true"),
                (S3KeyId, KEY_ID),
            ],
            registry: s3_registry(json!({
                "enabled": true,
                "region": "us-gov-west-1",
                "bucket": "registry-gov",
                "encrypt": true,
                "keyid": KEY_ID,
            })),
        },
        Case {
            name: "s3-regionendpoint-rootdirectory",
            backend: BackendKind::S3,
            fields: s3(&[
                (ChartVersion, "0.36.1"),
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
                (S3RootDirectory, "/registry"),
                (S3RegionEndpoint, "https://minio.example.com:9000"),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": ACCESS_KEY,
                "secretkey": SECRET_KEY,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "rootdirectory": "/registry",
                "regionendpoint": "https://minio.example.com:9000",
            })),
        },
        Case {
            name: "s3-compatible-2.1.0",
            backend: BackendKind::S3,
            fields: vec![
                (ChartVersion, "2.1.0"),
                (S3Bucket, "registry"),
                (S3Region, "default"),
                (S3AccessKey, "registry-user"),
                (S3SecretKey, "registry-user-secret"),
                (S3RegionEndpoint, "https://minio.example.com:9000"),
            ],
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": "registry-user",
                "secretkey": "registry-user-secret",
                "region": "default",
                "bucket": "registry",
                "regionendpoint": "https://minio.example.com:9000",
            }))
            .with(
                "extraEnv",
                json!([{ "name": "REGISTRY_STORAGE_S3_FORCEPATHSTYLE", "value": "true" }]),
            ),
        },
        Case {
            name: "s3-in-cluster-store-0.37.7",
            backend: BackendKind::S3,
            fields: vec![
                (ChartVersion, "0.37.7"),
                (S3Bucket, "registry"),
                (S3Region, "us-east-1"),
                (S3AccessKey, "minioadmin"),
                (S3SecretKey, "minioadmin"),
                (S3RegionEndpoint, "http://minio.minio.svc.cluster.local:9000"),
            ],
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": "minioadmin",
                "secretkey": "minioadmin",
                "region": "us-east-1",
                "bucket": "registry",
                "regionendpoint": "http://minio.minio.svc.cluster.local:9000",
            }))
            .with("redirect", json!({ "disable": true }))
            .with(
                "extraEnv",
                json!([{ "name": "REGISTRY_STORAGE_S3_FORCEPATHSTYLE", "value": "true" }]),
            ),
        },
        Case {
            name: "s3-region-newer-than-the-registry",
            backend: BackendKind::S3,
            fields: vec![
                (ChartVersion, "0.37.4"),
                (S3Bucket, "my-s3-bucket"),
                (S3Region, "ap-southeast-5"),
                (S3Credentials, "node-role"),
                (S3RegionEndpoint, "https://s3.ap-southeast-5.amazonaws.com"),
            ],
            registry: s3_registry(json!({
                "enabled": true,
                "region": "ap-southeast-5",
                "bucket": "my-s3-bucket",
                "regionendpoint": "https://s3.ap-southeast-5.amazonaws.com",
            })),
        },
        Case {
            name: "s3-keys-secret-0.32.1",
            backend: BackendKind::S3,
            fields: s3(&[
                (ChartVersion, "0.32.1"),
                (S3Credentials, "keys-secret"),
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
            ]),
            registry: s3_registry(json!({ "enabled": true, "region": "us-east-1", "bucket": "my-s3-bucket" })).with(
                "extraEnv",
                json!([
                    { "name": "REGISTRY_STORAGE_S3_ACCESSKEY", "valueFrom": { "secretKeyRef": { "name": "astronomer-registry-s3", "key": "accesskey" } } },
                    { "name": "REGISTRY_STORAGE_S3_SECRETKEY", "valueFrom": { "secretKeyRef": { "name": "astronomer-registry-s3", "key": "secretkey" } } },
                ]),
            ),
        },
        Case {
            name: "s3-irsa-0.36.1",
            backend: BackendKind::S3,
            fields: s3(&[
                (ChartVersion, "0.36.1"),
                (S3Credentials, "irsa"),
                (S3RoleArn, ROLE_ARN),
                (S3OidcProvider, OIDC_ISSUER),
            ]),
            registry: s3_registry(json!({ "enabled": true, "region": "us-east-1", "bucket": "my-s3-bucket" })).with(
                "serviceAccount",
                json!({ "create": true, "annotations": { "eks.amazonaws.com/role-arn": ROLE_ARN } }),
            ),
        },
        Case {
            name: "s3-irsa-kms-0.37.7",
            backend: BackendKind::S3,
            fields: s3(&[
                (ChartVersion, "0.37.7"),
                (S3Credentials, "irsa"),
                (S3RoleArn, ROLE_ARN),
                (S3OidcProvider, OIDC_ISSUER),
                (S3Encrypt, "true"),
                (S3KeyId, KEY_ARN),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "encrypt": true,
                "keyid": KEY_ARN,
            }))
            .with(
                "serviceAccount",
                json!({ "create": true, "annotations": { "eks.amazonaws.com/role-arn": ROLE_ARN } }),
            ),
        },
        Case {
            name: "s3-pod-identity-2.1.0",
            backend: BackendKind::S3,
            fields: s3(&[
                (ChartVersion, "2.1.0"),
                (S3Credentials, "pod-identity"),
                (S3RoleArn, ROLE_ARN),
                (S3EksCluster, "prod-cluster"),
                (S3Encrypt, "true"),
                (S3KeyId, "alias/aws/s3"),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
                "encrypt": true,
                "keyid": "alias/aws/s3",
            }))
            .with("serviceAccount", json!({ "create": true })),
        },
        Case {
            name: "gcs-workload-identity-0.36.1",
            backend: BackendKind::Gcs,
            fields: vec![
                (ChartVersion, "0.36.1"),
                (GcsBucket, "my-gcs-bucket"),
                (GcsCredentials, "workload-identity"),
                (GcsServiceAccount, GCP_ACCOUNT),
            ],
            registry: json!({
                "gcs": { "enabled": true, "bucket": "my-gcs-bucket", "useKeyfile": false },
                "azure": disabled(),
                "s3": disabled(),
                "serviceAccount": { "create": true, "annotations": { "iam.gke.io/gcp-service-account": GCP_ACCOUNT } },
            }),
        },
        Case {
            name: "gcs-workload-identity-2.1.0",
            backend: BackendKind::Gcs,
            fields: vec![
                (ChartVersion, "2.1.0"),
                (GcsBucket, "my-gcs-bucket"),
                (GcsCredentials, "workload-identity"),
                (GcsServiceAccount, GCP_ACCOUNT),
            ],
            registry: json!({
                "gcs": { "enabled": true, "bucket": "my-gcs-bucket", "useKeyfile": false },
                "azure": disabled(),
                "s3": disabled(),
                "serviceAccount": { "create": true, "annotations": { "iam.gke.io/gcp-service-account": GCP_ACCOUNT } },
            }),
        },
        Case {
            name: "azure-key-secret-0.37.7",
            backend: BackendKind::Azure,
            fields: vec![
                (ChartVersion, "0.37.7"),
                (AzureAccountName, "mystorageaccount"),
                (AzureCredentials, "key-secret"),
                (AzureContainer, "my-container-name"),
            ],
            registry: json!({
                "azure": {
                    "enabled": true,
                    "accountname": "mystorageaccount",
                    "container": "my-container-name",
                    "realm": "core.windows.net",
                },
                "gcs": disabled(),
                "s3": disabled(),
                "extraEnv": [
                    { "name": "REGISTRY_STORAGE_AZURE_ACCOUNTKEY", "valueFrom": { "secretKeyRef": { "name": "astronomer-registry-azure", "key": "accountkey" } } },
                    { "name": "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE", "value": "shared_key" },
                ],
            }),
        },
        Case {
            name: "azure",
            backend: BackendKind::Azure,
            fields: vec![
                (ChartVersion, "0.36.1"),
                (AzureAccountName, "mystorageaccount"),
                (AzureAccountKey, AZURE_KEY),
                (AzureContainer, "my-container-name"),
            ],
            registry: json!({
                "azure": {
                    "enabled": true,
                    "accountname": "mystorageaccount",
                    "accountkey": AZURE_KEY,
                    "container": "my-container-name",
                    "realm": "core.windows.net",
                },
                "gcs": disabled(),
                "s3": disabled(),
            }),
        },
        Case {
            name: "azure-0.37.7",
            backend: BackendKind::Azure,
            fields: vec![
                (ChartVersion, "0.37.7"),
                (AzureAccountName, "mystorageaccount"),
                (AzureAccountKey, AZURE_KEY),
                (AzureContainer, "my-container-name"),
            ],
            registry: json!({
                "azure": {
                    "enabled": true,
                    "accountname": "mystorageaccount",
                    "accountkey": AZURE_KEY,
                    "container": "my-container-name",
                    "realm": "core.windows.net",
                },
                "gcs": disabled(),
                "s3": disabled(),
                "extraEnv": [{ "name": "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE", "value": "shared_key" }],
            }),
        },
        Case {
            name: "gcs-control-plane-2.1.0",
            backend: BackendKind::Gcs,
            fields: vec![
                (ChartVersion, "2.1.0"),
                (PlaneMode, "control"),
                (Release, "astronomer-dp1"),
                (Namespace, "astronomer-dp1"),
                (GcsBucket, "my-gcs-bucket"),
                (GcsKeyFile, "/path/to/key.json"),
                (RedirectDisable, "true"),
            ],
            registry: json!({
                "gcs": { "enabled": true, "bucket": "my-gcs-bucket" },
                "azure": disabled(),
                "s3": disabled(),
                "redirect": { "disable": true },
            }),
        },
        // Plane modes on a 1.x release: `control` upgrades the data-plane
        // release (the control plane runs no registry), `data` the release named.
        Case {
            name: "gcs-control-plane-1.2.0",
            backend: BackendKind::Gcs,
            fields: vec![
                (ChartVersion, "1.2.0"),
                (PlaneMode, "control"),
                (Release, "astronomer-dp1"),
                (Namespace, "astronomer-dp1"),
                (GcsBucket, "my-gcs-bucket"),
                (GcsKeyFile, "/path/to/key.json"),
            ],
            registry: json!({
                "gcs": { "enabled": true, "bucket": "my-gcs-bucket" },
                "azure": disabled(),
                "s3": disabled(),
            }),
        },
        Case {
            name: "azure-data-plane-1.2.0",
            backend: BackendKind::Azure,
            fields: vec![
                (ChartVersion, "1.2.0"),
                (PlaneMode, "data"),
                (Release, "astronomer-dp2"),
                (Namespace, "astronomer-dp2"),
                (AzureAccountName, "mystorageaccount"),
                (AzureAccountKey, AZURE_KEY),
                (AzureContainer, "my-container-name"),
            ],
            registry: json!({
                "azure": {
                    "enabled": true,
                    "accountname": "mystorageaccount",
                    "accountkey": AZURE_KEY,
                    "container": "my-container-name",
                    "realm": "core.windows.net",
                },
                "gcs": disabled(),
                "s3": disabled(),
                "extraEnv": [{ "name": "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE", "value": "shared_key" }],
            }),
        },
        Case {
            name: "azure-upgrade-0.37.0-to-1.2.0",
            backend: BackendKind::Azure,
            fields: vec![
                (UpgradeFrom, "0.37.0"),
                (ChartVersion, "1.2.0"),
                (MigrateFrom, "none"),
                (AzureAccountName, "mystorageaccount"),
                (AzureCredentials, "key-secret"),
                (AzureSecretName, "astronomer-registry-azure"),
                (AzureContainer, "my-container-name"),
            ],
            registry: json!({
                "azure": {
                    "enabled": true,
                    "accountname": "mystorageaccount",
                    "container": "my-container-name",
                    "realm": "core.windows.net",
                },
                "gcs": disabled(),
                "s3": disabled(),
                "extraEnv": [
                    { "name": "REGISTRY_STORAGE_AZURE_ACCOUNTKEY", "valueFrom": { "secretKeyRef": { "name": "astronomer-registry-azure", "key": "accountkey" } } },
                    { "name": "REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE", "value": "shared_key" },
                ],
            }),
        },
        Case {
            name: "s3-upgrade-0.30.8-to-2.1.0",
            backend: BackendKind::S3,
            fields: s3(&[
                (UpgradeFrom, "0.30.8"),
                (ChartVersion, "2.1.0"),
                (MigrateFrom, "none"),
                (S3AccessKey, ACCESS_KEY),
                (S3SecretKey, SECRET_KEY),
            ]),
            registry: s3_registry(json!({
                "enabled": true,
                "accesskey": ACCESS_KEY,
                "secretkey": SECRET_KEY,
                "region": "us-east-1",
                "bucket": "my-s3-bucket",
            })),
        },
        Case {
            name: "gcs-newer-than-the-page-2.1.9",
            backend: BackendKind::Gcs,
            fields: vec![
                (ChartVersion, "2.1.9"),
                (GcsBucket, "my-gcs-bucket"),
                (GcsKeyFile, "/path/to/key.json"),
            ],
            registry: json!({
                "gcs": { "enabled": true, "bucket": "my-gcs-bucket" },
                "azure": disabled(),
                "s3": disabled(),
            }),
        },
        Case {
            name: "volume-default",
            backend: BackendKind::Volume,
            fields: vec![],
            registry: json!({
                "persistence": { "enabled": true },
                "gcs": disabled(),
                "azure": disabled(),
                "s3": disabled(),
            }),
        },
        Case {
            name: "volume-size-class",
            backend: BackendKind::Volume,
            fields: vec![
                (Release, "platform"),
                (Namespace, "astro-platform"),
                (VolumeSize, "200Gi"),
                (VolumeStorageClass, "fast-ssd"),
            ],
            registry: json!({
                "persistence": { "enabled": true, "size": "200Gi", "storageClassName": "fast-ssd" },
                "gcs": disabled(),
                "azure": disabled(),
                "s3": disabled(),
            }),
        },
    ]
}
