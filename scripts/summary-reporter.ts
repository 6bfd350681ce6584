import type { SerializedError } from 'vitest';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';

/** The counts of the closing line. */
export interface SummaryCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Whether `owner` or a suite above it (up to its file) has errors of its own (a failed hook). */
function hookFailedAbove(owner: TestCase | TestSuite): boolean {
  for (let node: TestModule | TestSuite = owner.parent; ; node = node.parent) {
    if (node.errors().length > 0) return true;
    if (node.type === 'module') return false;
  }
}

/**
 * How a test counts: a test that was meant to run but was skipped because a `beforeAll` above it
 * failed counts as failed, not skipped.
 */
function outcome(testCase: TestCase): keyof SummaryCounts {
  const state = testCase.result().state;
  if (state === 'passed' || state === 'failed') return state;
  return testCase.options.mode === 'run' && hookFailedAbove(testCase) ? 'failed' : 'skipped';
}

/**
 * Counts one file's tests, plus one failure for each file or suite whose own errors (a failed
 * `afterAll`, a file that failed to load) no failed test under it shows already: a failing file
 * can never add up to "0 failed".
 */
function countModule(testModule: TestModule, counts: SummaryCounts, skippedNames: string[]): void {
  for (const testCase of testModule.children.allTests()) {
    const counted = outcome(testCase);
    counts[counted] += 1;
    if (counted === 'skipped') skippedNames.push(testCase.fullName);
  }
  for (const suite of [testModule, ...testModule.children.allSuites()]) {
    if (suite.errors().length === 0) continue;
    const shown = [...suite.children.allTests()].some((test) => outcome(test) === 'failed');
    if (!shown) counts.failed += 1;
  }
}

/** The closing line's counts for a finished run (unhandled errors count as failures too). */
export function summarise(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
): { counts: SummaryCounts; skippedNames: string[] } {
  const counts: SummaryCounts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  const skippedNames: string[] = [];
  for (const testModule of testModules) countModule(testModule, counts, skippedNames);
  return { counts, skippedNames };
}

/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, that CI reads.
 * A failed hook or a file that failed to load counts as failed (see `summarise`).
 * With `NHICARD_TEST_REQUIRE=all` a skipped test fails the run: every real stack must run.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const { counts, skippedNames } = summarise(testModules, unhandledErrors);
    if (process.env.NHICARD_TEST_REQUIRE === 'all' && counts.skipped > 0) {
      console.error(
        `NHICARD_TEST_REQUIRE=all: ${counts.skipped} test(s) skipped:\n  ${skippedNames.join('\n  ')}`,
      );
      process.exitCode = 1;
    }
    if (counts.failed > 0) process.exitCode = 1;
    console.log(
      `vitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
}
