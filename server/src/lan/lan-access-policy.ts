import { createHash } from 'node:crypto';
import { type AccessErrorCode, SCOPES, type Scope } from '@nhicard/protocol';
import type { AccessGrant, AccessRefusal, PresentedCredentials } from '../ws/access-control.js';

const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Who may connect from the LAN: a client with one of LAN mode's own tokens, and no one else.
 * It gets `presence` plus what that token names. Its Origin header, the peer's address and
 * whose process it is count for nothing: a page on any PC can send any Origin, and nothing on
 * this PC can vouch for a process on another.
 */
export class LanAccessPolicy {
  // Kept by digest, as the loopback policy keeps its tokens: lookups compare digests.
  private readonly tokens: Map<string, readonly Scope[]>;

  constructor(tokens: Readonly<Record<string, readonly Scope[]>>) {
    this.tokens = new Map(
      Object.entries(tokens).map(([token, scopes]) => [digestOf(token), scopes]),
    );
  }

  /** How many tokens it knows. */
  get tokenCount(): number {
    return this.tokens.size;
  }

  /** Decides on a connection from the LAN. */
  decide(credentials: PresentedCredentials): AccessGrant | AccessRefusal {
    const { origin, token } = credentials;
    const refuse = (message: string, badToken: boolean): AccessRefusal => {
      const code: AccessErrorCode = 'UNAUTHORIZED';
      // A page learns why only from a close reason; other clients read the HTTP status.
      return origin === undefined
        ? { ok: false, kind: 'http', status: 401, message, badToken }
        : { ok: false, kind: 'close', code, message, badToken };
    };
    if (token === undefined) {
      return refuse(
        'This is the LAN listener: present a token (?token= or Authorization: Bearer).',
        false,
      );
    }
    const digest = digestOf(token);
    const scopes = this.tokens.get(digest);
    if (scopes === undefined) return refuse('The token is not known to this broker.', true);
    return {
      ok: true,
      scopes: SCOPES.filter((scope) => scope === 'presence' || scopes.includes(scope)),
      origin: origin ?? null,
      clientKey: `lan token ${digest.slice(0, 12)}`,
      credential: 'token',
    };
  }
}
