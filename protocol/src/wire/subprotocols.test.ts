import { describe, expect, it } from 'vitest';
import { jsonCodec } from './json-codec.js';
import { msgpackCodec } from './msgpack-codec.js';
import { chooseSubprotocol, codecFor, isSubprotocol } from './subprotocols.js';

describe('chooseSubprotocol', () => {
  it.each([
    ['nothing offered: JSON (and no header)', [], 'nhicard.v1.json'],
    ['only msgpack', ['nhicard.v1.msgpack'], 'nhicard.v1.msgpack'],
    ['msgpack first', ['nhicard.v1.msgpack', 'nhicard.v1.json'], 'nhicard.v1.msgpack'],
    ['JSON first', ['nhicard.v1.json', 'nhicard.v1.msgpack'], 'nhicard.v1.json'],
    [
      'unknown ones before a known one',
      ['nhicard.v2.json', 'mqtt', 'nhicard.v1.msgpack'],
      'nhicard.v1.msgpack',
    ],
    ['only unknown ones: refuse', ['nhicard.v2.msgpack', 'graphql-ws'], null],
    ['a different case: refuse', ['NHICARD.V1.JSON'], null],
  ] as const)('%s', (_name, offered, chosen) => {
    expect(chooseSubprotocol(offered)).toBe(chosen);
  });
});

describe('codecFor', () => {
  it('gives the codec whose subprotocol it is', () => {
    expect(codecFor('nhicard.v1.json')).toBe(jsonCodec);
    expect(codecFor('nhicard.v1.msgpack')).toBe(msgpackCodec);
    expect(codecFor('nhicard.v1.json').subprotocol).toBe('nhicard.v1.json');
    expect(codecFor('nhicard.v1.msgpack').subprotocol).toBe('nhicard.v1.msgpack');
  });

  it('knows only the subprotocols of protocol 1', () => {
    expect(isSubprotocol('nhicard.v1.json')).toBe(true);
    expect(isSubprotocol('nhicard.v1')).toBe(false);
    expect(isSubprotocol(undefined)).toBe(false);
  });
});
