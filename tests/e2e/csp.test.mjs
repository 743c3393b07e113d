// Both pages carry the policy, and the browser enforces it: a fetch() from the
// page to anywhere else is blocked before it leaves (the target servers here
// are live and log that nothing arrived).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OFFLINE_URL, inTab, parseCsp, useBrowser } from './harness.mjs';

// `other`: a second origin (another port) that must never be reached.
const e2e = useBrowser({ servers: { server: {}, other: { base: '/' } } });

const metaPolicy = (page) =>
  page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null);

/** Runs fetch(url) in the page; returns 'ok' or the rejection's message. */
const tryFetch = (page, url) =>
  page.evaluate((u) => fetch(u).then(() => 'ok', (e) => `rejected: ${e.message}`), url);

function assertCommon(csp) {
  assert.deepEqual(csp['default-src'], ["'none'"]);
  assert.deepEqual(csp['form-action'], ["'none'"]);
  assert.deepEqual(csp['base-uri'], ["'none'"]);
  assert.ok(csp['script-src'].includes("'wasm-unsafe-eval'"));
  assert.ok(!csp['script-src'].some((s) => /unsafe-inline|unsafe-eval'$|\*|https?:/.test(s) && s !== "'wasm-unsafe-eval'"));
  assert.ok(!(csp['style-src'] ?? []).includes("'unsafe-inline'"));
}

test('hosted page: policy present; a cross-origin fetch is blocked by connect-src', async () => {
  const { other } = e2e;
  await inTab(e2e.browser, { server: e2e.server, wait: 'wasm' }, async (tab) => {
    const csp = parseCsp(await metaPolicy(tab.page));
    assertCommon(csp);
    assert.deepEqual(csp['connect-src'], ["'self'"]);

    tab.allowConsoleError(/Content Security Policy/);
    tab.allowCspViolation({ directive: 'connect-src', blocked: new RegExp(`^(?:${other.origin}|https://example\\.com)`) });
    const target = `${other.origin}/x`;
    assert.match(await tryFetch(tab.page, target), /^rejected/);
    assert.match(await tryFetch(tab.page, 'https://example.com/'), /^rejected/);
    assert.deepEqual(other.requests, [], 'the other origin received nothing');
    const violations = await tab.cspViolations();
    assert.ok(violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith(other.origin)));
    assert.ok(violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith('https://example.com')));
  });
});

test('offline page from file://: policy present; fetch() anywhere is blocked', async () => {
  const { other } = e2e;
  await inTab(e2e.browser, { url: OFFLINE_URL, wait: 'wasm' }, async (tab) => {
    const csp = parseCsp(await metaPolicy(tab.page));
    assertCommon(csp);
    assert.deepEqual(csp['connect-src'], ["'none'"]);

    tab.allowConsoleError(/Content Security Policy/);
    tab.allowCspViolation({ directive: 'connect-src' });
    assert.match(await tryFetch(tab.page, 'https://example.com/'), /^rejected/);
    assert.match(await tryFetch(tab.page, `http://127.0.0.1:${other.port}/x`), /^rejected/);
    assert.match(await tryFetch(tab.page, OFFLINE_URL), /^rejected/);
    assert.deepEqual(other.requests, [], 'the local server received nothing');
    const violations = await tab.cspViolations();
    assert.equal(violations.filter((v) => v.directive === 'connect-src').length, 3);
  });
});
