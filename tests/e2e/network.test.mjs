// Nothing leaves: the only requests are for the page's own files, hosted under
// a sub-path or from file://, through a full session of use.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OFFLINE_URL, exerciseApp, inTab, useBrowser } from './harness.mjs';

const e2e = useBrowser();

test('hosted, page load: requests only for its own files under the sub-path', async () => {
  const { server } = e2e;
  await inTab(e2e.browser, { server, wait: 'wasm' }, async (tab) => {
    tab.assertOnlyOwnRequests({ server });
    assert.ok(tab.requests.length >= 3, `document, glue, wasm: ${tab.requests.map((r) => r.url)}`);
  });
});

test('file://, page load: no request but the file itself', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL, wait: 'wasm' }, async (tab) => {
    tab.assertOnlyOwnRequests({ fileUrl: OFFLINE_URL });
  });
});

test('hosted, a full session (credentials, backends, copy, downloads, share): own files only', async () => {
  const { server } = e2e;
  await inTab(e2e.browser, { server, wait: 'load' }, async (tab) => {
    await exerciseApp(tab);
    tab.assertOnlyOwnRequests({ server });
  });
});

test('file://, a full session: no request but the file itself', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL, wait: 'load' }, async (tab) => {
    await exerciseApp(tab, { clipboard: false });
    tab.assertOnlyOwnRequests({ fileUrl: OFFLINE_URL });
  });
});
