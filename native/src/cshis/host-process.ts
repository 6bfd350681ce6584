import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { isTimeoutReason } from '../abort-error.js';
import { type CshisHostCommand, HOST_SCRIPT_PATH } from './host-command.js';
import {
  HOST_KOFFI_ENV,
  HOST_PORT_ENV,
  HOST_SECRET_ENV,
  type HostHello,
  type HostRequest,
  LineSplitter,
  parseHello,
  parseReply,
} from './host-protocol.js';

/**
 * Why a host call failed: `start` (the host did not come up), `timeout` (a call was still
 * running at its caller's deadline: the host has been killed), `aborted` (its caller gave up
 * for another reason, e.g. the broker closing: the host has been killed too), `gone` (the host
 * exited or the connection broke), `remote` (the host answered with an error, e.g. the DLL
 * would not load).
 */
export type HostFailureKind = 'start' | 'timeout' | 'aborted' | 'gone' | 'remote';

/** A failure of the host process or of its channel (not a csHIS return code). */
export class HostFailure extends Error {
  override readonly name = 'HostFailure';
  constructor(
    readonly kind: HostFailureKind,
    message: string,
    /** The caller's abort reason, for `timeout` and `aborted`. */
    readonly reason?: unknown,
  ) {
    super(message);
  }
}

/** How the host ended. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What {@link CshisHostProcess.start} needs. */
export interface HostStartOptions {
  /** The program and arguments that run the host script. */
  command: CshisHostCommand;
  /** The koffi module the host loads (a path of this machine), or null for `koffi`. */
  koffiPath: string | null;
  /** More environment variables for the host. */
  env: Readonly<Record<string, string>>;
  /** The file the host's stdout and stderr are appended to. */
  logFile: string;
  /** Time for the host to start and prove the secret. */
  startTimeoutMs: number;
}

interface PendingCall {
  resolve: (result: unknown) => void;
  reject: (error: HostFailure) => void;
  /** Stops listening to the caller's signal. */
  detach: () => void;
}

const LOG_TAIL_BYTES = 2000;

