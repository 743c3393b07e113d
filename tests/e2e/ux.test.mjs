// The page as an admin uses it (issue 13): the reason for "blocked" is always
// on screen; pasted text is read as meant, the field says so, near misses are
// offered; focus stays with the user; "Clear everything" can be undone; every
// command and the share link have Copy; the offline copy shares settings as
// text; a link carries only what the page shows. Keyboard-only runs included.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AZURE_KEY,
  OFFLINE_URL,
  S3_SECRET,
  STORAGE_KEY,
  VALID,
  chooseBackend,
  field,
  fieldBox,
  fillBackend,
  fillPlatform,
  focused,
  inTab,
  pasteKeys,
  setField,
  useBrowser,
  valueBecomes,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

const REGION = 'astronomer.registry.s3.region';
const BUCKET = 'astronomer.registry.s3.bucket';
const SECRET = 'astronomer.registry.s3.secretkey';

/** What has focus, with the data-action of a button. */
const focusedAction = (page) => page.evaluate(() => document.activeElement?.dataset?.action ?? null);




const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

// --- why the files are blocked -----------------------------------------------

test('blocked: a fresh page names the first missing field, and its link (keyboard) takes the focus there', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    const first = page.locator('[data-outputs="blocked"] [data-role="first-problem"]');
    await first.waitFor();
    const text = await first.textContent();
    assert.match(text, /Chart version/, text);
    assert.match(text, /required/, text);
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0, 'nothing marked before the user asks');

    // The empty chart version does not look filled in: its example says so.
    const chart = field(page, 'chartVersion');
    assert.equal(await chart.inputValue(), '');
    assert.match(await chart.getAttribute('placeholder'), /^e\.g\. /);
    assert.equal(await chart.evaluate((el) => getComputedStyle(el, '::placeholder').fontStyle), 'italic');

    // Keyboard only: Tab to the link, Enter.
    for (let i = 0; i < 80 && (await focusedAction(page)) !== 'first-problem'; i += 1) await page.keyboard.press('Tab');
    assert.equal(await focusedAction(page), 'first-problem', 'Tab reaches the link');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).name, 'chartVersion', 'the focus is in the field');
    await page.waitForSelector('[name="chartVersion"][aria-invalid="true"]', { state: 'attached' });

    // Another backend: its first problem comes first.
    await chooseBackend(page, 's3');
    await page.waitForFunction(() =>
      /Bucket/.test(document.querySelector('[data-role="first-problem"]')?.textContent ?? ''),
    );
    await page.locator('[data-action="first-problem"]').click();
    assert.equal((await focused(page)).name, BUCKET);
  });
});

test('after a link or a reload, the page says which secrets to type again', async () => {
  const link = `${e2e.server.url}#v=1&backend=s3&${BUCKET}=my-s3-bucket&${REGION}=us-east-1&chartVersion=0.37.4`;
  await inTab(e2e.browser, { server: e2e.server, url: link }, async (tab, page) => {
    const notice = page.locator('[data-role="notice"]');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /type the Access key ID and the Secret access key again/, text);

    // Remembered settings, then a reload: the same notice.
    await fillBackend(page, 's3');
    await page.locator('input[name="remember"]').check();
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes('my-s3-bucket'), STORAGE_KEY);
    await page.goto(e2e.server.url, { waitUntil: 'load' });
    await tab.waitForApp();
    await notice.waitFor();
    assert.match(await notice.textContent(), /Secret access key again/);
    assert.equal(await field(page, SECRET).inputValue(), '');
  });
  await inTab(e2e.browser, { server: e2e.server, url: `${e2e.server.url}#v=1&backend=azure` }, async (_tab, page) => {
    assert.match(await page.locator('[data-role="notice"]').textContent(), /Storage account access key again/);
  });
  // Nothing secret to type: no notice.
  await inTab(e2e.browser, { server: e2e.server, url: `${e2e.server.url}#v=1&backend=gcs` }, async (_tab, page) => {
    assert.equal(await page.locator('[data-role="notice"]').count(), 0);
  });
});

// --- what people paste ----------------------------------------------------------

/**
 * A `helm list` table as Helm 3 prints it, with `-n NAMESPACE` and `-A` alike
 * (gosuri/uitable): every cell, the last one too, padded with spaces to its
 * column's widest cell, the cells of a row joined by a tab, the header first.
 */
