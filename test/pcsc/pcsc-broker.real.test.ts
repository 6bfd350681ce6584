import type { CardDriver } from '@nhicard/native';
import { maskName } from '@nhicard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createPcscDriver } from '../../native/src/pcsc/pcsc-driver.js';
import { Broker, type BrokerEvent } from '../../server/src/core/broker.js';
import { type RunningServer, startServer } from '../../server/src/server.js';
import { ADULT_BASIC_PCSC } from '../server/card-data.test-helpers.js';
import { TestClient } from '../server/test-client.js';
import { vpcdReaderName } from './card-host.js';
import { demoNhiCard } from './demo-card-behaviours.js';
import { pcscStackAvailable, usePcscStack } from './pcsc-test-stack.js';

const stack = usePcscStack();
const READER = vpcdReaderName(0);
const TOKEN = 'pcsc-e2e-read-token';

/** Demo card `adult` (fictional) as the broker publishes it from the PC/SC basic read. */
const ADULT_CARD_READ = {
  holder: { maskedName: maskName('林志明') },
  sections: {
    basic: ADULT_BASIC_PCSC,
  },
};

/** Resolves once `events` (from index `from`) holds one of `topic`; checked every 10 ms. */
function waitForTopic(events: BrokerEvent[], topic: string, from = 0): Promise<void> {
  const timeoutMs = 15_000;
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (events.slice(from).some((event) => event.topic === topic)) resolve();
      else if (Date.now() > deadline) reject(new Error(`no ${topic} within ${timeoutMs} ms`));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe.runIf(pcscStackAvailable)('the broker on the PC/SC driver, end to end', () => {
  let broker: Broker | undefined;
  let server: RunningServer | undefined;
  let client: TestClient | undefined;
  let driver: CardDriver | undefined;

  afterEach(async () => {
    await client?.close();
    await server?.close('test finished');
    await broker?.close();
    await driver?.close();
    client = undefined;
    server = undefined;
    broker = undefined;
    driver = undefined;
    await stack().startPcscd();
    await stack().removeCards();
  });

  /** Starts a broker on a PC/SC driver with `options`; the events it publishes, as they come. */
  async function startBroker(
    options: Parameters<typeof createPcscDriver>[0],
  ): Promise<BrokerEvent[]> {
    driver = createPcscDriver(options);
    broker = new Broker({ driver, pollIntervalMs: 100 });
    const events: BrokerEvent[] = [];
    broker.events$.subscribe((event) => events.push(event));
    await broker.start();
    return events;
  }

  it('publishes card.inserted, then card.read with the decoded basic data', async () => {
    const events = await startBroker({ settleDelayMs: 50 });
    await stack().cards.insert(0, await demoNhiCard('adult'));
    await waitForTopic(events, 'card.read');

    const forReader = events.filter((event) => event.reader === READER);
    expect(forReader.map((event) => event.topic)).toEqual([
      'reader.attached',
      'card.inserted',
      'card.reading',
      'card.read',
    ]);
    const insertion = (forReader[1]?.data as { insertion?: string } | undefined)?.insertion;
    expect(forReader[1]?.data).toEqual({ presence: 'not-ready', insertion: expect.any(String) });
    // `insurance` is in the default auto-read list but PC/SC cannot read it: left out.
    expect(forReader[2]?.data).toEqual({ section: 'basic', index: 1, total: 1, insertion });
    expect(forReader[3]?.data).toEqual({ ...ADULT_CARD_READ, insertion });
  });

  it('carries on when pcscd is killed and restarted: detached, attached, next card read', async () => {
    const events = await startBroker({ settleDelayMs: 50, recoveryInitialDelayMs: 50 });
    await stack().stopPcscd('SIGKILL', false);
    await waitForTopic(events, 'reader.detached');
    await stack().startPcscd();
    const mark = events.length;
    await stack().cards.insert(0, await demoNhiCard('adult'));
    await waitForTopic(events, 'card.read', mark);
    const forReader = events.filter((event) => event.reader === READER);
    expect(forReader.map((event) => event.topic)).toEqual([
      'reader.attached',
      'reader.detached',
      'reader.attached',
      'card.inserted',
      'card.reading',
      'card.read',
    ]);
    expect(forReader.at(-1)?.data).toEqual({ ...ADULT_CARD_READ, insertion: expect.any(String) });
  });

  it('delivers the insertion over WebSocket: card.inserted then card.read', async () => {
    driver = createPcscDriver({ settleDelayMs: 50 });
    server = await startServer({
      driver,
      port: 0,
      broker: { pollIntervalMs: 100 },
      access: { tokens: { [TOKEN]: ['read'] } },
    });
    client = await TestClient.connect(server.url, { token: TOKEN });
    const hello = await client.hello();
    expect(hello.driver).toBe('pcsc');
    expect(hello.readers.map((reader) => reader.id)).toEqual([READER, vpcdReaderName(1)]);
    expect((await client.request('subscribe', { topics: ['card.*'] })).ok).toBe(true);

    await stack().cards.insert(0, await demoNhiCard('adult'));
    await client.waitForRead();
    const events = client.events().filter((event) => event.reader === READER);
    expect(events.map((event) => event.topic)).toEqual([
      'card.inserted',
      'card.reading',
      'card.read',
    ]);
    const insertion = (events[0]?.data as { insertion?: string } | undefined)?.insertion;
    expect(events[0]?.data).toEqual({ presence: 'not-ready', insertion: expect.any(String) });
    expect(events[2]?.data).toEqual({ ...ADULT_CARD_READ, insertion });
    expect(client.invalid).toEqual([]);
  });
});
