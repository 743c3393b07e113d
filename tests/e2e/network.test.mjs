// Nothing leaves: up to the moment the page has settled (the app is ready and
// its worker answered) the page requests exactly its own files (document,
// style sheet, glue JS, WASM, and the worker's loader, glue and WASM: hosted
// under a sub-path) or nothing but the file itself and the Blob URL of its
// inlined worker (file://); after that, through a whole session of use, no
// request at all, neither in the browser's log nor at the server.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import {
  DIST,
  OFFLINE_URL,
  exerciseApp,
  fillBackend,
  fillPlatform,
  inTab,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

/** The one file of dist/ whose name matches `pattern`. */
function distFile(pattern) {
  const found = readdirSync(DIST).filter((name) => pattern.test(name));
  assert.equal(found.length, 1, `one file like ${pattern} in dist/: ${found}`);
  return found[0];
}

/**
 * What a hosted load must request, in no particular order: [type, path under
 * the sub-path]. A worker's own script is reported as 'script' or 'other'
 * depending on timing; its type is not compared (null).
 */
function hostedLoad() {
  return [
    ['document', ''],
    ['stylesheet', distFile(/^style-[0-9a-f]+\.css$/)],
    ['script', distFile(/^registry-configurator-[0-9a-f]+\.js$/)],
    ['other', distFile(/^registry-configurator-[0-9a-f]+_bg\.wasm$/)],
    // The worker, started at load: its loader, which imports the glue, which
    // fetches the WASM.
    [null, 'registry-worker_loader.js'],
    [null, 'registry-worker.js'],
    ['fetch', 'registry-worker_bg.wasm'],
  ];
}

const sorted = (list) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/**
 * After exerciseApp (credentials, S3 with its secret, remember, share, reveal,
 * copy, downloads, Azure, GCS, back to S3): every file's Copy and Download on
 * each backend, Download all, and Clear everything.
 */
async function wholeSession(tab, { clipboard }) {
  const { page } = tab;
  await exerciseApp(tab, { clipboard });
  for (const backend of ['gcs', 's3', 'azure', 'volume']) {
    await fillBackend(page, backend);
    await waitOutputsReady(page);
    const names = await page.locator('[data-artifact]').evaluateAll((els) => els.map((el) => el.dataset.artifact));
    for (const name of names) {
      await page.locator(`[id="tab-${name}"]`).click();
      await page.locator(`button[data-action="copy"][data-for="${name}"]`).click();
      await Promise.all([
        page.waitForEvent('download'),
        page.locator(`button[data-action="download"][data-for="${name}"]`).click(),
      ]);
    }
    await Promise.all([page.waitForEvent('download'), page.locator('button[data-action="download-all"]').click()]);
  }
  await page.locator('button[data-action="clear"]').click();
  await page.waitForSelector('[data-outputs="blocked"]', { state: 'attached' });
  await fillPlatform(page);
}

test('hosted: up to settled, exactly the document, style sheet, glue and wasm, and the worker\'s three files, once each', async () => {
  const { server } = e2e;
  const before = server.requests.length;
  await inTab(e2e.browser, { server }, async (tab) => {
    const expected = hostedLoad();
    const typeless = new Set(expected.filter(([type]) => type === null).map(([, path]) => `${server.url}${path}`));
    assert.deepEqual(
      sorted(tab.requests.map((r) => (typeless.has(r.url) ? { ...r, type: null } : r))),
      sorted(expected.map(([type, path]) => ({ url: `${server.url}${path}`, method: 'GET', type }))),
      'requests the browser made',
    );
    assert.deepEqual(
      sorted(server.requests.slice(before)),
      sorted(expected.map(([, path]) => ({ method: 'GET', url: `${server.base}${path}` }))),
      'requests the server received',
    );
  });
});

test('file://: up to settled, the file itself and the Blob URL of its inlined worker, nothing else', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL }, async (tab) => {
    assert.equal(await tab.page.locator('#app').getAttribute('data-tools'), 'worker', 'the inlined worker runs');
    const [document, ...rest] = tab.requests;
    assert.deepEqual(document, { url: OFFLINE_URL, method: 'GET', type: 'document' });
    assert.equal(rest.length, 1, `one more request: ${JSON.stringify(rest)}`);
    assert.match(rest[0].url, /^blob:/, 'the worker, from a Blob URL the page made');
  });
});

test('hosted: no request at all after ready, through a whole session', async () => {
  const { server } = e2e;
  await inTab(e2e.browser, { server }, async (tab) => {
    const browserMark = tab.requests.length;
    const serverMark = server.requests.length;
    await wholeSession(tab, { clipboard: true });
    assert.deepEqual(tab.requests.slice(browserMark), [], 'requests the browser made after ready');
    assert.deepEqual(server.requests.slice(serverMark), [], 'requests the server received after ready');
  });
});

test('file://: no request at all after ready, through a whole session', async () => {
  const { server } = e2e;
  await inTab(e2e.browser, { url: OFFLINE_URL }, async (tab) => {
    const browserMark = tab.requests.length;
    const serverMark = server.requests.length;
    await wholeSession(tab, { clipboard: false });
    assert.deepEqual(tab.requests.slice(browserMark), [], 'requests the browser made after ready');
    assert.deepEqual(server.requests.slice(serverMark), [], 'nothing reached the local server either');
  });
});
