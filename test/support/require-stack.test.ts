import { afterEach, describe, expect, it, vi } from 'vitest';
import { isStackRequired, requireStack } from './require-stack.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requireStack', () => {
  it('passes an available stack whatever is required', () => {
    expect(requireStack('chromium', true, 'n/a', { NHICARD_TEST_REQUIRE: 'all' })).toBe(true);
  });

  it('skips a missing stack with a loud warning when nothing requires it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireStack('chromium', false, '/usr/bin/chromium not found', {})).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(
      'SKIPPING: real stack "chromium" is missing: /usr/bin/chromium not found',
    );
  });

  it('fails a missing stack under NHICARD_TEST_REQUIRE=all', () => {
    expect(() =>
      requireStack('chromium', false, '/usr/bin/chromium not found', {
        NHICARD_TEST_REQUIRE: 'all',
      }),
    ).toThrow(
      new Error(
        'real stack "chromium" is missing: /usr/bin/chromium not found (NHICARD_TEST_REQUIRE=all requires it)',
      ),
    );
  });

  it('reads a comma list of required stacks', () => {
    expect(isStackRequired('pcsc', { NHICARD_TEST_REQUIRE: 'chromium, pcsc' })).toBe(true);
    expect(isStackRequired('wine', { NHICARD_TEST_REQUIRE: 'chromium, pcsc' })).toBe(false);
    expect(isStackRequired('wine', {})).toBe(false);
  });
});
