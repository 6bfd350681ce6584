import { describe, expect, it } from 'vitest';
import { LanAccessPolicy } from './lan-access-policy.js';

const PRESENCE = '5f0c9a3e7b2d4618a9c0e1f2d3b4a596';
const READER = 'c2e8a1f07d3b49565e6a7b8c9d0e1f2a';

const policy = new LanAccessPolicy({ [PRESENCE]: ['presence'], [READER]: ['read'] });

describe('LanAccessPolicy', () => {
  it('admits a known token with presence and what the token names, keyed by its digest', () => {
    const grant = policy.decide({
      origin: undefined,
      token: READER,
      requested: undefined,
      owner: 'unknown',
    });
    expect(grant).toMatchObject({ ok: true, scopes: ['presence', 'read'], credential: 'token' });
    expect(grant.ok && grant.clientKey).toMatch(/^lan token [0-9a-f]{12}$/);
    expect(JSON.stringify(grant)).not.toContain(READER);
  });

  it('refuses without a token, whatever the Origin, whoever the owner', () => {
    for (const origin of [undefined, 'http://127.0.0.1:7766', 'https://his.example.clinic']) {
      const decision = policy.decide({
        origin,
        token: undefined,
        requested: ['read'],
        owner: 'same',
      });
      expect(decision).toMatchObject({ ok: false, badToken: false });
      expect(decision.ok ? null : decision.kind).toBe(origin === undefined ? 'http' : 'close');
    }
  });

  it('refuses an unknown token as a bad one (counted by the throttle), 401 or a 1008 close', () => {
    expect(
      policy.decide({ origin: undefined, token: 'nope', requested: undefined, owner: 'unknown' }),
    ).toStrictEqual({
      ok: false,
      kind: 'http',
      status: 401,
      message: 'The token is not known to this broker.',
      badToken: true,
    });
    expect(
      policy.decide({
        origin: 'https://monitor.clinic.lan',
        token: 'nope',
        requested: undefined,
        owner: 'unknown',
      }),
    ).toStrictEqual({
      ok: false,
      kind: 'close',
      code: 'UNAUTHORIZED',
      message: 'The token is not known to this broker.',
      badToken: true,
    });
  });

  it('lets no Origin widen a presence token', () => {
    expect(
      policy.decide({
        origin: 'http://127.0.0.1:7766',
        token: PRESENCE,
        requested: ['read'],
        owner: 'same',
      }),
    ).toMatchObject({ ok: true, scopes: ['presence'], origin: 'http://127.0.0.1:7766' });
  });
});
