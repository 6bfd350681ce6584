/**
 * Event fan-out benchmark: 1, 100 and 1,000 clients subscribed to `card.inserted`; the time
 * from the simulator's state change (the card goes in) to each client receiving the event.
 * Baseline, in the same run: a raw `ws` server broadcasting the same bytes to as many clients.
 *
 * The broker and the baseline server run in this process; their clients run in a child process
 * (bench/fanout-clients.helpers.ts), as browsers would, so server and clients each have a core.
 * Rounds alternate between broker and baseline, so load from elsewhere on the machine hits both
 * alike. The child's clock is mapped onto this one with an offset measured over IPC.
 *
 * The broker polls every 1 ms; its figures are given from the state change (poll wait
 * included) and from the moment the poll saw the change (its own work, comparable to the
 * baseline's, which starts at the broadcast call).
 *
 * Run: `pnpm tsx bench/event-fanout.ts`. Writes the event-fanout section of docs/benchmarks.md.
 */
import type { AddressInfo } from 'node:net';
import { createSimulatorDriver, loadDemoCard, type SimulatorDriver } from '@nhicard/native';
import { jsonCodec } from '@nhicard/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Broker } from '../server/src/core/broker.js';
import { startServer } from '../server/src/server.js';
import { type ChildHandle, startChild } from '../test/hardening/support/child-ipc.js';
import {
  fixed,
  machineInfo,
  machineLines,
  percentile,
  ratio,
  sleep,
  verdict,
  writeDocSection,
} from './bench-report.helpers.js';

const machine = machineInfo();
const COMMAND = 'pnpm tsx bench/event-fanout.ts';
const TOKEN = 'bench-token-fanout-0000';
/** Rounds (insertions) per client count. */
const ROUNDS: ReadonlyMap<number, number> = new Map([
  [1, 300],
  [100, 100],
  [1000, 40],
]);
const TARGET_P99_MS = 50;
const CLOCK_SAMPLES = 50;

/** Milliseconds on the clock both processes can share (see fanout-clients.helpers.ts). */
const clock = (): number => performance.timeOrigin + performance.now();

/** The child's clock minus ours, from the IPC round trip with the smallest delay. */
async function clockOffset(child: ChildHandle): Promise<{ offsetMs: number; errorMs: number }> {
  let best = { offsetMs: 0, errorMs: Number.POSITIVE_INFINITY };
  for (let sample = 0; sample < CLOCK_SAMPLES; sample += 1) {
    const sentAt = clock();
    const reply = await child.request('clock');
    const receivedAt = clock();
    const errorMs = (receivedAt - sentAt) / 2;
    if (errorMs < best.errorMs)
      best = { offsetMs: Number(reply.now) - (sentAt + errorMs), errorMs };
  }
  return best;
}

function published(broker: Broker, topic: 'card.read' | 'card.removed'): Promise<void> {
  return new Promise((resolve) => {
    const subscription = broker.events$.subscribe((event) => {
      if (event.topic !== topic) return;
      subscription.unsubscribe();
      resolve();
    });
  });
}

interface Samples {
  brokerFromChange: number[];
  brokerFromPoll: number[];
  baseline: number[];
}

async function measure(
  child: ChildHandle,
  clientCount: number,
  rounds: number,
  offsetMs: number,
): Promise<Samples> {
  const sim = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
  // When the poll first saw the card, per round.
  let pollSawCardAt = Number.NaN;
  let lastPresence = 'no-card';
  const driver: SimulatorDriver = {
    ...sim,
    async status(readerId) {
      const status = await sim.status(readerId);
      if (status.presence === 'ready' && lastPresence !== 'ready') pollSawCardAt = clock();
      lastPresence = status.presence;
      return status;
    },
  };
  const server = await startServer({
    port: 0,
    driver,
    demoPage: false,
    broker: { pollIntervalMs: 1 },
    access: { tokens: { [TOKEN]: ['read'] } },
    limits: { maxConnectionsPerOrigin: clientCount + 10 },
  });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => sockets.push(socket));
  const rawUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
  await child.request('connect', {
    name: 'broker',
    url: server.url,
    token: TOKEN,
    count: clientCount,
    subscribe: true,
  });
  await child.request('connect', {
    name: 'raw',
    url: rawUrl,
    token: TOKEN,
    count: clientCount,
    subscribe: false,
  });
  while (sockets.length < clientCount) await sleep(5);

  const card = await loadDemoCard('adult');
  // The same bytes the broker sends for an insertion (seq and time differ in value only).
  const frame = jsonCodec.encode({
    type: 'event',
    topic: 'card.inserted',
    seq: 1000,
    time: new Date().toISOString(),
    reader: 'sim-0',
    data: { presence: 'ready' },
  });
  const samples: Samples = { brokerFromChange: [], brokerFromPoll: [], baseline: [] };
  const arrivalsOf = async (name: string): Promise<number[]> =>
    ((await child.request('collect', { name })).arrivals as number[]).map((at) => at - offsetMs);
  for (let round = 1; round <= rounds; round += 1) {
    const brokerRound = child.request('await-round', { name: 'broker', round });
    const autoRead = published(server.broker, 'card.read');
    const changedAt = clock();
    sim.insert('sim-0', card);
    await brokerRound;
    for (const at of await arrivalsOf('broker')) {
      samples.brokerFromChange.push(at - changedAt);
      samples.brokerFromPoll.push(at - pollSawCardAt);
    }
    await autoRead;
    const removed = published(server.broker, 'card.removed');
    sim.remove('sim-0');
    await removed;

    const rawRound = child.request('await-round', { name: 'raw', round });
    await sleep(1);
    const sentAt = clock();
    for (const socket of sockets) socket.send(frame);
    await rawRound;
    for (const at of await arrivalsOf('raw')) samples.baseline.push(at - sentAt);
    // Off the poll's phase, so the next change lands anywhere within a poll interval.
    await sleep(1 + (round % 3));
  }
  await child.request('disconnect', { name: 'broker' });
  await child.request('disconnect', { name: 'raw' });
  await server.close();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  return samples;
}

