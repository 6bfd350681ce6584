/**
 * Reader polling CPU: the broker's core (`Broker` on the simulator, no card, no client, no
 * WebSocket server) with 1 and 16 simulated readers polled at 4 Hz (250 ms), its CPU time
 * (`process.cpuUsage`, user + system) over a window after a warm-up, as a share of one core,
 * and the CPU per reader per poll from the difference between 16 readers and 1. Baseline in
 * the same run: a process with an async no-op on a timer at the same rate. Each cell runs in a
 * process of its own, bundled with esbuild from a checkout's sources and run by bare Node, so
 * an older commit is measured the same way: pass `--checkout <path>` once per checkout; the
 * runs are interleaved across checkouts.
 *
 * Run: `pnpm tsx bench/reader-poll-cpu.ts [--checkout <path>]… [--runs 3] [--window-ms 10000]`
 * (default: this checkout). Writes its section of docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  checkoutLabel,
  fixed,
  machineInfo,
  machineLines,
  writeDocSection,
} from './bench-report.helpers.js';
import { checkoutRuns, meanAndRange, THIS_CHECKOUT } from './checkout-runs.helpers.js';

const machine = machineInfo();
const POLL_MS = 250;
/** 16 readers polled this fast as well: the CPU per poll, with the fixed costs spread thin. */
const FAST_POLL_MS = 5;
const READERS = [1, 16] as const;
/**
 * Past start-up: V8's memory reducer runs a full GC or two about 8 s after the process's
 * start-up allocations, once; a window that caught it would charge the broker for its own
 * start (about 15 ms of CPU, 0.1–0.2 % of a core over 10 s) rather than for polling.
 */
const WARM_UP_MS = 12_000;
const TARGET_PERCENT = 0.5;
const TARGET_MICROS_PER_READER_POLL = 20;
const { checkouts, runs, extra, command } = checkoutRuns('reader-poll-cpu.ts', {
  'window-ms': '10000',
});
const windowMs = extra['window-ms'];
const workDirectory = mkdtempSync(join(tmpdir(), 'nhicard-poll-bench-'));
process.once('exit', () => rmSync(workDirectory, { recursive: true, force: true }));

/** The measured process: a broker of `checkout`, or (null) the baseline timer. */
function entrySource(checkout: string | null): string {
  const measure = `
const [readers, pollMs, warmUpMs, windowMs] = process.argv.slice(2).map(Number);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const { PerformanceObserver, constants } = await import('node:perf_hooks');
let polls = 0;
let measuring = false;
let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (measuring && entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
  }
}).observe({ entryTypes: ['gc'] });
async function window(stop) {
  await sleep(warmUpMs);
  measuring = true;
  const before = process.cpuUsage();
  const pollsBefore = polls;
  const startMs = performance.now();
  await sleep(windowMs);
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({
    cpuMicros: used.user + used.system,
    elapsedMs: performance.now() - startMs,
    polls: polls - pollsBefore,
    majorGcs,
  }));
  await stop();
  process.exit(0);
}
`;
  if (checkout === null) {
    return `${measure}
const timer = setInterval(async () => { polls += 1; await Promise.resolve(); }, pollMs);
await window(async () => clearInterval(timer));
`;
  }
  return `import { createSimulatorDriver } from '@nhicard/native';
import { Broker } from ${JSON.stringify(join(checkout, 'server/src/core/broker.ts'))};
${measure}
const driver = createSimulatorDriver({ readers });
const status = driver.status.bind(driver);
driver.status = (...args) => { polls += 1; return status(...args); };
const broker = new Broker({ driver, pollIntervalMs: pollMs });
await broker.start();
await window(() => broker.close());
`;
}

async function bundle(checkout: string | null, index: number): Promise<string> {
  const entry = join(workDirectory, `entry-${index}.mjs`);
  writeFileSync(entry, entrySource(checkout));
  const outfile = join(workDirectory, `bundle-${index}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The checkout's own paths: @nhicard/* are its sources.
    tsconfig: join(checkout ?? THIS_CHECKOUT, 'tsconfig.json'),
    external: ['msgpackr-extract', 'koffi'],
    banner: {
      js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(${'import.meta'}.url);`,
    },
    logLevel: 'error',
  });
  return outfile;
}

