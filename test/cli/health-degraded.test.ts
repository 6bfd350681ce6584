// `serve --driver pcsc` with the PC/SC service unreachable used to show "Readers none attached
// yet", log nothing and answer /healthz with "ok". The real libpcsclite is pointed at a socket
// where no pcscd listens (PCSCLITE_CSOCK_NAME), so the other tests' pcscd is not disturbed.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireStack } from '../support/require-stack.js';
import { CliProcess, killedAfterEach, NHICARD_BIN } from './cli-process.js';

const hasLibrary = (() => {
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libpcsclite.so.1');
  } catch {
    return false;
  }
})();
const available = requireStack(
  'pcsc',
  hasLibrary,
  'libpcsclite.so.1 not found: apt-get install libpcsclite1',
);
const NO_SERVICE =
  'the PC/SC service cannot be reached: SCARD_E_NO_SERVICE (0x8010001D): The PC/SC smart card service is not running';
const running = killedAfterEach();

describe.skipIf(!available)('health with the PC/SC service down', () => {
  it('answers /healthz degraded with SCARD_E_NO_SERVICE and logs one warning', async () => {
    const cli = CliProcess.start(NHICARD_BIN, ['serve', '--driver', 'pcsc', '--port', '0'], {
      env: {
        NHICARD_PCSC_LIBRARY: 'libpcsclite.so.1',
        PCSCLITE_CSOCK_NAME: '/nonexistent/nhicard-test/pcscd.comm',
      },
    });
    running.push(cli);
    const [, port = ''] = await cli.waitForStdout(/WebSocket {2}ws:\/\/127\.0\.0\.1:(\d+)\/v1\n/);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      reasons: [NO_SERVICE],
      driver: 'pcsc',
      readers: [],
    });
    const warnings = cli.stderr
      .split('\n')
      .filter((line) => line.includes('"msg":"broker degraded"'))
      .map((line) => JSON.parse(line));
    expect(warnings).toEqual([expect.objectContaining({ level: 'warn', reasons: [NO_SERVICE] })]);
    cli.kill('SIGTERM');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
  }, 120_000);
});
