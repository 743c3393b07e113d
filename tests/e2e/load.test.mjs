// The page loads under a sub-path of a static host and from file://.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OFFLINE_URL, inTab, useBrowser } from './harness.mjs';

const e2e = useBrowser();

test('hosted under a sub-path: the wasm starts with no console error or CSP violation', async () => {
  const { server } = e2e;
  // clean: false: the body checks the page clean itself, before the server's log.
  await inTab(e2e.browser, { server, wait: 'wasm', clean: false }, async (tab) => {
    assert.deepEqual(await tab.cspViolations(), []);
    await tab.assertClean();
    const paths = server.requests.map((r) => r.url);
    assert.ok(paths.some((p) => p.endsWith('.wasm')), `the wasm came from the sub-path: ${paths}`);
  });
});

test('offline.html from file://: the wasm starts with no console error or CSP violation', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL, wait: 'wasm' }, async (tab) => {
    assert.deepEqual(await tab.cspViolations(), []);
  });
});

test('hosted under a sub-path: the app mounts (#app[data-ready])', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab) => {
    assert.equal(await tab.page.locator('#app').evaluate((el) => el.tagName), 'MAIN');
  });
});

test('offline.html from file://: the app mounts (#app[data-ready])', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL }, async () => {});
});

test('offline.html says it is the offline copy instead of linking to a sibling file', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL }, async (tab) => {
    await tab.page.locator('[data-role="offline-copy"]').waitFor({ state: 'attached' });
    assert.equal(await tab.page.locator('a[data-action="offline"]').count(), 0);
  });
});

test('the hosted page links to offline.html, which sits beside index.html', async () => {
  const { server } = e2e;
  await inTab(e2e.browser, { server }, async (tab) => {
    const link = tab.page.locator('a[data-action="offline"][href="offline.html"]');
    await link.waitFor({ state: 'attached' });
    const href = await link.evaluate((a) => a.href);
    assert.equal(href, `${server.url}offline.html`);
    const res = await tab.page.request.get(href);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /<script type="module">/);
  });
});
