// Keyboard only: Tab reaches the backend radios, the arrow keys change the
// backend, Tab goes on to the inputs; in the files' tablist the arrow keys,
// Home and End move between tabs (selection, visible panel and focus).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillBackend, fillPlatform, focused, inTab, tabUntil, useBrowser, waitOutputsReady } from './harness.mjs';

const e2e = useBrowser();

const checkedBackend = (page) => page.locator('input[name="backend"]:checked').getAttribute('value');

test('keyboard: Tab reaches the backend radios, arrow keys change the backend, Tab reaches its inputs', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    const radio = await tabUntil(page, (f) => f.name === 'backend', { what: 'the backend radios' });
    assert.equal(radio.id, 'backend-volume', 'the radio group is entered at the chosen backend');

    // Radios: gcs, s3, azure, volume. Up from volume is azure, then s3.
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('[name="astronomer.registry.azure.accountname"]', { state: 'attached' });
    assert.equal(await checkedBackend(page), 'azure');
    assert.equal((await focused(page)).id, 'backend-azure', 'focus follows the choice');

    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('[name="astronomer.registry.s3.bucket"]', { state: 'attached' });
    assert.equal(await checkedBackend(page), 's3');
    assert.equal(await page.locator('[name^="astronomer.registry.azure."]').count(), 0, "azure's inputs are gone");
    assert.equal((await focused(page)).id, 'backend-s3');

    // Tab leaves the group (one stop) for the chosen backend's first input.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).name, 'astronomer.registry.s3.bucket');
    await page.keyboard.type('my-s3-bucket');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).name, 'astronomer.registry.s3.region', 'Tab goes on to the next input');
    assert.equal(await page.locator('[name="astronomer.registry.s3.bucket"]').inputValue(), 'my-s3-bucket');
  });
});

test('keyboard: ArrowRight, ArrowLeft, Home and End move between the file tabs', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    const names = (await page.locator('[role="tablist"] [role="tab"]').allTextContents()).map((n) => n.trim());
    const shown = await page.locator('[data-artifact]').evaluateAll((els) => els.map((el) => el.dataset.artifact));
    assert.deepEqual(names, shown, 'one tab per file, in the same order');
    assert.ok(names.length >= 3 && names[0] === 'config.yaml', `${names}`);
    const last = names[names.length - 1];

    const tab = await tabUntil(page, (f) => f.role === 'tab', { what: 'the file tabs' });
    assert.equal(tab.id, 'tab-config.yaml', 'the tablist is entered at the selected tab');

    /** Presses `key` and waits for `name` to be the selected tab, then checks panel and focus. */
    async function press(key, name) {
      await page.keyboard.press(key);
      await page.waitForSelector(`[role="tab"][id="tab-${name}"][aria-selected="true"]`, { state: 'attached' });
      const state = await page.evaluate(() => ({
        selected: [...document.querySelectorAll('[role="tab"][aria-selected="true"]')].map((t) => t.id),
        visible: [...document.querySelectorAll('[role="tabpanel"]')]
          .filter((p) => !p.hidden && p.getClientRects().length > 0)
          .map((p) => p.id),
        focus: document.activeElement?.id,
      }));
      assert.deepEqual(state.selected, [`tab-${name}`], `${key}: one selected tab`);
      assert.deepEqual(state.visible, [`panel-${name}`], `${key}: only ${name}'s panel is visible`);
      assert.equal(state.focus, `tab-${name}`, `${key}: focus moves to the tab`);
      assert.ok(await page.locator(`[data-artifact="${name}"]`).isVisible(), `${key}: ${name} is shown`);
    }

    for (const name of names.slice(1)) await press('ArrowRight', name);
    await press('ArrowRight', 'config.yaml'); // wraps around
    await press('ArrowLeft', last); // wraps back
    await press('ArrowLeft', names[names.length - 2]);
    await press('Home', 'config.yaml');
    await press('End', last);
  });
});
