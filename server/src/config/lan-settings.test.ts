import { describe, expect, it } from 'vitest';
import { configLayerFromEnv, configLayerFromFlags } from './config-layer.js';
import { lanOptionsFromConfig } from './lan-options-from-config.js';
import { resolveConfig } from './resolve-config.js';

const TOKEN = '9b1c4e7f2a6d8053c1e9f4a27b6d0e38';

describe('the LAN mode settings', () => {
  it('read from flags and the environment into startServer options', () => {
    const layer = configLayerFromFlags({
      'lan-host': '192.168.1.21',
      'lan-cert-file': 'lan/cert.pem',
      'lan-key-file': 'lan/key.pem',
      'lan-token': [`${TOKEN}=presence`],
      'lan-max-connections-per-token': '3',
    });
    const env = configLayerFromEnv({
      NHICARD_LAN_PORT: '7443',
      NHICARD_LAN_FAILED_TOKEN_BURST: '4',
      NHICARD_LAN_FAILED_TOKENS_PER_MINUTE: '2',
    });
    expect([...layer.errors, ...env.errors]).toStrictEqual([]);
    const { config } = resolveConfig([env, layer]);
    expect(lanOptionsFromConfig(config.lan)).toStrictEqual({
      host: '192.168.1.21',
      port: 7443,
      certFile: 'lan/cert.pem',
      keyFile: 'lan/key.pem',
      tokens: { [TOKEN]: ['presence'] },
      maxConnectionsPerToken: 3,
      failedTokenBurst: 4,
      failedTokensPerMinute: 2,
    });
  });

  it('refuse loopback and names for lan.host, and weak tokens', () => {
    const messages = (flags: Record<string, string | string[]>): string[] =>
      configLayerFromFlags(flags).errors.map((error) => error.message);
    expect(messages({ 'lan-host': '127.0.0.1' })).toStrictEqual([
      'Invalid lan.host in flag --lan-host: must be a LAN address, not loopback: loopback is ' +
        '`host`, which stays as it is (got "127.0.0.1")',
    ]);
    expect(messages({ 'lan-host': 'desk-1.lan' })).toStrictEqual([
      'Invalid lan.host in flag --lan-host: must be an IP address of this PC (e.g. ' +
        '192.168.1.21), or 0.0.0.0 or :: for every interface (got "desk-1.lan")',
    ]);
    expect(messages({ 'lan-token': ['clinic=presence'] })).toStrictEqual([
      'Invalid lan.tokens in flag --lan-token: token 1 carries about 28 bits of entropy, fewer ' +
        'than 128: make one with `openssl rand -hex 32` (64 hex digits)',
    ]);
    expect(messages({ 'lan-host': '0.0.0.0' })).toStrictEqual([]);
    expect(messages({ 'lan-host': 'fd12:3456::21' })).toStrictEqual([]);
  });

  it('leave LAN mode off without lan.host, and name what it still needs with it', () => {
    expect(lanOptionsFromConfig({ certFile: 'x.pem' })).toBeUndefined();
    expect(() => lanOptionsFromConfig({ host: '10.0.0.5', tokens: {} })).toThrow(
      'LAN mode (lan.host 10.0.0.5) listens with TLS and tokens only; it still needs ' +
        'lan.certFile (--lan-cert-file), lan.keyFile (--lan-key-file), lan.tokens ' +
        '(--lan-token <token>=presence). See docs/lan-mode.md.',
    );
  });
});
