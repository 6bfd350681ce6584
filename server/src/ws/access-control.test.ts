import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AccessPolicy, brokerOrigins, credentialsOf } from './access-control.js';

const policy = new AccessPolicy({
  origins: { 'https://his.example.test': ['read'], 'https://kiosk.example.test': [] },
  tokens: { 'token-admin': ['admin', 'read'], 'token-monitor': ['presence'] },
  ownOrigins: { 'http://127.0.0.1:7766': ['presence', 'read', 'admin'] },
});

describe('AccessPolicy', () => {
  it('grants an allowed origin its scopes plus presence, in SCOPES order', () => {
    expect(policy.decide({ origin: 'https://his.example.test', token: undefined })).toStrictEqual({
      ok: true,
      scopes: ['presence', 'read'],
      origin: 'https://his.example.test',
      clientKey: 'origin https://his.example.test',
    });
    expect(policy.decide({ origin: 'https://kiosk.example.test', token: undefined })).toMatchObject(
      {
        ok: true,
        scopes: ['presence'],
      },
    );
  });

  it('refuses any other origin with 403, exact match only', () => {
    for (const origin of ['https://his.example.test/', 'http://his.example.test', 'null']) {
      expect(policy.decide({ origin, token: undefined })).toStrictEqual({
        ok: false,
        status: 403,
        message: `Origin ${JSON.stringify(origin)} is not allowed to connect. Add it to the broker's origins.`,
      });
    }
  });

  it('needs a known token without an origin (401), and keys the client by a digest', () => {
    expect(policy.decide({ origin: undefined, token: undefined })).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(policy.decide({ origin: undefined, token: 'token-admi' })).toStrictEqual({
      ok: false,
      status: 401,
      message: 'The token is not known to this broker.',
    });
    const granted = policy.decide({ origin: undefined, token: 'token-admin' });
    expect(granted).toMatchObject({
      ok: true,
      scopes: ['presence', 'read', 'admin'],
      origin: null,
    });
    const key = granted.ok ? granted.clientKey : '';
    expect(key).toMatch(/^token [0-9a-f]{12}$/);
    expect(key).not.toContain('token-admin');
  });

  it('adds a token to an allowed origin, and refuses a bad token even with one', () => {
    expect(
      policy.decide({ origin: 'https://kiosk.example.test', token: 'token-admin' }),
    ).toMatchObject({ ok: true, scopes: ['presence', 'read', 'admin'] });
    expect(policy.decide({ origin: 'https://his.example.test', token: 'wrong' })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('lets the own origin win over a configured entry of the same origin', () => {
    const shadowed = new AccessPolicy({
      origins: { 'http://127.0.0.1:7766': [] },
      tokens: {},
      ownOrigins: { 'http://127.0.0.1:7766': ['presence', 'read'] },
    });
    expect(shadowed.decide({ origin: 'http://127.0.0.1:7766', token: undefined })).toMatchObject({
      scopes: ['presence', 'read'],
    });
  });
});

describe('credentialsOf', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

  it('reads the Origin header and a Bearer token, preferring the header to the query', () => {
    const url = new URL('http://127.0.0.1/v1?token=from-query');
    expect(
      credentialsOf(request({ origin: 'https://a.test', authorization: 'Bearer abc' }), url),
    ).toStrictEqual({ origin: 'https://a.test', token: 'abc' });
    expect(credentialsOf(request({}), url)).toStrictEqual({
      origin: undefined,
      token: 'from-query',
    });
  });

  it('ignores empty values and other authorization schemes', () => {
    const url = new URL('http://127.0.0.1/v1?token=');
    expect(
      credentialsOf(request({ origin: '', authorization: 'Basic dXNlcjpwYXNz' }), url),
    ).toStrictEqual({ origin: undefined, token: undefined });
  });
});

describe('brokerOrigins', () => {
  it('lists every loopback spelling for a loopback host', () => {
    expect(brokerOrigins('127.0.0.1', 7766)).toStrictEqual([
      'http://127.0.0.1:7766',
      'http://localhost:7766',
      'http://[::1]:7766',
    ]);
    expect(brokerOrigins('::1', 80)).toHaveLength(3);
  });

  it('brackets an IPv6 host otherwise', () => {
    expect(brokerOrigins('127.0.0.2', 1)).toStrictEqual(['http://127.0.0.2:1']);
    expect(brokerOrigins('fd00::1', 9)).toStrictEqual(['http://[fd00::1]:9']);
  });
});
