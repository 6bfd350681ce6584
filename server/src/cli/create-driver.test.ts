import type { PcscProbe } from '@nhicard/native';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type NhicardConfig } from '../config/nhicard-config.js';
import {
  createDriver,
  type DriverProbes,
  DriverUnavailableError,
  decideAutoDriver,
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

function probes(options: {
  dll?: string | null;
  pcscRunning?: boolean;
  pcscReaders?: string[];
}): DriverProbes & {
  pcscLibraries: (string | undefined)[];
} {
  const pcscLibraries: (string | undefined)[] = [];
  return {
    pcscLibraries,
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
        'no csHIS.dll found and no PC/SC service (SCARD_E_NO_SERVICE (0x8010001D): the service is not running)',
    });
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
