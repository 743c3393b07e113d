//! The AWS regions each registry program accepts without `regionendpoint`:
//! the partitions' region tables of the aws-sdk-go it was built with
//! (`aws/endpoints/defaults.go`), which the S3 driver checks at start
//! (`panic: invalid region provided`). Newer regions need `regionendpoint`.
//! The driver takes the regions of every partition of
//! `endpoints.DefaultPartitions()` (China, GovCloud and the ISO partitions
//! too). `tests/regions.rs` checks each table against
//! `tests/fixtures/sdk-regions.txt`, extracted from the SDK's tags by
//! `scripts/sdk-regions.mjs`, both ways.

/// aws-sdk-go v1.15.11: upstream distribution v2.8.2.
pub const SDK_1_15_11: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-west-1",
];

/// aws-sdk-go v1.34.9: Astronomer's distribution 2.x fork.
pub const SDK_1_34_9: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-isob-east-1",
];

/// aws-sdk-go v1.55.5: distribution v3.0.0 and v3.1.1.
pub const SDK_1_55_5: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
];
