import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { defaultConfig } from './nhicard-config.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nhicard-config-'));
});

function writeConfig(name: string, settings: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(settings));
  return path;
}

function errorOf(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

describe('loadConfig precedence: flags > env > file > defaults', () => {
  it('takes each setting from the highest source that gives it', () => {
    writeConfig('nhicard.config.json', {
      port: 8001,
      host: '127.0.0.2',
      driver: 'simulator',
      logLevel: 'warn',
      limits: { requestTimeoutMs: 1000, requestBurst: 7 },
      simulator: { readers: 2 },
    });
    const loaded = loadConfig({
      cwd: dir,
      env: { NHICARD_PORT: '8002', NHICARD_HOST: '::1', NHICARD_REQUEST_TIMEOUT_MS: '2000' },
      flags: { port: '8003', 'request-timeout-ms': '3000' },
    });
    expect(loaded.file).toBe(join(dir, 'nhicard.config.json'));
    expect(loaded.config).toEqual({
      ...defaultConfig(),
      port: 8003,
      host: '::1',
      driver: 'simulator',
      logLevel: 'warn',
      limits: { requestTimeoutMs: 3000, requestBurst: 7 },
      simulator: { readers: 2, samAuthDelayMs: 1000 },
    });
    expect(loaded.sources).toEqual({
      port: { kind: 'flag', flag: 'port' },
      host: { kind: 'env', variable: 'NHICARD_HOST' },
      driver: { kind: 'file', path: join(dir, 'nhicard.config.json') },
      logLevel: { kind: 'file', path: join(dir, 'nhicard.config.json') },
      'limits.requestTimeoutMs': { kind: 'flag', flag: 'request-timeout-ms' },
      'limits.requestBurst': { kind: 'file', path: join(dir, 'nhicard.config.json') },
      'simulator.readers': { kind: 'file', path: join(dir, 'nhicard.config.json') },
    });
  });

  it('replaces a whole origin map from a higher source instead of merging it', () => {
    writeConfig('nhicard.config.json', { origins: { 'https://a.example.clinic': ['read'] } });
    const loaded = loadConfig({
      cwd: dir,
      env: {},
      flags: { 'allow-origin': ['https://b.example.clinic=presence'] },
    });
    expect(loaded.config.origins).toEqual({ 'https://b.example.clinic': ['presence'] });
  });

  it('uses the defaults when there is no file, no variable and no flag', () => {
    expect(loadConfig({ cwd: dir, env: {}, flags: {} })).toEqual({
      config: defaultConfig(),
      sources: {},
      file: null,
    });
  });
});

describe('loadConfig config file location', () => {
  it('prefers --config over $NHICARD_CONFIG over ./nhicard.config.json', () => {
    writeConfig('nhicard.config.json', { port: 8001 });
    writeConfig('from-env.json', { port: 8002 });
    writeConfig('from-flag.json', { port: 8003 });
    const env = { NHICARD_CONFIG: 'from-env.json' };
    expect(loadConfig({ cwd: dir, env, flags: { config: 'from-flag.json' } }).config.port).toBe(
      8003,
    );
    expect(loadConfig({ cwd: dir, env, flags: {} }).config.port).toBe(8002);
    expect(loadConfig({ cwd: dir, env: {}, flags: {} }).config.port).toBe(8001);
  });

  it('says which source named a config file that does not exist', () => {
    const missing = join(dir, 'missing.json');
    expect(
      errorOf(() => loadConfig({ cwd: dir, env: {}, flags: { config: 'missing.json' } })).message,
    ).toBe(`Config file ${missing} not found (named by flag --config)`);
    const fromEnv = errorOf(() =>
      loadConfig({ cwd: dir, env: { NHICARD_CONFIG: 'missing.json' }, flags: {} }),
    );
    expect(fromEnv.message).toBe(
      `Config file ${missing} not found (named by environment variable NHICARD_CONFIG)`,
    );
    expect(fromEnv.errors[0]?.source).toEqual({ kind: 'env', variable: 'NHICARD_CONFIG' });
  });

  it('reports the problems of every source together, flags first', () => {
    const file = writeConfig('nhicard.config.json', { port: 'seven' });
    const error = errorOf(() =>
      loadConfig({
        cwd: dir,
        env: { NHICARD_DRIVER: 'usb' },
        flags: { 'log-level': 'loud' },
      }),
    );
    expect(error.errors.map((problem) => [problem.key, problem.source])).toEqual([
      ['logLevel', { kind: 'flag', flag: 'log-level' }],
      ['driver', { kind: 'env', variable: 'NHICARD_DRIVER' }],
      ['port', { kind: 'file', path: file }],
    ]);
    expect(error.message).toBe(
      [
        'Invalid logLevel in flag --log-level: must be one of fatal, error, warn, info, debug, ' +
          'trace, silent (got "loud")',
        'Invalid driver in environment variable NHICARD_DRIVER: must be one of auto, simulator, ' +
          'pcsc, cshis, cs6, vhc (got "usb")',
        `Invalid port in config file ${file}: must be an integer from 0 to 65535 (got "seven")`,
      ].join('\n'),
    );
  });
});
