import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's Options table against `ClientOptions` as written in its source: one row per
// option, in the same order, and the same default wherever the source states one as a number
// or a literal.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('./client-options.ts', import.meta.url), 'utf8');

/** `name → @default text` of each property of `ClientOptions`, in source order. */
function documentedOptions(): [string, string | undefined][] {
  const start = source.indexOf('export interface ClientOptions {');
  const body = source.slice(start, source.indexOf('\n}\n', start));
  return [...body.matchAll(/(?:\/\*\*([\s\S]*?)\*\/\s*)?\n {2}(\w+)\??:/g)].map((match) => [
    match[2] ?? '',
    /@default (.+)/.exec(match[1] ?? '')?.[1]?.trim(),
  ]);
}

function optionRows(): string[][] {
  const section = readme.slice(readme.indexOf('## Options'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| option |')));
  return table
    .split('\n')
    .filter((line) => /^\| `\w+` \|/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe("the README's Options table", () => {
  it('has one row per ClientOptions property, in source order', () => {
    const options = documentedOptions().map(([name]) => `\`${name}\``);
    expect(options.length).toBeGreaterThan(8);
    expect(optionRows().map(([name]) => name)).toStrictEqual(options);
  });

  it('gives the default the source states', () => {
    const rows = new Map(optionRows().map(([name, value]) => [name, value]));
    for (const [name, documented] of documentedOptions()) {
      if (documented === undefined) continue;
      const shown = rows.get(`\`${name}\``);
      // Literals (numbers, true, 'json') are shown as they are; prose defaults word for word.
      const expected = /^(?:\d+|true|false|'\w+'|globalThis\.\w+)$/.test(documented)
        ? [documented, `\`${documented}\``]
        : [documented.replace(/ \(.*\)$/, ''), 'none'];
      expect(expected, name).toContain(shown);
    }
  });
});
