import type { LanOptions } from '../lan/lan-options.js';
import type { LanConfig } from './lan-config.js';

/**
 * LAN mode's `startServer` options from the `lan` settings; undefined while `lan.host` is left
 * out. File names are used as given, as every other path setting is.
 * @throws Error naming every setting LAN mode still needs (a certificate, a key, a token).
 */
export function lanOptionsFromConfig(lan: LanConfig): LanOptions | undefined {
  if (lan.host === undefined) return undefined;
  const missing = [
    ...(lan.certFile === undefined ? ['lan.certFile (--lan-cert-file)'] : []),
    ...(lan.keyFile === undefined ? ['lan.keyFile (--lan-key-file)'] : []),
    ...(lan.tokens === undefined || Object.keys(lan.tokens).length === 0
      ? ['lan.tokens (--lan-token <token>=presence)']
      : []),
  ];
  const { certFile, keyFile, tokens } = lan;
  if (missing.length > 0 || certFile === undefined || keyFile === undefined || !tokens) {
    throw new Error(
      `LAN mode (lan.host ${lan.host}) listens with TLS and tokens only; it still needs ` +
        `${missing.join(', ')}. See docs/lan-mode.md.`,
    );
  }
  return {
    host: lan.host,
    ...(lan.port === undefined ? {} : { port: lan.port }),
    certFile,
    keyFile,
    tokens,
    ...(lan.maxConnectionsPerToken === undefined
      ? {}
      : { maxConnectionsPerToken: lan.maxConnectionsPerToken }),
    ...(lan.failedTokenBurst === undefined ? {} : { failedTokenBurst: lan.failedTokenBurst }),
    ...(lan.failedTokensPerMinute === undefined
      ? {}
      : { failedTokensPerMinute: lan.failedTokensPerMinute }),
  };
}
