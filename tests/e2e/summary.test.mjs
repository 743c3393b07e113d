// The summary of problems: it lists the fields already visited, each entry
// takes the focus to its field (mouse and keyboard); "Show all problems" lists
// every problem, in form order; a fresh page shows none.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseBackend, field, focused, inTab, setField, useBrowser } from './harness.mjs';

const e2e = useBrowser();

const BUCKET = 'astronomer.registry.s3.bucket';

/** The summary's entries (one button each). */
const entries = (page) => page.locator('.summary li button');

test('summary: an invalid bucket is listed; its link takes the focus to the input, by mouse and by Enter', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 's3');
    await setField(page, BUCKET, 'yes');
    await page.waitForSelector(`[name="${BUCKET}"][aria-invalid="true"]`, { state: 'attached' });
    await page.locator('.summary').waitFor({ state: 'visible' });
    assert.equal(await entries(page).count(), 1, 'only the visited field is listed');
    const link = entries(page).first();
    const label = await page.locator(`label[for="${await field(page, BUCKET).getAttribute('id')}"]`).textContent();
    assert.equal((await link.textContent()).trim(), label.trim(), "the entry names the bucket's label");

    // Mouse.
    await page.locator('h1').click();
    assert.notEqual((await focused(page)).name, BUCKET);
    await link.click();
    await page.waitForFunction((name) => document.activeElement?.name === name, BUCKET);

    // Keyboard: focus the entry, press Enter.
    await link.focus();
    assert.equal((await focused(page)).tag, 'BUTTON', 'the entry itself has the focus');
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.activeElement?.name === name, BUCKET);
  });
});

test('summary: a fresh page shows no summary while the outputs say blocked', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await page.waitForSelector('[data-outputs="blocked"]', { state: 'attached' });
    assert.equal(await page.locator('.summary').count(), 0, 'nothing touched yet: no summary (volume)');
    await chooseBackend(page, 's3');
    await page.waitForSelector('[data-outputs="blocked"]', { state: 'attached' });
    assert.equal(await page.locator('.summary').count(), 0, 'nothing touched yet: no summary (s3)');
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, 'no field shows an error yet');
  });
});

test('summary: "Show all problems" lists every problem, backend fields before platform fields, in form order', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 's3');
    // A platform problem visited first must still be listed after the backend's.
    await setField(page, 'namespace', 'Not_A_Namespace');
    await page.waitForSelector('[name="namespace"][aria-invalid="true"]', { state: 'attached' });
    assert.equal(await entries(page).count(), 1, 'before: only the visited field');
    await page.locator('[data-outputs="blocked"] button[data-action="show-all-problems"]').click();
    await page.waitForFunction(() => document.querySelectorAll('.summary li').length > 1);
    await page.locator('.summary').waitFor({ state: 'visible' });

    // Every field now showing an error, in document (form) order.
    const invalid = await page.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((el) => el.name));
    assert.ok(invalid.includes(BUCKET) && invalid.includes('chartVersion'), `required fields are invalid: ${invalid}`);
    const blocked = await page.locator('[data-outputs="blocked"]').textContent();
    const count = Number(/(\d+) problems?/.exec(blocked)?.[1]);
    assert.equal(count, invalid.length, `the outputs count every problem: "${blocked}"`);

    // Each summary entry leads to its field: follow them all, in order.
    const listed = [];
    for (let i = 0; i < (await entries(page).count()); i += 1) {
      await entries(page).nth(i).click();
      listed.push((await focused(page)).name);
    }
    assert.deepEqual(listed, invalid, 'the summary lists every problem, in form order');
    // The default S3 mode keeps the keys in config.yaml: they are required.
    assert.deepEqual(listed, [
      BUCKET,
      'astronomer.registry.s3.region',
      'astronomer.registry.s3.accesskey',
      'astronomer.registry.s3.secretkey',
      'namespace',
      'chartVersion',
    ]);
    const firstPlatform = listed.findIndex((name) => !name.startsWith('astronomer.registry.'));
    assert.ok(firstPlatform > 0, `backend fields come first: ${listed}`);
    assert.ok(
      listed.slice(firstPlatform).every((name) => ['release', 'namespace', 'chartVersion'].includes(name)),
      `then only platform fields: ${listed}`,
    );
  });
});

test('the summary counts what waits in fields not visited yet, and "Show them" lists it', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 's3');
    await setField(page, 'astronomer.registry.s3.bucket', 'A');
    await field(page, 'astronomer.registry.s3.bucket').blur();
    const summary = page.locator('.summary');
    await summary.waitFor({ state: 'visible' });
    assert.equal(await summary.locator('li').count(), 1, 'only the visited bucket is listed');
    const more = summary.locator('.more');
    // The region, the two keys of the default mode, the chart version.
    assert.match(await more.textContent(), /and 4 more in fields not visited yet/);
    await more.locator('button[data-action="show-all"]').click();
    await page.waitForFunction(() => document.querySelectorAll('.summary li').length === 5);
    assert.equal(await summary.locator('.more').count(), 0, 'nothing waits any more');
  });
});
