import { type CardDriver, createSimulatorDriver } from '@nhicard/native';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../core/broker.js';
import { DriverHealth } from './driver-health.js';

const NO_SERVICE =
  'the PC/SC service cannot be reached: SCARD_E_NO_SERVICE (0x8010001D): The PC/SC smart card service is not running';

interface LogLine {
  level: number;
  msg: string;
  reasons?: string[];
}

function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const stoppers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stoppers.splice(0)) await stop();
});

async function brokerOn(driver: CardDriver): Promise<Broker> {
  const broker = new Broker({ driver, readerScanIntervalMs: 60_000 });
  await broker.start();
  stoppers.push(() => broker.close());
  return broker;
}

/** A service probe whose answers the test sets, resolving `calls(n)` once it was asked n times. */
function scriptedProbe(): {
  probe: () => Promise<string | null>;
  answer: { value: string | null };
  calls: (count: number) => Promise<void>;
} {
  const answer = { value: NO_SERVICE as string | null };
  let count = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  return {
    answer,
    probe: async () => {
      count += 1;
      for (const waiter of waiting.filter((entry) => entry.count <= count)) waiter.resolve();
      return answer.value;
    },
    calls: (wanted) =>
      new Promise((resolve) => {
        if (count >= wanted) resolve();
        else waiting.push({ count: wanted, resolve });
      }),
  };
}

describe('DriverHealth', () => {
  it('is degraded with the service reason, and warns once per change, not per check', async () => {
    const driver = createSimulatorDriver({ readers: 0 });
    const broker = await brokerOn(driver);
    const { logger, lines } = capturingLogger();
    const { probe, answer, calls } = scriptedProbe();
    const health = new DriverHealth(broker, driver, logger, probe, 5);
    stoppers.push(async () => health.stop());
    await health.start();
    expect(health.state).toEqual({ status: 'degraded', reasons: [NO_SERVICE] });
    await calls(5);
    expect(lines.filter((line) => line.msg === 'broker degraded')).toEqual([
      expect.objectContaining({ level: 40, reasons: [NO_SERVICE] }),
    ]);
    // The service answers again, still without a reader: one more warning, with the new reason.
    answer.value = null;
    await calls(10);
    expect(health.state).toEqual({ status: 'degraded', reasons: ['no card reader is attached'] });
    expect(lines.map((line) => [line.msg, line.reasons])).toEqual([
      ['broker degraded', [NO_SERVICE]],
      ['broker degraded', ['no card reader is attached']],
    ]);
  });

  it('is ok, and logs nothing, with a reader attached', async () => {
    const driver = createSimulatorDriver({ readers: 1 });
    const broker = await brokerOn(driver);
    const { logger, lines } = capturingLogger();
    const { probe } = scriptedProbe();
    const health = new DriverHealth(broker, driver, logger, probe, 60_000);
    await health.start();
    health.stop();
    expect(health.state).toEqual({ status: 'ok', reasons: [] });
    expect(lines).toEqual([]);
  });
});
