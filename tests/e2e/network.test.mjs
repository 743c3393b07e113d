// Nothing leaves: the only requests are for the page's own files, hosted under
// a sub-path or from file://, through a full session of use.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OFFLINE_URL, exerciseApp, launchBrowser, openTab, startServer } from './harness.mjs';

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

test('hosted, page load: requests only for its own files under the sub-path', async () => {
  const tab = await openTab(browser, { origin: server.origin });
  try {
    await tab.goto(server.url);
    await tab.waitForWasmStart();
    tab.assertOnlyOwnRequests({ server });
    assert.ok(tab.requests.length >= 3, `document, glue, wasm: ${tab.requests.map((r) => r.url)}`);
    await tab.assertClean();
  } finally {
    await tab.close();
  }
});

test('file://, page load: no request but the file itself', async () => {
  const tab = await openTab(browser);
  try {
    await tab.goto(OFFLINE_URL);
    await tab.waitForWasmStart();
    tab.assertOnlyOwnRequests({ fileUrl: OFFLINE_URL });
    await tab.assertClean();
  } finally {
    await tab.close();
  }
});

test('hosted, a full session (credentials, backends, copy, downloads, share): own files only', async () => {
  const tab = await openTab(browser, { origin: server.origin });
  try {
    await tab.goto(server.url);
    await exerciseApp(tab);
    tab.assertOnlyOwnRequests({ server });
    await tab.assertClean();
  } finally {
    await tab.close();
  }
});

test('file://, a full session: no request but the file itself', async () => {
  const tab = await openTab(browser);
  try {
    await tab.goto(OFFLINE_URL);
    await exerciseApp(tab, { clipboard: false });
    tab.assertOnlyOwnRequests({ fileUrl: OFFLINE_URL });
    await tab.assertClean();
  } finally {
    await tab.close();
  }
});
