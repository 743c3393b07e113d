// The page loads under a sub-path of a static host and from file://.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OFFLINE_URL, launchBrowser, openTab, startServer } from './harness.mjs';

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

async function withTab(opts, fn) {
  const tab = await openTab(browser, opts);
  try {
    await fn(tab);
  } finally {
    await tab.close();
  }
}

test('hosted under a sub-path: the wasm starts with no console error or CSP violation', async () => {
  await withTab({ origin: server.origin }, async (tab) => {
    await tab.goto(server.url);
    await tab.waitForWasmStart();
    assert.deepEqual(await tab.cspViolations(), []);
    await tab.assertClean();
    const paths = server.requests.map((r) => r.url);
    assert.ok(paths.some((p) => p.endsWith('.wasm')), `the wasm came from the sub-path: ${paths}`);
  });
});

test('offline.html from file://: the wasm starts with no console error or CSP violation', async () => {
  await withTab({}, async (tab) => {
    await tab.goto(OFFLINE_URL);
    await tab.waitForWasmStart();
    assert.deepEqual(await tab.cspViolations(), []);
    await tab.assertClean();
  });
});

test('hosted under a sub-path: the app mounts (#app[data-ready])', async () => {
  await withTab({ origin: server.origin }, async (tab) => {
    await tab.goto(server.url);
    await tab.waitForApp();
    assert.equal(await tab.page.locator('#app').evaluate((el) => el.tagName), 'MAIN');
    await tab.assertClean();
  });
});

test('offline.html from file://: the app mounts (#app[data-ready])', async () => {
  await withTab({}, async (tab) => {
    await tab.goto(OFFLINE_URL);
    await tab.waitForApp();
    await tab.assertClean();
  });
});

test('offline.html says it is the offline copy instead of linking to a sibling file', async () => {
  await withTab({}, async (tab) => {
    await tab.goto(OFFLINE_URL);
    await tab.waitForApp();
    await tab.page.locator('[data-role="offline-copy"]').waitFor({ state: 'attached' });
    assert.equal(await tab.page.locator('a[data-action="offline"]').count(), 0);
    await tab.assertClean();
  });
});

test('the hosted page links to offline.html, which sits beside index.html', async () => {
  await withTab({ origin: server.origin }, async (tab) => {
    await tab.goto(server.url);
    await tab.waitForApp();
    const link = tab.page.locator('a[data-action="offline"][href="offline.html"]');
    await link.waitFor({ state: 'attached' });
    const href = await link.evaluate((a) => a.href);
    assert.equal(href, `${server.url}offline.html`);
    const res = await tab.page.request.get(href);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /<script type="module">/);
    await tab.assertClean();
  });
});
