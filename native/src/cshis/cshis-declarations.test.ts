import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECTIONS } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { CSHIS_DECLARATIONS, cshisDeclaration, koffiPrototype } from './cshis-declarations.js';
import { CSHIS_READ_FUNCTIONS } from './cshis-read-functions.js';

/** Every export the driver may declare: the reads of the csHIS API manual and the control calls. */
const ALLOWED = [
  'csOpenCom',
  'csCloseCom',
  'hisGetCardStatus',
  'csGetVersionEx',
  'csSoftwareReset',
  'csGetCardNo',
  'hisGetBasicData',
  'hisGetRegisterBasic',
  'hisGetRegisterBasic2',
  'hisGetRegisterPrevent',
  'hisGetRegisterPregnant',
  'hisGetTreatmentNoNeedHPC',
  'hisGetTreatmentNeedHPC',
  'hisGetCriticalIllness',
  'hisGetCumulativeData',
  'hisGetCumulativeFee',
  'hisGetInoculateData',
  'hisGetOrganDonate',
  'hisGetEmergentTel',
  'hisGetLastSeqNum',
  'csGetHospID',
  'csGetDateTime',
  'hisReadPrescriptMain',
  'hisReadPrescriptLongTerm',
  'hisReadPrescriptHVE',
  'hisReadPrescriptAllergic',
];

/**
 * Words in the names of csHIS functions that write to the card, take a visit number, or change
 * PINs (hisGetSeqNumber256, hisWriteTreatmentCode, csUpdateHCContents, csUnblockHCPIN, …).
 */
const WRITE_WORDS = /write|delete|update|seqnumber|pin|unblock|enable|disable|sign|input/i;

const here = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const isSource = /\.(ts|cjs|js)$/.test(entry.name) && !entry.name.endsWith('.test.ts');
    return isSource ? [path] : [];
  });
}

describe('csHIS declarations', () => {
  it('declare exactly the allowed reads and control calls', () => {
    expect(CSHIS_DECLARATIONS.map((declaration) => declaration.name)).toStrictEqual(ALLOWED);
  });

  it('declare no function that writes to the card or takes a visit number', () => {
    for (const { name, purpose } of CSHIS_DECLARATIONS) {
      expect(name, name).not.toMatch(WRITE_WORDS);
      expect(['control', 'read'], name).toContain(purpose);
    }
    expect(() => cshisDeclaration('hisGetSeqNumber256')).toThrow(
      'csHIS export hisGetSeqNumber256 is not declared',
    );
  });

  it('are the only csHIS exports the driver and host sources name', () => {
    const declared = new Set(CSHIS_DECLARATIONS.map((declaration) => declaration.name));
    const files = sourceFiles(here);
    expect(files.some((file) => file.endsWith('cshis-host.cjs'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const named = text.match(/\b(?:his|cs)[A-Z][A-Za-z0-9]*\b/g) ?? [];
      const undeclared = named.filter((name) => name !== 'csHIS' && !declared.has(name));
      expect(undeclared, file).toStrictEqual([]);
    }
  });

  it('give every section of the registry its export with the registry size', () => {
    for (const section of SECTIONS) {
      const { output } = cshisDeclaration(CSHIS_READ_FUNCTIONS[section.id]);
      if (section.size.kind === 'fixed') {
        expect(output, section.id).toMatchObject({ kind: 'fixed', bytes: section.size.bytes });
      } else {
        expect(output, section.id).toStrictEqual({
          kind: 'records',
          recordBytes: section.size.recordBytes,
          maxRecords: section.size.maxRecords,
        });
      }
    }
  });

  it('size the buffers of the ICD-10 capable reads for the larger layout', () => {
    expect(cshisDeclaration('hisGetTreatmentNeedHPC').params[0]).toStrictEqual({
      kind: 'buffer',
      name: 'buf',
      bytes: 540,
    });
    expect(cshisDeclaration('hisGetCriticalIllness').output).toStrictEqual({
      kind: 'fixed',
      bytes: 114,
      alternativeBytes: [138],
    });
  });

  it('turn into __stdcall koffi prototypes with 32-bit lengths', () => {
    const prototype = (name: string): string => koffiPrototype(cshisDeclaration(name));
    expect(prototype('hisGetBasicData')).toBe(
      'int __stdcall hisGetBasicData(uint8_t *buf, int32_t *len)',
    );
    expect(prototype('hisReadPrescriptMain')).toBe(
      'int __stdcall hisReadPrescriptMain(uint8_t *buf, int32_t *len, int16_t start, int16_t end, int16_t *count)',
    );
    expect(prototype('hisGetCardStatus')).toBe('int __stdcall hisGetCardStatus(int16_t cardType)');
    expect(prototype('csGetCardNo')).toBe(
      'int __stdcall csGetCardNo(int16_t cardType, uint8_t *buf, int32_t *len)',
    );
    expect(prototype('csOpenCom')).toBe('int __stdcall csOpenCom(int32_t port)');
    expect(prototype('csCloseCom')).toBe('int __stdcall csCloseCom()');
    expect(prototype('csGetVersionEx')).toBe('int __stdcall csGetVersionEx(uint8_t *path)');
  });
});
