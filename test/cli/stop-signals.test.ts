// SIGTERM reaches the broker however it is started. `npx nhicard serve` and `pnpm start` run the
// bin through `sh -c '<bin> …'` and pass SIGTERM to that shell only, which dies without passing
// it on: the broker used to be left running with no parent, holding its port.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess, killedAfterEach, NHICARD_BIN } from './cli-process.js';

const BANNER_PORT = /WebSocket {2}ws:\/\/127\.0\.0\.1:(\d+)\/v1\n/;
const SPAWN_TIMEOUT_MS = 120_000;
const running = killedAfterEach();

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `sh -c 'node <bin> serve …'` with the variables npm exec (or pnpm run) sets. */
function serveThroughShell(runnerEnv: Record<string, string>): CliProcess {
  const command = `"${process.execPath}" "${NHICARD_BIN}" serve --port 0 --driver simulator`;
  // The trailing `; true` keeps every shell from exec-ing node in place of itself.
  const cli = CliProcess.startCommand('sh', ['-c', `${command}; true`], {
    cwd: mkdtempSync(join(tmpdir(), 'nhicard-signals-')),
    env: runnerEnv,
  });
  running.push(cli);
  return cli;
}

describe('stop signals', () => {
  it.each([
    ['npx / npm exec', { npm_command: 'exec' }],
    ['pnpm start', { npm_lifecycle_event: 'start' }],
  ])(
    'SIGTERM to the shell of %s stops the broker gracefully and frees its port',
    async (_runner, runnerEnv) => {
      const cli = serveThroughShell(runnerEnv);
      const [, port = ''] = await cli.waitForStdout(BANNER_PORT);
      cli.kill('SIGTERM');
      // `close` comes once every holder of the output pipes (the broker too) has exited.
      await cli.waitForExit();
      expect(cli.stdout).toContain(
        'nhicard: the npm exec / npx / pnpm process that started it has ended, shutting down…\n',
      );
      expect(cli.stdout).toContain('nhicard: stopped.\n');
      expect(await portIsFree(Number(port))).toBe(true);
    },
    SPAWN_TIMEOUT_MS,
  );

  it(
    'SIGTERM to the bin itself stops it gracefully with exit code 0',
    async () => {
      const cli = CliProcess.start(NHICARD_BIN, ['serve', '--port', '0', '--driver', 'simulator']);
      running.push(cli);
      const [, port = ''] = await cli.waitForStdout(BANNER_PORT);
      cli.kill('SIGTERM');
      expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
      expect(cli.stdout).toContain('nhicard: SIGTERM received, shutting down…\n');
      expect(await portIsFree(Number(port))).toBe(true);
    },
    SPAWN_TIMEOUT_MS,
  );
});
