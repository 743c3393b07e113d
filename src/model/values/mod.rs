//! Validated leaf values: each newtype can only be built by `parse`, which says
//! in a sentence what is wrong and how to fix it.
//!
//! Every `parse` first applies [`check_scalar`]: no control or invisible
//! characters, no spaces at either end and, for the values the chart pastes
//! unquoted into the registry's configuration file (all S3, GCS and Azure
//! settings), a value that the registry reads back as the same string. Then come
//! the rules of the service that owns the name (S3, Cloud Storage, Azure, AWS
//! KMS, Kubernetes, Helm).

mod aws;
mod azure;
mod gcs;
mod identity;
mod kube;
mod reading;
mod s3;
#[cfg(test)]
mod test_support;
mod text;

pub use aws::{AccessKeyId, AwsRegion, AwsSecretKey, KNOWN_REGIONS, KmsKey};
pub use azure::{AZURE_REALMS, AzureAccountKey, AzureAccountName, AzureContainer, AzureRealm};
pub use gcs::{ChunkSize, GcsBucket, HostPath};
pub use identity::{EksClusterName, GcpServiceAccount, OidcProvider, RoleArn};
pub use kube::{Namespace, Quantity, ReleaseName, SecretName, StorageClassName};
pub use reading::{check_paste, check_paste_sprinted};
pub use s3::{EndpointUrl, S3Bucket, aws_regional_endpoint, is_aws_endpoint, is_compatible_store};
pub use text::{REQUIRED, RootDirectory, Secret, check_scalar, edit_distance};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_required() {
        let results = [
            S3Bucket::parse("").err(),
            GcsBucket::parse("").err(),
            AwsRegion::parse("").err(),
            AccessKeyId::parse("").err(),
            AwsSecretKey::parse("").err(),
            KmsKey::parse("").err(),
            EndpointUrl::parse("").err(),
            AzureAccountName::parse("").err(),
            AzureAccountKey::parse("").err(),
            AzureContainer::parse("").err(),
            AzureRealm::parse("").err(),
            RootDirectory::parse("").err(),
            ChunkSize::parse("").err(),
            Namespace::parse("").err(),
            ReleaseName::parse("").err(),
            StorageClassName::parse("").err(),
            Quantity::parse("").err(),
            HostPath::parse("").err(),
        ];
        for message in results {
            assert_eq!(message.as_deref(), Some(REQUIRED));
        }
    }

    #[test]
    fn nothing_panics() {
        let mut inputs: Vec<String> = [
            "",
            " ",
            "\t",
            "\n",
            "é",
            "ß",
            "İ",
            "日本語",
            "🦀",
            "\u{200b}",
            "\u{feff}",
            "\u{10ffff}",
            "\u{202e}abc",
            "a\u{0301}",
            "arn:",
            "arn::::",
            "arn:aws:kms::::",
            "arn:aws:kms:é:é:é",
            "alias/",
            "alias/é",
            "mrk-",
            "http://",
            "https://[",
            "https://[]",
            "https://[é]",
            "https://é:é",
            "https://a:é/é",
            "https://a/%",
            "https://a/%é",
            "0",
            "00",
            "-",
            "+",
            ".",
            "..",
            "/",
            "//",
            "~",
            "{",
            "1.",
            "1.5",
            "1é",
            "Gié",
            "é1",
            "ASIA",
            "AKIAé",
            "=",
            "==",
            "===",
            "====",
            "s3://",
            "gs://",
            ".blob.",
            "xn--",
            "-az",
            "us-east-é",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for unit in ["a", "é", "9", "-", ".", "/", ":", "=", "🦀"] {
            inputs.push(unit.repeat(100_000));
        }
        inputs.push(format!("arn:aws:kms:us-east-1:111122223333:alias/{}", "é".repeat(300)));
        inputs.push(format!("https://{}", "a.".repeat(200)));
        inputs.push(format!("{}Gi", "9".repeat(100)));
        for input in &inputs {
            let raw = input.as_str();
            let _ = check_scalar(raw, true);
            let _ = S3Bucket::parse(raw).map(|bucket| bucket.warning());
            let _ = GcsBucket::parse(raw);
            let _ = AwsRegion::parse(raw).map(|region| region.partition());
            let _ = AccessKeyId::parse(raw);
            let _ = AccessKeyId::parse_store(raw);
            let _ = AwsSecretKey::parse_store(raw);
            let _ = AwsSecretKey::parse(raw);
            let _ = KmsKey::parse(raw).map(|key| key.region().map(str::to_owned));
            let _ = EndpointUrl::parse(raw);
            let _ = AzureAccountName::parse(raw);
            let _ = AzureAccountKey::parse(raw);
            let _ = AzureContainer::parse(raw);
            let _ = AzureRealm::parse(raw);
            let _ = RootDirectory::parse(raw);
            let _ = ChunkSize::parse(raw);
            let _ = Namespace::parse(raw);
            let _ = ReleaseName::parse(raw);
            let _ = StorageClassName::parse(raw);
            let _ = Quantity::parse(raw);
            let _ = HostPath::parse(raw);
        }
    }
}
