/**
 * The round-trip benchmark's rows, console line, table and notes (bench/request-roundtrip.ts).
 */
import type { Subprotocol } from '@nhicard/protocol';
import { fixed, median, percentile, ratio, verdict } from './bench-report.helpers.js';
import type { Measurement } from './roundtrip-loops.helpers.js';

/** Server CPU per request, broker ÷ raw echo, for cached reads. */
const TARGET_CPU_RATIO = 1.2;

/** One row: its turns (runs) per server: `broker`, `raw`, and `socketIo` for cached reads. */
export interface RoundTripRow {
  connections: number;
  subprotocol: Subprotocol;
  cached: boolean;
  turns: Record<string, Measurement[]>;
}

interface Summary {
  p50: number;
  p99: number;
  perSecond: number;
  cpuPerRequest: number;
  cpuPerTurn: number[];
}

function summary(turns: readonly Measurement[] | undefined): Summary | undefined {
  if (turns === undefined || turns.length === 0) return undefined;
  const rtts = turns.flatMap((turn) => turn.rttsMs);
  const requests = turns.reduce((sum, turn) => sum + turn.requests, 0);
  const elapsedMs = turns.reduce((sum, turn) => sum + turn.elapsedMs, 0);
  const cpu = turns.reduce((sum, turn) => sum + turn.serverCpuMicros, 0);
  return {
    p50: percentile(rtts, 50),
    p99: percentile(rtts, 99),
    perSecond: (requests / elapsedMs) * 1000,
    cpuPerRequest: cpu / requests,
    cpuPerTurn: turns.map((turn) => turn.serverCpuMicros / Math.max(1, turn.requests)),
  };
}

const codecName = (subprotocol: Subprotocol): string =>
  subprotocol === 'nhicard.v1.json' ? 'JSON' : 'MessagePack';

/** Per-turn broker ÷ raw CPU ratios (turns are paired: they ran back to back). */
function cpuRatios(broker: Summary, raw: Summary): number[] {
  return broker.cpuPerTurn.map((cpu, turn) => cpu / (raw.cpuPerTurn[turn] ?? Number.NaN));
}

/** The row in one console line. */
export function describeRow(row: RoundTripRow): string {
  const parts = Object.entries(row.turns).map(([server, turns]) => {
    const s = summary(turns);
    if (s === undefined) return server;
    return `${server} p50 ${fixed(s.p50, 3)} p99 ${fixed(s.p99, 3)} ms ${fixed(s.perSecond, 0)} req/s ${fixed(s.cpuPerRequest, 1)} µs CPU/req`;
  });
  return `${row.connections} conn ${row.cached ? 'cached' : 'uncached'} ${codecName(row.subprotocol)}: ${parts.join('; ')}`;
}

const cell = (s: Summary | undefined): string =>
  s === undefined
    ? '–'
    : `${fixed(s.p50, 3)} / ${fixed(s.p99, 3)} / ${fixed(s.perSecond, 0)} / ${fixed(s.cpuPerRequest, 1)} (${fixed(Math.min(...s.cpuPerTurn), 1)}–${fixed(Math.max(...s.cpuPerTurn), 1)})`;

function tableLine(row: RoundTripRow): string {
  const broker = summary(row.turns.broker);
  const raw = summary(row.turns.raw);
  const socketIo = summary(row.turns.socketIo);
  if (broker === undefined || raw === undefined) return '';
  const ratios = cpuRatios(broker, raw);
  const cpuRatio = median(ratios);
  const target = row.cached
    ? `CPU ≤ ${TARGET_CPU_RATIO}× raw ws: ${verdict(cpuRatio <= TARGET_CPU_RATIO)}`
    : '–';
  const vsSocketIo =
    socketIo === undefined
      ? '–'
      : `${ratio(broker.p50, socketIo.p50)} / ${ratio(broker.cpuPerRequest, socketIo.cpuPerRequest)}`;
  return `| ${row.connections} | ${row.cached ? 'cached' : 'uncached'} | ${codecName(row.subprotocol)} | ${cell(broker)} | ${cell(raw)} | ${cell(socketIo)} | ${fixed(cpuRatio)}× (${fixed(Math.min(...ratios))}–${fixed(Math.max(...ratios))}) | ${ratio(broker.p50, raw.p50)} | ${vsSocketIo} | ${target} |`;
}

