import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../server/test-client.js';
import {
  CliProcess,
  killedAfterEach,
  NHICARD_BIN,
  NO_PCSC_LIBRARY,
  START_SCRIPT,
} from './cli-process.js';

/** The banner's WebSocket line, with the real port (serve runs with --port 0). */
const BANNER_URL = /WebSocket {2}(ws:\/\/127\.0\.0\.1:(\d+)\/v1)\n/;
const SPAWN_TIMEOUT_MS = 120_000;
/** Fast and deterministic simulated hardware. */
const FAST_SIMULATOR = ['--sim-sam-delay-ms', '0', '--sim-read-latency-ms', '0'];

// Hooks run last-registered first: the client closes before the processes are killed.
const running = killedAfterEach();
let client: TestClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
});

function startServe(script: string, args: readonly string[]): CliProcess {
  const cli = CliProcess.start(script, args, { cwd: mkdtempSync(join(tmpdir(), 'nhicard-cli-')) });
  running.push(cli);
  return cli;
}

async function bannerOf(cli: CliProcess): Promise<{ url: string; port: string; httpUrl: string }> {
  const [, url = '', port = ''] = await cli.waitForStdout(BANNER_URL);
  return { url, port, httpUrl: `http://127.0.0.1:${port}/` };
}

/** A port nothing listens on: bound once by the OS, then released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('pnpm start (scripts/start.mjs)', () => {
  it(
    'serves the demo page, /healthz and /metrics on the simulator, and stops on SIGTERM',
    async () => {
      const cli = startServe(START_SCRIPT, ['--', '--port', '0']);
      const { httpUrl, port } = await bannerOf(cli);
      expect(cli.stdout).toContain(`  Demo page  http://127.0.0.1:${port}/\n`);
      expect(cli.stdout).toContain(
        '  Driver     simulator (auto: no csHIS.dll found, no CS 6.0 console at https://localhost:5066/ ' +
          'and no PC/SC service (The PC/SC library ' +
          `could not be loaded (Debian/Ubuntu: apt install pcscd libpcsclite1): ${NO_PCSC_LIBRARY}: ` +
          'Failed to load shared library: cannot open shared object file: No such file or directory); ' +
          'virtual card: off, no virtual-card SDK (http://localhost:3033/ cannot be reached (ECONNREFUSED)))\n',
      );
      expect(cli.stdout).toContain('  Readers    sim-0 (Simulated reader 0)\n');

      const page = await fetch(httpUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<html');
      const health = await fetch(`${httpUrl}healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        server: { name: 'nhicard' },
        driver: 'simulator',
        readers: [{ id: 'sim-0', name: 'Simulated reader 0', presence: 'no-card' }],
      });
      const metrics = await fetch(`${httpUrl}metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^# HELP /m);

      cli.kill('SIGTERM');
      expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    },
    SPAWN_TIMEOUT_MS,
  );
});

describe('nhicard serve, sim and doctor', () => {
  it(
    'inserts and removes a demo card from the CLI, then shuts down gracefully on SIGTERM',
    async () => {
      const cli = startServe(NHICARD_BIN, [
        'serve',
        '--port',
        '0',
        '--log-level',
        'trace',
        ...FAST_SIMULATOR,
      ]);
      const { url, port, httpUrl } = await bannerOf(cli);
      client = await TestClient.connect(url, { origin: new URL(httpUrl).origin });
      const watcher = client;
      await watcher.hello();
      expect(await watcher.request('subscribe', { topics: ['*'] })).toMatchObject({ ok: true });

      const insert = await CliProcess.run(NHICARD_BIN, ['sim', 'insert', 'adult', '--port', port]);
      expect(insert).toEqual({
        exit: { code: 0, signal: null },
        stdout: 'Inserted adult into sim-0.\n',
        stderr: '',
      });
      const inserted = await watcher.waitForEvent('card.inserted');
      expect(inserted).toMatchObject({ reader: 'sim-0', data: { presence: 'ready' } });
      const read = await watcher.waitForRead();
      const basic = (read.data.sections as { basic: { idNumber: string; name: string } }).basic;
      expect(basic.idNumber).toMatch(/^[A-Z][12]\d{8}$/);

      const doctor = await CliProcess.run(NHICARD_BIN, ['doctor', '--port', port]);
      expect(doctor.exit).toEqual({ code: 0, signal: null });
      expect(doctor.stdout).toContain(
        `  Port       127.0.0.1:${port}: an nhicard broker already answers there`,
      );
      expect(doctor.stdout).toContain('  Readers    sim-0 (Simulated reader 0)\n');

      const remove = await CliProcess.run(NHICARD_BIN, ['sim', 'remove', '--port', port]);
      expect(remove).toEqual({
        exit: { code: 0, signal: null },
        stdout: 'Removed the card from sim-0.\n',
        stderr: '',
      });
      await watcher.waitForEvent('card.removed');

      cli.kill('SIGTERM');
      expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
      const shutdown = await watcher.waitForEvent('server.shutdown');
      expect(shutdown.data).toEqual({ reason: 'The broker is stopping (SIGTERM).' });
      expect(await watcher.closed).toMatchObject({ code: 1001 });
      const topics = watcher.events().map((event) => event.topic);
      expect(topics.at(-1)).toBe('server.shutdown');
      expect(cli.stdout).toContain(
        'nhicard: SIGTERM received, shutting down…\nnhicard: stopped.\n',
      );
      // The logs at trace covered the whole cycle and hold nothing personal.
      expect(cli.stderr).toContain('"msg":"broker stopped"');
      expect(cli.stderr).not.toContain(basic.idNumber);
      expect(cli.stderr).not.toContain(basic.name);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'says that no broker is running, and how to start one',
    async () => {
      const port = String(await unusedPort());
      const result = await CliProcess.run(NHICARD_BIN, ['sim', 'insert', 'adult', '--port', port]);
      expect(result).toEqual({
        exit: { code: 1, signal: null },
        stdout: '',
        stderr:
          `nhicard: No nhicard broker is running at ws://127.0.0.1:${port}/v1 (connection refused).\n` +
          'Start one with `nhicard serve` (or `pnpm start` in the nhicard repository), or point ' +
          '--url / --port at the one that is running.\n',
      });
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'refuses a bad configuration with exit code 2, naming the key and source',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nhicard-cli-'));
      writeFileSync(join(dir, 'nhicard.config.json'), JSON.stringify({ driver: 'usb' }));
      const result = await CliProcess.run(NHICARD_BIN, ['serve'], {
        cwd: dir,
        env: { NHICARD_PORT: '80a' },
      });
      expect(result).toEqual({
        exit: { code: 2, signal: null },
        stdout: '',
        stderr:
          'nhicard: the configuration has problems:\n' +
          '  - Invalid port in environment variable NHICARD_PORT: must be an integer from 0 to ' +
          '65535 (got "80a")\n' +
          `  - Invalid driver in config file ${join(dir, 'nhicard.config.json')}: must be one of ` +
          'auto, simulator, pcsc, cshis, cs6, vhc (got "usb")\n',
      });
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'refuses a driver that cannot start here, and unknown options',
    async () => {
      const pcsc = await CliProcess.run(NHICARD_BIN, ['serve', '--driver', 'pcsc']);
      expect(pcsc.exit).toEqual({ code: 1, signal: null });
      expect(pcsc.stderr).toBe(
        'nhicard: The pcsc driver cannot start: The PC/SC library could not be loaded ' +
          `(Debian/Ubuntu: apt install pcscd libpcsclite1): ${NO_PCSC_LIBRARY}: Failed to load ` +
          'shared library: cannot open shared object file: No such file or directory. Use ' +
          '--driver simulator to run without a reader.\n',
      );
      const cshis = await CliProcess.run(NHICARD_BIN, ['serve', '--driver', 'cshis']);
      expect(cshis.exit).toEqual({ code: 1, signal: null });
      expect(cshis.stderr).toBe(
        'nhicard: The cshis driver cannot start: csHIS.dll not found (looked at: nowhere); set ' +
          'cshis.dllPath. Use --driver simulator to run without a reader.\n',
      );
      const unknown = await CliProcess.run(NHICARD_BIN, ['serve', '--prot', '7767']);
      expect(unknown).toEqual({
        exit: { code: 2, signal: null },
        stdout: '',
        stderr:
          'nhicard: Unknown option --prot\nRun `node server/bin/nhicard.js serve --help` for usage.\n',
      });
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'prints its version and help',
    async () => {
      const { version: expected } = JSON.parse(
        readFileSync(new URL('../../server/package.json', import.meta.url), 'utf8'),
      ) as { version: string };
      const version = await CliProcess.run(NHICARD_BIN, ['--version']);
      expect(version).toEqual({
        exit: { code: 0, signal: null },
        stdout: `nhicard ${expected}\n`,
        stderr: '',
      });
      const help = await CliProcess.run(NHICARD_BIN, ['serve', '--help']);
      expect(help.exit).toEqual({ code: 0, signal: null });
      expect(help.stdout).toMatch(/^Usage: nhicard serve \[options\]\n/);
      expect(help.stdout).toContain(
        '  --port <port>\n' +
          '      TCP port for WebSocket and HTTP; 0 picks a free one\n' +
          '      env NHICARD_PORT, config "port", default: 7766\n',
      );
    },
    SPAWN_TIMEOUT_MS,
  );
});
