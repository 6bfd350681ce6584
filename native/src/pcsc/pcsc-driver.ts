import { isSectionId, type SectionId } from '@nhicard/protocol';
import { abortError } from '../abort-error.js';
import type { CardDriver, CardStatus, ReaderDescriptor, ReadOptions } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { DriverListeners } from '../driver-listeners.js';
import { readBasicData } from './basic-data-read.js';
import type { PcscApi, ReaderStateResult } from './pcsc-api.js';
import { SCARD_STATE } from './pcsc-constants.js';
import { type PcscDriverOptions, resolvePcscDriverOptions } from './pcsc-driver-options.js';
import { basicOnlyError, cardRemovedError, pcscError, readerUnpluggedError } from './pcsc-error.js';
import { loadPcscLibrary } from './pcsc-library.js';
import { readBasicOnReader } from './reader-read.js';
import { ReaderWatcher } from './reader-watcher.js';
import { atrHexOf, type Insertion, slotChangeOf, WatchedReader } from './watched-reader.js';

/** The PC/SC driver: a `CardDriver` with events. */
export interface PcscDriver extends CardDriver {
  readonly kind: 'pcsc';
  /** The PC/SC library in use (file or name), or `(injected)` when `api` was given. */
  readonly libraryPath: string;
}

/**
 * Creates the PC/SC driver: readers and cards watched with `SCardGetStatusChange` on a worker
 * thread (events pushed through `watch`, `status` answered from the watcher's state), the basic
 * data read by APDU. A card is `not-ready` for the settle delay after insertion and while its
 * basic data is read once to classify it, then `ready` or `not-nhi-card`. When the PC/SC
 * service goes away every reader is detached, and attached again once the service is back.
 *
 * @throws DriverError `READER_ERROR` when the PC/SC library cannot be loaded.
 */
