// The Windows release zip, as an IT person would use it, under Wine: unzipped to C:\nhicard, its
// x64 node.exe runs the broker; with the deploy guide's config (read from the guide itself) the
// broker hosts the MinGW stand-in csHIS.dll at C:\NHI\BIN in the release's own 32-bit node.exe
// with the release's koffi, `doctor` passes and a card read comes through to a WebSocket client;
// `install` registers exactly the documented Run value (read back with Wine's reg.exe), writes
// the config and puts the local CA in the user's Root store (through crypt32, which Wine keeps
// in the registry: read back with reg.exe too), and `uninstall` removes all of it.
//
// The zip is built by `node scripts/release/build-windows-release.mjs` (CI: before the tests);
// NHICARD_WINDOWS_RELEASE_ZIP names another one.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadDemoCard } from '@nhicard/native';
import { decodeSection } from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../server/src/cli/autostart.js';
import { describeCertificate } from '../../server/src/tls/local-ca.js';
import { buildWindowsStandIn, hasCommand } from '../cshis/stand-in-build.js';
import { StandInCard } from '../cshis/stand-in-card.js';
import { TestClient } from '../server/test-client.js';
import { requireStack } from '../support/require-stack.js';
import { prepareWine64Prefix, stopWinePrefix, WineProgram } from './wine64-prefix.js';

const run = promisify(execFile);
const REPO = new URL('../../', import.meta.url);
const VERSION = JSON.parse(readFileSync(new URL('server/package.json', REPO), 'utf8')).version;
const ZIP =
  process.env.NHICARD_WINDOWS_RELEASE_ZIP ??
  new URL(`.tmp/release/nhicard-${VERSION}-windows-x64.zip`, REPO).pathname;
const GUIDE = readFileSync(new URL('docs/deploy-windows.md', REPO), 'utf8');
const GUIDE_CONFIG = /<!-- deploy-config -->\n```json\n([\s\S]*?)```/.exec(GUIDE)?.[1] ?? '';

const missing = [
  ...['wine', 'wineboot', 'wineserver', 'i686-w64-mingw32-gcc', 'unzip'].filter(
    (command) => !hasCommand(command),
  ),
  ...(existsSync('/usr/lib/wine/wine64') ? [] : ['wine64 (64-bit Wine)']),
  ...(existsSync(ZIP) ? [] : [`${ZIP} (node scripts/release/build-windows-release.mjs)`]),
];
const available = requireStack(
  'windows-release',
  missing.length === 0,
  `missing ${missing.join(', ')}: apt-get install wine wine64 wine32:i386 gcc-mingw-w64-i686 unzip`,
);

const NODE = 'C:\\nhicard\\node\\node.exe';
const BIN = 'C:\\nhicard\\app\\node_modules\\@nhicard\\server\\bin\\nhicard.js';
const GUIDE_CONFIG_FILE = 'C:\\nhicard-test\\guide.config.json';
// Under Wine every socket's owning process reads as pid 0, so the broker's same-user check
// cannot recognise the test as its own user: the test authenticates with a token, as another
// user's program would.
const TOKEN = randomBytes(32).toString('hex');
const RUN_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
/** doctor's line when the host started in the release's 32-bit Node and loaded the DLL. */
const HOST_LOADED_THE_DLL =
  /cshis: C:\\NHI\\BIN\\csHIS\.dll \(version [^)]+\); host started, port /;
/**
 * The 32-bit host runs through qemu-user emulation on hosts that refuse i386 code, where a
 * node.exe start can take far longer than the 15 s a real PC needs: the limits are raised through
 * their environment variables, so the guide's config file itself stays as written.
 */
const SLOW_HOST_ENV = {
  NHICARD_CSHIS_HOST_START_TIMEOUT_MS: '180000',
  NHICARD_CSHIS_OPEN_TIMEOUT_MS: '120000',
};
const USER = process.env.USER ?? 'root';
const APPDATA = `C:\\users\\${USER}\\AppData\\Roaming`;
const LOCAL_APPDATA = `C:\\users\\${USER}\\AppData\\Local`;
/** Where crypt32 keeps the current user's Root store, one key per certificate thumbprint. */
const ROOT_CERTIFICATES = 'HKCU\\Software\\Microsoft\\SystemCertificates\\Root\\Certificates';

