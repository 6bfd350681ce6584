// `npm test` (or `pnpm test`): the whole vitest suite, after installing the dependencies on a
// fresh clone (pnpm at the pinned version) and rebuilding a stale client bundle. Arguments go to
// vitest: `npm test -- test/server`, `pnpm test --reporter verbose`.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureClientBundle, ensureDependencies, repoDir } from './bootstrap.mjs';

ensureDependencies();
if (!ensureClientBundle()) {
  console.error('nhicard: the client bundle did not build; the tests that serve it will fail.');
  process.exit(1);
}

const require = createRequire(join(repoDir, 'package.json'));
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const extra = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  [vitest, 'run', ...(extra[0] === '--' ? extra.slice(1) : extra)],
  { cwd: repoDir, stdio: 'inherit' },
);
// A signal (Ctrl+C) ends the run without a status: report it as a failure.
process.exit(result.status ?? 1);
