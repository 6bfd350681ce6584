// The `prepack` step of the published packages (`@nhicard/protocol`, `native`, `client`,
// `server`): builds the package and the workspace packages it depends on from a clean `dist/`,
// so a tarball never holds stale files (tests of an older layout) or misses the build, and,
// for the server, copies in the example apps and the client's `<script>` bundles it serves.
// Run from the package's folder: `node ../scripts/pack/prepack.mjs`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = process.cwd();
const { name } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const repo = join(packageDir, '..');

function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: repo,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    process.stderr.write(`prepack ${name}: ${command} ${args.join(' ')} failed\n`);
    process.exit(result.status ?? 1);
  }
}

rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
// `name...`: the package and every workspace package it depends on, in dependency order (for
// the server that includes the client, whose bundles it serves and whose SDK its CLI uses). The
// pack-and-install check packs in dependency order and sets NHICARD_PREPACK_SELF_ONLY=1 so that
// each package is built once.
const selfOnly = process.env.NHICARD_PREPACK_SELF_ONLY === '1';
run('pnpm', ['--filter', selfOnly ? name : `${name}...`, 'run', 'build']);

if (name === '@nhicard/server') {
  // dist/assets/: where the built server looks first (server/src/http/examples-routes.ts).
  const assets = join(packageDir, 'dist', 'assets');
  for (const entry of ['index.html', 'his-registration', 'kiosk', 'monitor', 'shared']) {
    cpSync(join(repo, 'examples', entry), join(assets, 'examples', entry), { recursive: true });
  }
  mkdirSync(join(assets, 'sdk'), { recursive: true });
  for (const bundle of ['nhicard-client.iife.js', 'nhicard-client.msgpack.iife.js']) {
    cpSync(join(repo, 'client-sdk', 'dist', bundle), join(assets, 'sdk', bundle));
  }
}
