import { describe, expect, it } from 'vitest';
import { type CliRun, runCaptured } from './cli-run.test-helpers.js';
import { runCli } from './main.js';
import { packageVersion } from './package-version.js';

/** A CLI run with captured output, in an empty directory, with only `env`. */
function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCaptured(runCli, args, env);
}

describe('runCli', () => {
  it('prints the version and the help', async () => {
    expect(await run(['--version'])).toEqual({
      code: 0,
      stdout: `nhicard ${packageVersion()}\n`,
      stderr: '',
    });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nhicard <command> [options]\n');
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe(help.stdout);
  });

  it('refuses an unknown command or option with exit code 2 and a pointer to help', async () => {
    expect(await run(['start'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'nhicard: Unknown command "start": the commands are serve, sim, doctor, tls, access, install, uninstall\n' +
        'Run `nhicard --help` for usage.\n',
    });
    expect(await run(['doctor', '--verbose'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'nhicard: Unknown option --verbose\nRun `nhicard doctor --help` for usage.\n',
    });
    expect(await run(['serve', '--port'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'nhicard: Option --port <value> argument missing\nRun `nhicard serve --help` for usage.\n',
    });
    expect(await run(['serve', 'now'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'nhicard: Unexpected argument "now"\nRun `nhicard serve --help` for usage.\n',
    });
  });

  it('checks sim arguments before connecting anywhere', async () => {
    expect(await run(['sim', 'insert'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'nhicard: sim insert needs a card, e.g. nhicard sim insert adult\n' +
        'Run `nhicard sim --help` for usage.\n',
    });
    expect(await run(['sim', 'eject'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'nhicard: Unknown sim action "eject": use insert, remove or cards\n' +
        'Run `nhicard sim --help` for usage.\n',
    });
    expect(await run(['sim', 'remove', '--url', 'http://127.0.0.1:7766/v1'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'nhicard: --url must be a ws:// URL, e.g. ws://127.0.0.1:7766/v1\n' +
        'Run `nhicard sim --help` for usage.\n',
    });
  });

  it('stops serve before starting anything when the configuration is wrong', async () => {
    expect(
      await run(['serve', '--port', '99999', '--auto-read', 'basic,basic'], {
        NHICARD_HOST: '0.0.0.0',
      }),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'nhicard: the configuration has problems:\n' +
        '  - Invalid port in flag --port: must be an integer from 0 to 65535 (got "99999")\n' +
        '  - Invalid autoReadSections in flag --auto-read: section "basic" is listed twice\n' +
        '  - Invalid host in environment variable NHICARD_HOST: must be a loopback address ' +
        '(127.0.0.1, ::1 or localhost): for other PCs use LAN mode (lan.host with a ' +
        'certificate and tokens, docs/lan-mode.md) (got "0.0.0.0")\n',
    });
    expect(await run(['serve', '--driver', 'cshis'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'nhicard: The cshis driver cannot start: csHIS.dll not found (looked at: nowhere); set ' +
        'cshis.dllPath. Use --driver simulator to run without a reader.\n',
    });
  });
});
