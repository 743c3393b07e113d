#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml). Runs in TRUNK_STAGING_DIR after
// Trunk wrote index.html, for `trunk build` and `trunk serve` alike:
//
// 1. index.html: every URL relative ("./file"), the icon as a data: URL (a
//    linked icon is fetched again each time the page updates its URL
//    fragment, which would be a request after load), the Content-Security-
//    Policy meta filled in with the sha256 of each inline script (Trunk's
//    module loader, and in `trunk serve` its autoreload script).
// 2. offline.html: ONE self-contained file: glue JS with the WASM as base64 in
//    one inline module script, CSS in one <style>, the page's Web Worker
//    (glue and WASM) in one inline classic script that makes a Blob URL of
//    itself for the worker, and a policy with connect-src 'none' and
//    worker-src blob:. It works from file:// with no network.
// 3. offline.html.sha256 in sha256sum format ("<hex>  offline.html").
//
// Anything unexpected (a file it cannot find, a glue module that imports
// another module, a URL it cannot make relative) fails the build loudly
// rather than producing a page that breaks at run time.

import { transformSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail('TRUNK_STAGING_DIR is not set: run me as a Trunk post_build hook');
const htmlName = 'index.html';
const htmlPath = join(staging, htmlName);

function fail(message) {
  console.error(`postbuild: ${message}`);
  process.exit(1);
}

const sha256b64 = (text) => createHash('sha256').update(text, 'utf8').digest('base64');
const sha256hex = (buf) => createHash('sha256').update(buf).digest('hex');

const MIME = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.css': 'text/css',
};

/** Resolves a relative URL found in the page to a file inside the staging dir. */
function stagedFile(url) {
  const clean = url.replace(/^\.\//, '').split(/[?#]/)[0];
  const path = normalize(join(staging, decodeURIComponent(clean)));
  if (!path.startsWith(normalize(staging) + sep)) fail(`URL escapes the site: ${url}`);
  if (!existsSync(path)) fail(`page refers to ${url}, which is not in the build output`);
  return path;
}

// wasm-bindgen names each import after its JS function plus a hash
// (`__wbg_lastChild_d03af7c29f69e2ad`), and both the .wasm and its glue carry
// every name: hex that gzip cannot shrink, about 5 KB gzipped in the page's
// two files. wasm-opt (binaryen, package-lock.json) renames the imports, the
// exports and the import module to a letter or two and prints the mapping;
// the glue is renamed to match. Checked both ways: every name the .wasm
// imports is a key the glue gives it, and no old name is left in the glue.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WASM_FEATURES = (() => {
  const shell = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const flags = [...new Set(shell.match(/--enable-[a-z-]+/g) ?? [])];
  if (!flags.length) fail('index.html names no --enable-* wasm-opt flags to reuse');
  return flags;
})();

