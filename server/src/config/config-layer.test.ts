import { describe, expect, it } from 'vitest';
import { configLayerFromEnv, configLayerFromFile, configLayerFromFlags } from './config-layer.js';
import { defaultConfig } from './nhicard-config.js';
import { resolveConfig } from './resolve-config.js';

const FILE = '/etc/nhicard/nhicard.config.json';
const TOKEN = '6f1e0c2d9b8a7e4f3c5d1a0b9e8f7d6c';

function messagesOf(layer: { errors: Error[] }): string[] {
  return layer.errors.map((error) => error.message);
}

describe('configLayerFromFile', () => {
  it('reads every kind of setting, nested groups included', () => {
    // Every key given comes back as given; sameUserOnly keeps its default.
    const given = {
      port: 8800,
      host: 'localhost',
      driver: 'simulator',
      logLevel: 'debug',
      demoPage: false,
      pollIntervalMs: 100,
      autoReadSections: ['basic'],
      origins: { 'https://his.example.clinic': ['presence', 'read'] },
      tokens: { [TOKEN]: ['presence'] },
      limits: { requestTimeoutMs: 5000, requestsPerSecond: 2.5 },
      simulator: { readers: 3, samAuthDelayMs: 0, readLatencyMs: { basic: 10 } },
      pcsc: { libraryPath: '/usr/lib/x86_64-linux-gnu/libpcsclite.so.1' },
      cshis: { dllPath: 'C:\\NHI\\BIN\\csHIS.dll', nodePath: 'C:\\node32\\node.exe', port: 2 },
      tls: { port: 7767, dir: '/var/lib/nhicard/tls', certificateLifetimeDays: 3 },
      lan: {
        host: '192.168.1.21',
        port: 7771,
        certFile: '/etc/nhicard/lan.pem',
        keyFile: '/etc/nhicard/lan-key.pem',
        tokens: { [TOKEN]: ['presence'] },
        maxConnectionsPerToken: 4,
        failedTokenBurst: 3,
        failedTokensPerMinute: 2,
      },
      nats: { servers: ['nats://nats.example:4222'], site: 'taipei', workstation: 'opd-07' },
      vhc: { mode: 'on', url: 'http://127.0.0.1:3033/', qrValidityMs: 120000 },
      cs6: { url: 'https://127.0.0.1:5066/' },
    };
    const text = JSON.stringify({ $schema: './nhicard.schema.json', ...given });
    const layer = configLayerFromFile(text, FILE);
    expect(layer.errors).toEqual([]);
    expect(resolveConfig([layer]).config).toEqual({ ...given, sameUserOnly: true });
  });

  it('names the key and the file in every problem, and reports them all', () => {
    const text = JSON.stringify({
      port: 70000,
      prot: 7767,
      host: '0.0.0.0',
      driver: 'usb',
      limits: { requestTimeoutMs: -5, timeoutMs: 1 },
      simulator: 2,
      autoReadSections: ['basic', 'photo'],
      demoPage: 'yes',
    });
    expect(messagesOf(configLayerFromFile(text, FILE))).toEqual([
      `Invalid port in config file ${FILE}: must be an integer from 0 to 65535 (got 70000)`,
      `Unknown key "prot" in config file ${FILE}; known keys: port, host, driver, logLevel, ` +
        'demoPage, pollIntervalMs, autoReadSections, origins, tokens, sameUserOnly, accessFile, ' +
        'presencePort, limits, simulator, pcsc, cshis, nats, tls, lan, vhc, cs6',
      `Invalid host in config file ${FILE}: must be a loopback address (127.0.0.1, ::1 or ` +
        'localhost): for other PCs use LAN mode (lan.host with a certificate and tokens, ' +
        'docs/lan-mode.md) (got "0.0.0.0")',
      `Invalid driver in config file ${FILE}: must be one of auto, simulator, pcsc, cshis, cs6, vhc (got "usb")`,
      `Invalid limits.requestTimeoutMs in config file ${FILE}: must be an integer >= 1 (got -5)`,
      `Unknown key "limits.timeoutMs" in config file ${FILE}; known keys: limits.maxPayloadBytes, ` +
        'limits.maxRequestsInFlight, limits.requestsPerSecond, limits.requestBurst, ' +
        'limits.maxConnectionsPerOrigin, limits.maxBufferedBytes, limits.requestTimeoutMs, ' +
        'limits.pingIntervalMs',
      `Invalid simulator in config file ${FILE}: must be an object (got 2)`,
      `Invalid autoReadSections in config file ${FILE}: unknown section "photo"; sections: basic, ` +
        'insurance, insuranceBrief, prevent, pregnancy, treatments, treatmentsHpc, ' +
        'criticalIllness, cumulative, vaccinations, organDonation, emergencyPhone, lastVisitSeq, ' +
        'prescriptions, longTermPrescriptions, importantOrders, allergies',
      `Invalid demoPage in config file ${FILE}: must be true or false (got "yes")`,
    ]);
  });

  it('refuses text that is not JSON, or JSON that is not an object', () => {
    expect(messagesOf(configLayerFromFile('{"port": 7766,}', FILE))).toEqual([
      `Config file ${FILE} is not valid JSON: ${jsonErrorOf('{"port": 7766,}')}`,
    ]);
    expect(messagesOf(configLayerFromFile('[7766]', FILE))).toEqual([
      `Config file ${FILE} must hold a JSON object of settings`,
    ]);
  });

  it('checks origins exactly and never quotes a token', () => {
    const text = JSON.stringify({
      origins: { 'https://his.example.clinic/': ['read'] },
      tokens: { 'too-short': ['admin'] },
    });
    expect(messagesOf(configLayerFromFile(text, FILE))).toEqual([
      `Invalid origins in config file ${FILE}: origin "https://his.example.clinic/" must be ` +
        'exactly scheme://host[:port] as a browser sends it (http or https, lower case, no path ' +
        'or trailing slash), e.g. https://his.example.clinic (file: pages and sandboxed frames ' +
        'send the opaque origin null)',
      `Invalid tokens in config file ${FILE}: token 1 carries about 52 bits of entropy, fewer ` +
        'than 128: make one with `openssl rand -hex 32` (64 hex digits)',
    ]);
    // Long is not enough: a token must look random. 32 hex digits are exactly 128 bits.
    for (const [token, ok] of [
      ['a'.repeat(40), false],
      ['ab'.repeat(30), false],
      ['kiosk-token-1', false],
      [TOKEN, true],
      ['Zq3_x9LmP0vB7nR2tW5yK8cD', true],
    ] as const) {
      const layer = configLayerFromFile(JSON.stringify({ tokens: { [token]: ['read'] } }), FILE);
      expect([token, layer.errors.length === 0]).toEqual([token, ok]);
    }
    const badScope = JSON.stringify({ tokens: { [TOKEN]: ['presence', 'write'] } });
    expect(messagesOf(configLayerFromFile(badScope, FILE))).toEqual([
      `Invalid tokens in config file ${FILE}: unknown scope "write" for token 1; scopes: ` +
        'presence, read, admin',
    ]);
  });
});

