import type { SectionId } from '@nhicard/protocol';
import type {
  CallOptions,
  CardDriver,
  CardStatus,
  DriverEvent,
  ReaderDescriptor,
  ReadOptions,
} from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { DriverListeners } from '../driver-listeners.js';
import { ReaderQueue } from '../reader-queue.js';
import { type Cs6ConsoleCall, cs6ConsoleCaller } from './cs6-console-call.js';
import {
  cs6CloudOnlyError,
  cs6InitialiseError,
  cs6NoQrError,
  cs6ReplyError,
} from './cs6-errors.js';
import {
  type Cs6DriverOptions,
  type ResolvedCs6Options,
  resolveCs6Options,
} from './cs6-options.js';
import { type Cs6ConsoleState, parseCs6Status } from './cs6-status.js';
import { Cs6VirtualSlot } from './cs6-virtual-slot.js';

const STATUS_PATH = '/api/common/v1/Status';
const INITIAL_PATH = '/api/common/v1/Initial';
/** The console's "already initialised" answer to Initial (seen in public HIS code). */
const ALREADY_INITIALIZED = 1001;

/**
 * The CS 6.0 console driver: presence of the NHI card and the console's SAM/HPC state on one
 * reader, and the virtual NHI card's basic data on a second, virtual-card reader.
 */
export interface Cs6Driver extends CardDriver {
  readonly kind: 'cs6';
  /** The console's state at the last successful status call; null before one, or while down. */
  consoleState(): Cs6ConsoleState | null;
  /** Hands a virtual card's QR code to the console (only on the virtual-card reader). */
  submitQr(readerId: string, qr: string, options?: ReadOptions): Promise<void>;
  /** Pushes the virtual-card reader's insertions and removals (the card slot is polled). */
  watch(listener: (event: DriverEvent) => void): () => void;
}

/**
 * Creates the driver for the NHI's CS 6.0 reader console (讀卡機控制軟體 6.0, a local HTTPS
 * service). It serves two readers:
 * - the card slot (`cs6-0`): each `status` asks the console's Status call, so the broker's poll
 *   interval is the console's and a card going in or out shows at the next poll. A console that
 *   stops answering makes it `reader-error`; when it answers again it recovers on its own. Its
 *   calls go through the slot's reader queue one at a time, each bounded only by its caller's
 *   signal (the request's deadline: `statusMs` for a poll). Its
 *   card data comes from the NHI cloud over the clinic's VPN with a SAM signature, which
 *   nhicard does not call: reads are `UNSUPPORTED`.
 * - the virtual-card slot (`cs6-vhc-0`, shown as driver `vhc`; left out with
 *   `virtualCard: false`): a QR code submitted to it goes to the console's
 *   `VirtualHc/ReadBasic`, and the basic data that comes back is the card.
 * @throws RangeError for invalid options.
 */
export function createCs6Driver(options: Cs6DriverOptions = {}): Cs6Driver {
  return new Cs6DriverImpl(resolveCs6Options(options));
}

class Cs6DriverImpl implements Cs6Driver {
  readonly kind = 'cs6' as const;
  readonly capabilities: { sections: SectionId[]; events: boolean };
  private readonly reader: ReaderDescriptor;
  private readonly call: Cs6ConsoleCall;
  private readonly virtual: Cs6VirtualSlot | null;
  private readonly listeners = new DriverListeners();
  private state: Cs6ConsoleState | null = null;
  private insertionId: number | null = null;
  private lastInsertionId = 0;
  /** The card slot's one serialisation point: Status and Initial go to the console in turn. */
  private readonly queue = new ReaderQueue();
  private closed = false;

