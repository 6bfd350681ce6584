import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  asciiLikeBytes,
  dateValueArb,
  hasContent,
  slottedRecordsArb,
} from './treatment-fixtures.test-helpers.js';
import {
  decodeVaccinations,
  encodeVaccinations,
  VACCINATIONS_BYTES,
  type Vaccinations,
} from './vaccinations.js';

/** Slots 0, 1, 2, 17 and 39 filled; the rest empty (spaces). */
const CARD = hex(
  // slot 0: vaccine 6 · date 7 · hospitalId 10 · lot 12
  asciiHex('HepB1 '), // vaccine code
  asciiHex('0930101'), // date 2004-01-01
  asciiHex('3501200000'), // hospitalId
  asciiHex('AB1234      '), // lot number
  // slot 1
  asciiHex('HepB2 '), // vaccine code
  asciiHex('0930201'), // date 2004-02-01
  asciiHex('3501200000'), // hospitalId
  asciiHex('AB1299      '), // lot number
  // slot 2: lot number not recorded
  asciiHex('DTaP1 '), // vaccine code
  asciiHex('0930301'), // date 2004-03-01
  asciiHex('3501200001'), // hospitalId
  spacesHex(12), // lot number: blank
  spacesHex(35 * 14), // slots 3–16: empty
  // slot 17
  asciiHex('Flu   '), // vaccine code
  asciiHex('1131015'), // date 2024-10-15
  asciiHex('3501200002'), // hospitalId
  asciiHex('FLU-24-0099A'), // lot number: all 12 characters
  spacesHex(35 * 21), // slots 18–38: empty
  // slot 39, the last one
  asciiHex('COV19 '), // vaccine code
  asciiHex('1150105'), // date 2026-01-05
  asciiHex('3501200003'), // hospitalId
  asciiHex('C19X7       '), // lot number
);

const CARD_DECODED: Vaccinations = {
  vaccinations: [
    {
      slot: 0,
      vaccineCode: 'HepB1',
      vaccinationDate: '2004-01-01',
      vaccinationDateRoc: '0930101',
      hospitalId: '3501200000',
      lotNumber: 'AB1234',
    },
    {
      slot: 1,
      vaccineCode: 'HepB2',
      vaccinationDate: '2004-02-01',
      vaccinationDateRoc: '0930201',
      hospitalId: '3501200000',
      lotNumber: 'AB1299',
    },
    {
      slot: 2,
      vaccineCode: 'DTaP1',
      vaccinationDate: '2004-03-01',
      vaccinationDateRoc: '0930301',
      hospitalId: '3501200001',
      lotNumber: '',
    },
    {
      slot: 17,
      vaccineCode: 'Flu',
      vaccinationDate: '2024-10-15',
      vaccinationDateRoc: '1131015',
      hospitalId: '3501200002',
      lotNumber: 'FLU-24-0099A',
    },
    {
      slot: 39,
      vaccineCode: 'COV19',
      vaccinationDate: '2026-01-05',
      vaccinationDateRoc: '1150105',
      hospitalId: '3501200003',
      lotNumber: 'C19X7',
    },
  ],
  warnings: [],
};

describe('decodeVaccinations', () => {
  it('decodes the filled slots and leaves the empty ones out', () => {
    expect(CARD.length).toBe(VACCINATIONS_BYTES);
    expect(decodeVaccinations(CARD)).toStrictEqual(CARD_DECODED);
  });

  it('reads slots of zeros or NULs as empty (not canonical: re-encodes with spaces)', () => {
    const bytes = hex(
      asciiHex('HepB1 '), // slot 0: vaccine code
      asciiHex('0930101'), // date 2004-01-01
      '00'.repeat(10), // hospitalId: NULs
      '00'.repeat(12), // lot number: NULs
      asciiHex('0'.repeat(35)), // slot 1: zeros
      '00'.repeat(35 * 38), // slots 2–39: NULs
    );
    const decoded = decodeVaccinations(bytes);
    expect(decoded).toStrictEqual({
      vaccinations: [
        {
          slot: 0,
          vaccineCode: 'HepB1',
          vaccinationDate: '2004-01-01',
          vaccinationDateRoc: '0930101',
          hospitalId: '',
          lotNumber: '',
        },
      ],
      warnings: [],
    });
    expect(encodeVaccinations(decoded)).toStrictEqual(
      hex(asciiHex('HepB1 '), asciiHex('0930101'), spacesHex(22), spacesHex(35 * 39)),
    );
  });

  it('warns about an impossible date and keeps the raw text', () => {
    const bytes = hex(
      asciiHex('MMR1  '), // vaccine code
      asciiHex('1150230'), // date: 30 February
      asciiHex('3501200000'), // hospitalId
      asciiHex('M0001       '), // lot number
      spacesHex(35 * 39), // slots 1–39: empty
    );
    expect(decodeVaccinations(bytes)).toStrictEqual({
      vaccinations: [
        {
          slot: 0,
          vaccineCode: 'MMR1',
          vaccinationDate: null,
          vaccinationDateRoc: '1150230',
          hospitalId: '3501200000',
          lotNumber: 'M0001',
        },
      ],
      warnings: [
        {
          kind: 'invalid-date',
          field: 'vaccinations[0].vaccinationDate',
          message: '1150230 is not a calendar date',
          raw: '1150230',
        },
      ],
    });
  });

  it('rejects other lengths and names the offset of a byte that is not ASCII', () => {
    expectDecodeError(() => decodeVaccinations(new Uint8Array(1399)), 'vaccinations', 1399);
    expectDecodeError(() => decodeVaccinations(new Uint8Array(1435)), 'vaccinations', 1400);
    const bytes = CARD.slice();
    bytes[17 * 35 + 23] = 0xa4; // slot 17, first byte of the lot number
    expectDecodeError(() => decodeVaccinations(bytes), 'vaccinations', 17 * 35 + 23);
  });
});

