import {
  createSimulatorDriver,
  loadDemoCard,
  type SimulatorDriver,
  type SimulatorDriverOptions,
  type VirtualCard,
} from '@nhicard/native';
import type { ServerMessage, Topic } from '@nhicard/protocol';
import { afterEach, expect } from 'vitest';
import type { BrokerOptions } from '../../../server/src/core/broker-options.js';
import { type RunningServer, startServer } from '../../../server/src/server.js';
import { TestClient } from '../../server/test-client.js';
import { TOKENS } from '../../server/test-server.js';
import { CODE_HINTS } from './code-hints.js';
import { type DriverFaults, type FaultyDriver, withDriverFaults } from './fault-driver.js';

/** A short deadline table, so a hung call is given up on quickly. */
export const FAULT_BROKER_OPTIONS = {
  pollIntervalMs: 5,
  readerScanIntervalMs: 20,
  deadlines: { statusMs: 200, readMs: 300, settleMs: 300 },
} as const satisfies Omit<BrokerOptions, 'driver'>;

/** A broker on a simulator with switchable driver faults, watched by one client. */
export interface FaultServer {
  server: RunningServer;
  sim: SimulatorDriver;
  faults: DriverFaults;
  /** The wrapped driver's counters and read hold. */
  faulty: FaultyDriver;
  /** An admin client subscribed to every topic. */
  client: TestClient;
  /** The adult demo card. */
  adult: VirtualCard;
  /**
   * Inserts {@link adult} into sim-0 and waits for its automatic read; resolves with the index
   * of the client's next message, where what a test does next starts.
   */
  insertAdult(): Promise<number>;
}

/** The events of one insertion whose automatic read goes without trouble. */
export const CLEAN_INSERTION: readonly Topic[] = [
  'card.inserted',
  'card.reading',
  'card.read',
  'card.reading',
  'card.read',
];

/**
 * Starts a broker on a fresh simulator (zero latency, no SAM delay unless `simulator` says),
 * with {@link FAULT_BROKER_OPTIONS} changed by `broker`.
 */
export async function startFaultServer(
  simulator: SimulatorDriverOptions = {},
  broker: Partial<Omit<BrokerOptions, 'driver'>> = {},
): Promise<FaultServer> {
  const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0, ...simulator });
  const faulty = withDriverFaults(sim);
  const { driver, faults } = faulty;
  const server = await startServer({
    port: 0,
    driver,
    demoPage: false,
    broker: { ...FAULT_BROKER_OPTIONS, ...broker },
    access: { tokens: { [TOKENS.admin]: ['read', 'admin'] } },
  });
  const client = await TestClient.connect(server.url, { token: TOKENS.admin });
  await client.request('subscribe', { topics: ['*'] });
  const adult = await loadDemoCard('adult');
  async function insertAdult(): Promise<number> {
    sim.insert('sim-0', adult);
    await client.waitForRead();
    return client.messages.length;
  }
  return { server, sim, faults, faulty, client, adult, insertAdult };
}

/** `startFaultServer` for the tests of a file: the server a test started is closed after it. */
export function faultServerPerTest(): typeof startFaultServer {
  let running: FaultServer | undefined;
  afterEach(async () => {
    await running?.server.close();
    running = undefined;
  });
  return async (simulator, broker) => {
    running = await startFaultServer(simulator, broker);
    return running;
  };
}

/** The events of the first insertion ended by a reader fault: the removal, then the fault. */
export function endedByFault(
  code: keyof typeof CODE_HINTS,
  message: string,
): { topic: Topic; data: unknown }[] {
  return [
    { topic: 'card.removed', data: { insertion: 'insertion-1' } },
    {
      topic: 'card.error',
      data: { error: { code, message, retryable: true, ...CODE_HINTS[code] } },
    },
  ];
}

/** Waits for the card's read after a fault cleared: removed, the fault, then a clean insertion. */
export async function expectRecovered(client: TestClient, from: number): Promise<void> {
  await client.waitForRead(from);
  expect(topicsSince(client, from)).toStrictEqual([
    'card.removed',
    'card.error',
    ...CLEAN_INSERTION,
  ]);
}

/** Topic and data of the events from message index `from` on (seq and time left out). */
export function eventsSince(client: TestClient, from: number): { topic: Topic; data: unknown }[] {
  const labels = new Map<string, string>();
  return client.messages.slice(from).flatMap((message: ServerMessage) => {
    if (message.type !== 'event') return [];
    const data = message.data as { insertion?: string };
    if (data.insertion === undefined) return [{ topic: message.topic, data }];
    // Insertion ids differ per run: each becomes `insertion-N` in order of appearance.
    const label = labels.get(data.insertion) ?? `insertion-${labels.size + 1}`;
    labels.set(data.insertion, label);
    return [{ topic: message.topic, data: { ...data, insertion: label } }];
  });
}

/** The topics of the events from message index `from` on. */
export function topicsSince(client: TestClient, from: number): Topic[] {
  return eventsSince(client, from).map((event) => event.topic);
}
