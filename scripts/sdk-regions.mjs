#!/usr/bin/env node
// Writes tests/fixtures/sdk-regions.txt: for each aws-sdk-go version, the AWS
// regions the registry's S3 driver accepts without `regionendpoint`, read from
// the SDK's own data at that tag. tests/regions.rs checks the region tables of
// src/model/regions.rs against it, both ways.
//
// Usage:
//
//   node scripts/sdk-regions.mjs <aws-sdk-go git dir or checkout> <tag>... \
//     > tests/fixtures/sdk-regions.txt
//
// e.g. node scripts/sdk-regions.mjs ~/src/aws-sdk-go \
//        v1.15.11 v1.34.9 v1.44.133 v1.55.5 > tests/fixtures/sdk-regions.txt
//
// The directory may be a bare clone (`git clone --bare`) or a checkout; only
// the tags are read (`git show <tag>:<path>`), never the work tree. The
// output depends only on the tags' contents: versions in version order
// whatever the order given, regions sorted by id.
//
// What the driver checks, and so what is read. The S3 driver of every
// registry program the project knows (distribution's
// registry/storage/driver/s3-aws/s3.go: v2.8.2 around lines 108-112 and
// 196-197, v3.0.0 around 120-124 and 229-230, v3.1.1 around 122-126 and
// 219-220) fills its set of valid regions once, in an init function, with
// the region ids of every partition the SDK's `endpoints.DefaultPartitions()`
// returns, and refuses any other region with "invalid region provided" when
// no `regionendpoint` is set.
//
// So every default partition counts (aws, aws-cn, aws-us-gov, the ISO
// partitions where the SDK has them), each with the keys of its regions
// table. Both come from the generated aws/endpoints/defaults.go, the file
// compiled into the program: the list of default partitions, and in each
// partition literal its `Regions` map, keyed by region id. The vendored
// copies are that file byte for byte: distribution v2.8.2's
// vendor/github.com/aws/aws-sdk-go/aws/endpoints/defaults.go is blob 828bb3a4
// (aws-sdk-go v1.15.11's), v3.0.0's and v3.1.1's are blob c3516e01 (v1.55.5's).
//
// The script reads defaults.go at each tag (and refuses a layout it does not
// know rather than guess), then reads models/endpoints/endpoints.json, the
// model defaults.go is generated from, and stops if its partitions or their
// regions differ: that would mean the generated file lags the model, for a
// person to look at. Each version's lines record where they came from: the
// tag's commit, and the path and git blob id of both files.
//
// Output, one fact a line, every line of a version starting with its tag:
//
//   <tag> commit <sha>
//   <tag> read aws/endpoints/defaults.go <blob>
//   <tag> agrees models/endpoints/endpoints.json <blob>
//   <tag> partitions <id>...            (in the order of defaultPartitions)
//   <tag> region <id> <partition>       (one a region, sorted by id)

import { execFileSync } from 'node:child_process';

const DEFAULTS = 'aws/endpoints/defaults.go';
const MODEL = 'models/endpoints/endpoints.json';

function fail(message) {
  process.stderr.write(`sdk-regions: ${message}\n`);
  process.exit(1);
}

function git(dir, ...args) {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    fail(`git ${args.join(' ')}: ${String(error.stderr || error.message).trim()}`);
  }
}

// "v1.34.9" -> [1, 34, 9], to put the versions in order.
function versionKey(tag) {
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  if (!match) fail(`${tag}: not a tag of the form vMAJOR.MINOR.PATCH`);
  return match.slice(1).map(Number);
}

