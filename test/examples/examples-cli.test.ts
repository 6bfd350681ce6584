// `nhicard serve` and the examples, as a process: on the simulator it serves them and says
// where in its banner; `--no-examples` turns them off.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess, killedAfterEach, NHICARD_BIN } from '../cli/cli-process.js';

/** The banner's Health line, with the real port (serve runs with --port 0). */
const BANNER_HEALTH = /Health {5}http:\/\/127\.0\.0\.1:(\d+)\/healthz\n/;
const SPAWN_TIMEOUT_MS = 120_000;

const running = killedAfterEach();

async function serve(args: readonly string[]): Promise<{ cli: CliProcess; port: string }> {
  const cli = CliProcess.start(NHICARD_BIN, ['serve', '--port', '0', ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'nhicard-examples-cli-')),
  });
  running.push(cli);
  const [, port = ''] = await cli.waitForStdout(BANNER_HEALTH);
  return { cli, port };
}

describe('nhicard serve and the examples', () => {
  it(
    'serves them on the simulator and names them in the banner; --no-examples turns them off',
    async () => {
      const on = await serve([]);
      expect(on.cli.stdout).toContain(`  Examples   http://127.0.0.1:${on.port}/examples/\n`);
      const moved = await fetch(`http://127.0.0.1:${on.port}/examples/kiosk/`, {
        redirect: 'manual',
      });
      expect(moved.status).toBe(302);
      const page = await fetch(moved.headers.get('location') ?? '');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).not.toContain('sandbox');
      on.cli.kill('SIGTERM');
      expect(await on.cli.waitForExit()).toEqual({ code: 0, signal: null });

      const off = await serve(['--no-examples']);
      expect(off.cli.stdout).not.toContain('Examples');
      expect((await fetch(`http://127.0.0.1:${off.port}/examples/`)).status).toBe(404);
      off.cli.kill('SIGTERM');
      expect(await off.cli.waitForExit()).toEqual({ code: 0, signal: null });
    },
    SPAWN_TIMEOUT_MS,
  );
});
