// The page's "Apply it" steps are the script's: every upgrade goes through the
// platform's config file ("$config", set by `bash commands.sh FILE`), never a
// bare upgrade with the generated block alone; "Download all" holds a README
// with the steps in order.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillBackend, fillPlatform, inTab, useBrowser, waitOutputsReady, zipMembers, downloadVia } from './harness.mjs';

const e2e = useBrowser();

test('the page tells to run commands.sh with the platform file, and its upgrade uses that file', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    const intro = await page.locator('.steps > p').first().textContent();
    assert.match(intro, /bash commands\.sh path\/to\/platform\/config\.yaml/);
    const commands = await page.locator('.steps li pre').allTextContents();
    const upgrades = commands.filter((command) => command.includes('helm upgrade'));
    assert.equal(upgrades.length, 1, commands.join('\n'));
    assert.match(upgrades[0], /-f "\$config"/);
    assert.ok(!commands.some((command) => /-f config\.yaml/.test(command)), 'no upgrade with the block alone');
    assert.ok(commands.some((command) => command.includes('helm repo update astronomer')), 'the repository index is updated');
    // The volume's images are copied before and after the upgrade.
    const order = commands.map((command) =>
      command.includes('migrate-job-1.yaml') ? 1 : command.includes('helm upgrade') ? 2 : command.includes('migrate-job-2.yaml') ? 3 : 0,
    ).filter(Boolean);
    assert.deepEqual([...new Set(order)], [1, 2, 3], commands.join('\n'));
  });
});

test('Download all holds a README with the steps in order, first', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 'gcs');
    await waitOutputsReady(page);
    const { path } = await downloadVia(page, 'button[data-action="download-all"]');
    const members = zipMembers(path);
    const names = Object.keys(members);
    assert.equal(names[0], 'README.txt', names.join(', '));
    const readme = members['README.txt'];
    assert.match(readme, /bash commands\.sh path\/to\/platform\/config\.yaml/);
    const steps = (await page.locator('.steps li > p').allTextContents()).map((text) => text.trim());
    let at = 0;
    for (const step of steps) {
      const found = readme.indexOf(step.slice(0, 60), at);
      assert.ok(found >= at, `step out of order or missing in the README: ${step}`);
      at = found;
    }
  });
});
