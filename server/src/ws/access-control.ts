import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SCOPES, type Scope } from '@nhicard/protocol';

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
}

/** A connection the policy refuses at the upgrade, with the HTTP status and a clear reason. */
export interface AccessRefusal {
  ok: false;
  /** 403: an origin not on the allow-list; 401: no token, or a token the broker does not know. */
  status: 401 | 403;
  /** Plain-text reason for the HTTP body; names the origin, never echoes a token. */
  message: string;
}

/** What the policy is built from. */
export interface AccessPolicyOptions {
  /** Allowed browser origins, each with its scopes (exact match). */
  origins: Readonly<Record<string, readonly Scope[]>>;
  /** Known tokens, each with its scopes. */
  tokens: Readonly<Record<string, readonly Scope[]>>;
  /** The broker's own origins (its demo page), with their scopes; they win over `origins`. */
  ownOrigins: Readonly<Record<string, readonly Scope[]>>;
}

/** The credentials a client presented at the upgrade. */
export interface PresentedCredentials {
  /** The `Origin` header, when the client sent one (browsers always do). */
  origin: string | undefined;
  /** A `Bearer` token from the Authorization header or the `token` query parameter. */
  token: string | undefined;
}

const digestOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Who may connect and with which scopes (DESIGN.md, "Privacy and security"). A client with an
 * `Origin` must come from an allowed origin, exactly as the browser spells it: deny by
 * default. A client without one (native apps, the CLI, monitors) must present a token. A token
 * presented next to an allowed origin adds its scopes. Every connection holds `presence`.
 */
export class AccessPolicy {
  private readonly origins: Map<string, readonly Scope[]>;
  // Tokens are kept by digest: a lookup compares digests, not the secret, so its timing tells
  // an attacker nothing about how much of a guess was right.
  private readonly tokens: Map<string, readonly Scope[]>;

  constructor(options: AccessPolicyOptions) {
    this.origins = new Map([
      ...Object.entries(options.origins),
      ...Object.entries(options.ownOrigins),
    ]);
    this.tokens = new Map(
      Object.entries(options.tokens).map(([token, scopes]) => [digestOf(token), scopes]),
    );
  }

  /** Decides on a connection from what it presented. */
  decide(credentials: PresentedCredentials): AccessGrant | AccessRefusal {
    const { origin, token } = credentials;
    const granted = new Set<Scope>(['presence']);
    let tokenDigest: string | undefined;
    if (token !== undefined) {
      tokenDigest = digestOf(token);
      const tokenScopes = this.tokens.get(tokenDigest);
      if (tokenScopes === undefined) {
        return { ok: false, status: 401, message: 'The token is not known to this broker.' };
      }
      for (const scope of tokenScopes) granted.add(scope);
    }
    if (origin !== undefined) {
      const originScopes = this.origins.get(origin);
      if (originScopes === undefined) {
        return {
          ok: false,
          status: 403,
          message: `Origin ${JSON.stringify(origin.slice(0, 200))} is not allowed to connect. Add it to the broker's origins.`,
        };
      }
      for (const scope of originScopes) granted.add(scope);
    } else if (tokenDigest === undefined) {
      return {
        ok: false,
        status: 401,
        message:
          'A client without an Origin must present a token (?token=… or Authorization: Bearer …).',
      };
    }
    return {
      ok: true,
      scopes: SCOPES.filter((scope) => granted.has(scope)),
      origin: origin ?? null,
      clientKey: origin !== undefined ? `origin ${origin}` : `token ${tokenDigest?.slice(0, 12)}`,
    };
  }
}

/** The `Origin` and token an upgrade request presents. */
export function credentialsOf(request: IncomingMessage, url: URL): PresentedCredentials {
  const origin = request.headers.origin;
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const queryToken = url.searchParams.get('token') ?? undefined;
  return {
    origin: origin === undefined || origin === '' ? undefined : origin,
    token: bearer ?? (queryToken === '' ? undefined : queryToken),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * The origins under which the broker's own pages are served: `http://host:port`, and for a
 * loopback host every loopback spelling a browser may have been pointed at.
 */
export function brokerOrigins(
  host: string,
  port: number,
  scheme: 'http' | 'https' = 'http',
): string[] {
  if (LOOPBACK_HOSTS.has(host)) {
    return [
      `${scheme}://127.0.0.1:${port}`,
      `${scheme}://localhost:${port}`,
      `${scheme}://[::1]:${port}`,
    ];
  }
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return [`${scheme}://${bracketed}:${port}`];
}
