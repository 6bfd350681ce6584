import { describe, expect, it } from 'vitest';
import type { CardDriver, DriverEvent } from '../card-driver.js';
import { DriverError } from '../driver-error.js';
import { createSimulatorDriver } from '../simulator/simulator-driver.js';
import { createCompositeDriver } from './composite-driver.js';

/** A driver with one reader `other-0` that takes QR codes and pushes events. */
function otherDriver(options: { failList?: boolean } = {}) {
  const calls: string[] = [];
  const listeners = new Set<(event: DriverEvent) => void>();
  let closed = false;
  const driver: CardDriver = {
    kind: 'vhc',
    capabilities: { sections: ['basic'], events: true },
    listReaders: async () => {
      if (options.failList) throw new DriverError('READER_ERROR', 'the SDK is down');
      return [{ id: 'other-0', name: 'Other reader' }];
    },
    status: async (readerId) => {
      calls.push(`status ${readerId}`);
      return { presence: 'ready', nativeCode: 0, insertionId: 7 };
    },
    read: async (readerId, section) => {
      calls.push(`read ${readerId} ${section}`);
      return new Uint8Array([1, 2, 3]);
    },
    submitQr: async (readerId) => {
      calls.push(`submitQr ${readerId}`);
    },
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      closed = true;
    },
  };
  return { driver, calls, listeners, isClosed: () => closed };
}

describe('createCompositeDriver', () => {
  it("lists every part's readers with their own driver kind and sections, and routes calls", async () => {
    const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
    const other = otherDriver();
    const composite = createCompositeDriver([sim, other.driver]);
    expect(composite.kind).toBe('simulator');
    expect(composite.capabilities.events).toBe(true);
    const readers = await composite.listReaders();
    expect(readers.map((reader) => [reader.id, reader.driver, reader.sections?.length])).toEqual([
      ['sim-0', 'simulator', sim.capabilities.sections.length],
      ['other-0', 'vhc', 1],
    ]);
    expect(await composite.status('other-0')).toEqual({
      presence: 'ready',
      nativeCode: 0,
      insertionId: 7,
    });
    expect(await composite.read('other-0', 'basic')).toEqual(new Uint8Array([1, 2, 3]));
    await composite.submitQr?.('other-0', 'VHCQR1.x');
    expect(other.calls).toEqual(['status other-0', 'read other-0 basic', 'submitQr other-0']);
    expect((await composite.status('sim-0')).presence).toBe('no-card');
    await expect(composite.submitQr?.('sim-0', 'VHCQR1.x')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    await expect(composite.status('nope-0')).rejects.toMatchObject({ code: 'NO_READER' });
    const seen: DriverEvent[] = [];
    const stop = composite.watch?.((event) => seen.push(event));
    for (const listener of other.listeners) listener({ type: 'reader-detached', readerId: 'x' });
    stop?.();
    expect(seen).toEqual([{ type: 'reader-detached', readerId: 'x' }]);
    expect(other.listeners.size).toBe(0);
    await composite.close();
    expect(other.isClosed()).toBe(true);
  });

  it('keeps serving the parts that answer when one cannot list its readers', async () => {
    const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
    const composite = createCompositeDriver([sim, otherDriver({ failList: true }).driver]);
    expect((await composite.listReaders()).map((reader) => reader.id)).toEqual(['sim-0']);
    await composite.close();
    const allDown = createCompositeDriver([
      otherDriver({ failList: true }).driver,
      otherDriver({ failList: true }).driver,
    ]);
    await expect(allDown.listReaders()).rejects.toThrow('the SDK is down');
  });

  it('needs at least two drivers', () => {
    expect(() => createCompositeDriver([otherDriver().driver])).toThrow(RangeError);
  });
});
