import type { PcscProbe } from '@nhicard/native';
import { SECTION_IDS } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type NhicardConfig } from '../config/nhicard-config.js';
import {
  createDriver,
  type DriverProbes,
  DriverUnavailableError,
  decideAutoDriver,
  decideVirtualCard,
} from './create-driver.js';

function pcscProbe(running: boolean, readers: string[] = []): PcscProbe {
  return {
    library: { loaded: true, path: 'libpcsclite.so.1' },
    service: running
      ? { running: true, code: null, message: 'running' }
      : {
          running: false,
          code: 0x8010001d,
          message: 'SCARD_E_NO_SERVICE (0x8010001D): the service is not running',
        },
    readers: readers.map((name) => ({ name, slot: 'empty', atr: null })),
  };
}

const CS6_URL = 'https://localhost:5066/';
const VHC_URL = 'http://localhost:3033/';

function probes(options: {
  dll?: string | null;
  pcscRunning?: boolean;
  pcscReaders?: string[];
  cs6?: boolean;
  vhc?: boolean;
}): DriverProbes & {
  pcscLibraries: (string | undefined)[];
  vhcUrls: (string | undefined)[];
} {
  const pcscLibraries: (string | undefined)[] = [];
  const vhcUrls: (string | undefined)[] = [];
  return {
    pcscLibraries,
    vhcUrls,
    probeCs6: async (url) =>
      options.cs6 === true
        ? {
            url: url ?? CS6_URL,
            answers: true,
            state: { initialized: true, samStatus: 2, hpcStatus: 0, hcStatus: 0 },
            detail: 'initialised, SAM authenticated, no HPC, no NHI card',
          }
        : { url: url ?? CS6_URL, answers: false, state: null, detail: 'ECONNREFUSED' },
    probeVhc: async (url) => {
      vhcUrls.push(url);
      return options.vhc === true
        ? { url: url ?? VHC_URL, answers: true, detail: 'answers (HTTP 404)' }
        : {
            url: url ?? VHC_URL,
            answers: false,
            detail: `${url ?? VHC_URL} cannot be reached (ECONNREFUSED)`,
          };
    },
    findCshisDll: (search = {}) => ({
      dllPath: options.dll ?? null,
      searched: search.dllPath ? [search.dllPath] : [],
    }),
    probePcsc: async (libraryPath) => {
      pcscLibraries.push(libraryPath);
      return pcscProbe(options.pcscRunning ?? false, options.pcscReaders);
    },
  };
}

const config = (change: (config: NhicardConfig) => void = () => {}): NhicardConfig => {
  const result = defaultConfig();
  change(result);
  return result;
};

describe('decideAutoDriver', () => {
  it('prefers csHIS.dll where it is installed, without asking PC/SC', async () => {
    const found = probes({ dll: 'C:\\NHI\\BIN\\csHIS.dll', pcscRunning: true });
    expect(await decideAutoDriver(config(), found)).toEqual({
      kind: 'cshis',
      reason: 'csHIS.dll found at C:\\NHI\\BIN\\csHIS.dll',
    });
    expect(found.pcscLibraries).toEqual([]);
  });

  it('takes PC/SC when the service answers, with the configured library', async () => {
    const found = probes({ pcscRunning: true, pcscReaders: ['ACS ACR39U 00 00'] });
    const withLibrary = config((c) => {
      c.pcsc.libraryPath = '/opt/pcsc/libpcsclite.so.1';
    });
    expect(await decideAutoDriver(withLibrary, found)).toEqual({
      kind: 'pcsc',
      reason: 'the PC/SC service answers (1 reader(s))',
    });
    expect(found.pcscLibraries).toEqual(['/opt/pcsc/libpcsclite.so.1']);
  });

  it('falls back to the simulator and says why', async () => {
    expect(await decideAutoDriver(config(), probes({ pcscRunning: false }))).toEqual({
      kind: 'simulator',
      reason:
        'no csHIS.dll found, no CS 6.0 console at https://localhost:5066/ and no PC/SC service (SCARD_E_NO_SERVICE (0x8010001D): the service is not running)',
    });
  });

  it('takes the CS 6.0 console before PC/SC when it answers, and says what it reported', async () => {
    expect(await decideAutoDriver(config(), probes({ cs6: true, pcscRunning: true }))).toEqual({
      kind: 'cs6',
      reason:
        'the CS 6.0 console answers at https://localhost:5066/ (initialised, SAM authenticated, no HPC, no NHI card)',
    });
  });
});

