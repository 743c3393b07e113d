//! An Azure container across the line between distribution 2.x and 3.x: the
//! Jobs that copy each blob to the name the other generation reads, and the
//! one that removes the old names afterwards.
//!
//! The 2.x Azure drivers name blobs `/docker/registry/v2/...`; 3.x trims the
//! slash and reads only `docker/registry/v2/...`
//! ([`Registry::azure_names_lead_with_slash`]). So before an upgrade from a
//! 2.x release to a 3.x release on the same container every blob is copied,
//! server-side, to its 3.x name ([`Rename::Upgrade`]); going back copies the
//! other way what was pushed since ([`Rename::GoBack`]); once verify passes on
//! the new release, [`Rename::CleanUp`] removes the 2.x names, which the new
//! registry never sees and never collects.
//!
//! The Jobs run the blob SDK of the azure-cli image, as the copy from the
//! volume does (`migrate::azure_sdk_script` says which and why), with the
//! account key from the same Secret ([`migrate::azure_key_secret`]). No Job
//! ever overwrites a name that exists: a tag pushed again after the upgrade
//! must not be rolled back to the old link. Each ends by counting both sides
//! and fails, naming the counts, when an old name has no counterpart.

use crate::model::Registry;
use crate::render::migrate::{
    self, JobParts, azure_key_secret, azure_root, azure_sdk_script, env_secret, job_manifest,
};
use crate::settings::{Azure, Backend, Config};

/// One of the Jobs of an Azure container across the 2.x / 3.x line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rename {
    /// Before the upgrade from a 2.x release to a 3.x release: every
    /// `/docker/...` blob copied to `docker/...`.
    Upgrade,
    /// Going back from the 3.x release to the 2.x release: every
    /// `docker/...` blob copied to `/docker/...` (images pushed after the
    /// upgrade exist only under the 3.x names).
    GoBack,
    /// After the upgrade and verify: the `/docker/...` names removed, only
    /// when every one of them has its `docker/...` counterpart.
    CleanUp,
}

impl Rename {
    /// The copy an Azure container needs when the registry `from` gives way
    /// to `to` on it: `None` when both read the same names.
    pub fn between(from: Registry, to: Registry) -> Option<Rename> {
        match (from.azure_names_lead_with_slash(), to.azure_names_lead_with_slash()) {
            (true, false) => Some(Rename::Upgrade),
            (false, true) => Some(Rename::GoBack),
            (true, true) | (false, false) => None,
        }
    }

    /// The Job's file name, e.g. `azure-rename-upgrade.yaml`.
    pub fn file(self) -> &'static str {
        match self {
            Rename::Upgrade => "azure-rename-upgrade.yaml",
            Rename::GoBack => "azure-rename-go-back.yaml",
            Rename::CleanUp => "azure-rename-clean-up.yaml",
        }
    }

    /// The Job's name in the platform's namespace, e.g.
    /// `astronomer-registry-rename-upgrade`.
    pub fn job(self, release: &str) -> String {
        match self {
            Rename::Upgrade => format!("{release}-registry-rename-upgrade"),
            Rename::GoBack => format!("{release}-registry-rename-go-back"),
            Rename::CleanUp => format!("{release}-registry-rename-clean-up"),
        }
    }

    /// The prefixes (old names, new names) the Job works on: the root of a
    /// 2.x registry and of a 3.x one, each with `docker/`.
    fn prefixes(self) -> (String, String) {
        let v2 = format!("{}docker/", azure_root(Registry::Fork2));
        let v3 = format!("{}docker/", azure_root(Registry::V3_1_1));
        match self {
            Rename::Upgrade | Rename::CleanUp => (v2, v3),
            Rename::GoBack => (v3, v2),
        }
    }
}

/// A generated Job: its file name, its name in the cluster and its manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The file name, e.g. `azure-rename-upgrade.yaml` ([`Rename::file`]).
    pub file: &'static str,
    /// `metadata.name`, e.g. `astronomer-registry-rename-upgrade`
    /// ([`Rename::job`]): what `kubectl wait job/<name>` names.
    pub name: String,
    /// The manifest, for `kubectl apply -f`.
    pub manifest: String,
}

/// The server-side copy of every blob under `source` to the same name under
/// `target`, never over a name that exists (skipped when listed, and refused
/// by the service with `If-None-Match: *` when it appeared since); pending
/// copies awaited; then both sides counted.
const COPY: &str = r#"def names(prefix):
    return {blob.name for blob in container.list_blobs(name_starts_with=prefix)}
old = sorted(names(source))
new = names(target)
started = []
kept = 0
for name in old:
    counterpart = target + name[len(source):]
    if counterpart in new:
        kept += 1
        continue
    client = container.get_blob_client(counterpart)
    try:
        copy = client.start_copy_from_url(container.get_blob_client(name).url,
                                          match_condition=MatchConditions.IfMissing)
    except HttpResponseError as error:
        if error.status_code in (409, 412) and client.exists():
            kept += 1
            continue
        raise
    started.append((client, copy['copy_status']))
