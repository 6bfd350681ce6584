import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Tests import the packages by name and run against their TypeScript sources, so no build is
// needed before `pnpm test` and a stale dist/ can never hide a failure.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@nhicard\/protocol$/, replacement: here('./protocol/src/index.ts') },
      { find: /^@nhicard\/native$/, replacement: here('./native/src/index.ts') },
      { find: /^@nhicard\/server$/, replacement: here('./server/src/index.ts') },
      { find: /^@nhicard\/client$/, replacement: here('./client-sdk/src/index.ts') },
    ],
  },
  test: {
    include: ['{protocol,native,server,client-sdk,examples,test,scripts,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Bounds on a failure, never races: a loaded machine may take many times longer than a
    // quiet one, and every test waits on events and states, not on time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
