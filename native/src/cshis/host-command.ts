import { fileURLToPath } from 'node:url';

/**
 * How the csHIS host process is started: `command` with `args`, then the host script's path.
 * On Windows the command is a 32-bit node.exe; the tests run it through Wine or use the
 * Linux Node against a `.so` stand-in.
 */
export interface CshisHostCommand {
  /** The program to start: a Node binary, or e.g. `wine`. */
  command: string;
  /**
   * Arguments before the host script's path (under Wine: the node.exe path).
   * @default []
   */
  args?: readonly string[];
  /**
   * Environment variables added for the host (over this process's environment).
   * @default {}
   */
  env?: Readonly<Record<string, string>>;
  /**
   * Turns a path of this machine into one the host understands, for the host script, the DLL
   * and koffi (Wine: {@link toWinePath}).
   * @default the path unchanged
   */
  toHostPath?: (path: string) => string;
}

/** Where Wine runs the host: the prefix and the `wine` program. */
export interface CshisWineOptions {
  /** The Wine prefix (`WINEPREFIX`): a 32-bit (`WINEARCH=win32`) prefix set to Windows 10. */
  prefix: string;
  /**
   * The `wine` program.
   * @default 'wine'
   */
  command?: string;
}

/**
 * The host script. Resolved from `src/` in both layouts (`src/cshis/` in development and tests,
 * `dist/cshis/` once built): the package ships `src`, and the script is plain JavaScript that
 * the 32-bit Windows Node runs as it is.
 */
export const HOST_SCRIPT_PATH = fileURLToPath(
  new URL('../../src/cshis/host/cshis-host.cjs', import.meta.url),
);

/**
 * A Unix path as Wine's programs see it, through the `Z:` drive that maps `/`
 * (`/tmp/x/csHIS.dll` → `Z:\tmp\x\csHIS.dll`). Other paths (already `C:\…`) are unchanged.
 */
export function toWinePath(path: string): string {
  return path.startsWith('/') ? `Z:${path.replaceAll('/', '\\')}` : path;
}

/**
 * The command that runs the host with a Windows `node.exe` under Wine. Node's stdio must not be
 * pipes under Wine (node.exe dies with EBADF): the driver always redirects it to a log file.
 */
export function wineHostCommand(nodeExePath: string, wine: CshisWineOptions): CshisHostCommand {
  return {
    command: wine.command ?? 'wine',
    args: [nodeExePath],
    env: {
      WINEPREFIX: wine.prefix,
      WINEARCH: 'win32',
      WINEDEBUG: '-all',
      // No Mono or Gecko installers popping up in a prefix that lacks them.
      WINEDLLOVERRIDES: 'mscoree,mshtml=',
    },
    toHostPath: toWinePath,
  };
}
