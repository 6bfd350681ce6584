import { readdir, readFile } from 'node:fs/promises';
import {
  checkTaiwanId,
  decodeSection,
  SECTION_IDS,
  type SectionDataMap,
  type SectionId,
} from '@nhicard/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardFile } from './card-file.js';
import {
  DEMO_CARD_IDS,
  DEMO_CARDS_DIRECTORY,
  type DemoCardId,
  demoCardPath,
  loadDemoCards,
} from './demo-cards.js';
import { normaliseSectionValue } from './section-value-normaliser.js';
import { expectDriverError } from './simulator.test-helpers.js';
import { createSimulatorDriver } from './simulator-driver.js';
import { sectionBytesOf, type VirtualCard } from './virtual-card.js';

const ascii = (text: string): string =>
  Array.from(text, (char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

let cards: ReadonlyMap<DemoCardId, VirtualCard>;
const files = new Map<DemoCardId, CardFile>();

/** Reads every section of `card` through the driver, PIN entered and HPC inserted. */
async function readAll(card: VirtualCard): Promise<Map<SectionId, Uint8Array>> {
  const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0, hpcInserted: true });
  driver.insert('sim-0', card);
  driver.setPinEntry('sim-0', 'correct');
  const bytes = new Map<SectionId, Uint8Array>();
  for (const section of SECTION_IDS) bytes.set(section, await driver.read('sim-0', section));
  await driver.close();
  return bytes;
}

async function decodedSection<K extends SectionId>(id: DemoCardId, section: K) {
  const card = cards.get(id) as VirtualCard;
  const bytes = (await readAll(card)).get(section) as Uint8Array;
  return decodeSection(section, bytes) as SectionDataMap[K];
}

beforeAll(async () => {
  cards = await loadDemoCards();
  for (const id of DEMO_CARD_IDS) {
    files.set(id, JSON.parse(await readFile(demoCardPath(id), 'utf8')) as CardFile);
  }
});