function helmList(rows) {
  const table = [['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  return `${table.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('\t')).join('\n')}\n`;
}

/** The text a terminal shows for `text` (tab stops every 8 columns), what a copy from it gives. */
const expandTabs = (text) =>
  text
    .split('\n')
    .map((line) => line.split('\t').reduce((done, cell, i) => (i === 0 ? cell : done.padEnd((Math.floor(done.length / 8) + 1) * 8) + cell), ''))
    .join('\n');

// The CHART and APP VERSION columns differ, and both are published releases:
// reading the wrong column would give a valid but wrong version.
const HELM_LIST = helmList([
  ['astronomer', 'astronomer', '12', '2024-05-02 10:11:12.123456789 +0000 UTC', 'deployed', 'astronomer-0.37.4', '0.37.7'],
]);
const HELM_LIST_ALL = expandTabs(
  helmList([
    ['ingress-nginx', 'ingress-nginx', '2', '2024-04-30 08:00:01.5 +0000 UTC', 'deployed', 'ingress-nginx-4.10.1', '1.10.1'],
    ['astronomer', 'astronomer', '4', '2025-01-02 03:04:05.6 +0000 UTC', 'deployed', 'astronomer-1.0.0', '1.0.1'],
    ['quasarian-nebula-1234', 'astronomer-quasarian-nebula-1234', '3', '2025-01-03 09:10:11.9 +0000 UTC', 'deployed', 'airflow-1.10.0', '2.7.3'],
  ]),
);

test('paste (keyboard, Ctrl+V): a helm list line, a region name, an Azure URL and a trailing space are read as meant', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    const cases = [
      // `helm list -n astronomer`, header and row, as Helm wrote them (tabs).
      ['chartVersion', HELM_LIST, '0.37.4', 'Read `astronomer-0.37.4` as `0.37.4`.'],
      // `helm list -A` copied from a terminal (spaces), the platform among other releases.
      ['chartVersion', HELM_LIST_ALL, '1.0.0', 'Read `astronomer-1.0.0` as `1.0.0`.'],
      [BUCKET, 'my-s3-bucket \n', 'my-s3-bucket', 'Removed the blank or invisible characters around the value.'],
      [REGION, 'Europe (Frankfurt)', 'eu-central-1', 'Read `Europe (Frankfurt)` as `eu-central-1`.'],
    ];
    await chooseBackend(page, 's3');
    for (const [name, text, value, note] of cases) {
      await field(page, name).focus();
      // The paste replaces what the field holds, as after a Ctrl+A.
      await page.keyboard.press('Control+A');
      await pasteKeys(page, text);
      await valueBecomes(page, name, value);
      const shown = fieldBox(page, name).locator('[data-role="normalized"]');
      assert.equal((await shown.textContent()).trim(), note.replaceAll('`', ''), `${name}: the field says what it did`);
      const describedBy = await field(page, name).getAttribute('aria-describedby');
      const messageId = await shown.evaluate((el) => el.parentElement.id);
      assert.ok(describedBy.split(' ').includes(messageId), `${name}: the note describes the input`);
      assert.equal((await focused(page)).name, name, 'the focus stays in the field');
    }
    // Typing is never rewritten while it goes on: a name typed by hand stays
    // until the field is left, then becomes the code.
    await field(page, REGION).fill('');
    await field(page, REGION).focus();
    await page.keyboard.type('Frankfurt');
    assert.equal(await field(page, REGION).inputValue(), 'Frankfurt');
    await page.keyboard.press('Tab');
    await valueBecomes(page, REGION, 'eu-central-1');
    assert.notEqual((await focused(page)).tag, 'BODY', 'Tab went on');

    await chooseBackend(page, 'azure');
    const account = 'astronomer.registry.azure.accountname';
    await field(page, account).focus();
    await pasteKeys(page, 'https://myaccount.blob.core.windows.net/images');
    await valueBecomes(page, account, 'myaccount');
    assert.match(await fieldBox(page, account).locator('[data-role="normalized"]').textContent(), /myaccount/);
  });
});

test('a near miss is offered its closest valid value; taking it (keyboard) fixes the field and keeps the focus', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await chooseBackend(page, 's3');
    await field(page, REGION).focus();
    await page.keyboard.type('us-east-1a');
    await page.keyboard.press('Tab');
    await page.waitForSelector(`[name="${REGION}"][aria-invalid="true"]`, { state: 'attached' });
    assert.equal(await field(page, REGION).inputValue(), 'us-east-1a', 'not certain: not replaced');
    const offer = fieldBox(page, REGION).locator('[data-action="use-closest"]');
    assert.equal((await offer.textContent()).trim(), 'us-east-1');
    // Back with Shift+Tab to the offer, then Enter.
    for (let i = 0; i < 10 && (await focusedAction(page)) !== 'use-closest'; i += 1) {
      await page.keyboard.press('Shift+Tab');
    }
    assert.equal(await focusedAction(page), 'use-closest');
    await page.keyboard.press('Enter');
    assert.equal(await field(page, REGION).inputValue(), 'us-east-1');
    await page.waitForSelector(`[name="${REGION}"]:not([aria-invalid="true"])`, { state: 'attached' });
    assert.equal(await offer.count(), 0, 'the offer is gone with the error');
    assert.equal((await focused(page)).name, REGION, 'the focus went back to the input, not the body');

    // Chart versions: the nearest published release of the line.
    await setField(page, 'chartVersion', '0.37.9');
    assert.equal((await fieldBox(page, 'chartVersion').locator('[data-action="use-closest"]').textContent()).trim(), '0.37.7');
  });
});

