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
the server. These runs pin servers and clients apart and read each server's own CPU time.

On one connection the server sleeps between requests. \`strace -c\` over 5 s of cached reads
counts the same system calls per request on the broker and the echo (one \`read\`, one write,
one \`epoll_pwait\`), and both switch context once per request. Whatever the broker spends
beyond the echo is therefore its own JavaScript and garbage collection. At 1.28–1.33× the
echo, that was 8–9 µs per request. What was found and done, in order:

- **Metrics.** prom-client's \`inc({ op, outcome })\` hashed and validated its labels on every
  request: 140 ns in a hot loop. Each (op, outcome) is now counted in a plain number (10 ns)
  and added to prom-client's counters when they are read.
- **The answer's encoding.** A cached \`card.read\` is the same object until the card's cache
  changes. Its result is encoded once per codec, and each answer writes the envelope's few bytes
  and a copy of the result into one buffer behind its WebSocket header, for both codecs. That
  is no \`JSON.stringify\` or msgpackr \`pack\` of about 420 bytes, no UTF-8 conversion and no
  framing by \`ws\`. The bytes are those \`codec.encode\` gives for the whole answer; a test
  checks every length form of the id. An earlier try spliced the JSON text and, for MessagePack,
  packed the envelope with msgpackr. That cost more than packing the whole answer (3.2 against
  1.6 µs), so it was not kept; writing the envelope's 29 bytes by hand costs nothing.
- **Garbage.** A GC trace (\`--trace-gc-nvp\`) showed the broker allocating about twice what the
  echo does per request, with a scavenge of 0.7 ms every 90 ms. In one process the cached-read
  path allocated about 4 KB per request. \`parseClientMessage\` made 1.6 KB of that: it read every
  field through \`Object.getOwnPropertyDescriptor\`, an object per field, to refuse getters.
  Values a codec decoded hold none, so the server now has them read directly
  (\`parseClientMessage(value, 'decoded')\`). A fuzz test checks that both ways give the same
  result on the same decoded values, for both codecs. The pre-scans keep their container
  stacks from frame to frame. Finding the cached read no longer joins a key or makes a closure,
  and the only reader is kept rather than found through an iterator. The same path now
  allocates about 2 KB per request, the measuring harness included.
- **The microtask.** Requests that need no device waited for a \`queueMicrotask\` to be
  answered, and Node wraps each one in an \`AsyncResource\`. They are now answered at once, so
  answers and refusals leave in the order their requests arrived.

Together these took the broker's CPU per cached request on one connection to 0.87× (JSON) and
0.88× (MessagePack) that of the commit before them, measured side by side in one run (the
checkout-against-checkout section). Tried and not done:
- ws's \`skipUTF8Validation\`. ws checks text frames with Node's native \`buffer.isUtf8\`, a few ns
  per request. Without it, \`toString('utf8')\` would turn invalid bytes into U+FFFD, and the
  broker could no longer close with 1007 unless it validated them itself, at the same cost.
- The token bucket: two subtractions and a \`performance.now()\` per frame, not worth touching.

How these figures move from run to run is written below the table's section.`;

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
