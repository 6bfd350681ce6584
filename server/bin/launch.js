// Picks what the `nhicard` command runs. In the nhicard repository (a pnpm workspace checkout)
// it runs the TypeScript sources through tsx with the workspace tsconfig, whose `paths` map
// @nhicard/* to the other packages' sources: `pnpm install` is enough, and a stale dist/ can
// never run instead of the code being edited. Installed as a package, it runs the compiled
// dist/. NHICARD_CLI_RUNTIME=source|dist forces one of the two.
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceEntry = new URL('../src/cli/main.ts', import.meta.url);
const distEntry = new URL('../dist/cli/main.js', import.meta.url);
const workspaceMarker = new URL('../../pnpm-workspace.yaml', import.meta.url);
const workspaceTsconfig = new URL('../../tsconfig.json', import.meta.url);

function fail(message) {
  process.stderr.write(`nhicard: ${message}\n`);
  process.exit(1);
}

async function registerTsx() {
  try {
    const { register } = await import('tsx/esm/api');
    register({ tsconfig: fileURLToPath(workspaceTsconfig) });
    return true;
  } catch {
    return false;
  }
}

async function chooseEntry() {
  const forced = process.env.NHICARD_CLI_RUNTIME;
  if (forced !== undefined && forced !== '' && forced !== 'source' && forced !== 'dist') {
    fail(`NHICARD_CLI_RUNTIME must be "source" or "dist" (got ${JSON.stringify(forced)})`);
  }
  const inWorkspace = existsSync(workspaceMarker) && existsSync(sourceEntry);
  if (forced === 'source' || (forced !== 'dist' && inWorkspace)) {
    if (await registerTsx()) return sourceEntry;
    if (forced === 'source') fail('NHICARD_CLI_RUNTIME=source needs tsx: run `pnpm install`.');
  }
  if (existsSync(distEntry)) return distEntry;
  return fail(
    'cannot start: dist/cli/main.js is missing and the TypeScript sources cannot be run ' +
      '(in the repository, run `pnpm install`; for a package, run `pnpm build`).',
  );
}

function sameFile(a, b) {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * How the user ran this, as hints should say it: `npx nhicard` under npm exec, `nhicard` when
 * that name on the PATH is this script, the release's `nhicard.cmd` in the Windows release,
 * else `node <script>` (relative to the working folder when inside it).
 */
export function commandNameFor(
  env = process.env,
  script = process.argv[1] ?? '',
  cwd = process.cwd(),
) {
  if (env.npm_command === 'exec') return 'npx nhicard';
  for (const folder of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (folder !== '' && sameFile(join(folder, 'nhicard'), script)) return 'nhicard';
  }
  const release = dirname(dirname(process.execPath));
  if (process.platform === 'win32' && existsSync(join(release, 'nhicard.cmd'))) {
    return `"${join(release, 'nhicard.cmd')}"`;
  }
  const shown = relative(cwd, script);
  return `node ${shown === '' || shown.startsWith('..') || isAbsolute(shown) ? script : shown}`;
}

/**
 * Runs the nhicard CLI with `args` (the arguments after the command name); `commandName` is how
 * the user runs it, for the hints it prints.
 */
export async function launch(args, commandName = commandNameFor()) {
  const entry = await chooseEntry();
  const { main } = await import(entry.href);
  await main(args, commandName);
}
