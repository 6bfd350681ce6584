import { describe, expect, it } from 'vitest';
import type { CardSectionsData } from './card-data.js';
import { jsonCodec } from './json-codec.js';
import { msgpackCodec } from './msgpack-codec.js';
import { parseOpResult } from './parse-results.js';
import type { ReaderSnapshot } from './reader-types.js';

// A fictional holder. The wire checks a section's value as plain data, not its shape, so a
// partial section stands in for a decoded one.
const SECTIONS = {
  basic: { name: '陳測安', idNumber: 'A123456789' },
  organDonation: { wish: null },
} as unknown as CardSectionsData;

const WITH_SECTIONS: ReaderSnapshot = {
  reader: { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' },
  card: { presence: 'ready', since: '2025-03-14T01:02:03.456Z', holder: { maskedName: '陳○安' } },
  sections: SECTIONS,
};

const WITHOUT_SECTIONS: ReaderSnapshot = {
  reader: { id: 'sim-1', name: 'Simulated reader 1', driver: 'simulator' },
  card: { presence: 'no-card', since: '2025-03-14T01:02:03.456Z', holder: null },
};

describe('snapshot result: cached sections per reader', () => {
  it('keeps the optional sections of a reader and leaves them out where absent', () => {
    expect(
      parseOpResult('snapshot', { seq: 7, readers: [WITH_SECTIONS, WITHOUT_SECTIONS] }),
    ).toStrictEqual({ ok: true, value: { seq: 7, readers: [WITH_SECTIONS, WITHOUT_SECTIONS] } });
  });

  it('drops section ids this version does not know, as card.read does', () => {
    const reader = { ...WITHOUT_SECTIONS, sections: { photo: { jpeg: 'x' }, basic: { a: 1 } } };
    expect(parseOpResult('snapshot', { seq: 1, readers: [reader] })).toStrictEqual({
      ok: true,
      value: { seq: 1, readers: [{ ...WITHOUT_SECTIONS, sections: { basic: { a: 1 } } }] },
    });
  });

  it('refuses sections that are not an object, naming the field', () => {
    const reader = { ...WITHOUT_SECTIONS, sections: ['basic'] };
    expect(parseOpResult('snapshot', { seq: 1, readers: [reader] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', field: 'result.readers[0].sections' },
    });
  });

  it.each([jsonCodec, msgpackCodec])('survives a round trip through $subprotocol', (codec) => {
    const message = {
      type: 'response' as const,
      id: 3,
      ok: true as const,
      result: { seq: 2, readers: [WITH_SECTIONS] },
    };
    const decoded = codec.decode(codec.encode(message));
    expect(decoded).toStrictEqual({ ok: true, value: message });
  });
});