describe('demo cards', () => {
  it('ships exactly the listed cards and a README', async () => {
    const names = (await readdir(DEMO_CARDS_DIRECTORY)).sort();
    expect(names).toStrictEqual([...DEMO_CARD_IDS.map((id) => `${id}.json`), 'README.md'].sort());
  });

  it.each(DEMO_CARD_IDS.filter((id) => id !== 'not-nhi'))(
    '%s: every section read decodes back to the card file value; absent ones read blank',
    async (id) => {
      const file = files.get(id) as CardFile;
      const bytes = await readAll(cards.get(id) as VirtualCard);
      const given = file.sections ?? {};
      for (const section of SECTION_IDS) {
        const read = bytes.get(section) as Uint8Array;
        const value = given[section];
        if (value === undefined) {
          expect(read.every((byte) => byte === 0x20)).toBe(true);
          continue;
        }
        const expected = normaliseSectionValue(section, value, section, (field, reason) => {
          throw new Error(`${field}: ${reason}`);
        });
        expect(decodeSection(section, read), `${id}.${section}`).toStrictEqual(expected);
      }
    },
  );

  it('use fictional ID numbers with valid check digits and no decoder warnings but HKSCS', async () => {
    for (const id of DEMO_CARD_IDS.filter((candidate) => candidate !== 'not-nhi')) {
      const basic = await decodedSection(id, 'basic');
      expect(checkTaiwanId(basic.idNumber).valid, id).toBe(true);
      const kinds = basic.warnings.map((warning) => warning.kind);
      expect(kinds, id).toStrictEqual(id === 'hkscs-name' ? ['non-standard-char'] : []);
    }
  });

  it('adult: the basic data are exactly the csHIS bytes, field by field', async () => {
    const bytes = (await readAll(cards.get('adult') as VirtualCard)).get('basic') as Uint8Array;
    expect(hex(bytes)).toBe(
      ascii('000031415926') + // cardNumber 0:12
        `aa4ca7d3a9fa${'20'.repeat(14)}` + // name 12:20, 林志明 in Big5, space-padded
        ascii('F123456784') + // idNumber 32:10
        ascii('0740314') + // birth 42:7, ROC 74-03-14 = 1985-03-14
        ascii('M') + // sex 49:1
        ascii('1080620') + // issueDate 50:7, ROC 108-06-20
        ascii('0') + // cancelFlag 57:1
        ascii('0912345678    '), // emergencyTel 58:14
    );
  });

  it('hkscs-name: 堃 is stored as Big5 FB 69 and decodes to U+5803 with its raw hex', async () => {
    const bytes = (await readAll(cards.get('hkscs-name') as VirtualCard)).get(
      'basic',
    ) as Uint8Array;
    expect(hex(bytes.subarray(12, 32))).toBe(`b35cfb69deb3${'20'.repeat(14)}`);
    const basic = await decodedSection('hkscs-name', 'basic');
    expect(basic.name).toBe('許\u5803瑋');
    expect(basic.nameRawHex).toBe(`b35cfb69deb3${'20'.repeat(14)}`);
  });

  it('english-name: a resident-certificate holder with a Latin name', async () => {
    const basic = await decodedSection('english-name', 'basic');
    expect([basic.name, checkTaiwanId(basic.idNumber)]).toStrictEqual([
      'MILLER EMILY ROSE',
      { valid: true, kind: 'resident-new' },
    ]);
  });

  it('cancelled: the cancel flag reads as cancelled', async () => {
    const basic = await decodedSection('cancelled', 'basic');
    expect([basic.cancelled, basic.cancelFlagRaw]).toStrictEqual([true, '2']);
  });

  it('expired-critical-illness: expired, 6 critical illnesses, 6 visits', async () => {
    const insurance = await decodedSection('expired-critical-illness', 'insurance');
    expect(insurance.cardExpiryDate).toBe('2024-12-31');
    const treatments = await decodedSection('expired-critical-illness', 'treatments');
    expect(treatments.criticalIllnessValidity.map((entry) => entry.slot)).toStrictEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(treatments.visits.map((visit) => visit.slot)).toStrictEqual([0, 1, 2, 3, 4, 5]);
    const illnesses = await decodedSection('expired-critical-illness', 'criticalIllness');
    expect(illnesses.criticalIllnesses.map((entry) => entry.code)).toStrictEqual([
      '1749',
      '1530',
      '5856',
      '7140',
      '3320',
      '7100',
    ]);
  });

  it('pin-set: insurance asks for the PIN, basic does not', async () => {
    const card = cards.get('pin-set') as VirtualCard;
    expect(card.pin).toBe('246810');
    const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
    driver.insert('sim-0', card);
    expect(await driver.read('sim-0', 'basic')).toHaveLength(72);
    let prompted = 0;
    const insurance = driver.read('sim-0', 'insurance', { onPinPrompt: () => (prompted += 1) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(prompted).toBe(1);
    driver.typePin('sim-0', '246810');
    expect(hex(await insurance)).toBe(hex(sectionBytesOf(card, 'insurance')));
    driver.setPinEntry('sim-0', 'none');
    driver.swap('sim-0', card);
    await expectDriverError(driver.read('sim-0', 'insurance'), {
      code: 'PIN_REQUIRED',
      native: { code: 5105, message: '原 PIN 碼尚未通過認證' },
    });
  });

  it('not-nhi: status 9 and reads fail with 4033', async () => {
    const driver = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
    driver.insert('sim-0', cards.get('not-nhi') as VirtualCard);
    expect((await driver.status('sim-0')).nativeCode).toBe(9);
    await expectDriverError(driver.read('sim-0', 'basic'), {
      code: 'NOT_AN_NHI_CARD',
      native: { code: 4033, message: '所置入非健保 IC 卡' },
    });
  });
});