/** The last lines of the host's log, for error messages. */
async function readLogTail(logFile: string): Promise<string> {
  try {
    const handle = await open(logFile, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').trim();
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * One running csHIS host: a child process connected back over loopback TCP. Requests are
 * answered in order; a request still running when its caller's signal aborts kills the host
 * (a DLL call cannot be cancelled, and one nobody waits for would block the reader).
 */
export class CshisHostProcess {
  /** Resolves when the host process has ended. */
  readonly exited: Promise<HostExit>;
  private readonly pending = new Map<number, PendingCall>();
  private nextId = 1;
  private gone: HostFailure | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: Socket,
    /** What the host said about itself. */
    readonly hello: HostHello,
    exited: Promise<HostExit>,
  ) {
    this.exited = exited;
    const lines = new LineSplitter();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) this.onLine(line);
    });
    socket.on('error', () => {});
    socket.on('close', () =>
      this.fail(new HostFailure('gone', 'the csHIS host closed the connection')),
    );
    void exited.then((exit) => {
      const how = exit.signal ?? `code ${exit.code}`;
      this.fail(new HostFailure('gone', `the csHIS host exited (${how})`));
    });
  }

  /** Whether the host can still take requests. */
  get alive(): boolean {
    return this.gone === null;
  }

  /** The host's process id as this machine sees it (the `wine` process under Wine). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Spawns the host and waits until it has connected and proved the secret.
   * @throws HostFailure `start` when it exits, cannot be spawned or does not prove the secret
   * within `startTimeoutMs` (the message carries the end of its log).
   */
  static async start(options: HostStartOptions): Promise<CshisHostProcess> {
    const secret = randomBytes(32).toString('hex');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { command } = options;
    const toHostPath = command.toHostPath ?? ((path: string) => path);
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...command.env,
      ...options.env,
      [HOST_PORT_ENV]: String(port),
      [HOST_SECRET_ENV]: secret,
      [HOST_KOFFI_ENV]: options.koffiPath === null ? undefined : toHostPath(options.koffiPath),
    };
    // Never pipes: node.exe under Wine dies on piped stdio. A file works everywhere.
    const logFd = openSync(options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(command.command, [...(command.args ?? []), toHostPath(HOST_SCRIPT_PATH)], {
        stdio: ['ignore', logFd, logFd],
        env,
      });
    } finally {
      closeSync(logFd);
    }
    const exited = new Promise<HostExit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: null, signal: null }));
    });
    try {
      const { socket, hello } = await acceptHost(server, secret, child, exited, options);
      return new CshisHostProcess(child, socket, hello, exited);
    } catch (error) {
      child.kill('SIGKILL');
      const tail = await readLogTail(options.logFile);
      const message = error instanceof Error ? error.message : String(error);
      throw new HostFailure('start', tail === '' ? message : `${message}; host log:\n${tail}`);
    } finally {
      server.close();
    }
  }

  /**
   * Sends one request and resolves with the host's result. `signal` is the caller's deadline:
   * the host gets no other.
   * @throws HostFailure `timeout` or `aborted` when `signal` aborts (the host is then killed;
   * not sent at all if it already had), `gone` or `remote`.
   */
  request(request: HostRequest, signal: AbortSignal): Promise<unknown> {
    const what = request.op === 'call' ? request.fn : request.op;
    if (signal.aborted) return Promise.reject(abortFailure(what, signal.reason));
    if (this.gone !== null) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        this.kill();
        this.fail(abortFailure(what, signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const detach = (): void => signal.removeEventListener('abort', onAbort);
      this.pending.set(id, { resolve, reject, detach });
      this.socket.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** Ends the host at once (a hung DLL call cannot be interrupted any other way). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Asks the host to exit; kills it if it has not within `graceMs`. */
  async shutdown(graceMs: number): Promise<void> {
    if (this.alive) {
      await this.request({ op: 'exit' }, AbortSignal.timeout(graceMs)).catch(() => undefined);
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private onLine(line: string): void {
    const reply = parseReply(line);
    if (reply === null) return;
    const call = this.pending.get(reply.id);
    if (call === undefined) return;
    this.pending.delete(reply.id);
    call.detach();
    if (reply.ok) call.resolve(reply.result);
    else call.reject(new HostFailure('remote', reply.error));
  }

  private fail(failure: HostFailure): void {
    this.gone ??= failure;
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.detach();
      call.reject(failure);
    }
    this.socket.destroy();
  }
}

function abortFailure(what: string, reason: unknown): HostFailure {
  return isTimeoutReason(reason)
    ? new HostFailure('timeout', `${what} had not returned by its deadline`, reason)
    : new HostFailure('aborted', `${what} was abandoned by its caller`, reason);
}

/** Waits for the connection that proves the secret; other connections are dropped. */
function acceptHost(
  server: Server,
  secret: string,
  child: ChildProcess,
  exited: Promise<HostExit>,
  options: HostStartOptions,
): Promise<{ socket: Socket; hello: HostHello }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new Error(`the csHIS host did not connect within ${options.startTimeoutMs} ms`)),
        ),
      options.startTimeoutMs,
    );
    child.once('error', (error) =>
      settle(() => reject(new Error(`cannot start ${options.command.command}: ${error.message}`))),
    );
    void exited.then(({ code, signal }) =>
      settle(() =>
        reject(new Error(`the csHIS host exited before connecting (${signal ?? `code ${code}`})`)),
      ),
    );
    server.on('connection', (socket) => {
      const lines = new LineSplitter();
      socket.setEncoding('utf8');
      socket.setNoDelay(true);
      socket.on('error', () => {});
      const onData = (chunk: string): void => {
        const [first] = lines.push(chunk);
        if (first === undefined) return;
        socket.off('data', onData);
        const hello = parseHello(first);
        if (settled || hello === null || !sameSecret(secret, hello.secret)) {
          socket.destroy();
          return;
        }
        settle(() => resolve({ socket, hello }));
      };
      socket.on('data', onData);
    });
  });
}
