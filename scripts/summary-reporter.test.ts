import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const reporterPath = fileURLToPath(new URL('./summary-reporter.ts', import.meta.url));
const vitestBin = join(
  createRequire(import.meta.url).resolve('vitest/package.json'),
  '..',
  'vitest.mjs',
);
const tempRoots: string[] = [];

afterAll(() => {
  for (const root of tempRoots.splice(0)) rmSync(root, { recursive: true, force: true });
});

interface Run {
  readonly exitCode: number | null;
  /** The closing line the reporter printed. */
  readonly summary: string | undefined;
  readonly output: string;
}

/**
 * Runs a real vitest, with the project's summary reporter, on one fixture test file (vitest's
 * globals, so the fixture needs no import and can live in a temporary folder).
 */
async function runVitestOn(fixture: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const root = mkdtempSync(join(tmpdir(), 'nhicard-summary-'));
  tempRoots.push(root);
  writeFileSync(join(root, 'fixture.check.js'), fixture);
  writeFileSync(
    join(root, 'vitest.config.mjs'),
    `export default { test: { globals: true, include: ['*.check.js'], reporters: ['dot', ${JSON.stringify(reporterPath)}] } };\n`,
  );
  // The outer run's own variables (CI's NHICARD_TEST_REQUIRE, vitest's worker ids) stay out.
  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('VITEST') && key !== 'NHICARD_TEST_REQUIRE' && key !== 'TEST',
    ),
  );
  const child = spawn(
    process.execPath,
    [vitestBin, 'run', '--root', root, '--config', join(root, 'vitest.config.mjs')],
    { cwd: root, env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const summary = output.split('\n').find((line) => line.startsWith('vitest: '));
  return { exitCode, summary, output };
}

const RUN_TIMEOUT_MS = 60_000;

/** A fixture with a failure in it, and the closing line the reporter gives its run. */
interface FailureCase {
  readonly name: string;
  readonly fixture: string;
  readonly summary: string;
}

const FAILURE_CASES: readonly FailureCase[] = [
  {
    name: 'counts the tests a failing beforeAll kept from running as failed, not skipped',
    fixture: `describe('suite', () => {
           beforeAll(() => { throw new Error('fixture: beforeAll fails'); });
           it('one', () => {});
           it('two', () => {});
         });
         it('outside the suite', () => {});
         it.skip('declared skip', () => {});`,
    summary: 'vitest: 1 passed, 2 failed, 1 skipped',
  },
  {
    name: 'counts a failing beforeAll at the top of a file as failed',
    fixture: `beforeAll(() => { throw new Error('fixture: top beforeAll fails'); });
         it('one', () => {});`,
    summary: 'vitest: 0 passed, 1 failed, 0 skipped',
  },
  {
    name: 'counts a failing afterAll as one failure when every test passed',
    fixture: `describe('suite', () => {
           afterAll(() => { throw new Error('fixture: afterAll fails'); });
           it('one', () => {});
           it('two', () => {});
           it.skip('declared skip', () => {});
         });`,
    summary: 'vitest: 2 passed, 1 failed, 1 skipped',
  },
  {
    name: 'counts a file that fails to load as failed',
    fixture: `it('never collected', () => {});
         throw new Error('fixture: the file fails to load');`,
    summary: 'vitest: 0 passed, 1 failed, 0 skipped',
  },
  {
    name: 'counts a failing test once, and an error thrown outside any test as a failure',
    fixture: `it('fails', () => { throw new Error('fixture: test fails'); });
         it('throws later', () => { setTimeout(() => { throw new Error('fixture: unhandled'); }); });
         it('waits', () => new Promise((resolve) => setTimeout(resolve, 0)));`,
    summary: 'vitest: 2 passed, 2 failed, 0 skipped',
  },
];

describe('summary reporter on a real vitest run', () => {
  it.each(FAILURE_CASES)(
    '$name',
    async ({ fixture, summary }) => {
      const run = await runVitestOn(fixture);
      expect(run.summary, run.output).toBe(summary);
      expect(run.exitCode).toBe(1);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'passes a clean run with exit code 0, and fails it on a skip under NHICARD_TEST_REQUIRE=all',
    async () => {
      const fixture = `it('one', () => {}); it.skip('declared skip', () => {});`;
      const clean = await runVitestOn(fixture);
      expect(clean.summary, clean.output).toBe('vitest: 1 passed, 0 failed, 1 skipped');
      expect(clean.exitCode).toBe(0);
      const required = await runVitestOn(fixture, { NHICARD_TEST_REQUIRE: 'all' });
      expect(required.summary, required.output).toBe('vitest: 1 passed, 0 failed, 1 skipped');
      expect(required.output).toContain('NHICARD_TEST_REQUIRE=all: 1 test(s) skipped');
      expect(required.exitCode).toBe(1);
    },
    RUN_TIMEOUT_MS,
  );
});
