// Shared harness for the browser tests (node --test tests/e2e/*.test.mjs).
//
// - Serves dist/ from a tiny static server on 127.0.0.1 (random port) under a
//   sub-path, as an intranet docs site would, and logs every request it gets.
// - Drives Debian's Chromium (/usr/bin/chromium) through playwright-core, with
//   background networking off and a fresh profile per launch.
// - Each Tab logs every request (and WebSocket) the page makes, collects
//   console errors, page errors and CSP violations (reported to Node as they
//   happen, so a reload loses none), and fails the test on any it was not told
//   to expect. It records the type of every Blob the page turns into a URL, so
//   a download's MIME type can be checked.
// - Waits on selectors and events, never on timers.
// - useBrowser() gives a test file its browser and server(s); inTab() runs a
//   test's body in a fresh tab that is always closed.
//
// The UI contract the tests use (ids, names, data- attributes) is written down
// in tests/e2e/README.md.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : join(ROOT, 'dist');
export const SUB_PATH = '/docs/tools/registry/';
export const OFFLINE_URL = pathToFileURL(join(DIST, 'offline.html')).href;
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** How long to wait for the app to mount before calling it broken. */
export const READY_TIMEOUT = Number(process.env.E2E_READY_TIMEOUT_MS || 10000);
export const READY = '#app[data-ready]';
/** The page settled: its tools run (in the worker, or in the page when it did not start). */
export const SETTLED = '#app[data-tools]:not([data-tools="starting"])';

// Flags known to work on these machines: without the background-networking
// ones Chromium tries Google hosts at start and logs refused connections.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
];

// --- sample values (the UI contract's valid examples) ------------------------

/** Sentinel secrets: must appear in their input and the generated files only. */
export const S3_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
// 64 bytes -> 88 base64 characters ending in "==": a well-formed Azure account key.
export const AZURE_KEY = Buffer.from('registry-configurator-e2e-sentinel-azure-account-key-0123456789.').toString(
  'base64',
);
assert.equal(Buffer.from(AZURE_KEY, 'base64').length, 64);
assert.equal(AZURE_KEY.length, 88);

export const PLATFORM = { chartVersion: '0.37.4' };
export const VALID = {
  gcs: {
    'astronomer.registry.gcs.bucket': 'my-gcs-bucket',
    gcsKeyFilePath: '/tmp/key.json',
  },
  s3: {
    'astronomer.registry.s3.bucket': 'my-s3-bucket',
    'astronomer.registry.s3.region': 'us-east-1',
    'astronomer.registry.s3.accesskey': 'AKIAIOSFODNN7EXAMPLE',
    'astronomer.registry.s3.secretkey': S3_SECRET,
  },
  azure: {
    'astronomer.registry.azure.accountname': 'mystorageaccount',
    'astronomer.registry.azure.accountkey': AZURE_KEY,
    'astronomer.registry.azure.container': 'my-container-name',
  },
  volume: {
    'astronomer.registry.persistence.size': '100Gi',
  },
};
/** The localStorage key of the opt-in remembered settings. */
export const STORAGE_KEY = 'registry-configurator.settings';
export const BUCKET_FIELD = { gcs: 'astronomer.registry.gcs.bucket', s3: 'astronomer.registry.s3.bucket' };
export const SECRET_FIELDS = ['astronomer.registry.s3.secretkey', 'astronomer.registry.azure.accountkey'];

// --- static server -------------------------------------------------------------

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.sha256': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` under `base` on 127.0.0.1 at a random port. Everything outside
 * `base` is a 404. `requests` lists every request received, in order.
 */
