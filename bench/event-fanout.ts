/**
 * Event fan-out benchmark: 100 to 10,000 clients subscribed to `card.inserted`, half holding
 * the `read` scope and half `presence` (two data views per event), over JSON and MessagePack;
 * the time from the broker putting the event out to each client receiving it, and the server
 * process's CPU time per client per event. Baseline, in the same run: a raw `ws` server
 * sending the same bytes to as many clients (its usual broadcast loop).
 *
 * Four processes besides this one: the broker and the raw server (pinned to one core, see
 * bench/cpu-pinning.helpers.ts), and one client process for each (pinned to the other core).
 * The broker runs on the event-pushing simulator with a poll of an hour, so it does no work
 * while the baseline is measured. Rounds alternate between broker and baseline.
 *
 * Run: `pnpm tsx bench/event-fanout.ts` (`BENCH_QUICK=1` for 100 and 1,000 clients only,
 * `BENCH_ROWS=10000` for the rows of those client counts, `BENCH_VERBOSE=1` for each round).
 * Writes the event-fanout section of docs/benchmarks.md.
 */
import type { Subprotocol } from '@nhicard/protocol';
import type { ChildHandle } from '../test/hardening/support/child-ipc.js';
import { benchSection, closeChild, fixed, percentile } from './bench-report.helpers.js';
import type { BenchServerConfig } from './broker-server.helpers.js';
import { pinningNote, pinProcess, startPinnedChild } from './cpu-pinning.helpers.js';
import {
  clockOffset,
  FANOUT_NOTES,
  FANOUT_RUNS,
  type FanoutRound,
  type FanoutRow,
  fanoutTable,
  runsOf,
} from './fanout-report.helpers.js';

const section = benchSection('event-fanout');
const READ_TOKEN = 'bench-token-fanout-read-0000000000';
const PRESENCE_TOKEN = 'bench-token-fanout-presence-000000';
const JSON_CODEC: Subprotocol = 'nhicard.v1.json';
const MSGPACK_CODEC: Subprotocol = 'nhicard.v1.msgpack';
const ALL_ROWS: readonly { clients: number; subprotocol: Subprotocol; rounds: number }[] = [
  { clients: 100, subprotocol: JSON_CODEC, rounds: 60 },
  { clients: 1000, subprotocol: JSON_CODEC, rounds: 30 },
  { clients: 5000, subprotocol: JSON_CODEC, rounds: 15 },
  { clients: 5000, subprotocol: MSGPACK_CODEC, rounds: 15 },
  { clients: 10_000, subprotocol: JSON_CODEC, rounds: 15 },
  { clients: 10_000, subprotocol: MSGPACK_CODEC, rounds: 15 },
];
const ONLY_CLIENTS = process.env.BENCH_ROWS?.split(',').map(Number);
const ROWS = ALL_ROWS.filter((row) =>
  process.env.BENCH_QUICK
    ? row.clients <= 1000
    : ONLY_CLIENTS === undefined || ONLY_CLIENTS.includes(row.clients),
);
const MAX_CONNECTIONS = 10_100;

pinProcess(process.pid, 'clients');
const tokens = { [READ_TOKEN]: ['read'], [PRESENCE_TOKEN]: ['presence'] } as const;
const serverConfig = (mode: 'broker' | 'raw'): BenchServerConfig => ({
  mode,
  tokens: { [READ_TOKEN]: [...tokens[READ_TOKEN]], [PRESENCE_TOKEN]: [...tokens[PRESENCE_TOKEN]] },
  maxConnections: MAX_CONNECTIONS,
});
const broker = await startPinnedChild(
  './broker-server.helpers.ts',
  serverConfig('broker'),
  'server',
);
const raw = await startPinnedChild('./broker-server.helpers.ts', serverConfig('raw'), 'server');
const brokerClients = await startPinnedChild('./fanout-clients.helpers.ts', {}, 'clients');
const rawClients = await startPinnedChild('./fanout-clients.helpers.ts', {}, 'clients');
const offsets = new Map<ChildHandle, number>();
for (const { child } of [broker, raw, brokerClients, rawClients]) {
  offsets.set(child, (await clockOffset(child)).offsetMs);
}
const offsetOf = (child: ChildHandle): number => offsets.get(child) ?? 0;

