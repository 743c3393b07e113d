// Files an admin can trust (issue 18), one browser test per item the page
// shows, keyboard only where it matters (a paste is Ctrl+V into the focused
// field). The items tested elsewhere: a refused import blocks the files with
// the reason (import.test.mjs), a setting the files force is shown ticked and
// locked with why and a reload asks first (upgrade.test.mjs), the
// keys-in-a-Secret modes show no key inputs (credentials.test.mjs).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AZURE_KEY,
  VALID,
  artifactText,
  chooseBackend,
  field,
  fieldBox,
  fillBackend,
  fillPlatform,
  focused,
  inTab,
  pasteKeys,
  parseYaml,
  pasteImport,
  setField,
  useBrowser,
  valueBecomes,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

const S3_BUCKET = 'astronomer.registry.s3.bucket';
const S3_ROOT = 'astronomer.registry.s3.rootdirectory';
const AZURE_ACCOUNT = 'astronomer.registry.azure.accountname';
const AZURE_CONTAINER = 'astronomer.registry.azure.container';
const AZURE_KEY_FIELD = 'astronomer.registry.azure.accountkey';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/astronomer-registry';
const OIDC = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';


/** What normalising said at the field. */
const noteAt = (page, name) => fieldBox(page, name).locator('[data-role="normalized"]').textContent();



// --- Paste readings ---------------------------------------------------------------

test('paste (Ctrl+V) s3://bucket/prefix into the bucket: the bucket and the root directory in one go, each says so', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await field(page, S3_BUCKET).focus();
    await page.keyboard.press('Control+A');
    await pasteKeys(page, 's3://my-bucket/registry');
    await valueBecomes(page, S3_BUCKET, 'my-bucket');
    await valueBecomes(page, S3_ROOT, '/registry');
    assert.match(await noteAt(page, S3_BUCKET), /as the bucket my-bucket and the root directory \/registry/);
    assert.match(await noteAt(page, S3_ROOT), /Read from s3:\/\/my-bucket\/registry/);
    assert.equal((await focused(page)).name, S3_BUCKET, 'the focus stays in the field');
    await waitOutputsReady(page);
    const s3 = parseYaml(await artifactText(page, 'config.yaml')).astronomer.registry.s3;
    assert.equal(s3.bucket, 'my-bucket');
    assert.equal(s3.rootdirectory, '/registry');

    // A root directory the user typed is kept; the bucket's note says what to do.
    await setField(page, S3_ROOT, '/images');
    await field(page, S3_BUCKET).focus();
    await page.keyboard.press('Control+A');
    await pasteKeys(page, 's3://other-bucket/registry');
    await valueBecomes(page, S3_BUCKET, 'other-bucket');
    assert.equal(await field(page, S3_ROOT).inputValue(), '/images');
    assert.match(
      await noteAt(page, S3_BUCKET),
      /Its prefix \/registry is not the root directory below, \/images: make that \/registry if the images are to go there\./,
    );

    // An Azure URL with a container: the account and the container.
    await chooseBackend(page, 'azure');
    await field(page, AZURE_ACCOUNT).focus();
    await pasteKeys(page, 'https://myaccount.blob.core.windows.net/images');
    await valueBecomes(page, AZURE_ACCOUNT, 'myaccount');
    await valueBecomes(page, AZURE_CONTAINER, 'images');
  });
});

test('paste (Ctrl+V) an Azure key with a line break: the line break goes, the field names it and never quotes the key', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 'azure', { ...VALID.azure, [AZURE_KEY_FIELD]: '' });
    await field(page, AZURE_KEY_FIELD).focus();
    // As copied from a page that wraps the key: the browser's input makes the line break a space.
    await pasteKeys(page, `${AZURE_KEY.slice(0, 60)}\n${AZURE_KEY.slice(60)}`);
    await valueBecomes(page, AZURE_KEY_FIELD, AZURE_KEY);
    const note = await noteAt(page, AZURE_KEY_FIELD);
    assert.match(note, /^Removed the space inside the key \(a line break copied with it becomes one in this field\)/);
    assert.ok(!note.includes(AZURE_KEY.slice(0, 12)) && !note.includes(AZURE_KEY.slice(70)), 'the note quotes no part of the key');
    assert.equal(await fieldBox(page, AZURE_KEY_FIELD).locator('.error').count(), 0);
    await waitOutputsReady(page);
    assert.equal(parseYaml(await artifactText(page, 'config.yaml')).astronomer.registry.azure.accountkey, AZURE_KEY);
  });
});

