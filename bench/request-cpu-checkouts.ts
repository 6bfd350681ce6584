/**
 * Server CPU per request on one connection, checkout against checkout: the brokers of every
 * `--checkout` (this one unless given) and a raw `ws` echo of the first broker's response
 * bytes run side by side, each in a process of its own pinned to the server core, and a
 * closed loop of cached `card.read`s of `basic` goes to each in turn (one turn of
 * {@link TURN_MS} each, round after round), so every server meets the machine in the same
 * state. The round-trip benchmark (bench/request-roundtrip.ts) compares the broker with the
 * echo; this one says how much a change moved the broker, which the machine's own drift
 * (up to 1.5× between quiet and busy minutes here) hides when two runs are compared.
 *
 * Each checkout needs its `pnpm install`, and a `bench/broker-server.helpers.ts` that answers
 * `insert-read` and `cpu-total` (copy this checkout's `bench/` into an older one).
 *
 * Run: `pnpm tsx bench/request-cpu-checkouts.ts [--checkout <path>]… [--turns 10]`. Writes the
 * request-cpu-checkouts section of docs/benchmarks.md.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Subprotocol } from '@nhicard/protocol';
import { type ChildHandle, startChild } from '../test/hardening/support/child-ipc.js';
import type { BaselineConfig } from './baseline-server.helpers.js';
import {
  checkoutLabel,
  closeChild,
  fixed,
  machineInfo,
  machineLines,
  median,
  sleep,
  writeDocSection,
} from './bench-report.helpers.js';
import type { BenchServerConfig } from './broker-server.helpers.js';
import { checkoutRuns } from './checkout-runs.helpers.js';
import { pinningNote, pinProcess, startPinnedChild } from './cpu-pinning.helpers.js';
import { capturedAnswer, type Loop, wsLoop } from './roundtrip-loops.helpers.js';

const machine = machineInfo();
const TOKEN = 'bench-token-roundtrip-000000000000';
const TURN_MS = 1000;
const WARM_UP_MS = 1000;
const SUBPROTOCOLS: readonly Subprotocol[] = ['nhicard.v1.json', 'nhicard.v1.msgpack'];
const { checkouts, extra, command } = checkoutRuns('request-cpu-checkouts.ts', { turns: '10' });
const { turns } = extra;

interface Server {
  name: string;
  child: ChildHandle;
  url: string;
}

/** The broker of `checkout`, bundled from its own sources, with a card read into its cache. */
async function startBroker(checkout: string): Promise<Server> {
  const config: BenchServerConfig = {
    mode: 'broker',
    tokens: { [TOKEN]: ['read'] },
    maxConnections: 10,
    requestsPerSecond: 1_000_000,
    autoReadSections: ['basic'],
  };
  const entry = pathToFileURL(join(checkout, 'bench/broker-server.helpers.ts'));
  const child = await startChild(entry, config, { runner: 'bundle' });
  const ready = await child.ready;
  pinProcess(child.child.pid, 'server');
  await child.request('insert-read');
  return { name: checkoutLabel(checkout), child, url: String(ready.url) };
}

const cpuMicros = async (child: ChildHandle): Promise<number> =>
  Number((await child.request('cpu-total')).cpuMicros);

pinProcess(process.pid, 'clients');
const brokers: Server[] = [];
for (const checkout of checkouts) brokers.push(await startBroker(checkout));
const first = brokers[0] as Server;
const params = { sections: ['basic'] };
const request = (subprotocol: Subprotocol) => ({ subprotocol, params, token: TOKEN });
const echoConfig: BaselineConfig = {
  mode: 'ws-reply',
  replyJson: (await capturedAnswer(first.url, request('nhicard.v1.json'))).toString('utf8'),
  replyMsgpackBase64: (await capturedAnswer(first.url, request('nhicard.v1.msgpack'))).toString(
    'base64',
  ),
};
const echo = await startPinnedChild('./baseline-server.helpers.ts', echoConfig, 'server');
const servers: Server[] = [...brokers, { name: 'raw ws', child: echo.child, url: echo.url }];

const rows: string[] = [];
try {
  for (const subprotocol of SUBPROTOCOLS) {
    const loops: Loop[] = [];
    for (const server of servers) {
      loops.push(await wsLoop(server.url, request(subprotocol), 1, server !== servers.at(-1)));
    }
    for (const loop of loops) await loop.run(WARM_UP_MS, false);
    const perTurn = servers.map((): number[] => []);
    for (let turn = 0; turn < turns; turn += 1) {
      for (const [index, server] of servers.entries()) {
        const before = await cpuMicros(server.child);
        const measured = await (loops[index] as Loop).run(TURN_MS, false);
        const used = (await cpuMicros(server.child)) - before;
        perTurn[index]?.push(used / Math.max(1, measured.requests));
        await sleep(50);
      }
    }
    for (const loop of loops) await loop.close();
    const echoTurns = perTurn.at(-1) ?? [];
    const firstTurns = perTurn[0] ?? [];
    /** The median of the per-turn ratios (turns ran back to back), and their range. */
    const ratioCell = (turnsOf: number[], against: number[]): string => {
      const ratios = turnsOf.map((value, turn) => value / (against[turn] ?? Number.NaN));
      return `${fixed(median(ratios))}× (${fixed(Math.min(...ratios))}–${fixed(Math.max(...ratios))})`;
    };
    for (const [index, server] of brokers.entries()) {
      const own = perTurn[index] ?? [];
      const cpu = `${fixed(median(own), 1)} (${fixed(Math.min(...own), 1)}–${fixed(Math.max(...own), 1)})`;
      const againstFirst = index === 0 ? '–' : ratioCell(own, firstTurns);
      const codec = subprotocol === 'nhicard.v1.json' ? 'JSON' : 'MessagePack';
      rows.push(
        `| ${server.name} | ${codec} | ${cpu} | ${ratioCell(own, echoTurns)} | ${againstFirst} |`,
      );
      console.log(rows.at(-1));
    }
    const echoCpu = `${fixed(median(echoTurns), 1)} (${fixed(Math.min(...echoTurns), 1)}–${fixed(Math.max(...echoTurns), 1)})`;
    rows.push(
      `| raw ws | ${subprotocol === 'nhicard.v1.json' ? 'JSON' : 'MessagePack'} | ${echoCpu} | – | – |`,
    );
  }
} finally {
  for (const server of servers) await closeChild(server.child);
}

writeDocSection(
  'request-cpu-checkouts',
  `## Request CPU, checkout against checkout

Server CPU per cached \`card.read\` of \`basic\` on one connection (each request sent when the
last answer is in), for brokers of different commits and a raw \`ws\` echo of the first
broker's response bytes, all running side by side. Every server gets one turn of ${TURN_MS} ms in
each of ${turns} rounds (after a ${WARM_UP_MS} ms warm-up), so all meet the machine in the same
state; CPU is each server process's own (\`process.cpuUsage\`) over its turns, per request.
Ratios are the median over rounds of the per-round ratio, with their range. ${pinningNote()}

${machineLines(machine, command)}

| checkout | codec | server CPU µs per request | ÷ raw ws | ÷ first checkout |
|---|---|---:|---:|---:|
${rows.join('\n')}
`,
);
