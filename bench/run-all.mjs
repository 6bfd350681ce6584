// `pnpm bench`: runs every benchmark script in bench/ (one process each, one after the other,
// so they do not disturb each other's timings). Each script writes its own section of
// docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const scripts = readdirSync(benchDir)
  .filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('.helpers.'),
  )
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n== bench/${script}`);
  const run = spawnSync('pnpm', ['exec', 'tsx', `bench/${script}`], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
if (failed > 0) {
  console.error(`${failed} benchmark(s) failed`);
  process.exit(1);
}
