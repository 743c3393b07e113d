// Share link, remembering and "Clear everything".

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  S3_SECRET,
  VALID,
  field,
  fillBackend,
  fillPlatform,
  inTab,
  persistentTraces,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

test('Share link: a # fragment with non-secret settings that restores them', async () => {
  const { server } = e2e;
  let link;
  await inTab(e2e.browser, { server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('#'));
    link = await field(page, 'shareLink').inputValue();
    assert.equal(await field(page, 'shareLink').evaluate((el) => el.readOnly), true, 'read-only');
    assert.ok(link.startsWith(server.url), `link on the page's own URL: ${link}`);
    assert.ok(!link.includes(S3_SECRET) && !link.includes(encodeURIComponent(S3_SECRET)), 'no secret in the link');
    assert.equal(new URL(page.url()).hash, new URL(link).hash, 'the URL fragment carries it too');
    assert.equal(new URL(link).search, '', 'settings only in the fragment, never sent to a server');
  });
  await inTab(e2e.browser, { server, url: link }, async (tab, page) => {
    assert.equal(await page.locator('input[name="backend"][value="s3"]').isChecked(), true);
    assert.equal(await field(page, 'chartVersion').inputValue(), '0.37.4');
    for (const name of ['astronomer.registry.s3.bucket', 'astronomer.registry.s3.region']) {
      assert.equal(await field(page, name).inputValue(), VALID.s3[name], name);
    }
    assert.equal(await field(page, 'astronomer.registry.s3.secretkey').inputValue(), '', 'secrets are not shared');
  });
});

test('once shared, the link follows later edits', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('my-s3-bucket'));
    await field(page, 'astronomer.registry.s3.bucket').fill('other-bucket');
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('other-bucket'));
    const link = await field(page, 'shareLink').inputValue();
    assert.ok(!link.includes('my-s3-bucket'), link);
    assert.equal(new URL(page.url()).hash, new URL(link).hash, 'the URL fragment follows too');
  });
});

for (const fragment of ['#%E0%A4%A', '#backend=nonsense&astronomer.registry.s3.bucket=', '#v=999&garbage', '#@@@']) {
  test(`a malformed link (${fragment}) shows a notice, not a broken page`, async () => {
    await inTab(e2e.browser, { server: e2e.server, url: e2e.server.url + fragment }, async (tab, page) => {
      const notice = page.locator('[data-role="notice"]');
      await notice.first().waitFor({ state: 'visible' });
      assert.ok((await notice.first().textContent()).trim().length > 10, 'the notice says what happened');
      assert.ok(await page.locator('input[name="backend"]').count() >= 4, 'the form still works');
    });
  });
}

test('Remember (opt-in) keeps non-secret settings across a reload; nothing before opting in', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    assert.deepEqual((await persistentTraces(tab)).localStorage, {}, 'nothing stored before opting in');
    await page.locator('input[name="remember"]').check();
    await page.waitForFunction(() => localStorage.length > 0);
    await page.reload({ waitUntil: 'load' });
    await tab.waitForApp();
    assert.equal(await page.locator('input[name="remember"]').isChecked(), true);
    assert.equal(await field(page, 'astronomer.registry.s3.bucket').inputValue(), 'my-s3-bucket');
    assert.equal(await field(page, 'astronomer.registry.s3.secretkey').inputValue(), '');
  });
});

test('Clear everything empties the fields and the remembered state', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    await page.locator('input[name="remember"]').check();
    await page.waitForFunction(() => localStorage.length > 0);
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => location.hash.length > 1);

    await page.locator('button[data-action="clear"]').click();
    await page.waitForFunction(() => localStorage.length === 0 && sessionStorage.length === 0);
    assert.equal(await page.locator('input[name="remember"]').isChecked(), false);
    assert.ok(!new URL(page.url()).hash || new URL(page.url()).hash === '#', 'the fragment is cleared');
    assert.equal(await field(page, 'chartVersion').inputValue(), '');
    if (await page.locator('[name="astronomer.registry.s3.bucket"]').count()) {
      for (const name of Object.keys(VALID.s3)) assert.equal(await field(page, name).inputValue(), '', name);
    }
    await page.reload({ waitUntil: 'load' });
    await tab.waitForApp();
    assert.equal(await field(page, 'chartVersion').inputValue(), '');
    assert.equal(await page.locator('input[name="backend"][value="volume"]').isChecked(), true, 'back to defaults');
  });
});
