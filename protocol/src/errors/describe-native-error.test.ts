import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeNativeError } from './describe-native-error.js';
import { isErrorCode } from './error-codes.js';
import { findNativeError } from './native-error-catalog.js';
import {
  isNativeErrorSource,
  NATIVE_ERROR_SOURCES,
  type NativeErrorEntry,
  type NativeErrorSource,
} from './native-error-entry.js';
import { toErrorObject } from './native-error-object.js';

describe('describeNativeError', () => {
  it('describes csHIS 4013 as a missing NHI card', () => {
    expect(describeNativeError('cshis', 4013)).toEqual({
      source: 'cshis',
      code: 4013,
      messageZh: '未置入健保 IC 卡',
      messageEn: 'No NHI IC card inserted',
      category: 'card',
      retryable: true,
      protocolCode: 'NO_CARD',
      hintZh: '請插入健保卡',
      hintEn: 'Insert the NHI card',
      known: true,
    });
  });

  it('describes virtual-card 4013 as a missing virtual card, apart from csHIS 4013', () => {
    expect(describeNativeError('vhc', 4013)).toEqual({
      source: 'vhc',
      code: 4013,
      messageZh: '未置入虛擬健保卡',
      messageEn: 'No virtual NHI card presented',
      category: 'virtual-card',
      retryable: true,
      protocolCode: 'NO_CARD',
      hintZh: '請掃描就診民眾的虛擬健保卡 QRCode',
      hintEn: "Scan the patient's virtual NHI card QR code",
      known: true,
    });
  });

  it('describes csHIS 4000 as a reader timeout', () => {
    expect(describeNativeError('cshis', 4000)).toEqual({
      source: 'cshis',
      code: 4000,
      messageZh: '讀卡機 timeout',
      messageEn: 'Card reader timeout',
      category: 'reader',
      retryable: true,
      protocolCode: 'TIMEOUT',
      hintZh: '請確認讀卡機已連接並開啟後再試',
      hintEn: 'Check that the card reader is connected and switched on, then try again',
      known: true,
    });
  });

  it('describes csHIS 5102 as a wrong PIN', () => {
    expect(describeNativeError('cshis', 5102)).toEqual({
      source: 'cshis',
      code: 5102,
      messageZh: '使用者所輸入之 pin 值，與卡上之 pin 值不合',
      messageEn: 'The PIN entered does not match the PIN on the card',
      category: 'pin',
      retryable: true,
      protocolCode: 'PIN_REQUIRED',
      hintZh: '請重新輸入正確的健保卡密碼',
      hintEn: 'Enter the correct NHI card PIN',
      known: true,
    });
  });

  it('describes csHIS 9204 as a missing reader', () => {
    expect(describeNativeError('cshis', 9204)).toEqual({
      source: 'cshis',
      code: 9204,
      messageZh: '找不到讀卡機，或 PCSC 環境異常',
      messageEn: 'No card reader found, or the PC/SC environment is faulty',
      category: 'reader',
      retryable: true,
      protocolCode: 'READER_ERROR',
      hintZh: '請確認讀卡機已連接並開啟後再試',
      hintEn: 'Check that the card reader is connected and switched on, then try again',
      known: true,
    });
  });

  it('maps the codes named in the issue to their protocol codes', () => {
    const mapped = (source: NativeErrorSource, code: number) =>
      describeNativeError(source, code).protocolCode;
    expect(mapped('cshis', 4033)).toBe('NOT_AN_NHI_CARD');
    for (const code of [4014, 4042, 5141]) expect(mapped('cshis', code)).toBe('HPC_REQUIRED');
    for (const code of [5102, 5105, 5109]) expect(mapped('cshis', code)).toBe('PIN_REQUIRED');
    for (const code of [4012, 4050, 4051, 6005]) expect(mapped('cshis', code)).toBe('SAM_ERROR');
    for (const code of [4061, 9003]) expect(mapped('cshis', code)).toBe('NETWORK_ERROR');
    for (const code of [9204, 9205]) expect(mapped('cshis', code)).toBe('READER_ERROR');
    for (const code of [5002, 5003, 5023, 5033]) expect(mapped('cshis', code)).toBe('CARD_ERROR');
  });

  it('returns the same frozen catalog entry on every call', () => {
    const entry = describeNativeError('vhc-offline', 2101);
    expect(entry).toBe(findNativeError('vhc-offline', 2101));
    expect(entry).toBe(describeNativeError('vhc-offline', 2101));
    expect(Object.isFrozen(entry)).toBe(true);
  });

  it('gives a generic entry that keeps the number for an unknown code', () => {
    const entry = describeNativeError('cshis', 1234);
    expect(entry).toEqual({
      source: 'cshis',
      code: 1234,
      messageZh: '未知的錯誤代碼 1234',
      messageEn: 'Unknown error code 1234',
      category: 'unknown',
      retryable: false,
      protocolCode: 'CARD_ERROR',
      hintZh: '請記下錯誤代碼並通知資訊人員',
      hintEn: 'Note the error code and tell IT support',
      known: false,
    });
    expect(Object.isFrozen(entry)).toBe(true);
  });

  it('does not find a code under a source whose table lacks it', () => {
    expect(describeNativeError('vhc', 4000).known).toBe(false);
    expect(describeNativeError('cshis', 1001).known).toBe(false);
    expect(describeNativeError('vhc-offline', 0).known).toBe(false);
  });

  it('treats NaN, infinities, negative and fractional codes as unknown', () => {
    expect(describeNativeError('cshis', Number.NaN)).toMatchObject({
      code: Number.NaN,
      messageZh: '未知的錯誤代碼 NaN',
      known: false,
    });
    expect(describeNativeError('cshis', -4013)).toMatchObject({ code: -4013, known: false });
    expect(describeNativeError('cshis', 4013.5)).toMatchObject({
      code: 4013.5,
      messageEn: 'Unknown error code 4013.5',
      known: false,
    });
    expect(describeNativeError('vhc', Number.POSITIVE_INFINITY).known).toBe(false);
  });

  it('keeps an unknown source as given, and replaces values of the wrong type', () => {
    const cast = describeNativeError as (source: unknown, code: unknown) => unknown;
    expect(cast('pcsc', 4013)).toMatchObject({ source: 'pcsc', code: 4013, known: false });
    expect(cast(undefined, '4013')).toMatchObject({
      source: 'unknown',
      code: Number.NaN,
      known: false,
    });
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(cast(hostile, hostile)).toMatchObject({ source: 'unknown', known: false });
    expect(cast(Symbol('x'), 10n)).toMatchObject({ source: 'unknown', known: false });
  });

  it('never throws and always answers with a frozen entry, whatever it is given', () => {
    const cast = describeNativeError as (source: unknown, code: unknown) => unknown;
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (source, code) => {
        const entry = cast(source, code) as NativeErrorEntry;
        expect(Object.isFrozen(entry)).toBe(true);
        expect(isErrorCode(entry.protocolCode)).toBe(true);
        const inCatalog =
          isNativeErrorSource(source) &&
          typeof code === 'number' &&
          findNativeError(source, code) !== undefined;
        expect(entry.known).toBe(inCatalog);
      }),
    );
  });

  it('finds a code under a known source exactly when the catalog has it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NATIVE_ERROR_SOURCES),
        fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.double()),
        (source, code) => {
          const entry = describeNativeError(source, code);
          expect(entry.known).toBe(findNativeError(source, code) !== undefined);
          expect(isErrorCode(entry.protocolCode)).toBe(true);
          expect(Object.is(entry.code, code) || (entry.code === 0 && code === 0)).toBe(true);
        },
      ),
    );
  });
});