function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected invalid JSON');
}

describe('configLayerFromEnv', () => {
  it('reads text values and leaves unset, empty and unrelated variables alone', () => {
    const layer = configLayerFromEnv({
      NHICARD_PORT: '0',
      NHICARD_HOST: '',
      NHICARD_DEMO_PAGE: 'off',
      NHICARD_AUTO_READ_SECTIONS: 'basic, insurance,treatments',
      NHICARD_ORIGINS: 'https://his.example.clinic=read,presence http://127.0.0.1:3000=presence',
      NHICARD_TOKENS: `${TOKEN}==admin`,
      NHICARD_SIM_READ_LATENCY_MS: '12.5',
      NHICARD_TEST_REQUIRE: 'all',
    });
    expect(layer.errors).toEqual([]);
    const { config, sources } = resolveConfig([layer]);
    expect(config).toEqual({
      ...defaultConfig(),
      port: 0,
      demoPage: false,
      autoReadSections: ['basic', 'insurance', 'treatments'],
      origins: {
        'https://his.example.clinic': ['read', 'presence'],
        'http://127.0.0.1:3000': ['presence'],
      },
      tokens: { [`${TOKEN}=`]: ['admin'] },
      simulator: { readers: 1, samAuthDelayMs: 1000, readLatencyMs: 12.5 },
    });
    expect(sources.port).toEqual({ kind: 'env', variable: 'NHICARD_PORT' });
    expect(sources.host).toBeUndefined();
  });

  it('names the variable in every problem', () => {
    const layer = configLayerFromEnv({
      NHICARD_PORT: '80a',
      NHICARD_LOG_LEVEL: 'verbose',
      NHICARD_DEMO_PAGE: 'maybe',
      NHICARD_ORIGINS: 'https://his.example.clinic=read http://localhost:3000',
      NHICARD_TOKENS: `${TOKEN}=read,write`,
      NHICARD_SIM_READERS: '65',
      NHICARD_REQUESTS_PER_SECOND: '0',
    });
    expect(messagesOf(layer)).toEqual([
      'Invalid port in environment variable NHICARD_PORT: must be an integer from 0 to 65535 ' +
        '(got "80a")',
      'Invalid logLevel in environment variable NHICARD_LOG_LEVEL: must be one of fatal, error, ' +
        'warn, info, debug, trace, silent (got "verbose")',
      'Invalid demoPage in environment variable NHICARD_DEMO_PAGE: must be true or false (or ' +
        '1/0, yes/no, on/off) (got "maybe")',
      'Invalid origins in environment variable NHICARD_ORIGINS: entry 2 must be ' +
        '<origin>=<scope>,<scope>… (scopes: presence, read, admin) (got "http://localhost:3000")',
      'Invalid tokens in environment variable NHICARD_TOKENS: unknown scope "write" for token 1; ' +
        'scopes: presence, read, admin',
      'Invalid limits.requestsPerSecond in environment variable NHICARD_REQUESTS_PER_SECOND: ' +
        'must be a number > 0 (got "0")',
      'Invalid simulator.readers in environment variable NHICARD_SIM_READERS: must be an ' +
        'integer from 0 to 64 (got "65")',
    ]);
  });
});