describe.skipIf(!available)('the Windows release under Wine', { timeout: 600_000 }, () => {
  let prefix: string;
  let logs: string;
  let card: StandInCard;
  let driveC: string;

  beforeAll(async () => {
    const zipMiB = (statSync(ZIP).size / 1024 / 1024).toFixed(1);
    console.log(`windows-release: ${ZIP} is ${statSync(ZIP).size} bytes (${zipMiB} MiB)`);
    prefix = await prepareWine64Prefix();
    driveC = join(prefix, 'drive_c');
    logs = await mkdtemp(join(tmpdir(), 'nhicard-release-test-'));
    await rm(join(driveC, 'nhicard'), { recursive: true, force: true });
    await run('unzip', ['-q', ZIP, '-d', driveC]);
    await mkdir(join(driveC, 'NHI', 'BIN'), { recursive: true });
    await copyFile(await buildWindowsStandIn(logs), join(driveC, 'NHI', 'BIN', 'csHIS.dll'));
    await mkdir(join(driveC, 'nhicard-test'), { recursive: true });
    await writeFile(join(driveC, 'nhicard-test', 'guide.config.json'), GUIDE_CONFIG);
    card = await StandInCard.create();
    await card.writeSections((await loadDemoCard('adult')).sections);
    // Waits for another test run's turn on the shared prefix (see wine64-prefix.ts).
  }, 30 * 60_000);

  afterAll(async () => {
    if (prefix !== undefined) await stopWinePrefix(prefix);
    await card?.dispose();
    if (logs !== undefined) await rm(logs, { recursive: true, force: true });
  });

  it("passes doctor with the deploy guide's config, the host being the release's own", async () => {
    const doctor = await WineProgram.run(
      prefix,
      NODE,
      [BIN, 'doctor', '--config', GUIDE_CONFIG_FILE, '--port', '0'],
      logs,
      'doctor',
      { ...card.hostEnv(true), ...SLOW_HOST_ENV },
    );
    expect(doctor.stdout).toContain(`Config     ${GUIDE_CONFIG_FILE}`);
    expect(doctor.stdout).toMatch(HOST_LOADED_THE_DLL);
    expect(doctor.stdout).toMatch(/\n {2}Driver {5}cshis \(chosen in the configuration/);
    expect(doctor.stdout).toContain('Everything nhicard serve needs is in place.\n');
    expect(doctor.code).toBe(0);
  });

  it('serves /healthz and a csHIS read through the release host', async () => {
    const startedAt = Date.now();
    const broker = await WineProgram.start(
      prefix,
      NODE,
      [
        BIN,
        'serve',
        '--config',
        GUIDE_CONFIG_FILE,
        '--port',
        '0',
        '--allow-token',
        `${TOKEN}=read`,
      ],
      logs,
      'serve',
      { ...card.hostEnv(true), ...SLOW_HOST_ENV },
    );
    try {
      const [, url = '', port = ''] = await broker.waitForStdout(
        /WebSocket {2}(ws:\/\/127\.0\.0\.1:(\d+)\/v1)\n/,
        180_000,
      );
      const health = await fetch(`http://127.0.0.1:${port}/healthz`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const startMs = Date.now() - startedAt;
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ driver: 'cshis', readers: [{ id: 'cshis-0' }] });
      console.log(
        `windows-release: the broker answered /healthz ${startMs} ms after wine started it`,
      );

      // The 32-bit host runs under qemu on hosts that refuse i386 code: slow, never stuck.
      const client = await TestClient.connect(url, { token: TOKEN, waitMs: 120_000 });
      try {
        await client.request('subscribe', { topics: ['card.*'] });
        const from = client.messages.length;
        await card.insert([1, 2]);
        expect(await client.waitForEvent('card.inserted', from)).toMatchObject({
          reader: 'cshis-0',
        });
        const read = await client.waitForRead(from);
        const adult = await loadDemoCard('adult');
        expect(read.data.sections?.basic).toStrictEqual(
          decodeSection('basic', adult.sections.get('basic') as Uint8Array),
        );
        expect(read.data.sections?.basic).toMatchObject({
          name: '林志明',
          cardNumber: '000031415926',
        });
      } finally {
        await client.close();
      }
    } finally {
      broker.kill();
      await broker.exited();
    }
  });

  it('install registers the Run value, writes the config and trusts the local CA; uninstall removes all three', async () => {
    const configFile = `${APPDATA}\\nhicard\\nhicard.config.json`;
    const configOnDisk = join(driveC, 'users', USER, 'AppData', 'Roaming', 'nhicard');
    const tlsOnDisk = join(driveC, 'users', USER, 'AppData', 'Local', 'nhicard', 'tls');
    await rm(configOnDisk, { recursive: true, force: true });
    await rm(tlsOnDisk, { recursive: true, force: true });
    const install = await WineProgram.run(prefix, NODE, [BIN, 'install'], logs, 'install', {
      ...card.hostEnv(true),
      ...SLOW_HOST_ENV,
    });
    expect(install.stdout).toContain(`nhicard: wrote the config ${configFile}\n`);
    expect(install.code).toBe(0);
    const query = await WineProgram.run(
      prefix,
      'reg',
      ['query', RUN_KEY, '/v', 'nhicard'],
      logs,
      'query',
    );
    expect(query.code).toBe(0);
    expect(parseQuery(query.stdout)).toBe(
      `cmd.exe /c start "nhicard" /min "${NODE}" "${BIN}" serve --config "${configFile}"`,
    );
    expect(JSON.parse(await readFile(join(configOnDisk, 'nhicard.config.json'), 'utf8'))).toEqual({
      driver: 'auto',
      tls: { port: 7768 },
      cshis: {
        nodePath: 'C:\\nhicard\\cshis-host\\node.exe',
        koffiPath: 'C:\\nhicard\\cshis-host\\koffi',
        logDir: `${APPDATA}\\nhicard\\logs`,
      },
    });

    // The CA install made it, in the user's data folder, and crypt32 put it in the user's Root
    // store: Wine keeps that store in the registry, one key per thumbprint, whose Blob holds
    // the certificate's DER.
    const caPem = await readFile(join(tlsOnDisk, 'ca.pem'), 'utf8');
    const ca = await describeCertificate(caPem);
    const thumbprint = ca.sha1Hex.toUpperCase();
    expect(install.stdout).toContain(
      `nhicard: trusting the local CA ${LOCAL_APPDATA}\\nhicard\\tls\\ca.pem for wss://localhost; ` +
        'Windows asks you to confirm:\n' +
        `Installing CN=nhicard local CA, O=nhicard (serial ${ca.serialHex})\n` +
        `  windows: add to the current user's Root store: done (thumbprint ${thumbprint})\n`,
    );
    const certKey = `${ROOT_CERTIFICATES}\\${thumbprint}`;
    const stored = await WineProgram.run(prefix, 'reg', ['query', certKey], logs, 'ca-query');
    expect(stored.code).toBe(0);
    const blob = /^\s+Blob\s+REG_BINARY\s+([0-9A-F]+)\s*$/m.exec(stored.stdout)?.[1] ?? '';
    const der = Buffer.from(caPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(blob).toContain(der.toString('hex').toUpperCase());

    // install ran doctor on the config it wrote: auto found the DLL and the release host loaded it.
    expect(install.stdout).toMatch(HOST_LOADED_THE_DLL);
    expect(install.stdout).toContain('Driver     auto → cshis');

    const uninstall = await WineProgram.run(prefix, NODE, [BIN, 'uninstall'], logs, 'uninstall');
    expect(uninstall.code).toBe(0);
    expect(uninstall.stdout).toContain(
      `nhicard: removed the logon autostart ${RUN_KEY}\\nhicard\n`,
    );
    expect(uninstall.stdout).toContain(
      `  windows: delete from the current user's Root store: done (thumbprint ${thumbprint})\n`,
    );
    const after = await WineProgram.run(
      prefix,
      'reg',
      ['query', RUN_KEY, '/v', 'nhicard'],
      logs,
      'after',
    );
    expect(after.code).not.toBe(0);
    expect(parseQuery(after.stdout)).toBeNull();
    const caAfter = await WineProgram.run(prefix, 'reg', ['query', certKey], logs, 'ca-after');
    expect(caAfter.code).not.toBe(0);
    expect(existsSync(configOnDisk)).toBe(false);
    expect(existsSync(join(tlsOnDisk, 'ca.pem'))).toBe(false);
    expect(existsSync(join(tlsOnDisk, 'ca-key.pem'))).toBe(false);
  });
});
