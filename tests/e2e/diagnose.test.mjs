// "What did the registry say?": pasted output read by the page's worker
// against the failure-mode table. Each kind of fix: a one-click change
// (keyboard), a link that focuses the field, a step; unrecognised lines
// listed as text (markup never rendered); the pasted text never stored or put
// in the URL; a 5 MB paste refused; the offline file too.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OFFLINE_URL,
  field,
  fillBackend,
  fillPlatform,
  focused,
  inTab,
  persistentTraces,
  useBrowser,
} from './harness.mjs';

const e2e = useBrowser();

const ENDPOINT = 'astronomer.registry.s3.regionendpoint';
const REGION = 'astronomer.registry.s3.region';
const BUCKET = 'astronomer.registry.s3.bucket';

/** Puts `text` into the diagnose box as one change, as a paste does. */
async function pasteLog(page, text) {
  await field(page, 'diagnose').evaluate((el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** The diagnosis's items as [kind, mode, text], once the worker answered. */
async function items(page) {
  await page.waitForSelector('[data-role="diagnosis"]');
  return page
    .locator('[data-role="diagnosis"] li')
    .evaluateAll((els) => els.map((el) => [el.dataset.kind, el.dataset.mode, el.textContent.trim()]));
}

/** An S3 form on Astronomer's 2.x registry (0.37.0), whose region table predates ap-southeast-5. */
async function s3OnTheFork(page) {
  await fillPlatform(page, { chartVersion: '0.37.0' });
  await fillBackend(page, 's3');
  await field(page, REGION).fill('ap-southeast-5');
  await field(page, REGION).blur();
}

test('a start-up panic gives the cause and a one-click regional endpoint, taken with the keyboard', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await s3OnTheFork(page);
    await pasteLog(page, 'panic: invalid region provided: ap-southeast-5\ngoroutine 1 [running]:\n');
    const said = await items(page);
    assert.deepEqual(said[0], ['summary', '', '1 known problem:']);
    assert.deepEqual(said[1].slice(0, 2), ['what', 's3-invalid-region']);
    assert.match(said[2][2], /^Why: Without a region endpoint the registry checks the region/);
    assert.ok(
      said.some(([kind, , text]) => kind === 'note' && text.includes('ap-southeast-5')),
      `the form's own finding is quoted: ${JSON.stringify(said)}`,
    );
    assert.ok(said.some(([kind, , text]) => kind === 'line' && text.includes('1 | panic: invalid region provided')));

    const button = page.locator('[data-action="diagnose-fix"]');
    assert.equal(await button.textContent(), 'Set the region endpoint to https://s3.ap-southeast-5.amazonaws.com');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (name) => document.querySelector(`[name="${name}"]`)?.value === 'https://s3.ap-southeast-5.amazonaws.com',
      ENDPOINT,
    );
    assert.equal((await focused(page)).name, ENDPOINT, 'the focus is on the field the fix changed');
    // Asked again for the new settings: nothing left to click.
    await page.waitForFunction(() => !document.querySelector('[data-action="diagnose-fix"]'));
    assert.equal(await page.locator('[data-mode="s3-invalid-region"][data-kind="what"]').count(), 1);
  });
});

test('a fix at a field is a link that focuses it; a fix that is a step is text only', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await pasteLog(
      page,
      [
        'time="2026-05-01T10:00:00Z" level=error msg="response completed with error" err.code=unknown err.detail="s3aws: NoSuchBucket: The specified bucket does not exist\\n\\tstatus code: 404" err.message="unknown error"',
        '{"err.detail":"s3aws: AccessDenied: Access Denied\\n\\tstatus code: 403","level":"error","msg":"response completed with error"}',
      ].join('\r\n'),
    );
    const said = await items(page);
    const whats = said.filter(([kind]) => kind === 'what').map(([, mode]) => mode);
    assert.deepEqual(whats.sort(), ['s3-access-denied', 's3-no-such-bucket']);
    const denied = said.find(([kind, mode]) => kind === 'fix' && mode === 's3-access-denied');
    assert.match(denied[2], /iam-policy\.json/, 'the step to run');
    assert.equal(await page.locator('[data-mode="s3-access-denied"] button').count(), 0, 'a step has no button');

    const link = page.locator('[data-mode="s3-no-such-bucket"] [data-action="diagnose-field"]');
    await link.focus();
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).name, BUCKET);
  });
});

test('redirects off in one click', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    const redirect = page.locator('input[name="astronomer.registry.redirect.disable"]');
    assert.equal(await redirect.isChecked(), false);
    await pasteLog(
      page,
      'error pulling image configuration: download failed after attempts=6: dial tcp 52.217.1.1:443: i/o timeout',
    );
    await items(page);
    await page.locator('[data-mode="redirect-unreachable"] [data-action="diagnose-fix"]').click();
    await page.waitForFunction(
      () => document.querySelector('input[name="astronomer.registry.redirect.disable"]')?.checked === true,
    );
  });
});

test('unrecognised lines are listed as text, and markup in the paste is never rendered', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await pasteLog(
      page,
      'level=info msg="fine"\nlevel=error msg="<img src=x id=injected onerror=alert(1)>something new"\npanic: nothing known\n',
    );
    const said = await items(page);
    assert.deepEqual(
      said.map(([kind]) => kind),
      ['summary', 'unrecognised', 'unrecognised-line', 'unrecognised-line'],
    );
    assert.equal(said[0][2], 'No known problem in this text.');
    assert.match(said[1][2], /^2 error lines this page does not recognise/);
    assert.match(said[2][2], /2 \| <img src=x id=injected onerror=alert\(1\)>something new$/);
    assert.equal(await page.locator('#injected').count(), 0, 'no element was made from the paste');
  });
});

test('the pasted log is never stored nor put in the URL', async () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYDIAGNOSE';
  await inTab(e2e.browser, { server: e2e.server }, async (tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await page.locator('input[name="remember"]').check();
    await page.locator('button[data-action="share"]').click();
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('#'));
    await pasteLog(page, `level=error msg="s3aws: SignatureDoesNotMatch secretkey=${secret} X-Amz-Signature=DIAGNOSESIG"`);
    await items(page);
    // A change of the form after the paste rewrites storage and the link.
    await field(page, BUCKET).fill('other-bucket');
    await field(page, BUCKET).blur();
    await page.waitForFunction(() => document.querySelector('input[name="shareLink"]')?.value.includes('other-bucket'));
    const traces = JSON.stringify(await persistentTraces(tab));
    assert.ok(!traces.includes('DIAGNOSE'), traces);
    assert.ok(!traces.includes('SignatureDoesNotMatch'), traces);
  });
});

test('a 5 MB paste is refused before the box holds it', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    const outcome = await field(page, 'diagnose').evaluate((el, lines) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'level=error msg="x"\n'.repeat(lines));
      const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      const cancelled = !el.dispatchEvent(paste);
      return { cancelled, length: el.value.length };
    }, 250_000);
    assert.equal(outcome.cancelled, true, 'the paste was refused');
    assert.equal(outcome.length, 0, 'the box never held the text');
    assert.match(await page.locator('[data-kind="error"]').textContent(), /^The text is 5000 KB or more; .*up to 1000 KB/);
  });
});

test('offline (file://): the worker reads the paste', async () => {
  await inTab(e2e.browser, { url: OFFLINE_URL }, async (_tab, page) => {
    await s3OnTheFork(page);
    await pasteLog(page, 'panic: invalid region provided: ap-southeast-5');
    const said = await items(page);
    assert.deepEqual(said[1].slice(0, 2), ['what', 's3-invalid-region']);
  });
});
