import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configLayerFromFile } from './config-layer.js';
import { CONFIG_SETTINGS } from './config-settings.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const CONFIGURATION = README.slice(
  README.indexOf('## Configuration'),
  README.indexOf('\n## ', README.indexOf('## Configuration') + 1),
);

describe("the README's Configuration section", () => {
  it('has a table row for every setting, with its key, variable, flag and default', () => {
    for (const setting of CONFIG_SETTINGS) {
      const row = CONFIGURATION.split('\n').find((line) =>
        line.startsWith(`| \`${setting.key}\` |`),
      );
      expect(row, setting.key).toBeDefined();
      expect(row).toContain(`| \`${setting.env}\` |`);
      expect(row).toContain(`\`--${setting.flag}`);
      expect(row).toContain(`| ${setting.defaultText} |`);
      expect(row?.endsWith(`| ${setting.summary} |`), setting.key).toBe(true);
    }
  });

  it('has no row for a setting that does not exist', () => {
    const keys = CONFIGURATION.split('\n').flatMap((line) => {
      const key = /^\| `([\w.]+)` \| `NHICARD_/.exec(line)?.[1];
      return key === undefined ? [] : [key];
    });
    expect(keys).toStrictEqual(CONFIG_SETTINGS.map((setting) => setting.key));
  });

  it('shows an example config file that is valid', () => {
    const example = /```json\n([\s\S]*?)```/.exec(CONFIGURATION)?.[1];
    expect(example).toBeDefined();
    const layer = configLayerFromFile(example ?? '', 'README.md');
    expect(layer.errors).toEqual([]);
    expect(layer.entries.map((entry) => entry.key)).toEqual([
      'port',
      'driver',
      'logLevel',
      'autoReadSections',
      'origins',
      'tokens',
      'limits.requestTimeoutMs',
      'simulator.readers',
      'simulator.samAuthDelayMs',
      'simulator.readLatencyMs',
    ]);
  });
});

// Other documents repeat some settings in tables of their own (LAN mode, the virtual card):
// every such row must say what the setting really is.
describe('the settings tables in docs/', () => {
  const docsDir = new URL('../../../docs/', import.meta.url);
  const rows = readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .flatMap((name) =>
      readFileSync(new URL(name, docsDir), 'utf8')
        .split('\n')
        .filter((line) => /^\| `[\w.]+` \| `NHICARD_/.test(line))
        .map((line) => ({
          name,
          cells: line
            .slice(1, -1)
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim()),
        })),
    );

  it('has rows to check', () => {
    expect(rows.length).toBeGreaterThan(10);
  });

  it.each(rows.map((row) => [row.name, row.cells[0], row]))(
    '%s: %s has the key, variable, flag and default of a real setting',
    (_name, _key, { cells }) => {
      const [key, env, flag, defaultText] = cells;
      const setting = CONFIG_SETTINGS.find((candidate) => `\`${candidate.key}\`` === key);
      expect(setting, key).toBeDefined();
      expect(env).toBe(`\`${setting?.env}\``);
      expect(flag?.startsWith(`\`--${setting?.flag} `) || flag === `\`--${setting?.flag}\``).toBe(
        true,
      );
      // A doc may say more after the default ("300000 (5 minutes)"), never something else.
      expect(
        `${defaultText} `.startsWith(`${setting?.defaultText} `) ||
          defaultText?.startsWith(`${setting?.defaultText}:`),
      ).toBe(true);
    },
  );
});
