// The form: each backend filled with valid values gives a config.yaml with that
// backend enabled; an invalid bucket shows an error at the field that goes away
// once fixed; switching backends keeps what was typed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUCKET_FIELD,
  OFFLINE_URL,
  VALID,
  artifactText,
  chooseBackend,
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

const EXPECT = {
  gcs: { bucket: 'my-gcs-bucket' },
  s3: { bucket: 'my-s3-bucket', region: 'us-east-1', accesskey: 'AKIAIOSFODNN7EXAMPLE' },
  azure: { accountname: 'mystorageaccount', container: 'my-container-name', realm: 'core.windows.net' },
};

function assertConfig(text, backend) {
  const registry = parseYaml(text)?.astronomer?.registry;
  assert.ok(registry, `astronomer.registry in:\n${text}`);
  for (const other of ['gcs', 's3', 'azure']) {
    if (other !== backend) assert.notEqual(registry[other]?.enabled, true, `${other} must not be enabled`);
  }
  if (backend === 'volume') {
    assert.ok(registry.persistence, `a persistence block in:\n${text}`);
    assert.equal(registry.persistence.enabled, true, 'persistence.enabled: true');
    assert.equal(registry.persistence.size, VALID.volume['astronomer.registry.persistence.size'], 'the typed size');
    return;
  }
  assert.equal(registry[backend]?.enabled, true, `${backend}.enabled: true`);
  for (const [key, value] of Object.entries(EXPECT[backend])) assert.equal(registry[backend][key], value, key);
}

for (const backend of ['gcs', 's3', 'azure', 'volume']) {
  test(`${backend}: valid values give outputs and a config.yaml with ${backend} enabled`, async () => {
    await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
      await fillPlatform(page);
      await fillBackend(page, backend);
      await waitOutputsReady(page);
      const text = await artifactText(page, 'config.yaml');
      assertConfig(text, backend);
      const commands = await artifactText(page, 'commands.sh');
      assert.match(commands, /^#!\/usr\/bin\/env bash\n/);
      assert.match(commands, /0\.37\.4/);
      const iam = page.locator('[data-artifact="iam-policy.json"]');
      if (backend === 's3') {
        const policy = JSON.parse(await iam.evaluate((el) => el.textContent));
        assert.ok(JSON.stringify(policy).includes('arn:aws:s3:::my-s3-bucket'));
      } else {
        assert.equal(await iam.count(), 0, 'iam-policy.json is for S3 only');
      }
    });
  });
}

test('offline.html: S3 filled from file:// gives the same config.yaml as hosted', async () => {
  let hosted;
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    hosted = await artifactText(page, 'config.yaml');
  });
  await inTab(e2e.browser, { url: OFFLINE_URL }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 's3');
    await waitOutputsReady(page);
    assert.equal(await artifactText(page, 'config.yaml'), hosted);
  });
});

for (const backend of ['gcs', 's3']) {
  test(`${backend}: bucket "yes" shows an error at the field; fixing it clears the error`, async () => {
    await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
      await fillPlatform(page);
      await fillBackend(page, backend);
      await waitOutputsReady(page);
      const name = BUCKET_FIELD[backend];
      const input = field(page, name);
      await setField(page, name, 'yes');

      await page.waitForSelector(`[name="${name}"][aria-invalid="true"]`, { state: 'attached' });
      const ids = (await input.getAttribute('aria-describedby'))?.split(/\s+/).filter(Boolean) ?? [];
      assert.ok(ids.length > 0, 'aria-describedby names the message');
      const described = await page.evaluate(
        (list) => list.map((id) => document.getElementById(id)?.textContent?.trim() ?? null),
        ids,
      );
      assert.ok(!described.includes(null), `every id in aria-describedby exists: ${ids}`);
      const message = described.filter(Boolean).join(' ');
      assert.ok(message.length > 10, `a sentence explains the problem: "${message}"`);
      await page.waitForSelector('[data-outputs="blocked"]', { state: 'attached' });
      assert.equal(await page.locator('[data-artifact="config.yaml"]').count(), 0, 'no wrong files shown');

      await setField(page, name, VALID[backend][name]);
      await page.waitForSelector(`[name="${name}"]:not([aria-invalid="true"])`, { state: 'attached' });
      await waitOutputsReady(page);
      const after = await page.evaluate((el) => {
        const ids = el.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean) ?? [];
        return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
      }, await input.elementHandle());
      assert.ok(!after.includes(message), `the error message is gone (now: "${after}")`);
    });
  });
}

test('switching backend gcs -> s3 -> gcs keeps what was typed in each', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillBackend(page, 'gcs');
    await fillBackend(page, 's3');
    await chooseBackend(page, 'gcs');
    for (const [name, value] of Object.entries(VALID.gcs)) assert.equal(await field(page, name).inputValue(), value, name);
    assert.equal(await page.locator('[name^="astronomer.registry.s3."]').count(), 0, "only the chosen backend's inputs");
    await chooseBackend(page, 's3');
    for (const [name, value] of Object.entries(VALID.s3)) assert.equal(await field(page, name).inputValue(), value, name);
  });
});

test('volume is the default backend and platform fields are prefilled', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    assert.equal(await page.locator('input[name="backend"][value="volume"]').isChecked(), true);
    assert.equal(await field(page, 'release').inputValue(), 'astronomer');
    assert.equal(await field(page, 'namespace').inputValue(), 'astronomer');
  });
});

test('"Bucket or container in use today" shows only while the images are in another bucket', async () => {
  await inTab(e2e.browser, { server: e2e.server }, async (_tab, page) => {
    await fillPlatform(page);
    await fillBackend(page, 'gcs');
    const source = page.locator('[name="migrateSource"]');
    for (const [from, shown] of [['volume', 0], ['store', 1], ['none', 0]]) {
      await page.locator(`input[name="migrateFrom"][value="${from}"]`).check();
      await page.waitForFunction(
        ([count]) => document.querySelectorAll('[name="migrateSource"]').length === count,
        [shown],
      );
      assert.equal(await source.count(), shown, `migrateFrom=${from}`);
    }
  });
});
