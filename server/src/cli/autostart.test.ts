import { describe, expect, it } from 'vitest';
import {
  autostartCommand,
  configFileOf,
  type InstallPlaces,
  installedConfig,
  parseQuery,
  queryArgs,
  registerArgs,
  unregisterArgs,
} from './autostart.js';

const RELEASE: InstallPlaces = {
  releaseDirectory: 'C:\\nhicard',
  nodePath: 'C:\\nhicard\\node\\node.exe',
  binPath: 'C:\\nhicard\\app\\node_modules\\@nhicard\\server\\bin\\nhicard.js',
  configDirectory: 'C:\\Users\\clinic\\AppData\\Roaming\\nhicard',
};

const RUN = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';

describe('the logon autostart', () => {
  it('runs the release Node with serve --config in a minimised window', () => {
    expect(autostartCommand(RELEASE)).toBe(
      'cmd.exe /c start "nhicard" /min "C:\\nhicard\\node\\node.exe" ' +
        '"C:\\nhicard\\app\\node_modules\\@nhicard\\server\\bin\\nhicard.js" serve --config ' +
        '"C:\\Users\\clinic\\AppData\\Roaming\\nhicard\\nhicard.config.json"',
    );
    expect(configFileOf(RELEASE)).toBe(
      'C:\\Users\\clinic\\AppData\\Roaming\\nhicard\\nhicard.config.json',
    );
  });

  it('is the value nhicard under the per-user Run key, added, read and deleted with reg.exe', () => {
    expect(registerArgs('x y')).toEqual([
      'add',
      RUN,
      '/v',
      'nhicard',
      '/t',
      'REG_SZ',
      '/d',
      'x y',
      '/f',
    ]);
    expect(queryArgs()).toEqual(['query', RUN, '/v', 'nhicard']);
    expect(unregisterArgs()).toEqual(['delete', RUN, '/v', 'nhicard', '/f']);
  });

  it("reads the value back from reg query's output, and null when it is absent", () => {
    const output = `\r\n${RUN}\r\n    nhicard    REG_SZ    cmd.exe /c start "nhicard" /min "C:\\a b\\node.exe"\r\n\r\n`;
    expect(parseQuery(output)).toBe('cmd.exe /c start "nhicard" /min "C:\\a b\\node.exe"');
    expect(parseQuery(`\r\n${RUN}\r\n    other    REG_SZ    x\r\n`)).toBeNull();
    expect(parseQuery('reg: Unable to find the specified registry key or value\r\n')).toBeNull();
  });

  it("writes a config whose csHIS host is the release's 32-bit Node and koffi, serving wss:// too", () => {
    expect(installedConfig(RELEASE)).toEqual({
      driver: 'auto',
      tls: { port: 7768 },
      cshis: {
        nodePath: 'C:\\nhicard\\cshis-host\\node.exe',
        koffiPath: 'C:\\nhicard\\cshis-host\\koffi',
        logDir: 'C:\\Users\\clinic\\AppData\\Roaming\\nhicard\\logs',
      },
    });
    expect(installedConfig({ ...RELEASE, releaseDirectory: null })).toEqual({
      driver: 'auto',
      tls: { port: 7768 },
    });
  });
});
