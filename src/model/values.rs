//! Validated leaf values: each newtype can only be built by `parse`, which says
//! in a sentence what is wrong and how to fix it.
//!
//! STUB: the constructors below only apply the common scalar checks; the
//! per-type rules are being written.

use std::fmt;

use crate::yaml11;

/// A credential. Its `Debug` prints `***` so it cannot reach a log by accident;
/// the only way to the text is [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Checks every value must pass: no control characters, no leading or trailing
/// white space, and (when `pasted`) it must read back as the same string after
/// the chart pastes it unquoted into the registry's YAML.
pub fn check_scalar(raw: &str, pasted: bool) -> Result<(), String> {
    if raw.chars().any(char::is_control) {
        return Err("Remove the control character (tab, line break, ...): it cannot be part of this value.".into());
    }
    if raw.trim() != raw {
        return Err("Remove the spaces at the start or end.".into());
    }
    if pasted {
        yaml11::check_paste(raw)?;
    }
    Ok(())
}

macro_rules! plain_value {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, String> {
                check_scalar(raw, true)?;
                Ok(Self(raw.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

plain_value!(
    /// An S3 bucket name.
    S3Bucket
);
plain_value!(
    /// A GCS bucket name.
    GcsBucket
);
plain_value!(
    /// An AWS region such as `us-east-1`.
    AwsRegion
);
plain_value!(
    /// An AWS access key id.
    AccessKeyId
);
plain_value!(
    /// A KMS key: key id, key ARN, alias name or alias ARN.
    KmsKey
);
plain_value!(
    /// An absolute http(s) URL of an S3-compatible endpoint.
    EndpointUrl
);
plain_value!(
    /// An Azure storage account name.
    AzureAccountName
);
plain_value!(
    /// An Azure blob container name.
    AzureContainer
);
plain_value!(
    /// An Azure endpoint suffix such as `core.windows.net`.
    AzureRealm
);
plain_value!(
    /// A prefix inside the bucket.
    RootDirectory
);
plain_value!(
    /// A Kubernetes namespace.
    Namespace
);
plain_value!(
    /// A Helm release name.
    ReleaseName
);
plain_value!(
    /// A Kubernetes StorageClass name.
    StorageClassName
);
plain_value!(
    /// A Kubernetes storage quantity such as `100Gi`.
    Quantity
);
plain_value!(
    /// A file path on the admin's machine.
    HostPath
);

/// An AWS secret access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsSecretKey(Secret);

impl AwsSecretKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        Ok(Self(Secret(raw.to_owned())))
    }
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// An Azure storage account access key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureAccountKey(Secret);

impl AzureAccountKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, true)?;
        Ok(Self(Secret(raw.to_owned())))
    }
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// GCS upload chunk size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkSize(u64);

impl ChunkSize {
    pub fn parse(raw: &str) -> Result<Self, String> {
        check_scalar(raw, false)?;
        raw.parse()
            .map(Self)
            .map_err(|_| "Enter a whole number of bytes.".into())
    }
    pub fn bytes(self) -> u64 {
        self.0
    }
}

impl S3Bucket {
    /// A caution that does not make the name invalid (e.g. dots break
    /// virtual-hosted-style TLS).
    pub fn warning(&self) -> Option<String> {
        None
    }
}

impl AwsRegion {
    /// The ARN partition: `aws`, `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`.
    pub fn partition(&self) -> &'static str {
        "aws"
    }
}

impl KmsKey {
    /// The region named in an ARN; `None` for a bare key id or alias.
    pub fn region(&self) -> Option<&str> {
        None
    }
}
