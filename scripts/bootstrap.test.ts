import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleIsStale } from './bootstrap.mjs';

/** Writes `path` under `root` with its modification time at `atMs`. */
function file(root: string, path: string, atMs: number): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '// x\n');
  utimesSync(full, atMs / 1000, atMs / 1000);
}

describe('bundleIsStale', () => {
  it('rebuilds a bundle that is missing, and one older than a source (after a pull)', () => {
    const root = mkdtempSync(join(tmpdir(), 'nhicard-bootstrap-'));
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    file(root, 'client-sdk/src/nhicard-client.ts', t0);
    file(root, 'protocol/src/wire/ops.ts', t0);
    expect(bundleIsStale(root)).toBe(true);
    file(root, 'client-sdk/dist/nhicard-client.iife.js', t0 + 60_000);
    expect(bundleIsStale(root)).toBe(false);
    // A pull brings a newer protocol source: the existing bundle no longer counts.
    file(root, 'protocol/src/wire/ops.ts', t0 + 120_000);
    expect(bundleIsStale(root)).toBe(true);
  });
});
