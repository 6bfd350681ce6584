import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakePcscApi } from './fake-pcsc-api.test-helpers.js';
import { ReaderWatcher, type ReaderWatcherOptions } from './reader-watcher.js';
import { SCARD } from './scard-codes.js';

/**
 * `vi.waitFor` with room for a loaded machine: its 1 s default fails a slow but correct run;
 * only the test's own timeout bounds the wait.
 */
const waitFor = <T>(check: () => T | Promise<T>): Promise<T> =>
  vi.waitFor(check, { timeout: 60_000, interval: 10 });

type Reported =
  | { listed: string[] }
  | { reader: string; eventState: number; atr: string }
  | { lost: number }
  | 'initialised';

const card = () => ({ response: '9000' });

function watch(api: FakePcscApi, overrides: Partial<ReaderWatcherOptions> = {}) {
  const reported: Reported[] = [];
  const watcher = new ReaderWatcher(
    {
      api,
      pnpNotification: true,
      readerScanIntervalMs: 20,
      recoveryInitialDelayMs: 5,
      recoveryMaxDelayMs: 20,
      ...overrides,
    },
    {
      readersListed: (names) => reported.push({ listed: [...names] }),
      readerStateChanged: (state) =>
        reported.push({
          reader: state.reader,
          eventState: state.eventState,
          atr: Buffer.from(state.atr).toString('hex'),
        }),
      serviceLost: (code) => reported.push({ lost: code }),
      initialised: () => reported.push('initialised'),
    },
  );
  watcher.start();
  return { watcher, reported };
}

describe('ReaderWatcher', () => {
  let stopWatcher: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stopWatcher?.();
    stopWatcher = undefined;
  });

  it('lists the readers, reports each one state, then each change, feeding the counter back', async () => {
    const api = new FakePcscApi();
    api.addReader('Reader A');
    api.addReader('Reader B');
    const { watcher, reported } = watch(api);
    stopWatcher = () => watcher.stop();
    await waitFor(() => expect(api.waiting).toBe(1));
    expect(reported).toEqual([
      { listed: ['Reader A', 'Reader B'] },
      { reader: 'Reader A', eventState: 0x12, atr: '' },
      { reader: 'Reader B', eventState: 0x12, atr: '' },
      'initialised',
    ]);

    api.insert('Reader B', card);
    await waitFor(() => expect(reported).toHaveLength(5));
    expect(reported[4]).toEqual({ reader: 'Reader B', eventState: 0x1_0022, atr: '3b80800101' });
    // The next wait passes every state back whole, the event counter included.
    await waitFor(() =>
      expect(api.calls.at(-1)).toBe(
        'wait \\\\?PnP?\\Notification=20000 Reader A=10 Reader B=10022',
      ),
    );
  });

  it('reports a card pulled out and another put in between two answers (counter +2)', async () => {
    const api = new FakePcscApi();
    api.addReader('Reader A');
    api.insert('Reader A', card);
    const { watcher, reported } = watch(api);
    stopWatcher = () => watcher.stop();
    await waitFor(() => expect(reported).toContain('initialised'));
    api.setSlot('Reader A', 0x20, Uint8Array.of(0x3b, 0x00), card, 2);
    await waitFor(() =>
      expect(reported.at(-1)).toEqual({ reader: 'Reader A', eventState: 0x3_0022, atr: '3b00' }),
    );
  });

  it('lists again when the PnP reader says a reader was plugged in or out', async () => {
    const api = new FakePcscApi();
    const { watcher, reported } = watch(api);
    stopWatcher = () => watcher.stop();
    await waitFor(() => expect(api.waiting).toBe(1));
    expect(reported).toEqual([{ listed: [] }, 'initialised']);
    api.addReader('Reader A');
    await waitFor(() =>
      expect(reported.slice(2)).toEqual([
        { listed: ['Reader A'] },
        { reader: 'Reader A', eventState: 0x12, atr: '' },
      ]),
    );
    api.removeReader('Reader A');
    await waitFor(() => expect(reported.at(-1)).toEqual({ listed: [] }));
  });

  it('re-establishes the context with backoff when the service goes away and comes back', async () => {
    const api = new FakePcscApi();
    api.addReader('Reader A');
    const { watcher, reported } = watch(api);
    stopWatcher = () => watcher.stop();
    await waitFor(() => expect(api.waiting).toBe(1));
    api.setRunning(false);
    await waitFor(() =>
      expect(
        reported.filter((entry) => typeof entry === 'object' && 'lost' in entry).length,
      ).toBeGreaterThanOrEqual(2),
    );
    expect(reported[3]).toEqual({ lost: SCARD.F_COMM_ERROR });
    expect(reported[4]).toEqual({ lost: SCARD.E_NO_SERVICE });
    const attempts = api.calls.filter((call) => call === 'establish').length;
    api.setRunning(true);
    await waitFor(() =>
      expect(reported.at(-1)).toEqual({ reader: 'Reader A', eventState: 0x12, atr: '' }),
    );
    expect(api.calls.filter((call) => call === 'establish').length).toBeGreaterThan(attempts);
    expect(reported.filter((entry) => entry === 'initialised')).toHaveLength(1);
  });

  it('reports the service missing at start as initialised, then recovers', async () => {
    const api = new FakePcscApi();
    api.addReader('Reader A');
    api.setRunning(false);
    const { watcher, reported } = watch(api);
    stopWatcher = () => watcher.stop();
    await waitFor(() =>
      expect(reported.slice(0, 2)).toEqual([{ lost: SCARD.E_NO_SERVICE }, 'initialised']),
    );
    api.setRunning(true);
    await waitFor(() => expect(reported).toContainEqual({ listed: ['Reader A'] }));
  });

  it('re-lists on a timer where there is no PnP notification', async () => {
    const api = new FakePcscApi();
    const { watcher, reported } = watch(api, { pnpNotification: false });
    stopWatcher = () => watcher.stop();
    await waitFor(() => expect(reported).toContain('initialised'));
    api.addReader('Reader A');
    await waitFor(() => expect(reported).toContainEqual({ listed: ['Reader A'] }));
    expect(api.calls.some((call) => call.includes('PnP'))).toBe(false);
  });

  it('stops: cancels the wait in flight and releases its context', async () => {
    const api = new FakePcscApi();
    api.addReader('Reader A');
    const { watcher } = watch(api);
    await waitFor(() => expect(api.waiting).toBe(1));
    await watcher.stop();
    expect(api.waiting).toBe(0);
    expect(api.calls.slice(-2)).toEqual(['cancel 1', 'release 1']);
  });
});
