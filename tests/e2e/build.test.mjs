// Static checks of what `trunk build --release` wrote to dist/ (no browser).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIST, parseCsp } from './harness.mjs';

const read = (name) => readFileSync(join(DIST, name), 'utf8');
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const cspOf = (html) => {
  const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
  assert.ok(m, 'a Content-Security-Policy meta tag');
  return parseCsp(m[1]);
};
const inlineScripts = (html) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].filter((m) => !/\bsrc=/.test(m[1])).map((m) => m[2]);

test('dist/ holds index.html, offline.html and its checksum', () => {
  for (const name of ['index.html', 'offline.html', 'offline.html.sha256']) {
    assert.ok(existsSync(join(DIST, name)), `dist/${name}`);
  }
  assert.ok(readdirSync(DIST).some((f) => f.endsWith('.wasm')), 'a .wasm file');
});

test('dist/ is a `trunk build`, not the dev server output (no autoreload script)', () => {
  for (const name of ['index.html', 'offline.html']) {
    assert.ok(!read(name).includes('.well-known/trunk/ws'), `dist/${name} was written by trunk serve: rebuild with trunk build --release`);
  }
});

test('offline.html.sha256 is in sha256sum format and matches the file', () => {
  const line = read('offline.html.sha256');
  const digest = createHash('sha256').update(readFileSync(join(DIST, 'offline.html'))).digest('hex');
  assert.equal(line, `${digest}  offline.html\n`);
});

test('index.html refers to its files by relative URLs only', () => {
  const html = read('index.html');
  const urls = [
    ...[...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]),
    ...[...html.matchAll(/\bfrom\s+'([^']*)'/g)].map((m) => m[1]),
    ...[...html.matchAll(/module_or_path:\s*'([^']*)'/g)].map((m) => m[1]),
  ];
  assert.ok(urls.length >= 3, `found the page's URLs: ${urls}`);
  for (const url of urls) {
    assert.match(url, /^(?:\.\/[^/]|data:)/, `relative URL: ${url}`);
    if (url.startsWith('./')) assert.ok(existsSync(join(DIST, url.slice(2).split(/[?#]/)[0])), `${url} exists`);
  }
});

test('hosted policy: self-only, hashes of every inline script', () => {
  const html = read('index.html');
  const csp = cspOf(html);
  assert.deepEqual(csp['default-src'], ["'none'"]);
  assert.deepEqual(csp['connect-src'], ["'self'"]);
  assert.deepEqual(csp['worker-src'], ["'self'"], 'exactly the worker beside the page');
  assert.deepEqual(csp['form-action'], ["'none'"]);
  assert.deepEqual(csp['base-uri'], ["'none'"]);
  assert.ok(csp['script-src'].includes("'wasm-unsafe-eval'"));
  for (const src of [...csp['script-src'], ...csp['style-src'], ...csp['img-src']]) {
    assert.match(src, /^(?:'self'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/]+=*'|data:)$/, `allowed source ${src}`);
  }
  assert.ok(!csp['style-src'].includes("'unsafe-inline'"));
  const scripts = inlineScripts(html);
  assert.ok(scripts.length >= 1, 'the module loader is inline');
  for (const body of scripts) assert.ok(csp['script-src'].includes(sha(body)), 'inline script hash in the policy');
});

test('offline.html stands alone: no file references, connect-src none, hashes match', () => {
  const html = read('offline.html');
  const csp = cspOf(html);
  assert.deepEqual(csp['default-src'], ["'none'"]);
  assert.deepEqual(csp['connect-src'], ["'none'"]);
  assert.deepEqual(csp['worker-src'], ['blob:'], 'exactly the worker the page makes of its inlined copy');
  assert.deepEqual(csp['form-action'], ["'none'"]);
  assert.deepEqual(csp['base-uri'], ["'none'"]);
  assert.ok(!csp['script-src'].includes("'self'"), "no 'self' scripts: there is no file to load");
  for (const m of html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/gi)) {
    assert.match(m[1], /^data:/, `inlined: ${m[1].slice(0, 60)}`);
  }
  const scripts = inlineScripts(html);
  assert.equal(scripts.length, 2, "the worker's inline script, then the app's module script");
  assert.match(scripts[0], /\blet wasm_bindgen\b[\s\S]*self\.registryWorkerUrl = URL\.createObjectURL/, 'the worker: glue, WASM, Blob URL');
  for (const body of scripts) assert.ok(csp['script-src'].includes(sha(body)), 'inline script hash in the policy');
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((m) => m[1]);
  for (const body of styles) assert.ok(csp['style-src'].includes(sha(body)), 'style hash in the policy');
  assert.ok(!/<link\b[^>]*rel="(?:stylesheet|modulepreload|preload)"/i.test(html), 'no linked resources');
});

test('every integrity attribute of index.html names the bytes of its file (the build minifies some)', () => {
  const html = read('index.html');
  const tags = [...html.matchAll(/<[a-z]+\b[^>]*\bintegrity="(sha384-[^"]+)"[^>]*>/gi)];
  assert.ok(tags.length >= 2, 'the style sheet and the preloads carry one');
  for (const [tag, integrity] of tags) {
    const href = tag.match(/\bhref="\.\/([^"]+)"/)?.[1];
    assert.ok(href, `an href beside the integrity: ${tag}`);
    const digest = createHash('sha384').update(readFileSync(join(DIST, href))).digest('base64');
    assert.equal(integrity, `sha384-${digest}`, href);
  }
});
