import { arch, cpus, loadavg, platform } from 'node:os';
import { SECTION_IDS, type SectionId } from '../protocol/src/card/section-ids.js';
import { decodeSection } from '../protocol/src/card/section-registry.js';
import { SECTION_SAMPLES } from '../protocol/src/card/section-samples.test-helpers.js';
import { writeDocSection } from './bench-report.helpers.js';

const ITERATIONS = 100_000;
const WARM_UP_ITERATIONS = 10_000;
/** The iterations are timed in this many batches; the median batch is reported. */
const BATCHES = 5;
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
  decodeNs: number;
  baselineNs: number;
}

function measure(id: SectionId): Row {
  const bytes = SECTION_SAMPLES[id];
  const textDecoder = new TextDecoder();
  const baselineNs = nsPerCall(ITERATIONS, () => textDecoder.decode(bytes.slice()).length);
  const decodeNs = nsPerCall(ITERATIONS, () => decodeSection(id, bytes).warnings.length + 1);
  return { id, bytes: bytes.length, decodeNs, baselineNs };
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| section | bytes | decode (ns) | baseline (ns) | decode ÷ baseline |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const ratio = (row.decodeNs / row.baselineNs).toFixed(1);
    lines.push(
      `| \`${row.id}\` | ${row.bytes} | ${Math.round(row.decodeNs)} | ${Math.round(row.baselineNs)} | ${ratio}× |`,
    );
  }
  return lines.join('\n');
}

function machine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  return `${cores.length} cores, ${model}, Node ${process.version}, ${platform()} ${arch()}`;
}

/** The 1-minute load average when the run started: a busy machine makes every number larger. */
const loadAtStart = loadavg()[0]?.toFixed(2) ?? 'unknown';

function section(rows: readonly Row[]): string {
  return [
    '## Card-section decoding',
    '',
    `Each section decoded ${ITERATIONS.toLocaleString('en-US')} times through the section registry`,
    '(`decodeSection`) from a realistic canonical buffer',
    '(`protocol/src/card/section-samples.test-helpers.ts`), after a warm-up of',
    `${WARM_UP_ITERATIONS.toLocaleString('en-US')}, timed in ${BATCHES} batches of which the median is reported.`,
    'Baseline, measured in the same run: the least any',
    'decoder must do, `new TextDecoder().decode(bytes.slice())` over the same bytes (one string,',
    'no fields, no validation, no objects). Times are nanoseconds per call.',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${machine()}; 1-minute load average at start ${loadAtStart}`,
    `- Command: \`${COMMAND}\``,
    '',
    table(rows),
  ].join('\n');
}

function writeDoc(content: string): void {
  writeDocSection('decode-sections', content);
}

const rows = SECTION_IDS.map(measure);
const output = section(rows);
console.log(table(rows));
console.log(`(sink ${sink % 10})`);
writeDoc(output);
