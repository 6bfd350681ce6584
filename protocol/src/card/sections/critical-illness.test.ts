import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../decode-error.js';
import {
  asciiCodeArb,
  asciiFieldBytes,
  asciiHex,
  bytesOfLength,
  concatFields,
  dateFieldBytes,
  expectDecodeError,
  hex,
  isBlankRecord,
  onlyResultOrDecodeError,
  spacesHex,
} from './card-fixtures.test-helpers.js';
import {
  CRITICAL_ILLNESS_BYTES,
  type CriticalIllness,
  decodeCriticalIllness,
  encodeCriticalIllness,
} from './critical-illness.js';
import {
  asciiLikeBytes,
  dateValueArb,
  hasContent,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';

/** Read with an HPC: all six slots with codes. */
const WITH_HPC = hex(
  asciiHex('1749 '), // [0] code 174.9
  asciiHex('1120801'), // [0] start 2023-08-01
  asciiHex('1170731'), // [0] end 2028-07-31
  asciiHex('585  '), // [1] code 585
  asciiHex('1100115'), // [1] start 2021-01-15
  asciiHex('1150114'), // [1] end 2026-01-14
  asciiHex('7140 '), // [2] code 714.0
  asciiHex('1090520'), // [2] start 2020-05-20
  asciiHex('1140519'), // [2] end 2025-05-19
  asciiHex('2824 '), // [3] code 282.4
  asciiHex('1111001'), // [3] start 2022-10-01
  asciiHex('1160930'), // [3] end 2027-09-30
  asciiHex('3430 '), // [4] code 343.0
  asciiHex('1130301'), // [4] start 2024-03-01
  asciiHex('1180228'), // [4] end 2029-02-28
  asciiHex('340  '), // [5] code 340
  asciiHex('1140701'), // [5] start 2025-07-01
  asciiHex('1190630'), // [5] end 2030-06-30
);

const WITH_HPC_DECODED: CriticalIllness = {
  criticalIllnesses: [
    {
      slot: 0,
      code: '1749',
      startDate: '2023-08-01',
      startDateRoc: '1120801',
      endDate: '2028-07-31',
      endDateRoc: '1170731',
    },
    {
      slot: 1,
      code: '585',
      startDate: '2021-01-15',
      startDateRoc: '1100115',
      endDate: '2026-01-14',
      endDateRoc: '1150114',
    },
    {
      slot: 2,
      code: '7140',
      startDate: '2020-05-20',
      startDateRoc: '1090520',
      endDate: '2025-05-19',
      endDateRoc: '1140519',
    },
    {
      slot: 3,
      code: '2824',
      startDate: '2022-10-01',
      startDateRoc: '1111001',
      endDate: '2027-09-30',
      endDateRoc: '1160930',
    },
    {
      slot: 4,
      code: '3430',
      startDate: '2024-03-01',
      startDateRoc: '1130301',
      endDate: '2029-02-28',
      endDateRoc: '1180228',
    },
    {
      slot: 5,
      code: '340',
      startDate: '2025-07-01',
      startDateRoc: '1140701',
      endDate: '2030-06-30',
      endDateRoc: '1190630',
    },
  ],
  warnings: [],
};

/** Read without an HPC: csHIS leaves the codes blank and fills only the dates. */
const WITHOUT_HPC = hex(
  spacesHex(5), // [0] code: blank
  asciiHex('1120801'), // [0] start 2023-08-01
  asciiHex('1170731'), // [0] end 2028-07-31
  spacesHex(19), // [1] empty slot
  spacesHex(5), // [2] code: blank
  asciiHex('1090520'), // [2] start 2020-05-20
  spacesHex(7), // [2] end: blank
  spacesHex(19 * 3), // [3]–[5] empty slots
);

describe('decodeCriticalIllness', () => {
  it('decodes all six slots with codes', () => {
    expect(WITH_HPC.length).toBe(CRITICAL_ILLNESS_BYTES);
    expect(decodeCriticalIllness(WITH_HPC)).toStrictEqual(WITH_HPC_DECODED);
  });

  it('decodes a read without an HPC as code null with the dates, leaving empty slots out', () => {
    expect(decodeCriticalIllness(WITHOUT_HPC)).toStrictEqual({
      criticalIllnesses: [
        {
          slot: 0,
          code: null,
          startDate: '2023-08-01',
          startDateRoc: '1120801',
          endDate: '2028-07-31',
          endDateRoc: '1170731',
        },
        {
          slot: 2,
          code: null,
          startDate: '2020-05-20',
          startDateRoc: '1090520',
          endDate: null,
          endDateRoc: '',
        },
      ],
      warnings: [],
    });
  });

  it('reads an all-zero or NUL card as no critical illnesses (not canonical: re-encodes with spaces)', () => {
    const bytes = hex(asciiHex('0'.repeat(19 * 3)), '00'.repeat(19 * 3)); // zeros, then NULs
    expect(decodeCriticalIllness(bytes)).toStrictEqual({ criticalIllnesses: [], warnings: [] });
    expect(encodeCriticalIllness(decodeCriticalIllness(bytes))).toStrictEqual(hex(spacesHex(114)));
  });

  it('says the 138-byte ICD-10 layout is not supported yet', () => {
    let thrown: unknown;
    try {
      decodeCriticalIllness(new Uint8Array(138));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect(thrown).toMatchObject({ section: 'criticalIllness', offset: 114 });
    expect((thrown as DecodeError).message).toContain(
      'ICD-10 layout (138 bytes) is not supported yet',
    );
  });

  it('rejects other lengths and names the offset of a byte that is not ASCII', () => {
    expectDecodeError(() => decodeCriticalIllness(new Uint8Array(113)), 'criticalIllness', 113);
    expectDecodeError(() => decodeCriticalIllness(new Uint8Array(115)), 'criticalIllness', 114);
    const bytes = WITH_HPC.slice();
    bytes[19 * 2 + 1] = 0xb0; // slot 2, second byte of the code
    expectDecodeError(() => decodeCriticalIllness(bytes), 'criticalIllness', 39);
  });
});

describe('encodeCriticalIllness', () => {
  it('writes the hand-written fixtures back byte for byte', () => {
    expect(encodeCriticalIllness(WITH_HPC_DECODED)).toStrictEqual(WITH_HPC);
    expect(encodeCriticalIllness(decodeCriticalIllness(WITHOUT_HPC))).toStrictEqual(WITHOUT_HPC);
  });

  it('writes a date given only as ISO, as a hand-written card file gives it', () => {
    const bytes = encodeCriticalIllness({
      criticalIllnesses: [
        {
          slot: 3,
          code: '1749',
          startDate: '2023-08-01',
          startDateRoc: '',
          endDate: null,
          endDateRoc: '',
        },
      ],
      warnings: [],
    });
    expect(bytes).toStrictEqual(
      hex(
        spacesHex(19 * 3),
        asciiHex('1749 '),
        asciiHex('1120801'),
        spacesHex(7),
        spacesHex(19 * 2),
      ),
    );
  });

  it('rejects a slot outside 0–5 and a code longer than 5 characters', () => {
    const [entry] = WITH_HPC_DECODED.criticalIllnesses;
    if (!entry) throw new Error('fixture has entries');
    expect(() =>
      encodeCriticalIllness({ criticalIllnesses: [{ ...entry, slot: 6 }], warnings: [] }),
    ).toThrow(RangeError);
    expect(() =>
      encodeCriticalIllness({ criticalIllnesses: [{ ...entry, code: '174.90' }], warnings: [] }),
    ).toThrow(RangeError);
  });
});

const entryArb = fc
  .tuple(fc.option(asciiCodeArb(5, 1), { nil: null }), dateValueArb, dateValueArb)
  .map(([code, start, end]) => ({
    code,
    startDate: start.iso,
    startDateRoc: start.roc,
    endDate: end.iso,
    endDateRoc: end.roc,
  }))
  .filter(hasContent);

const valueArb: fc.Arbitrary<CriticalIllness> = fc.record(
  { criticalIllnesses: slottedRecordsArb(6, entryArb), warnings: fc.constant([]) },
  { noNullPrototype: true },
);

const entryBytesArb = fc.oneof(
  fc.constant(' '.repeat(19)),
  fc
    .tuple(asciiFieldBytes(5), dateFieldBytes, dateFieldBytes)
    .map((fields) => fields.join(''))
    .filter((record) => !isBlankRecord(concatFields(record))),
);

describe('criticalIllness round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodeCriticalIllness(encodeCriticalIllness(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    const canonicalArb = fc
      .array(entryBytesArb, { minLength: 6, maxLength: 6 })
      .map((entries) => concatFields(...entries));
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodeCriticalIllness(decodeCriticalIllness(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right length give a result or a DecodeError, nothing else', () => {
    const anyOfLength = fc.oneof(
      bytesOfLength(CRITICAL_ILLNESS_BYTES),
      asciiLikeBytes(CRITICAL_ILLNESS_BYTES),
    );
    fc.assert(
      fc.property(anyOfLength, (bytes) => onlyResultOrDecodeError(decodeCriticalIllness, bytes)),
    );
  });

  it('random bytes of any other length give a DecodeError', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 300 })
          .filter((bytes) => bytes.length !== CRITICAL_ILLNESS_BYTES),
        (bytes) => {
          expectDecodeError(
            () => decodeCriticalIllness(bytes),
            'criticalIllness',
            Math.min(bytes.length, CRITICAL_ILLNESS_BYTES),
          );
        },
      ),
    );
  });
});
