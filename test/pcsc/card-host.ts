import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CardHostEnded, CardHostReply, CardHostRequest } from './card-host-messages.js';
import type { EmulatedCardBehaviour } from './emulated-nhi-card.js';
import type { ApduExchange, DisconnectReason } from './vpcd-card-connection.js';

/** The PC/SC name of vpcd's slot `slot`. */
export function vpcdReaderName(slot: number): string {
  return `Virtual PCD 00 ${String(slot).padStart(2, '0')}`;
}

type Request = CardHostRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * The test side of the card host process (card-host-process.ts): inserts emulated cards into
 * vpcd's slots and removes them, and tells what each card received. The cards live in a child
 * process so that nothing the test process does (including a blocking PC/SC call) can stall
 * them.
 */
export class CardHost {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: CardHostReply) => void>();
  private readonly endWaiters = new Map<number, ((ended: CardHostEnded) => void)[]>();

  private constructor(
    private readonly child: ChildProcess,
    /** vpcd's TCP port for slot 0 (`Virtual PCD 00 00`); slot n listens on this + n. */
    private readonly vpcdBasePort: number,
  ) {
    child.on('message', (message: CardHostReply | CardHostEnded) => {
      if ('event' in message) {
        const waiters = this.endWaiters.get(message.port) ?? [];
        this.endWaiters.delete(message.port);
        for (const waiter of waiters) waiter(message);
        return;
      }
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  /**
   * Starts the card host process (TypeScript through tsx's loader) for the vpcd whose slot 0
   * listens on `vpcdBasePort` (the private pcscd's, see pcscd-process.ts).
   */
  static async start(vpcdBasePort: number): Promise<CardHost> {
    const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const script = fileURLToPath(new URL('./card-host-process.ts', import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--import', loader],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return new CardHost(child, vpcdBasePort);
  }

  private request(request: Request): Promise<CardHostReply & { ok: true }> {
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if (reply.ok) resolve(reply);
        else reject(new Error(`card host: ${reply.error}`));
      });
      this.child.send({ ...request, id } as CardHostRequest);
    });
  }

  /**
   * Inserts a card into vpcd slot `slot`; resolves once vpcd accepted the connection, with the
   * time it connected (host clock: `performance.timeOrigin + performance.now()`, comparable
   * across processes). `quickAck: false` leaves `TCP_QUICKACK` off (benchmarks).
   */
  async insert(
    slot: number,
    behaviour: EmulatedCardBehaviour,
    options: { quickAck?: boolean } = {},
  ): Promise<{ atMs: number }> {
    const reply = await this.request({
      op: 'insert',
      port: this.vpcdBasePort + slot,
      behaviour,
      quickAck: options.quickAck ?? true,
    });
    return { atMs: reply.atMs ?? Number.NaN };
  }

  /** Removes the card from slot `slot` (nothing when empty). */
  async remove(slot: number): Promise<void> {
    await this.request({ op: 'remove', port: this.vpcdBasePort + slot });
  }

  /** The APDUs the card in `slot` received (or the last card there, once removed). */
  async exchanges(slot: number): Promise<ApduExchange[]> {
    return (
      (await this.request({ op: 'exchanges', port: this.vpcdBasePort + slot })).exchanges ?? []
    );
  }

  /** Whether `TCP_QUICKACK` could be set on the card in `slot`. */
  async quickAck(slot: number): Promise<boolean> {
    return (
      (await this.request({ op: 'exchanges', port: this.vpcdBasePort + slot })).quickAck ?? true
    );
  }

  /**
   * Resolves when the connection of the card now in `slot` ends, with why and when (host clock:
   * `performance.timeOrigin + performance.now()`, comparable across processes).
   */
  whenEnded(slot: number): Promise<{ reason: DisconnectReason; atMs: number }> {
    return new Promise((resolve) => {
      const port = this.vpcdBasePort + slot;
      const waiters = this.endWaiters.get(port) ?? [];
      waiters.push(({ reason, atMs }) => resolve({ reason, atMs }));
      this.endWaiters.set(port, waiters);
    });
  }

  /** Stops the host process: every card it holds is removed. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    await exited;
  }
}
