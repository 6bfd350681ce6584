import { CodedError, ERROR_CODES, ERROR_HINTS, type WireError } from '@nhicard/protocol';
import { describe, expect, it, vi } from 'vitest';
import { refusalError } from './connect-refusal.js';
import { clientError, NhiCardError } from './nhicard-error.js';

describe('NhiCardError', () => {
  it('carries the wire error fields', () => {
    const error = NhiCardError.fromWire({
      code: 'SAM_ERROR',
      message: 'The security module failed to authenticate with the IDC',
      retryable: true,
      native: { source: 'cshis', code: 4051, message: '安全模組與 IDC 認證失敗' },
      hint: 'Check the SAM card.',
      hintZh: '請檢查安全模組卡',
    });
    expect(error).toBeInstanceOf(Error);
    expect([
      error.name,
      error.code,
      error.message,
      error.retryable,
      error.hint,
      error.hintZh,
    ]).toEqual([
      'NhiCardError',
      'SAM_ERROR',
      'The security module failed to authenticate with the IDC',
      true,
      'Check the SAM card.',
      '請檢查安全模組卡',
    ]);
    expect(error.native).toEqual({
      source: 'cshis',
      code: 4051,
      message: '安全模組與 IDC 認證失敗',
    });
    expect(error.cause).toBeUndefined();
  });

  it('keeps the cause', () => {
    const cause = new Error('socket gone');
    expect(clientError('DISCONNECTED', 'lost', cause).cause).toBe(cause);
  });

  it('is recognised by instanceof across two copies of the SDK', async () => {
    vi.resetModules();
    // A query string makes the module loader evaluate the file again: a second class object,
    // as when a page loads the SDK twice.
    const secondCopy = './nhicard-error.js?copy';
    const copy = (await import(
      /* @vite-ignore */ secondCopy
    )) as typeof import('./nhicard-error.js');
    expect(copy.NhiCardError).not.toBe(NhiCardError);
    const fromCopy = new copy.NhiCardError({ code: 'NO_CARD', message: 'x', retryable: true });
    expect(fromCopy instanceof NhiCardError).toBe(true);
    expect(
      new NhiCardError({ code: 'NO_CARD', message: 'x', retryable: true }) instanceof
        copy.NhiCardError,
    ).toBe(true);
    expect(new Error('x') instanceof NhiCardError).toBe(false);
    expect({ code: 'NO_CARD' } instanceof NhiCardError).toBe(false);
    expect((null as unknown) instanceof NhiCardError).toBe(false);
  });

  it('gives client-made codes the retryability of the protocol table', () => {
    for (const code of ['DISCONNECTED', 'ABORTED', 'TIMEOUT', 'INTERNAL', 'BAD_REQUEST'] as const) {
      expect([code, clientError(code, '').retryable]).toEqual([code, ERROR_CODES[code].retryable]);
    }
  });

  it("is the protocol's CodedError, with every field of the wire error", () => {
    const wire: WireError = {
      code: 'NO_CARD',
      message: 'No NHI IC card inserted',
      retryable: true,
      native: { source: 'cshis', code: 4013, message: '未置入健保 IC 卡' },
      hint: 'Insert the NHI card',
      hintZh: '請插入健保卡',
    };
    const error = NhiCardError.fromWire(wire);
    expect(error).toBeInstanceOf(CodedError);
    const { code, message, retryable, native, hint, hintZh } = error;
    expect({ code, message, retryable, native, hint, hintZh }).toStrictEqual(wire);
    const bare = NhiCardError.fromWire({ code: 'BUSY', message: 'x', retryable: true });
    expect([bare.native, bare.hint, bare.hintZh]).toStrictEqual([undefined, undefined, undefined]);
  });

  it("words the refusals it detects itself with the protocol's hints for their codes", () => {
    for (const code of ['LOCAL_NETWORK_DENIED', 'TLS_UNTRUSTED'] as const) {
      const { hint, hintZh } = refusalError(code);
      expect({ hint, hintZh }).toStrictEqual(ERROR_HINTS[code]);
    }
  });
});
