// `npm start` (or `pnpm start`): `nhicard serve` from the sources, with the demo page at
// http://127.0.0.1:7766/ and, on the simulator, the example apps. On a fresh clone it first
// installs the dependencies (pnpm at the pinned version) and builds the client bundle the demo
// page and the example pages load. `auto` picks csHIS.dll where it is installed, else PC/SC
// where the service answers, else the simulator.
// Extra arguments go to serve: `npm start -- --port 0`, `pnpm start --log-level debug`.
import { ensureClientBundle, ensureDependencies } from './bootstrap.mjs';

ensureDependencies();
if (!ensureClientBundle()) {
  console.error(
    'nhicard: the client bundle did not build; the demo page and the example pages will say so.',
  );
}

const extra = process.argv.slice(2);
// Only now that the dependencies exist: the launcher loads tsx to run the TypeScript sources.
const { launch } = await import('../server/bin/launch.js');
// `pnpm start -- --port 0` hands the `--` on; serve would read everything after it as positional.
await launch(
  ['serve', ...(extra[0] === '--' ? extra.slice(1) : extra)],
  'node server/bin/nhicard.js',
);
