import type { ScopeMap } from './nhicard-config.js';

/**
 * LAN mode: a `wss://` listener on a LAN address for monitors on other PCs of a clinic, with a
 * certificate from files and tokens of its own; off while `host` is left out.
 */
export interface LanConfig {
  /** The LAN address to listen on (this PC's address, or `0.0.0.0` / `::` for all). */
  host?: string;
  /** Port of the LAN listener; left out, 7770. */
  port?: number;
  /** The server certificate (PEM, with any intermediates after it). */
  certFile?: string;
  /** Its private key (PEM). */
  keyFile?: string;
  /** Tokens accepted from the LAN, each with its scopes (`presence` unless more are named). */
  tokens?: ScopeMap;
  /** Open LAN connections per token; left out, 8. */
  maxConnectionsPerToken?: number;
  /** Wrong tokens one remote address may present at once; left out, 5. */
  failedTokenBurst?: number;
  /** Wrong tokens one remote address may present per minute after that; left out, 6. */
  failedTokensPerMinute?: number;
}