  constructor(private readonly options: ResolvedCs6Options) {
    this.reader = {
      id: options.readerId,
      name: 'CS 6.0 reader console (讀卡機控制軟體 6.0)',
      driver: 'cs6',
      sections: [],
    };
    this.call = cs6ConsoleCaller(options);
    this.virtual = options.virtualCard
      ? new Cs6VirtualSlot(options.virtualReaderId, options.qrValidityMs, this.call, (status) =>
          this.emit({ type: 'status', readerId: options.virtualReaderId, status }),
        )
      : null;
    this.capabilities = {
      sections: options.virtualCard ? ['basic'] : [],
      events: options.virtualCard,
    };
  }

  consoleState(): Cs6ConsoleState | null {
    return this.state === null ? null : { ...this.state };
  }

  async listReaders(): Promise<ReaderDescriptor[]> {
    this.assertOpen();
    const readers = [{ ...this.reader }];
    if (this.virtual !== null) readers.push({ ...this.virtual.descriptor });
    return readers;
  }

  async status(readerId: string, options: CallOptions = {}): Promise<CardStatus> {
    const virtual = this.virtualSlot(readerId);
    if (virtual !== null) return virtual.status();
    const { signal } = options;
    let state: Cs6ConsoleState;
    try {
      state = await this.queue.run('CS 6.0 status', signal, async () => {
        const first = await this.fetchState(signal);
        if (first.initialized || !this.options.initialize) return first;
        await this.initialize(signal);
        return this.fetchState(signal);
      });
    } catch (error) {
      // Whatever was in the slot is unknown while the console is down: a card seen after it
      // comes back is a new insertion.
      this.state = null;
      this.insertionId = null;
      throw error;
    }
    this.state = state;
    if (state.hcStatus === 0) {
      this.insertionId = null;
      return { presence: 'no-card', nativeCode: 0, insertionId: null };
    }
    if (this.insertionId === null) {
      this.lastInsertionId += 1;
      this.insertionId = this.lastInsertionId;
    }
    return { presence: 'ready', nativeCode: state.hcStatus, insertionId: this.insertionId };
  }

  async read(readerId: string, section: SectionId, _options?: ReadOptions): Promise<Uint8Array> {
    const virtual = this.virtualSlot(readerId);
    if (virtual !== null) return virtual.read(section);
    throw cs6CloudOnlyError(section, false);
  }

  async submitQr(readerId: string, qr: string, options: ReadOptions = {}): Promise<void> {
    const virtual = this.virtualSlot(readerId);
    if (virtual === null) {
      throw cs6NoQrError(readerId, this.virtual?.descriptor.id ?? null);
    }
    await virtual.submit(qr, options.signal);
  }

  watch(listener: (event: DriverEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    // The console is shared with the HIS: it is left initialised.
    this.closed = true;
    this.state = null;
    this.virtual?.clear();
    this.listeners.clear();
  }

  private emit(event: DriverEvent): void {
    if (this.closed) return;
    this.listeners.emit(event);
  }

  private async fetchState(signal: AbortSignal | undefined): Promise<Cs6ConsoleState> {
    const reply = await this.call('GET', STATUS_PATH, undefined, signal);
    const state = parseCs6Status(reply);
    if (state === null) throw cs6ReplyError(STATUS_PATH, 'a reply of an unknown shape');
    return state;
  }

  private async initialize(signal: AbortSignal | undefined): Promise<void> {
    const reply = await this.call('POST', INITIAL_PATH, {}, signal);
    const code = (reply as { statusCode?: unknown } | null)?.statusCode;
    if (code !== 0 && code !== ALREADY_INITIALIZED) throw cs6InitialiseError(code);
  }

  private assertOpen(): void {
    if (this.closed) throw DriverError.closed('CS 6.0');
  }

  /** The virtual-card slot when `readerId` names it, null for the card slot. */
  private virtualSlot(readerId: string): Cs6VirtualSlot | null {
    this.assertOpen();
    if (readerId === this.reader.id) return null;
    if (this.virtual !== null && readerId === this.virtual.descriptor.id) return this.virtual;
    throw DriverError.unknownReader('CS 6.0', readerId);
  }
}
