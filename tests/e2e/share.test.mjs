// Share link, remembering and "Clear everything".

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  S3_SECRET,
  STORAGE_KEY,
  VALID,
  chooseBackend,
  field,
  fillBackend,
  fillPlatform,
  inTab,
  persistentTraces,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

/** Valid S3 settings beyond VALID.s3, so that Clear has every kind of field to empty. */
const S3_EXTRA = {
  'astronomer.registry.s3.encrypt': true,
  'astronomer.registry.s3.keyid': 'alias/astronomer-registry',
  'astronomer.registry.s3.rootdirectory': '/registry',
  'astronomer.registry.s3.regionendpoint': 'https://minio.example.com:9000',
};

function assertNoFragment(url) {
  assert.ok(!url.includes('#'), `no fragment (not even a bare #) in ${url}`);
}

/** Every S3 input empty (the checkbox unchecked), platform fields at their defaults. */
async function assertFreshS3AndPlatform(page) {
  const s3 = await page.locator('[name^="astronomer.registry.s3."]').evaluateAll((els) =>
    els.map((el) => ({ name: el.name, type: el.type, value: el.value, checked: el.checked })),
  );
  const names = s3.map((f) => f.name);
  for (const name of [...Object.keys(VALID.s3), ...Object.keys(S3_EXTRA)]) {
    assert.ok(names.includes(name), `${name} is in the DOM (S3 chosen): ${names}`);
  }
  for (const f of s3) {
    if (f.type === 'checkbox') assert.equal(f.checked, false, `${f.name} unchecked`);
    else assert.equal(f.value, '', `${f.name} empty`);
  }
  assert.equal(await field(page, 'release').inputValue(), 'astronomer', 'release back to its default');
  assert.equal(await field(page, 'namespace').inputValue(), 'astronomer', 'namespace back to its default');
  assert.equal(await field(page, 'chartVersion').inputValue(), '', 'chart version empty');
}

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

for (const remember of [false, true]) {
  test(`a page opened from a link keeps its fragment in step: an edit survives a reload (Remember ${remember ? 'on' : 'off'})`, async () => {
    const link = `${e2e.server.url}#v=1&backend=s3&astronomer.registry.s3.bucket=bucket-from-link`;
    await inTab(e2e.browser, { server: e2e.server, url: link }, async (tab, page) => {
      const bucket = field(page, 'astronomer.registry.s3.bucket');
      assert.equal(await bucket.inputValue(), 'bucket-from-link', 'the link is read');
      if (remember) {
        await page.locator('input[name="remember"]').check();
        await page.waitForFunction((key) => localStorage.getItem(key)?.includes('bucket-from-link'), STORAGE_KEY);
      }
      await bucket.fill('edited-bucket');
      await bucket.blur();
      await page.waitForFunction(() => location.hash.includes('edited-bucket'));
      if (remember) await page.waitForFunction((key) => localStorage.getItem(key)?.includes('edited-bucket'), STORAGE_KEY);
      assert.ok(!page.url().includes('bucket-from-link'), `the link's value is gone from the URL: ${page.url()}`);

      await page.reload({ waitUntil: 'load' });
      await tab.waitForApp();
      assert.equal(await page.locator('input[name="backend"][value="s3"]').isChecked(), true);
      assert.equal(await bucket.inputValue(), 'edited-bucket', "the edit comes back, not the link's original");
      assert.equal(await page.locator('input[name="remember"]').isChecked(), remember);
    });
  });
}

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

test('Clear everything empties every field (secret included) and the remembered state', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page, { release: 'platform', namespace: 'astro-system', chartVersion: '0.37.4' });
    await fillBackend(page, 's3', { ...VALID.s3, ...S3_EXTRA });
    await waitOutputsReady(page);
    await page.locator('input[name="remember"]').check();
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes('my-s3-bucket'), STORAGE_KEY);
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => location.hash.length > 1);

    await page.locator('button[data-action="clear"]').click();
    await page.waitForFunction(() => localStorage.length === 0 && sessionStorage.length === 0);
    assert.equal(await page.locator('input[name="remember"]').isChecked(), false);
    assertNoFragment(page.url());
    assert.equal(await page.locator('input[name="shareLink"]').count(), 0, 'the share link is gone');
    assert.equal(await page.locator('input[name="backend"][value="volume"]').isChecked(), true, 'back to volume');

    // The S3 inputs are only in the DOM with S3 chosen: choose it again to see them.
    await chooseBackend(page, 's3');
    await assertFreshS3AndPlatform(page);
    const traces = await persistentTraces(tab);
    assert.equal(traces.localStorage[STORAGE_KEY], undefined, 'nothing remembered');
    assert.deepEqual(traces.localStorage, {}, 'localStorage holds nothing of ours');
    assert.deepEqual(traces.sessionStorage, {}, 'sessionStorage holds nothing of ours');
    assertNoFragment(traces.href);

    await page.reload({ waitUntil: 'load' });
    await tab.waitForApp();
    assert.equal(await page.locator('input[name="backend"][value="volume"]').isChecked(), true, 'still the defaults');
    await chooseBackend(page, 's3');
    await assertFreshS3AndPlatform(page);
  });
});
