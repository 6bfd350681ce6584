// Builds the `<script>` bundles of the client into dist/ (nhicard-client.iife.js with JSON
// only, nhicard-client.msgpack.iife.js with MessagePack too), measures them and the ESM path a
// bundler would produce, fails when the JSON bundle is over budget or carries what it must
// not, and prints the sizes. `--record` also writes them into docs/benchmarks.md between the
// client-bundle markers. The package's `build` script runs `tsc` first.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type BundleSize,
  buildIife,
  JSON_IIFE_BUDGET_BYTES,
  measureEsm,
  PACKAGE_DIR,
} from './bundles.js';
import { buildNatsIife } from './nats-bundle.js';

const repoDir = join(PACKAGE_DIR, '..');
const benchmarksFile = join(repoDir, 'docs/benchmarks.md');
const START_MARKER = '<!-- client-bundle:start -->';
const END_MARKER = '<!-- client-bundle:end -->';

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function formatTable(sizes: readonly BundleSize[]): string {
  const rows = sizes.map(
    (size) => `| ${size.name} | ${kib(size.minifiedBytes)} | ${kib(size.gzipBytes)} |`,
  );
  return ['| bundle | minified | minified + gzip -9 |', '|---|---:|---:|', ...rows].join('\n');
}

/** Replaces the text between the markers (or appends the section), leaving the rest alone. */
function record(table: string): void {
  let text: string;
  try {
    text = readFileSync(benchmarksFile, 'utf8');
  } catch {
    text = '# Benchmarks\n';
  }
  const section = [
    START_MARKER,
    '## Client bundle sizes',
    '',
    'Built by `pnpm --filter @nhicard/client build` (esbuild, minified, ES2018), measured by',
    '`client-sdk/scripts/build.ts`; recorded with `pnpm --filter @nhicard/client build:record`.',
    `The JSON-only \`<script>\` bundle has a budget of ${JSON_IIFE_BUDGET_BYTES / 1024} KiB minified + gzipped; the`,
    'build fails above it and when that bundle carries msgpackr, the card decoders, the Big5',
    'table or the native-error catalog. The ESM rows are what a bundler makes of',
    "`import { createClient } from '@nhicard/client'`: the JSON path, and the MessagePack module",
    "it imports only for `codec: 'msgpack'` (measured on its own, so it repeats protocol code the",
    'JSON path already has: an upper bound).',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Node ${process.version}`,
    '',
    table,
    END_MARKER,
  ].join('\n');
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END_MARKER.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(benchmarksFile, next);
}

const distDir = join(PACKAGE_DIR, 'dist');
const json = await buildIife('json', distDir);
const sizes = [
  json,
  await buildIife('msgpack', distDir),
  await buildNatsIife(distDir),
  ...(await measureEsm()),
];
const table = formatTable(sizes);
console.log(`Client bundle sizes:\n${table}`);
if (json.gzipBytes > JSON_IIFE_BUDGET_BYTES) {
  throw new Error(
    `${json.name} is ${json.gzipBytes} bytes gzipped, over its budget of ${JSON_IIFE_BUDGET_BYTES}.`,
  );
}
if (process.argv.includes('--record')) {
  record(table);
  console.log(`Recorded in ${relative(repoDir, benchmarksFile)}.`);
}
