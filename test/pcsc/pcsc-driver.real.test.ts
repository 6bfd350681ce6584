import { DriverError } from '@nhicard/native';
import { type BasicData, decodeSection } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { ADULT_BASIC_PCSC } from '../server/card-data.test-helpers.js';
import { vpcdReaderName } from './card-host.js';
import { demoNhiCard, NOT_NHI_CARD } from './demo-card-behaviours.js';
import {
  pcscStackAvailable,
  usePcscDriver,
  usePcscStack,
  waitForSlots,
} from './pcsc-test-stack.js';
import type { ApduExchange } from './vpcd-card-connection.js';

const stack = usePcscStack();
const READER_0 = vpcdReaderName(0);
const READER_1 = vpcdReaderName(1);

const SELECT = '00a4040010d1580000010000000000000000001100';
const READ = '00ca110002' + '0000';

/** Demo card `adult` (fictional) as the PC/SC basic read decodes it. */
const ADULT_BASIC: BasicData = ADULT_BASIC_PCSC as BasicData;

/** A card the driver reads the basic data of, and a check of the APDUs that took. */
interface CardVariant {
  card: string;
  behaviour: Parameters<typeof demoNhiCard>[1];
  checkExchanges(exchanges: ApduExchange[], bytes: Uint8Array): void;
}

async function rejection(promise: Promise<unknown>): Promise<DriverError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DriverError) return error;
    throw error;
  }
  throw new Error('expected a DriverError, the call succeeded');
}

