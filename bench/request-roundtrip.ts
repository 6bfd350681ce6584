/**
 * Request round-trip benchmark: `card.read` of the `basic` section, from the insertion's cache
 * and uncached (`fresh`, a device read on the simulator), on 1 and on 50 connections, each
 * connection sending its next request as soon as the previous answer is in (closed loop), over
 * JSON and MessagePack. Baselines, in the same run and the same way: a raw `ws` server
 * answering each frame with the broker's own response bytes (the transport's limit), and
 * Socket.IO with `emitWithAck` answering with the same result object (cached rows).
 *
 * Each server runs in a process of its own, pinned to one core; the clients run here, pinned to
 * the other (bench/cpu-pinning.helpers.ts). Besides latency, each server's own CPU time
 * (`process.cpuUsage` in its process) per request is measured. The servers are measured in
 * turns of {@link SLICE_MS}, so load from elsewhere on the machine hits them alike; each turn
 * is a run for the spread. The broker's rate limit is raised for the run, and it runs on the
 * event-pushing simulator with a poll of an hour, so no poll runs beside the baselines.
 *
 * Run: `pnpm tsx bench/request-roundtrip.ts`. Writes the request-roundtrip section of
 * docs/benchmarks.md.
 */
import type { Subprotocol } from '@nhicard/protocol';
import type { ChildHandle } from '../test/hardening/support/child-ipc.js';
import type { BaselineConfig } from './baseline-server.helpers.js';
import { benchSection, closeChild, sleep } from './bench-report.helpers.js';
import type { BenchServerConfig } from './broker-server.helpers.js';
import {
  type PinnedChild,
  pinningNote,
  pinProcess,
  startPinnedChild,
} from './cpu-pinning.helpers.js';
import {
  capturedAnswer,
  type Loop,
  type Measurement,
  type RoundTripRequest,
  socketIoLoop,
  wsLoop,
} from './roundtrip-loops.helpers.js';
import { describeRow, type RoundTripRow, roundTripSection } from './roundtrip-report.helpers.js';

const section = benchSection('request-roundtrip');
const TOKEN = 'bench-token-roundtrip-000000000000';
const CONNECTION_COUNTS = [1, 50] as const;
const SUBPROTOCOLS_MEASURED: readonly Subprotocol[] = ['nhicard.v1.json', 'nhicard.v1.msgpack'];
const CASES = [
  { name: 'cached', params: { sections: ['basic'] } },
  { name: 'uncached', params: { sections: ['basic'], fresh: true } },
] as const;
const WARM_UP_MS = 1000;
const SLICE_MS = 1000;
const TURNS = 6;

const cpuMicros = async (child: ChildHandle): Promise<number> =>
  Number((await child.request('cpu-total')).cpuMicros);

/** Runs one slice of `loop` and charges it the server's CPU time over the slice. */
async function slice(loop: Loop, server: ChildHandle): Promise<Measurement> {
  const before = await cpuMicros(server);
  const measurement = await loop.run(SLICE_MS, true);
  measurement.serverCpuMicros = (await cpuMicros(server)) - before;
  return measurement;
}

pinProcess(process.pid, 'clients');
const brokerConfig: BenchServerConfig = {
  mode: 'broker',
  tokens: { [TOKEN]: ['read'] },
  maxConnections: 200,
  requestsPerSecond: 1_000_000,
  autoReadSections: ['basic'],
};
const broker = await startPinnedChild('./broker-server.helpers.ts', brokerConfig, 'server');
await broker.child.request('insert-read');
const request = (subprotocol: Subprotocol, params: Record<string, unknown>): RoundTripRequest => ({
  subprotocol,
  params,
  token: TOKEN,
});
const baselines = new Map<string, PinnedChild>();
let cachedResult: unknown;
for (const { name, params } of CASES) {
  const json = await capturedAnswer(broker.url, request('nhicard.v1.json', params));
  const msgpack = await capturedAnswer(broker.url, request('nhicard.v1.msgpack', params));
  if (name === 'cached')
    cachedResult = (JSON.parse(json.toString('utf8')) as { result: unknown }).result;
  const config: BaselineConfig = {
    mode: 'ws-reply',
    replyJson: json.toString('utf8'),
    replyMsgpackBase64: msgpack.toString('base64'),
  };
  baselines.set(name, await startPinnedChild('./baseline-server.helpers.ts', config, 'server'));
}
const socketIo = await startPinnedChild(
  './baseline-server.helpers.ts',
  { mode: 'socket.io', ackResult: cachedResult } satisfies BaselineConfig,
  'server',
);

const rows: RoundTripRow[] = [];
try {
  for (const connections of CONNECTION_COUNTS) {
    const socketIoNow = await socketIoLoop(socketIo.url, connections, CASES[0].params);
    for (const { name, params } of CASES) {
      const raw = baselines.get(name);
      if (raw === undefined) throw new Error(`no baseline for ${name}`);
      for (const subprotocol of SUBPROTOCOLS_MEASURED) {
        const loops: [string, Loop, ChildHandle][] = [
          [
            'broker',
            await wsLoop(broker.url, request(subprotocol, params), connections, true),
            broker.child,
          ],
          [
            'raw',
            await wsLoop(raw.url, request(subprotocol, params), connections, false),
            raw.child,
          ],
        ];
        if (name === 'cached') loops.push(['socketIo', socketIoNow, socketIo.child]);
        for (const [, loop] of loops) await loop.run(WARM_UP_MS, false);
        const row: RoundTripRow = {
          connections,
          subprotocol,
          cached: name === 'cached',
          turns: {},
        };
        for (let turn = 0; turn < TURNS; turn += 1) {
          for (const [server, loop, child] of loops) {
            row.turns[server] = [...(row.turns[server] ?? []), await slice(loop, child)];
            await sleep(50);
          }
        }
        await loops[0]?.[1].close();
        await loops[1]?.[1].close();
        rows.push(row);
        console.log(describeRow(row));
      }
    }
    await socketIoNow.close();
  }
} finally {
  for (const { child } of [broker, socketIo, ...baselines.values()]) {
    await closeChild(child);
  }
}

section.write(
  roundTripSection({
    machine: section.machineLines(),
    pinning: pinningNote(),
    sliceMs: SLICE_MS,
    turns: TURNS,
    warmUpMs: WARM_UP_MS,
    rows,
  }),
);
