// Outputs: for every backend, each file's Download gives that file (name, MIME
// type, the shown text byte for byte), "Download all" a zip of exactly the
// shown files in order (after an optional README.txt); Copy writes the file's
// text to the clipboard, and where the clipboard is missing or refuses,
// selects it instead and says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OFFLINE_URL,
  artifactText,
  downloadVia,
  fillBackend,
  fillPlatform,
  inTab,
  useBrowser,
  waitOutputsReady,
  zipMembers,
} from './harness.mjs';

const e2e = useBrowser();

/** The files each backend must give, in the page's order (it may give more). */
const FILES = {
  gcs: ['config.yaml', 'commands.sh'],
  s3: ['config.yaml', 'iam-policy.json', 'commands.sh'],
  azure: ['config.yaml', 'commands.sh'],
  volume: ['config.yaml', 'commands.sh'],
};

/** The MIME type a file must be downloaded with, by its extension. */
const MIME = { '.yaml': 'application/yaml', '.json': 'application/json', '.sh': 'text/x-shellscript' };
const mimeOf = (name) => {
  const mime = MIME[name.slice(name.lastIndexOf('.'))];
  assert.ok(mime, `${name}: a file type this test does not know; add its MIME type to MIME`);
  return mime;
};

async function ready(page, backend) {
  await fillPlatform(page);
  await fillBackend(page, backend);
  await waitOutputsReady(page);
}

/** Opens the file's tab, so that its panel (and buttons) are shown. */
async function openFile(page, name) {
  await page.locator(`[id="tab-${name}"]`).click();
  await page.locator(`[id="panel-${name}"]`).waitFor({ state: 'visible' });
}

/** The status line once it speaks of `name` (the line stays until the next action). */
async function statusAbout(page, name) {
  const line = page.locator('.outputs [role="status"]').filter({ hasText: name });
  await line.waitFor();
  return line.textContent();
}

/** The text of the page's selection, exactly (String(selection) drops a final line break). */
const selectedText = (page) =>
  page.evaluate(() => {
    const selection = window.getSelection();
    return selection.rangeCount ? selection.getRangeAt(0).cloneContents().textContent : '';
  });

for (const where of ['hosted', 'file://']) {
  const place = () => (where === 'hosted' ? { server: e2e.server } : { url: OFFLINE_URL });
  for (const [backend, required] of Object.entries(FILES)) {
    test(`${where}, ${backend}: every Download gives its file (name, type, bytes) and Download all the zip of them`, async () => {
      await inTab(e2e.browser, place(), async (tab) => {
        const { page } = tab;
        await ready(page, backend);
        const files = await page.locator('[data-artifact]').evaluateAll((els) => els.map((el) => el.dataset.artifact));
        assert.deepEqual(
          files.filter((name) => required.includes(name)),
          required,
          `the files shown (${files}) include these, in this order`,
        );
        const texts = {};
        for (const name of files) {
          const mime = mimeOf(name);
          texts[name] = await artifactText(page, name);
          await openFile(page, name);
          const dl = await downloadVia(page, `button[data-action="download"][data-for="${name}"]`);
          assert.equal(dl.name, name, `the download of ${name} is named`);
          assert.equal(dl.mime, mime, `the MIME type of ${name}`);
          assert.ok(dl.bytes.equals(Buffer.from(texts[name], 'utf8')), `${name}: the download is the shown text`);
          assert.equal(await statusAbout(page, name), `Downloaded ${name}.`);
        }
        assert.equal(new Set(Object.values(texts)).size, files.length, 'every file differs from the others');

        const zip = await downloadVia(page, 'button[data-action="download-all"]');
        assert.equal(zip.name, 'registry-backend.zip');
        assert.equal(zip.mime, 'application/zip');
        assert.ok(zip.bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')), 'zip signature');
        const members = zipMembers(zip.path);
        // The zip may open with a README.txt of its own; every other entry is a
        // file shown, and every file shown is there, in the page's order.
        const entries = Object.keys(members);
        assert.deepEqual(
          entries.filter((name) => !files.includes(name)),
          entries[0] === 'README.txt' ? ['README.txt'] : [],
          `the zip's entries: ${entries}`,
        );
        assert.deepEqual(
          entries.filter((name) => files.includes(name)),
          files,
          'the zip holds the files shown, in order',
        );
        for (const name of files) assert.equal(members[name], texts[name], `${name} in the zip`);
      });
    });
  }
}

test('Copy writes each file to the clipboard', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (tab) => {
    const { page } = tab;
    await ready(page, 's3');
    const files = await page.locator('[data-artifact]').evaluateAll((els) => els.map((el) => el.dataset.artifact));
    assert.deepEqual(files.filter((name) => FILES.s3.includes(name)), FILES.s3, `the files shown: ${files}`);
    for (const name of files) {
      const text = await artifactText(page, name);
      await page.evaluate(() => navigator.clipboard.writeText('before'));
      await openFile(page, name);
      await page.locator(`button[data-action="copy"][data-for="${name}"]`).click();
      assert.equal(await statusAbout(page, name), `Copied ${name} to the clipboard.`);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text, `the clipboard holds ${name}`);
      assert.equal(await selectedText(page), '', 'nothing selected: no fallback');
    }
  });
});

/** Init scripts that take the Clipboard API away, or make it refuse. */
const NO_CLIPBOARD = {
  'the Clipboard API is missing (plain http)': () => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
  },
  'the clipboard refuses': () => {
    Clipboard.prototype.writeText = () => Promise.reject(new DOMException('refused by the test', 'NotAllowedError'));
  },
};

for (const [what, script] of Object.entries(NO_CLIPBOARD)) {
  test(`Copy falls back to selecting the file when ${what}`, async () => {
    await inTab(
      e2e.browser,
      { server: e2e.server, before: (page) => page.addInitScript(script) },
      async (tab) => {
        const { page } = tab;
        await ready(page, 's3');
        for (const name of FILES.s3) {
          const text = await artifactText(page, name);
          await openFile(page, name);
          await page.locator(`button[data-action="copy"][data-for="${name}"]`).click();
          assert.equal(
            await statusAbout(page, name),
            `The clipboard is not available here: ${name} is selected, press Ctrl+C (or Cmd+C) to copy it.`,
          );
          assert.equal(await selectedText(page), text, `${name} is selected`);
        }
      },
    );
  });
}
