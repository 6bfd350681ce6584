import { readFileSync } from 'node:fs';
import { SECTION_IDS, SECTIONS, type SectionInfo } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { CSHIS_READ_FUNCTIONS } from './cshis-read-functions.js';

describe('CSHIS_READ_FUNCTIONS', () => {
  it('names the export of every section, as the csHIS API manual does, and nothing else', () => {
    expect(Object.keys(CSHIS_READ_FUNCTIONS)).toStrictEqual([...SECTION_IDS]);
    expect(Object.values(CSHIS_READ_FUNCTIONS)).toStrictEqual([
      'hisGetBasicData',
      'hisGetRegisterBasic',
      'hisGetRegisterBasic2',
      'hisGetRegisterPrevent',
      'hisGetRegisterPregnant',
      'hisGetTreatmentNoNeedHPC',
      'hisGetTreatmentNeedHPC',
      'hisGetCriticalIllness',
      'hisGetCumulativeData',
      'hisGetInoculateData',
      'hisGetOrganDonate',
      'hisGetEmergentTel',
      'hisGetLastSeqNum',
      'hisReadPrescriptMain',
      'hisReadPrescriptLongTerm',
      'hisReadPrescriptHVE',
      'hisReadPrescriptAllergic',
    ]);
  });
});

// The overview table of protocol/CARD-DATA.md joins the protocol's section registry (bytes,
// needs, PC/SC) with the csHIS export of each section, so it is checked here, where both meet.
describe('the section overview of protocol/CARD-DATA.md', () => {
  const doc = readFileSync(new URL('../../../protocol/CARD-DATA.md', import.meta.url), 'utf8');

  const overviewRow = (info: SectionInfo): string => {
    const bytes =
      info.size.kind === 'fixed'
        ? String(info.size.bytes)
        : `${info.size.recordBytes} × N (N ≤ ${info.size.maxRecords})`;
    const pcsc = info.pcsc === null ? 'no' : `${info.pcsc.bytes} bytes`;
    const cshis = CSHIS_READ_FUNCTIONS[info.id];
    return `| \`${info.id}\` | \`${cshis}\` | ${bytes} | ${info.needs} | ${pcsc} |`;
  };

  it('has one row per section, exactly as the registry and the csHIS table say', () => {
    const rows = doc.split('\n').filter((line) => /^\| `\w+` \| `(his|cs)\w+` \|/.test(line));
    expect(rows).toStrictEqual(SECTIONS.map(overviewRow));
  });
});
