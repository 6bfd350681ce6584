import { readFileSync } from 'node:fs';

/**
 * The version of `@nhicard/server`, from its package.json: two levels above this module both
 * in `src/cli/` and in `dist/cli/`.
 */
export function packageVersion(): string {
  try {
    const json: unknown = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    );
    const version = (json as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
