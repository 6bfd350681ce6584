import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `vitest: N passed, N failed, N skipped`, that CI reads.
 * With `NHICARD_TEST_REQUIRE=all` a skipped test fails the run: every real stack must run.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skippedNames: string[] = [];
    for (const testModule of testModules) {
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0) {
        counts.failed += 1; // a file that failed to load has no tests but must not pass
      }
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else {
          counts.skipped += 1;
          skippedNames.push(testCase.fullName);
        }
      }
    }
    if (process.env.NHICARD_TEST_REQUIRE === 'all' && counts.skipped > 0) {
      console.error(
        `NHICARD_TEST_REQUIRE=all: ${counts.skipped} test(s) skipped:\n  ${skippedNames.join('\n  ')}`,
      );
      process.exitCode = 1;
    }
    console.log(
      `vitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
}
