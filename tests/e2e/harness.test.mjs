// The harness itself: Tab.assertClean() fails a test on each kind of problem
// it promises to catch, CSP violations included even when Chromium's console
// message about them is allowed (the violation list is what counts), and
// across a reload.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inTab, useBrowser } from './harness.mjs';

const e2e = useBrowser();

/** Makes the page break its policy once: a fetch to another origin. */
const violate = (page) => page.evaluate(() => fetch('https://example.com/harness').catch(() => 'blocked'));

/** Waits until the Tab has heard of `n` violations (they arrive as events). */
async function violationsReported(tab, n) {
  await tab.page.waitForFunction((k) => window.__e2e.csp.length >= k, n);
  await tab.page.evaluate(() => 0);
  assert.ok(tab.csp.length >= n, `the Tab heard of ${tab.csp.length} violations`);
}

const cases = [
  {
    what: 'a CSP violation whose console message is allowed',
    async provoke(tab) {
      tab.allowConsoleError(/Content Security Policy/);
      await violate(tab.page);
      await violationsReported(tab, 1);
    },
    failure: /CSP violations/,
    allow: (tab) => tab.allowCspViolation({ directive: 'connect-src', blocked: /^https:\/\/example\.com\// }),
  },
  {
    what: 'a CSP violation before a reload',
    async provoke(tab) {
      tab.allowConsoleError(/Content Security Policy/);
      await violate(tab.page);
      await violationsReported(tab, 1);
      await tab.page.reload({ waitUntil: 'load' });
      await tab.waitForApp();
      assert.deepEqual(await tab.cspViolations(), [], 'the new document has none of its own');
    },
    failure: /CSP violations/,
    allow: (tab) => tab.allowCspViolation({ directive: 'connect-src' }),
  },
  {
    what: 'a console error',
    provoke: (tab) =>
      Promise.all([tab.page.waitForEvent('console'), tab.page.evaluate(() => console.error('harness check'))]),
    failure: /console errors/,
    allow: (tab) => tab.allowConsoleError(/^harness check$/),
  },
  {
    what: 'an uncaught page error',
    provoke: (tab) =>
      Promise.all([
        tab.page.waitForEvent('pageerror'),
        tab.page.evaluate(() => {
          setTimeout(() => {
            throw new Error('harness check');
          });
        }),
      ]),
    failure: /uncaught page errors/,
  },
];

for (const { what, provoke, failure, allow } of cases) {
  test(`assertClean fails on ${what}`, async () => {
    await inTab(e2e.browser, { server: e2e.server, clean: false }, async (tab) => {
      await tab.assertClean();
      await provoke(tab);
      await assert.rejects(tab.assertClean(), failure);
      if (allow) {
        allow(tab);
        await tab.assertClean();
      }
    });
  });
}