describe('encodeVaccinations', () => {
  it('writes the hand-written fixture back byte for byte', () => {
    expect(encodeVaccinations(CARD_DECODED)).toStrictEqual(CARD);
  });

  it('rejects slot 40 and a lot number longer than 12 characters', () => {
    const [first] = CARD_DECODED.vaccinations;
    if (!first) throw new Error('fixture has records');
    expect(() =>
      encodeVaccinations({ vaccinations: [{ ...first, slot: 40 }], warnings: [] }),
    ).toThrow(RangeError);
    const longLot = { ...first, lotNumber: 'ABCDEFGHIJKLM' };
    expect(() => encodeVaccinations({ vaccinations: [longLot], warnings: [] })).toThrow(RangeError);
  });
});

const vaccinationArb = fc
  .tuple(asciiCodeArb(6), dateValueArb, asciiCodeArb(10), asciiCodeArb(12))
  .map(([vaccineCode, date, hospitalId, lotNumber]) => ({
    vaccineCode,
    vaccinationDate: date.iso,
    vaccinationDateRoc: date.roc,
    hospitalId,
    lotNumber,
  }))
  .filter(hasContent);

const valueArb: fc.Arbitrary<Vaccinations> = fc.record(
  { vaccinations: slottedRecordsArb(40, vaccinationArb), warnings: fc.constant([]) },
  { noNullPrototype: true },
);

const recordBytesArb = fc.oneof(
  { arbitrary: fc.constant(' '.repeat(35)), weight: 3 },
  {
    arbitrary: fc
      .tuple(asciiFieldBytes(6), dateFieldBytes, asciiFieldBytes(10), asciiFieldBytes(12))
      .map((fields) => fields.join(''))
      .filter((record) => !isBlankRecord(concatFields(record))),
    weight: 1,
  },
);

describe('vaccinations round trips', () => {
  it('decode(encode(value)) gives the value back for any valid value', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(decodeVaccinations(encodeVaccinations(value))).toStrictEqual(value);
      }),
    );
  });

  it('encode(decode(bytes)) gives the bytes back for any canonical buffer', () => {
    const canonicalArb = fc
      .array(recordBytesArb, { minLength: 40, maxLength: 40 })
      .map((records) => concatFields(...records));
    fc.assert(
      fc.property(canonicalArb, (bytes) => {
        expect(encodeVaccinations(decodeVaccinations(bytes))).toStrictEqual(bytes);
      }),
    );
  });

  it('random bytes of the right length give a result or a DecodeError, nothing else', () => {
    const anyOfLength = fc.oneof(
      bytesOfLength(VACCINATIONS_BYTES),
      asciiLikeBytes(VACCINATIONS_BYTES),
    );
    fc.assert(
      fc.property(anyOfLength, (bytes) => onlyResultOrDecodeError(decodeVaccinations, bytes)),
    );
  });

  it('random bytes of any other length give a DecodeError', () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ maxLength: 2 * VACCINATIONS_BYTES })
          .filter((bytes) => bytes.length !== VACCINATIONS_BYTES),
        (bytes) => {
          expectDecodeError(
            () => decodeVaccinations(bytes),
            'vaccinations',
            Math.min(bytes.length, VACCINATIONS_BYTES),
          );
        },
      ),
    );
  });
});
