import { describe, expect, it } from 'vitest';
import { maskPersonalData, scrubIdNumbers } from './mask-personal-data.js';
import { PersonalValueMemory } from './personal-value-memory.js';

describe('scrubIdNumbers', () => {
  it('masks every ID-number-like run, citizen and resident forms, wherever it is', () => {
    expect(scrubIdNumbers('card A123456789 in sim-0; resident F800123455, old AC01234567')).toBe(
      'card A12*****89 in sim-0; resident F80*****55, old AC0*****67',
    );
    expect(scrubIdNumbers('id=b223456782.')).toBe('id=b22*****82.');
  });

  it('leaves runs that are part of something longer, and other text, alone', () => {
    expect(scrubIdNumbers('XA123456789 A1234567890 000012345678 seq 1234567890')).toBe(
      'XA123456789 A1234567890 000012345678 seq 1234567890',
    );
  });
});

describe('maskPersonalData', () => {
  it('masks a decoded basic section under its usual keys', () => {
    expect(
      maskPersonalData({
        reader: 'sim-0',
        basic: {
          cardNumber: '000012345678',
          name: '林堃',
          nameRawHex: 'aa4cfb6920202020202020202020202020202020',
          idNumber: 'B223456782',
          birthDate: '1996-02-28',
          birthDateRoc: '0850228',
          sex: 'male',
          warnings: [
            {
              kind: 'non-standard-char',
              field: 'name',
              message: 'name holds 堃 (FB 69) outside standard Big5',
              raw: 'aa4cfb69',
            },
            { kind: 'invalid-date', field: 'issueDate', message: 'not a date', raw: '1150230' },
          ],
        },
      }),
    ).toEqual({
      reader: 'sim-0',
      basic: {
        cardNumber: '000012345678',
        name: '林○',
        nameRawHex: '****************************************',
        idNumber: 'B22*****82',
        birthDate: '1996-**-**',
        birthDateRoc: '085****',
        sex: 'male',
        warnings: [
          {
            kind: 'non-standard-char',
            field: 'name',
            message: '[withheld: about a personal field]',
            raw: '********',
          },
          { kind: 'invalid-date', field: 'issueDate', message: 'not a date', raw: '1150230' },
        ],
      },
    });
  });

  it('keeps reader names, masks phones and hides bytes', () => {
    expect(
      maskPersonalData({
        reader: { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' },
        readers: [{ id: 'sim-1', name: 'Simulated reader 1' }],
        emergencyPhone: { phone: '0912-345-678' },
        bytes: new Uint8Array(72),
        holderName: 'WANG HSIAO MING',
      }),
    ).toEqual({
      reader: { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' },
      readers: [{ id: 'sim-1', name: 'Simulated reader 1' }],
      emergencyPhone: { phone: '****-***-*78' },
      bytes: '[72 bytes]',
      holderName: 'W*** ***** ***G',
    });
  });

  it('flattens errors with their fields and cause, masked', () => {
    const cause = new Error('card A123456789 was pulled');
    const error = Object.assign(new Error('read of basic failed for A123456789', { cause }), {
      code: 'CARD_REMOVED',
    });
    error.stack = 'Error: read of basic failed for A123456789\n    at test';
    cause.stack = undefined;
    expect(maskPersonalData({ err: error })).toEqual({
      err: {
        type: 'Error',
        message: 'read of basic failed for A12*****89',
        code: 'CARD_REMOVED',
        stack: 'Error: read of basic failed for A12*****89\n    at test',
        cause: { type: 'Error', message: 'card A12*****89 was pulled' },
      },
    });
  });

  it('cuts cycles instead of recursing forever', () => {
    const looped: Record<string, unknown> = { idNumber: 'A123456789' };
    looped.self = looped;
    expect(maskPersonalData(looped)).toEqual({ idNumber: 'A12*****89', self: '[circular]' });
  });
});

describe('maskPersonalData with a memory', () => {
  it('masks remembered values in any string, and leaves masked values as they are', () => {
    const memory = new PersonalValueMemory();
    expect(maskPersonalData({ name: '王小明', note: 'for 王小明' }, memory)).toEqual({
      name: '王○明',
      note: 'for 王○明',
    });
    expect(maskPersonalData(['王小明 again', { birthDateRoc: '079****' }], memory)).toEqual([
      '王○明 again',
      { birthDateRoc: '079****' },
    ]);
  });

  it('forgets the least recently seen value past its capacity', () => {
    const memory = new PersonalValueMemory(2);
    memory.remember('王小明', '王○明');
    memory.remember('林志明', '林○明');
    memory.remember('王小明', '王○明');
    memory.remember('陳大文', '陳○文');
    expect(memory.scrub('王小明 林志明 陳大文')).toBe('王○明 林志明 陳○文');
  });
});
