import { DriverError } from '../driver-error.js';
import type { PcscApi, ReaderStateQuery, ReaderStateResult, ScardHandle } from './pcsc-api.js';
import { PNP_NOTIFICATION_READER, SCARD_PROTOCOL_T1, SCARD_STATE } from './pcsc-constants.js';
import { SCARD } from './scard-codes.js';

/** The card side of the fake: answers one command APDU (hex in, code + response hex out). */
export type FakeCard = (command: string) => { code?: number; response: string };

interface FakeReader {
  eventState: number;
  atr: Uint8Array;
  card: FakeCard | null;
}

interface PendingWait {
  context: ScardHandle;
  queries: readonly ReaderStateQuery[];
  resolve: (result: { code: number; states: ReaderStateResult[] }) => void;
  timer?: ReturnType<typeof setTimeout>;
}

const STATE_BITS = ~SCARD_STATE.CHANGED;

/**
 * A PC/SC service in memory, for unit tests of the watcher, the reads and the driver: readers
 * and cards come and go at the test's command, `getStatusChange` waits and answers like
 * pcsc-lite (event counter in the upper 16 bits, PnP reader count), and every call is logged.
 */
export class FakePcscApi implements PcscApi {
  /** Every call, e.g. `connect Reader A 2 3`, `transmit 00a40400…`, `release 1`. */
  readonly calls: string[] = [];
  /** Whether the service answers; false fails every call with `SCARD_E_NO_SERVICE`. */
  private running = true;
  private readonly readers = new Map<string, FakeReader>();
  private readonly waits = new Set<PendingWait>();
  private nextHandle = 1;
  private readonly liveContexts = new Set<ScardHandle>();
  /** Card handles from `connect`, with the reader each belongs to. */
  private readonly connections = new Map<ScardHandle, string>();
  /** Codes `connect` returns before it succeeds (consumed in order). */
  readonly connectFailures: number[] = [];
  /** Codes `transmit` returns before it succeeds (consumed in order). */
  readonly transmitFailures: number[] = [];

  /** Adds a reader (PnP waiters wake up). */
  addReader(name: string): void {
    this.readers.set(name, { eventState: SCARD_STATE.EMPTY, atr: new Uint8Array(), card: null });
    this.wake();
  }

  /** Removes a reader. */
  removeReader(name: string): void {
    this.readers.delete(name);
    this.wake();
  }