function compareTags(a, b) {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

// The partitions of defaults.go, in the order of defaultPartitions, each with
// its id and its region ids: what DefaultPartitions() and Regions() give.
function partitionsOfDefaults(tag, text) {
  if (!/\nfunc DefaultPartitions\(\) \[\]Partition \{\n\treturn defaultPartitions\.Partitions\(\)\n\}\n/.test(text)) {
    fail(`${tag}:${DEFAULTS}: DefaultPartitions() is not \`return defaultPartitions.Partitions()\``);
  }
  const list = /\nvar defaultPartitions = partitions\{\n((?:\t\w+,\n)+)\}\n/.exec(text);
  if (!list) fail(`${tag}:${DEFAULTS}: no \`var defaultPartitions = partitions{ ... }\``);
  const names = list[1].split('\n').filter(Boolean).map((line) => line.trim().replace(/,$/, ''));
  return names.map((name) => {
    const start = text.indexOf(`\nvar ${name} = partition{\n`);
    if (start < 0) fail(`${tag}:${DEFAULTS}: no \`var ${name} = partition{\``);
    const end = text.indexOf('\n}\n', start + 1);
    const block = text.slice(start + 1, end + 2).split('\n');
    const ids = block.filter((line) => /^\tID:/.test(line));
    const id = ids.length === 1 && /^\tID:\s+"([^"]+)",$/.exec(ids[0]);
    if (!id) fail(`${tag}:${DEFAULTS}: ${name}: not exactly one \`ID: "..."\``);
    const opens = block
      .map((line, index) => [line, index])
      .filter(([line]) => /^\tRegions:/.test(line));
    if (opens.length !== 1) fail(`${tag}:${DEFAULTS}: ${name}: not exactly one \`Regions:\``);
    const [open, at] = opens[0];
    const regions = [];
    if (/^\tRegions:\s+regions\{\},$/.test(open)) return { id: id[1], regions };
    if (!/^\tRegions:\s+regions\{$/.test(open)) fail(`${tag}:${DEFAULTS}: ${name}: \`${open}\``);
    let line = at + 1;
    for (; block[line] !== '\t},'; line += 1) {
      const text = block[line];
      if (text === undefined || !text.startsWith('\t\t')) {
        fail(`${tag}:${DEFAULTS}: ${name}: the Regions literal does not end as expected`);
      }
      if (text.startsWith('\t\t\t') || text === '\t\t},') continue;
      const key = /^\t\t"([^"]+)": region\{(\},)?$/.exec(text);
      if (!key) fail(`${tag}:${DEFAULTS}: ${name}: unexpected line in Regions: \`${text}\``);
      regions.push(key[1]);
    }
    return { id: id[1], regions };
  });
}

// The same from the JSON model: partition id -> region ids.
function partitionsOfModel(tag, text) {
  let model;
  try {
    model = JSON.parse(text);
  } catch (error) {
    fail(`${tag}:${MODEL}: ${error.message}`);
  }
  return model.partitions.map((partition) => ({
    id: partition.partition,
    regions: Object.keys(partition.regions || {}),
  }));
}

function sameSets(a, b) {
  const key = (partitions) =>
    JSON.stringify(
      partitions
        .map(({ id, regions }) => [id, [...regions].sort()])
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    );
  return key(a) === key(b);
}

const [dir, ...given] = process.argv.slice(2);
if (!dir || given.length === 0) {
  fail('usage: node scripts/sdk-regions.mjs <aws-sdk-go git dir or checkout> <tag>...');
}
const tags = [...new Set(given)].sort(compareTags);

const out = [
  '# The AWS regions the S3 driver of a registry program accepts without',
  '# regionendpoint, per aws-sdk-go version: the regions of every partition of',
  '# endpoints.DefaultPartitions() (the driver\'s init() collects them all), read',
  '# from aws/endpoints/defaults.go at the tag and checked against',
  '# models/endpoints/endpoints.json. Written by scripts/sdk-regions.mjs (its',
  '# header says how and why); do not edit by hand. tests/regions.rs checks',
  '# src/model/regions.rs against it, both ways.',
  '#',
  '# <tag> commit <sha> | read <path> <blob> | agrees <path> <blob>',
  '# | partitions <id>... | region <id> <partition> (sorted by id)',
];
for (const tag of tags) {
  const commit = git(dir, 'rev-parse', '--verify', `${tag}^{commit}`).trim();
  const blob = (path) => git(dir, 'rev-parse', '--verify', `${commit}:${path}`).trim();
  const compiled = partitionsOfDefaults(tag, git(dir, 'show', `${commit}:${DEFAULTS}`));
  const model = partitionsOfModel(tag, git(dir, 'show', `${commit}:${MODEL}`));
  if (!sameSets(compiled, model)) {
    fail(`${tag}: the partitions or regions of ${DEFAULTS} and ${MODEL} differ`);
  }
  const regions = [];
  for (const partition of compiled) {
    for (const region of partition.regions) regions.push([region, partition.id]);
  }
  regions.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 1; i < regions.length; i += 1) {
    if (regions[i][0] === regions[i - 1][0]) fail(`${tag}: ${regions[i][0]} in two partitions`);
  }
  out.push(`${tag} commit ${commit}`);
  out.push(`${tag} read ${DEFAULTS} ${blob(DEFAULTS)}`);
  out.push(`${tag} agrees ${MODEL} ${blob(MODEL)}`);
  out.push(`${tag} partitions ${compiled.map(({ id }) => id).join(' ')}`);
  for (const [region, partition] of regions) out.push(`${tag} region ${region} ${partition}`);
}
process.stdout.write(`${out.join('\n')}\n`);
