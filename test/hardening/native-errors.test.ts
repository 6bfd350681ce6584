import { loadDemoCard } from '@nhicard/native';
import { describeNativeError, type SectionId } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { CODE_HINTS } from './support/code-hints.js';
import {
  CLEAN_INSERTION,
  endedByFault,
  eventsSince,
  expectRecovered,
  FAULT_BROKER_OPTIONS,
  faultServerPerTest,
  topicsSince,
} from './support/fault-server.js';

const start = faultServerPerTest();

/** A deadline far beyond any scheduling delay, for tests where it must never fire. */
const NEVER_MS = 60_000;

/** A csHIS code as the catalog has it: the protocol code and both languages' messages. */
interface NativeFailure {
  code: number;
  protocolCode: string;
  english: string;
  zh: string;
}

/** The wire error for a csHIS code the simulator returned while reading `section`. */
function nativeError(section: SectionId, { code, protocolCode, english, zh }: NativeFailure) {
  return {
    code: protocolCode,
    message: `read ${section}: ${english}`,
    retryable: true,
    native: { source: 'simulator', code, message: zh },
    // The catalog's advice for this csHIS code wins over the protocol code's own.
    hint: describeNativeError('cshis', code).hintEn,
    hintZh: describeNativeError('cshis', code).hintZh,
  };
}

/** 5015, as the catalog has it: a failed read, worth another try. */
const READ_FAILED: NativeFailure = {
  code: 5015,
  protocolCode: 'CARD_ERROR',
  english: 'Failed to read the "outpatient prescriptions".',
  zh: '「門診處方箋」讀取失敗。',
};

