// `pnpm start`: `nhicard serve` from the sources (no build needed), on the simulator (the `auto`
// driver picks it while it is the only one) with the demo page at http://127.0.0.1:7766/.
// Extra arguments go to serve: `pnpm start --port 0`, `pnpm start --log-level debug`.
import { launch } from '../server/bin/launch.js';

const extra = process.argv.slice(2);
// `pnpm start -- --port 0` hands the `--` on; serve would read everything after it as positional.
await launch(
  ['serve', ...(extra[0] === '--' ? extra.slice(1) : extra)],
  'node server/bin/nhicard.js',
);
