// LAN mode across two network namespaces joined by a veth pair: a workstation's broker in one,
// a monitor PC in the other. The clinic CA issues the workstation's certificate with the CLI,
// and the monitor trusts that CA only. It watches over wss:// with the presence token the CLI
// printed; plain ws://, a missing token and a wrong one are refused; a read with the presence
// token is FORBIDDEN; and no frame the monitor receives holds the card's ID number, full name
// or birth date. Root only (CI runs as root and requires it).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, cleanEnv, NHICARD_BIN, REPO_ROOT } from '../cli/cli-process.js';
import { Monitor } from './lan-monitor.js';
import { newToken } from './lan-test-helpers.js';
import { NetnsPair, requireNetns } from './netns-pair.js';

const available = requireNetns();
const MONITOR_SCRIPT = fileURLToPath(new URL('./lan-monitor-process.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** The last octet of the monitor namespace's second address. */
const THROTTLED_HOST = 3;

/** The fixture's personal values, from the card file itself. */
const ADULT = JSON.parse(
  readFileSync(new URL('../../native/demo-cards/adult.json', import.meta.url), 'utf8'),
) as { sections: { basic: { name: string; idNumber: string; birthDate: string } } };
const { name, idNumber, birthDate } = ADULT.sections.basic;
const [year = '', month = '', day = ''] = birthDate.split('-');
/** What a monitor must never see: ID number, full name, birth date (ISO and the card's ROC form). */
const PERSONAL = [
  idNumber,
  name,
  birthDate,
  `${String(Number(year) - 1911).padStart(3, '0')}${month}${day}`,
];

describe.skipIf(!available)('LAN mode across two network namespaces', { timeout: 120_000 }, () => {
  let pair: NetnsPair;
  let dir: string;
  let broker: CliProcess;
  let caFile: string;
  let lanUrl: string;
  let loopbackPort: string;
  let presenceToken: string;
  const readToken = newToken();
  const monitors: Monitor[] = [];

  /** Starts the monitor script in namespace `b`, trusting the clinic CA only besides Node's. */
  const startMonitor = (args: string[]): Monitor => {
    const child = spawn(
      'ip',
      NetnsPair.inside(pair.b, [process.execPath, '--import', TSX, MONITOR_SCRIPT, ...args]),
      {
        cwd: REPO_ROOT,
        env: cleanEnv({ NODE_EXTRA_CA_CERTS: caFile }),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const monitor = new Monitor(child);
    monitors.push(monitor);
    return monitor;
  };

  /** How the broker answers WebSocket attempts from namespace `b`, made one after another. */
  const probe = async (
    attempts: { url: string; token?: string; from?: string }[],
  ): Promise<unknown> => {
    const monitor = startMonitor(['probe', JSON.stringify(attempts)]);
    return (await monitor.waitFor((l) => l.kind === 'probe', 'the probe')).outcomes;
  };

  /** Runs `nhicard sim <args>` inside namespace `a`, against the broker's loopback port. */
  const sim = async (...args: string[]): Promise<void> => {
    const run = CliProcess.startCommand(
      'ip',
      NetnsPair.inside(pair.a, [
        process.execPath,
        NHICARD_BIN,
        'sim',
        ...args,
        '--port',
        loopbackPort,
      ]),
    );
    expect(await run.waitForExit(), run.stderr).toStrictEqual({ code: 0, signal: null });
  };

  beforeAll(async () => {
    pair = NetnsPair.create();
    dir = await mkdtemp(join(tmpdir(), 'nhicard-lan-netns-'));
    const clinicDir = join(dir, 'clinic');
    const created = await CliProcess.run(NHICARD_BIN, [
      'tls',
      'clinic-ca',
      '--clinic-dir',
      clinicDir,
    ]);
    expect(created.exit.code, created.stderr).toBe(0);
    const issued = await CliProcess.run(NHICARD_BIN, [
      'tls',
      'clinic-issue',
      'desk-1',
      '--ip',
      pair.a.address,
      '--dns',
      'desk-1.lan',
      '--clinic-dir',
      clinicDir,
    ]);
    expect(issued.exit.code, issued.stderr).toBe(0);
    // The token the install steps printed, in the config they printed.
    presenceToken = /"([0-9a-f]{64})": \[\s*"presence"\s*\]/.exec(issued.stdout)?.[1] ?? '';
    expect(presenceToken).toMatch(/^[0-9a-f]{64}$/);
    caFile = join(clinicDir, 'clinic-ca.pem');
    const workstation = join(clinicDir, 'workstations', 'desk-1');
    const configFile = join(dir, 'nhicard.config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        driver: 'simulator',
        port: 0,
        simulator: { samAuthDelayMs: 0 },
        lan: {
          host: pair.a.address,
          port: 0,
          certFile: join(workstation, 'cert.pem'),
          keyFile: join(workstation, 'key.pem'),
          tokens: { [presenceToken]: ['presence'], [readToken]: ['presence', 'read'] },
          failedTokenBurst: 3,
          failedTokensPerMinute: 1,
        },
      }),
    );
    broker = CliProcess.startCommand(
      'ip',
      NetnsPair.inside(pair.a, [process.execPath, NHICARD_BIN, 'serve', '--config', configFile]),
    );
    const lan = await broker.waitForStdout(/ {2}LAN {8}(wss:\/\/\S+) \(tokens only: 2\)\n/);
    lanUrl = lan[1] ?? '';
    loopbackPort =
      (await broker.waitForStdout(/WebSocket {2}ws:\/\/127\.0\.0\.1:(\d+)\/v1/))[1] ?? '';
  });

  afterAll(async () => {
    await Promise.all(monitors.map((monitor) => monitor.stop()));
    if (broker !== undefined && broker.exit === undefined) {
      broker.kill('SIGTERM');
      await broker.waitForExit();
    }
    pair?.remove();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('serves LAN mode on the namespace address, with the certificate the clinic CA issued', () => {
    expect(lanUrl).toMatch(new RegExp(`^wss://${pair.a.address.replaceAll('.', '\\.')}:\\d+/v1$`));
  });

  it('refuses plain ws://, a missing token and a wrong token from the other namespace', async () => {
    const lanPort = new URL(lanUrl).port;
    expect(
      await probe([
        // The LAN port speaks TLS only; the loopback port does not listen on the LAN at all.
        { url: `ws://${pair.a.address}:${lanPort}/v1`, token: presenceToken },
        { url: `ws://${pair.a.address}:${loopbackPort}/v1`, token: presenceToken },
        { url: lanUrl },
        { url: lanUrl, token: newToken() },
        { url: lanUrl, token: presenceToken },
      ]),
    ).toStrictEqual(['error ECONNRESET', 'error ECONNREFUSED', 'HTTP 401', 'HTTP 401', 'hello']);
  });

  it('lets a monitor watch over wss:// with the presence token: events, FORBIDDEN reads, no personal data', async () => {
    const monitor = startMonitor(['watch', lanUrl, presenceToken]);
    const open = await monitor.waitFor((l) => l.kind === 'state' && l.state === 'open', 'open');
    expect(open.scopes).toStrictEqual(['presence']);
    // A monitor with the read token, for contrast: the same scan finds the data there.
    const reader = startMonitor(['watch', lanUrl, readToken]);
    expect(
      (await reader.waitFor((l) => l.kind === 'state' && l.state === 'open', 'open')).scopes,
    ).toStrictEqual(['presence', 'read']);

    const from = monitor.lines.length;
    await sim('insert', 'adult');
    const inserted = await monitor.waitFor(
      (l) => l.topic === 'card.inserted',
      'card.inserted',
      from,
    );
    const read = await monitor.waitFor((l) => l.topic === 'card.read', 'card.read', from);
    expect(Number(read.seq)).toBeGreaterThan(Number(inserted.seq));

    monitor.send({ id: 1, op: 'card.read', params: { sections: ['basic'] } });
    expect(
      await monitor.waitFor((l) => l.kind === 'result' && l.id === 1, 'result 1'),
    ).toStrictEqual({ kind: 'result', id: 1, ok: false, code: 'FORBIDDEN' });
    reader.send({ id: 1, op: 'card.read', params: { sections: ['basic'] } });
    expect(
      await reader.waitFor((l) => l.kind === 'result' && l.id === 1, 'result 1'),
    ).toStrictEqual({
      kind: 'result',
      id: 1,
      ok: true,
    });

    await sim('remove');
    const removed = await monitor.waitFor((l) => l.topic === 'card.removed', 'card.removed', from);
    expect(Number(removed.seq)).toBeGreaterThan(Number(read.seq));

    const texts = monitor.frameTexts();
    expect(texts.length).toBeGreaterThanOrEqual(5);
    expect(texts.some((text) => text.includes('林○明'))).toBe(true);
    for (const value of PERSONAL) {
      expect(
        texts.filter((text) => text.includes(value)),
        value,
      ).toStrictEqual([]);
    }
    const readerTexts = reader.frameTexts();
    for (const value of [idNumber, name, birthDate]) {
      expect(
        readerTexts.some((text) => text.includes(value)),
        value,
      ).toBe(true);
    }
  });

  it('throttles wrong tokens per remote address, then refuses even the right one from it', async () => {
    // A second address of the monitor's namespace, so that the wrong tokens above do not count.
    pair.addAddress(pair.b, THROTTLED_HOST);
    const from = `${pair.subnet}.${THROTTLED_HOST}`;
    const wrong = { url: lanUrl, token: newToken(), from };
    expect(
      await probe([
        wrong,
        wrong,
        wrong,
        { url: lanUrl, token: presenceToken, from },
        { url: lanUrl, token: presenceToken },
      ]),
    ).toStrictEqual(['HTTP 401', 'HTTP 401', 'HTTP 401', 'HTTP 429', 'hello']);
  });
});
