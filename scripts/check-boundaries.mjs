#!/usr/bin/env node
// Enforces the package boundaries (README.md, Layout): which workspace packages and which Node
// built-ins each package's shipped source may import. Run by `pnpm lint` and by a test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What each folder may import of ours, and whether it may use Node built-ins. `allowIn` widens
 * `ours` for one subfolder only (a path relative to the repository, with `/`).
 */
export const BOUNDARY_RULES = {
  protocol: { ours: [], nodeBuiltins: false },
  native: { ours: ['@nhicard/protocol'], nodeBuiltins: true },
  server: {
    ours: ['@nhicard/protocol', '@nhicard/native'],
    nodeBuiltins: true,
    // The CLI is an application of both the broker and the client SDK: `nhicard sim` talks to a
    // running broker through the SDK instead of a protocol client of its own. It stays in the
    // server package because it uses the broker's internals (config loading, TLS, the access
    // store), which a package of its own would force the broker to export. The broker library
    // that `server/src/index.ts` exports, i.e. everything else under server/, still never
    // imports the SDK.
    allowIn: { 'server/src/cli/': ['@nhicard/client'] },
  },
  'client-sdk': { ours: ['@nhicard/protocol'], nodeBuiltins: false },
  examples: { ours: ['@nhicard/client'], nodeBuiltins: false },
};

const OUR_SCOPE = '@nhicard/';
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
// Tests, fixtures and build scripts run only on Node; the rules cover what ships.
const NOT_SHIPPED =
  /(?:\.test\.|\.test-helpers\.|\.bench\.|[/\\](?:__tests__|fixtures|scripts|test)[/\\])/;
const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module specifier a source text imports. */
export function importsOf(sourceText) {
  // JSDoc examples show imports too; only code counts. (Line comments are dropped only when
  // they start a line, so a `//` inside a URL string cannot hide an import after it.)
  const code = sourceText.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      if (match[1] !== undefined) found.add(match[1]);
    }
  }
  return [...found];
}

function* sourceFiles(dir) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (SOURCE_FILE.test(name)) yield path;
  }
}

/** The packages of ours that `file` (relative to the repository) may import under `rule`. */
function allowedOurs(rule, file) {
  const path = file.split(sep).join('/');
  const extra = Object.entries(rule.allowIn ?? {})
    .filter(([folder]) => path.startsWith(folder))
    .flatMap(([, packages]) => packages);
  return [...rule.ours, ...extra];
}

/**
 * Checks every shipped source file under `rootDir` against BOUNDARY_RULES.
 * @returns one line per violation: `file: imports 'x' (reason)`.
 */
export function checkBoundaries(rootDir) {
  const violations = [];
  for (const [folder, rule] of Object.entries(BOUNDARY_RULES)) {
    for (const file of sourceFiles(join(rootDir, folder))) {
      const shown = relative(rootDir, file);
      if (NOT_SHIPPED.test(`/${shown}`)) continue;
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith(OUR_SCOPE)) {
          const pkg = specifier.split('/').slice(0, 2).join('/');
          if (!allowedOurs(rule, shown).includes(pkg)) {
            violations.push(
              `${shown}: imports '${specifier}' (${folder} may import ${rule.ours.join(', ') || 'nothing of ours'})`,
            );
          }
        } else if (!rule.nodeBuiltins && BUILTINS.has(specifier)) {
          violations.push(
            `${shown}: imports '${specifier}' (${folder} must run in a browser: no Node built-ins)`,
          );
        }
      }
    }
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const violations = checkBoundaries(root);
  if (violations.length > 0) {
    console.error(
      `Package boundary violations (see README.md, Layout):\n  ${violations.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('Package boundaries: ok');
}