describe('decideVirtualCard', () => {
  it('adds the virtual card in auto mode only when the SDK answers, at the configured URL', async () => {
    const found = probes({ vhc: true });
    const withUrl = config((c) => {
      c.vhc.url = 'http://127.0.0.1:4033/';
    });
    expect(await decideVirtualCard(withUrl, 'simulator', found)).toEqual({
      enabled: true,
      reason: 'the virtual-card SDK answers at http://127.0.0.1:4033/',
    });
    expect(found.vhcUrls).toEqual(['http://127.0.0.1:4033/']);
    expect(await decideVirtualCard(config(), 'pcsc', probes({ vhc: false }))).toEqual({
      enabled: false,
      reason: 'no virtual-card SDK (http://localhost:3033/ cannot be reached (ECONNREFUSED))',
    });
  });

  it('follows vhc.mode on and off without probing, and never doubles the main vhc driver', async () => {
    const found = probes({ vhc: true });
    const on = config((c) => {
      c.vhc.mode = 'on';
    });
    const off = config((c) => {
      c.vhc.mode = 'off';
    });
    expect(await decideVirtualCard(on, 'simulator', found)).toEqual({
      enabled: true,
      reason: 'vhc.mode is on',
    });
    expect(await decideVirtualCard(off, 'simulator', found)).toEqual({
      enabled: false,
      reason: 'vhc.mode is off',
    });
    expect(await decideVirtualCard(on, 'vhc', found)).toEqual({
      enabled: false,
      reason: 'it is the main driver',
    });
    expect(found.vhcUrls).toEqual([]);
  });
});

describe('createDriver', () => {
  it('starts the simulator that auto picked, with the simulator settings', async () => {
    const selection = await createDriver(
      config((c) => {
        c.simulator.readers = 2;
      }),
      probes({ pcscRunning: false }),
    );
    try {
      expect(selection.driver.kind).toBe('simulator');
      expect((await selection.driver.listReaders()).map((reader) => reader.id)).toEqual([
        'sim-0',
        'sim-1',
      ]);
    } finally {
      await selection.driver.close();
    }
  });

  it('serves the simulator and the virtual card side by side when the SDK answers', async () => {
    const selection = await createDriver(config(), probes({ vhc: true }));
    try {
      expect(selection.driver.kind).toBe('simulator');
      expect(await selection.driver.listReaders()).toEqual([
        {
          id: 'sim-0',
          name: 'Simulated reader 0',
          driver: 'simulator',
          sections: SECTION_IDS,
        },
        {
          id: 'vhc-0',
          name: 'Virtual NHI card (虛擬健保卡)',
          driver: 'vhc',
          sections: ['basic', 'insurance'],
        },
      ]);
      expect(selection.reason).toMatch(/; virtual card: on, the virtual-card SDK answers at /);
    } finally {
      await selection.driver.close();
    }
  });

  it('says why a chosen driver cannot start', async () => {
    const missingDll = config((c) => {
      c.driver = 'cshis';
      c.cshis.dllPath = '/nonexistent/csHIS.dll';
    });
    const failure = createDriver(missingDll, probes({}));
    await expect(failure).rejects.toBeInstanceOf(DriverUnavailableError);
    await expect(failure).rejects.toThrow(
      'The cshis driver cannot start: the csHIS host could not start: cannot load ' +
        '/nonexistent/csHIS.dll: Failed to load shared library: cannot open shared object file: ' +
        'No such file or directory. Use --driver simulator to run without a reader.',
    );
  });
});
