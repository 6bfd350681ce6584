import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

/**
 * Where the approvals of page origins are kept when the configuration does not say: the
 * per-user state folder, which other users of the PC cannot read.
 * - Windows: `%LOCALAPPDATA%\nhicard\access.json`
 * - macOS: `~/Library/Application Support/nhicard/access.json`
 * - elsewhere: `$XDG_STATE_HOME/nhicard/access.json`, or `~/.local/state/nhicard/access.json`
 */
export function defaultAccessFile(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local');
    return win32.join(base, 'nhicard', 'access.json');
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'nhicard', 'access.json');
  }
  const state = env.XDG_STATE_HOME?.startsWith('/')
    ? env.XDG_STATE_HOME
    : join(home, '.local', 'state');
  return join(state, 'nhicard', 'access.json');
}
