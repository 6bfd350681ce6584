import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PeerOwner } from '@nhicard/native';
import { type AccessErrorCode, SCOPES, type Scope } from '@nhicard/protocol';
import type { ConsentStore } from '../access/consent-store.js';
import { isOpaqueOrigin } from '../access/origin-kind.js';

/** A connection the policy lets in, with what it may see and do. */
export interface AccessGrant {
  ok: true;
  /** The scopes granted, in `SCOPES` order; always includes `presence`. */
  scopes: Scope[];
  /** The browser origin, or null for a client without one. */
  origin: string | null;
  /**
   * What the per-origin connection limit counts: the origin, or (for clients without an
   * origin) a short digest of the token, so the token itself never reaches logs or metrics.
   */
  clientKey: string;
  /** What let it in: a token, its origin (configured, own or approved), or being the same user. */
  credential: 'token' | 'origin' | 'same-user';
}

/**
 * A connection the policy refuses. `http`: with an HTTP status at the upgrade (clients that are
 * not pages, which can read it). `close`: a page, which cannot read an HTTP refusal, gets the
 * WebSocket and at once a 1008 close whose reason is the typed code.
 */
export type AccessRefusal =
  | { ok: false; kind: 'http'; status: 401 | 403; message: string; badToken: boolean }
  | { ok: false; kind: 'close'; code: AccessErrorCode; message: string; badToken: boolean };

/** What the policy is built from. */
export interface AccessPolicyOptions {
  /** Allowed browser origins, each with its scopes (exact match; `null` only when named). */
  origins: Readonly<Record<string, readonly Scope[]>>;
  /** Known tokens, each with its scopes. */
  tokens: Readonly<Record<string, readonly Scope[]>>;
  /** The broker's own origins (its demo page), with their scopes; they win over `origins`. */
  ownOrigins: Readonly<Record<string, readonly Scope[]>>;
  /** What a same-user client without an Origin and without a token gets (the CLI, a HIS). */
  sameUserScopes: readonly Scope[];
  /** Approvals given by a person on this PC; null when consent is not kept. */
  consent: ConsentStore | null;
}

/** The credentials a client presented at the upgrade. */
export interface PresentedCredentials {
  /** The `Origin` header, when the client sent one (browsers always do). */
  origin: string | undefined;
  /** A `Bearer` token from the Authorization header or the `token` query parameter. */
  token: string | undefined;
  /** Scopes a page asks a person on this PC for (`?access=presence,read`). */
  requested: Scope[] | undefined;
  /** Whose process it is: `unknown` where the platform cannot tell (treated as the same user). */
  owner: PeerOwner;
}

const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');
const shownOrigin = (origin: string): string => JSON.stringify(origin.slice(0, 200));

/**
 * Who may connect and with which scopes (docs/security.md). A token, when presented, must be
 * known, and is enough by itself. Another OS user's process gets only what its token grants.
 * Without a token, a page's origin must be named in the configuration, be the broker's own, or
 * be approved by a person on this PC; an opaque origin (`null`) only when the configuration
 * names it. A same-user client without an Origin is the CLI or a local HIS program and needs
 * no token.
 */
export class AccessPolicy {
  private readonly origins: Map<string, readonly Scope[]>;
  // Tokens are kept by digest: a lookup compares digests, not the secret, so its timing tells
  // an attacker nothing about how much of a guess was right.
  private readonly tokens: Map<string, readonly Scope[]>;

  constructor(private readonly options: AccessPolicyOptions) {
    this.origins = new Map([
      ...Object.entries(options.origins),
      ...Object.entries(options.ownOrigins),
    ]);
    this.tokens = new Map(
      Object.entries(options.tokens).map(([token, scopes]) => [digestOf(token), scopes]),
    );
  }

  /** The scopes of a token, or undefined when the broker does not know it. */
  tokenScopes(token: string): readonly Scope[] | undefined {
    return this.tokens.get(digestOf(token));
  }

  /** What an origin may have now without a token: its scopes, or why not. */
  originAccess(
    origin: string,
    requested?: Scope[],
  ): { ok: true; scopes: readonly Scope[] } | { ok: false; code: AccessErrorCode } {
    const configured = this.origins.get(origin);
    if (configured !== undefined) return { ok: true, scopes: configured };
    const consent = this.options.consent;
    if (isOpaqueOrigin(origin) || consent === null)
      return { ok: false, code: 'ORIGIN_NOT_ALLOWED' };
    let entry: ReturnType<ConsentStore['lookup']>;
    try {
      entry = consent.lookup(origin);
    } catch {
      // An access file that cannot be trusted (see ConsentStore) approves nothing; the broker
      // said so at start-up.
      return { ok: false, code: 'ORIGIN_NOT_ALLOWED' };
    }
    if (entry?.status === 'approved') return { ok: true, scopes: entry.scopes };
    if (entry?.status === 'denied') return { ok: false, code: 'ACCESS_DENIED' };
    if (entry?.status === 'pending') return { ok: false, code: 'ACCESS_PENDING' };
    if (requested !== undefined && requestSafely(consent, origin, requested)) {
      return { ok: false, code: 'ACCESS_PENDING' };
    }
    return { ok: false, code: 'ORIGIN_NOT_ALLOWED' };
  }

