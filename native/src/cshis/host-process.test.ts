import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostFailure } from './host-failure.js';
import type { HostStartOptions } from './host-launch.js';
import { CshisHostProcess } from './host-process.js';

/**
 * A fake host in plain Node (no DLL): FAKE_MODE says how it behaves. `impostor-first` first
 * connects with a wrong secret, as another local program might, then as the real host.
 */
const FAKE_HOST = `
const net = require('node:net');
const port = Number(process.env.NHICARD_CSHIS_HOST_PORT);
const secret = process.env.NHICARD_CSHIS_HOST_SECRET;
const mode = process.env.FAKE_MODE;
console.log('fake host mode ' + mode);
if (mode === 'exit') process.exit(3);
// Silent: never connects, and goes by itself in the end so a failed test leaves nothing behind.
if (mode === 'silent') setTimeout(() => process.exit(0), 120000);
function serve(socket) {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\\n');
    pending = lines.pop();
    for (const line of lines) {
      const request = JSON.parse(line);
      if (request.op === 'exit') {
        socket.write(JSON.stringify({ id: request.id, ok: true, result: null }) + '\\n');
        socket.end(() => process.exit(0));
        continue;
      }
      if (request.fn === 'hang') continue;
      if (request.fn === 'refuse') {
        socket.write(JSON.stringify({ id: request.id, ok: false, error: 'refused' }) + '\\n');
        continue;
      }
      socket.write(JSON.stringify({ id: request.id, ok: true, result: { echo: request } }) + '\\n');
    }
  });
  socket.on('close', () => process.exit(0));
}
function hello(socket, value) {
  socket.write(JSON.stringify({ type: 'hello', secret: value, pid: process.pid,
    platform: process.platform, arch: process.arch, node: process.version }) + '\\n');
}
if (mode === 'impostor-first') {
  const impostor = net.connect(port, '127.0.0.1', () => hello(impostor, 'not-the-secret'));
  impostor.on('close', () => {
    console.log('impostor dropped');
    const real = net.connect(port, '127.0.0.1', () => { hello(real, secret); serve(real); });
  });
} else if (mode !== 'silent') {
  const real = net.connect(port, '127.0.0.1', () => { hello(real, secret); serve(real); });
}
`;

describe('CshisHostProcess', () => {
  let dir: string;
  let script: string;
  let logCount = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-host-process-'));
    script = join(dir, 'fake-host.cjs');
    await writeFile(script, FAKE_HOST);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function options(mode: string, startTimeoutMs = 5000): HostStartOptions {
    logCount += 1;
    return {
      command: { command: process.execPath, args: [script] },
      koffiPath: null,
      env: { FAKE_MODE: mode },
      logFile: join(dir, `host-${logCount}.log`),
      startTimeoutMs,
    };
  }

  it('drops a connection that does not prove the secret and accepts the real host', async () => {
    const start = options('impostor-first');
    const host = await CshisHostProcess.start(start);
    try {
      expect(host.hello).toMatchObject({ type: 'hello', platform: process.platform });
      const result = await host.request(
        { op: 'call', fn: 'ping', args: [1, 2] },
        AbortSignal.timeout(5000),
      );
      expect(result).toStrictEqual({ echo: { id: 1, op: 'call', fn: 'ping', args: [1, 2] } });
    } finally {
      await host.shutdown(2000);
    }
    expect(await readFile(start.logFile, 'utf8')).toContain('impostor dropped');
  });

  it('fails to start when the host never proves the secret, with its log', async () => {
    // The start timeout is the behaviour under test: on fake timers it fires only once the host
    // is up and has written its log, however long a loaded machine takes to start it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let failure: unknown;
    try {
      const start = options('silent', 300);
      const starting = CshisHostProcess.start(start).catch((error: unknown) => error);
      // node:timers/promises is not faked: a real pause between looks at the log.
      const logged = () => readFile(start.logFile, 'utf8').catch(() => '');
      while (!(await logged()).includes('fake host mode silent')) {
        await pause(20);
      }
      await vi.advanceTimersByTimeAsync(300);
      failure = await starting;
    } finally {
      vi.useRealTimers();
    }
    expect(failure).toBeInstanceOf(HostFailure);
    expect(failure).toMatchObject({ kind: 'start' });
    expect((failure as HostFailure).message).toBe(
      'the csHIS host did not connect within 300 ms; host log:\nfake host mode silent',
    );
  });

  it('fails to start when the host exits first', async () => {
    const failure = await CshisHostProcess.start(options('exit')).catch((error) => error);
    expect(failure).toMatchObject({
      kind: 'start',
      message: 'the csHIS host exited before connecting (code 3); host log:\nfake host mode exit',
    });
  });

  it('fails to start when the command does not exist', async () => {
    const start = { ...options('normal'), command: { command: join(dir, 'no-such-node') } };
    const failure = await CshisHostProcess.start(start).catch((error) => error);
    expect(failure).toMatchObject({ kind: 'start' });
    expect(failure.message).toMatch(/^cannot start .*no-such-node: spawn .* ENOENT$/);
  });

  it("kills the host when a request is still running at its caller's deadline", async () => {
    const host = await CshisHostProcess.start(options('normal'));
    const deadline = new AbortController();
    const pending = host.request({ op: 'call', fn: 'hang', args: [] }, deadline.signal);
    deadline.abort(new DOMException('deadline', 'TimeoutError'));
    expect(await pending.catch((e) => e)).toMatchObject({
      kind: 'timeout',
      message: 'hang had not returned by its deadline',
    });
    expect(await host.exited).toStrictEqual({ code: null, signal: 'SIGKILL' });
    expect(host.alive).toBe(false);
    const later = host.request({ op: 'call', fn: 'ping', args: [] }, new AbortController().signal);
    await expect(later).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('kills the host when its caller abandons a running request, keeping the reason', async () => {
    const host = await CshisHostProcess.start(options('normal'));
    const caller = new AbortController();
    const pending = host.request({ op: 'call', fn: 'hang', args: [] }, caller.signal);
    const reason = new Error('shutting down');
    caller.abort(reason);
    expect(await pending.catch((e) => e)).toMatchObject({ kind: 'aborted', reason });
    expect(await host.exited).toStrictEqual({ code: null, signal: 'SIGKILL' });
  });

  it('reports a refused request as remote and stays usable', async () => {
    const host = await CshisHostProcess.start(options('normal'));
    try {
      await expect(
        host.request({ op: 'call', fn: 'refuse', args: [] }, AbortSignal.timeout(2000)),
      ).rejects.toMatchObject({ kind: 'remote', message: 'refused' });
      expect(host.alive).toBe(true);
    } finally {
      await host.shutdown(2000);
    }
  });

  it('rejects calls in flight when the host dies', async () => {
    const host = await CshisHostProcess.start(options('normal'));
    const pending = host.request({ op: 'call', fn: 'hang', args: [] }, AbortSignal.timeout(10_000));
    host.kill();
    await expect(pending).rejects.toMatchObject({ kind: 'gone' });
  });
});