/** What profiling found (see the section's notes). */
const FINDINGS = `### What profiling found

Earlier runs measured the clients in the same process and on the same cores as the servers,
so at 50 connections the broker "beat" a fixed-bytes echo: the clients were measured more than
the server. This run pins servers and clients apart and reads each server's own CPU time.

A CPU profile of the broker answering cached \`card.read\`s (\`node --cpu-prof\`, requests fed
to \`Connection.handleFrame\` in one process, no network) puts the broker's own JavaScript at
about 5.5–6 µs per request (JSON and MessagePack alike), of which: encoding the response
(\`JSON.stringify\` or msgpackr's \`pack\`, about 420 bytes) the largest part, then decoding
(pre-scan and parse), validation (\`parseClientMessage\`), the answer's microtask, and
prom-client: every \`inc({ op, outcome })\` hashed its label object and validated its labels.
Done: the metrics count each (op, outcome) in a plain number and add it to prom-client's
counters when they are read (a labelled child's \`inc()\` still hashes and validates its labels:
140 ns a request in a hot loop, against 10 ns). Tried and not done: ws's \`skipUTF8Validation\`. ws checks text frames with Node's
native \`buffer.isUtf8\` (a few ns for a request); skipping it would leave \`toString('utf8')\`
to turn invalid bytes into U+FFFD, so the broker could no longer close with 1007 on them unless
it validated them itself, which costs the same. The token bucket is two subtractions and a
\`performance.now()\` per frame: not worth touching.

Done since: a cached read is now the same object until the card's cache changes (the core
keeps it), and over JSON its result is stringified once and spliced into each answer's
envelope: 1.5 → 0.5 µs per answer in-process. Over MessagePack the whole answer is still
packed: msgpackr packs it faster (1.6 µs) than it packs the envelope alone and the two are
copied together (3.2 µs), so that was tried and not kept.

Where one connection stands (1.3× the echo, target 1.2×): \`strace -c\` of each server over
5 s of one-connection cached reads counts the same system calls per request (one \`read\`, one
\`writev\`, one \`epoll_pwait\`), so the difference, 8–9 µs per request, is the broker's own
JavaScript and its garbage collection on a core that sleeps between requests (the in-process
profile above measured 5.5–6 µs for the same work on a warm core). Decoding and validating
the request and encoding the answer is most of it, work a raw echo of fixed bytes does not
do; Socket.IO, which does that work with its own parser, uses about the broker's CPU per
request on one connection (the table's Socket.IO column). On 50
connections, where the process stays awake, the broker is within 1.04–1.12× of the echo.`;

/** The whole section. */
export function roundTripSection(options: {
  machine: string;
  pinning: string;
  sliceMs: number;
  turns: number;
  warmUpMs: number;
  rows: readonly RoundTripRow[];
}): string {
  return `## Request round trip

A \`card.read\` of the \`basic\` section, each connection sending its next request when the answer
to the last is in: **cached** (card inserted and read before the run) and **uncached**
(\`fresh: true\`: a device read on the simulator, no read delay). Baselines, in the same run and
with the same client code: a raw \`ws\` server answering each frame with the broker's own
response bytes (the transport's limit: no decoding, no validation, no work), and Socket.IO 4
(\`emitWithAck\`, WebSocket transport, its JSON-based parser in both codecs' rows) answering with
the same result object (cached rows only). Each server runs in its own process, the clients in
the benchmark's. ${options.pinning} The servers are measured in turns of ${options.sliceMs} ms
(${options.turns} turns each, after a ${options.warmUpMs} ms warm-up); each turn counts as a
run for the spread. The broker's rate limit is raised for the run, and it runs on the
simulator made to push its changes, with a poll of an hour: no poll runs during the baselines'
turns. Server CPU is the server process's own CPU time (\`process.cpuUsage\`, user + system)
over its turns, divided by the requests answered.

Cells: p50 / p99 round trip in ms / requests per second (all connections together) / server
CPU µs per request (range over the turns). CPU ratio: the median over turns of broker ÷ raw
ws CPU per request (range over turns).

${options.machine}

| connections | read | codec | broker | raw ws | Socket.IO | CPU broker ÷ raw ws | p50 broker ÷ raw ws | broker ÷ Socket.IO (p50 / CPU) | target |
|---:|---|---|---:|---:|---:|---:|---:|---:|---|
${options.rows.map(tableLine).join('\n')}

${FINDINGS}
`;
}
