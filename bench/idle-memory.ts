/**
 * Memory per idle connection: the broker's resident set size (RSS) with no client, then with
 * 1,000 idle clients connected (each greeted with `hello`, none subscribed), divided by 1,000.
 * Baseline, in the same run and the same way: a raw `ws` server that greets each connection
 * with a frame the size of the broker's `hello` and then holds it.
 *
 * Each server runs in a child process of its own (so the clients' memory, here, does not
 * count) and is garbage-collected before each reading; three readings a side, alternating
 * broker and baseline, and the median is reported.
 *
 * Run: `pnpm tsx bench/idle-memory.ts`. Writes the idle-memory section of docs/benchmarks.md.
 */
import { jsonCodec } from '@nhicard/protocol';
import { startBrokerProcess } from '../test/hardening/support/broker-process-handle.js';
import type { ChildHandle } from '../test/hardening/support/child-ipc.js';
import { startChild } from '../test/hardening/support/child-ipc.js';
import { RawClient } from '../test/hardening/support/raw-client.js';
import { benchSection, fixed, median, ratio, sleep, verdict } from './bench-report.helpers.js';

const section = benchSection('idle-memory');
const TOKEN = 'bench-token-memory-0000';
const CONNECTIONS = 1000;
const ROUNDS = 3;
const CONNECT_BATCH = 100;
const SETTLE_MS = 1500;
const TARGET_BYTES = 64 * 1024;

interface Reading {
  rssBytes: number;
  heapUsedBytes: number;
  /** Memory outside the JS heap: Buffers, socket buffers, native objects. */
  externalBytes: number;
}

/** Per connection: the growth of each figure from no client to {@link CONNECTIONS}. */
interface PerConnection {
  rss: number;
  heap: number;
  external: number;
}

async function reading(child: ChildHandle): Promise<Reading> {
  const reply = await child.request('memory');
  return {
    rssBytes: Number(reply.rssBytes),
    heapUsedBytes: Number(reply.heapUsedBytes),
    externalBytes: Number(reply.externalBytes),
  };
}

/** The median of three readings, each after a full garbage collection. */
async function settledReading(child: ChildHandle): Promise<Reading> {
  await sleep(SETTLE_MS);
  const readings: Reading[] = [];
  for (let index = 0; index < 3; index += 1) readings.push(await reading(child));
  return {
    rssBytes: median(readings.map((each) => each.rssBytes)),
    heapUsedBytes: median(readings.map((each) => each.heapUsedBytes)),
    externalBytes: median(readings.map((each) => each.externalBytes)),
  };
}

/** Connects the clients and resolves once each has its first frame (hello). */
async function connectIdle(url: string): Promise<{ clients: RawClient[]; firstFrame: string }> {
  const clients: RawClient[] = [];
  let firstFrame = '';
  while (clients.length < CONNECTIONS) {
    const batch = Math.min(CONNECT_BATCH, CONNECTIONS - clients.length);
    const connected = await Promise.all(
      Array.from({ length: batch }, async () => {
        const client = await RawClient.connect(url, { token: TOKEN, validate: false });
        const hello = await client.firstMessage;
        if (firstFrame === '') firstFrame = jsonCodec.encode(hello);
        return client;
      }),
    );
    clients.push(...connected);
  }
  return { clients, firstFrame };
}

async function measure(
  child: ChildHandle,
  url: string,
): Promise<{ perConnection: PerConnection; firstFrame: string }> {
  const idle = await settledReading(child);
  const { clients, firstFrame } = await connectIdle(url);
  const loaded = await settledReading(child);
  await Promise.all(clients.map((client) => client.close()));
  return {
    firstFrame,
    perConnection: {
      rss: (loaded.rssBytes - idle.rssBytes) / CONNECTIONS,
      heap: (loaded.heapUsedBytes - idle.heapUsedBytes) / CONNECTIONS,
      external: (loaded.externalBytes - idle.externalBytes) / CONNECTIONS,
    },
  };
}

