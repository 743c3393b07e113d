// Upgrades (and a setting the files force): "The release you run now" beside the chart version; the page
// lists what changes for the registry and the steps the upgrade needs, and
// commands.sh carries the same report. A release newer than the page is
// accepted with one sentence that names the release the files follow. Hosted
// under a sub-path and from file://.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OFFLINE_URL,
  artifactText,
  field,
  fillBackend,
  fillPlatform,
  inTab,
  setField,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();

/// The report's items on the page, as text.
const reportItems = (page) => page.locator('[data-role="upgrade-report"] li').allTextContents();

async function upgradeAzure(page) {
  await fillBackend(page, 'azure');
  await fillPlatform(page, { chartVersion: '0.37.1' });
  await page.locator('input[name="migrateFrom"][value="none"]').check();
  await setField(page, 'upgradeFrom', '0.37.0');
  await waitOutputsReady(page);
  await page.waitForSelector('[data-role="upgrade-report"] li');
}

for (const where of ['hosted', 'file']) {
  test(`an Azure upgrade across 0.37.0 -> 0.37.1 lists its changes and its steps (${where})`, async () => {
    const options = where === 'hosted' ? { server: e2e.server } : { url: OFFLINE_URL };
    await inTab(e2e.browser, options, async (_tab, page) => {
      // Not upgrading: no report.
      await fillBackend(page, 'azure');
      await fillPlatform(page, { chartVersion: '0.37.1' });
      await waitOutputsReady(page);
      assert.equal(await page.locator('[data-role="upgrade-report"]').count(), 0);

      await upgradeAzure(page);
      const items = await reportItems(page);
      assert.match(items[0], /^The registry program: Astronomer's registry 2\.x becomes registry 3\.0\.0 \(at 0\.37\.1\)\. .*leading slash/);
      assert.ok(items.some((item) => item.startsWith('Azure needs a credentials type (at 0.37.1)')), items.join('\n'));
      assert.ok(items.some((item) => item.startsWith('Rewriting a blob that 2.x wrote fails')), items.join('\n'));

      // The steps: the copy to the 3.x names before the pinned upgrade.
      const steps = await page.locator('.steps ol > li').allTextContents();
      const copy = steps.findIndex((text) => text.includes('Copy every blob of the container'));
      const upgrade = steps.findIndex((text) => text.includes('from chart 0.37.0 to chart 0.37.1'));
      assert.ok(copy >= 0 && upgrade > copy, steps.join('\n'));
      assert.match(steps[upgrade], /--version 0\.37\.1/);

      // commands.sh carries the same report, and the Job is among the files.
      const script = await artifactText(page, 'commands.sh');
      assert.match(script, /# The upgrade from 0\.37\.0 to 0\.37\.1: what changes for the registry\./);
      assert.match(script, /# - Azure needs a credentials type \(at 0\.37\.1\)/);
      assert.match(await artifactText(page, 'azure-rename-upgrade.yaml'), /kind: Job/);

      // Emptying the field ends the upgrade.
      await setField(page, 'upgradeFrom', '');
      await page.waitForFunction(() => !document.querySelector('[data-role="upgrade-report"]'));
      assert.doesNotMatch(await artifactText(page, 'commands.sh'), /The upgrade from/);
    });
  });

  test(`a release newer than the page is accepted, followed and pinned as typed (${where})`, async () => {
    const options = where === 'hosted' ? { server: e2e.server } : { url: OFFLINE_URL };
    await inTab(e2e.browser, options, async (_tab, page) => {
      await fillBackend(page, 's3');
      await fillPlatform(page, { chartVersion: '2.1.9' });
      await waitOutputsReady(page);
      const note = page.locator('.field:has([name="chartVersion"]) .warning');
      await note.waitFor();
      assert.match(await note.textContent(), /^Warning: 2\.1\.9 is newer than this page knows: the files follow 2\.1\.0, the newest it knows/);
      assert.match(await artifactText(page, 'commands.sh'), /--version 2\.1\.9 /);
      assert.equal(await page.locator('.field:has([name="chartVersion"]) .error').count(), 0);
    });
  });
}

test('the release you run now must be older than the chart version: said at the field, no files', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 's3');
    await fillPlatform(page, { chartVersion: '0.37.1' });
    await setField(page, 'upgradeFrom', '1.0.0');
    await field(page, 'upgradeFrom').blur();
    const error = page.locator('.field:has([name="upgradeFrom"]) .error');
    await error.waitFor();
    assert.match(await error.textContent(), /^Error: 1\.0\.0 is newer than the chart version 0\.37\.1/);
    // Typed values survive a backend switch and back.
    await page.locator('input[name="backend"][value="gcs"]').check();
    await page.locator('input[name="backend"][value="s3"]').check();
    assert.equal(await field(page, 'upgradeFrom').inputValue(), '1.0.0');
  });
});

test('an in-cluster store forces redirects off: the box is shown ticked and locked, with why', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 's3');
    await fillPlatform(page, { chartVersion: '0.37.7' });
    const box = field(page, 'astronomer.registry.redirect.disable');
    assert.equal(await box.isChecked(), false);
    assert.equal(await box.isDisabled(), false);
    await setField(page, 'astronomer.registry.s3.regionendpoint', 'http://minio.minio.svc.cluster.local:9000');
    await page.waitForFunction((name) => document.querySelector(`[name="${name}"]`)?.disabled, 'astronomer.registry.redirect.disable');
    assert.equal(await box.isChecked(), true, 'shown as the files set it');
    const why = await page.locator('.field:has([name="astronomer.registry.redirect.disable"]) [data-role="unavailable"]').textContent();
    assert.match(why, /reachable only inside the cluster/);
    await waitOutputsReady(page);
    assert.match(await artifactText(page, 'config.yaml'), /disable: true/);
    // Another endpoint: the box is the user's again, as it was.
    await setField(page, 'astronomer.registry.s3.regionendpoint', 'https://minio.example.com');
    await page.waitForFunction((name) => !document.querySelector(`[name="${name}"]`)?.disabled, 'astronomer.registry.redirect.disable');
    assert.equal(await box.isChecked(), false);
  });
});

test('a reload after typing asks first unless the settings are remembered', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    // Typed with the keyboard: the browser only prompts after a user gesture.
    await field(page, 'chartVersion').click();
    await page.keyboard.type('0.37.7');
    const asked = () =>
      new Promise((done) => {
        const timer = setTimeout(() => done(false), 3000);
        page.once('dialog', async (dialog) => {
          clearTimeout(timer);
          done(dialog.type());
          await dialog.dismiss();
        });
        page.evaluate(() => location.reload()).catch(() => {});
      });
    assert.equal(await asked(), 'beforeunload', 'the browser asks before the work is lost');
    // Remembered: a reload brings it back, so nothing is asked.
    await page.locator('input[name="remember"]').check();
    assert.equal(await asked(), false);
  });
});