  /** Decides on a connection from what it presented. */
  decide(credentials: PresentedCredentials): AccessGrant | AccessRefusal {
    const { origin, token, owner } = credentials;
    const granted = new Set<Scope>(['presence']);
    const refuse = (code: AccessErrorCode, message: string, badToken = false): AccessRefusal =>
      origin === undefined
        ? {
            ok: false,
            kind: 'http',
            status: code === 'UNAUTHORIZED' ? 401 : 403,
            message,
            badToken,
          }
        : { ok: false, kind: 'close', code, message, badToken };
    let tokenDigest: string | undefined;
    if (token !== undefined) {
      tokenDigest = digestOf(token);
      const tokenScopes = this.tokens.get(tokenDigest);
      if (tokenScopes === undefined) {
        return refuse('UNAUTHORIZED', 'The token is not known to this broker.', true);
      }
      for (const scope of tokenScopes) granted.add(scope);
    }
    const key = (): string =>
      origin !== undefined ? `origin ${origin}` : `token ${tokenDigest?.slice(0, 12)}`;
    if (owner === 'other') {
      // Another user of this PC (a terminal server): the loopback address proves nothing.
      if (tokenDigest === undefined) {
        return refuse(
          'UNAUTHORIZED',
          'This connection comes from another OS user of this computer: it needs a token.',
        );
      }
      return {
        ok: true,
        scopes: SCOPES.filter((s) => granted.has(s)),
        origin: origin ?? null,
        clientKey: key(),
        credential: 'token',
      };
    }
    if (origin !== undefined) {
      const access = this.originAccess(origin, credentials.requested);
      // A known token is the credential itself (a monitor page reaching other workstations'
      // brokers): the page's origin then only adds its scopes when it has some.
      if (!access.ok && tokenDigest === undefined) {
        return refuse(access.code, `Origin ${shownOrigin(origin)}: ${access.code}.`);
      }
      if (access.ok) for (const scope of access.scopes) granted.add(scope);
    } else if (tokenDigest === undefined) {
      for (const scope of this.options.sameUserScopes) granted.add(scope);
      return {
        ok: true,
        scopes: SCOPES.filter((s) => granted.has(s)),
        origin: null,
        clientKey: 'same-user',
        credential: 'same-user',
      };
    }
    return {
      ok: true,
      scopes: SCOPES.filter((s) => granted.has(s)),
      origin: origin ?? null,
      clientKey: key(),
      credential: tokenDigest === undefined ? 'origin' : 'token',
    };
  }

  /**
   * For a connection let in by its origin alone: the refusal it would get now (after a person
   * denied or forgot its approval), or null while it still may connect.
   */
  stillAllowed(grant: AccessGrant): AccessErrorCode | null {
    if (grant.credential !== 'origin' || grant.origin === null) return null;
    const access = this.originAccess(grant.origin);
    return access.ok ? null : access.code;
  }
}

function requestSafely(consent: ConsentStore, origin: string, requested: Scope[]): boolean {
  try {
    return consent.request(origin, requested);
  } catch {
    return false;
  }
}

/** The `Origin`, token and requested scopes an upgrade request presents. */
export function credentialsOf(
  request: IncomingMessage,
  url: URL,
  owner: PeerOwner,
): PresentedCredentials {
  const origin = request.headers.origin;
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const queryToken = url.searchParams.get('token') ?? undefined;
  const access = url.searchParams.get('access');
  const requested =
    access === null
      ? undefined
      : SCOPES.filter((scope) => access.split(',').includes(scope) && scope !== 'admin');
  return {
    origin: origin === undefined || origin === '' ? undefined : origin,
    token: bearer ?? (queryToken === '' ? undefined : queryToken),
    requested: requested === undefined || requested.length === 0 ? undefined : requested,
    owner,
  };
}

/** Every loopback spelling of `host:port` a browser may have been pointed at. */
export function loopbackAuthorities(host: string, port: number): string[] {
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  }
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return [`${bracketed}:${port}`];
}

/**
 * The origins under which the broker's own pages are served: `http://host:port`, and for a
 * loopback host every loopback spelling a browser may have been pointed at.
 */
export function brokerOrigins(
  host: string,
  port: number,
  scheme: 'http' | 'https' = 'http',
): string[] {
  return loopbackAuthorities(host, port).map((authority) => `${scheme}://${authority}`);
}
