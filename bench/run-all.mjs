// `pnpm bench`: runs every benchmark script in bench/ (one process each, one after the other,
// so they do not disturb each other's timings). Each script writes its own section of
// docs/benchmarks.md. The monitor-latency benchmark (200 brokers, tens of minutes) has a
// command of its own, `pnpm bench:monitor`, and is left out here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUN_SEPARATELY = new Set(['monitor-latency.ts']);
const benchDir = fileURLToPath(new URL('.', import.meta.url));
const scripts = readdirSync(benchDir)
  .filter(
    (name) =>
      name.endsWith('.ts') &&
      !name.endsWith('.test.ts') &&
      !name.includes('.helpers.') &&
      !RUN_SEPARATELY.has(name),
  )
  .sort();
let failed = 0;
const startedAt = performance.now();
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  const scriptStartedAt = performance.now();
  const run = spawnSync('pnpm', ['exec', 'tsx', `bench/${script}`], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
  console.log(`== bench/${script}: ${((performance.now() - scriptStartedAt) / 1000).toFixed(0)} s`);
}
console.log(`\nall benchmarks: ${((performance.now() - startedAt) / 60_000).toFixed(1)} min`);
if (failed > 0) {
  console.error(`${failed} benchmark(s) failed`);
  process.exit(1);
}
