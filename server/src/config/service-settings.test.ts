import { describe, expect, it } from 'vitest';
import { configLayerFromEnv, configLayerFromFile } from './config-layer.js';
import { defaultConfig } from './nhicard-config.js';
import { resolveConfig } from './resolve-config.js';

const FILE = '/etc/nhicard/nhicard.config.json';

describe('the virtual-card and CS 6.0 settings', () => {
  it('default to the services on this machine, the virtual card in auto mode', () => {
    expect(defaultConfig()).toMatchObject({ vhc: { mode: 'auto' }, cs6: {} });
  });

  it('read the URLs and the mode from the environment', () => {
    const layer = configLayerFromEnv({
      NHICARD_VHC: 'on',
      NHICARD_VHC_URL: 'http://127.0.0.1:4033',
      NHICARD_VHC_QR_VALIDITY_MS: '60000',
      NHICARD_CS6_URL: 'https://127.0.0.1:6066',
    });
    expect(layer.errors).toEqual([]);
    expect(resolveConfig([layer]).config).toMatchObject({
      vhc: { mode: 'on', url: 'http://127.0.0.1:4033/', qrValidityMs: 60000 },
      cs6: { url: 'https://127.0.0.1:6066/' },
    });
  });

  it('refuses a URL that is not http(s), an unknown mode and a zero validity', () => {
    const text = JSON.stringify({
      vhc: { mode: 'sometimes', url: 'ftp://127.0.0.1/', qrValidityMs: 0 },
      cs6: { url: 'localhost:5066' },
    });
    expect(configLayerFromFile(text, FILE).errors.map((error) => error.message)).toEqual([
      `Invalid vhc.mode in config file ${FILE}: must be one of auto, on, off (got "sometimes")`,
      `Invalid vhc.url in config file ${FILE}: must be an http(s) URL (got "ftp://127.0.0.1/")`,
      `Invalid vhc.qrValidityMs in config file ${FILE}: must be an integer >= 1 (got 0)`,
      `Invalid cs6.url in config file ${FILE}: must be an http(s) URL (got "localhost:5066")`,
    ]);
  });
});
