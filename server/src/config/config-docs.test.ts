import { readFileSync } from 'node:fs';
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
    }
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
