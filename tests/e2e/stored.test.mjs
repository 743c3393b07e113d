// What the browser keeps is checked both ways: a value that fails validation
// (a password typed into a URL, a secret pasted into the wrong field) is never
// written to storage, the share link or the URL; and what is read back from
// storage is treated like typed input (no secret read, errors shown).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STORAGE_KEY,
  field,
  fillBackend,
  fillPlatform,
  inTab,
  persistentTraces,
  secretVariants,
  setField,
  useBrowser,
} from './harness.mjs';

const e2e = useBrowser();

const ENDPOINT = 'astronomer.registry.s3.regionendpoint';
const KEY_ID = 'astronomer.registry.s3.keyid';
const BUCKET = 'astronomer.registry.s3.bucket';
const ENDPOINT_WITH_PASSWORD = 'https://minioadmin:SuperSecretPw@minio:9000';
/** 40 characters of base64 alphabet: what an AWS secret access key looks like. */
const SECRET_LOOKALIKE = 'Zq8vR2kLw9/XbN4tPe7JmHs3YcUa6DfGi1oKrT5E';

test('invalid values are never kept: a password in the endpoint and a secret in the KMS key id stay out of storage, link and URL', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    // Encryption on, so the key id is judged by its own format only.
    await setField(page, 'astronomer.registry.s3.encrypt', true);
    await page.locator('input[name="remember"]').check();
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('#'));

    await setField(page, ENDPOINT, ENDPOINT_WITH_PASSWORD);
    await setField(page, KEY_ID, SECRET_LOOKALIKE);
    await setField(page, BUCKET, 'typed-at-the-same-time');
    for (const name of [ENDPOINT, KEY_ID]) {
      await page.waitForSelector(`[name="${name}"][aria-invalid="true"]`, { state: 'attached' });
    }
    // The valid bucket typed last reaches storage, the link and the URL ...
    await page.waitForFunction(
      (key) =>
        localStorage.getItem(key)?.includes('typed-at-the-same-time') &&
        location.hash.includes('typed-at-the-same-time') &&
        document.querySelector('input[name="shareLink"]')?.value.includes('typed-at-the-same-time'),
      STORAGE_KEY,
    );

    // ... and the invalid values typed before it do not, in any encoding.
    const traces = await persistentTraces(tab);
    const kept = {
      localStorage: traces.localStorage[STORAGE_KEY],
      shareLink: await field(page, 'shareLink').inputValue(),
      url: page.url(),
      everything: JSON.stringify(traces),
    };
    const forbidden = [
      'SuperSecretPw',
      'minioadmin',
      ...secretVariants(ENDPOINT_WITH_PASSWORD),
      ...secretVariants(SECRET_LOOKALIKE),
    ];
    for (const [where, text] of Object.entries(kept)) {
      for (const bad of forbidden) assert.ok(!text.includes(bad), `${where} keeps "${bad}": ${text}`);
    }
    assert.ok(kept.localStorage.includes('typed-at-the-same-time'), kept.localStorage);
  });
});

test('tampered storage: a stored secret is not read back, a stored invalid bucket shows its error, no crash', async () => {
  const tampered = 'v=1&backend=s3&astronomer.registry.s3.secretkey=LEAK123456789&astronomer.registry.s3.bucket=yes';
  await inTab(
    e2e.browser,
    {
      server: e2e.server,
      // Seeds storage before the app's first script runs (only on that first load).
      before: (page) =>
        page.addInitScript(
          ([key, value]) => {
            if (!sessionStorage.getItem('e2e-seeded')) {
              localStorage.setItem(key, value);
              sessionStorage.setItem('e2e-seeded', '1');
            }
          },
          [STORAGE_KEY, tampered],
        ),
    },
    async (_tab, page) => {
      assert.equal(await page.locator('input[name="backend"][value="s3"]').isChecked(), true, 'the stored backend');
      assert.equal(await field(page, 'astronomer.registry.s3.secretkey').inputValue(), '', 'the secret is not read');
      assert.equal(await field(page, BUCKET).inputValue(), 'yes', 'the bucket is read like typed input');
      await page.waitForSelector(`[name="${BUCKET}"][aria-invalid="true"]`, { state: 'attached' });
      const messageId = (await field(page, BUCKET).getAttribute('aria-describedby')).split(/\s+/)[0];
      assert.ok((await page.locator(`[id="${messageId}"]`).textContent()).trim().length > 10, 'its message is shown');
      await page.waitForSelector('[data-outputs="blocked"]', { state: 'attached' });
      // What the app writes back holds neither the secret nor the invalid bucket.
      await page.waitForFunction((key) => !localStorage.getItem(key)?.includes('LEAK123456789'), STORAGE_KEY);
      const stored = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
      assert.equal(await page.locator('input[name="remember"]').isChecked(), true, 'stored settings mean Remember is on');
      assert.match(stored ?? '', /^v=1&backend=s3/, 'the settings are written back');
      assert.ok(!stored.includes('bucket=yes'), `the invalid bucket is not written back: ${stored}`);
    },
  );
});

test('a broken or newer-format link leaves remembered settings intact and drops itself from the URL', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await page.locator('input[name="remember"]').check();
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes('my-s3-bucket'), STORAGE_KEY);
    const remembered = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);

    // Same document: changing only the fragment does not reload, so reload.
    await tab.goto(`${e2e.server.url}#v=2&backend=s3&astronomer.registry.s3.bucket=from-the-future`);
    await page.reload();
    await tab.waitForApp();
    await page.locator('[data-role="notice"]').first().waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).hash, '', 'the broken fragment is gone from the URL');
    assert.equal(await page.locator('input[name="backend"][value="s3"]').isChecked(), true, 'the remembered backend');
    assert.equal(await field(page, BUCKET).inputValue(), 'my-s3-bucket', 'the remembered bucket');
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), remembered, 'storage untouched');

    await page.reload();
    await tab.waitForApp();
    assert.equal(await field(page, BUCKET).inputValue(), 'my-s3-bucket', 'a reload keeps the remembered bucket');
    // The only notice left asks for the secrets again (settings were loaded).
    const notices = await page.locator('[data-role="notice"]').allTextContents();
    assert.ok(
      notices.every((text) => !/This link/.test(text)),
      `and repeats no notice about the link: ${notices}`,
    );
  });
});
