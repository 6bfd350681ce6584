// `pnpm start`: `nhicard serve` from the sources (no build needed), with the demo page at
// http://127.0.0.1:7766/ and, on the simulator, the example apps. `auto` picks csHIS.dll where
// it is installed, else PC/SC where the service answers, else the simulator.
// Extra arguments go to serve: `pnpm start --port 0`, `pnpm start --log-level debug`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch } from '../server/bin/launch.js';

// The example pages load the client's <script> bundle from /sdk/; a fresh clone has not built
// it yet, so build it once (esbuild, a few seconds) rather than serve pages that cannot work.
const repo = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${repo}client-sdk/dist/nhicard-client.iife.js`)) {
  console.log('nhicard: building the client bundle for the example pages (first start only)…');
  const build = spawnSync('pnpm', ['exec', 'tsx', 'client-sdk/scripts/build.ts'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('nhicard: the client bundle did not build; the example pages will say so.');
  }
}

const extra = process.argv.slice(2);
// `pnpm start -- --port 0` hands the `--` on; serve would read everything after it as positional.
await launch(
  ['serve', ...(extra[0] === '--' ? extra.slice(1) : extra)],
  'node server/bin/nhicard.js',
);
