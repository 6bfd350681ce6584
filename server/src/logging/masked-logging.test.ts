import type { NhiCardClient } from '@nhicard/client';
import { createSimulatorDriver } from '@nhicard/native';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { afterEach, describe, expect, it } from 'vitest';
import { connectToBroker } from '../cli/broker-connection.js';
import { type RunningServer, startServer } from '../server.js';
import { createLogger } from './create-logger.js';

let server: RunningServer | undefined;
let client: NhiCardClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close('test finished');
  server = undefined;
  client = undefined;
});

describe('masked logging over a full insert/read cycle', () => {
  it('never writes the full ID number, name or birth date of the card, even at trace', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'trace',
      destination: { write: (line) => lines.push(line) },
    });
    const driver = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
    server = await startServer({ driver, port: 0, logger, broker: { pollIntervalMs: 10 } });
    const running = server;
    // A careless caller logging whole events (card data included) through the same logger.
    const eventLog = running.broker.events$.subscribe((event) =>
      logger.trace({ event }, 'event data'),
    );
    const cardRead = firstValueFrom(
      running.broker.events$.pipe(filter((event) => event.topic === 'card.read')),
    );

    // As the CLI connects: no Origin, no token, a process of the broker's own OS user.
    ({ client } = await connectToBroker({ url: running.url }));
    expect(await client.request('subscribe', { topics: ['*'] })).toEqual({ topics: ['*'] });
    expect(await client.request('sim.insert', { card: 'adult' })).toEqual({
      reader: 'sim-0',
      card: 'adult',
    });
    await cardRead;
    const read = await client.readCard({ sections: ['basic'], fresh: true });
    const basic = read.sections.basic;
    if (basic === undefined) throw new Error('card.read gave no basic section');
    logger.debug({ basic, reader: 'sim-0' }, 'card read by %s for %s', basic.name, basic.idNumber);
    const cardRemoved = firstValueFrom(
      running.broker.events$.pipe(filter((event) => event.topic === 'card.removed')),
    );
    expect(await client.request('sim.remove', {})).toEqual({ reader: 'sim-0' });
    await cardRemoved;
    await running.close('test finished');
    eventLog.unsubscribe();

    const output = lines.join('');
    // The cycle was logged, card data included, so the absence below means masking worked.
    expect(output).toContain('"topic":"card.read"');
    expect(output).toContain('"topic":"card.removed"');
    expect(output).toContain('"topic":"server.shutdown"');
    expect(output).toContain(
      `"idNumber":"${basic.idNumber.slice(0, 3)}*****${basic.idNumber.slice(-2)}"`,
    );
    expect(basic.idNumber).toMatch(/^[A-Z][12]\d{8}$/);
    expect(basic.name.length).toBeGreaterThanOrEqual(2);
    expect(basic.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const secret of [basic.idNumber, basic.name, basic.birthDate, basic.birthDateRoc]) {
      expect(output).not.toContain(secret);
    }
  });
});