interface Cell {
  label: string;
  readers: number;
  pollMs: number;
  bundle: string;
  /** % of a core, and CPU µs per poll, per run. */
  percent: number[];
  microsPerPoll: number[];
  /** Full (mark-compact) collections inside the measured windows, all runs together. */
  majorGcs: number;
}

const cells: Cell[] = [
  {
    label: 'baseline (no-op timer)',
    readers: 1,
    pollMs: POLL_MS,
    bundle: await bundle(null, 0),
    percent: [],
    microsPerPoll: [],
    majorGcs: 0,
  },
];
for (const [index, checkout] of checkouts.entries()) {
  const built = await bundle(checkout, index + 1);
  for (const readers of READERS) {
    cells.push({
      label: checkoutLabel(checkout),
      readers,
      pollMs: POLL_MS,
      bundle: built,
      percent: [],
      microsPerPoll: [],
      majorGcs: 0,
    });
  }
  cells.push({
    label: checkoutLabel(checkout),
    readers: 16,
    pollMs: FAST_POLL_MS,
    bundle: built,
    percent: [],
    microsPerPoll: [],
    majorGcs: 0,
  });
}

for (let run = 1; run <= runs; run += 1) {
  for (const cell of cells) {
    const child = spawnSync(
      process.execPath,
      [
        cell.bundle,
        String(cell.readers),
        String(cell.pollMs),
        String(WARM_UP_MS),
        String(windowMs),
      ],
      { encoding: 'utf8', cwd: workDirectory },
    );
    const line = child.stdout.trim().split('\n').at(-1) ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      throw new Error(`${cell.label}: exit ${child.status}: ${child.stderr}`);
    }
    const { cpuMicros, elapsedMs, polls, majorGcs } = JSON.parse(line) as {
      cpuMicros: number;
      elapsedMs: number;
      polls: number;
      majorGcs: number;
    };
    cell.majorGcs += majorGcs;
    cell.percent.push((cpuMicros / 1000 / elapsedMs) * 100);
    cell.microsPerPoll.push(cpuMicros / Math.max(1, polls));
    console.error(
      `run ${run}: ${cell.label}, ${cell.readers} reader(s) every ${cell.pollMs} ms: ${fixed(cell.percent.at(-1) ?? 0, 3)} % of a core, ${polls} polls`,
    );
  }
}

const rows = cells.map((cell) => {
  const baseline = cell.label.startsWith('baseline');
  const target =
    cell.readers === 16 && cell.pollMs === POLL_MS ? ` (target < ${TARGET_PERCENT})` : '';
  const perPoll =
    cell.pollMs === FAST_POLL_MS
      ? `${meanAndRange(cell.microsPerPoll, 1)} (target < ${TARGET_MICROS_PER_READER_POLL})`
      : '–';
  return `| ${cell.label} | ${baseline ? '–' : cell.readers} | ${cell.pollMs} | ${meanAndRange(cell.percent, 3)}${target} | ${perPoll} | ${cell.majorGcs} |`;
});

writeDocSection(
  'reader-poll-cpu',
  `## Reader polling CPU

The broker's core on the simulator (no card, no client), readers polled every ${POLL_MS} ms,
CPU time over a ${windowMs / 1000} s window after a ${WARM_UP_MS / 1000} s warm-up, as a
percentage of one core; ${runs} runs interleaved, mean (lowest–highest). The warm-up runs past
start-up: V8's memory reducer runs a full collection or two about 8 s after a process's
start-up allocations, once, which a window starting earlier charges to polling (it put about
0.1–0.2 % of a core on every broker cell of a 10 s window). The last column counts the full
collections that still fell inside the windows (all runs together); the baseline is a
process running an async no-op on a timer at the same rate.

${machineLines(machine, command)}

| process | readers | poll (ms) | % of a core | CPU per reader poll (µs), all costs included | full GCs in the windows |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}
`,
);
