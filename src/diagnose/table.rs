//! The failure modes, as data: what to look for in each registry program's
//! output, what happened, why (per program where it differs) and the fix.
//! The page's diagnosis and `verify.sh` both read this table, so they never
//! disagree. The texts to look for were read from distribution's source at
//! v2.8.2, v3.0.0 and v3.1.1 and from the SDKs' error strings; the fork's
//! source is not public here, and its texts are taken to be 2.8.2's.

use crate::model::{BackendKind, Registry};
use crate::settings::{FieldId, S3Mode};

use Registry::{Fork2, Upstream2_8_2, V3_0_0, V3_1_1};

/// Every registry program.
const ALL: &[Registry] = &[Fork2, Upstream2_8_2, V3_0_0, V3_1_1];
/// Distribution 3.x.
const V3: &[Registry] = &[V3_0_0, V3_1_1];
/// The 2.x programs whose AWS SDK cannot reach the EKS Pod Identity agent.
const V2: &[Registry] = &[Fork2, Upstream2_8_2];

/// Texts that, all on one line (compared without case), show a mode, and
/// the registry programs that print them (chart-level and client-side texts
/// are printed whatever the program).
#[derive(Debug)]
pub struct Sign {
    pub all: &'static [&'static str],
    pub on: &'static [Registry],
}

const fn s(all: &'static [&'static str], on: &'static [Registry]) -> Sign {
    Sign { all, on }
}

/// A change the page can make in one click, where the fix is certain. What
/// it sets is decided against the form (see `diagnose::change`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// `redirect.disable: true`.
    RedirectsOff,
    /// The region's own AWS endpoint as `regionendpoint` (the registry then
    /// skips its region check).
    RegionalEndpoint,
    /// The first of these S3 credential modes that the release supports and
    /// the form does not use yet.
    S3Mode(&'static [S3Mode]),
}

/// One failure mode.
#[derive(Debug)]
pub struct Mode {
    /// A stable name (tests, the page's `data-mode`, verify.sh's output).
    pub id: &'static str,
    /// The storage it is about; `None`: any (chart, Kubernetes, clients).
    pub store: Option<BackendKind>,
    pub signs: &'static [Sign],
    /// What happened, in plain words.
    pub what: &'static str,
    /// Why: the first entry whose programs include the release's.
    pub why: &'static [(&'static [Registry], &'static str)],
    /// The fix, as a sentence (the step to run, or what the field needs).
    pub fix: &'static str,
    /// The field the fix is at, if any.
    pub field: Option<FieldId>,
    /// The one-click change, where the fix is certain.
    pub change: Option<Change>,
    /// The fields whose findings explain the error (their issues are quoted).
    pub about: &'static [FieldId],
    /// How telling a match is: a root cause 3, a likely cause 2, a symptom 1
    /// (verify.sh leaves symptoms to its own checks: a registry that answers
    /// logs them for ordinary requests too).
    pub weight: u8,
}

impl Mode {
    /// Why, for `registry` (the first entry when not known).
    pub fn why(&self, registry: Option<Registry>) -> &'static str {
        registry
            .and_then(|registry| self.why.iter().find(|(on, _)| on.contains(&registry)))
            .or(self.why.first())
            .map_or("", |(_, why)| why)
    }
}

use BackendKind::{Azure, Gcs, S3};
use Change::{RedirectsOff, RegionalEndpoint};

