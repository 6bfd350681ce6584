import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { type CshisHostCommand, HOST_SCRIPT_PATH } from './host-command.js';
import { HostFailure } from './host-failure.js';
import {
  HOST_KOFFI_ENV,
  HOST_PORT_ENV,
  HOST_SECRET_ENV,
  type HostHello,
  LineSplitter,
  parseHello,
} from './host-protocol.js';

/** How the host ended. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What starting a csHIS host needs. */
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

/** A host that has connected back and proved the secret. */
export interface LaunchedHost {
  child: ChildProcess;
  socket: Socket;
  hello: HostHello;
  exited: Promise<HostExit>;
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
 * Spawns the host and waits until it has connected over loopback and proved the secret
 * handed to it in its environment (so no other local program can pose as it).
 * @throws HostFailure `start` when it exits, cannot be spawned or does not prove the secret
 * within `startTimeoutMs` (the message carries the end of its log).
 */
export async function launchHost(options: HostStartOptions): Promise<LaunchedHost> {
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
    return { child, socket, hello, exited };
  } catch (error) {
    child.kill('SIGKILL');
    const tail = await readLogTail(options.logFile);
    const message = error instanceof Error ? error.message : String(error);
    throw new HostFailure('start', tail === '' ? message : `${message}; host log:\n${tail}`);
  } finally {
    server.close();
  }
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
