// Credential modes: each radio of name="credentials" shows its own inputs and
// gives the files of that mode; a mode the release cannot use is disabled with
// the reason; keys typed in a Secret mode reach no file, storage or URL.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AZURE_KEY,
  S3_SECRET,
  STORAGE_KEY,
  VALID,
  artifactText,
  chooseBackend,
  field,
  fillPlatform,
  inTab,
  parseYaml,
  setField,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/astronomer-registry';
const OIDC = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

const mode = (page, value) => page.locator(`input[name="credentials"][value="${value}"]`);

async function pick(page, value) {
  await mode(page, value).check();
}

/** The names of the files on offer. */
const artifactNames = (page) =>
  page.locator('[data-artifact]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-artifact')));

async function registry(page) {
  return parseYaml(await artifactText(page, 'config.yaml')).astronomer.registry;
}

test('S3 modes: IRSA, Pod Identity and the nodes\' role need no key; each gives its files', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 's3');
    await fillPlatform(page, { chartVersion: '2.1.0' });
    await setField(page, 'astronomer.registry.s3.bucket', 'my-s3-bucket');
    await setField(page, 'astronomer.registry.s3.region', 'us-east-1');

    await pick(page, 'irsa');
    assert.equal(await field(page, 'astronomer.registry.s3.accesskey').count(), 0, 'no key inputs for IRSA');
    await setField(page, 'roleArn', ROLE_ARN);
    await setField(page, 'oidcProvider', OIDC);
    await waitOutputsReady(page);
    assert.deepEqual((await registry(page)).serviceAccount, {
      create: true,
      annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN },
    });
    assert.ok((await artifactNames(page)).includes('trust-policy.json'));
    const trust = JSON.parse(await artifactText(page, 'trust-policy.json'));
    assert.equal(
      trust.Statement[0].Condition.StringEquals['oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub'],
      'system:serviceaccount:astronomer:astronomer-registry',
    );

    await pick(page, 'pod-identity');
    await setField(page, 'eksCluster', 'prod');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="commands.sh"]')?.textContent.includes('create-pod-identity-association'),
    );
    assert.deepEqual((await registry(page)).serviceAccount, { create: true });

    await pick(page, 'node-role');
    await page.waitForFunction(() => !document.querySelector('[data-artifact="trust-policy.json"]'));
    const block = await registry(page);
    assert.equal(block.serviceAccount, undefined);
    assert.equal(block.s3.accesskey, undefined);
  });
});

test('a mode the release cannot use is disabled and says which release can', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 's3');
    await fillPlatform(page, { chartVersion: '0.30.8' });
    for (const value of ['irsa', 'pod-identity']) {
      await page.waitForFunction((v) => document.querySelector(`input[name="credentials"][value="${v}"]`)?.disabled, value);
    }
    const reasons = await page.locator('label.choice [data-role="unavailable"]').allTextContents();
    assert.ok(
      reasons.some((reason) => /\(IRSA\): its registry \(2\.8\.2\) does not read a web identity token\. It needs chart 0\.32\.3 or later/.test(reason)),
      reasons.join('\n'),
    );
    assert.equal(await mode(page, 'keys').isDisabled(), false);
    await setField(page, 'chartVersion', '2.1.0');
    await page.waitForFunction(() => !document.querySelector('input[name="credentials"][value="pod-identity"]')?.disabled);
  });
});

for (const [backend, secretMode, keyFields, chart] of [
  ['s3', 'keys-secret', { 'astronomer.registry.s3.accesskey': VALID.s3['astronomer.registry.s3.accesskey'], 'astronomer.registry.s3.secretkey': S3_SECRET }, '0.37.7'],
  ['azure', 'key-secret', { 'astronomer.registry.azure.accountkey': AZURE_KEY }, '0.37.7'],
]) {
  test(`${backend} ${secretMode}: the key inputs are hidden, and keys typed before reach no file, storage or URL`, async () => {
    await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
      await chooseBackend(page, backend);
      await fillPlatform(page, { chartVersion: chart });
      for (const [name, value] of Object.entries(VALID[backend])) {
        if (!(name in keyFields)) await setField(page, name, value);
      }
      // Keys typed in the inline mode first, then the Secret mode: the page
      // never asks for them there (commands.sh does) and shows no key input.
      for (const [name, value] of Object.entries(keyFields)) await setField(page, name, value);
      await pick(page, secretMode);
      for (const name of Object.keys(keyFields)) assert.equal(await field(page, name).count(), 0, `${name} is hidden`);
      await page.locator('input[name="remember"]').check();
      await page.locator('button[data-action="share"]').click();
      await waitOutputsReady(page);
      const files = await page.locator('[data-artifact]').allTextContents();
      const secrets = Object.values(keyFields).filter((value) => value.length > 20);
      for (const secret of secrets) {
        for (const text of files) assert.ok(!text.includes(secret), 'a typed key in a file');
        assert.ok(!page.url().includes(secret));
        const stored = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
        assert.ok(!String(stored).includes(secret));
      }
      const env = (await registry(page)).extraEnv;
      assert.ok(env.some((entry) => entry.valueFrom?.secretKeyRef?.name), JSON.stringify(env));
      const commands = await artifactText(page, 'commands.sh');
      assert.match(commands, /IFS= read -rs value/);
      assert.match(commands, /kubectl create secret generic/);
    });
  });
}

test('GCS Workload Identity: no key file, the ServiceAccount annotated, the bindings in the steps', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 'gcs');
    await fillPlatform(page, { chartVersion: '2.1.0' });
    await setField(page, 'astronomer.registry.gcs.bucket', 'my-gcs-bucket');
    await pick(page, 'workload-identity');
    assert.equal(await field(page, 'gcsKeyFilePath').count(), 0, 'no key file input');
    await setField(page, 'gcpServiceAccount', 'registry@my-project.iam.gserviceaccount.com');
    await waitOutputsReady(page);
    const block = await registry(page);
    assert.equal(block.gcs.useKeyfile, false);
    assert.equal(block.serviceAccount.annotations['iam.gke.io/gcp-service-account'], 'registry@my-project.iam.gserviceaccount.com');
    const steps = (await page.locator('.steps li').allTextContents()).join('\n');
    assert.match(steps, /roles\/iam\.workloadIdentityUser/);
    assert.match(steps, /roles\/iam\.serviceAccountTokenCreator/);
    // Switching back keeps what was typed.
    await pick(page, 'keyfile');
    await pick(page, 'workload-identity');
    assert.equal(await field(page, 'gcpServiceAccount').inputValue(), 'registry@my-project.iam.gserviceaccount.com');
  });
});
