import { describe, expect, it } from 'vitest';
import { DriverError } from '../driver-error.js';
import { describeScardCode, formatScardCode, pcscError, scardCodeOf } from './pcsc-error.js';
import { SCARD_CODES } from './scard-codes.js';

describe('PC/SC result codes', () => {
  it('normalises 64-bit positive, 32-bit negative and bigint results to one unsigned value', () => {
    expect(scardCodeOf(2148532236)).toBe(0x8010000c);
    expect(scardCodeOf(-2146435060)).toBe(0x8010000c);
    expect(scardCodeOf(2148532236n)).toBe(0x8010000c);
    expect(scardCodeOf(0)).toBe(0);
  });

  it('formats codes as 8 hex digits', () => {
    expect(formatScardCode(0x8010000c)).toBe('0x8010000C');
    expect(formatScardCode(0)).toBe('0x00000000');
  });

  it('makes a DriverError with the protocol code, the action and the zh-TW native message', () => {
    const error = pcscError(0x8010000c, 'connect to Reader A');
    expect(error).toBeInstanceOf(DriverError);
    expect(error.code).toBe('NO_CARD');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'connect to Reader A: No card in the reader (SCARD_E_NO_SMARTCARD, 0x8010000C)',
    );
    expect(error.native).toEqual({ source: 'pcsc', code: 0x8010000c, message: '讀卡機中沒有卡片' });
  });

  it('maps the service, sharing, removal and reset codes', () => {
    const codes = [0x8010001d, 0x8010001e, 0x8010000b, 0x80100069, 0x80100068, 0x8010002e];
    expect(codes.map((code) => pcscError(code, 'x').code)).toEqual([
      'READER_ERROR',
      'READER_ERROR',
      'BUSY',
      'CARD_REMOVED',
      'BUSY',
      'NO_READER',
    ]);
  });

  it('lets the caller report a code as something more precise', () => {
    const error = pcscError(0x8010000c, 'read basic', { as: 'CARD_REMOVED' });
    expect(error.code).toBe('CARD_REMOVED');
    expect(error.native?.code).toBe(0x8010000c);
  });

  it('reports an unknown code as CARD_ERROR, keeping the number', () => {
    expect(describeScardCode(0x80100099)).toEqual({
      code: 0x80100099,
      name: 'SCARD_0x80100099',
      messageEn: 'Unknown PC/SC error 0x80100099',
      messageZh: '未知的 PC/SC 錯誤代碼 0x80100099',
      protocolCode: 'CARD_ERROR',
    });
    expect(pcscError(0x80100099, 'x').native).toEqual({
      source: 'pcsc',
      code: 0x80100099,
      message: '未知的 PC/SC 錯誤代碼 0x80100099',
    });
  });

  it('has one entry per code, each with a name and both languages', () => {
    for (const [code, entry] of SCARD_CODES) {
      expect(entry.code).toBe(code);
      expect(entry.name).toMatch(/^SCARD_[EFWPS]_[A-Z_]+$/);
      expect(entry.messageEn.length).toBeGreaterThan(0);
      expect(entry.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