describe('configLayerFromFlags', () => {
  it('reads values, switches and repeated flags', () => {
    const layer = configLayerFromFlags({
      port: '7767',
      'demo-page': false,
      'auto-read': 'none',
      'allow-origin': ['https://a.example.clinic=read', 'https://b.example.clinic=presence'],
      'request-timeout-ms': '2500',
      config: './other.json',
    });
    expect(layer.errors).toEqual([]);
    expect(resolveConfig([layer]).config).toEqual({
      ...defaultConfig(),
      port: 7767,
      demoPage: false,
      autoReadSections: [],
      origins: {
        'https://a.example.clinic': ['read'],
        'https://b.example.clinic': ['presence'],
      },
      limits: { requestTimeoutMs: 2500 },
    });
  });

  it('names the flag in every problem', () => {
    const layer = configLayerFromFlags({
      port: '-1',
      host: '192.168.1.10',
      'allow-token': ['short=admin'],
      'sim-sam-delay-ms': '1.5',
    });
    expect(messagesOf(layer)).toEqual([
      'Invalid port in flag --port: must be an integer from 0 to 65535 (got "-1")',
      'Invalid host in flag --host: must be a loopback address (127.0.0.1, ::1 or localhost): ' +
        'for other PCs use LAN mode (lan.host with a certificate and tokens, docs/lan-mode.md) ' +
        '(got "192.168.1.10")',
      'Invalid tokens in flag --allow-token: token 1 carries about 23 bits of entropy, fewer ' +
        'than 128: make one with `openssl rand -hex 32` (64 hex digits)',
      'Invalid simulator.samAuthDelayMs in flag --sim-sam-delay-ms: must be an integer >= 0 ' +
        '(got "1.5")',
    ]);
  });
});
