import { DriverError } from '@nhicard/native';
import { CodedError, ERROR_CODE_LIST, type NativeErrorDetail } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { BrokerError, toBrokerError } from './broker-error.js';

describe('BrokerError hints', () => {
  it('gives the errors a page meets most a hint in English and zh-TW', () => {
    expect(new BrokerError('NO_CARD', 'No card in reader sim-0.').toWire()).toStrictEqual({
      code: 'NO_CARD',
      message: 'No card in reader sim-0.',
      retryable: true,
      hint: 'Insert the NHI card',
      hintZh: '請插入健保卡',
    });
    expect(new BrokerError('CARD_REMOVED', 'The card was removed.').toWire()).toMatchObject({
      hint: 'Insert the NHI card again and keep it in until the read ends',
      hintZh: '請重新插入健保卡，讀取完成前請勿拔卡',
    });
    expect(new BrokerError('FORBIDDEN', 'card.read needs the read scope.').toWire()).toMatchObject({
      hintZh: '此連線沒有讀取卡片資料的權限，請向資訊人員申請讀取權限',
    });
  });

  it('carries a non-empty hint pair for every code', () => {
    for (const code of ERROR_CODE_LIST) {
      const { hint, hintZh } = new BrokerError(code, 'x').toWire();
      expect(hint, code).toMatch(/\S/);
      expect(hintZh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("keeps a native code's catalog hint over the code's own", () => {
    const wire = toBrokerError(DriverError.fromCshisCode('cshis', 4013, 'read basic')).toWire();
    expect(wire).toMatchObject({
      code: 'NO_CARD',
      native: { source: 'cshis', code: 4013, message: '未置入健保 IC 卡' },
      hint: 'Insert the NHI card',
      hintZh: '請插入健保卡',
    });
  });

  it('gives a PC/SC failure (no catalog entry) its code’s hint, next to its native code', () => {
    // As the PC/SC driver reports SCARD_E_NO_SMARTCARD: a native code the catalog has no row for.
    const failure = new DriverError('NO_CARD', 'connect: No card in the reader', {
      native: { source: 'pcsc', code: 0x8010000c, message: '讀卡機中沒有卡片' },
    });
    const wire = toBrokerError(failure).toWire();
    expect(wire).toMatchObject({
      code: 'NO_CARD',
      native: { source: 'pcsc', code: 0x8010000c },
      hint: 'Insert the NHI card',
      hintZh: '請插入健保卡',
    });
  });

  it('uses a hint given by the caller only when both languages are given', () => {
    const both = new BrokerError('UNSUPPORTED', 'x', { hint: 'Use csHIS', hintZh: '請改用 csHIS' });
    expect([both.hint, both.hintZh]).toStrictEqual(['Use csHIS', '請改用 csHIS']);
    const englishOnly = new BrokerError('UNSUPPORTED', 'x', { hint: 'Use csHIS' });
    expect(englishOnly.hintZh).toBe('此讀卡方式不支援此項功能，請改用可支援的讀卡方式');
    expect(englishOnly.hint).toBe(
      'Use a driver that can do this (see the driver table in README.md)',
    );
  });

  it('never puts ABORTED on the wire: a driver call abandoned without a coded reason is BUSY', () => {
    const aborted = new DriverError('ABORTED', 'read of basic on sim-0 was aborted');
    expect(toBrokerError(aborted).toWire()).toStrictEqual({
      code: 'BUSY',
      message: 'Abandoned: read of basic on sim-0 was aborted',
      retryable: true,
      hint: 'Try again in a moment',
      hintZh: '讀卡服務忙碌中，請稍後再試',
    });
  });

  it("keeps a driver's failure as one error shape: code, retryability, native code and hints", () => {
    const failure = DriverError.fromCshisCode('simulator', 5109, 'read insurance');
    const broker = toBrokerError(failure);
    expect(broker).toBeInstanceOf(CodedError);
    const { code, message, retryable, native, hint, hintZh } = failure;
    expect(broker.toWire()).toStrictEqual({ code, message, retryable, native, hint, hintZh });
    expect(broker.toWire()).toMatchObject({
      code: 'PIN_REQUIRED',
      native: { source: 'simulator', code: 5109, message: '密碼輸入過程按『取消』鍵' },
      hintZh: '請重新操作並輸入密碼',
    });
  });

  it('gives an error from every native source a hint pair, catalogued or not', () => {
    const sources: NativeErrorDetail['source'][] = [
      'cshis',
      'vhc',
      'vhc-offline',
      'pcsc',
      'simulator',
    ];
    for (const source of sources) {
      const failure = new DriverError('READER_ERROR', 'x', {
        native: { source, code: 1, message: '讀卡機錯誤' },
      });
      const { hint, hintZh } = toBrokerError(failure);
      expect([source, hint, hintZh]).toStrictEqual([
        source,
        'Check the card reader and its cable; it recovers by itself once it answers again',
        '請檢查讀卡機與連接線，恢復後會自動重新偵測',
      ]);
    }
  });
});