// --- The import -----------------------------------------------------------------

const S3_FILE = `global:
  baseDomain: astro.example.com
astronomer:
  registry:
    replicas: 3
    resources:
      requests:
        cpu: 500m
    logLevel: info
    podAnnotations:
      team: platform
    livenessProbe:
      initialDelaySeconds: 10
    replica: 2
    s3:
      enabled: true
      bucket: images
      region: us-east-1
      accesskey: AKIAIOSFODNN7EXAMPLE
      secretkey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

test('after an import the images are where the file keeps them: nothing to copy, said in those words', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page, { chartVersion: '2.1.0' });
    // Before: a new S3 store, images on the volume (the default): a copy Job.
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    assert.equal(await page.locator('input[name="migrateFrom"][value="volume"]').isChecked(), true);
    assert.equal(await page.locator('[data-artifact="migrate-job-2.yaml"]').count(), 1);

    await pasteImport(page, S3_FILE);
    await page.waitForSelector('[data-role="import-summary"]');
    const none = page.locator('input[name="migrateFrom"][value="none"]');
    await page.waitForFunction(() => document.querySelector('input[name="migrateFrom"][value="none"]')?.checked);
    const label = await page.locator('label.choice').filter({ has: none }).textContent();
    assert.match(label, /Already in this storage, or nowhere yet/);
    assert.match(label, /nothing is copied/);
    await waitOutputsReady(page);
    await page.waitForFunction(() => !document.querySelector('[data-artifact="migrate-job-2.yaml"]'));
    assert.doesNotMatch(await artifactText(page, 'commands.sh'), /migrate-job/);

    // A file that keeps the images on the volume: a switch to S3 copies them from there.
    await pasteImport(page, 'global:\n  baseDomain: astro.example.com\nastronomer:\n  registry:\n    persistence:\n      enabled: true\n');
    await page.waitForFunction(() => document.querySelector('input[name="backend"][value="volume"]')?.checked);
    await chooseBackend(page, 's3');
    assert.equal(await page.locator('input[name="migrateFrom"][value="volume"]').isChecked(), true);
  });
});

test('the lint leaves alone the keys the release reads, and names only the one no release reads', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page, { chartVersion: '2.1.0' });
    await pasteImport(page, S3_FILE);
    await page.waitForSelector('[data-role="import-summary"]');
    await waitOutputsReady(page);
    const findings = page.locator('[data-role="findings"] li');
    await page.waitForFunction(() => document.querySelectorAll('[data-role="findings"] li').length > 0);
    const texts = await findings.allTextContents();
    for (const key of ['replicas', 'resources', 'logLevel', 'podAnnotations', 'livenessProbe']) {
      assert.ok(!texts.some((text) => text.includes(`registry.${key} `) || text.includes(`registry.${key}:`)), `${key}: ${texts.join('\n')}`);
    }
    assert.ok(texts.some((text) => /never reads astronomer\.registry\.replica \(no release does\)/.test(text)), texts.join('\n'));
    // Kept as written in the file given back.
    const registry = parseYaml(await artifactText(page, 'config.yaml')).astronomer.registry;
    assert.equal(registry.replicas, 3);
    assert.deepEqual(registry.resources, { requests: { cpu: '500m' } });
    assert.equal(registry.logLevel, 'info');
  });
});

// --- The plane and the cluster -------------------------------------------------------

test('a data plane: the files name it and its release; commands.sh shows the kube context and checks the release before any change', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page, { chartVersion: '1.2.0', release: 'astronomer-dp2', namespace: 'dp2' });
    await page.locator('input[name="planeMode"][value="data"]').check();
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    const script = await artifactText(page, 'commands.sh');
    assert.match(script, /# For the release astronomer-dp2 in the namespace dp2 \(chart 1\.2\.0\), a data\s+(# )?plane\./);
    const lines = script.split('\n');
    const context = lines.findIndex((line) => line.includes('kubectl config current-context'));
    const check = lines.findIndex((line) => line.includes("helm list --namespace dp2 --filter '^astronomer-dp2$'"));
    const firstChange = lines.findIndex((line) => /^(aws|kubectl (apply|create)|helm upgrade|\()/.test(line));
    assert.ok(context > 0 && check > context && firstChange > check, `context ${context}, check ${check}, first change ${firstChange}`);
    assert.match(script, /echo "commands\.sh: kube context \$context; looking for the release astronomer-dp2 in the namespace dp2 \(a data plane\)\."/);
    assert.match(script, /these files are for astronomer-1\.2\.0, not \$installed\. Nothing was changed\./);
    // The page's steps upgrade that release.
    const steps = await page.locator('.steps li').allTextContents();
    assert.ok(steps.some((step) => step.includes('--namespace dp2') && step.includes('helm upgrade astronomer-dp2')), steps.join('\n'));
  });
});

test('IRSA with a KMS key: the policy name carries the plane, the key policy gets one statement added, never replaced', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page, { chartVersion: '0.37.7', release: 'astronomer-dp1', namespace: 'dp1' });
    await chooseBackend(page, 's3');
    await setField(page, S3_BUCKET, 'my-s3-bucket');
    await setField(page, 'astronomer.registry.s3.region', 'us-east-1');
    await page.locator('input[name="credentials"][value="irsa"]').check();
    await setField(page, 'roleArn', ROLE_ARN);
    await setField(page, 'oidcProvider', OIDC);
    await setField(page, 'astronomer.registry.s3.encrypt', true);
    await setField(page, 'astronomer.registry.s3.keyid', KMS_KEY);
    await waitOutputsReady(page);
    const names = await page.locator('[data-artifact]').evaluateAll((nodes) => nodes.map((node) => node.dataset.artifact));
    assert.ok(names.includes('kms-key-statement.json'), names.join(' '));
    assert.ok(!names.some((name) => /key-policy/.test(name)), 'no file that is a whole key policy');
    const statement = JSON.parse(await artifactText(page, 'kms-key-statement.json'));
    assert.equal(statement.Statement, undefined, 'one statement, not a policy');
    assert.equal(statement.Effect, 'Allow');
    assert.equal(statement.Principal.AWS, ROLE_ARN);
    const commands = await page.locator('.steps li pre').allTextContents();
    const kms = commands.find((command) => command.includes('put-key-policy'));
    assert.ok(kms, commands.join('\n'));
    assert.ok(kms.indexOf('get-key-policy') < kms.indexOf('put-key-policy'), 'reads the policy before writing it back');
    assert.match(kms, /jq --slurpfile add "\$here\/kms-key-statement\.json" '\.Statement = \(\[\.Statement\] \| flatten\) \+ \$add'/);
    assert.match(kms, /already has the statement/);
    // The IAM policy is the plane's own.
    assert.ok(commands.some((command) => command.includes('--policy-name astronomer-registry-dp1-astronomer-dp1')), commands.join('\n'));
  });
});

test('every step works where it is pasted: files by $here, prompts for bash and zsh, no lasting change to the shell', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page, { chartVersion: '0.37.7' });
    await fillBackend(page, 's3');
    await page.locator('input[name="credentials"][value="keys-secret"]').check();
    await waitOutputsReady(page);
    const intro = await page.locator('.steps > p').allTextContents();
    assert.ok(intro.some((text) => text.includes('here=path/to/the/files')), intro.join('\n'));
    const commands = await page.locator('.steps li pre').allTextContents();
    let files = 0;
    let shellChanges = 0;
    for (const command of commands) {
      // Every generated file is named from $here, never from the current folder.
      for (const match of command.matchAll(/(file:\/\/)?[\w./$-]*\b(migrate-job-\d\.yaml|[\w-]+\.json)\b/g)) {
        files += 1;
        assert.match(match[0], /^(file:\/\/)?\$here\/[\w.-]+$/, `${match[0]} in: ${command}`);
      }
      assert.doesNotMatch(command, /read -\w*p/, 'no bash-only read -p prompt');
      // umask and traps only inside the step's own subshell.
      if (/umask|trap /.test(command)) {
        shellChanges += 1;
        assert.match(command, /^\(.*\)$/s, command);
      }
    }
    assert.ok(files >= 2 && shellChanges >= 1, `files named ${files}, steps that set umask or a trap ${shellChanges}`);
    const secret = commands.find((command) => command.includes('kubectl create secret generic'));
    assert.match(secret, /printf '%s: ' 'Secret access key' >&2; IFS= read -rs value/);
  });
});
