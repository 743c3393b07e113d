// How the page looks beyond the screen defaults: printed (the chosen backend,
// every file under its name, no buttons) and in the system's dark or light
// colour scheme.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillBackend, fillPlatform, inTab, useBrowser, waitOutputsReady } from './harness.mjs';

const e2e = useBrowser();

/** The files S3 must give, in the page's order (it may give more). */
const REQUIRED = ['config.yaml', 'iam-policy.json', 'commands.sh'];

test('print: only the chosen backend, every file visible under its name, no buttons', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    const FILES = await page.locator('[data-artifact]').evaluateAll((els) => els.map((el) => el.dataset.artifact));
    assert.deepEqual(FILES.filter((name) => REQUIRED.includes(name)), REQUIRED, `the files: ${FILES}`);
    // On screen only the selected file's panel shows, and no name heading.
    assert.equal(await page.locator('[data-artifact="iam-policy.json"]').isVisible(), false, 'screen: one panel');
    assert.equal(await page.locator('.print-only').first().isVisible(), false, 'screen: no print headings');

    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => matchMedia('print').matches);

    const choices = {};
    for (const backend of ['gcs', 's3', 'azure', 'volume']) {
      choices[backend] = await page.locator(`label.choice:has(input[name="backend"][value="${backend}"])`).isVisible();
    }
    assert.deepEqual(choices, { gcs: false, s3: true, azure: false, volume: false }, 'the picker shows the chosen backend only');

    const headings = page.locator('.print-only');
    assert.deepEqual((await headings.allTextContents()).map((t) => t.trim()), FILES, "each file's name heading");
    for (let i = 0; i < FILES.length; i += 1) assert.ok(await headings.nth(i).isVisible(), `${FILES[i]} heading visible`);
    for (const name of FILES) {
      const artifact = page.locator(`[data-artifact="${name}"]`);
      assert.ok(await artifact.isVisible(), `${name} is printed`);
      const box = await artifact.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
      assert.ok(box.scroll <= box.client + 1, `${name} is printed whole, not clipped: ${JSON.stringify(box)}`);
    }

    const buttons = await page.locator('button').evaluateAll((els) =>
      els.filter((el) => el.getClientRects().length > 0).map((el) => el.textContent.trim()),
    );
    assert.deepEqual(buttons, [], 'no button is printed');
  });
});

/** WCAG relative luminance of the body's computed background colour. */
const bodyLuminance = (page) =>
  page.evaluate(() => {
    const color = getComputedStyle(document.body).backgroundColor;
    const [r, g, b, a = 1] = color.match(/[\d.]+/g).map(Number);
    if (a === 0) throw new Error(`the body has no background of its own: ${color}`);
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  });

test('colour scheme: dark when the system prefers dark, light when it prefers light', async () => {
  const seen = {};
  for (const colorScheme of ['dark', 'light']) {
    await inTab(e2e.browser, { server: e2e.server, contextOptions: { colorScheme } }, async (_tab, page) => {
      assert.equal(await page.evaluate((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, colorScheme), true);
      seen[colorScheme] = await bodyLuminance(page);
    });
  }
  assert.ok(seen.dark < 0.2, `dark background: luminance ${seen.dark}`);
  assert.ok(seen.light > 0.8, `light background: luminance ${seen.light}`);
});
