// Nothing stays: the sentinel secrets appear in their inputs and the generated
// files, and nowhere the browser keeps anything (storage, cookies, URL,
// history), even after sharing a link and opting in to "remember".

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AZURE_KEY,
  OFFLINE_URL,
  S3_SECRET,
  chooseBackend,
  exerciseApp,
  field,
  inTab,
  persistentTraces,
  secretVariants,
  useBrowser,
  zipMembers,
} from './harness.mjs';

const e2e = useBrowser();

function assertNoSecrets(traces, where) {
  const text = JSON.stringify(traces);
  for (const secret of [S3_SECRET, AZURE_KEY]) {
    for (const variant of secretVariants(secret)) {
      assert.ok(!text.includes(variant), `${where}: a form of the sentinel secret (${variant}) is kept: ${text}`);
    }
  }
}

/** Uses the app in `tab` (loaded, not yet mounted) and checks where the secrets went. */
async function checkSession(tab, { clipboard }) {
  const seen = await exerciseApp(tab, { clipboard });

  // The generated files do carry the secrets (the seed's inline form).
  assert.ok(seen.artifacts.s3.includes(S3_SECRET), 'S3 secret in config.yaml');
  assert.ok(seen.artifacts.azure.includes(AZURE_KEY), 'Azure key in config.yaml');
  const zip = seen.downloads.find((d) => d.name.endsWith('.zip'));
  assert.ok(zipMembers(zip.path)['config.yaml'].includes(S3_SECRET), 'S3 secret in the zip');

  // The share link and everything the browser keeps do not.
  for (const variant of [...secretVariants(S3_SECRET), ...secretVariants(AZURE_KEY)]) {
    assert.ok(!seen.shareLink.includes(variant), `share link carries a secret: ${seen.shareLink}`);
  }
  assertNoSecrets(await persistentTraces(tab), 'after use');

  // Reload: remembered settings may come back, secrets must not.
  await tab.page.reload({ waitUntil: 'load' });
  await tab.waitForApp();
  assertNoSecrets(await persistentTraces(tab), 'after reload');
  // exerciseApp ends on S3 with Remember on and a shared link, so the reload
  // brings S3 back (with its bucket): its secret input is there, and empty.
  const { page } = tab;
  assert.equal(await page.locator('input[name="backend"][value="s3"]').isChecked(), true, 'S3 comes back');
  assert.equal(await field(page, 'astronomer.registry.s3.bucket').inputValue(), 'my-s3-bucket', 'settings come back');
  assert.equal(await field(page, 'astronomer.registry.s3.secretkey').inputValue(), '', 'the S3 secret does not');
  await chooseBackend(page, 'azure');
  assert.equal(await field(page, 'astronomer.registry.azure.accountname').inputValue(), 'mystorageaccount');
  assert.equal(await field(page, 'astronomer.registry.azure.accountkey').inputValue(), '', 'nor the Azure key');
  assertNoSecrets(await persistentTraces(tab), 'after switching backends on the reloaded page');
}

test('hosted: sentinel secrets end up only in the inputs and generated files', async () => {
  await inTab(e2e.browser, { server: e2e.server, wait: 'load' }, (tab) => checkSession(tab, { clipboard: true }));
});

test('file://: sentinel secrets end up only in the inputs and generated files', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL, wait: 'load' }, (tab) => checkSession(tab, { clipboard: false }));
});

test('secret inputs are password inputs with a reveal toggle', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab) => {
    for (const [backend, name] of [
      ['s3', 'astronomer.registry.s3.secretkey'],
      ['azure', 'astronomer.registry.azure.accountkey'],
    ]) {
      await tab.page.locator(`input[name="backend"][value="${backend}"]`).check();
      const input = field(tab.page, name);
      assert.equal(await input.getAttribute('type'), 'password');
      const toggle = tab.page.locator(`button[data-action="reveal"][data-for="${name}"]`);
      await toggle.click();
      assert.equal(await input.getAttribute('type'), 'text');
      await toggle.click();
      assert.equal(await input.getAttribute('type'), 'password');
    }
  });
});
