import type { SectionId } from '@nhicard/protocol';
import { abortError } from '../abort-error.js';
import type {
  CallOptions,
  CardDriver,
  CardStatus,
  ReaderDescriptor,
  ReadOptions,
} from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { LocalHttpError, requestJson } from '../local-http/json-request.js';
import { ReaderQueue } from '../reader-queue.js';
import {
  type Cs6DriverOptions,
  type ResolvedCs6Options,
  resolveCs6Options,
} from './cs6-options.js';
import { type Cs6ConsoleState, parseCs6Status } from './cs6-status.js';

const STATUS_PATH = '/api/common/v1/Status';
const INITIAL_PATH = '/api/common/v1/Initial';
/** The console's "already initialised" answer to Initial (seen in public HIS code). */
const ALREADY_INITIALIZED = 1001;

/** The CS 6.0 console driver: presence of the NHI card, and the console's SAM/HPC state. */
export interface Cs6Driver extends CardDriver {
  readonly kind: 'cs6';
  /** The console's state at the last successful status call; null before one, or while down. */
  consoleState(): Cs6ConsoleState | null;
}

/**
 * Creates the driver for the NHI's CS 6.0 reader console (讀卡機控制軟體 6.0, a local HTTPS
 * service). Each `status` asks the console's Status call, so the broker's poll interval is the
 * console's: an NHI card going in or out shows as an insertion or removal at the next poll. A
 * console that stops answering makes the reader `reader-error`; when it answers again the
 * reader recovers on its own. Card data from this console comes from the NHI cloud over the
 * clinic's VPN with a SAM signature, which nhicard does not call: reads are `UNSUPPORTED`.
 * @throws RangeError for invalid options.
 */
export function createCs6Driver(options: Cs6DriverOptions = {}): Cs6Driver {
  return new Cs6DriverImpl(resolveCs6Options(options));
}

class Cs6DriverImpl implements Cs6Driver {
  readonly kind = 'cs6' as const;
  readonly capabilities = { sections: [] as SectionId[], events: false };
  private readonly reader: ReaderDescriptor;
  /** The console's slot's one serialisation point: its calls go out one at a time. */
  private readonly queue = new ReaderQueue();
  private state: Cs6ConsoleState | null = null;
  private insertionId: number | null = null;
  private lastInsertionId = 0;
  private initializing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: ResolvedCs6Options) {
    this.reader = {
      id: options.readerId,
      name: 'CS 6.0 reader console (讀卡機控制軟體 6.0)',
      driver: 'cs6',
      sections: [],
    };
  }

  consoleState(): Cs6ConsoleState | null {
    return this.state === null ? null : { ...this.state };
  }

  async listReaders(): Promise<ReaderDescriptor[]> {
    this.assertOpen();
    return [{ ...this.reader }];
  }

  async status(readerId: string, options: CallOptions = {}): Promise<CardStatus> {
    this.assertReader(readerId);
    const { signal } = options;
    let state: Cs6ConsoleState;
    try {
      state = await this.queue.run(`status ${readerId}`, signal, async () => {
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
    this.assertReader(readerId);
    throw new DriverError(
      'UNSUPPORTED',
      `The CS 6.0 console gives ${section} data only from the NHI cloud (VPN and a SAM signature), which nhicard does not call; use the cshis driver to read the card.`,
    );
  }

  async close(): Promise<void> {
    // The console is shared with the HIS: it is left initialised.
    this.closed = true;
    this.state = null;
  }

  private async fetchState(signal: AbortSignal | undefined): Promise<Cs6ConsoleState> {
    const reply = await this.call('GET', STATUS_PATH, signal);
    const state = parseCs6Status(reply);
    if (state === null) {
      throw new DriverError(
        'READER_ERROR',
        `The CS 6.0 console answered ${STATUS_PATH} with a reply of an unknown shape.`,
      );
    }
    return state;
  }

  private initialize(signal: AbortSignal | undefined): Promise<void> {
    this.initializing ??= this.call('POST', INITIAL_PATH, signal, {})
      .then((reply) => {
        const code = (reply as { statusCode?: unknown } | null)?.statusCode;
        if (code !== 0 && code !== ALREADY_INITIALIZED) {
          throw new DriverError(
            'READER_ERROR',
            `The CS 6.0 console refused to initialise (statusCode ${String(code)}).`,
          );
        }
      })
      .finally(() => {
        this.initializing = null;
      });
    return this.initializing;
  }

  /** One console call; its only time limit is the caller's `signal` (the poll's deadline). */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal | undefined,
    body?: unknown,
  ): Promise<unknown> {
    try {
      const reply = await requestJson({
        url: new URL(path, this.options.url),
        method,
        body,
        signal,
        acceptSelfSigned: true,
      });
      if (reply.status < 200 || reply.status >= 300) {
        throw new DriverError(
          'READER_ERROR',
          `The CS 6.0 console answered ${path} with HTTP ${reply.status}.`,
        );
      }
      return reply.body;
    } catch (error) {
      if (signal?.aborted) throw abortError(signal.reason, `The CS 6.0 console call ${path}`);
      if (!(error instanceof LocalHttpError)) throw error;
      throw new DriverError(
        'READER_ERROR',
        `The CS 6.0 console at ${this.options.url.origin} does not answer; is it running? (${error.message})`,
        { cause: error },
      );
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new DriverError('READER_ERROR', 'The CS 6.0 driver is closed.');
  }

  private assertReader(readerId: string): void {
    this.assertOpen();
    if (readerId !== this.reader.id) {
      throw new DriverError('NO_READER', `No CS 6.0 reader with id ${readerId}.`);
    }
  }
}
