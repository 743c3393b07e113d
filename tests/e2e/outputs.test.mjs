// Outputs: Download gives exactly the shown text, "Download all" a zip of every
// file, Copy puts the text on the clipboard (or selects it as the fallback).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  OFFLINE_URL,
  artifactText,
  downloadVia,
  fillBackend,
  fillPlatform,
  launchBrowser,
  openTab,
  startServer,
  waitOutputsReady,
  zipMembers,
} from './harness.mjs';

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function readyS3(tab, url) {
  await tab.goto(url);
  await tab.waitForApp();
  await fillPlatform(tab.page);
  await fillBackend(tab.page, 's3');
  await waitOutputsReady(tab.page);
}

for (const where of ['hosted', 'file://']) {
  test(`${where}: Download config.yaml gives the shown text byte for byte`, async () => {
    const tab = await openTab(browser, where === 'hosted' ? { origin: server.origin } : {});
    try {
      await readyS3(tab, where === 'hosted' ? server.url : OFFLINE_URL);
      const text = await artifactText(tab.page, 'config.yaml');
      const dl = await downloadVia(tab.page, 'button[data-action="download"][data-for="config.yaml"]');
      assert.equal(dl.name, 'config.yaml');
      assert.ok(dl.bytes.equals(Buffer.from(text, 'utf8')), 'download bytes equal the artifact text');
      await tab.assertClean();
    } finally {
      await tab.close();
    }
  });
}

test('Download all gives registry-backend.zip with every file shown', async () => {
  const tab = await openTab(browser, { origin: server.origin });
  try {
    await readyS3(tab, server.url);
    const names = await tab.page.locator('[data-artifact]').evaluateAll((els) => els.map((e) => e.dataset.artifact));
    assert.deepEqual([...names].sort(), ['commands.sh', 'config.yaml', 'iam-policy.json']);
    const dl = await downloadVia(tab.page, 'button[data-action="download-all"]');
    assert.equal(dl.name, 'registry-backend.zip');
    assert.ok(dl.bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')), 'zip signature');
    const members = zipMembers(dl.path);
    assert.deepEqual(Object.keys(members).sort(), [...names].sort());
    for (const name of names) assert.equal(members[name], await artifactText(tab.page, name), name);
    await tab.assertClean();
  } finally {
    await tab.close();
  }
});

test('Copy puts config.yaml on the clipboard (or selects it as the fallback)', async () => {
  const tab = await openTab(browser, { origin: server.origin });
  try {
    await readyS3(tab, server.url);
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
    await tab.assertClean();
  } finally {
    await tab.close();
  }
});
