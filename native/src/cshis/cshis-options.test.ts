import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCshisDll, resolveCshisOptions, resolveHostCommand } from './cshis-options.js';
import { toWinePath } from './host-command.js';

describe('findCshisDll', () => {
  it('takes the given path when it exists, and reports it as searched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nhicard-find-dll-'));
    try {
      const dllPath = join(dir, 'csHIS.dll');
      expect(findCshisDll({ dllPath })).toStrictEqual({ dllPath: null, searched: [dllPath] });
      await writeFile(dllPath, '');
      expect(findCshisDll({ dllPath })).toStrictEqual({ dllPath, searched: [dllPath] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(process.platform === 'win32')('looks nowhere by default outside Windows', () => {
    expect(findCshisDll()).toStrictEqual({ dllPath: null, searched: [] });
  });
});

describe('resolveHostCommand', () => {
  it('runs node.exe under Wine with the prefix and Z: paths', () => {
    const command = resolveHostCommand({
      nodePath: '/opt/node-win-x86/bin/node.exe',
      wine: { prefix: '/tmp/prefix' },
    });
    expect(command).toMatchObject({
      command: 'wine',
      args: ['/opt/node-win-x86/bin/node.exe'],
      env: { WINEPREFIX: '/tmp/prefix', WINEARCH: 'win32', WINEDEBUG: '-all' },
    });
    expect(command.toHostPath?.('/work/main/x.cjs')).toBe('Z:\\work\\main\\x.cjs');
  });

  it('needs the node.exe to run under Wine', () => {
    expect(() => resolveHostCommand({ wine: { prefix: '/tmp/prefix' } })).toThrow(
      'cshis.wine needs cshis.nodePath: the Windows node.exe to run under Wine',
    );
  });

  it('prefers an explicit host command, then nodePath', () => {
    const hostCommand = { command: '/usr/bin/env', args: ['node'] };
    expect(resolveHostCommand({ hostCommand, nodePath: '/x/node' })).toBe(hostCommand);
    expect(resolveHostCommand({ nodePath: '/x/node' })).toStrictEqual({ command: '/x/node' });
  });

  it.skipIf(process.platform === 'win32')('runs this Node by default outside Windows', () => {
    expect(resolveHostCommand({})).toStrictEqual({ command: process.execPath });
  });
});

describe('toWinePath', () => {
  it('maps Unix paths to the Z: drive and leaves Windows paths alone', () => {
    expect(toWinePath('/tmp/a b/csHIS.dll')).toBe('Z:\\tmp\\a b\\csHIS.dll');
    expect(toWinePath('C:\\NHI\\BIN\\csHIS.dll')).toBe('C:\\NHI\\BIN\\csHIS.dll');
  });
});

describe('resolveCshisOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveCshisOptions({});
    expect(resolved).toMatchObject({
      port: 0,
      koffiPath: null,
      readerId: 'cshis-0',
      hostStartTimeoutMs: 15_000,
      openTimeoutMs: 20_000,
      restartDelayMs: 500,
      maxRestartDelayMs: 30_000,
    });
  });

  it('rejects a COM port or a timeout out of range', () => {
    expect(() => resolveCshisOptions({ port: -1 })).toThrow(
      'cshis.port: -1 must be 0 (COM1) to 255',
    );
    expect(() => resolveCshisOptions({ port: 1.5 })).toThrow(RangeError);
    expect(() => resolveCshisOptions({ openTimeoutMs: 0 })).toThrow(
      'cshis.openTimeoutMs: must be > 0',
    );
  });
});