async function measureBroker(): Promise<{ perConnection: PerConnection; firstFrame: string }> {
  const broker = await startBrokerProcess(
    {
      pollIntervalMs: 250,
      tokens: { [TOKEN]: ['read'] },
      limits: { maxConnectionsPerOrigin: CONNECTIONS + 10 },
    },
    { runner: 'bundle' },
  );
  try {
    return await measure(broker.handle, broker.url);
  } finally {
    await broker.handle.request('close');
    await broker.handle.exited;
  }
}

async function measureBaseline(helloJson: string): Promise<PerConnection> {
  const child = await startChild(
    new URL('./baseline-server.helpers.ts', import.meta.url),
    { mode: 'ws-idle', helloJson },
    { runner: 'bundle' },
  );
  const ready = await child.ready;
  try {
    return (await measure(child, String(ready.url))).perConnection;
  } finally {
    await child.request('close');
    await child.exited;
  }
}

const brokerRounds: PerConnection[] = [];
const baselineRounds: PerConnection[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const broker = await measureBroker();
  brokerRounds.push(broker.perConnection);
  baselineRounds.push(await measureBaseline(broker.firstFrame));
  console.log(
    `round ${round + 1}: broker ${fixed(broker.perConnection.rss / 1024, 1)} KiB RSS per connection, ` +
      `raw ws ${fixed((baselineRounds[round]?.rss ?? 0) / 1024, 1)} KiB`,
  );
}

const pick = (rounds: PerConnection[], key: keyof PerConnection): number =>
  median(rounds.map((each) => each[key]));
const kib = (bytes: number): string => fixed(bytes / 1024, 1);
/** The median with the range over the rounds, in KiB. */
const spread = (rounds: PerConnection[], key: keyof PerConnection): string => {
  const values = rounds.map((each) => each[key]);
  return `${kib(median(values))} (${kib(Math.min(...values))}–${kib(Math.max(...values))})`;
};
const brokerRss = pick(brokerRounds, 'rss');
const baselineRss = pick(baselineRounds, 'rss');
const rows = (['rss', 'heap', 'external'] as const).map((key) => {
  const label = { rss: 'RSS', heap: 'JS heap used', external: 'external (Buffers, native)' }[key];
  const target =
    key === 'rss' ? `< 64 KiB per connection: ${verdict(brokerRss < TARGET_BYTES)}` : '–';
  return `| ${label} | ${spread(brokerRounds, key)} | ${spread(baselineRounds, key)} | ${ratio(pick(brokerRounds, key), pick(baselineRounds, key))} | ${target} |`;
});

section.write(
  `## Memory per idle connection

The growth of the server process's memory from no client to ${CONNECTIONS} idle clients (JSON,
each greeted with \`hello\`, none subscribed), divided by ${CONNECTIONS}. Baseline, in the same
run and the same way: a raw \`ws\` server that greets each connection with a frame the size of
the broker's \`hello\` and holds it. Each server runs in a child process of its own (the clients'
memory is not counted; bundled into plain JavaScript and run by bare Node, as an installed
broker runs its compiled \`dist/\`), garbage-collected before each reading; ${ROUNDS} rounds alternating
broker and baseline, median reported with the range over the rounds in brackets. RSS is what the operating system charges, and it
includes how far V8 grows its heap for the load: a process that starts small (the baseline)
pays more of that growth here than one that starts with a larger heap (the broker, which has
decoded its demo cards), so the RSS ratio says little; the JS heap row is the like-for-like
comparison of what each connection holds.

${section.machineLines()}

| per idle connection | broker (KiB) | raw ws (KiB) | broker ÷ raw ws | target |
|---|---:|---:|---:|---|
${rows.join('\n')}
`,
);
console.log(`broker ${kib(brokerRss)} KiB, raw ws ${kib(baselineRss)} KiB per idle connection`);
