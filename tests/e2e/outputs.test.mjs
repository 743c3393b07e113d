// Outputs: Download gives exactly the shown text, "Download all" a zip of every
// file, Copy puts the text on the clipboard (or selects it as the fallback).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OFFLINE_URL,
  artifactText,
  downloadVia,
  fillBackend,
  fillPlatform,
  inTab,
  useBrowser,
  waitOutputsReady,
  zipMembers,
} from './harness.mjs';

const e2e = useBrowser();

async function readyS3(page) {
  await fillPlatform(page);
  await fillBackend(page, 's3');
  await waitOutputsReady(page);
}

for (const where of ['hosted', 'file://']) {
  test(`${where}: Download config.yaml gives the shown text byte for byte`, async () => {
    await inTab(e2e.browser, where === 'hosted' ? { server: e2e.server } : { url: OFFLINE_URL }, async (tab) => {
      await readyS3(tab.page);
      const text = await artifactText(tab.page, 'config.yaml');
      const dl = await downloadVia(tab.page, 'button[data-action="download"][data-for="config.yaml"]');
      assert.equal(dl.name, 'config.yaml');
      assert.ok(dl.bytes.equals(Buffer.from(text, 'utf8')), 'download bytes equal the artifact text');
    });
  });
}

test('Download all gives registry-backend.zip with every file shown', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab) => {
    await readyS3(tab.page);
    const names = await tab.page.locator('[data-artifact]').evaluateAll((els) => els.map((e) => e.dataset.artifact));
    assert.deepEqual([...names].sort(), ['commands.sh', 'config.yaml', 'iam-policy.json']);
    const dl = await downloadVia(tab.page, 'button[data-action="download-all"]');
    assert.equal(dl.name, 'registry-backend.zip');
    assert.ok(dl.bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')), 'zip signature');
    const members = zipMembers(dl.path);
    assert.deepEqual(Object.keys(members).sort(), [...names].sort());
    for (const name of names) assert.equal(members[name], await artifactText(tab.page, name), name);
  });
});

test('Copy puts config.yaml on the clipboard (or selects it as the fallback)', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab) => {
    await readyS3(tab.page);
    const text = await artifactText(tab.page, 'config.yaml');
    await tab.page.evaluate(() => navigator.clipboard.writeText('before'));
    await tab.page.locator('button[data-action="copy"][data-for="config.yaml"]').click();
    await tab.page.waitForFunction(
      async (expected) =>
        (await navigator.clipboard.readText().catch(() => '')) === expected ||
        String(window.getSelection()) === expected,
      text,
      { polling: 'raf' },
    );
  });
});
