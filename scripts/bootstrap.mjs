// What `npm start` and `npm test` need before they run, on a fresh clone with only Node and
// npm: the workspace's dependencies installed by pnpm at the pinned version (through npx when
// no such pnpm is on the PATH), reinstalled whenever the lockfile changed since the last
// install, and the client's <script> bundle rebuilt when the client or protocol sources are
// newer than it. Imports nothing outside Node, since it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pnpm every install of this workspace uses (pnpm 12 runs on Node 20). */
export const PNPM_VERSION = '12.21.0';

/** The repository's root folder. */
export const repoDir = fileURLToPath(new URL('..', import.meta.url));

const onWindows = process.platform === 'win32';

function say(message) {
  console.log(`nhicard: ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: repoDir,
    stdio: 'inherit',
    shell: onWindows,
    ...options,
  });
  return result.status === 0;
}

function pnpmOnPath() {
  const result = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: onWindows });
  return result.status === 0 && result.stdout.trim() === PNPM_VERSION;
}

/** Runs pnpm with `args`: the one on the PATH when it is the pinned version, else through npx. */
export function runPnpm(args) {
  if (pnpmOnPath()) return run('pnpm', args);
  return run('npx', ['--yes', `pnpm@${PNPM_VERSION}`, ...args]);
}

/**
 * Whether `node_modules` matches `pnpm-lock.yaml`: pnpm keeps a copy of the lockfile it
 * installed from, so a pull that changed the dependencies is noticed.
 */
function installIsCurrent() {
  const installed = join(repoDir, 'node_modules/.pnpm/lock.yaml');
  if (!existsSync(installed)) return false;
  return readFileSync(installed, 'utf8') === readFileSync(join(repoDir, 'pnpm-lock.yaml'), 'utf8');
}

/** Installs the workspace's dependencies unless they are already what the lockfile says. */
export function ensureDependencies() {
  if (installIsCurrent()) return;
  say(`installing the dependencies with pnpm ${PNPM_VERSION} (first run or changed lockfile)…`);
  if (!runPnpm(['install', '--frozen-lockfile'])) {
    console.error('nhicard: pnpm install failed; see the lines above.');
    process.exit(1);
  }
}

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether the client bundle under `root` is missing or older than a source it is built from
 * (after a pull, say): a bundle that merely exists is not enough.
 */
export function bundleIsStale(root = repoDir) {
  const bundlePath = join(root, 'client-sdk/dist/nhicard-client.iife.js');
  if (!existsSync(bundlePath)) return true;
  const sources = ['client-sdk/src', 'protocol/src'].map((dir) => newestMtimeMs(join(root, dir)));
  return Math.max(...sources) > statSync(bundlePath).mtimeMs;
}

/**
 * Rebuilds the client's <script> bundles (served to the example pages at /sdk/) when they are
 * missing or older than their sources. Returns false when the build failed.
 */
export function ensureClientBundle() {
  if (!bundleIsStale()) return true;
  say('building the client bundle for the example pages (sources changed or first run)…');
  const require = createRequire(join(repoDir, 'package.json'));
  const tsxCli = require.resolve('tsx/cli');
  return run(process.execPath, [tsxCli, 'client-sdk/scripts/build.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: false,
  });
}
