import { describe, expect, it } from 'vitest';
import { EVENT_EXAMPLES, HELLO_EXAMPLE, RESULT_EXAMPLES } from './examples.test-helpers.js';
import { MAX_DATA_DEPTH, MAX_DATA_VALUES } from './message-limits.js';
import { parseOpResult } from './parse-results.js';
import { parseServerMessage } from './parse-server-message.js';

function failureOf(value: unknown) {
  const result = parseServerMessage(value);
  return result.ok ? 'parsed' : result.error;
}

const badRequest = (field: string, message: string, id: number | null = null) => ({
  code: 'BAD_REQUEST',
  field,
  message,
  id,
});

const event = EVENT_EXAMPLES['card.reading'];

describe('parseServerMessage: hello', () => {
  it.each([
    ['protocol 2', { protocol: 2 }, 'protocol', 'must be 1'],
    ['an unknown driver', { driver: 'usb' }, 'driver', 'is not a known driver'],
    ['no scopes', { scopes: [] }, 'scopes', 'must not be empty'],
    ['a repeated scope', { scopes: ['read', 'read'] }, 'scopes[1]', 'repeats "read"'],
    ['an unknown scope', { scopes: ['write'] }, 'scopes[0]', 'is not a known scope'],
    ['a negative seq', { seq: -1 }, 'seq', `must be from 0 to ${Number.MAX_SAFE_INTEGER}`],
    ['a server without version', { server: { name: 'x' } }, 'server.version', 'is required'],
    [
      'a reader without name',
      { readers: [{ id: 'a', driver: 'pcsc' }] },
      'readers[0].name',
      'is required',
    ],
  ])('refuses %s', (_name, change, field, message) => {
    expect(failureOf({ ...HELLO_EXAMPLE, ...change })).toStrictEqual(badRequest(field, message));
  });
});

describe('parseServerMessage: responses', () => {
  it('reads the id of a response that fails elsewhere', () => {
    expect(failureOf({ type: 'response', id: 4, ok: true })).toStrictEqual(
      badRequest('result', 'is required', 4),
    );
  });

  it('allows id null only on an error response', () => {
    const error = { code: 'BAD_REQUEST', message: 'bad', retryable: false };
    expect(parseServerMessage({ type: 'response', id: null, ok: false, error }).ok).toBe(true);
    expect(failureOf({ type: 'response', id: null, ok: true, result: {} })).toStrictEqual(
      badRequest('id', 'must be an integer'),
    );
  });

  it.each([
    ['an unknown code', { code: 'OOPS' }, 'error.code', 'is not a known error code'],
    ['an empty message', { message: '' }, 'error.message', 'must not be empty'],
    ['retryable as a string', { retryable: 'yes' }, 'error.retryable', 'must be true or false'],
    [
      'a native code that is not an integer',
      { native: { source: 'cshis', code: 40.13, message: 'x' } },
      'error.native.code',
      'must be an integer',
    ],
    [
      'an unknown native source',
      { native: { source: 'dll', code: 1, message: 'x' } },
      'error.native.source',
      'is not a known native source',
    ],
    ['an empty hint', { hint: '' }, 'error.hint', 'must not be empty'],
  ])('refuses an error with %s', (_name, change, field, message) => {
    const error = { code: 'NO_CARD', message: 'no card', retryable: true, ...change };
    expect(failureOf({ type: 'response', id: 2, ok: false, error })).toStrictEqual(
      badRequest(field, message, 2),
    );
  });

  it.each([
    ['a Date', { at: new Date(0) }, 'result.at', 'must be a plain object'],
    ['NaN', { list: [1, Number.NaN] }, 'result.list[1]', 'must be a finite number'],
    [
      'undefined in an array',
      { list: [undefined] },
      'result.list[0]',
      'must be plain data, not undefined',
    ],
    ['a bigint', { n: 1n }, 'result.n', 'must be plain data, not bigint'],
    ['a function', { f: () => 1 }, 'result.f', 'must be plain data, not function'],
    ['a typed array', { b: new Uint8Array(2) }, 'result.b', 'must be a plain object'],
    [
      'a __proto__ key',
      JSON.parse('{"a":{"__proto__":1}}'),
      'result.a.__proto__',
      'is not an allowed key',
    ],
  ])('refuses a result holding %s', (_name, result, field, message) => {
    expect(failureOf({ type: 'response', id: 3, ok: true, result })).toStrictEqual(
      badRequest(field, message, 3),
    );
  });

  it('refuses a result nested deeper than MAX_DATA_DEPTH without recursing further', () => {
    let deep: unknown = [];
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    const failure = failureOf({ type: 'response', id: 3, ok: true, result: deep });
    expect(failure).toStrictEqual(
      badRequest(
        `result${'[0]'.repeat(MAX_DATA_DEPTH)}`,
        `is nested deeper than ${MAX_DATA_DEPTH} levels`,
        3,
      ),
    );
  });

  it('stops copying a shared object graph after MAX_DATA_VALUES values', () => {
    let shared: unknown = {};
    for (let level = 0; level < 20; level += 1) shared = { a: shared, b: shared };
    const failure = failureOf({ type: 'response', id: 3, ok: true, result: shared });
    expect(failure).toMatchObject({
      code: 'BAD_REQUEST',
      message: `is past ${MAX_DATA_VALUES} values of data`,
    });
  });

  it('turns a revoked Proxy into a failure', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(failureOf(revocable.proxy)).toStrictEqual(
      badRequest('', 'the message could not be read'),
    );
    expect(
      failureOf({ type: 'response', id: 3, ok: true, result: { a: revocable.proxy } }),
    ).toStrictEqual(badRequest('', 'the message could not be read', 3));
  });

  it('copies the result: -0 becomes 0 and the input is not shared', () => {
    const result = { n: -0, list: [{ a: 1 }] };
    const parsed = parseServerMessage({ type: 'response', id: 1, ok: true, result });
    expect(parsed).toStrictEqual({
      ok: true,
      message: { type: 'response', id: 1, ok: true, result: { n: 0, list: [{ a: 1 }] } },
    });
    if (parsed.ok && parsed.message.type === 'response' && parsed.message.ok) {
      expect(parsed.message.result).not.toBe(result);
      expect(Object.is((parsed.message.result as { n: number }).n, 0)).toBe(true);
    }
  });
});