  /** Puts a card in `reader`: the event counter moves by one. */
  insert(reader: string, card: FakeCard, atr = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01)): void {
    this.setSlot(reader, SCARD_STATE.PRESENT, atr, card, 1);
  }

  /** Pulls the card out of `reader`: the event counter moves by one. */
  remove(reader: string): void {
    this.setSlot(reader, SCARD_STATE.EMPTY, new Uint8Array(), null, 1);
  }

  /** Changes the slot with the counter moved by `events` (2 = out and in between two waits). */
  setSlot(
    reader: string,
    flags: number,
    atr: Uint8Array,
    card: FakeCard | null,
    events: number,
  ): void {
    const slot = this.readers.get(reader);
    if (slot === undefined) throw new Error(`no fake reader ${reader}`);
    const counter = ((slot.eventState >>> 16) + events) & 0xffff;
    slot.eventState = ((counter << 16) | flags) >>> 0;
    slot.atr = atr;
    slot.card = card;
    this.wake();
  }

  /** Stops (false) or restarts (true) the service; waits in flight fail with a comm error. */
  setRunning(running: boolean): void {
    this.running = running;
    if (!running) {
      this.liveContexts.clear();
      for (const wait of [...this.waits]) this.finish(wait, SCARD.F_COMM_ERROR);
    }
  }

  /** How many `getStatusChange` calls are waiting. */
  get waiting(): number {
    return this.waits.size;
  }

  private log(entry: string): void {
    this.calls.push(entry);
  }

  private stateOf(reader: string): number {
    if (reader === PNP_NOTIFICATION_READER) return (this.readers.size << 16) >>> 0;
    return this.readers.get(reader)?.eventState ?? SCARD_STATE.UNKNOWN;
  }

  private answer(wait: PendingWait): ReaderStateResult[] {
    return wait.queries.map((query) => {
      const state = this.stateOf(query.reader);
      const changed = (query.currentState & STATE_BITS) !== state;
      return {
        reader: query.reader,
        eventState: (changed ? state | SCARD_STATE.CHANGED : state) >>> 0,
        atr: this.readers.get(query.reader)?.atr.slice() ?? new Uint8Array(),
      };
    });
  }

  private finish(wait: PendingWait, code: number): void {
    clearTimeout(wait.timer);
    this.waits.delete(wait);
    wait.resolve({ code, states: this.answer(wait) });
  }

  private wake(): void {
    for (const wait of [...this.waits]) {
      if (
        wait.queries.some(
          (query) => (query.currentState & STATE_BITS) !== this.stateOf(query.reader),
        )
      ) {
        this.finish(wait, SCARD.SUCCESS);
      }
    }
  }

  async establishContext() {
    this.log('establish');
    if (!this.running) return { code: SCARD.E_NO_SERVICE, context: 0 };
    const context = this.nextHandle++;
    this.liveContexts.add(context);
    return { code: SCARD.SUCCESS, context };
  }

  async releaseContext(context: ScardHandle) {
    this.log(`release ${context}`);
    return this.liveContexts.delete(context) ? SCARD.SUCCESS : SCARD.E_INVALID_HANDLE;
  }

  async listReaders(context: ScardHandle) {
    this.log('list');
    if (!this.running) return { code: SCARD.E_NO_SERVICE, readers: [] };
    if (!this.liveContexts.has(context)) return { code: SCARD.E_INVALID_HANDLE, readers: [] };
    const readers = [...this.readers.keys()];
    return { code: readers.length > 0 ? SCARD.SUCCESS : SCARD.E_NO_READERS_AVAILABLE, readers };
  }

  getStatusChange(context: ScardHandle, timeoutMs: number, queries: readonly ReaderStateQuery[]) {
    this.log(
      `wait ${queries.map((query) => `${query.reader}=${query.currentState.toString(16)}`).join(' ')}`,
    );
    return new Promise<{ code: number; states: ReaderStateResult[] }>((resolve) => {
      const wait: PendingWait = { context, queries, resolve };
      if (!this.running || !this.liveContexts.has(context)) {
        resolve({ code: SCARD.E_INVALID_HANDLE, states: [] });
        return;
      }
      if (queries.some((query) => this.stateOf(query.reader) === SCARD_STATE.UNKNOWN)) {
        resolve({ code: SCARD.E_UNKNOWN_READER, states: [] });
        return;
      }
      this.waits.add(wait);
      this.wake();
      if (this.waits.has(wait) && timeoutMs !== 0xffff_ffff) {
        wait.timer = setTimeout(() => this.finish(wait, SCARD.E_TIMEOUT), timeoutMs);
      }
    });
  }

  cancel(context: ScardHandle): number {
    this.log(`cancel ${context}`);
    for (const wait of [...this.waits])
      if (wait.context === context) this.finish(wait, SCARD.E_CANCELLED);
    return SCARD.SUCCESS;
  }

  async connect(context: ScardHandle, reader: string, shareMode: number, protocols: number) {
    this.log(`connect ${reader} ${shareMode} ${protocols}`);
    const failure = this.connectFailures.shift();
    if (failure !== undefined) return { code: failure, card: 0, protocol: 0 };
    if (!this.liveContexts.has(context))
      return { code: SCARD.E_INVALID_HANDLE, card: 0, protocol: 0 };
    const slot = this.readers.get(reader);
    if (slot === undefined) return { code: SCARD.E_UNKNOWN_READER, card: 0, protocol: 0 };
    if (slot.card === null) return { code: SCARD.E_NO_SMARTCARD, card: 0, protocol: 0 };
    const card = this.nextHandle++;
    this.connections.set(card, reader);
    return { code: SCARD.SUCCESS, card, protocol: SCARD_PROTOCOL_T1 };
  }

  async beginTransaction(card: ScardHandle) {
    this.log(`begin ${card}`);
    return SCARD.SUCCESS;
  }

  async endTransaction(card: ScardHandle, disposition: number) {
    this.log(`end ${card} ${disposition}`);
    return SCARD.SUCCESS;
  }

  async transmit(card: ScardHandle, protocol: number, command: Uint8Array) {
    const hex = Buffer.from(command).toString('hex');
    this.log(`transmit ${hex}`);
    const failure = this.transmitFailures.shift();
    if (failure !== undefined) return { code: failure, response: new Uint8Array() };
    const reader = this.connections.get(card);
    const fakeCard = reader === undefined ? null : (this.readers.get(reader)?.card ?? null);
    if (fakeCard === null || protocol !== SCARD_PROTOCOL_T1) {
      return { code: SCARD.W_REMOVED_CARD, response: new Uint8Array() };
    }
    const answer = fakeCard(hex);
    return {
      code: answer.code ?? SCARD.SUCCESS,
      response: Uint8Array.from(Buffer.from(answer.response, 'hex')),
    };
  }

  async disconnect(card: ScardHandle, disposition: number) {
    this.log(`disconnect ${card} ${disposition}`);
    this.connections.delete(card);
    return SCARD.SUCCESS;
  }
}

/** The `DriverError` `promise` rejects with (anything else, or resolving, fails the test). */
export async function failure(promise: Promise<unknown>): Promise<DriverError> {
  const error = await promise.then(
    () => new Error('resolved'),
    (reason: unknown) => reason,
  );
  if (error instanceof DriverError) return error;
  throw error;
}
