import { describe, expect, it } from 'vitest';
import { FakePcscApi } from './fake-pcsc-api.test-helpers.js';
import { probePcsc } from './probe-pcsc.js';

describe('probePcsc', () => {
  it('reports a service that does not answer, with the code and its meaning', async () => {
    const api = new FakePcscApi();
    api.setRunning(false);
    expect(await probePcsc({ api })).toEqual({
      library: { loaded: true, path: null },
      service: {
        running: false,
        code: 0x8010001d,
        message: 'SCARD_E_NO_SERVICE (0x8010001D): The PC/SC smart card service is not running',
      },
      readers: [],
    });
  });

  it('reports a running service without readers', async () => {
    const api = new FakePcscApi();
    expect(await probePcsc({ api })).toEqual({
      library: { loaded: true, path: null },
      service: { running: true, code: null, message: 'running' },
      readers: [],
    });
  });

  it('lists the readers with what is in each slot, and leaves nothing open', async () => {
    const api = new FakePcscApi();
    api.addReader('Reader A');
    api.addReader('Reader B');
    api.addReader('Reader C');
    api.insert('Reader B', () => ({ response: '9000' }));
    api.setSlot('Reader C', 0x220, new Uint8Array(), null, 1);
    const probe = await probePcsc({ api });
    expect(probe.readers).toEqual([
      { name: 'Reader A', slot: 'empty', atr: null },
      { name: 'Reader B', slot: 'card', atr: '3B80800101' },
      { name: 'Reader C', slot: 'mute-card', atr: null },
    ]);
    expect(api.calls).toEqual([
      'establish',
      'list',
      'wait Reader A=0 Reader B=0 Reader C=0',
      'release 1',
    ]);
  });

  it('reports a library that cannot be loaded without throwing', async () => {
    const probe = await probePcsc({ libraryPath: '/nonexistent/libpcsclite.so.1' });
    expect(probe.library.loaded).toBe(false);
    expect(probe.library.path).toBe('/nonexistent/libpcsclite.so.1');
    expect(probe.library.error).toMatch(/^The PC\/SC library could not be loaded/);
    expect(probe.service).toEqual({
      running: false,
      code: null,
      message: 'PC/SC library not loaded',
    });
    expect(probe.readers).toEqual([]);
  });
});
