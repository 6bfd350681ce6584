import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Calls `onChange` whenever the access file may have changed (`nhicard access` replaces it by
 * renaming, so the folder is watched), so that a denial ends open sessions at once.
 */
export function watchConsent(path: string, onChange: () => void): FSWatcher {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const watcher = watch(dirname(path), { persistent: false }, onChange);
  watcher.on('error', () => undefined);
  return watcher;
}