// --- focus --------------------------------------------------------------------------

for (const [backend, secret] of [
  ['s3', SECRET],
  ['azure', 'astronomer.registry.azure.accountkey'],
]) {
  test(`keyboard: Tab out of an empty, then an invalid ${backend} secret keeps the focus (its Show button, then on)`, async () => {
    await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
      await fillPlatform(page);
      await chooseBackend(page, backend);
      await field(page, secret).focus();
      for (const typed of ['', 'too-short']) {
        if (typed) {
          await field(page, secret).focus();
          await page.keyboard.type(typed);
        }
        await page.keyboard.press('Tab');
        await page.waitForSelector(`[name="${secret}"][aria-invalid="true"]`, { state: 'attached' });
        const now = await page.evaluate(() => ({
          tag: document.activeElement?.tagName,
          action: document.activeElement?.dataset?.action,
          for: document.activeElement?.dataset?.for,
        }));
        assert.deepEqual(now, { tag: 'BUTTON', action: 'reveal', for: secret }, `after "${typed}": focus on Show`);
        // The button still works from the keyboard, and Tab goes on from it.
        await page.keyboard.press('Enter');
        assert.equal(await field(page, secret).getAttribute('type'), 'text');
        await page.keyboard.press('Enter');
        assert.equal(await field(page, secret).getAttribute('type'), 'password');
        await page.keyboard.press('Tab');
        assert.notEqual((await focused(page)).tag, 'BODY', 'Tab goes on to the next control');
      }
    });
  });
}

test('keyboard: Tab out of an invalid text field and out of a checkbox keeps the focus moving', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 's3');
    await field(page, BUCKET).focus();
    await page.keyboard.type('A');
    await page.keyboard.press('Tab');
    await page.waitForSelector(`[name="${BUCKET}"][aria-invalid="true"]`, { state: 'attached' });
    assert.equal((await focused(page)).name, REGION);
    await page.keyboard.press('Shift+Tab');
    assert.equal((await focused(page)).name, BUCKET, 'Shift+Tab comes back to the same input');
  });
});

// --- Clear and Undo ---------------------------------------------------------------

test('keyboard: Clear everything, then Undo brings back the form (secret included), remembered settings and link', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    await page.locator('input[name="remember"]').check();
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes('my-s3-bucket'), STORAGE_KEY);
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => location.hash.includes('my-s3-bucket'));
    const link = await field(page, 'shareLink').inputValue();

    await page.locator('button[data-action="clear"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => localStorage.length === 0 && !location.hash);
    assert.equal(await page.locator('input[name="backend"][value="volume"]').isChecked(), true);
    const undo = page.locator('[data-role="notice"] button[data-action="undo-clear"]');
    await undo.waitFor();
    for (let i = 0; i < 20 && (await focusedAction(page)) !== 'undo-clear'; i += 1) await page.keyboard.press('Tab');
    assert.equal(await focusedAction(page), 'undo-clear', 'Tab reaches Undo');
    await page.keyboard.press('Enter');

    await page.waitForSelector(`[name="${BUCKET}"]`, { state: 'attached' });
    for (const [name, value] of Object.entries(VALID.s3)) {
      assert.equal(await field(page, name).inputValue(), value, `${name} is back`);
    }
    assert.equal(await field(page, 'chartVersion').inputValue(), '0.37.4');
    assert.equal(await page.locator('input[name="remember"]').isChecked(), true, 'Remember is on again');
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes('my-s3-bucket'), STORAGE_KEY);
    assert.equal(await field(page, 'shareLink').inputValue(), link, 'the link is back');
    assert.equal(new URL(page.url()).hash, new URL(link).hash);
    assert.equal(await undo.count(), 0, 'Undo is done');
    assert.equal(await focusedAction(page), 'clear', 'the focus is back on Clear everything');
    await waitOutputsReady(page);
    const stored = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
    assert.ok(!stored.includes(S3_SECRET.slice(-12)), 'the secret is still never stored');
  });
});