describe('native errors at every step of a read', () => {
  it('detection: a card that is not an NHI card gives card.inserted then NOT_AN_NHI_CARD; the next card is read', async () => {
    const { sim, client, adult } = await start();
    const from = client.messages.length;
    sim.insert('sim-0', await loadDemoCard('not-nhi'));
    await client.waitForEvent('card.error', from);
    expect(eventsSince(client, from)).toStrictEqual([
      { topic: 'card.inserted', data: { presence: 'not-nhi-card', insertion: 'insertion-1' } },
      {
        topic: 'card.error',
        data: {
          error: {
            code: 'NOT_AN_NHI_CARD',
            message: 'The card in the reader is not an NHI card.',
            retryable: false,
            ...CODE_HINTS.NOT_AN_NHI_CARD,
          },
          insertion: 'insertion-1',
        },
      },
    ]);
    const next = client.messages.length;
    sim.swap('sim-0', adult);
    await client.waitForRead(next);
    expect(topicsSince(client, next)).toStrictEqual(['card.removed', ...CLEAN_INSERTION]);
  });

  it('SAM authentication: a card still not ready after settleMs gives TIMEOUT, then is read once it is', async () => {
    const { sim, faults, client, adult } = await start();
    // Authentication ends when the test says, after the broker's 300 ms settle timeout fired.
    faults.samPending = true;
    const from = client.messages.length;
    sim.insert('sim-0', adult);
    await client.waitForEvent('card.error', from);
    faults.samPending = false;
    await client.waitForRead(from);
    expect(eventsSince(client, from).slice(0, 2)).toStrictEqual([
      { topic: 'card.inserted', data: { presence: 'not-ready', insertion: 'insertion-1' } },
      {
        topic: 'card.error',
        data: {
          error: {
            code: 'TIMEOUT',
            message: 'The card did not become ready within 300 ms (SAM authentication).',
            retryable: true,
            ...CODE_HINTS.TIMEOUT,
          },
          insertion: 'insertion-1',
        },
      },
    ]);
    expect(topicsSince(client, from).slice(2)).toStrictEqual([
      'card.reading',
      'card.read',
      'card.reading',
      'card.read',
    ]);
  });

  it.each(['basic', 'insurance'] as const)(
    'the automatic read of %s fails with a native code: card.error for it, the rest is read, and the next insertion is clean',
    async (failing) => {
      const { sim, client, adult } = await start();
      sim.injectFailure('sim-0', {
        section: failing,
        failure: { kind: 'code', code: READ_FAILED.code },
      });
      const from = client.messages.length;
      sim.insert('sim-0', adult);
      await client.waitForRead(from);
      const error = nativeError(failing, READ_FAILED);
      const events = eventsSince(client, from);
      expect(events.map((event) => event.topic)).toStrictEqual([
        'card.inserted',
        'card.reading',
        // Basic decoded is published at once (a partial card.read); a failed section is not.
        ...(failing === 'basic'
          ? ['card.error', 'card.reading']
          : ['card.read', 'card.reading', 'card.error']),
        'card.read',
      ]);
      expect(events.find((event) => event.topic === 'card.error')?.data).toStrictEqual({
        error,
        section: failing,
        insertion: 'insertion-1',
      });
      const read = events[events.length - 1]?.data as { sections: object; errors: object };
      expect(Object.keys(read.sections)).toStrictEqual([
        failing === 'basic' ? 'insurance' : 'basic',
      ]);
      expect(read.errors).toStrictEqual({ [failing]: error });
      // Not cached: asking again reads the card again, and it works now.
      expect(await client.request('card.read', { sections: [failing] })).toMatchObject({
        ok: true,
        result: { sections: { [failing]: expect.any(Object) } },
      });
      const next = client.messages.length;
      sim.remove('sim-0');
      sim.insert('sim-0', adult);
      await client.waitForRead(next);
      expect(topicsSince(client, next)).toStrictEqual(['card.removed', ...CLEAN_INSERTION]);
    },
  );

  it('a requested read fails at each section in turn: that section in errors, the others read; all failing is an error response', async () => {
    const { sim, client, insertAdult } = await start();
    await insertAdult();
    const sections = ['insuranceBrief', 'vaccinations', 'emergencyPhone'] as const;
    for (const failing of sections) {
      sim.injectFailure('sim-0', {
        section: failing,
        failure: { kind: 'code', code: READ_FAILED.code },
      });
      const response = await client.request('card.read', { sections: [...sections], fresh: true });
      expect(response).toMatchObject({ ok: true });
      const result = (response as { result: { sections: object; errors: object } }).result;
      expect(Object.keys(result.sections).sort()).toStrictEqual(
        sections.filter((section) => section !== failing).sort(),
      );
      expect(result.errors).toStrictEqual({ [failing]: nativeError(failing, READ_FAILED) });
    }
    sim.injectFailure('sim-0', {
      failure: { kind: 'code', code: READ_FAILED.code },
      times: 'always',
    });
    expect(
      await client.request('card.read', { sections: ['vaccinations'], fresh: true }),
    ).toStrictEqual({
      type: 'response',
      id: expect.any(Number),
      ok: false,
      error: nativeError('vaccinations', READ_FAILED),
    });
    sim.clearFailures();
    expect(
      await client.request('card.read', { sections: [...sections], fresh: true }),
    ).toMatchObject({
      ok: true,
      result: { sections: { insuranceBrief: {}, vaccinations: {}, emergencyPhone: {} } },
    });
  });

  it.each([
    ['none', 5105, '原 PIN 碼尚未通過認證', 'The current PIN has not been verified yet'],
    [
      'wrong',
      5102,
      '使用者所輸入之 pin 值，與卡上之 pin 值不合',
      'The PIN entered does not match the PIN on the card',
    ],
    ['cancel', 5109, '密碼輸入過程按『取消』鍵', 'Cancel was pressed during PIN entry'],
  ] as const)(
    'the PIN step (PIN pad answers %s): PIN_REQUIRED with the native code, then the read works with the right PIN',
    async (answer, code, zh, english) => {
      const { sim, client } = await start();
      // A fixed PIN pad answer instead of the prompt, so the automatic read does not wait.
      sim.setPinEntry('sim-0', answer);
      sim.insert('sim-0', await loadDemoCard('pin-set'));
      await client.waitForRead();
      expect(await client.request('card.read', { sections: ['prevent'] })).toStrictEqual({
        type: 'response',
        id: expect.any(Number),
        ok: false,
        error: nativeError('prevent', { code, protocolCode: 'PIN_REQUIRED', english, zh }),
      });
      sim.setPinEntry('sim-0', 'correct');
      expect(await client.request('card.read', { sections: ['prevent'] })).toMatchObject({
        ok: true,
        result: { sections: { prevent: expect.any(Object) } },
      });
    },
  );

  it('the HPC step: HPC_REQUIRED (4014) without a health-professional card, then the read works with one', async () => {
    const { sim, client, insertAdult } = await start();
    await insertAdult();
    expect(await client.request('card.read', { sections: ['allergies'] })).toStrictEqual({
      type: 'response',
      id: expect.any(Number),
      ok: false,
      error: nativeError('allergies', {
        code: 4014,
        protocolCode: 'HPC_REQUIRED',
        english: 'No health-professional card inserted',
        zh: '未置入醫事人員卡',
      }),
    });
    sim.setHpcInserted('sim-0', true);
    expect(await client.request('card.read', { sections: ['allergies'] })).toMatchObject({
      ok: true,
    });
  });

  it('the card pulled out during a read: CARD_REMOVED for the request and card.removed; a new insertion is read', async () => {
    const { sim, client, adult, insertAdult } = await start();
    await insertAdult();
    sim.injectFailure('sim-0', {
      section: 'vaccinations',
      failure: { kind: 'remove-card', afterMs: 20 },
    });
    const from = client.messages.length;
    expect(await client.request('card.read', { sections: ['vaccinations'] })).toStrictEqual({
      type: 'response',
      id: expect.any(Number),
      ok: false,
      error: {
        code: 'CARD_REMOVED',
        message: 'the card left sim-0 while vaccinations was read',
        retryable: true,
        ...CODE_HINTS.CARD_REMOVED,
      },
    });
    await client.waitForEvent('card.removed', from);
    const next = client.messages.length;
    sim.insert('sim-0', adult);
    await client.waitForRead(next);
    expect(topicsSince(client, next)).toStrictEqual(CLEAN_INSERTION);
    expect(await client.request('card.read', { sections: ['vaccinations'] })).toMatchObject({
      ok: true,
    });
  });

  it('the reader failing during a read: the poll sees it, the insertion ends with READER_ERROR for the read, and the slot recovers when the fault clears', async () => {
    // The read is held in flight while the reader fails: its deadline may never end it first.
    const { sim, faulty, client, insertAdult } = await start(
      {},
      { deadlines: { ...FAULT_BROKER_OPTIONS.deadlines, readMs: NEVER_MS } },
    );
    await insertAdult();
    const held = faulty.holdNextRead();
    const from = client.messages.length;
    const reading = client.request('card.read', { sections: ['vaccinations'] });
    await held.reached;
    // The simulator's status is no device call: the next poll sees the fault during the read.
    sim.setReaderFault('sim-0', 4000);
    await client.waitForEvent('card.error', from);
    // The insertion ended while the read was held: let it reach the simulator, which refuses it
    // with the insertion's end.
    held.release();
    expect(await reading).toMatchObject({
      ok: false,
      error: { code: 'READER_ERROR', message: 'The reader reported an error.' },
    });
    expect(eventsSince(client, from)).toStrictEqual(
      endedByFault('READER_ERROR', 'The reader reported an error.'),
    );
    sim.setReaderFault('sim-0', null);
    await expectRecovered(client, from);
  });
});
