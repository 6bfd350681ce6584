import type { Scope } from '@nhicard/protocol';

/**
 * LAN mode: a `wss://` listener on a LAN address, for monitors on other PCs of a clinic. It
 * speaks TLS only and admits only clients that present one of its own tokens; the loopback
 * listeners are not changed by it (docs/lan-mode.md).
 */
export interface LanOptions {
  /** The LAN address to listen on, e.g. `192.168.1.21` (or `0.0.0.0` / `::` for all). */
  host: string;
  /**
   * TCP port; 0 picks a free one.
   * @default 7770
   */
  port?: number;
  /**
   * The server certificate (PEM, intermediates after it): the clinic's own, or one issued by
   * the clinic CA (`nhicard tls clinic-issue`). Reloaded when the file changes.
   */
  certFile: string;
  /** The certificate's private key (PEM). */
  keyFile: string;
  /**
   * Tokens a remote client may present (`?token=` or `Authorization: Bearer`), each with its
   * scopes. A remote client gets `presence` and only what its token names besides; an Origin
   * header never admits it or adds a scope.
   */
  tokens: Readonly<Record<string, readonly Scope[]>>;
  /**
   * Open connections per token; more are refused with HTTP 429 at the upgrade.
   * @default 8
   */
  maxConnectionsPerToken?: number;
  /**
   * Wrong tokens one remote address may present at once; after that every token it presents
   * (right or wrong) gets HTTP 429 until its allowance refills.
   * @default 5
   */
  failedTokenBurst?: number;
  /**
   * How fast that allowance refills, in wrong tokens per minute.
   * @default 6
   */
  failedTokensPerMinute?: number;
}

/** The defaults of {@link LanOptions}. */
export const LAN_DEFAULTS = {
  port: 7770,
  maxConnectionsPerToken: 8,
  failedTokenBurst: 5,
  failedTokensPerMinute: 6,
} as const;
