import { ERROR_CODES, type ReaderSnapshot } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../core/broker.js';
import {
  dataViewOf,
  eventMessageFor,
  presenceError,
  readerSnapshotFor,
  readerStatusFor,
} from './scope-filter.js';

// A fictional holder.
const BASIC = { name: '陳測安', idNumber: 'A123456789', birthDate: '1990-05-17' };
const TIME = '2025-03-14T01:02:03.456Z';

function event<T extends BrokerEvent['topic']>(topic: T, data: unknown): BrokerEvent {
  return { topic, seq: 7, time: TIME, reader: 'sim-0', data } as BrokerEvent;
}

describe('dataViewOf', () => {
  it('gives the full view only with the read scope', () => {
    expect(dataViewOf(['presence'])).toBe('presence');
    expect(dataViewOf(['presence', 'admin'])).toBe('presence');
    expect(dataViewOf(new Set(['presence', 'read'] as const))).toBe('full');
  });
});

describe('presenceError', () => {
  it('never passes a decoder message (which may quote raw Big5 bytes) to presence', () => {
    const raw = {
      code: 'CARD_ERROR' as const,
      message: 'The card returned data that cannot be decoded: 0x8140 is not mapped in Big5',
      retryable: false,
      native: { source: 'cshis' as const, code: 4000, message: '讀卡機逾時' },
      hint: 'h',
      hintZh: '提示',
    };
    const shown = presenceError(raw);
    expect(shown).toStrictEqual({
      code: 'CARD_ERROR',
      message: ERROR_CODES.CARD_ERROR.when,
      retryable: false,
      native: { source: 'cshis', code: 4000, message: '讀卡機逾時' },
      hint: 'h',
      hintZh: '提示',
    });
    expect(JSON.stringify(shown)).not.toContain('8140');
    const status = readerStatusFor(
      {
        reader: { id: 'sim-0', name: 'r', driver: 'simulator' },
        card: { presence: 'ready', since: TIME, holder: null, error: raw },
      },
      'presence',
    );
    expect(JSON.stringify(status)).not.toContain('8140');
  });
});

describe('eventMessageFor', () => {
  const read = event('card.read', {
    holder: { maskedName: '陳○安', extra: 'x' },
    sections: { basic: BASIC },
    errors: { insurance: { code: 'CARD_ERROR', message: 'failed', retryable: false } },
  });

  it('passes card data to the full view', () => {
    expect(eventMessageFor(read, 'full')).toStrictEqual({
      type: 'event',
      topic: 'card.read',
      seq: 7,
      time: TIME,
      reader: 'sim-0',
      data: read.data,
    });
  });

  it('rebuilds card.read for presence from the masked holder and catalog-worded errors only', () => {
    expect(eventMessageFor(read, 'presence').data).toStrictEqual({
      holder: { maskedName: '陳○安' },
      errors: {
        insurance: { code: 'CARD_ERROR', message: ERROR_CODES.CARD_ERROR.when, retryable: false },
      },
    });
    const withoutErrors = event('card.read', { holder: null, sections: { basic: BASIC } });
    expect(eventMessageFor(withoutErrors, 'presence').data).toStrictEqual({ holder: null });
    // A partial result: the sections still to come are no card data.
    const partial = event('card.read', {
      holder: { maskedName: '陳○安' },
      sections: { basic: BASIC },
      pending: ['insurance'],
    });
    expect(eventMessageFor(partial, 'presence').data).toStrictEqual({
      holder: { maskedName: '陳○安' },
      pending: ['insurance'],
    });
  });

  it('keeps only the known fields of the other topics for presence', () => {
    const cases: [BrokerEvent, unknown][] = [
      [event('card.inserted', { presence: 'ready', basic: BASIC }), { presence: 'ready' }],
      [event('card.removed', { basic: BASIC }), {}],
      [
        event('card.reading', { section: 'basic', index: 1, total: 2, name: BASIC.name }),
        { section: 'basic', index: 1, total: 2 },
      ],
      [
        event('card.error', { error: { code: 'TIMEOUT', message: 'm', retryable: true } }),
        { error: { code: 'TIMEOUT', message: ERROR_CODES.TIMEOUT.when, retryable: true } },
      ],
      [
        event('reader.attached', { reader: { id: 'sim-0', name: 'r', driver: 'simulator' } }),
        { reader: { id: 'sim-0', name: 'r', driver: 'simulator' } },
      ],
      [event('server.shutdown', { reason: 'bye', extra: 1 }), { reason: 'bye' }],
    ];
    for (const [input, expected] of cases) {
      expect(eventMessageFor(input, 'presence').data).toStrictEqual(expected);
    }
  });
});

describe('readerSnapshotFor', () => {
  const snapshot: ReaderSnapshot = {
    reader: { id: 'sim-0', name: 'r', driver: 'simulator' },
    card: { presence: 'ready', since: TIME, holder: { maskedName: '陳○安' } },
    // Only the presence of `sections` matters here, not a decoded section's shape.
    sections: { basic: BASIC } as unknown as ReaderSnapshot['sections'],
  };

  it('keeps the sections for the full view and drops them for presence', () => {
    expect(readerSnapshotFor(snapshot, 'full')).toStrictEqual(snapshot);
    expect(readerSnapshotFor(snapshot, 'presence')).toStrictEqual({
      reader: snapshot.reader,
      card: snapshot.card,
    });
  });
});
