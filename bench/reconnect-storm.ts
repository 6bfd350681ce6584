/**
 * Reconnect-storm benchmark: 1,000 SDK clients (`createClient` with its default reconnect
 * and `/healthz` probe) on one broker; the broker is restarted on the same port and a card is
 * put in as soon as it listens, before any client is back. Measured: the time from the new
 * broker listening until every client is open again and knows the card is in (from the resync
 * or the live event), the broker's CPU time over that storm, and then that the card's removal
 * reaches every client live: no event lost. 3 restarts, each a run.
 *
 * The broker runs in a process of its own (bench/broker-server.helpers.ts, pinned to one core);
 * the clients in another (bench/storm-clients.helpers.ts, pinned to the other).
 *
 * Run: `pnpm tsx bench/reconnect-storm.ts`. Writes the reconnect-storm section of
 * docs/benchmarks.md.
 */
import type { ChildHandle } from '../test/hardening/support/child-ipc.js';
import { benchSection, fixed, median, percentile, verdict } from './bench-report.helpers.js';
import type { BenchServerConfig } from './broker-server.helpers.js';
import { pinningNote, pinProcess, startPinnedChild } from './cpu-pinning.helpers.js';
import { clockOffset } from './fanout-report.helpers.js';

const section = benchSection('reconnect-storm');
const TOKEN = 'bench-token-storm-read-00000000000';
const CLIENTS = Number(process.env.BENCH_STORM_CLIENTS ?? 1000);
const RESTARTS = 3;

async function startBroker(port: number): Promise<{ child: ChildHandle; port: number }> {
  const config: BenchServerConfig = {
    mode: 'broker',
    tokens: { [TOKEN]: ['read'] },
    maxConnections: CLIENTS + 10,
    port,
  };
  const { child, ready } = await startPinnedChild('./broker-server.helpers.ts', config, 'server');
  return { child, port: Number(ready.port) };
}

interface Run {
  /** Per client: ms from the new broker listening until it was open and knew the card was in. */
  resyncMs: number[];
  brokerCpuMs: number;
  /** Clients that did not get the removal live afterwards. */
  missedRemoval: number;
  resyncEvents: number;
}

pinProcess(process.pid, 'clients');
let broker = await startBroker(0);
const url = `ws://127.0.0.1:${broker.port}/v1`;
const { child: clients } = await startPinnedChild('./storm-clients.helpers.ts', {}, 'clients');
const clientOffsetMs = (await clockOffset(clients)).offsetMs;
const runs: Run[] = [];
try {
  await clients.request('connect', { url, token: TOKEN, count: CLIENTS });
  for (let restart = 0; restart < RESTARTS; restart += 1) {
    await broker.child.request('close');
    await broker.child.exited;
    broker = await startBroker(broker.port);
    const upAt = performance.timeOrigin + performance.now();
    const cpuBefore = Number((await broker.child.request('cpu-total')).cpuMicros);
    await broker.child.request('round');
    const synced = await clients.request('await-card', { cardIn: true });
    const cpuAfter = Number((await broker.child.request('cpu-total')).cpuMicros);
    const liveBefore = Number(synced.live);
    await broker.child.request('reset');
    const removed = await clients.request('await-card', { cardIn: false });
    // Every client got exactly one live event more (the removal); a resync would not count.
    const missedRemoval = CLIENTS - (Number(removed.live) - liveBefore);
    const run: Run = {
      resyncMs: (synced.times as number[]).map((at) => at - clientOffsetMs - upAt),
      brokerCpuMs: (cpuAfter - cpuBefore) / 1000,
      missedRemoval,
      resyncEvents: Number(synced.resync),
    };
    runs.push(run);
    console.log(
      `restart ${restart + 1}: all ${CLIENTS} resynced ${fixed(Math.max(...run.resyncMs), 0)} ms after the broker listened (p50 ${fixed(percentile(run.resyncMs, 50), 0)}), broker CPU ${fixed(run.brokerCpuMs, 0)} ms, removal missed by ${missedRemoval}`,
    );
  }
} finally {
  await clients.request('close').catch(() => undefined);
  clients.kill();
  await broker.child.request('close').catch(() => undefined);
  broker.child.kill();
}

const allMs = runs.map((run) => Math.max(...run.resyncMs));
const lost = runs.reduce((sum, run) => sum + run.missedRemoval, 0);
const table = runs.map(
  (run, index) =>
    `| ${index + 1} | ${fixed(percentile(run.resyncMs, 50), 0)} | ${fixed(percentile(run.resyncMs, 99), 0)} | ${fixed(Math.max(...run.resyncMs), 0)} | ${fixed(run.brokerCpuMs, 0)} | ${run.missedRemoval} |`,
);
section.write(
  `## Reconnect storm

${CLIENTS.toLocaleString('en-US')} SDK clients (\`createClient\` over Node's \`ws\`, JSON, the SDK's
default reconnect: first retry after 0.25–0.5 s, \`/healthz\` probed every second) hold
connections to one broker. The broker is closed (clients get \`server.shutdown\` and start
reconnecting), started again on the same port, and a card is put in as soon as it listens, so
the clients learn of it from the resync after their reconnect (or live, if they were back
first). Measured from the moment the new broker listened: when each client was open again and
knew the card was in; the broker's CPU time over the storm; then the card is taken out and
every client must receive the removal live (no event lost). ${RESTARTS} restarts, each a run.
${pinningNote()} There is no baseline: a raw \`ws\` server has no resync to compare with.

${section.machineLines()}

| restart | p50 (ms) | p99 (ms) | all resynced (ms) | broker CPU (ms) | clients that missed the removal |
|---:|---:|---:|---:|---:|---:|
${table.join('\n')}

All clients resynced within ${fixed(median(allMs), 0)} ms (median over restarts; range ${fixed(Math.min(...allMs), 0)}–${fixed(Math.max(...allMs), 0)} ms). No event lost: ${verdict(lost === 0)}.
`,
);
