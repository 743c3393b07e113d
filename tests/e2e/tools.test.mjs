// The page's tools (import, lint, files) run in a Web Worker, started at load,
// hosted and from file://; the import, its findings and the files come back
// from it. When the browser does not start the worker (no Worker at all, or a
// worker whose file does not load), the same tools run on the page's own
// thread: everything still works, and the page says so.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  OFFLINE_URL,
  ROOT,
  artifactText,
  fillBackend,
  fillPlatform,
  inTab,
  parseYaml,
  pasteImport,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

// The seed's example with a misspelt key the lint finds (`bukcet`).
const SEED = readFileSync(join(ROOT, 'tests/fixtures/import/seed-full-example.yaml'), 'utf8').replace(
  '      bucket: my-gcs-bucket\n',
  '      bucket: my-gcs-bucket\n      bukcet: typo\n',
);
assert.ok(SEED.includes('bukcet'), 'the fixture still has its gcs bucket line');

/** The seed imported, S3 filled: what each tool gave. */
async function useEveryTool(page) {
  await fillPlatform(page);
  await pasteImport(page, SEED);
  const summary = await page.locator('[data-role="import-summary"]').textContent();
  await fillBackend(page, 's3');
  await waitOutputsReady(page);
  const config = await artifactText(page, 'config.yaml');
  const commands = await artifactText(page, 'commands.sh');
  const diff = await page.locator('[data-role="diff"]').count();
  await page.waitForSelector('[data-role="findings"] li[data-key$="bukcet"]');
  const findings = await page.locator('[data-role="findings"] li').evaluateAll((els) => els.map((el) => el.dataset.key));
  return { summary, config, commands, diff, findings };
}

function assertTools({ summary, config, commands, diff, findings }) {
  assert.match(summary, /^Loaded from the file: backend gcs/, 'the import');
  const registry = parseYaml(config).astronomer.registry;
  assert.equal(registry.s3.bucket, 'my-s3-bucket', 'the files');
  assert.equal(parseYaml(config).global.baseDomain, 'astro.mydomain.com', 'merged into the imported file');
  assert.match(commands, /^#!\/usr\/bin\/env bash\n/);
  assert.equal(diff, 1, 'the diff of the imported file');
  assert.ok(findings.includes('astronomer.registry.gcs.bukcet'), `the lint: ${findings}`);
}

const BLOCK_WORKERS = () => {
  // A browser that will not start workers: the constructor throws, as it
  // does where a policy forbids them.
  window.Worker = class {
    constructor() {
      throw new DOMException('Workers are not allowed here', 'SecurityError');
    }
  };
};

for (const [where, options] of [
  ['hosted', () => ({ server: e2e.server })],
  ['file://', () => ({ url: OFFLINE_URL })],
]) {
  test(`${where}: the tools run in the worker: import, lint, files`, async () => {
    await inTab(e2e.browser, options(), async (_tab, page) => {
      assert.equal(await page.locator('#app').getAttribute('data-tools'), 'worker');
      assertTools(await useEveryTool(page));
      assert.equal(await page.locator('[data-role="tools-in-page"]').count(), 0, 'nothing to say');
    });
  });

  test(`${where}: a browser that blocks workers: the same tools on the page's thread, and the page says so`, async () => {
    await inTab(e2e.browser, { ...options(), before: (page) => page.addInitScript(BLOCK_WORKERS) }, async (_tab, page) => {
      assert.equal(await page.locator('#app').getAttribute('data-tools'), 'page');
      assertTools(await useEveryTool(page));
      const note = await page.locator('[data-role="tools-in-page"]').textContent();
      assert.match(note, /did not start the page's Web Worker/);
    });
  });
}

test('hosted: a worker whose file does not load: the tools move into the page', async () => {
  await inTab(
    e2e.browser,
    {
      server: e2e.server,
      before: (page) => page.route('**/registry-worker_loader.js', (route) => route.fulfill({ status: 404, body: '' })),
    },
    async (tab, page) => {
      tab.allowConsoleError(/registry-worker_loader\.js|404|Failed to load/);
      assert.equal(await page.locator('#app').getAttribute('data-tools'), 'page');
      assertTools(await useEveryTool(page));
    },
  );
});

test('hosted: the worker answers the same as the page would: files byte for byte', async () => {
  let inWorker;
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    inWorker = await useEveryTool(page);
  });
  await inTab(e2e.browser, { server: e2e.server, before: (page) => page.addInitScript(BLOCK_WORKERS) }, async (_tab, page) => {
    assert.deepEqual(await useEveryTool(page), inWorker);
  });
});