describe.runIf(pcscStackAvailable)('PC/SC driver on pcscd + vpcd with emulated NHI cards', () => {
  const pcsc = usePcscDriver({ settleDelayMs: 50 }, () => stack().removeCards());
  const { start } = pcsc;

  it('sees a card inserted and removed, and reads its basic data with the Chinese name intact', async () => {
    const events = start();
    expect(await pcsc.driver?.listReaders()).toEqual([
      { id: READER_0, name: READER_0 },
      { id: READER_1, name: READER_1 },
    ]);
    expect(await pcsc.driver?.status(READER_0)).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });

    await stack().cards.insert(0, await demoNhiCard('adult'));
    const ready = await events.waitForPresence(READER_0, 'ready');
    const insertionId = ready.insertionId;
    expect(insertionId).toBeTypeOf('number');
    expect(events.statuses(READER_0)).toEqual([
      { presence: 'not-ready', nativeCode: null, insertionId },
      { presence: 'ready', nativeCode: null, insertionId },
    ]);
    expect(await pcsc.driver?.status(READER_0)).toEqual(ready);

    const bytes = await pcsc.driver?.read(READER_0, 'basic');
    expect(bytes?.length).toBe(57);
    expect(decodeSection('basic', bytes ?? new Uint8Array())).toEqual(ADULT_BASIC);
    // The classifying read after insertion, then ours: SELECT + READ each, T=1, nothing else.
    const exchanges = await stack().cards.exchanges(0);
    const readResponse = `${Buffer.from(bytes ?? []).toString('hex')}9000`;
    expect(exchanges).toEqual([
      { command: SELECT, response: '9000' },
      { command: READ, response: readResponse },
      { command: SELECT, response: '9000' },
      { command: READ, response: readResponse },
    ]);
    expect(await stack().cards.quickAck(0)).toBe(true);

    const mark = events.events.length;
    await stack().cards.remove(0);
    expect(await events.waitForPresence(READER_0, 'no-card', { from: mark })).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });
    expect((await rejection(pcsc.driver?.read(READER_0, 'basic') ?? Promise.resolve())).code).toBe(
      'NO_CARD',
    );

    await stack().cards.insert(0, await demoNhiCard('adult'));
    const again = await events.waitForPresence(READER_0, 'ready', { from: mark });
    expect(again.insertionId).not.toBe(insertionId);
  });

  it('serves two virtual readers at once, each with its own card', async () => {
    const events = start();
    await Promise.all([
      stack().cards.insert(0, await demoNhiCard('adult')),
      stack().cards.insert(1, await demoNhiCard('hkscs-name')),
    ]);
    const [first, second] = await Promise.all([
      events.waitForPresence(READER_0, 'ready'),
      events.waitForPresence(READER_1, 'ready'),
    ]);
    expect(first.insertionId).not.toBe(second.insertionId);
    const [bytes0, bytes1] = await Promise.all([
      pcsc.driver?.read(READER_0, 'basic'),
      pcsc.driver?.read(READER_1, 'basic'),
    ]);
    expect(decodeSection('basic', bytes0 ?? new Uint8Array()).name).toBe('林志明');
    const hkscs = decodeSection('basic', bytes1 ?? new Uint8Array());
    expect(hkscs.name).toContain('堃');
    expect(hkscs.cardNumber).not.toBe(ADULT_BASIC.cardNumber);
  });

  it('reports a card that is already in the reader when the driver starts', async () => {
    await stack().cards.insert(0, await demoNhiCard('adult'));
    // pcscd sees the card at its next 400 ms poll; only then is it "already there".
    await waitForSlots('card', [READER_0]);
    const events = start();
    expect(await pcsc.driver?.listReaders()).toHaveLength(2);
    const initial = await pcsc.driver?.status(READER_0);
    expect(initial?.presence).toBe('not-ready');
    expect(initial?.insertionId).toBeTypeOf('number');
    const ready = await events.waitForPresence(READER_0, 'ready');
    expect(ready.insertionId).toBe(initial?.insertionId);
    expect(
      decodeSection('basic', (await pcsc.driver?.read(READER_0, 'basic')) ?? new Uint8Array()),
    ).toEqual(ADULT_BASIC);
  });

  it('classifies a non-NHI card as not-nhi-card and fails its read with NOT_AN_NHI_CARD', async () => {
    const events = start();
    await stack().cards.insert(0, NOT_NHI_CARD);
    const status = await events.waitForPresence(READER_0, 'not-nhi-card');
    expect(status).toEqual({
      presence: 'not-nhi-card',
      nativeCode: null,
      insertionId: status.insertionId,
    });
    const error = await rejection(pcsc.driver?.read(READER_0, 'basic') ?? Promise.resolve());
    expect(error.code).toBe('NOT_AN_NHI_CARD');
    expect(error.retryable).toBe(false);
    // Classified once; the read was refused without asking the card again.
    expect(await stack().cards.exchanges(0)).toEqual([
      { command: SELECT, response: '6a82' },
      { command: READ, response: '6a88' },
    ]);
  });

  it('finds a non-NHI card by reading when classification is off', async () => {
    const events = start({ classifyCards: false });
    await stack().cards.insert(0, NOT_NHI_CARD);
    await events.waitForPresence(READER_0, 'ready');
    const error = await rejection(pcsc.driver?.read(READER_0, 'basic') ?? Promise.resolve());
    expect(error.code).toBe('NOT_AN_NHI_CARD');
    expect(error.message).toBe(
      `The card in ${READER_0} is not an NHI card: it answered the basic-data READ with 6A 88 (SELECT: 6A 82)`,
    );
  });

  it.each<CardVariant>([
    {
      card: 'a new-generation card that answers 6D 00 to SELECT',
      behaviour: { selectAnswer: '6D00' },
      checkExchanges: (exchanges) => {
        expect(exchanges.map((exchange) => exchange.response?.slice(-4))).toEqual(['6d00', '9000']);
      },
    },
    {
      card: 'a T=0 card through 61 xx and GET RESPONSE',
      behaviour: { protocol: 'T=0' },
      checkExchanges: (exchanges, bytes) => {
        expect(exchanges).toEqual([
          { command: SELECT, response: '9000' },
          { command: READ, response: '6139' },
          { command: '00c0000039', response: `${Buffer.from(bytes).toString('hex')}9000` },
        ]);
      },
    },
  ])('reads $card', async ({ behaviour, checkExchanges }) => {
    const events = start({ classifyCards: false });
    await stack().cards.insert(0, await demoNhiCard('adult', behaviour));
    await events.waitForPresence(READER_0, 'ready');
    const bytes = (await pcsc.driver?.read(READER_0, 'basic')) ?? new Uint8Array();
    expect(decodeSection('basic', bytes)).toEqual(ADULT_BASIC);
    checkExchanges(await stack().cards.exchanges(0), bytes);
  });

  it('fails a read with CARD_REMOVED when the card is pulled out mid-APDU', async () => {
    const events = start({ classifyCards: false });
    await stack().cards.insert(0, await demoNhiCard('adult', { fault: 'disconnect-on-read' }));
    const ready = await events.waitForPresence(READER_0, 'ready');
    const ended = stack().cards.whenEnded(0);
    const error = await rejection(pcsc.driver?.read(READER_0, 'basic') ?? Promise.resolve());
    expect((await ended).reason).toBe('fault');
    expect(error.code).toBe('CARD_REMOVED');
    expect(error.retryable).toBe(true);
    expect(await pcsc.driver?.status(READER_0)).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });
    expect(events.statuses(READER_0).at(-1)).toEqual({
      presence: 'no-card',
      nativeCode: null,
      insertionId: null,
    });
    expect(ready.insertionId).toBeTypeOf('number');
  });

  it('gives up on a silent card when the caller aborts, and recovers once it is removed', async () => {
    const events = start({ classifyCards: false });
    await stack().cards.insert(0, await demoNhiCard('adult', { fault: 'silent' }));
    await events.waitForPresence(READER_0, 'ready');
    const error = await rejection(
      pcsc.driver?.read(READER_0, 'basic', { signal: AbortSignal.timeout(300) }) ??
        Promise.resolve(),
    );
    expect(error.code).toBe('TIMEOUT');
    // The other reader is not held up by the stuck one.
    await stack().cards.insert(1, await demoNhiCard('adult'));
    await events.waitForPresence(READER_1, 'ready');
    expect((await pcsc.driver?.read(READER_1, 'basic'))?.length).toBe(57);

    const mark = events.events.length;
    await stack().cards.remove(0);
    await events.waitForPresence(READER_0, 'no-card', { from: mark });
    await stack().cards.insert(0, await demoNhiCard('adult'));
    await events.waitForPresence(READER_0, 'ready', { from: mark });
    expect(
      decodeSection('basic', (await pcsc.driver?.read(READER_0, 'basic')) ?? new Uint8Array()),
    ).toEqual(ADULT_BASIC);
  });
});
