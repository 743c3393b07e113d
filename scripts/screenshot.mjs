// Takes the README's screenshot: dist/ served under a sub-path, in headless
// Chromium, with an S3 form filled in.
// Usage: node scripts/screenshot.mjs [out.png] [light|dark]   (after trunk build)

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, startServer } from '../tests/e2e/harness.mjs';

const out = process.argv[2] || 'docs/screenshot.png';
const scheme = process.argv[3] || 'light';
const profile = mkdtempSync(join(tmpdir(), 'shot-'));
const server = await startServer();
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1280, height: 1000 },
  colorScheme: scheme,
});
try {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#app[data-ready]');
  await page.check('input[name="backend"][value="s3"]');
  const fill = async (name, value) => page.fill(`[name="${name}"]`, value);
  await fill('astronomer.registry.s3.bucket', 'my-s3-bucket');
  await fill('astronomer.registry.s3.region', 'us-east-1');
  await fill('astronomer.registry.s3.accesskey', 'AKIAIOSFODNN7EXAMPLE');
  await fill('astronomer.registry.s3.secretkey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  await page.check('[name="astronomer.registry.s3.encrypt"]');
  await fill('astronomer.registry.s3.keyid', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  await fill('chartVersion', '0.37.4');
  await page.waitForSelector('[data-outputs="ready"]');
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
