// Importing the user's config.yaml: paste the seed's full example, the form
// loads it, switch the backend, and config.yaml is the pasted file with only
// the registry block changed, with a diff of the changed lines. Invalid YAML
// is refused with its line and column, and 10 MB of text within a second,
// without touching the form.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ROOT,
  artifactText,
  field,
  fillBackend,
  fillPlatform,
  inTab,
  parseYaml,
  pasteImport,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

const SEED = readFileSync(join(ROOT, 'tests/fixtures/import/seed-full-example.yaml'), 'utf8');
const BEFORE_BLOCK = SEED.slice(0, SEED.indexOf('  registry:\n'));

test('paste the seed example, switch to S3: config.yaml is the file with only the registry block changed', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await pasteImport(page, SEED);
    await page.waitForSelector('[data-role="import-summary"]');
    assert.equal(await page.locator('input[name="backend"][value="gcs"]').isChecked(), true, 'gcs loaded');
    assert.equal(await field(page, 'astronomer.registry.gcs.bucket').inputValue(), 'my-gcs-bucket');

    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    const text = await artifactText(page, 'config.yaml');
    assert.ok(text.startsWith(BEFORE_BLOCK), `everything before the block is the pasted text:\n${text}`);
    const registry = parseYaml(text).astronomer.registry;
    assert.equal(registry.s3.enabled, true);
    assert.equal(registry.s3.bucket, 'my-s3-bucket');
    assert.equal(registry.gcs.enabled, false, 'the old backend is disabled');
    assert.equal(parseYaml(text).global.baseDomain, 'astro.mydomain.com');
    assert.equal(parseYaml(text).astronomer.houston.config.email.smtpUrl, 'YOUR_URI_HERE');

    const changes = (change) =>
      page.locator(`[data-role="diff"] [data-change="${change}"]`).evaluateAll((els) => els.map((el) => el.textContent));
    const removed = await changes('removed');
    const added = await changes('added');
    assert.ok(removed.some((line) => /- {5}gcs:$/.test(line.trimEnd())), `removed: ${removed}`);
    assert.ok(added.some((line) => /\+ {5}s3:$/.test(line.trimEnd())), `added: ${added}`);
    assert.ok(!removed.concat(added).some((line) => line.includes('baseDomain')), 'lines outside the block are unchanged');
  });
});

test('invalid YAML is refused with its line and column, and the form keeps its values', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 's3');
    await fillPlatform(page);
    await waitOutputsReady(page);
    await pasteImport(page, 'astronomer:\n  registry: [s3\n');
    const message = await page.locator('[data-role="import-error"]').textContent();
    assert.match(message, /^Line \d+, column \d+: /);
    assert.equal(await field(page, 'astronomer.registry.s3.bucket').inputValue(), 'my-s3-bucket');
    assert.equal(await page.locator('[data-role="diff"]').count(), 0, 'no diff without a file');
    // No files while the file is refused; removing it gives the block alone.
    const blocked = page.locator('[data-outputs="blocked"]');
    await blocked.waitFor();
    assert.match(await blocked.textContent(), /is refused: fix it, or remove it/);
    await pasteImport(page, '');
    await page.waitForSelector('[data-outputs="ready"]');
  });
});

test('10 MB of text typed or dropped into the box is refused with the limit, and the form keeps its values', async () => {
  // How long the refusal takes is a figure for scripts/measure.mjs (the
  // 10 MB paste), not an assertion: a timed test fails on a busy machine.
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 's3');
    await field(page, 'import').evaluate((el, lines) => {
      el.value = 'a: b\n'.repeat(lines);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, 2_000_000);
    const error = page.locator('[data-role="import-error"]');
    await error.waitFor();
    assert.match(await error.textContent(), /^The text is 10000 KB or more; .* up to 1000 KB/);
    assert.equal(await field(page, 'astronomer.registry.s3.bucket').inputValue(), 'my-s3-bucket');
    assert.equal(await page.locator('[data-role="diff"]').count(), 0, 'nothing was read');
  });
});

test('a 10 MB paste is refused before the box holds it: the box stays empty, the form answers', async () => {
  // How long the handlers take is reported by scripts/measure.mjs.
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    const outcome = await field(page, 'import').evaluate((el, lines) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'a: b\n'.repeat(lines));
      const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      const cancelled = !el.dispatchEvent(paste);
      return { cancelled, length: el.value.length };
    }, 2_000_000);
    assert.equal(outcome.cancelled, true, 'the paste was refused');
    assert.equal(outcome.length, 0, 'the box never held the text');
    assert.match(await page.locator('[data-role="import-error"]').textContent(), /up to 1000 KB/);
  });
});