/** One round on one server: latencies of every client and the server's CPU per client. */
async function round(
  server: ChildHandle,
  clients: ChildHandle,
  number: number,
  clientCount: number,
): Promise<FanoutRound> {
  const cpuBefore = Number((await server.request('cpu-total')).cpuMicros);
  const arrived = clients.request('await-round', { name: 'row', round: number });
  const sentAt = Number((await server.request('round')).sentAt) - offsetOf(server);
  await arrived;
  const cpuAfter = Number((await server.request('cpu-total')).cpuMicros);
  const collected = await clients.request('collect', { name: 'row' });
  const arrivals = collected.arrivals as number[];
  const writtenMs = Number((await server.request('reset')).writtenMs);
  const latenciesMs = arrivals.map((at) => at - offsetOf(clients) - sentAt);
  if (process.env.BENCH_VERBOSE) {
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    console.log(
      `  round ${number} ${server === broker.child ? 'broker' : 'raw   '} p50 ${fixed(percentile(sorted, 50))} p99 ${fixed(percentile(sorted, 99))} max ${fixed(sorted.at(-1) ?? 0)} client gc ${fixed(Number(collected.gcDuringRoundMs))} cpu ${fixed((cpuAfter - cpuBefore) / clientCount)} written ${fixed(writtenMs)}`,
    );
  }
  return {
    latenciesMs,
    cpuMicrosPerClient: (cpuAfter - cpuBefore) / clientCount,
    writtenMs,
  };
}

const rows: FanoutRow[] = [];
try {
  for (const { clients, subprotocol, rounds } of ROWS) {
    const connectedAt = performance.now();
    const connect = {
      name: 'row',
      tokens: [READ_TOKEN, PRESENCE_TOKEN],
      subprotocol,
      count: clients,
    };
    await brokerClients.child.request('connect', { ...connect, url: broker.url, subscribe: true });
    await rawClients.child.request('connect', { ...connect, url: raw.url, subscribe: false });
    const connectS = (performance.now() - connectedAt) / 1000;
    // Round 1 of each is a warm-up, and gives the baseline the broker's bytes.
    await round(broker.child, brokerClients.child, 1, clients);
    await raw.child.request('frames', { frames: (await broker.child.request('frames')).frames });
    await round(raw.child, rawClients.child, 1, clients);
    const row: FanoutRow = { clients, subprotocol, broker: [], raw: [] };
    for (let number = 2; number <= rounds + 1; number += 1) {
      row.broker.push(await round(broker.child, brokerClients.child, number, clients));
      row.raw.push(await round(raw.child, rawClients.child, number, clients));
    }
    await brokerClients.child.request('disconnect', { name: 'row' });
    await rawClients.child.request('disconnect', { name: 'row' });
    rows.push(row);
    const all = (side: FanoutRow['broker']): number[] => side.flatMap((r) => r.latenciesMs);
    const cpu = (side: FanoutRow['broker']): number =>
      percentile(
        side.map((r) => r.cpuMicrosPerClient),
        50,
      );
    console.log(
      `${clients} ${subprotocol} (connected in ${fixed(connectS, 1)} s): broker p50/p99 ${fixed(percentile(all(row.broker), 50))}/${fixed(percentile(all(row.broker), 99))} ms, ${fixed(cpu(row.broker))} µs CPU per client; ` +
        `raw ${fixed(percentile(all(row.raw), 50))}/${fixed(percentile(all(row.raw), 99))} ms, ${fixed(cpu(row.raw))} µs; runs ${runsOf(row.broker).length}`,
    );
  }
} finally {
  for (const { child } of [broker, raw, brokerClients, rawClients]) {
    await closeChild(child);
  }
}

section.write(
  `## Event fan-out

Clients subscribed to \`card.inserted\`, half with the \`read\` scope and half with \`presence\`
(so each event has two data views to encode), over one subprotocol per row. Each round the
simulator's card goes in and every client's receipt of \`card.inserted\` is timed from the
moment the broker's simulator reported the change (the broker's own work: filtering, encoding,
framing, writing); the card is then taken out. The broker runs on the simulator made to push
its changes (as PC/SC does) with a poll of an hour, so it is idle outside its rounds.
Baseline, in the same run: a raw \`ws\` server sending each client the broker's bytes for its
subprotocol and view (\`ws.send\` of one shared buffer per kind: the usual broadcast loop),
timed from the first send. Rounds alternate between broker and baseline. The broker, the raw
server, and a client process for each run in processes of their own. ${pinningNote()}
Server CPU is the server process's own CPU time (\`process.cpuUsage\`, user + system) over
the round, divided by the clients. Clocks of the processes are mapped onto the benchmark's
with offsets measured over IPC. Latencies in ms, p50 / p99 over every client of every round;
the rounds are split into ${FANOUT_RUNS} runs, whose p99 and CPU ranges are given in brackets.
"All written" is on the server's own clock, the median over rounds: from the change (broker)
or the first send (raw) until the event was written to the last socket; the latencies above
also hold the client process's time to read 10,000 sockets on one core. The client processes
stand in for browsers on other machines, so their garbage is collected between rounds (a
collection of theirs would otherwise stall a round's receipts and pass for server latency);
the servers' collections are left where they fall.

${section.machineLines()}

${fanoutTable(rows)}

${FANOUT_NOTES}
`,
);
