import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { HostFailure, hostAbortFailure } from './host-failure.js';
import { type HostExit, type HostStartOptions, launchHost } from './host-launch.js';
import { type HostHello, type HostRequest, LineSplitter, parseReply } from './host-protocol.js';

interface PendingCall {
  resolve: (result: unknown) => void;
  reject: (error: HostFailure) => void;
  /** Stops listening to the caller's signal. */
  detach: () => void;
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
    const { child, socket, hello, exited } = await launchHost(options);
    return new CshisHostProcess(child, socket, hello, exited);
  }

  /**
   * Sends one request and resolves with the host's result. `signal` is the caller's deadline:
   * the host gets no other.
   * @throws HostFailure `timeout` or `aborted` when `signal` aborts (the host is then killed;
   * not sent at all if it already had), `gone` or `remote`.
   */
  request(request: HostRequest, signal: AbortSignal): Promise<unknown> {
    const what = request.op === 'call' ? request.fn : request.op;
    if (signal.aborted) return Promise.reject(hostAbortFailure(what, signal.reason));
    if (this.gone !== null) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        this.kill();
        this.fail(hostAbortFailure(what, signal.reason));
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
