import { describe, expect, it } from 'vitest';
import { defaultConfig, type NhicardConfig } from '../config/nhicard-config.js';
import { tokenFingerprint } from './access-summary.js';
import { type BannerFacts, formatBanner } from './startup-banner.js';

const READERS = [
  { id: 'sim-0', name: 'Simulated reader 0', driver: 'simulator' as const },
  { id: 'sim-1', name: 'Simulated reader 1', driver: 'simulator' as const },
];

/**
 * A broker on the default port, with `config` (default: the defaults) from `file`, no readers
 * and no demo cards; `changes` replace any other fact.
 */
function factsWith(
  changes: Partial<BannerFacts> & { config?: NhicardConfig; file?: string | null } = {},
): BannerFacts {
  const { config = defaultConfig(), file = null, ...facts } = changes;
  return {
    version: '1.2.3',
    url: 'ws://127.0.0.1:7766/v1',
    httpUrl: 'http://127.0.0.1:7766/',
    driver: 'pcsc',
    readers: [],
    loaded: { config, sources: {}, file },
    demoCards: [],
    commandName: 'nhicard',
    ...facts,
  };
}

describe('formatBanner', () => {
  it('says where to connect and look, which driver and readers, and how to insert a card', () => {
    expect(
      formatBanner({
        version: '1.2.3',
        url: 'ws://127.0.0.1:40123/v1',
        httpUrl: 'http://127.0.0.1:40123/',
        driver: 'simulator',
        driverReason: 'no csHIS.dll found and no PC/SC service (SCARD_E_NO_SERVICE)',
        readers: READERS,
        loaded: { config: defaultConfig(), sources: {}, file: null },
        demoCards: ['adult', 'pin-set'],
        commandName: 'node server/bin/nhicard.js',
      }),
    ).toBe(
      [
        'nhicard 1.2.3 is running',
        '  WebSocket  ws://127.0.0.1:40123/v1',
        '  Demo page  http://127.0.0.1:40123/',
        '  Health     http://127.0.0.1:40123/healthz',
        '  Metrics    http://127.0.0.1:40123/metrics',
        '  Driver     simulator (auto: no csHIS.dll found and no PC/SC service (SCARD_E_NO_SERVICE))',
        '  Readers    sim-0 (Simulated reader 0), sim-1 (Simulated reader 1)',
        "  Origins    none besides the broker's own pages (add one with --allow-origin <origin>=read)",
        '  Tokens     none',
        '  Config     no config file (defaults, environment and flags)',
        '  Logs       stderr, JSON lines, level info',
        'Insert a demo card: node server/bin/nhicard.js sim insert adult --port 40123 (cards: ' +
          'adult, pin-set), or use the demo page.',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
  });

  it('names the examples when they are served', () => {
    const facts = factsWith({ driver: 'simulator' });
    expect(formatBanner({ ...facts, examplesUrl: 'http://127.0.0.1:7766/examples/' })).toContain(
      '  Demo page  http://127.0.0.1:7766/\n  Examples   http://127.0.0.1:7766/examples/\n  Health ',
    );
    expect(formatBanner({ ...facts, examplesUrl: null })).not.toContain('Examples');
  });

  it('shows the LAN listener with its number of tokens, never the tokens', () => {
    const config = defaultConfig();
    const token = '0d5f2b8c6a1e4973b2c8d0e6f4a1b3c5';
    config.lan = { host: '192.168.1.21', tokens: { [token]: ['presence'] } };
    const banner = formatBanner(factsWith({ config, lanUrl: 'wss://192.168.1.21:7770/v1' }));
    expect(banner).toContain(
      '  WebSocket  ws://127.0.0.1:7766/v1\n  LAN        wss://192.168.1.21:7770/v1 (tokens only: 1)\n',
    );
    expect(banner).not.toContain(token);
  });

  it('shows the demo page off, the config file, and no port flag on the default port', () => {
    const config = { ...defaultConfig(), driver: 'simulator' as const, demoPage: false };
    const banner = formatBanner(
      factsWith({
        config,
        file: '/srv/nhicard.config.json',
        driver: 'simulator',
        demoCards: ['adult'],
      }),
    );
    expect(banner).toContain('  Demo page  off (--demo-page turns it on)\n');
    expect(banner).toContain('  Driver     simulator\n');
    expect(banner).toContain('  Readers    none attached yet\n');
    expect(banner).toContain('  Config     /srv/nhicard.config.json\n');
    expect(banner).toContain(
      'Insert a demo card: nhicard sim insert adult (cards: adult), or use the demo page.\n',
    );
  });

  it('lists the allowed origins with their scopes, and tokens by fingerprint, never by value', () => {
    const config = {
      ...defaultConfig(),
      origins: {
        'https://his.example-clinic.tw': ['read' as const],
        'http://localhost:3000': ['presence' as const],
      },
      tokens: { 'a-secret-token-of-the-his': ['read' as const, 'admin' as const] },
    };
    const banner = formatBanner(factsWith({ config }));
    expect(banner).toContain(
      '  Origins    https://his.example-clinic.tw (read), http://localhost:3000 (presence)\n' +
        `  Tokens     ${tokenFingerprint('a-secret-token-of-the-his')} (read, admin)\n`,
    );
    expect(tokenFingerprint('a-secret-token-of-the-his')).toMatch(/^#[0-9a-f]{8}$/);
    expect(banner).not.toContain('a-secret-token-of-the-his');
  });
});
