// The config that docs/deploy-windows.md gives for a clinic PC must be accepted as it is, and
// every csHIS option in it must reach the driver (it used to fail: Unknown key "cshis.koffiPath").
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cshisDriverOptions } from '../cli/create-driver.js';
import { configLayerFromFile } from './config-layer.js';
import { loadConfig } from './load-config.js';

const GUIDE = readFileSync(new URL('../../../docs/deploy-windows.md', import.meta.url), 'utf8');

/** The JSON block after `<!-- deploy-config -->` in the deploy guide. */
function deployGuideConfig(guide: string = GUIDE): string {
  const block = /<!-- deploy-config -->\n```json\n([\s\S]*?)```/.exec(guide)?.[1];
  if (block === undefined) throw new Error('docs/deploy-windows.md has no deploy-config block');
  return block;
}

describe("the deploy guide's csHIS config", () => {
  it('is valid as written', () => {
    const layer = configLayerFromFile(deployGuideConfig(), 'docs/deploy-windows.md');
    expect(layer.errors).toEqual([]);
    expect(layer.entries.map((entry) => entry.key)).toEqual([
      'driver',
      'cshis.dllPath',
      'cshis.nodePath',
      'cshis.koffiPath',
      'cshis.port',
    ]);
  });

  it('passes every csHIS option on to the driver', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhicard-guide-'));
    writeFileSync(join(dir, 'nhicard.config.json'), deployGuideConfig());
    const loaded = loadConfig({ flags: {}, env: {}, cwd: dir });
    expect(loaded.config.driver).toBe('cshis');
    expect(cshisDriverOptions(loaded.config)).toEqual({
      dllPath: 'C:\\NHI\\BIN\\csHIS.dll',
      nodePath: 'C:\\nhicard\\cshis-host\\node.exe',
      koffiPath: 'C:\\nhicard\\cshis-host\\koffi',
      port: 0,
    });
  });
});
