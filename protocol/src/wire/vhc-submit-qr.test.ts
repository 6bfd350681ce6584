import { describe, expect, it } from 'vitest';
import { MAX_QR_LENGTH } from './message-limits.js';
import { OP_REQUIRED_SCOPE } from './ops.js';
import { parseClientMessage } from './parse-client-message.js';
import { parseOpResult } from './parse-results.js';

const submit = (params: unknown) => ({ type: 'request', id: 3, op: 'vhc.submitQr', params });

function failureOf(value: unknown) {
  const result = parseClientMessage(value);
  return result.ok ? 'parsed' : result.error;
}

describe('vhc.submitQr', () => {
  it('takes a QR code with an optional reader, and needs the read scope', () => {
    expect(parseClientMessage(submit({ qr: 'VHCQR1.abc-DEF_123', reader: 'vhc-0' }))).toEqual({
      ok: true,
      message: submit({ qr: 'VHCQR1.abc-DEF_123', reader: 'vhc-0' }),
    });
    expect(parseClientMessage(submit({ qr: 'x'.repeat(MAX_QR_LENGTH) })).ok).toBe(true);
    expect(OP_REQUIRED_SCOPE['vhc.submitQr']).toBe('read');
    expect(parseOpResult('vhc.submitQr', { reader: 'vhc-0' })).toEqual({
      ok: true,
      value: { reader: 'vhc-0' },
    });
  });

  it.each([
    ['no qr', {}, 'params.qr', 'is required'],
    ['a number', { qr: 42 }, 'params.qr', 'must be a string'],
    ['an empty string', { qr: '' }, 'params.qr', 'must not be empty'],
    [
      'blanks only',
      { qr: '   ' },
      'params.qr',
      'must be the QR code text, without control characters',
    ],
    [
      "a scanner's Enter",
      { qr: 'VHCQR1.abc\r' },
      'params.qr',
      'must be the QR code text, without control characters',
    ],
    [
      'a tab',
      { qr: 'VHC\tQR' },
      'params.qr',
      'must be the QR code text, without control characters',
    ],
    [
      'one character too many',
      { qr: 'x'.repeat(MAX_QR_LENGTH + 1) },
      'params.qr',
      `must be at most ${MAX_QR_LENGTH} long`,
    ],
  ])('refuses %s without quoting the value', (_name, params, field, rule) => {
    const failure = failureOf(submit(params));
    expect(failure).toMatchObject({ code: 'BAD_REQUEST', field, id: 3 });
    const message = (failure as { message: string }).message;
    expect(message).toBe(rule);
    expect(message).not.toContain('VHCQR1');
  });
});
