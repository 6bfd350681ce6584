import { readFileSync } from 'node:fs';
import { SCOPES } from '@nhicard/protocol';
import { describe, expect, it } from 'vitest';
import { CONFIG_SETTINGS, findSetting } from './config-settings.js';

const CLIENT_README = readFileSync(
  new URL('../../../client-sdk/README.md', import.meta.url),
  'utf8',
);

/**
 * The settings and flags the code spans of `text` name (scopes and file names left out), and
 * which of them the broker does not know.
 */
function unknownSettings(text: string): { named: string[]; unknown: string[] } {
  const named: string[] = [];
  const unknown: string[] = [];
  for (const [, span = ''] of text.matchAll(/`([^`]+)`/g)) {
    if (span.startsWith('--')) {
      const flag = span.slice(2).split(/[ =]/)[0];
      named.push(span);
      if (!CONFIG_SETTINGS.some((setting) => setting.flag === flag)) unknown.push(span);
      continue;
    }
    const key = span.replace(/^"(.*)"$/, '$1');
    if (!/^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)*$/.test(key) || key.endsWith('.json')) continue;
    if ((SCOPES as readonly string[]).includes(key)) continue;
    named.push(span);
    if (findSetting(key) === undefined) unknown.push(span);
  }
  return { named, unknown };
}

describe("the client package's README", () => {
  it('names the allow-list by the setting and flag the broker accepts', () => {
    const paragraph = CLIENT_README.split('\n\n').find((text) => text.includes('allow-list'));
    expect(paragraph).toBeDefined();
    const { named, unknown } = unknownSettings(paragraph ?? '');
    expect(named.length).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });
});