function shortNames(wasmFile, glue) {
  const before = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmFile)));
  const wasmOpt = join(ROOT, 'node_modules', '.bin', 'wasm-opt');
  const run = spawnSync(
    existsSync(wasmOpt) ? wasmOpt : 'wasm-opt',
    [...WASM_FEATURES, '--minify-imports-and-exports-and-modules', wasmFile, '-o', wasmFile],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) fail(`wasm-opt could not rename ${wasmFile}: ${run.error ?? run.stderr}`);
  const map = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
  const after = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmFile)));
  if (after.length !== before.length) fail(`${wasmFile}: wasm-opt changed the number of imports`);
  const escape = (name) => name.replace(/[$]/g, '\\$');
  const word = (name) => new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`, 'g');
  // An import is a key of the glue's imports object: `{` or `,`, blanks, the
  // name, a colon.
  const key = (name) => new RegExp(`(?<=[{,]\\s*)${escape(name)}(?=\\s*:)`, 'g');
  const identifier = /^[A-Za-z_$][\w$]*$/;
  let out = glue;
  const modules = new Map(before.map((entry, i) => [entry.module, after[i].module]));
  for (const [old, now] of modules) {
    if (!out.includes(JSON.stringify(old))) fail(`${wasmFile}: the glue does not name the import module ${old}`);
    out = out.replaceAll(JSON.stringify(old), () => JSON.stringify(now));
  }
  for (const [, old, now] of map.imports) {
    if (!identifier.test(now)) fail(`${wasmFile}: wasm-opt named an import ${now}, not a JS identifier`);
    if (!key(old).test(out)) fail(`${wasmFile}: the glue does not define the import ${old}`);
    out = out.replace(key(old), () => now);
  }
  for (const [old, now] of map.exports) {
    if (!identifier.test(now)) fail(`${wasmFile}: wasm-opt named an export ${now}, not a JS identifier`);
    out = out.replace(word(`wasm\\.${old}`), () => `wasm.${now}`);
  }
  for (const { module, name } of after) {
    if (!key(name).test(out)) fail(`${wasmFile}: the glue gives nothing for the import ${module}.${name}`);
  }
  for (const [, old] of map.imports) {
    if (word(old).test(out)) fail(`${wasmFile}: the glue still names the import ${old}`);
  }
  // Every export the glue reads is one the renamed WASM has.
  const exported = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmFile))).map((e) => e.name));
  for (const [, name] of out.matchAll(/(?<![\w$.])wasm\.([\w$]+)/g)) {
    if (!exported.has(name)) fail(`${wasmFile}: the glue reads wasm.${name}, which the WASM does not export`);
  }
  if (/\bwasm\s*\[|\binstance\.exports\.[\w$]/.test(out)) {
    fail(`${wasmFile}: the glue reads the exports some other way than wasm.<name>: rename those too`);
  }
  return out;
}

function cspString(directives) {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

// ---------------------------------------------------------------------------
// 1. index.html: relative URLs and the policy.

let html = readFileSync(htmlPath, 'utf8');

// Trunk's autoreload script (trunk serve only) carries placeholders that the
// dev server rewrites per request, which would break its hash. Fill them in
// here so the served bytes equal the hashed bytes.
html = html
  .replace(/'\{\{__TRUNK_ADDRESS__\}\}'/g, 'window.location.host')
  .replace(/`\{\{__TRUNK_ADDRESS__\}\}`/g, 'window.location.host')
  .replace(/\{\{__TRUNK_WS_BASE__\}\}/g, '/');

// Any root-absolute reference to a built file becomes relative, e.g. when
// someone builds with --public-url /.
html = html.replace(/(["'])\/(?!\/)([^"'\s<>]+)\1/g, (whole, quote, rest) => {
  const candidate = join(staging, rest.split(/[?#]/)[0]);
  return existsSync(candidate) ? `${quote}./${rest}${quote}` : whole;
});

// Icons -> data: URLs. Chromium fetches a linked icon again on every
// history.replaceState, and the page calls it whenever the share link in the
// fragment changes: after load the page must make no request at all. An SVG
// goes in as text (smaller than base64 once gzipped: its quotes become ',
// and #, < and > are escaped), other images as base64.
// The icon file is then unused and leaves the build.
html = html.replace(/<link\b[^>]*\brel=(["'])(?:icon|shortcut icon|apple-touch-icon)\1[^>]*>/gi, (tag) => {
  const href = tag.match(/\bhref=(["'])(.*?)\1/i)?.[2];
  if (!href || href.startsWith('data:')) return tag;
  const file = stagedFile(href);
  const mime = MIME[extname(file)] ?? 'application/octet-stream';
  const svg = mime === 'image/svg+xml' ? readFileSync(file, 'utf8').trim() : null;
  const dataUrl =
    svg && !/['&%]/.test(svg)
      ? `data:${mime},${svg.replace(/"/g, "'").replace(/#/g, '%23').replace(/</g, '%3C').replace(/>/g, '%3E')}`
      : `data:${mime};base64,${readFileSync(file).toString('base64')}`;
  unlinkSync(file);
  return tag.replace(/\s*\bintegrity=(["']).*?\1/i, '').replace(/\bhref=(["']).*?\1/i, `href="${dataUrl}"`);
});

// The app's glue JS (wasm-bindgen's output, loaded by the module script and
// gating the first screen) minified with esbuild (package-lock.json): its
// exports and the names it imports stay, the rest shrinks by a third gzipped.
// Trunk's own minifier cannot parse it. Release builds only: `trunk serve`
// keeps it readable. offline.html inlines the glue as wasm-bindgen wrote it
// (it reads its structure), from `unminified`.
const unminified = new Map();
if (process.env.TRUNK_PROFILE === 'release') {
  const glue = html.match(/\bfrom\s+(["'])(\.\/registry-configurator-[0-9a-f]+\.js)\1/)?.[2];
  if (!glue) fail("cannot find the app's glue JS in the module script");
  const wasm = html.match(/(["'])(\.\/registry-configurator-[0-9a-f]+_bg\.wasm)\1/)?.[2];
  if (!wasm) fail("cannot find the app's WASM in the module script");
  const file = stagedFile(glue);
  const text = shortNames(stagedFile(wasm), readFileSync(file, 'utf8'));
  unminified.set(file, text);
  const { code } = transformSync(text, { minify: true, format: 'esm', target: 'es2022' });
  writeFileSync(file, code);
  // The worker's glue too (wasm-bindgen's no-modules script: its one global,
  // `wasm_bindgen`, keeps its name, as a script's top-level names do).
  {
    const file = stagedFile('./registry-worker.js');
    const text = shortNames(stagedFile('./registry-worker_bg.wasm'), readFileSync(file, 'utf8'));
    const { code } = transformSync(text, { minify: true, target: 'es2022' });
    if (!/\blet wasm_bindgen\b/.test(code)) fail('the minified worker glue lost its wasm_bindgen global');
    writeFileSync(file, code);
  }
  // The style sheet too.
  for (const tag of html.match(/<link\b[^>]*\brel=(["'])stylesheet\1[^>]*>/gi) ?? []) {
    const href = tag.match(/\bhref=(["'])(.*?)\1/i)?.[2];
    if (!href) fail(`stylesheet link without href: ${tag}`);
    const css = stagedFile(href);
    writeFileSync(css, transformSync(readFileSync(css, 'utf8'), { loader: 'css', minify: true }).code);
  }
  // Trunk's integrity attributes (the style sheet, the preloads) then name
  // the new bytes.
  html = html.replace(/<[a-z]+\b[^>]*\bintegrity=(["'])sha384-[^"']*\1[^>]*>/gi, (tag) => {
    const href = tag.match(/\bhref=(["'])(.*?)\1/i)?.[2];
    if (!href) fail(`an integrity attribute without href: ${tag}`);
    const digest = createHash('sha384').update(readFileSync(stagedFile(href))).digest('base64');
    return tag.replace(/\bintegrity=(["'])sha384-[^"']*\1/i, `integrity="sha384-${digest}"`);
  });
}

// Comments in the page shell are notes for its readers (what this script
// fills in, why the wasm-opt flags): the built page need not carry them.
html = html.replace(/[ \t]*<!--[\s\S]*?-->[ \t]*\n?/g, '');

// Check: no attribute or import may point at an absolute or foreign URL.
for (const m of html.matchAll(/\b(?:src|href)\s*=\s*(["'])(.*?)\1/gi)) {
  const url = m[2];
  if (/^(?:\.\/|data:|#)/.test(url) || url === '') continue;
  if (/^[a-z][a-z0-9+.-]*:|^\/|^\.\.\//i.test(url)) fail(`index.html keeps a non-relative URL: ${url}`);
}

const SCRIPT_RE = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE_RE = /<style\b([^>]*)>([\s\S]*?)<\/style\s*>/gi;
const CSP_META_RE = /<meta\s+http-equiv=(["'])Content-Security-Policy\1\s+content=(?:"[^"]*"|'[^']*')\s*\/?>/i;

function inlineHashes(page) {
  const scripts = [];
  for (const m of page.matchAll(SCRIPT_RE)) {
    if (/\bsrc\s*=/.test(m[1])) continue;
    scripts.push(`'sha256-${sha256b64(m[2])}'`);
  }
  const styles = [...page.matchAll(STYLE_RE)].map((m) => `'sha256-${sha256b64(m[2])}'`);
  const markup = page.replace(SCRIPT_RE, '').replace(STYLE_RE, '').replace(/<!--[\s\S]*?-->/g, '');
  if (/<[a-z][^>]*\sstyle\s*=/i.test(markup)) fail('a style= attribute would be blocked by the CSP: use a class');
  return { scripts: [...new Set(scripts)], styles: [...new Set(styles)] };
}

function withPolicy(page, directives, label) {
  if (!CSP_META_RE.test(page)) fail(`${label}: no <meta http-equiv="Content-Security-Policy" content="..."> to fill in`);
  const policy = cspString(directives);
  const out = page.replace(CSP_META_RE, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
  // A meta policy only governs what comes after it.
  const metaAt = out.search(/<meta\s+http-equiv=["']Content-Security-Policy/i);
  const firstResource = out.search(/<(?:script|style|link)\b/i);
  if (firstResource !== -1 && firstResource < metaAt) fail(`${label}: the CSP meta must come before every script, style and link`);
  return out;
}

// data: images only when a style sheet or the page itself uses them.
const usesDataImages = [html, ...[...html.matchAll(/<link\b[^>]*\brel=(["'])stylesheet\1[^>]*>/gi)].map((m) => {
  const href = m[0].match(/\bhref=(["'])(.*?)\1/i)?.[2];
  return href ? readFileSync(stagedFile(href), 'utf8') : '';
})].some((text) => /url\(\s*["']?data:|(?:src|href)=["']data:image/i.test(text));

{
  const { scripts, styles } = inlineHashes(html);
  html = withPolicy(
    html,
    {
      'default-src': ["'none'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'", ...scripts],
      'style-src': ["'self'", ...styles],
      'img-src': ["'self'", ...(usesDataImages ? ['data:'] : [])],
      // The loader fetches the .wasm file; `trunk serve` adds its autoreload
      // WebSocket on the same host and port, which 'self' covers.
      'connect-src': ["'self'"],
      // The page's Web Worker, beside the page (registry-worker_loader.js).
      'worker-src': ["'self'"],
      'form-action': ["'none'"],
      'base-uri': ["'none'"],
    },
    htmlName,
  );
}
writeFileSync(htmlPath, html);

// ---------------------------------------------------------------------------
// 2. offline.html: everything inlined.

let offline = html;

// Mark the copy, so the app says it is the offline copy instead of linking to
// an offline.html beside it (there is none beside a downloaded file).
if (!/<html\b[^>]*>/i.test(offline)) fail('index.html has no <html> tag to mark');
offline = offline.replace(/<html\b([^>]*)>/i, '<html$1 data-build="offline">');

// Drop the autoreload script (needs a WebSocket; none offline) and preloads.
offline = offline.replace(SCRIPT_RE, (whole, attrs, body) =>
  /\.well-known\/trunk\/ws/.test(body) ? '' : whole,
);
offline = offline.replace(/<link\b[^>]*\brel=(["'])(?:modulepreload|preload)\1[^>]*>\s*/gi, '');

// Stylesheets -> <style>, with url(...) references inlined as data: URLs.
offline = offline.replace(/<link\b[^>]*\brel=(["'])stylesheet\1[^>]*>/gi, (tag) => {
  const href = tag.match(/\bhref=(["'])(.*?)\1/i)?.[2];
  if (!href) fail(`stylesheet link without href: ${tag}`);
  let css = readFileSync(stagedFile(href), 'utf8');
  css = css.replace(/url\(\s*(["']?)(?!data:|#)([^"')]+)\1\s*\)/gi, (whole, _q, ref) => {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) fail(`style sheet refers to a remote URL: ${ref}`);
    const file = stagedFile(ref.startsWith('./') ? ref : `./${ref}`);
    const mime = MIME[extname(file)] ?? 'application/octet-stream';
    return `url("data:${mime};base64,${readFileSync(file).toString('base64')}")`;
  });
  if (/<\/style/i.test(css)) fail('style sheet contains "</style"');
  return `<style>${css}</style>`;
});

// Trunk's loader module -> glue + embedded WASM in one inline module script.
let loaders = 0;
offline = offline.replace(SCRIPT_RE, (whole, attrs, body) => {
  if (!/type=(["'])module\1/i.test(attrs) || !/\bimport\s+init\b/.test(body)) return whole;
  loaders += 1;
  const jsUrl = body.match(/\bfrom\s+(["'])(.*?\.js)\1/)?.[2];
  const wasmUrl = body.match(/(["'])([^"']*?_bg\.wasm)\1/)?.[2];
  if (!jsUrl || !wasmUrl) fail(`cannot read the glue and wasm file names from Trunk's loader:\n${body}`);
  return `<script type="module">${offlineModule(stagedFile(jsUrl), stagedFile(wasmUrl))}</script>`;
});
if (loaders !== 1) fail(`expected exactly one Trunk loader script in ${htmlName}, found ${loaders}`);

// The page's Web Worker, inlined: its glue (wasm-bindgen's no-modules output)
// and its WASM as base64, in one classic script that runs before the app. In
// the page it defines the worker's glue (used only when the browser will not
// start a worker) and makes a Blob URL of its own text plus the call that
// starts the WASM: the worker. The app reads both from window
// (src/web/tools.rs).
const WORKER_GLUE = 'registry-worker.js';
const WORKER_WASM = 'registry-worker_bg.wasm';
{
  let glue = readFileSync(stagedFile(`./${WORKER_GLUE}`), 'utf8');
  if (!/\blet wasm_bindgen\b/.test(glue)) fail(`${WORKER_GLUE} is not wasm-bindgen's no-modules glue`);
  const wasm64 = readFileSync(stagedFile(`./${WORKER_WASM}`)).toString('base64');
  const script = `${glue}
self.registryWorkerWasm = ${JSON.stringify(wasm64)};
if (typeof document !== "undefined") {
  self.registryWorkerUrl = URL.createObjectURL(new Blob([document.currentScript.textContent, "\\n;wasm_bindgen({ module_or_path: Uint8Array.from(atob(self.registryWorkerWasm), (c) => c.charCodeAt(0)) });\\n"], { type: "text/javascript" }));
}
`.replace(/<\/script/gi, '<\\/script');
  if (!/<script type="module">/.test(offline)) fail('offline.html has no inline module script to put the worker before');
  offline = offline.replace('<script type="module">', () => `<script>${script}</script>\n<script type="module">`);
}

function offlineModule(jsFile, wasmFile) {
  let glue = unminified.get(jsFile) ?? readFileSync(jsFile, 'utf8');
  const imports = glue.match(/^\s*import\s.*$/gm);
  if (imports) fail(`the wasm-bindgen glue imports other modules (snippets?); inline them first:\n${imports.join('\n')}`);
  glue = glue
    .replace(/^export\s*\{[^}]*\}\s*;?\s*$/gm, '')
    .replace(/^export\s+default\s+[\w$]+\s*;?\s*$/gm, '')
    .replace(/^export\s+(?=(?:async\s+)?function\b|class\b|const\b|let\b|var\b)/gm, '');
  if (/^\s*export\b/m.test(glue)) fail('the wasm-bindgen glue has an export this script does not know how to inline');
  if (!/\basync function __wbg_init\b/.test(glue)) fail('the wasm-bindgen glue has no __wbg_init');
  glue = glue.replace(/<\/script/gi, '<\\/script');
  const wasm64 = readFileSync(wasmFile).toString('base64');
  return `
${glue}
const __offlineWasm = (() => {
  const text = ${JSON.stringify(wasm64)};
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
})();
const __offlineInstance = await __wbg_init({ module_or_path: __offlineWasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm: __offlineInstance}}));
`;
}

{
  const { scripts, styles } = inlineHashes(offline);
  offline = withPolicy(
    offline,
    {
      'default-src': ["'none'"],
      'script-src': ["'wasm-unsafe-eval'", ...scripts],
      'style-src': styles.length ? styles : ["'none'"],
      'img-src': ['data:'],
      'connect-src': ["'none'"],
      // The inlined worker, from the Blob URL the page makes of it.
      'worker-src': ['blob:'],
      'form-action': ["'none'"],
      'base-uri': ["'none'"],
    },
    'offline.html',
  );
}

// Nothing may still point at a file: the page must stand alone.
for (const m of offline.matchAll(/\b(?:src|href)\s*=\s*(["'])(.*?)\1/gi)) {
  const url = m[2];
  if (url.startsWith('data:') || url.startsWith('#') || url === '') continue;
  fail(`offline.html still refers to ${url}`);
}

writeFileSync(join(staging, 'offline.html'), offline);
const digest = sha256hex(Buffer.from(offline, 'utf8'));
writeFileSync(join(staging, 'offline.html.sha256'), `${digest}  offline.html\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `postbuild: index.html policy filled in; offline.html ${kb(Buffer.byteLength(offline))} (sha256 ${digest.slice(0, 16)}...)`,
);