/// The table, most specific first where signs overlap.
pub static MODES: &[Mode] = &[
    Mode {
        id: "s3-invalid-region",
        store: Some(S3),
        signs: &[s(&["invalid region provided"], ALL)],
        what: "The registry stopped at start: it does not know the region.",
        why: &[(
            ALL,
            "Without a region endpoint the registry checks the region against the table of the AWS SDK it was built with, and regions newer than that SDK are refused although AWS serves them.",
        )],
        fix: "Set the region endpoint to the region's own S3 endpoint (https://s3.<region>.amazonaws.com): with an endpoint the registry skips the check. Or use a release whose registry knows the region.",
        field: Some(FieldId::S3RegionEndpoint),
        change: Some(RegionalEndpoint),
        about: &[FieldId::S3Region, FieldId::S3RegionEndpoint],
        weight: 3,
    },
    Mode {
        id: "s3-no-region",
        store: Some(S3),
        signs: &[s(&["no region parameter provided"], ALL)],
        what: "The registry stopped at start: its S3 settings have no region.",
        why: &[
            (
                V3,
                "The chart writes the region empty when it is not set, and registry 3.x needs a region unless a region endpoint is set.",
            ),
            (
                ALL,
                "The chart writes the region empty when it is not set, and registry 2.x always needs a region.",
            ),
        ],
        fix: "Set the region (for an S3-compatible store, the name it expects, often us-east-1).",
        field: Some(FieldId::S3Region),
        change: None,
        about: &[FieldId::S3Region],
        weight: 3,
    },
    Mode {
        id: "s3-pod-identity-too-old",
        store: Some(S3),
        signs: &[s(&["invalid endpoint host", "only loopback hosts are allowed"], V2)],
        what: "The registry could not reach the EKS Pod Identity agent for credentials.",
        why: &[(
            ALL,
            "This registry's AWS SDK takes container credentials only from a loopback host, and the Pod Identity agent listens on 169.254.170.23.",
        )],
        fix: "Use IRSA (an IAM role for the ServiceAccount) or keys in a Secret on this release, or a release with registry 3.x (chart 0.37.1 or later).",
        field: Some(FieldId::S3Credentials),
        change: Some(Change::S3Mode(&[S3Mode::Irsa, S3Mode::KeysSecret])),
        about: &[FieldId::S3Credentials],
        weight: 3,
    },
    Mode {
        id: "s3-node-role-used",
        store: Some(S3),
        signs: &[s(&["assumed-role/", "/i-", "not authorized"], ALL)],
        what: "S3 refused the nodes' instance role: the registry did not use the role meant for its ServiceAccount.",
        why: &[
            (
                &[Upstream2_8_2],
                "Registry 2.8.2's AWS SDK has no web identity provider: it ignores the ServiceAccount's role (IRSA) and falls back to the nodes' role.",
            ),
            (
                ALL,
                "The registry's pod did not get the web identity token: the ServiceAccount's eks.amazonaws.com/role-arn annotation is missing, on another ServiceAccount, or the pod was not restarted after it was added.",
            ),
        ],
        fix: "On chart 0.30.8 use keys in a Secret; elsewhere check that the registry's ServiceAccount carries the role annotation and restart the registry.",
        field: Some(FieldId::S3Credentials),
        change: Some(Change::S3Mode(&[S3Mode::KeysSecret])),
        about: &[FieldId::S3Credentials, FieldId::S3RoleArn],
        weight: 3,
    },
    Mode {
        id: "s3-instance-metadata",
        store: Some(S3),
        signs: &[s(&["ec2rolerequesterror"], ALL), s(&["ec2metadataerror"], ALL)],
        what: "The registry could not get the nodes' role from the instance metadata service.",
        why: &[
            (
                &[Upstream2_8_2],
                "Registry 2.8.2's AWS SDK cannot use IMDSv2, which newer node images require.",
            ),
            (
                ALL,
                "From a pod the metadata service answers only when the instances' hop limit is at least 2.",
            ),
        ],
        fix: "Use IRSA or Pod Identity (registry 3.x), keys in a Secret, or set the instances' HttpPutResponseHopLimit to 2.",
        field: Some(FieldId::S3Credentials),
        change: None,
        about: &[FieldId::S3Credentials],
        weight: 3,
    },
    Mode {
        id: "s3-no-credentials",
        store: Some(S3),
        signs: &[s(&["nocredentialproviders"], ALL)],
        what: "No AWS credentials reached the registry.",
        why: &[
            (
                &[Upstream2_8_2],
                "Registry 2.8.2's AWS SDK reads neither a web identity token (IRSA) nor IMDSv2, so without keys it finds no credentials on nodes that require IMDSv2.",
            ),
            (
                ALL,
                "No keys were given and the default chain found none: the ServiceAccount's role annotation or Pod Identity association is missing, or the nodes' metadata service is out of the pod's reach (IMDSv2 with a hop limit of 1).",
            ),
        ],
        fix: "Give the registry a credential its release can use: keys in a Secret, or a role (IRSA, Pod Identity on registry 3.x) with the ServiceAccount annotated; for the nodes' role set the instances' metadata hop limit to 2.",
        field: Some(FieldId::S3Credentials),
        change: Some(Change::S3Mode(&[S3Mode::KeysSecret])),
        about: &[FieldId::S3Credentials, FieldId::S3AccessKey, FieldId::S3RoleArn],
        weight: 2,
    },
    Mode {
        id: "s3-kms-denied",
        store: Some(S3),
        signs: &[
            s(&["kms:generatedatakey"], ALL),
            s(&["kms:decrypt"], ALL),
            s(&["kms.notfoundexception"], ALL),
            s(&["kms.kmsinvalidstateexception"], ALL),
        ],
        what: "The registry could not use the bucket's KMS key.",
        why: &[(
            ALL,
            "The registry's identity needs kms:GenerateDataKey and kms:Decrypt in its IAM policy, and the key's own policy must let it use the key.",
        )],
        fix: "Apply iam-policy.json and kms-key-policy.json from this page, or check the key id.",
        field: Some(FieldId::S3KeyId),
        change: None,
        about: &[FieldId::S3KeyId, FieldId::S3Encrypt],
        weight: 3,
    },
    Mode {
        id: "s3-access-denied",
        store: Some(S3),
        signs: &[
            s(&["s3aws", "accessdenied"], ALL),
            s(&["accessdenied", "status code: 403"], ALL),
        ],
        what: "S3 refused the registry: its credentials work but lack a permission.",
        why: &[
            (
                V3,
                "The IAM policy lacks an action the registry uses (the multipart upload actions are often missing) or names the bucket where the objects are meant (bucket vs bucket/*). Registry 3.x lists with requests that a policy conditioned on s3:prefix refuses.",
            ),
            (
                ALL,
                "The IAM policy lacks an action the registry uses (the multipart upload actions are often missing) or names the bucket where the objects are meant (bucket vs bucket/*).",
            ),
        ],
        fix: "Attach iam-policy.json from this page (its eight actions, on the bucket and bucket/* ARNs) to the registry's user or role.",
        field: None,
        change: None,
        about: &[FieldId::S3Bucket],
        weight: 2,
    },
    Mode {
        id: "s3-signature",
        store: Some(S3),
        signs: &[
            s(&["s3aws", "signaturedoesnotmatch"], ALL),
            s(&["the request signature we calculated does not match"], ALL),
        ],
        what: "S3 refused the registry's requests: the secret key does not match the access key ID.",
        why: &[(
            ALL,
            "The secret key is wrong or holds a trailing newline or carriage return (a Secret made from a file or with echo), or an S3-compatible store expects another signature version.",
        )],
        fix: "Type the secret key again; make the Secret with --from-literal or printf, never echo or a file with a newline.",
        field: Some(FieldId::S3SecretKey),
        change: None,
        about: &[FieldId::S3SecretKey, FieldId::S3AccessKey],
        weight: 3,
    },
    Mode {
        id: "s3-key-newline",
        store: Some(S3),
        signs: &[s(&["invalid header field value", "authorization"], ALL)],
        what: "The registry could not even send its requests: the access key holds a line break.",
        why: &[(ALL, "A Secret made from a file keeps the file's newline in the key.")],
        fix: "Make the Secret again with --from-literal or printf, without a trailing newline.",
        field: Some(FieldId::S3AccessKey),
        change: None,
        about: &[FieldId::S3AccessKey],
        weight: 3,
    },
    Mode {
        id: "s3-unknown-key",
        store: Some(S3),
        signs: &[s(&["invalidaccesskeyid"], ALL)],
        what: "S3 does not know the access key ID.",
        why: &[(
            ALL,
            "The key was deleted or belongs to another account or store, or it is a temporary key (ASIA…): the registry sends no session token, so temporary keys never work.",
        )],
        fix: "Use a long-lived IAM user key (AKIA…) or a role.",
        field: Some(FieldId::S3AccessKey),
        change: None,
        about: &[FieldId::S3AccessKey],
        weight: 3,
    },
    Mode {
        id: "s3-no-such-bucket",
        store: Some(S3),
        signs: &[s(&["nosuchbucket"], ALL)],
        what: "The bucket does not exist where the registry looks for it.",
        why: &[(
            ALL,
            "The bucket name is wrong, or the bucket is in another region, account or store.",
        )],
        fix: "Check the bucket name and region, and create the bucket first.",
        field: Some(FieldId::S3Bucket),
        change: None,
        about: &[FieldId::S3Bucket, FieldId::S3Region],
        weight: 3,
    },
    Mode {
        id: "s3-path-style",
        store: Some(S3),
        signs: &[
            s(&["secondleveldomainforbidden"], V3),
            s(&["s3aws", "no such host"], V3),
        ],
        what: "Registry 3.x addressed the S3-compatible store as <bucket>.<endpoint>, which it does not serve.",
        why: &[
            (
                V3,
                "Registry 2.x forced path-style requests whenever a region endpoint was set; 3.x does not, unless REGISTRY_STORAGE_S3_FORCEPATHSTYLE=true.",
            ),
            (
                ALL,
                "The endpoint's host name does not resolve from the registry's pod.",
            ),
        ],
        fix: "Apply config.yaml from this page for your release: for an S3-compatible store on registry 3.x it sets REGISTRY_STORAGE_S3_FORCEPATHSTYLE=true through extraEnv. Write the endpoint with https://.",
        field: Some(FieldId::S3RegionEndpoint),
        change: None,
        about: &[FieldId::S3RegionEndpoint],
        weight: 3,
    },
    Mode {
        id: "s3-endpoint-no-host",
        store: Some(S3),
        signs: &[s(&["http: no host in request url"], ALL)],
        what: "The region endpoint has no host the registry or its clients can use.",
        why: &[(
            ALL,
            "The endpoint was written without its scheme (https://), so it reads as a path.",
        )],
        fix: "Write the endpoint as a full URL: https://host[:port].",
        field: Some(FieldId::S3RegionEndpoint),
        change: None,
        about: &[FieldId::S3RegionEndpoint],
        weight: 3,
    },
    Mode {
        id: "s3-store-certificate",
        store: Some(S3),
        signs: &[s(&["s3aws", "x509:"], ALL), s(&["requesterror", "x509:"], ALL)],
        what: "The registry does not trust the S3-compatible store's certificate.",
        why: &[(
            ALL,
            "The store's certificate is signed by a private CA the registry's image does not hold.",
        )],
        fix: "Add the CA to the platform (global.privateCaCerts) or give the store a certificate from a public CA.",
        field: Some(FieldId::S3RegionEndpoint),
        change: None,
        about: &[FieldId::S3RegionEndpoint],
        weight: 3,
    },
    Mode {
        id: "s3-v4auth",
        store: Some(S3),
        signs: &[s(&["can only be used with v4 authentication"], ALL)],
        what: "The registry stopped at start: v4auth is false against Amazon S3.",
        why: &[(ALL, "Amazon S3 accepts only version 4 signatures.")],
        fix: "Remove v4auth: false (config.yaml from this page never writes it).",
        field: None,
        change: None,
        about: &[],
        weight: 3,
    },
    Mode {
        id: "s3-unreachable",
        store: Some(S3),
        signs: &[s(&["requesterror", "send request failed"], ALL)],
        what: "The registry's pod cannot reach the S3 endpoint.",
        why: &[(
            ALL,
            "Egress from the pod is blocked (network policy, no NAT, a proxy it does not use), or the endpoint is wrong.",
        )],
        fix: "Open egress to the endpoint, or give the registry HTTPS_PROXY and NO_PROXY through extraEnv; check the region endpoint.",
        field: Some(FieldId::S3RegionEndpoint),
        change: None,
        about: &[FieldId::S3RegionEndpoint],
        weight: 2,
    },
    Mode {
        id: "gcs-sign-blob",
        store: Some(Gcs),
        signs: &[s(&["iam.serviceaccounts.signblob"], V3)],
        what: "Pulls fail: registry 3.x could not sign the redirect URL for the bucket.",
        why: &[(
            V3,
            "With Workload Identity there is no private key, so registry 3.x signs redirect URLs through the IAM signBlob API, which the Google service account may not call on itself.",
        )],
        fix: "Turn redirects off, or grant the Google service account roles/iam.serviceAccountTokenCreator on itself.",
        field: Some(FieldId::RedirectDisable),
        change: Some(RedirectsOff),
        about: &[FieldId::RedirectDisable, FieldId::GcsCredentials],
        weight: 3,
    },
    Mode {
        id: "gcs-not-built-in",
        store: Some(Gcs),
        signs: &[s(&["storagedriver not registered: gcs"], ALL)],
        what: "The registry program in the pod was built without the GCS driver.",
        why: &[(
            ALL,
            "Official registry:2 images leave GCS out; Astronomer's images include it.",
        )],
        fix: "Run the chart's own registry image (do not override images.registry).",
        field: None,
        change: None,
        about: &[],
        weight: 3,
    },
    Mode {
        id: "gcs-keyfile-secret",
        store: Some(Gcs),
        signs: &[
            s(&["secret \"astronomer-gcs-keyfile\" not found"], ALL),
            s(&["/var/gcs-keyfile/astronomer-gcs-keyfile", "no such file"], ALL),
        ],
        what: "The registry's key file is missing: the Secret astronomer-gcs-keyfile is not there, or holds the key under another name.",
        why: &[(
            ALL,
            "With useKeyfile the chart mounts the Secret astronomer-gcs-keyfile of the platform's namespace and reads the data key astronomer-gcs-keyfile; neither name can be changed.",
        )],
        fix: "Create the Secret in the platform's namespace with that data key (commands.sh from this page does).",
        field: Some(FieldId::GcsKeyFile),
        change: None,
        about: &[FieldId::GcsCredentials, FieldId::GcsKeyFile],
        weight: 3,
    },
    Mode {
        id: "gcs-user-credentials",
        store: Some(Gcs),
        signs: &[s(&["authorized_user", "service_account"], ALL)],
        what: "The key file is a user's login, not a service account key.",
        why: &[(
            ALL,
            "gcloud's application default credentials (type authorized_user) cannot sign in a server.",
        )],
        fix: "Create a JSON key for a Google service account and use that.",
        field: Some(FieldId::GcsKeyFile),
        change: None,
        about: &[FieldId::GcsKeyFile],
        weight: 3,
    },
    Mode {
        id: "gcs-forbidden",
        store: Some(Gcs),
        signs: &[
            s(&["does not have storage.objects."], ALL),
            s(&["does not have storage.buckets."], ALL),
        ],
        what: "Google Cloud Storage refused the registry's service account.",
        why: &[(
            ALL,
            "The service account lacks a role on the bucket (objects, or the bucket itself).",
        )],
        fix: "Grant the service account Storage Object Admin and Storage Legacy Bucket Reader (or Owner) on the bucket.",
        field: Some(FieldId::GcsBucket),
        change: None,
        about: &[FieldId::GcsBucket],
        weight: 3,
    },
    Mode {
        id: "gcs-no-credentials",
        store: Some(Gcs),
        signs: &[s(&["could not find default credentials"], ALL)],
        what: "No Google credentials reached the registry.",
        why: &[(
            ALL,
            "Without a key file the registry relies on Workload Identity: the ServiceAccount's iam.gke.io/gcp-service-account annotation, the workloadIdentityUser binding, or Workload Identity on the node pool is missing.",
        )],
        fix: "Annotate the registry's ServiceAccount and bind roles/iam.workloadIdentityUser (commands.sh from this page does), or use a key file.",
        field: Some(FieldId::GcsServiceAccount),
        change: None,
        about: &[FieldId::GcsCredentials, FieldId::GcsServiceAccount],
        weight: 3,
    },
    Mode {
        id: "gcs-no-bucket",
        store: Some(Gcs),
        signs: &[s(&["storage: bucket doesn't exist"], ALL)],
        what: "The GCS bucket does not exist.",
        why: &[(ALL, "The bucket name is wrong, or the bucket is in another project.")],
        fix: "Check the bucket name, and create the bucket first.",
        field: Some(FieldId::GcsBucket),
        change: None,
        about: &[FieldId::GcsBucket],
        weight: 3,
    },
    Mode {
        id: "azure-credentials-type",
        store: Some(Azure),
        signs: &[s(&["invalid credentials type"], V3)],
        what: "The registry stopped at start: registry 3.x needs an Azure credentials type.",
        why: &[(
            ALL,
            "Registry 3.x (chart 0.37.1 on) reads credentials.type, which the chart's Azure template never writes.",
        )],
        fix: "Apply config.yaml from this page with your release's chart version: from 0.37.1 on it sets REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE=shared_key through extraEnv.",
        field: Some(FieldId::ChartVersion),
        change: None,
        about: &[FieldId::ChartVersion],
        weight: 3,
    },
    Mode {
        id: "azure-bad-key",
        store: Some(Azure),
        signs: &[
            s(&["malformed storage account key"], ALL),
            s(&["shared key credentials", "illegal base64"], V3),
            s(&["authenticationfailed"], ALL),
        ],
        what: "Azure refused the storage account key.",
        why: &[
            (
                &[V3_0_0],
                "The key is cut short, a placeholder or rotated. Registry 3.0.0 also uses the shared key for default_credentials, so managed identity does not work before 3.1.",
            ),
            (ALL, "The key is cut short, a placeholder, or was rotated since."),
        ],
        fix: "Paste the account's whole key1 (88 characters, ending in ==) again.",
        field: Some(FieldId::AzureAccountKey),
        change: None,
        about: &[FieldId::AzureAccountKey, FieldId::AzureAccountName],
        weight: 3,
    },
    Mode {
        id: "azure-shared-key-off",
        store: Some(Azure),
        signs: &[s(&["keybasedauthenticationnotpermitted"], ALL)],
        what: "The storage account does not allow account keys.",
        why: &[(
            ALL,
            "Shared key access is disabled on the account; only Microsoft Entra ID sign-in is allowed.",
        )],
        fix: "Allow storage account key access on the account.",
        field: None,
        change: None,
        about: &[],
        weight: 3,
    },
    Mode {
        id: "azure-permission-mismatch",
        store: Some(Azure),
        signs: &[s(&["authorizationpermissionmismatch"], ALL)],
        what: "Azure refused the registry's identity: it lacks a data role.",
        why: &[(
            ALL,
            "An Entra ID identity needs a data-plane role on the account or container.",
        )],
        fix: "Grant Storage Blob Data Contributor on the account or container.",
        field: None,
        change: None,
        about: &[],
        weight: 3,
    },
    Mode {
        id: "azure-network-refused",
        store: Some(Azure),
        signs: &[s(&["authorizationfailure"], ALL)],
        what: "The storage account's firewall refused the request.",
        why: &[(
            ALL,
            "The account allows only some networks or a private endpoint, which leave out the registry's pods or, with redirects on, the clients sent to the storage.",
        )],
        fix: "Allow the cluster's subnet or private endpoint on the account; if only clients fail, turn redirects off.",
        field: Some(FieldId::RedirectDisable),
        change: None,
        about: &[FieldId::RedirectDisable],
        weight: 3,
    },
    Mode {
        id: "azure-no-container",
        store: Some(Azure),
        signs: &[s(&["containernotfound"], ALL)],
        what: "The Azure container does not exist.",
        why: &[(ALL, "The container name is wrong, or it is in another storage account.")],
        fix: "Check the container name and account, and create the container first.",
        field: Some(FieldId::AzureContainer),
        change: None,
        about: &[FieldId::AzureContainer, FieldId::AzureAccountName],
        weight: 3,
    },
    Mode {
        id: "azure-blob-type",
        store: Some(Azure),
        signs: &[s(&["invalidblobtype"], V3)],
        what: "Registry 3.x could not rewrite a blob that registry 2.x wrote.",
        why: &[(
            V3,
            "Registry 3.x up to 3.1.1 rewrites a blob of another type without deleting it first (fixed upstream after 3.1.1).",
        )],
        fix: "Delete the stale blob named in the error (or push the image again after deleting its tag); no setting avoids it.",
        field: None,
        change: None,
        about: &[],
        weight: 3,
    },
    Mode {
        id: "azure-hierarchical-namespace",
        store: Some(Azure),
        signs: &[s(&["directoryisnotempty"], ALL)],
        what: "Uploads cannot be cleaned up: the storage account has a hierarchical namespace (Data Lake Gen2).",
        why: &[(
            ALL,
            "With a hierarchical namespace a folder cannot be deleted while it holds blobs, which the registry expects.",
        )],
        fix: "Use a storage account without hierarchical namespace.",
        field: Some(FieldId::AzureAccountName),
        change: None,
        about: &[],
        weight: 3,
    },
    Mode {
        id: "upload-state-lost",
        store: None,
        signs: &[
            s(&["path not found", "_uploads"], ALL),
            s(&["blob upload unknown"], ALL),
            s(&["blob upload invalid"], ALL),
            // 2.x misspells it; 3.x fixed the word.
            s(&["upload resumed at wrong offest"], V2),
            s(&["upload resumed at wrong offset"], V3),
        ],
        what: "A push failed: the registry lost the state of the upload.",
        why: &[(
            ALL,
            "The upload's parts went to different registry replicas without a shared secret or session affinity, or the store did not yet show a part just written.",
        )],
        fix: "Run one registry replica (or keep the chart's shared http secret and add session affinity), then push again.",
        field: None,
        change: None,
        about: &[],
        weight: 2,
    },
    Mode {
        id: "redirect-unreachable",
        store: None,
        signs: &[
            s(&["error pulling image configuration"], ALL),
            s(&["download failed after attempts"], ALL),
            s(&["amazonaws.com", "i/o timeout"], ALL),
            s(&["blob.core.windows.net", "i/o timeout"], ALL),
            s(&["storage.googleapis.com", "i/o timeout"], ALL),
            s(&["error parsing http 403 response body"], ALL),
            s(&["signaturedoesnotmatch", "x-amz-credential"], ALL),
            s(&["amazonaws.com", "x509:"], ALL),
            s(&["blob.core.windows.net", "x509:"], ALL),
            s(&["storage.googleapis.com", "x509:"], ALL),
        ],
        what: "A client could not fetch a layer from the storage it was redirected to.",
        why: &[(
            ALL,
            "With redirects on (redirect.disable: false, the default) the registry sends clients to a signed URL on the storage host; clients without a route to it, a proxy that rewrites the URL, or clients that do not trust its certificate then fail.",
        )],
        fix: "Turn redirects off (redirect.disable: true): the registry then serves the layers itself.",
        field: Some(FieldId::RedirectDisable),
        change: Some(RedirectsOff),
        about: &[FieldId::RedirectDisable, FieldId::S3RegionEndpoint],
        weight: 2,
    },
    Mode {
        id: "manifest-unknown",
        store: None,
        signs: &[s(&["manifest unknown"], ALL)],
        what: "The registry does not find the image.",
        why: &[
            (
                V3,
                "On Azure, registry 3.x names blobs without the leading / that 2.x used, so images pushed before an upgrade from chart 0.37.0 or older are not found. Elsewhere: the tag was never pushed to this storage, or the images were not copied.",
            ),
            (
                ALL,
                "The tag was never pushed to this storage, or the images were not copied when the storage changed.",
            ),
        ],
        fix: "Copy the images to the new storage (the copy steps of commands.sh), or push the image again.",
        field: Some(FieldId::MigrateFrom),
        change: None,
        about: &[FieldId::MigrateFrom],
        weight: 1,
    },
    Mode {
        id: "health-check-503",
        store: None,
        signs: &[s(&["health check failed"], ALL), s(&["503 service unavailable"], ALL)],
        what: "The registry answers 503: its storage health check fails.",
        why: &[(
            ALL,
            "The chart turns on the storage driver's health check; while the registry cannot read its storage every request gets 503.",
        )],
        fix: "Read the registry's own log (kubectl logs) for the storage error and paste it here.",
        field: None,
        change: None,
        about: &[],
        weight: 1,
    },
    Mode {
        id: "crash-loop",
        store: None,
        signs: &[
            s(&["crashloopbackoff"], ALL),
            s(&["back-off restarting failed container"], ALL),
        ],
        what: "The registry's pod keeps stopping at start.",
        why: &[(
            ALL,
            "The registry program exits at start, most often on its storage settings.",
        )],
        fix: "Read the stopped container's log (kubectl logs --previous) and paste it here.",
        field: None,
        change: None,
        about: &[],
        weight: 1,
    },
    Mode {
        id: "values-file",
        store: None,
        signs: &[
            s(&["mapping values are not allowed"], ALL),
            s(&["couldn't find key", "in secret"], ALL),
        ],
        what: "Helm or Kubernetes could not use the values: the file is malformed, or a Secret lacks the key named.",
        why: &[(
            ALL,
            "Blocks copied from old docs are often mis-indented, use keys the chart does not know (extraEnvVars), or name Secret keys that differ from the Secret's.",
        )],
        fix: "Use config.yaml and commands.sh from this page: the block sits under astronomer.registry, and the Secrets are made with the keys it names.",
        field: None,
        change: None,
        about: &[],
        weight: 2,
    },
    Mode {
        id: "body-too-large",
        store: None,
        signs: &[s(&["413 request entity too large"], ALL)],
        what: "The ingress refused a layer as too large.",
        why: &[(
            ALL,
            "The ingress controller limits request bodies; the registry is not involved.",
        )],
        fix: "Raise the ingress's body size limit for the registry (nginx: proxy-body-size 0).",
        field: None,
        change: None,
        about: &[],
        weight: 2,
    },
];
