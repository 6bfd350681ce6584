import { describe, expect, it } from 'vitest';
import {
  formatSw,
  getResponse,
  isResponseWaiting,
  isWrongLength,
  READ_BASIC_DATA,
  SELECT_NHI_APPLET,
  splitResponse,
  withLe,
} from './nhi-apdu.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('the NHI APDUs', () => {
  it('are the SELECT and READ of the reference', () => {
    expect(hex(SELECT_NHI_APPLET)).toBe('00a4040010d1580000010000000000000000001100');
    expect(hex(READ_BASIC_DATA)).toBe('00ca1100020000');
    expect(hex(getResponse(0x39))).toBe('00c0000039');
    expect(hex(withLe(getResponse(0), 0x39))).toBe('00c0000039');
  });

  it('split a response into data and status word', () => {
    expect(splitResponse(Uint8Array.of(1, 2, 0x90, 0x00))).toEqual({
      data: Uint8Array.of(1, 2),
      sw: 0x9000,
    });
    expect(splitResponse(Uint8Array.of(0x61, 0x39))).toEqual({
      data: new Uint8Array(),
      sw: 0x6139,
    });
    expect(splitResponse(Uint8Array.of(0x90))).toBeNull();
  });

  it('recognise 61 xx and 6C xx, and format status words', () => {
    expect([isResponseWaiting(0x6139), isResponseWaiting(0x9000)]).toEqual([true, false]);
    expect([isWrongLength(0x6c39), isWrongLength(0x6d00)]).toEqual([true, false]);
    expect(formatSw(0x6a82)).toBe('6A 82');
    expect(formatSw(0x9000)).toBe('90 00');
  });
});
