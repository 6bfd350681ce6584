import { SECTION_IDS, type SectionId } from '../protocol/src/card/section-ids.js';
import { decodeSection } from '../protocol/src/card/section-registry.js';
import { SECTION_SAMPLES } from '../protocol/src/card/section-samples.test-helpers.js';
import { dateAndMachineLines, machineInfo, writeDocSection } from './bench-report.helpers.js';

const ITERATIONS = 50_000;
const WARM_UP_ITERATIONS = 10_000;
/** The iterations are timed in this many batches; the median batch is a run's figure. */
const BATCHES = 5;
/** Runs per section, spread over the whole benchmark (all sections, then again). */
const RUNS = 3;
const COMMAND = 'pnpm tsx bench/decode-sections.ts';

/** Keeps results alive so the optimiser cannot drop the work being timed. */
let sink = 0;

/**
 * Nanoseconds per call: the median of {@link BATCHES} timed batches that together make
 * `iterations` calls, so a burst of load from other processes moves one batch, not the result.
 */
function nsPerCall(iterations: number, run: () => number): number {
  for (let i = 0; i < WARM_UP_ITERATIONS; i += 1) sink += run();
  const perBatch = Math.ceil(iterations / BATCHES);
  const batchNs: number[] = [];
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i += 1) sink += run();
    batchNs.push(Number(process.hrtime.bigint() - start) / perBatch);
  }
  batchNs.sort((a, b) => a - b);
  return batchNs[Math.floor(BATCHES / 2)] ?? Number.NaN;
}

interface Row {
  id: SectionId;
  bytes: number;
  /** ns per call, one figure per run. */
  runsNs: number[];
}

function measure(id: SectionId): number {
  const bytes = SECTION_SAMPLES[id];
  return nsPerCall(ITERATIONS, () => decodeSection(id, bytes).warnings.length + 1);
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| section | bytes | decode (ns), median of runs | range over runs (ns) |',
    '|---|---:|---:|---:|',
  ];
  for (const row of rows) {
    const sorted = [...row.runsNs].sort((a, b) => a - b);
    const middle = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    const low = Math.round(sorted[0] ?? Number.NaN);
    const high = Math.round(sorted.at(-1) ?? Number.NaN);
    lines.push(`| \`${row.id}\` | ${row.bytes} | ${Math.round(middle)} | ${low}–${high} |`);
  }
  return lines.join('\n');
}

/** The machine when the run started: a busy machine makes every number larger. */
const machine = machineInfo();

function section(rows: readonly Row[]): string {
  return [
    '## Card-section decoding',
    '',
    `Each section decoded ${ITERATIONS.toLocaleString('en-US')} times per run through the section registry`,
    '(`decodeSection`) from a realistic canonical buffer',
    '(`protocol/src/card/section-samples.test-helpers.ts`), after a warm-up of',
    `${WARM_UP_ITERATIONS.toLocaleString('en-US')}, timed in ${BATCHES} batches whose median is the run's figure;`,
    `${RUNS} runs, each over every section in turn, so a burst of load from elsewhere moves one run.`,
    'Absolute nanoseconds per call, with the range over the runs: an earlier baseline',
    '(`TextDecoder` over the same bytes) swung 400–2,970 ns between runs on this shared machine,',
    'which made ratios to it meaningless, so none is given.',
    '',
    dateAndMachineLines(machine),
    `- Command: \`${COMMAND}\``,
    '',
    table(rows),
  ].join('\n');
}

function writeDoc(content: string): void {
  writeDocSection('decode-sections', content);
}

const rows: Row[] = SECTION_IDS.map((id) => ({
  id,
  bytes: SECTION_SAMPLES[id].length,
  runsNs: [],
}));
for (let run = 0; run < RUNS; run += 1) {
  for (const row of rows) row.runsNs.push(measure(row.id));
}
const output = section(rows);
console.log(table(rows));
console.log(`(sink ${sink % 10})`);
writeDoc(output);