describe('parseOpResult', () => {
  it('refuses a result of the wrong shape for the op, under result', () => {
    const readers = [{ ...RESULT_EXAMPLES['readers.list'].readers[0], driver: 'usb' }];
    expect(parseOpResult('readers.list', { readers })).toStrictEqual({
      ok: false,
      error: badRequest('result.readers[0].driver', 'is not a known driver'),
    });
    expect(parseOpResult('ping', { time: 'yesterday' })).toStrictEqual({
      ok: false,
      error: badRequest('result.time', 'must be an ISO 8601 time such as 2025-03-14T01:02:03.456Z'),
    });
    expect(parseOpResult('card.status', null)).toStrictEqual({
      ok: false,
      error: badRequest('result', 'must be an object'),
    });
  });

  it('drops section ids it does not know (a newer server may send more)', () => {
    const result = { reader: 'sim-0', sections: { basic: { a: 1 }, photo: 'x' } };
    expect(parseOpResult('card.read', result)).toStrictEqual({
      ok: true,
      value: { reader: 'sim-0', sections: { basic: { a: 1 } } },
    });
  });

  it('refuses a snapshot card state with an impossible date', () => {
    const [status] = RESULT_EXAMPLES.snapshot.readers;
    const card = { ...status?.card, since: '2025-13-45T00:00:00Z' };
    expect(parseOpResult('snapshot', { seq: 1, readers: [{ ...status, card }] })).toMatchObject({
      ok: false,
      error: { field: 'result.readers[0].card.since' },
    });
  });
});

describe('parseServerMessage: events', () => {
  it.each([
    ['an unknown topic', { topic: 'card.photo' }, 'topic', '"card.photo" is not a known topic'],
    ['seq 0', { seq: 0 }, 'seq', `must be from 1 to ${Number.MAX_SAFE_INTEGER}`],
    [
      'a time without zone',
      { time: '2025-03-14T01:02:03' },
      'time',
      'must be an ISO 8601 time such as 2025-03-14T01:02:03.456Z',
    ],
    ['reader null on a card topic', { reader: null }, 'reader', 'must be a string'],
    [
      'index above total',
      { data: { section: 'basic', index: 3, total: 2 } },
      'data.index',
      'must not exceed total',
    ],
    [
      'index 0',
      { data: { section: 'basic', index: 0, total: 2 } },
      'data.index',
      'must be from 1 to 17',
    ],
    [
      'an unknown section',
      { data: { section: 'x', index: 1, total: 1 } },
      'data.section',
      'is not a known section',
    ],
    ['data that is an array', { data: [] }, 'data', 'must be an object'],
  ])('refuses %s', (_name, change, field, message) => {
    expect(failureOf({ ...event, ...change })).toStrictEqual(badRequest(field, message));
  });

  it('requires reader null on server.shutdown', () => {
    expect(failureOf({ ...EVENT_EXAMPLES['server.shutdown'], reader: 'sim-0' })).toStrictEqual(
      badRequest('reader', 'must be null for a server topic'),
    );
  });

  it('refuses card.inserted with presence no-card', () => {
    expect(
      failureOf({ ...EVENT_EXAMPLES['card.inserted'], data: { presence: 'no-card' } }),
    ).toStrictEqual(badRequest('data.presence', 'is not a known presence of an inserted card'));
  });

  it('accepts a presence-scope card.read without sections', () => {
    const masked = { ...EVENT_EXAMPLES['card.read'], data: { holder: { maskedName: '林○華' } } };
    expect(parseServerMessage(masked)).toStrictEqual({ ok: true, message: masked });
  });

  it('reads pending on a partial card.read, dropping section ids it does not know', () => {
    const partial = {
      ...EVENT_EXAMPLES['card.read'],
      data: { holder: null, pending: ['insurance'] },
    };
    expect(parseServerMessage(partial)).toStrictEqual({ ok: true, message: partial });
    const newer = { ...partial, data: { holder: null, pending: ['insurance', 'fromTheFuture'] } };
    expect(parseServerMessage(newer)).toStrictEqual({ ok: true, message: partial });
    expect(failureOf({ ...partial, data: { holder: null, pending: [] } })).toStrictEqual(
      badRequest('data.pending', 'must not be empty'),
    );
    expect(failureOf({ ...partial, data: { holder: null, pending: 'insurance' } })).toStrictEqual(
      badRequest('data.pending', 'must be an array'),
    );
  });

  it('refuses an unknown message type', () => {
    expect(failureOf({ type: 'request', id: 1, op: 'ping' })).toStrictEqual(
      badRequest('type', 'must be "hello", "response" or "event"'),
    );
  });
});
