/**
 * Idle CPU: the broker on the simulator (one reader, no card, no client) polling at 4 Hz (the
 * default 250 ms) and at 10 Hz, its CPU time (`process.cpuUsage`, user + system) over a
 * measured window, as a share of one core. Baseline, in the same run: a process doing the
 * least any poller must do, an HTTP server listening and an async no-op on a timer at the same
 * rate. Each runs in a child process of its own and measures itself (no IPC in the window);
 * broker and baseline are measured at the same time.
 *
 * Run: `pnpm tsx bench/idle-cpu.ts`. Writes the idle-cpu section of docs/benchmarks.md.
 */
import {
  closeBrokerProcess,
  startBrokerProcess,
} from '../test/hardening/support/broker-process-handle.js';
import { type ChildReply, startChild } from '../test/hardening/support/child-ipc.js';
import { benchSection, fixed, ratio, sleep, verdict } from './bench-report.helpers.js';

const section = benchSection('idle-cpu');
const RATES_HZ = [4, 10] as const;
const WARM_UP_MS = 3000;
const WINDOW_MS = 15_000;
const TARGET_PERCENT_AT_4_HZ = 1;

/** CPU time over the window as a percentage of one core. */
function percentOfCore(reply: ChildReply): number {
  const cpuMs = (Number(reply.userMicros) + Number(reply.systemMicros)) / 1000;
  return (cpuMs / Number(reply.elapsedMs)) * 100;
}

interface Row {
  hz: number;
  broker: number;
  baseline: number;
}

const rows: Row[] = [];
for (const hz of RATES_HZ) {
  const periodMs = 1000 / hz;
  const broker = await startBrokerProcess(
    { pollIntervalMs: periodMs, tokens: {} },
    { runner: 'bundle' },
  );
  const baseline = await startChild(
    new URL('./baseline-server.helpers.ts', import.meta.url),
    { mode: 'timer', periodMs },
    { runner: 'bundle' },
  );
  await baseline.ready;
  try {
    await sleep(WARM_UP_MS);
    const [brokerCpu, baselineCpu] = await Promise.all([
      broker.handle.request('cpu', { windowMs: WINDOW_MS }),
      baseline.request('cpu', { windowMs: WINDOW_MS }),
    ]);
    const row: Row = { hz, broker: percentOfCore(brokerCpu), baseline: percentOfCore(baselineCpu) };
    rows.push(row);
    console.log(
      `${hz} Hz: broker ${fixed(row.broker, 3)} % of a core, baseline ${fixed(row.baseline, 3)} %`,
    );
  } finally {
    await closeBrokerProcess(broker);
    await baseline.request('close');
    await baseline.exited;
  }
}

const table = rows.map((row) => {
  const target =
    row.hz === 4
      ? `< ${TARGET_PERCENT_AT_4_HZ} % of a core: ${verdict(row.broker < TARGET_PERCENT_AT_4_HZ)}`
      : '–';
  return `| ${row.hz} Hz (${1000 / row.hz} ms) | ${fixed(row.broker, 3)} | ${fixed(row.baseline, 3)} | ${ratio(row.broker, row.baseline)} | ${target} |`;
});

section.write(
  `## Idle CPU

The broker on the simulator (one reader, no card, no client; the reader scan every 2 s and the
ping timer included) and its CPU time (\`process.cpuUsage\`, user + system) over a
${WINDOW_MS / 1000} s window after a ${WARM_UP_MS / 1000} s warm-up, as a percentage of one core.
Baseline, measured at the same time: a process doing the least any poller must do, an HTTP
server listening and an async no-op on a timer at the same rate. Each runs in a child process
of its own, bundled into plain JavaScript and run by bare Node (as an installed broker runs its
compiled \`dist/\`; through the tsx loader, as \`pnpm start\` runs the sources, add about 1 % of a
core for the loader's own thread), and measures itself.

${section.machineLines()}

| poll rate | broker (% of a core) | baseline (% of a core) | broker ÷ baseline | target |
|---|---:|---:|---:|---|
${table.join('\n')}
`,
);