describe('toErrorObject', () => {
  const HINT_ZH_5102 = '請重新輸入正確的健保卡密碼';
  const HINT_ZH_UNKNOWN = '請記下錯誤代碼並通知資訊人員';

  it('builds the wire error object for a catalog entry: English message and hint, zh-TW beside', () => {
    expect(toErrorObject(describeNativeError('cshis', 5102))).toEqual({
      code: 'PIN_REQUIRED',
      message: 'The PIN entered does not match the PIN on the card',
      retryable: true,
      native: {
        source: 'cshis',
        code: 5102,
        message: '使用者所輸入之 pin 值，與卡上之 pin 值不合',
      },
      hint: 'Enter the correct NHI card PIN',
      hintZh: HINT_ZH_5102,
    });
  });

  it('carries the zh-TW message and hint for the counter', () => {
    expect(toErrorObject(describeNativeError('cshis', 4013))).toEqual({
      code: 'NO_CARD',
      message: 'No NHI IC card inserted',
      retryable: true,
      native: { source: 'cshis', code: 4013, message: '未置入健保 IC 卡' },
      hint: 'Insert the NHI card',
      hintZh: '請插入健保卡',
    });
  });

  it("uses the catalog's retryable, not the protocol code's default", () => {
    // CARD_ERROR is not retryable by default; a failed card write may well succeed again.
    expect(toErrorObject(describeNativeError('cshis', 5023))).toMatchObject({
      code: 'CARD_ERROR',
      retryable: true,
    });
  });

  it('keeps the number and source of an unknown code', () => {
    expect(toErrorObject(describeNativeError('vhc', 1002))).toEqual({
      code: 'CARD_ERROR',
      message: 'Unknown error code 1002',
      retryable: false,
      native: { source: 'vhc', code: 1002, message: '未知的錯誤代碼 1002' },
      hint: 'Note the error code and tell IT support',
      hintZh: HINT_ZH_UNKNOWN,
    });
  });

  it('leaves out a native part that the wire would refuse', () => {
    const cast = describeNativeError as (source: unknown, code: unknown) => NativeErrorEntry;
    expect(toErrorObject(cast('nonsense', 7))).toEqual({
      code: 'CARD_ERROR',
      message: 'Unknown error code 7',
      retryable: false,
      hint: 'Note the error code and tell IT support',
      hintZh: HINT_ZH_UNKNOWN,
    });
    expect(toErrorObject(cast('cshis', 4013.5))).not.toHaveProperty('native');
  });

  it('gives a fresh object that a caller may change without touching the catalog', () => {
    const entry = describeNativeError('cshis', 4000);
    const first = toErrorObject(entry);
    first.message = 'changed';
    expect(toErrorObject(entry).message).toBe('Card reader timeout');
    expect(entry.messageEn).toBe('Card reader timeout');
  });
});
