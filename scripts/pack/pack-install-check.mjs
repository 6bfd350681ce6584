// The pack-and-install check (CI: .ci/pack-install-check.sh). Packs the four published
// packages with `pnpm pack` (their prepack builds them), checks what each tarball holds,
// installs the tarballs into an empty folder with npm only, starts `npx nhicard serve` there
// and checks `/healthz`, `/examples/` and `/sdk/nhicard-client.iife.js`, connects the installed
// `@nhicard/client` from Node, then stops the broker with SIGTERM sent to `npx` and checks the
// port is free again. Prints one line per step with its duration; exits 1 on the first failure.
//
// NHICARD_PACK_KEEP=1 leaves the work folder for a look afterwards; NHICARD_PACK_TARBALLS=<dir>
// copies the tarballs there (CI hands them to the Windows release build: `--tarballs <dir>`).

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTarball, PUBLISHED_PACKAGES } from './tarball-contents.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'nhicard-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const started = Date.now();
let stepStarted = Date.now();

function step(text) {
  const now = Date.now();
  console.log(`pack-install: ${text} (${((now - stepStarted) / 1000).toFixed(1)} s)`);
  stepStarted = now;
}

function fail(text) {
  console.error(`pack-install: FAILED: ${text}`);
  console.error(`pack-install: work folder ${work}`);
  process.exit(1);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

// 1. Pack.
mkdirSync(tarballs, { recursive: true });
// In dependency order, each prepack building its own package only: every package is built
// once, from a clean dist/.
process.env.NHICARD_PREPACK_SELF_ONLY = '1';
for (const { folder } of PUBLISHED_PACKAGES) {
  run('pnpm', ['pack', '--pack-destination', tarballs], join(repo, folder));
}
delete process.env.NHICARD_PREPACK_SELF_ONLY;
step('packed the four packages (each prepack built its package)');
if (process.env.NHICARD_PACK_TARBALLS) {
  cpSync(tarballs, process.env.NHICARD_PACK_TARBALLS, { recursive: true });
}

// 2. What each tarball holds.
const files = readdirSync(tarballs).map((name) => join(tarballs, name));
for (const { name } of PUBLISHED_PACKAGES) {
  const tarball = files.find((file) => file.includes(name.replace('@', '').replace('/', '-')));
  if (tarball === undefined) fail(`no tarball for ${name}`);
  const listing = run('tar', ['tzf', tarball], work).split('\n').filter(Boolean);
  const problems = checkTarball(name, listing);
  if (problems.length > 0) fail(`${name}:\n  ${problems.join('\n  ')}`);
}
step('every tarball has its build and README, and no tests or TypeScript sources');

// 3. Install with npm only, in an empty folder outside the workspace.
mkdirSync(app);
writeFileSync(join(app, 'package.json'), '{ "name": "clinic-app", "private": true }\n');
run('npm', ['install', '--no-fund', '--no-audit', '--loglevel=error', ...files], app);
step('npm install of the four tarballs');

// 4. `npx nhicard serve`, then the pages it advertises. The token is as strong as the broker
// demands (at least 128 bits).
const TOKEN = randomBytes(32).toString('hex');
const port = await freePort();
const broker = spawn(
  'npx',
  [
    'nhicard',
    'serve',
    '--port',
    String(port),
    '--driver',
    'simulator',
    '--allow-token',
    `${TOKEN}=read`,
  ],
  { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NHICARD_CLI_RUNTIME: '' } },
);
let output = '';
broker.stdout.on('data', (chunk) => {
  output += chunk;
});
broker.stderr.on('data', (chunk) => {
  output += chunk;
});
const brokerExit = new Promise((resolve) =>
  broker.on('exit', (code, signal) => resolve({ code, signal })),
);
await until(() => output.includes('Press Ctrl+C to stop.'), 'the banner', brokerExit);
step('npx nhicard serve started');

const base = `http://127.0.0.1:${port}`;
const health = await get(`${base}/healthz`);
if (health.status !== 200 || JSON.parse(health.body).driver !== 'simulator') {
  fail(`/healthz answered ${health.status}: ${health.body}`);
}
const examples = await get(`${base}/examples/`);
if (examples.status !== 200 || !examples.body.includes('his-registration/')) {
  fail(`/examples/ answered ${examples.status}`);
}
const page = await get(`${base}/examples/his-registration/`);
if (page.status !== 200 || !page.body.includes('/sdk/nhicard-client.iife.js')) {
  fail(`/examples/his-registration/ answered ${page.status}`);
}
const sdk = await get(`${base}/sdk/nhicard-client.iife.js`);
if (sdk.status !== 200 || !sdk.body.includes('NhiCard')) fail(`/sdk/ answered ${sdk.status}`);
const bannerUrl = output.match(/Examples\s+(\S+)/)?.[1];
if (bannerUrl === undefined || (await get(bannerUrl)).status !== 200) {
  fail(`the banner's Examples URL (${bannerUrl}) does not answer 200`);
}
step(
  `/healthz, /examples/, the banner's Examples URL and /sdk/ answer (bundle ${sdk.body.length} B)`,
);

// 5. The installed client package, from Node.
writeFileSync(
  join(app, 'client-check.mjs'),
  `import { createClient } from '@nhicard/client';
import { WebSocket } from 'ws';
const client = createClient({ url: process.argv[2], WebSocket, token: process.argv[3] });
const readers = await client.listReaders();
console.log(JSON.stringify(readers.map((reader) => reader.id)));
client.close();
`,
);
const readers = run('node', ['client-check.mjs', `ws://127.0.0.1:${port}/v1`, TOKEN], app);
if (readers.trim() !== '["sim-0"]') fail(`the installed client listed ${readers}`);
step('the installed @nhicard/client lists the readers');

// 6. SIGTERM to npx stops the broker and frees the port.
broker.kill('SIGTERM');
const exit = await Promise.race([brokerExit, delay(15_000).then(() => null)]);
if (exit === null) fail('npx did not exit within 15 s of SIGTERM');
await until(async () => await portIsFree(port), `port ${port} to be free after SIGTERM`);
if (!output.includes('shutting down')) fail(`the broker did not shut down gracefully:\n${output}`);
step(`SIGTERM to npx stopped the broker (exit ${exit.code ?? exit.signal}) and freed the port`);

console.log(`pack-install: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (process.env.NHICARD_PACK_KEEP === '1') console.log(`pack-install: kept ${work}`);
else rmSync(work, { recursive: true, force: true });

async function get(url) {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits (polling, with a generous limit) until `condition` holds; fails if `exited` first. */
async function until(condition, what, exited) {
  let gone = false;
  exited?.then(() => {
    gone = true;
  });
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (await condition()) return;
    if (gone) fail(`the broker exited while waiting for ${what}:\n${output}`);
    await delay(100);
  }
  fail(`timed out waiting for ${what}:\n${output}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: chosen } = server.address();
      server.close(() => resolve(chosen));
    });
  });
}

function portIsFree(candidate) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(candidate, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
