import { describe, expect, it } from 'vitest';
import { OP_REQUIRED_SCOPE } from './ops.js';
import { parseClientMessage } from './parse-client-message.js';
import { parseOpResult } from './parse-results.js';

const request = (op: string, params: unknown) => ({ type: 'request', id: 7, op, params });
const failureOf = (value: unknown) => {
  const result = parseClientMessage(value);
  return result.ok ? 'parsed' : { field: result.error.field, message: result.error.message };
};
const NOT_ORIGIN = 'must be a page origin such as https://his.example.clinic (no path, lower case)';

describe('access.* ops on the wire', () => {
  it('need admin', () => {
    expect([
      OP_REQUIRED_SCOPE['access.list'],
      OP_REQUIRED_SCOPE['access.approve'],
      OP_REQUIRED_SCOPE['access.deny'],
    ]).toStrictEqual(['admin', 'admin', 'admin']);
  });

  it.each([
    'https://his.example.clinic',
    'http://127.0.0.1:5173',
    'http://[::1]:8080',
    `https://${'a'.repeat(292)}`,
  ])('take the page origin %s', (origin) => {
    expect(parseClientMessage(request('access.deny', { origin }))).toStrictEqual({
      ok: true,
      message: request('access.deny', { origin }),
    });
  });

  it.each([
    ['null', 'null'],
    ['a file URL', 'file:///C:/his/index.html'],
    ['a path after the host', 'https://his.example.clinic/'],
    ['upper case', 'https://HIS.example.clinic'],
    ['a user name', 'https://user@his.example.clinic'],
    ['a port of six digits', 'http://localhost:123456'],
    ['a space', 'https://his.example.clinic '],
  ])('refuse %s as an origin', (_name, origin) => {
    expect(failureOf(request('access.approve', { origin }))).toStrictEqual({
      field: 'params.origin',
      message: NOT_ORIGIN,
    });
  });

  it('refuses a missing origin, an overlong one, and scopes that are not a list of scopes', () => {
    expect(failureOf(request('access.deny', {}))).toStrictEqual({
      field: 'params.origin',
      message: 'is required',
    });
    expect(failureOf(request('access.deny', { origin: `https://${'a'.repeat(293)}` }))).toEqual({
      field: 'params.origin',
      message: 'must be at most 300 long',
    });
    const approve = (scopes: unknown) =>
      failureOf(request('access.approve', { origin: 'https://a.example', scopes }));
    expect(approve([])).toStrictEqual({ field: 'params.scopes', message: 'must not be empty' });
    expect(approve(['read', 'write'])).toStrictEqual({
      field: 'params.scopes[1]',
      message: 'is not a known scope',
    });
    expect(approve(['read', 'read'])).toStrictEqual({
      field: 'params.scopes[1]',
      message: 'repeats "read"',
    });
    // admin is a scope on the wire; the broker refuses to give it to a page (BAD_REQUEST there).
    expect(approve(['admin'])).toBe('parsed');
  });

  it('validates an access.list result entry by entry', () => {
    expect(
      parseOpResult('access.list', {
        origins: [{ origin: 'https://a.example', status: 'approved', scopes: ['presence'] }],
      }),
    ).toStrictEqual({
      ok: true,
      value: {
        origins: [{ origin: 'https://a.example', status: 'approved', scopes: ['presence'] }],
      },
    });
    const bad = parseOpResult('access.list', {
      origins: [{ origin: 'https://a.example', status: 'maybe', scopes: [] }],
    });
    expect(bad.ok ? 'parsed' : bad.error.field).toBe('result.origins[0].status');
    const badTime = parseOpResult('access.list', {
      origins: [{ origin: 'https://a.example', status: 'denied', scopes: [], since: 'Tuesday' }],
    });
    expect(badTime.ok ? 'parsed' : badTime.error.field).toBe('result.origins[0].since');
  });
});