for client, status in started:
    while status == 'pending':
        time.sleep(1)
        status = client.get_blob_properties().copy.status
    if status != 'success':
        sys.exit(f'the copy to {client.blob_name} ended {status}')
new = names(target)
missing = [name for name in old if target + name[len(source):] not in new]
print(f'names under {source}: {len(old)}; under {target}: {len(new)}; copied: {len(started)}; '
      f'already there (kept): {kept}; without a counterpart: {len(missing)}')
for name in missing[:20]:
    print(f'no {target + name[len(source):]} for {name}')
sys.exit(1 if missing else 0)
"#;

/// The removal of every blob under `source` once each has its counterpart
/// under `target`; when one has none, nothing is deleted.
const CLEAN_UP: &str = r#"def names(prefix):
    return {blob.name for blob in container.list_blobs(name_starts_with=prefix)}
old = sorted(names(source))
new = names(target)
missing = [name for name in old if target + name[len(source):] not in new]
print(f'names under {source}: {len(old)}; under {target}: {len(new)}; '
      f'without a counterpart: {len(missing)}')
if missing:
    for name in missing[:20]:
        print(f'no {target + name[len(source):]} for {name}')
    sys.exit(f'nothing deleted: run the copy to {target} again first')
for name in old:
    container.delete_blob(name, delete_snapshots='include')
left = len(names(source))
print(f'deleted: {len(old)}; names left under {source}: {left}')
sys.exit(1 if left else 0)
"#;

/// The Job `rename` of an Azure configuration (`None` for another backend),
/// for the container, account and key of `config`. Its image is azure-cli's
/// of [`migrate::IMAGES`], its key the `accountkey` of
/// [`migrate::azure_key_secret`]; it exits non-zero, with the counts, when an
/// old name has no counterpart.
pub fn job(config: &Config, rename: Rename) -> Option<Job> {
    match &config.backend {
        Backend::Azure(azure) => Some(azure_job(config, azure, rename)),
        Backend::Gcs(_) | Backend::S3(_) | Backend::Volume(_) => None,
    }
}

fn azure_job(config: &Config, azure: &Azure, rename: Rename) -> Job {
    let (source, target) = rename.prefixes();
    let (program, header) = match rename {
        Rename::Upgrade => (
            COPY,
            "# Before the upgrade to registry 3.x: every blob /docker/... copied to docker/..., the name 3.x reads.\n\
             # Never over a name that exists; it fails when a /docker/... name has no docker/... copy.\n",
        ),
        Rename::GoBack => (
            COPY,
            "# Going back to registry 2.x: every blob docker/... copied to /docker/..., the name 2.x reads.\n\
             # Never over a name that exists; it fails when a docker/... name has no /docker/... copy.\n",
        ),
        Rename::CleanUp => (
            CLEAN_UP,
            "# After the upgrade to registry 3.x and its verify: the old names /docker/... removed.\n\
             # It deletes nothing and fails when a /docker/... name has no docker/... copy.\n",
        ),
    };
    let release = config.platform.release.as_str();
    let secret = azure_key_secret(config, azure);
    Job {
        file: rename.file(),
        name: rename.job(release),
        manifest: job_manifest(
            config,
            JobParts {
                name: rename.job(release),
                label: "registry-rename",
                image: migrate::AZURE_CLI,
                script: azure_sdk_script(azure, &[("source", &source), ("target", &target)], program),
                env: vec![env_secret("AZURE_STORAGE_KEY", &secret, "accountkey")],
                mounts: Vec::new(),
                volumes: Vec::new(),
                beside_registry: false,
            },
            header,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_goes_from_the_names_of_the_old_registry_to_those_of_the_new() {
        use Registry::*;
        for (from, to, want) in [
            (Fork2, V3_0_0, Some(Rename::Upgrade)),
            (Upstream2_8_2, V3_1_1, Some(Rename::Upgrade)),
            (V3_0_0, Fork2, Some(Rename::GoBack)),
            (V3_1_1, Upstream2_8_2, Some(Rename::GoBack)),
            (Fork2, Upstream2_8_2, None),
            (V3_0_0, V3_1_1, None),
            (V3_1_1, V3_1_1, None),
        ] {
            assert_eq!(Rename::between(from, to), want, "{from:?} -> {to:?}");
        }
        assert_eq!(
            Rename::Upgrade.prefixes(),
            ("/docker/".to_owned(), "docker/".to_owned())
        );
        assert_eq!(Rename::GoBack.prefixes(), ("docker/".to_owned(), "/docker/".to_owned()));
        assert_eq!(Rename::CleanUp.prefixes(), Rename::Upgrade.prefixes());
    }
}
