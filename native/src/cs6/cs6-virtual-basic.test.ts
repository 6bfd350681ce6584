import { decodeSection } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { DriverError } from '../driver-error.js';
import { virtualBasicBytes } from './cs6-virtual-basic.js';

/** A successful ReadBasic reply for a fictional holder, shaped as public HIS code reads it. */
const REPLY = {
  statusCode: 0,
  cardId: '000012345678',
  name: '王小明',
  idNo: 'A123456789',
  birthday: '0790517',
  sex: 'M',
  identityStatus: '1',
} as const;

function ascii(text: string): string {
  return Buffer.from(text, 'latin1').toString('hex');
}

function failure(body: unknown): DriverError {
  try {
    virtualBasicBytes(body);
  } catch (error) {
    expect(error).toBeInstanceOf(DriverError);
    return error as DriverError;
  }
  throw new Error('virtualBasicBytes accepted the reply');
}

describe('virtualBasicBytes', () => {
  it('fills the 72-byte csHIS basic layout, leaving what the reply lacks blank', () => {
    const bytes = virtualBasicBytes(REPLY);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      [
        ascii('000012345678'), // cardNumber 0:12
        'a4fda470a9fa', // name 12:20, 王小明 in Big5 ...
        '20'.repeat(14), // ... space-padded
        ascii('A123456789'), // idNumber 32:10
        ascii('0790517'), // birthDate 42:7
        ascii('M'), // sex 49:1
        '20'.repeat(7), // issueDate 50:7: not in the reply
        '20', // cancelFlag 57:1: not in the reply
        '20'.repeat(14), // emergencyPhone 58:14: not in the reply
      ].join(''),
    );
  });

  it('decodes with the basic decoder to exactly the reply values', () => {
    expect(decodeSection('basic', virtualBasicBytes(REPLY))).toStrictEqual({
      layout: 'cshis',
      cardNumber: '000012345678',
      name: '王小明',
      idNumber: 'A123456789',
      birthDate: '1990-05-17',
      birthDateRoc: '0790517',
      sex: 'male',
      sexRaw: 'M',
      issueDate: null,
      issueDateRoc: '',
      cancelled: null,
      cancelFlagRaw: '',
      emergencyPhone: '',
      warnings: [],
    });
  });

  it('trims padding the console may leave around a field', () => {
    const padded = { ...REPLY, name: ' 王小明  ', idNo: 'A123456789 ' };
    expect(virtualBasicBytes(padded)).toEqual(virtualBasicBytes(REPLY));
  });

  it.each([
    ['cardId', { cardId: '12345' }, '12 digits'],
    ['cardId', { cardId: undefined }, '12 digits'],
    ['idNo', { idNo: 'a123456789' }, 'a 10-character ID number'],
    ['birthday', { birthday: 790517 }, 'a 7-digit ROC date'],
    ['birthday', { birthday: '1990-05-17' }, 'a 7-digit ROC date'],
    ['sex', { sex: 'male' }, 'one letter or digit'],
    ['name', { name: '' }, 'a name of at most 20 bytes in Big5'],
    ['name', { name: '王'.repeat(11) }, 'a name of at most 20 bytes in Big5'],
    ['name', { name: '王😀' }, 'a name of at most 20 bytes in Big5'],
  ])('refuses a reply whose %s is %j', (field, change, rule) => {
    const error = failure({ ...REPLY, ...change });
    expect(error.code).toBe('CARD_ERROR');
    expect(error.message).toBe(
      `The CS 6.0 console's virtual-card basic data has a ${field} that is not ${rule}.`,
    );
    for (const value of Object.values(change)) {
      if (typeof value === 'string' && value !== '') expect(error.message).not.toContain(value);
    }
  });

  it('refuses a reply that is not an object', () => {
    for (const body of [null, 'text', [REPLY]]) {
      expect(failure(body).message).toBe(
        "The CS 6.0 console's virtual-card reply is not an object.",
      );
    }
  });
});
