/**
 * The monitor latency benchmark's section of docs/benchmarks.md: per cell (workstations ×
 * monitors) and path, p50 and p99 from the card going in and from the broker's event, as the
 * median over the runs with the runs' spread, the NATS ÷ direct ratio, deliveries missing, and
 * the target at 200 × 50.
 */
import {
  fixed,
  type MachineInfo,
  machineLines,
  median,
  percentile,
  ratio,
  verdict,
  writeDocSection,
} from './bench-report.helpers.js';

/** The two paths a monitor can watch by. */
export type Path = 'nats' | 'direct';

/** One run of one cell on one path (its own window of insertions). */
export interface PathRun {
  /** Insertions the schedule asked for in the window. */
  scheduled: number;
  /** Insertions made: a workstation whose last card is not out yet skips its turn. */
  insertions: number;
  /** Deliveries expected: insertions × monitors. */
  expected: number;
  /** From the simulator's state change (the poll's wait included), ms. */
  fromChange: number[];
  /** From the broker raising the event (after its poll saw the card), ms. */
  fromEvent: number[];
}

/** A cell of the grid and its runs, per path. */
export interface Cell {
  workstations: number;
  monitors: number;
  runs: Record<Path, PathRun[]>;
}

/** How the load was made, for the text. */
export interface MonitorLoad {
  pollIntervalMs: number;
  insertEveryMs: number;
  cardHeldMs: number;
  windowMs: number;
  runs: number;
}

const TARGET_P99_MS = 100;
const COMMAND = 'pnpm bench:monitor';

/** `p50 / p99` as medians over the runs, with the p99s' range over the runs. */
function summary(runs: PathRun[], from: 'fromChange' | 'fromEvent') {
  const p50s = runs.map((run) => percentile(run[from], 50));
  const p99s = runs.map((run) => percentile(run[from], 99));
  return {
    p50: median(p50s),
    p99: median(p99s),
    text: `${fixed(median(p50s), 1)} / ${fixed(median(p99s), 1)} (${fixed(Math.min(...p99s), 1)}–${fixed(Math.max(...p99s), 1)})`,
  };
}

/** Deliveries that did not arrive, over every run. */
function missing(runs: PathRun[]): number {
  return runs.reduce((sum, run) => sum + run.expected - run.fromChange.length, 0);
}

/** Insertions made in each run, then how many were scheduled (the most of any run). */
function made(runs: PathRun[]): string {
  const scheduled = Math.max(0, ...runs.map((run) => run.scheduled));
  return `${runs.map((run) => run.insertions).join(', ')} of ${scheduled}`;
}

/** Writes the monitor-latency section and prints its table. */
export function writeMonitorReport(machine: MachineInfo, cells: Cell[], load: MonitorLoad): void {
  const rows = cells.map((cell) => {
    const nats = summary(cell.runs.nats, 'fromChange');
    const direct = summary(cell.runs.direct, 'fromChange');
    const natsEvent = summary(cell.runs.nats, 'fromEvent');
    const directEvent = summary(cell.runs.direct, 'fromEvent');
    const samples = (path: Path) =>
      cell.runs[path].reduce((sum, run) => sum + run.fromChange.length, 0);
    const target =
      cell.workstations === 200 && cell.monitors === 50
        ? `NATS ${verdict(nats.p99 < TARGET_P99_MS)}, direct ${verdict(direct.p99 < TARGET_P99_MS)}`
        : '–';
    return `| ${cell.workstations} | ${cell.monitors} | ${made(cell.runs.nats)}; ${made(cell.runs.direct)} | ${samples('nats')} / ${samples('direct')} | ${nats.text} | ${direct.text} | ${natsEvent.text} | ${directEvent.text} | ${ratio(natsEvent.p99, directEvent.p99)} | ${missing(cell.runs.nats)} / ${missing(cell.runs.direct)} | ${target} |`;
  });
  const table = `| workstations | monitors | insertions made per run (NATS; direct) | samples NATS / direct | NATS, from the card | direct, from the card | NATS, from the event | direct, from the event | NATS ÷ direct (p99 from the event) | missing NATS / direct | target p99 < ${TARGET_P99_MS} ms from the card |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${rows.join('\n')}`;
  console.log(table);
  writeDocSection(
    'monitor-latency',
    `## Monitor latency: insertion to monitor, over NATS and direct

From a card going into a workstation's reader to a monitor receiving \`card.inserted\`, for
20, 100 and 200 publishing workstations and 1, 10 and 50 monitors, by two paths measured in
the same run against the same brokers, one after the other (each in its own window, with only
its own monitors connected, so neither takes the cores from the other): **NATS** (every broker
publishes its presence to Debian's \`nats-server\` 2.9, started by the benchmark with its own
config and ports; each monitor is the SDK's \`watchPresenceOverNats\`, state bucket and events
over NATS's WebSocket listener, as the browser monitor runs it) and **direct** (each monitor
holds a presence connection to every publishing workstation's LAN-mode listener: \`wss://\`
with a certificate from the benchmark's own CA and a token, TLS included; on 127.0.0.1, as the
benchmark has no second machine). Each is the other's baseline.

200 real brokers on the simulator (one reader each, polling every ${load.pollIntervalMs} ms) run in two
publisher processes; the monitors run in two watcher processes; all 200 brokers run in every
cell, and the first *workstations* of them get cards. Each of those gets a card every
${load.insertEveryMs / 1000} s (staggered evenly), held ${load.cardHeldMs / 1000} s, so each insertion also brings
\`card.reading\`, \`card.read\` and \`card.removed\` to every monitor; a window is ${load.windowMs / 1000} s. A
workstation whose last card is not out yet (its removal timer ran late on a loaded machine)
skips its turn: "insertions made" says how much of the scheduled load was offered. Every
process, nats-server included, shares the machine's cores. "From the card" starts when the
simulator's state changed (a poll's wait included: on average half the poll interval, at most
all of it; the broker's default poll is 250 ms); "from the event" starts when the broker
raised the event: the path's own work. Child clocks are mapped onto the parent's with offsets
measured over IPC. Times in ms: p50 / p99, medians over ${load.runs} runs of the whole grid, with the
p99's range over the runs in brackets.

${machineLines(machine, COMMAND)}

${table}
`,
  );
}