// --- commands and links -------------------------------------------------------------

test('every command of "Apply it" has its own Copy (keyboard too) and wraps instead of being cut off', async () => {
  await inTab(e2e.browser, { server: e2e.server, contextOptions: { viewport: { width: 700, height: 900 } } }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    const commands = page.locator('.steps pre');
    const count = await commands.count();
    assert.ok(count >= 2, `commands on the page: ${count}`);
    for (let i = 0; i < count; i += 1) {
      const pre = commands.nth(i);
      const id = await pre.getAttribute('id');
      const text = await pre.textContent();
      const box = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(box.scroll <= box.client + 1, `command ${id} fits its box (wraps): ${JSON.stringify(box)}`);
      const copy = page.locator(`button[data-action="copy-command"][data-for="${id}"]`);
      if (i === 0) {
        // Keyboard only for the first.
        await copy.focus();
        await page.keyboard.press('Enter');
      } else {
        await copy.click();
      }
      await page.waitForFunction((t) => navigator.clipboard.readText().then((c) => c === t), text);
      assert.equal(await clipboard(page), text, `command ${id} copied whole`);
    }
    assert.ok(await page.locator('.steps pre').evaluateAll((els) => els.some((el) => el.textContent.length > 90)), 'a long command was checked');
  });
});

test('the share link has Copy, and carries only the chosen backend and the platform', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 'gcs');
    await fillBackend(page, 'azure');
    await fillBackend(page, 's3');
    await page.locator('button[data-action="share"]').click();
    const link = await field(page, 'shareLink').inputValue();
    assert.ok(link.includes('my-s3-bucket') && link.includes('chartVersion=0.37.4'), link);
    for (const other of ['my-gcs-bucket', 'mystorageaccount', 'gcs.', 'azure.']) {
      assert.ok(!link.includes(other), `${other} is not in the link: ${link}`);
    }
    await page.locator('button[data-action="copy-link"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((t) => navigator.clipboard.readText().then((c) => c === t), link);
    assert.match(await page.locator('.share [role="status"]').textContent(), /Copied/);
  });
});

test('offline copy: Share gives the settings as text, explains where they go, and they open the hosted page', async () => {
  let settings;
  // From file:// the clipboard cannot be read back: record what is written.
  const recordCopies = (page) =>
    page.addInitScript(() => {
      const write = navigator.clipboard?.writeText?.bind(navigator.clipboard);
      if (write) {
        navigator.clipboard.writeText = (text) => {
          window.__copied = text;
          return write(text);
        };
      }
    });
  await inTab(e2e.browser, { url: OFFLINE_URL, before: recordCopies }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await page.locator('button[data-action="share"]').click();
    const text = field(page, 'shareLink');
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.startsWith('#v=1'));
    settings = await text.inputValue();
    assert.ok(!settings.includes('file:') && !settings.includes(S3_SECRET), settings);
    const label = await page.locator('label[for="share-link"]').textContent();
    assert.match(label, /file on this computer/, label);
    assert.match(label, /address of any copy of the configurator/, label);
    await page.locator('button[data-action="copy-link"]').click();
    const status = page.locator('.share [role="status"]');
    await page.waitForFunction(() => document.querySelector('.share [role="status"]')?.textContent.length > 0);
    if (/Copied/.test(await status.textContent())) {
      assert.equal(await page.evaluate(() => window.__copied), settings);
    } else {
      // No clipboard from file://: the text is selected for Ctrl+C.
      assert.deepEqual(
        await text.evaluate((el) => [el.selectionStart, el.selectionEnd]),
        [0, settings.length],
      );
    }
  });
  await inTab(e2e.browser, { server: e2e.server, url: e2e.server.url + settings }, async (_tab, page) => {
    assert.equal(await field(page, BUCKET).inputValue(), 'my-s3-bucket', 'the hosted page opens with them');
  });
});

test('a pasted secret loses the spaces around it, and the note never quotes it', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await chooseBackend(page, 'azure');
    const key = field(page, 'astronomer.registry.azure.accountkey');
    await key.focus();
    await pasteKeys(page, ` ${AZURE_KEY} `);
    await valueBecomes(page, 'astronomer.registry.azure.accountkey', AZURE_KEY);
    const note = await fieldBox(page, 'astronomer.registry.azure.accountkey').locator('[data-role="normalized"]').textContent();
    assert.ok(!note.includes(AZURE_KEY.slice(0, 12)), 'the note does not quote the key');
  });
});
