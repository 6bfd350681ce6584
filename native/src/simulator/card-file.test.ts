import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardFile, loadCardFile, parseCardFile } from './card-file.js';
import { CardFileError } from './card-file-error.js';
import { SMALL_CARD_FILE } from './simulator.test-helpers.js';
import { createSimulatorDriver } from './simulator-driver.js';

const FILE = 'cards/test.json';
const BASIC = SMALL_CARD_FILE.sections.basic;
const { layout: _layout, emergencyPhone: _phone, ...HOLDER } = BASIC;

/** The message `parseCardFile` throws for `json`, checking it is a CardFileError. */
function errorOf(json: unknown): { message: string; field: string } {
  try {
    parseCardFile(json, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(CardFileError);
    const { message, field } = error as CardFileError;
    return { message, field };
  }
  throw new Error('the card file was accepted');
}

const withBasic = (changes: Record<string, unknown>, drop?: string): unknown => {
  const basic: Record<string, unknown> = { ...BASIC, ...changes };
  if (drop) delete basic[drop];
  return { sections: { basic } };
};

describe('card files: accepted shapes', () => {
  it('builds a card from section values, with description, kind and PIN', () => {
    const card = parseCardFile({ ...SMALL_CARD_FILE, pin: '0000' }, FILE);
    expect([card.source, card.description, card.kind, card.pin]).toStrictEqual([
      FILE,
      'test card',
      'nhi',
      '0000',
    ]);
    expect([...card.sections.keys()]).toStrictEqual(['basic']);
  });

  it('returns a raw-hex section byte for byte, even one that does not decode', async () => {
    // 72 bytes the basic decoder refuses (0xFF is not Big5 or ASCII): replayed unchanged.
    const dump = `${'30'.repeat(12)}ff${'20'.repeat(59)}`;
    const vaccinations = `${'41'.repeat(35)}${'20'.repeat(1365)}`;
    const card = parseCardFile({ rawSections: { basic: dump, vaccinations } }, FILE);
    const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
    driver.insert('sim-0', card);
    expect(Buffer.from(await driver.read('sim-0', 'basic')).toString('hex')).toBe(dump);
    expect(Buffer.from(await driver.read('sim-0', 'vaccinations')).toString('hex')).toBe(
      vaccinations,
    );
  });

  it('accepts spaces between the hex bytes and record sections of whole records', () => {
    const allergy = Buffer.from('PENICILLIN'.padEnd(40, ' ')).toString('hex');
    const card = parseCardFile(
      {
        rawSections: { basic: '20 '.repeat(72), allergies: allergy + allergy },
      },
      FILE,
    );
    expect(card.sections.get('basic')).toStrictEqual(new Uint8Array(72).fill(0x20));
    expect(card.sections.get('allergies')).toHaveLength(80);
  });
});

describe('card files: errors name the file and the field', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [], `${FILE}: must hold a JSON object`],
    [
      'unknown top-level field',
      { ...SMALL_CARD_FILE, sectons: {} },
      `${FILE}: sectons: unknown field (known: description, cardType, pin, sections, rawSections)`,
    ],
    ['bad card type', { cardType: 'bank' }, `${FILE}: cardType: must be "nhi" or "not-nhi"`],
    [
      'bad PIN',
      { ...SMALL_CARD_FILE, pin: 1234 },
      `${FILE}: pin: must be a string of 4 to 12 digits, or null`,
    ],
    [
      'unknown section',
      { sections: { photo: {} } },
      `${FILE}: sections.photo: unknown section (known: ${[
        'basic',
        'insurance',
        'insuranceBrief',
        'prevent',
        'pregnancy',
        'treatments',
        'treatmentsHpc',
        'criticalIllness',
        'cumulative',
        'vaccinations',
        'organDonation',
        'emergencyPhone',
        'lastVisitSeq',
        'prescriptions',
        'longTermPrescriptions',
        'importantOrders',
        'allergies',
      ].join(', ')})`,
    ],
    [
      'no basic data',
      { sections: {} },
      `${FILE}: sections.basic: missing: an NHI card always has basic data`,
    ],
    [
      'a not-nhi card with data',
      { cardType: 'not-nhi', sections: { basic: BASIC } },
      `${FILE}: sections: a card that is not an NHI card holds no NHI data`,
    ],
    ['missing field', withBasic({}, 'sexRaw'), `${FILE}: sections.basic.sexRaw: missing`],
    [
      'wrong JSON type',
      withBasic({ cardNumber: 12 }),
      `${FILE}: sections.basic.cardNumber: must be a string or null, got number`,
    ],
    [
      'section value not an object',
      { sections: { basic: 'A123456789' } },
      `${FILE}: sections.basic: must be an object, got string`,
    ],
    [
      'unknown field in a section',
      withBasic({ nickname: '小明' }),
      `${FILE}: sections.basic.nickname: is not a field of this section (or does not apply to its value)`,
    ],
    [
      'decoded value disagrees with its raw companion',
      withBasic({ sexRaw: 'F' }),
      `${FILE}: sections.basic.sex: is "male" in the card file, but its bytes decode as "female"`,
    ],
    [
      'invalid ISO date',
      withBasic({ birthDate: '1990-02-30' }),
      `${FILE}: sections.basic.birthDate: 1990-02-30 is not a calendar date`,
    ],
    [
      'text too long for its field',
      withBasic({ name: '王小明王小明王小明王小明' }),
      `${FILE}: sections.basic.name: text needs 24 bytes, the field holds 20`,
    ],
    [
      'the PC/SC layout',
      withBasic({ layout: 'pcsc', cancelled: null, cancelFlagRaw: null, emergencyPhone: null }),
      `${FILE}: sections.basic: encodes to 57 bytes, but csHIS.dll returns 72`,
    ],
    [
      'insurance that does not repeat basic',
      {
        sections: {
          basic: BASIC,
          insurance: {
            ...HOLDER,
            idNumber: 'A223456788',
            insurerCode: '01',
            insuredStatus: null,
            insuredStatusRaw: '',
            cardExpiryDate: null,
            visitsLeft: 6,
            newbornBirthDate: null,
            newbornMultipleBirthMark: '',
          },
        },
      },
      `${FILE}: sections.insurance.idNumber: differs from basic in idNumber (insurance repeats bytes 0–57 of basic)`,
    ],
    [
      'record in a slot that does not exist',
      {
        sections: {
          basic: BASIC,
          vaccinations: {
            vaccinations: [
              {
                slot: 40,
                vaccineCode: 'FLU',
                vaccinationDate: '2025-10-15',
                hospitalId: '3501200000',
                lotNumber: 'A1',
              },
            ],
          },
        },
      },
      `${FILE}: sections.vaccinations.vaccinations[0]: slot 40 is outside 0–39`,
    ],
    [
      'missing field in a record',
      {
        sections: {
          basic: BASIC,
          vaccinations: {
            vaccinations: [{ vaccineCode: 'FLU', vaccinationDate: '2025-10-15', lotNumber: 'A1' }],
          },
        },
      },
      `${FILE}: sections.vaccinations.vaccinations[0].hospitalId: missing`,
    ],
    [
      'too many records',
      {
        sections: {
          basic: BASIC,
          allergies: { recordCount: 4, records: [{ allergy: '盤尼西林' }] },
        },
      },
      `${FILE}: sections.allergies.recordCount: the card holds at most 3`,
    ],
    [
      'raw hex of the wrong size',
      { rawSections: { basic: '2020' } },
      `${FILE}: rawSections.basic: must be 72 bytes, got 2`,
    ],
    [
      'raw hex that is not hex',
      { rawSections: { basic: 'zz' } },
      `${FILE}: rawSections.basic: must hold whole bytes as hex digits (e.g. "20 41")`,
    ],
    [
      'raw records that are not whole',
      { sections: { basic: BASIC }, rawSections: { allergies: '20'.repeat(41) } },
      `${FILE}: rawSections.allergies: must be whole 40-byte records, at most 3; got 41 bytes`,
    ],
    [
      'a section given twice',
      { sections: { basic: BASIC }, rawSections: { basic: '20'.repeat(72) } },
      `${FILE}: rawSections.basic: also given in sections.basic`,
    ],
  ];

  it.each(cases)('%s', (_name, json, message) => {
    expect(errorOf(json).message).toBe(message);
  });

  it('exposes the field separately', () => {
    expect(errorOf(withBasic({}, 'sexRaw')).field).toBe('sections.basic.sexRaw');
  });
});

describe('loadCardFile', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'nhicard-cards-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loads a card file from disk', async () => {
    const path = join(directory, 'small.json');
    await writeFile(path, JSON.stringify(SMALL_CARD_FILE satisfies CardFile));
    const card = await loadCardFile(path);
    expect([card.source, card.sections.get('basic')?.length]).toStrictEqual([path, 72]);
  });

  it('names the file when it is not JSON or cannot be read', async () => {
    const path = join(directory, 'broken.json');
    await writeFile(path, '{ "sections": ');
    await expect(loadCardFile(path)).rejects.toThrow(`${path}: is not valid JSON: `);
    const missing = join(directory, 'missing.json');
    await expect(loadCardFile(missing)).rejects.toThrow(`${missing}: cannot be read: ENOENT`);
  });
});
