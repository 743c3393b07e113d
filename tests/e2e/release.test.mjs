// The chosen release decides the form and the files: the chart version input
// offers every published release; a setting the release lacks is disabled with
// the release that has it; 1.x and 2.x ask how the platform is installed; the
// registry of the release gets what it needs (Azure on registry 3.x).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  VALID,
  artifactText,
  field,
  fillBackend,
  fillPlatform,
  inTab,
  parseYaml,
  setField,
  useBrowser,
  waitOutputsReady,
} from './harness.mjs';

const e2e = useBrowser();
const ENDPOINT = 'astronomer.registry.s3.regionendpoint';

test('the chart version offers every published release, newest first', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    const listId = await field(page, 'chartVersion').getAttribute('list');
    assert.ok(listId, 'the chart version input has a list of releases');
    const versions = await page.locator(`datalist#${listId} option`).evaluateAll((options) => options.map((o) => o.value));
    assert.equal(versions[0], '2.1.0');
    assert.equal(versions.at(-1), '0.25.1');
    for (const version of ['0.30.8', '0.37.4', '1.2.0', '2.0.1']) assert.ok(versions.includes(version), version);
    assert.ok(!versions.includes('1.2.10'), 'only published releases');
  });
});

test('a setting the release lacks is disabled and names the release that has it', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 's3');
    await fillPlatform(page, { chartVersion: '0.29.5' });
    const endpoint = field(page, ENDPOINT);
    await page.waitForFunction((name) => document.querySelector(`[name="${name}"]`)?.disabled, ENDPOINT);
    const note = await page.locator(`#${await endpoint.getAttribute('aria-describedby')} [data-role="unavailable"]`).textContent();
    assert.match(note, /Needs chart 0\.30\.0 or later/);
    // 1.x has it, and asks how the release is installed.
    await setField(page, 'chartVersion', '1.2.0');
    await page.waitForFunction((name) => !document.querySelector(`[name="${name}"]`)?.disabled, ENDPOINT);
    assert.equal(await page.locator('input[name="planeMode"]').count(), 3);
    assert.equal(await page.locator('input[name="planeMode"][value="unified"]').isChecked(), true);
    assert.equal(await page.locator('input[name="planeMode"]:disabled').count(), 0);
    await waitOutputsReady(page);
  });
});

test('a control-plane release says the files are for the data planes', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 'volume');
    await fillPlatform(page, { chartVersion: '2.1.0' });
    await page.locator('input[name="planeMode"][value="control"]').check();
    await page.waitForSelector('.field.choices .warning');
    const warning = await page.locator('.field.choices .warning').textContent();
    assert.match(warning, /control-plane release runs no registry/);
    await waitOutputsReady(page);
    assert.match(await artifactText(page, 'config.yaml'), /apply this block to each data-plane release/);
    assert.match(await artifactText(page, 'commands.sh'), /upgrade the data-plane release astronomer/);
    const steps = await page.locator('.steps li').allTextContents();
    assert.ok(steps.some((step) => step.includes('data-plane release astronomer')), steps.join('\n'));
  });
});

test('Azure on a registry 3.x release gets its credentials type; on 0.36 it does not', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 'azure', VALID.azure);
    for (const [chart, env] of [
      ['0.37.7', [{ name: 'REGISTRY_STORAGE_AZURE_CREDENTIALS_TYPE', value: 'shared_key' }]],
      ['0.36.1', undefined],
    ]) {
      await setField(page, 'chartVersion', chart);
      await page.waitForFunction(
        (version) => document.querySelector('[data-artifact="config.yaml"]')?.textContent.includes(`chart ${version}.`),
        chart,
      );
      const registry = parseYaml(await artifactText(page, 'config.yaml')).astronomer.registry;
      assert.deepEqual(registry.extraEnv, env, chart);
    }
  });
});
