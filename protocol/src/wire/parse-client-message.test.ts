import { describe, expect, it } from 'vitest';
import { SECTION_IDS } from '../card/section-ids.js';
import { parseClientMessage } from './parse-client-message.js';
import { type ParseFailure, parseFailureResponse } from './parse-result.js';
import { TOPIC_PATTERNS } from './topics.js';

/** The failure for `value`, or a marker when it unexpectedly parsed. */
function failureOf(value: unknown) {
  const result = parseClientMessage(value);
  return result.ok ? 'parsed' : result.error;
}

const request = (op: string, params: unknown, id: unknown = 7) => ({
  type: 'request',
  id,
  op,
  params,
});

const badRequest = (field: string, message: string, id: number | null = 7): ParseFailure => ({
  code: 'BAD_REQUEST',
  field,
  message,
  id,
});

describe('parseClientMessage: the envelope', () => {
  it.each([
    ['null', null],
    ['a string', 'ping'],
    ['a number', 7],
    ['an array', [request('ping', {})]],
    ['a Date', new Date(0)],
    ['a Map', new Map([['type', 'request']])],
    ['an object inheriting its fields', Object.create(request('ping', {}))],
    ['a function', () => request('ping', {})],
  ])('refuses %s as the message itself', (_name, value) => {
    expect(failureOf(value)).toStrictEqual(badRequest('', 'a message must be an object', null));
  });

  it('refuses a missing type, naming the id it could read', () => {
    expect(failureOf({ id: 5, op: 'ping', params: {} })).toStrictEqual(
      badRequest('type', 'is required', 5),
    );
  });

  it.each([
    ['"event"', 'event', 'must be "request"'],
    ['"Request"', 'Request', 'must be "request"'],
    ['a number', 1, 'must be a string'],
  ])('refuses type %s', (_name, type, message) => {
    expect(failureOf({ ...request('ping', {}), type })).toStrictEqual(badRequest('type', message));
  });

  it.each([
    ['missing', undefined, 'is required'],
    ['1.5', 1.5, 'must be an integer'],
    ['a string', '7', 'must be an integer'],
    ['NaN', Number.NaN, 'must be an integer'],
    ['Infinity', Number.POSITIVE_INFINITY, 'must be an integer'],
    ['a bigint', 7n, 'must be an integer'],
    ['null', null, 'must be an integer'],
    ['-1', -1, `must be from 0 to ${Number.MAX_SAFE_INTEGER}`],
    ['2^53', 2 ** 53, `must be from 0 to ${Number.MAX_SAFE_INTEGER}`],
  ])('refuses id %s with id null in the failure', (_name, id, message) => {
    const value = { type: 'request', id, op: 'ping', params: {} };
    expect(failureOf(value)).toStrictEqual(badRequest('id', message, null));
  });

  it('accepts ids 0 and MAX_SAFE_INTEGER, and reads -0 as 0', () => {
    for (const id of [0, Number.MAX_SAFE_INTEGER]) {
      expect(parseClientMessage(request('ping', {}, id))).toStrictEqual({
        ok: true,
        message: request('ping', {}, id),
      });
    }
    const result = parseClientMessage(request('ping', {}, -0));
    expect(result.ok && Object.is(result.message.id, 0)).toBe(true);
  });

  it('answers an unknown op with UNKNOWN_OP at op, cutting a long name', () => {
    expect(failureOf(request('card.write', {}))).toStrictEqual({
      code: 'UNKNOWN_OP',
      field: 'op',
      message: '"card.write" is not a known op',
      id: 7,
    });
    expect(failureOf(request('x'.repeat(500), {}))).toStrictEqual({
      code: 'UNKNOWN_OP',
      field: 'op',
      message: `"${'x'.repeat(40)}…" is not a known op`,
      id: 7,
    });
    expect(failureOf(request('constructor', {}))).toMatchObject({ code: 'UNKNOWN_OP' });
  });

  it('refuses an op that is not a string, and a missing op', () => {
    expect(failureOf({ ...request('ping', {}), op: ['ping'] })).toStrictEqual(
      badRequest('op', 'must be a string'),
    );
    expect(failureOf({ type: 'request', id: 7 })).toStrictEqual(badRequest('op', 'is required'));
  });

  it('ignores unknown fields, also in params, and returns a fresh object', () => {
    const input = { ...request('card.status', { reader: 'sim-0', colour: 'red' }), extra: [1] };
    const result = parseClientMessage(input);
    expect(result).toStrictEqual({
      ok: true,
      message: request('card.status', { reader: 'sim-0' }),
    });
    expect(result.ok && result.message.params).not.toBe(input.params);
  });

  it('ignores an own __proto__ key (as JSON.parse makes it) without touching prototypes', () => {
    const input: unknown = JSON.parse(
      '{"type":"request","id":1,"op":"ping","params":{"__proto__":{"x":1}},"__proto__":{"op":"card.read"}}',
    );
    const result = parseClientMessage(input);
    expect(result).toStrictEqual({ ok: true, message: request('ping', {}, 1) });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('accepts a message without a prototype', () => {
    const input = Object.assign(Object.create(null) as object, request('ping', {}, 3));
    expect(parseClientMessage(input)).toStrictEqual({ ok: true, message: request('ping', {}, 3) });
  });

  it('refuses a getter instead of running it', () => {
    let getterRuns = 0;
    const input = {
      type: 'request',
      get id() {
        getterRuns += 1;
        return 1;
      },
      op: 'ping',
    };
    expect(failureOf(input)).toStrictEqual(badRequest('id', 'must be a data property', null));
    expect(getterRuns).toBe(0);
  });

  it('turns a throwing Proxy into a failure at the message', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => Object.prototype,
        getOwnPropertyDescriptor: () => {
          throw new Error('trap');
        },
      },
    );
    expect(failureOf(hostile)).toStrictEqual(badRequest('', 'the message could not be read', null));
  });
});

