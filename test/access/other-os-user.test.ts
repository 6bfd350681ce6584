// The same-user rule against a real second OS user: a client run as another user (runuser) is
// refused without a token on WebSocket and HTTP, even when it sends the broker's own page
// Origin, and accepted with a token; a client of the broker's own user needs none.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test-server.js';
import { requireStack } from '../support/require-stack.js';

const OTHER_USER = 'nhicard-other';
const PRESENCE_TOKEN = '5c0a7e93d14b28f6a1e0c9d7b3f2a8e4';
const canSwitchUser =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  existsSync('/usr/sbin/runuser') &&
  existsSync('/usr/sbin/useradd');
const available = requireStack(
  'os-users',
  canSwitchUser,
  'needs Linux, root, runuser and useradd to run a client as a second OS user',
);

let test: TestServer;
let script: string;

/** Runs the client script, as `user` or as this process's own user; resolves with its JSON. */
function runClient(user: string | null, args: string[]): Promise<Record<string, unknown>> {
  const command = user === null ? process.execPath : '/usr/sbin/runuser';
  const argv =
    user === null ? [script, ...args] : ['-u', user, '--', process.execPath, script, ...args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

describe.skipIf(!available)('a client of another OS user', () => {
  beforeAll(async () => {
    try {
      execFileSync('id', ['-u', OTHER_USER], { stdio: 'ignore' });
    } catch {
      execFileSync('/usr/sbin/useradd', [
        '--system',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        OTHER_USER,
      ]);
    }
    // The worktree may not be readable by that user: the script goes to a folder it can read.
    const folder = mkdtempSync(join(tmpdir(), 'nhicard-other-user-'));
    chmodSync(folder, 0o755);
    script = join(folder, 'raw-upgrade-client.mjs');
    copyFileSync(fileURLToPath(new URL('./raw-upgrade-client.mjs', import.meta.url)), script);
    chmodSync(script, 0o644);
    test = await startTestServer({
      access: { tokens: { [PRESENCE_TOKEN]: ['presence'] } },
    });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('is refused on WebSocket without a token', async () => {
    const port = String(test.server.port);
    expect(await runClient(OTHER_USER, ['ws', port])).toStrictEqual({
      status: 401,
      body: 'This connection comes from another OS user of this computer: it needs a token.\n',
    });
  });

  // The review found any local process passing for the demo page by sending its Origin, and
  // getting presence, read and admin without a token.
  it('is refused even with the broker own Origin', async () => {
    const port = String(test.server.port);
    const ownOrigin = `http://127.0.0.1:${port}`;
    expect(await runClient(OTHER_USER, ['ws', port, '--origin', ownOrigin])).toStrictEqual({
      status: 101,
      close: { code: 1008, reason: 'UNAUTHORIZED' },
    });
  });

  it('is refused on HTTP without a token, on every route', async () => {
    const port = String(test.server.port);
    for (const path of ['/healthz', '/metrics', '/', '/v1/access', '/nowhere']) {
      const answer = await runClient(OTHER_USER, ['http', port, path]);
      expect([path, answer.status]).toEqual([path, 403]);
    }
  });

  it('is accepted with a token, with that token scopes only', async () => {
    const port = String(test.server.port);
    expect(await runClient(OTHER_USER, ['ws', port, '--token', PRESENCE_TOKEN])).toStrictEqual({
      status: 101,
      hello: { type: 'hello', scopes: ['presence'] },
    });
    const health = await runClient(OTHER_USER, [
      'http',
      port,
      '/healthz',
      '--token',
      PRESENCE_TOKEN,
    ]);
    expect(health.status).toBe(200);
  });

  it('while a client of the broker own user needs no token', async () => {
    const port = String(test.server.port);
    expect(await runClient(null, ['ws', port])).toStrictEqual({
      status: 101,
      hello: { type: 'hello', scopes: ['presence', 'read', 'admin'] },
    });
    expect((await runClient(null, ['http', port, '/healthz'])).status).toBe(200);
  });
});
