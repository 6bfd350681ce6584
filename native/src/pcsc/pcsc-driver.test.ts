import type { CardPresence } from '@nhicard/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriverEvent } from '../card-driver.js';
import { type FakeCard, FakePcscApi, failure } from './fake-pcsc-api.test-helpers.js';
import { createPcscDriver, type PcscDriver } from './pcsc-driver.js';
import type { PcscDriverOptions } from './pcsc-driver-options.js';
import { SCARD } from './scard-codes.js';

/**
 * `vi.waitFor` with room for a loaded machine: its 1 s default fails a slow but correct run;
 * only the test's own timeout bounds the wait.
 */
const waitFor = <T>(check: () => T | Promise<T>): Promise<T> =>
  vi.waitFor(check, { timeout: 60_000, interval: 10 });

const READER = 'Reader A';
const SELECT = '00a4040010d1580000010000000000000000001100';
const READ = '00ca1100020000';
const DATA = 'ab'.repeat(57);

const nhiCard: FakeCard = (command) => ({
  response: command === SELECT ? '9000' : command === READ ? `${DATA}9000` : '6d00',
});
const bankCard: FakeCard = () => ({ response: '6a82' });

describe('createPcscDriver (on a fake PC/SC service)', () => {
  let driver: PcscDriver | undefined;
  let api: FakePcscApi;
  let events: DriverEvent[];

  function start(options: PcscDriverOptions = {}): PcscDriver {
    driver = createPcscDriver({
      api,
      settleDelayMs: 0,
      removalGraceMs: 200,
      recoveryInitialDelayMs: 5,
      recoveryMaxDelayMs: 20,
      ...options,
    });
    events = [];
    driver.watch?.((event) => events.push(event));
    return driver;
  }

  const statuses = () => events.flatMap((event) => (event.type === 'status' ? [event.status] : []));

  function setUp(): void {
    api = new FakePcscApi();
    api.addReader(READER);
  }

  /** A driver on a fresh fake service with one reader, past its first round. */
  async function started(options: PcscDriverOptions = {}): Promise<PcscDriver> {
    setUp();
    const pcsc = start(options);
    await pcsc.listReaders();
    return pcsc;
  }

  /** {@link started}, then `card` inserted and seen as `presence`. */
  async function withCard(
    card: FakeCard,
    presence: CardPresence,
    options: PcscDriverOptions = {},
  ): Promise<PcscDriver> {
    const pcsc = await started(options);
    api.insert(READER, card);
    await waitFor(() => expect(statuses().at(-1)?.presence).toBe(presence));
    return pcsc;
  }

  afterEach(async () => {
    await driver?.close();
    driver = undefined;
  });

  it('lists the readers once the first round is known; an empty slot is no-card', async () => {
    setUp();
    const pcsc = start();
    expect(pcsc.kind).toBe('pcsc');
    expect(pcsc.capabilities).toEqual({ sections: ['basic'], events: true });
    expect(await pcsc.listReaders()).toEqual([{ id: READER, name: READER }]);
    expect(await pcsc.status(READER)).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });
  });

  it('makes an inserted NHI card not-ready, classifies it, then ready; reads its 57 bytes', async () => {
    const pcsc = await withCard(nhiCard, 'ready');
    expect(statuses()).toEqual([
      { presence: 'not-ready', nativeCode: null, insertionId: 1 },
      { presence: 'ready', nativeCode: null, insertionId: 1 },
    ]);
    expect(await pcsc.status(READER)).toEqual({
      presence: 'ready',
      nativeCode: null,
      insertionId: 1,
    });
    const bytes = await pcsc.read(READER, 'basic');
    expect(Buffer.from(bytes).toString('hex')).toBe(DATA);

    api.remove(READER);
    await waitFor(() => expect(statuses().at(-1)?.presence).toBe('no-card'));
    api.insert(READER, nhiCard);
    await waitFor(() =>
      expect(statuses().at(-1)).toEqual({ presence: 'ready', nativeCode: null, insertionId: 2 }),
    );
  });

  it('classifies another card as not-nhi-card and refuses its read without asking it again', async () => {
    const pcsc = await withCard(bankCard, 'not-nhi-card');
    const transmits = api.calls.filter((call) => call.startsWith('transmit')).length;
    const error = await failure(pcsc.read(READER, 'basic'));
    expect(error.code).toBe('NOT_AN_NHI_CARD');
    expect(error.message).toBe('The card in Reader A is not an NHI card');
    expect(api.calls.filter((call) => call.startsWith('transmit'))).toHaveLength(transmits);
  });

  it('makes cards ready without reading them when classification is off', async () => {
    const pcsc = await withCard(bankCard, 'ready', { classifyCards: false });
    expect(api.calls.some((call) => call.startsWith('connect'))).toBe(false);
    expect((await failure(pcsc.read(READER, 'basic'))).code).toBe('NOT_AN_NHI_CARD');
  });

  it('reports a mute card (no ATR) as not-nhi-card with SCARD_W_UNRESPONSIVE_CARD', async () => {
    const pcsc = await started();
    api.setSlot(READER, 0x220, new Uint8Array(), nhiCard, 1);
    await waitFor(() =>
      expect(statuses().at(-1)).toEqual({
        presence: 'not-nhi-card',
        nativeCode: SCARD.W_UNRESPONSIVE_CARD,
        insertionId: 1,
      }),
    );
    const error = await failure(pcsc.read(READER, 'basic'));
    expect(error.code).toBe('CARD_ERROR');
    expect(error.native?.code).toBe(SCARD.W_UNRESPONSIVE_CARD);
  });

  it('sees a card swapped between two answers (counter +2) as a new insertion', async () => {
    await withCard(nhiCard, 'ready');
    api.setSlot(READER, 0x20, Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01), nhiCard, 2);
    await waitFor(() =>
      expect(statuses().at(-1)).toEqual({ presence: 'ready', nativeCode: null, insertionId: 2 }),
    );
    expect(statuses().map((status) => status.insertionId)).toEqual([1, 1, 2, 2]);
  });

  it('refuses other sections with UNSUPPORTED, unknown readers with NO_READER', async () => {
    setUp();
    const pcsc = start();
    const unsupported = await failure(pcsc.read(READER, 'insurance'));
    expect(unsupported.code).toBe('UNSUPPORTED');
    expect(unsupported.message).toBe(
      'PC/SC reads only the basic data: the insurance section needs csHIS.dll and a SAM',
    );
    expect((await failure(pcsc.status('Reader Z'))).code).toBe('NO_READER');
    expect((await failure(pcsc.read('Reader Z', 'basic'))).code).toBe('NO_READER');
    const noCard = await failure(pcsc.read(READER, 'basic'));
    expect(noCard.code).toBe('NO_CARD');
    expect(noCard.native).toEqual({
      source: 'pcsc',
      code: SCARD.E_NO_SMARTCARD,
      message: '讀卡機中沒有卡片',
    });
  });

  it('reports CARD_REMOVED when the card leaves during a read', async () => {
    // The grace period is far longer than any scheduling delay: the removal below ends it.
    const pcsc = await withCard(
      (command) => (command === READ ? { response: '' } : { response: '9000' }),
      'ready',
      { classifyCards: false, removalGraceMs: 60_000 },
    );
    const reading = failure(pcsc.read(READER, 'basic'));
    // The failed exchange has happened (and the driver waits for the removal it may mean):
    // then the card goes.
    await waitFor(() => expect(api.calls).toContain(`transmit ${READ}`));
    api.remove(READER);
    const error = await reading;
    expect(error.code).toBe('CARD_REMOVED');
    expect(error.message).toBe('the card left Reader A during the read');
  });

  it('rejects a read aborted by its caller with TIMEOUT or ABORTED', async () => {
    const pcsc = await withCard(nhiCard, 'ready', { classifyCards: false });
    const timeout = AbortSignal.abort(new DOMException('read timed out', 'TimeoutError'));
    const timedOut = await failure(pcsc.read(READER, 'basic', { signal: timeout }));
    expect(timedOut.code).toBe('TIMEOUT');
    expect(timedOut.message).toBe('read of basic on Reader A timed out');
    const controller = new AbortController();
    controller.abort();
    expect((await failure(pcsc.read(READER, 'basic', { signal: controller.signal }))).code).toBe(
      'ABORTED',
    );
  });

  it('detaches every reader when the service goes away and attaches them when it is back', async () => {
    const pcsc = await started();
    api.setRunning(false);
    await waitFor(() =>
      expect(events).toContainEqual({ type: 'reader-detached', readerId: READER }),
    );
    expect(await pcsc.listReaders()).toEqual([]);
    expect((await failure(pcsc.status(READER))).code).toBe('NO_READER');
    api.setRunning(true);
    await waitFor(() =>
      expect(events.filter((event) => event.type === 'reader-attached')).toHaveLength(2),
    );
    expect(await pcsc.listReaders()).toEqual([{ id: READER, name: READER }]);
  });

  it('closes: stops watching, and every later call rejects with BUSY', async () => {
    const pcsc = await started();
    await pcsc.close();
    expect(api.waiting).toBe(0);
    expect((await failure(pcsc.listReaders())).code).toBe('BUSY');
    expect((await failure(pcsc.status(READER))).code).toBe('BUSY');
    expect((await failure(pcsc.read(READER, 'basic'))).code).toBe('BUSY');
  });
});
