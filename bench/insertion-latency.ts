/**
 * Insertion latency: from a card going in to `card.inserted` and to basic data at the client,
 * by poll interval, on the simulator's default timings (SAM 1,000 ms, basic read 300 ms,
 * insurance read 400 ms). The broker is `nhicard serve` of a checkout, started through its
 * public CLI, so the same script measures an older commit too: pass `--checkout <path>` once
 * per checkout (each needs its `pnpm install`), and the runs are interleaved so that every
 * checkout meets the same load. The client (bench/insertion-client.helpers.ts) runs in a
 * process of its own and speaks plain protocol 1.
 *
 * Run: `pnpm tsx bench/insertion-latency.ts [--checkout <path>]… [--runs 3] [--insertions 8]`
 * (default: this checkout only). Writes its section of docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  checkoutLabel,
  fixed,
  machineInfo,
  machineLines,
  median,
  writeDocSection,
} from './bench-report.helpers.js';
import { checkoutRuns, mean, meanAndRange, THIS_CHECKOUT } from './checkout-runs.helpers.js';

const machine = machineInfo();
const POLLS_MS = [250, 50] as const;
const SAM_MS = 1000;
const BASIC_MS = 300;
const { checkouts, runs, extra, command } = checkoutRuns('insertion-latency.ts', {
  insertions: '8',
});
const { insertions } = extra;

interface Sample {
  inserted: number[];
  basicEvent: number[];
  basicRequest: number[];
}

/** Environment without the machine's NHICARD_* settings, PC/SC hidden: the simulator it is. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('NHICARD_')),
  );
  return { ...env, NHICARD_PCSC_LIBRARY: '/nonexistent/libpcsclite.so.1' };
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolveMatch, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match) resolveMatch(match);
    });
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before ${pattern}: ${text}`)),
    );
  });
}

async function measure(checkout: string, pollMs: number): Promise<Sample> {
  const broker = spawn(
    process.execPath,
    [
      join(checkout, 'server/bin/nhicard.js'),
      'serve',
      '--port',
      '0',
      '--driver',
      'simulator',
      '--poll-interval-ms',
      String(pollMs),
      '--log-level',
      'warn',
    ],
    {
      cwd: mkdtempSync(join(tmpdir(), 'nhicard-bench-')),
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const [, url = '', port = ''] = await waitForOutput(
      broker,
      /WebSocket {2}(ws:\/\/127\.0\.0\.1:(\d+)\/v1)\n/,
    );
    // The broker's own origin: the demo page's, which may insert simulated cards.
    const origin = `http://127.0.0.1:${port}`;
    const client = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(THIS_CHECKOUT, 'bench/insertion-client.helpers.ts'),
        url,
        origin,
        String(insertions),
        String(pollMs),
      ],
      { cwd: THIS_CHECKOUT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line = ''] = await waitForOutput(client, /\{.*\}\n/);
    return JSON.parse(line) as Sample;
  } finally {
    broker.kill('SIGTERM');
    await new Promise((done) => broker.once('exit', done));
  }
}

/** Mean of the runs' means, and their spread (lowest–highest run mean). */
function summary(perRun: readonly number[][]): string {
  return meanAndRange(perRun.map(mean), 0);
}

const results = new Map<string, Sample[]>();
for (let run = 1; run <= runs; run += 1) {
  for (const pollMs of POLLS_MS) {
    for (const checkout of checkouts) {
      const sample = await measure(checkout, pollMs);
      const key = `${checkout}|${pollMs}`;
      results.set(key, [...(results.get(key) ?? []), sample]);
      console.error(
        `run ${run}, ${basename(checkout)}, poll ${pollMs} ms: inserted ${fixed(median(sample.inserted), 0)} ms, ` +
          `basic event ${fixed(median(sample.basicEvent), 0)} ms, basic request ${fixed(median(sample.basicRequest), 0)} ms (medians)`,
      );
    }
  }
}

const rows: string[] = [];
for (const pollMs of POLLS_MS) {
  for (const checkout of checkouts) {
    const samples = results.get(`${checkout}|${pollMs}`) ?? [];
    const target =
      pollMs === 250 ? ` (targets: ≤ ${pollMs / 2 + 5}; ≤ ${SAM_MS + BASIC_MS + 30})` : '';
    rows.push(
      `| ${checkoutLabel(checkout)} | ${pollMs} ms${target} | ${summary(samples.map((s) => s.inserted))} | ` +
        `${summary(samples.map((s) => s.basicEvent))} | ${summary(samples.map((s) => s.basicRequest))} |`,
    );
  }
}
writeDocSection(
  'insertion-latency',
  `## Insertion to data

From sending \`sim.insert\` to the client receiving: \`card.inserted\`; the first \`card.read\`
event holding basic; the answer to a \`card.read\` of basic asked on \`card.inserted\`. Simulator
defaults (SAM ${SAM_MS} ms, basic ${BASIC_MS} ms, insurance 400 ms), ${insertions} insertions per
run, ${runs} runs interleaved across checkouts; each cell is the mean of the runs' means in ms,
with the lowest and highest run mean. The insertions are stratified over the poll cycle: it is
cut into ${insertions} equal slices, located from the tick that reported the previous removal,
and each insertion goes in at a random moment of its own slice. Their mean is that of a card
going in at any moment, and its sampling error is about ${insertions} times smaller than with
purely random moments (which gave the \`card.inserted\` column a run-to-run spread of ±20 ms at a
250 ms poll).

${machineLines(machine, command)}

| checkout | poll | \`card.inserted\` | basic by event | basic by request |
|---|---|---:|---:|---:|
${rows.join('\n')}
`,
);