export async function startServer({ root = DIST, base = SUB_PATH } = {}) {
  const rootDir = resolve(root);
  const requests = [];
  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method, url: req.url });
    const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (pathname === base.replace(/\/$/, '')) {
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!pathname.startsWith(base) || req.method !== 'GET') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    let rel = pathname.slice(base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(rootDir, rel));
    if (!file.startsWith(rootDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    base,
    url: origin + base,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

// --- browser -------------------------------------------------------------------

/**
 * Launches headless Chromium. Playwright gives every launch a new, empty
 * --user-data-dir of its own (it refuses one in `args`), deleted on close.
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup.sh`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The binding through which the page reports CSP violations to the Tab. */
const CSP_BINDING = '__e2eCspViolation';

/**
 * Runs before any page script: records app start, readiness, CSP violations
 * (also sent to the Tab through CSP_BINDING) and the Blob behind every object
 * URL (`__e2e.blobs`: { url, type, size }).
 */
function initScript(binding) {
  const e2e = { started: null, readyAt: null, csp: [], blobs: [] };
  Object.defineProperty(window, '__e2e', { value: e2e, enumerable: false });
  addEventListener('TrunkApplicationStarted', () => {
    e2e.started = performance.now();
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    const violation = { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample };
    e2e.csp.push(violation);
    window[binding]?.(violation);
  });
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (object) {
    const url = createObjectURL.call(URL, object);
    if (object instanceof Blob) e2e.blobs.push({ url, type: object.type, size: object.size });
    return url;
  };
  new MutationObserver((_, observer) => {
    const app = document.getElementById('app');
    if (app && app.hasAttribute('data-ready')) {
      e2e.readyAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
}

/**
 * One browser context + page with logs. `origin` (hosted pages) receives the
 * clipboard permissions; `contextOptions` go to browser.newContext() on top of
 * the defaults (e.g. `{ colorScheme: 'dark' }`).
 */
export async function openTab(browser, { origin, contextOptions = {} } = {}) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  if (origin) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  page.setDefaultTimeout(READY_TIMEOUT);
  const tab = new Tab(context, page);
  await page.exposeBinding(CSP_BINDING, (_source, violation) => tab.csp.push(violation));
  await page.addInitScript(initScript, CSP_BINDING);
  return tab;
}

export class Tab {
  constructor(context, page) {
    this.context = context;
    this.page = page;
    /**
     * Every request the page (or its workers) made, WebSockets included:
     * { url, method, type }.
     */
    this.requests = [];
    this.consoleErrors = [];
    this.pageErrors = [];
    /** Every CSP violation in this tab, across navigations: { directive, blocked, sample }. */
    this.csp = [];
    this.allowed = [];
    this.allowedCsp = [];
    context.on('request', (r) => this.requests.push({ url: r.url(), method: r.method(), type: r.resourceType() }));
    page.on('websocket', (ws) => this.requests.push({ url: ws.url(), method: 'GET', type: 'websocket' }));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.pageErrors.push(String(err?.stack || err)));
  }

  /** Console errors matching `pattern` are expected from here on. */
  allowConsoleError(pattern) {
    this.allowed.push(pattern);
  }

  /**
   * CSP violations of `directive` whose blocked URL matches `blocked` (a
   * RegExp; any URL when omitted) are expected from here on.
   */
  allowCspViolation({ directive, blocked = /(?:)/ }) {
    this.allowedCsp.push((v) => v.directive === directive && blocked.test(v.blocked));
  }

  async goto(url) {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  /** Resolves once the wasm glue ran main() (the page's loader fired its event). */
  async waitForWasmStart() {
    await this.page.waitForFunction(() => window.__e2e?.started != null, null, { timeout: READY_TIMEOUT });
  }

  /**
   * Resolves once the app mounted (<main id="app" data-ready>) and the page
   * has settled: its tools answered from the worker, or from the page itself
   * when the worker did not start (data-tools no longer "starting").
   */
  async waitForApp() {
    await this.page.waitForSelector(READY, { state: 'attached', timeout: READY_TIMEOUT });
    await this.page.waitForSelector(SETTLED, { state: 'attached', timeout: READY_TIMEOUT });
  }

  /** The CSP violations of the current document, as the page recorded them. */
  async cspViolations() {
    return this.page.evaluate(() => window.__e2e?.csp ?? []);
  }

  /**
   * Fails on any console error, uncaught page error or CSP violation not
   * allowed. The violations are those reported to the Tab, from every
   * document the tab showed, whether or not Chromium also logged them.
   */
  async assertClean() {
    // One round trip, so that every violation the page reported before now
    // has reached this side.
    if (!this.page.isClosed()) await this.page.evaluate(() => 0).catch(() => {});
    const unexpected = this.consoleErrors.filter((t) => !this.allowed.some((p) => p.test(t)));
    assert.deepEqual(unexpected, [], 'console errors');
    assert.deepEqual(this.pageErrors, [], 'uncaught page errors');
    const violations = this.csp.filter((v) => !this.allowedCsp.some((allowed) => allowed(v)));
    assert.deepEqual(violations, [], 'CSP violations');
  }

  async close() {
    await this.context.close();
  }
}

// --- per-file setup and per-test tabs ------------------------------------------

/**
 * Registers node:test `before`/`after` hooks for the calling test file and
 * returns the object they fill in: `browser` (launchBrowser()) and, for each
 * key of `servers`, a static server started with those startServer() options.
 * The default is one server, `server`, serving dist/ under the sub-path; e.g.
 * `useBrowser({ servers: { server: {}, other: { base: '/' } } })` adds `other`.
 * The properties are set by the time the tests run (read them inside a test,
 * not at module level). `after` closes the browser, then the servers in order.
 */
export function useBrowser({ servers = { server: {} } } = {}) {
  if ('browser' in servers) throw new Error('useBrowser: "browser" cannot name a server');
  const env = { browser: undefined };
  const started = [];
  before(async () => {
    env.browser = await launchBrowser();
    for (const [name, options] of Object.entries(servers)) {
      env[name] = await startServer(options);
      started.push(env[name]);
    }
  });
  after(async () => {
    await env.browser?.close();
    for (const server of started) await server.close();
  });
  return env;
}

const WAITS = ['app', 'wasm', 'load'];

/**
 * Runs `fn(tab, tab.page)` in a fresh tab (openTab) and always closes the tab;
 * returns what `fn` returns. Options:
 * - `server`: a hosted page; its origin gets the clipboard permissions and
 *   `url` defaults to `server.url`.
 * - `origin`: the origin that gets the clipboard permissions (default
 *   `server.origin`; none for file://).
 * - `url`: goes there first (tab.goto), then waits as `wait` says: 'app'
 *   (default) for the app to mount, 'wasm' for the wasm to start, 'load' for
 *   nothing more than the load event. Without a url the tab stays blank.
 * - `clean`: after `fn` returns, tab.assertClean() (default true); `false`
 *   leaves that to `fn`.
 * - `contextOptions`: more browser.newContext() options (openTab), e.g.
 *   `{ colorScheme: 'dark' }`.
 * - `before(page)`: runs before the first navigation, e.g. to add an init
 *   script that seeds storage.
 */
export async function inTab(
  browser,
  { server, origin = server?.origin, url = server?.url, wait = 'app', clean = true, contextOptions, before } = {},
  fn,
) {
  if (!WAITS.includes(wait)) throw new Error(`inTab: wait is one of ${WAITS.join(', ')}, not ${wait}`);
  const tab = await openTab(browser, { origin, contextOptions });
  try {
    if (before) await before(tab.page);
    if (url) {
      await tab.goto(url);
      if (wait === 'app') await tab.waitForApp();
      else if (wait === 'wasm') await tab.waitForWasmStart();
    }
    const result = await fn(tab, tab.page);
    if (clean) await tab.assertClean();
    return result;
  } finally {
    await tab.close();
  }
}

// --- app helpers (UI contract) -----------------------------------------------

export const field = (page, name) => page.locator(`[name="${name}"]`);

/** The field's container (input, messages and help). */
export const fieldBox = (page, name) => page.locator('.field').filter({ has: page.locator(`[name="${name}"]`) });

/** Pastes `text` into the focused input as the keyboard does: clipboard, then Ctrl+V. */
export async function pasteKeys(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}

/**
 * Asserts that the field comes to hold `value`. The page's worker normalises a
 * paste or a left field, so its answer may come a little after the event.
 */
export async function valueBecomes(page, name, value) {
  await page
    .waitForFunction(([n, v]) => document.querySelector(`[name="${n}"]`)?.value === v, [name, value], { timeout: 5000 })
    .catch(() => {});
  assert.equal(await field(page, name).inputValue(), value, name);
}

/** Puts `text` into the import box as one change, as a paste does. */
export async function pasteImport(page, text) {
  await field(page, 'import').evaluate((el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** What has keyboard focus: { tag, name, id, role } of document.activeElement. */
export const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? null, name: el?.name ?? null, id: el?.id ?? null, role: el?.getAttribute('role') ?? null };
  });

/**
 * Presses Tab until `predicate(focused)` holds, at most `limit` times; returns
 * what has focus then, and fails if it never held.
 */
export async function tabUntil(page, predicate, { limit = 60, what = 'the target' } = {}) {
  const path = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    path.push(now.name || now.id || now.tag);
    if (predicate(now)) return now;
  }
  throw new Error(`Tab never reached ${what}; focus went through: ${path.join(' > ')}`);
}

export async function chooseBackend(page, backend) {
  await page.locator(`input[name="backend"][value="${backend}"]`).check();
  // Only the chosen backend's inputs are in the DOM.
  const probe = Object.keys(VALID[backend])[0];
  await page.waitForSelector(`[name="${probe}"]`, { state: 'attached' });
}

/** Types a value into a field (select, checkbox or text) and leaves it (blur). */
export async function setField(page, name, value) {
  const loc = field(page, name);
  const kind = await loc.evaluate((el) => (el.tagName === 'SELECT' ? 'select' : el.type));
  if (kind === 'select') await loc.selectOption(String(value));
  else if (kind === 'checkbox') await loc.setChecked(Boolean(value));
  else await loc.fill(String(value));
  await loc.blur();
}

export async function fillPlatform(page, values = PLATFORM) {
  for (const [name, value] of Object.entries(values)) await setField(page, name, value);
}

export async function fillBackend(page, backend, values = VALID[backend]) {
  await chooseBackend(page, backend);
  for (const [name, value] of Object.entries(values)) await setField(page, name, value);
}

export async function waitOutputsReady(page) {
  await page.waitForSelector('[data-outputs="ready"]', { state: 'attached' });
}

export async function artifactText(page, name) {
  const loc = page.locator(`[data-artifact="${name}"]`);
  await loc.waitFor({ state: 'attached' });
  return loc.evaluate((el) => el.textContent);
}

/** Parses YAML with the python3 + PyYAML the native tests use too. */
export function parseYaml(text) {
  const json = execFileSync(
    'python3',
    ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin.read()), sys.stdout)'],
    { input: text, encoding: 'utf8' },
  );
  return JSON.parse(json);
}

/** Lists the members of a zip file with python3's zipfile. */
export function zipMembers(path) {
  const out = execFileSync(
    'python3',
    ['-c', 'import sys, json, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; json.dump({n: z.read(n).decode() for n in z.namelist()}, sys.stdout)', path],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

/**
 * Clicks `selector` and returns the download it starts: { name, mime, bytes,
 * path }. `mime` is the type of the Blob behind the download's object URL
 * (null when the download did not come from one).
 */
export async function downloadVia(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const path = await download.path();
  const url = download.url();
  const blob = await page.evaluate((u) => window.__e2e?.blobs.find((b) => b.url === u) ?? null, url);
  return { name: download.suggestedFilename(), mime: blob?.type ?? null, bytes: readFileSync(path), path };
}

/** A scratch directory removed at process exit. */
export function scratchDir(prefix = 'e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Parses a CSP string into { directive: [sources] }. */
export function parseCsp(policy) {
  const out = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}

// --- a whole session of use --------------------------------------------------

/**
 * Uses the app as an admin would: platform settings, S3 with the sentinel
 * secret, opt in to remembering, share link, reveal/hide, copy, downloads,
 * then Azure with the sentinel key, GCS, and back to S3. Returns what it saw.
 */
export async function exerciseApp(tab, { clipboard = true } = {}) {
  const { page } = tab;
  const seen = { artifacts: {}, downloads: [] };
  await tab.waitForApp();
  await fillPlatform(page);

  await fillBackend(page, 's3');
  await waitOutputsReady(page);
  seen.artifacts.s3 = await artifactText(page, 'config.yaml');

  await page.locator('input[name="remember"]').check();
  await page.locator('button[data-action="share"]').click();
  await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('#'));
  seen.shareLink = await field(page, 'shareLink').inputValue();

  const reveal = page.locator('button[data-action="reveal"][data-for="astronomer.registry.s3.secretkey"]');
  await reveal.click();
  await reveal.click();

  await page.locator('button[data-action="copy"][data-for="config.yaml"]').click();
  if (clipboard) seen.clipboard = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  seen.downloads.push(await downloadVia(page, 'button[data-action="download"][data-for="config.yaml"]'));
  seen.downloads.push(await downloadVia(page, 'button[data-action="download-all"]'));

  await fillBackend(page, 'azure');
  await waitOutputsReady(page);
  seen.artifacts.azure = await artifactText(page, 'config.yaml');
  seen.downloads.push(await downloadVia(page, 'button[data-action="download-all"]'));

  await fillBackend(page, 'gcs');
  await waitOutputsReady(page);
  seen.artifacts.gcs = await artifactText(page, 'config.yaml');

  await chooseBackend(page, 's3');
  await waitOutputsReady(page);
  return seen;
}

/** Every encoding of `secret` a careless app might store it in. */
export function secretVariants(secret) {
  const b64 = Buffer.from(secret).toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    b64,
    b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    secret.slice(-16),
  ];
}

/**
 * Collects everything the browser keeps about the page outside its live DOM:
 * Web Storage, IndexedDB and Cache Storage names, cookies, window.name, the URL
 * and every history entry (through the DevTools protocol).
 */
export async function persistentTraces(tab) {
  const { page, context } = tab;
  const inPage = await page.evaluate(async () => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    const idb = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    const cacheNames = self.caches ? await caches.keys().catch(() => []) : [];
    return {
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      indexedDB: idb,
      caches: cacheNames,
      cookie: document.cookie,
      windowName: window.name,
      href: location.href,
      historyState: JSON.stringify(history.state),
    };
  });
  const cdp = await context.newCDPSession(page);
  const { entries } = await cdp.send('Page.getNavigationHistory');
  await cdp.detach();
  return {
    ...inPage,
    history: entries.map((e) => ({ url: e.url, title: e.title })),
    cookies: await context.cookies(),
  };
}
