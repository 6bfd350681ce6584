import { createHash } from 'node:crypto';
import type { ScopeMap } from '../config/nhicard-config.js';

/**
 * How a token is named in the banner, `doctor` and logs: `#` and the first 8 hex digits of its
 * SHA-256. Enough to tell which configured token is which; the token itself is never printed.
 */
export function tokenFingerprint(token: string): string {
  return `#${createHash('sha256').update(token).digest('hex').slice(0, 8)}`;
}

function list(entries: [string, readonly string[]][]): string {
  return entries.map(([name, scopes]) => `${name} (${scopes.join(', ')})`).join(', ');
}

/** The banner's and doctor's `Origins` line: each allowed page origin with its scopes. */
export function describeOrigins(origins: ScopeMap): string {
  const entries = Object.entries(origins);
  return entries.length === 0
    ? "none besides the broker's own pages (add one with --allow-origin <origin>=read)"
    : list(entries);
}

/** The banner's and doctor's `Tokens` line: each token's fingerprint with its scopes. */
export function describeTokens(tokens: ScopeMap): string {
  const entries = Object.entries(tokens);
  return entries.length === 0
    ? 'none'
    : list(entries.map(([token, scopes]) => [tokenFingerprint(token), scopes]));
}