export function createPcscDriver(options: PcscDriverOptions = {}): PcscDriver {
  const config = resolvePcscDriverOptions(options);
  const library = options.api === undefined ? loadPcscLibrary(options.libraryPath) : null;
  const api: PcscApi = options.api ?? (library as NonNullable<typeof library>).api;
  const readers = new Map<string, WatchedReader>();
  const listeners = new DriverListeners();
  const lifetime = new AbortController();
  let lastInsertionId = 0;
  let markReady: () => void = () => {};
  const initialised = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  function reportStatus(reader: WatchedReader): void {
    const status = reader.takeStatusChange();
    if (status !== null) listeners.emit({ type: 'status', readerId: reader.id, status });
  }

  function endInsertion(reader: WatchedReader, reason: DriverError): void {
    const insertion = reader.insertion;
    if (insertion === null) return;
    clearTimeout(insertion.settleTimer);
    reader.insertion = null;
    insertion.ended.abort(reason);
  }

  function beginInsertion(reader: WatchedReader, atrHex: string): void {
    lastInsertionId += 1;
    const insertion: Insertion = {
      id: lastInsertionId,
      atrHex,
      phase: 'settling',
      ended: new AbortController(),
    };
    reader.insertion = insertion;
    insertion.settleTimer = setTimeout(() => settled(reader, insertion), config.settleDelayMs);
  }

  function settled(reader: WatchedReader, insertion: Insertion): void {
    if (reader.insertion !== insertion) return;
    if ((reader.eventState & SCARD_STATE.MUTE) !== 0 || insertion.atrHex === '') {
      insertion.phase = 'mute';
    } else if (config.classifyCards) {
      insertion.phase = 'probing';
      void probe(reader, insertion);
    } else {
      insertion.phase = 'ready';
    }
    reportStatus(reader);
  }

  async function probe(reader: WatchedReader, insertion: Insertion): Promise<void> {
    const signals = [insertion.ended.signal, lifetime.signal];
    const signal = AbortSignal.any(signals);
    let phase: Insertion['phase'] = 'ready';
    try {
      await reader.queue.run(`probe ${reader.id}`, signal, () =>
        readBasicData({ ...config, api, readerName: reader.name, signal }),
      );
    } catch (error) {
      if (error instanceof DriverError && error.code === 'NOT_AN_NHI_CARD') phase = 'not-nhi-card';
      // Any other failure leaves the card `ready`: the reads will report it precisely.
    }
    if (reader.insertion !== insertion || lifetime.signal.aborted) return;
    insertion.phase = phase;
    reportStatus(reader);
  }

  function onReaderState(state: ReaderStateResult): void {
    const reader = readers.get(state.reader);
    if (reader === undefined) return;
    const atrHex = atrHexOf(state.atr);
    const change = slotChangeOf(reader.eventState, reader.insertion, state.eventState, atrHex);
    reader.eventState = state.eventState;
    if (change === 'removed' || change === 'replaced') {
      endInsertion(reader, cardRemovedError(reader.id, false));
    }
    if (change === 'inserted' || change === 'replaced') beginInsertion(reader, atrHex);
    if (change === 'unchanged' && reader.insertion !== null && reader.insertion.atrHex === '') {
      reader.insertion.atrHex = atrHex;
    }
    reportStatus(reader);
  }

  function detach(reader: WatchedReader, reason: DriverError): void {
    endInsertion(reader, reason);
    readers.delete(reader.id);
    listeners.emit({ type: 'reader-detached', readerId: reader.id });
  }

  const watcher = new ReaderWatcher(
    {
      api,
      pnpNotification: library?.abi.pnpNotification ?? true,
      readerScanIntervalMs: config.readerScanIntervalMs,
      recoveryInitialDelayMs: config.recoveryInitialDelayMs,
      recoveryMaxDelayMs: config.recoveryMaxDelayMs,
    },
    {
      readersListed(names) {
        for (const reader of [...readers.values()]) {
          if (!names.includes(reader.name)) {
            detach(reader, readerUnpluggedError(reader.id));
          }
        }
        for (const name of names) {
          if (readers.has(name)) continue;
          const reader = new WatchedReader(name);
          readers.set(name, reader);
          reader.takeStatusChange();
          listeners.emit({ type: 'reader-attached', reader: { id: reader.id, name: reader.name } });
        }
      },
      readerStateChanged: onReaderState,
      serviceLost(code) {
        const reason = pcscError(code, 'the PC/SC service went away');
        for (const reader of [...readers.values()]) detach(reader, reason);
      },
      initialised: () => markReady(),
    },
  );
  watcher.start();

  async function readerFor(readerId: string): Promise<WatchedReader> {
    await initialised;
    if (lifetime.signal.aborted) throw DriverError.closed('PC/SC');
    const reader = readers.get(readerId);
    if (reader === undefined) throw DriverError.unknownReader('PC/SC', readerId);
    return reader;
  }

  return {
    kind: 'pcsc',
    capabilities: { sections: ['basic'], events: true },
    libraryPath: library?.path ?? '(injected)',
    async listReaders(): Promise<ReaderDescriptor[]> {
      await initialised;
      if (lifetime.signal.aborted) throw DriverError.closed('PC/SC');
      return [...readers.values()].map(({ id, name }) => ({ id, name }));
    },
    async status(readerId: string): Promise<CardStatus> {
      return (await readerFor(readerId)).status();
    },
    async read(readerId: string, section: SectionId, options: ReadOptions = {}) {
      const reader = await readerFor(readerId);
      if (section !== 'basic') {
        throw isSectionId(section) ? basicOnlyError(section) : DriverError.unknownSection(section);
      }
      if (options.signal?.aborted)
        throw abortError(options.signal.reason, `read of basic on ${readerId}`);
      return readBasicOnReader(reader, options, { api, config, lifetime: lifetime.signal });
    },
    watch(listener) {
      return listeners.add(listener);
    },
    async close(): Promise<void> {
      if (lifetime.signal.aborted) return;
      lifetime.abort(DriverError.closed('PC/SC'));
      for (const reader of readers.values()) endInsertion(reader, DriverError.closed('PC/SC'));
      listeners.clear();
      await watcher.stop();
    },
  };
}