const child = await startChild(
  new URL('./fanout-clients.helpers.ts', import.meta.url),
  {},
  {
    runner: 'bundle',
  },
);
await child.ready;
const clockBefore = await clockOffset(child);
const rows: { clients: number; samples: Samples }[] = [];
let clockAfter = clockBefore;
try {
  for (const [clientCount, rounds] of ROUNDS) {
    const samples = await measure(child, clientCount, rounds, clockBefore.offsetMs);
    rows.push({ clients: clientCount, samples });
    const p = (values: number[], q: number): string => fixed(percentile(values, q));
    console.log(
      `${clientCount} clients: broker from the change p50 ${p(samples.brokerFromChange, 50)} / p99 ${p(samples.brokerFromChange, 99)} ms, ` +
        `from the poll ${p(samples.brokerFromPoll, 50)} / ${p(samples.brokerFromPoll, 99)}; ` +
        `raw ws ${p(samples.baseline, 50)} / ${p(samples.baseline, 99)}`,
    );
  }
  clockAfter = await clockOffset(child);
} finally {
  await child.request('close');
  await child.exited;
}
const clockDriftMs = Math.abs(clockAfter.offsetMs - clockBefore.offsetMs);

const table = rows.map(({ clients, samples }) => {
  const p = (values: number[], q: number): number => percentile(values, q);
  const target =
    clients === 1000
      ? `p99 < ${TARGET_P99_MS} ms from the change: ${verdict(p(samples.brokerFromChange, 99) < TARGET_P99_MS)}`
      : '–';
  return `| ${clients} | ${samples.brokerFromChange.length} | ${fixed(p(samples.brokerFromChange, 50))} / ${fixed(p(samples.brokerFromChange, 99))} | ${fixed(p(samples.brokerFromPoll, 50))} / ${fixed(p(samples.brokerFromPoll, 99))} | ${fixed(p(samples.baseline, 50))} / ${fixed(p(samples.baseline, 99))} | ${ratio(p(samples.brokerFromPoll, 50), p(samples.baseline, 50))} / ${ratio(p(samples.brokerFromPoll, 99), p(samples.baseline, 99))} | ${target} |`;
});

writeDocSection(
  'event-fanout',
  `## Event fan-out

Clients subscribed to \`card.inserted\` (JSON, \`read\` scope). Each round the simulator's card
goes in, every client's receipt of \`card.inserted\` is timed, and the card is removed. The
broker polls every **1 ms** (the default is 250 ms: at the default, add up to one poll
interval, 125 ms on average, to "from the change"). "From the change" starts when the
simulator's state changes, poll wait included; "from the poll" starts when the poll saw the
change: the broker's own work. Baseline, in the same run: a raw \`ws\` server broadcasting the
same bytes (a \`card.inserted\` frame like the broker's) to as many clients, timed from the
broadcast call. Servers run in the benchmark's process, clients in a child process (one core
each); rounds alternate between broker and baseline. Clocks: the child's is mapped onto the
parent's with an offset measured over IPC (uncertainty ±${fixed(clockBefore.errorMs, 3)} ms; it
moved by ${fixed(clockDriftMs, 3)} ms over the run).
Times in ms, p50 / p99 over every client of every round.

${machineLines(machine, COMMAND)}

| clients | samples | broker from the change | broker from the poll | raw ws broadcast | broker (from the poll) ÷ raw ws | target |
|---:|---:|---:|---:|---:|---:|---|
${table.join('\n')}
`,
);