describe('parseClientMessage: params', () => {
  it('treats missing params as {} for ops without required params', () => {
    expect(parseClientMessage({ type: 'request', id: 1, op: 'snapshot' })).toStrictEqual({
      ok: true,
      message: request('snapshot', {}, 1),
    });
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a Map', new Map()],
    ['a string', 'basic'],
  ])('refuses params that are %s', (_name, params) => {
    expect(failureOf(request('ping', params))).toStrictEqual(
      badRequest('params', 'must be an object'),
    );
  });

  it.each([
    ['missing', {}, 'params.sections', 'is required'],
    ['empty', { sections: [] }, 'params.sections', 'must not be empty'],
    ['not an array', { sections: 'basic' }, 'params.sections', 'must be an array'],
    [
      'an array-like object',
      { sections: { 0: 'basic', length: 1 } },
      'params.sections',
      'must be an array',
    ],
    ['duplicated', { sections: ['basic', 'basic'] }, 'params.sections[1]', 'repeats "basic"'],
    [
      'holding an unknown id',
      { sections: ['basic', 'prevent', 'photo'] },
      'params.sections[2]',
      'is not a known section',
    ],
    ['holding a number', { sections: [1] }, 'params.sections[0]', 'must be a string'],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
    ['sparse', { sections: ['basic', , 'prevent'] }, 'params.sections[1]', 'is missing'],
    [
      'too many',
      { sections: [...SECTION_IDS, 'basic'] },
      'params.sections',
      `must have at most ${SECTION_IDS.length} items`,
    ],
  ])('refuses card.read sections %s', (_name, params, field, message) => {
    expect(failureOf(request('card.read', params))).toStrictEqual(badRequest(field, message));
  });

  it('accepts every section once, in any order', () => {
    const sections = [...SECTION_IDS].reverse();
    expect(parseClientMessage(request('card.read', { sections }))).toStrictEqual({
      ok: true,
      message: request('card.read', { sections }),
    });
  });

  it('refuses a non-boolean fresh', () => {
    expect(failureOf(request('card.read', { sections: ['basic'], fresh: 1 }))).toStrictEqual(
      badRequest('params.fresh', 'must be true or false'),
    );
  });

  it.each([
    ['too long', 'r'.repeat(129), 'must be at most 128 long'],
    ['empty', '', 'must not be empty'],
    ['null', null, 'must be a string'],
  ])('refuses a reader id that is %s', (_name, reader, message) => {
    expect(failureOf(request('card.status', { reader }))).toStrictEqual(
      badRequest('params.reader', message),
    );
    expect(failureOf(request('card.read', { reader, sections: ['basic'] }))).toStrictEqual(
      badRequest('params.reader', message),
    );
  });

  it('accepts a reader id of exactly 128', () => {
    expect(parseClientMessage(request('sim.remove', { reader: 'r'.repeat(128) })).ok).toBe(true);
  });

  it.each([
    ['missing', {}, 'params.topics', 'is required'],
    ['empty', { topics: [] }, 'params.topics', 'must not be empty'],
    [
      'too many',
      { topics: [...TOPIC_PATTERNS, '*'] },
      'params.topics',
      `must have at most ${TOPIC_PATTERNS.length} items`,
    ],
    ['unknown', { topics: ['card.*', 'card.write'] }, 'params.topics[1]', 'is not a known topic'],
    ['a bare prefix', { topics: ['card.'] }, 'params.topics[0]', 'is not a known topic'],
    ['repeated', { topics: ['*', 'card.read', '*'] }, 'params.topics[2]', 'repeats "*"'],
  ])('refuses subscribe topics %s', (_name, params, field, message) => {
    expect(failureOf(request('subscribe', params))).toStrictEqual(badRequest(field, message));
    expect(failureOf(request('unsubscribe', params))).toStrictEqual(badRequest(field, message));
  });

  it('accepts every topic pattern at once', () => {
    expect(parseClientMessage(request('subscribe', { topics: [...TOPIC_PATTERNS] })).ok).toBe(true);
  });

  it.each([
    ['missing', {}, 'is required'],
    ['empty', { card: '' }, 'must not be empty'],
    [
      'a path',
      { card: '../secrets.json' },
      'may hold only letters, digits, ".", "_" and "-", and not start with "."',
    ],
    [
      'hidden',
      { card: '.env' },
      'may hold only letters, digits, ".", "_" and "-", and not start with "."',
    ],
    ['too long', { card: 'c'.repeat(129) }, 'must be at most 128 long'],
  ])('refuses a sim.insert card that is %s', (_name, params, message) => {
    expect(failureOf(request('sim.insert', params))).toStrictEqual(
      badRequest('params.card', message),
    );
  });
});

describe('parseFailureResponse', () => {
  it('makes the not-retryable error response with the field in the message', () => {
    expect(
      parseFailureResponse(badRequest('params.sections[2]', 'is not a known section')),
    ).toStrictEqual({
      type: 'response',
      id: 7,
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'params.sections[2]: is not a known section',
        retryable: false,
      },
    });
    expect(parseFailureResponse(badRequest('', 'a message must be an object', null))).toStrictEqual(
      {
        type: 'response',
        id: null,
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'a message must be an object', retryable: false },
      },
    );
  });
});
