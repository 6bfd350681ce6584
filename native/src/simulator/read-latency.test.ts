import { describe, expect, it } from 'vitest';
import { DEFAULT_READ_LATENCY_MS, resolveReadLatency } from './read-latency.js';

describe('resolveReadLatency', () => {
  it('keeps the defaults when nothing is given', () => {
    expect(resolveReadLatency(undefined)).toStrictEqual(DEFAULT_READ_LATENCY_MS);
  });

  it('uses one number for every section', () => {
    const table = resolveReadLatency(0);
    expect(Object.values(table)).toStrictEqual(new Array(17).fill(0));
  });

  it('changes only the sections a map names', () => {
    const table = resolveReadLatency({ basic: 10 });
    expect([table.basic, table.vaccinations]).toStrictEqual([
      10,
      DEFAULT_READ_LATENCY_MS.vaccinations,
    ]);
  });

  it('rejects unknown sections and durations that are not >= 0', () => {
    expect(() => resolveReadLatency({ photo: 5 } as never)).toThrow(
      'readLatencyMs.photo: unknown section',
    );
    expect(() => resolveReadLatency(Number.NaN)).toThrow(
      'readLatencyMs: NaN is not a duration in ms (>= 0)',
    );
  });
});
