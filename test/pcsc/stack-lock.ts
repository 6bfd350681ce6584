import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One pcscd can run per machine (fixed /run/pcscd paths, fixed vpcd ports), but vitest runs
 * test files in parallel processes: each real-stack file holds this lock while its pcscd runs.
 */
const LOCK_PATH = join(tmpdir(), 'nhicard-pcsc-stack.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockPid(): number | null {
  try {
    const pid = Number.parseInt(readFileSync(LOCK_PATH, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The pid of the live process holding the lock, or null (free, or its holder died). */
export function stackLockHolder(): number | null {
  const pid = lockPid();
  return pid !== null && isAlive(pid) ? pid : null;
}

/**
 * Takes the lock, waiting while another live process holds it (a dead holder's lock is taken
 * over). Resolves with the function that releases it.
 */
export async function acquireStackLock(timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(LOCK_PATH, String(process.pid), { flag: 'wx' });
      return () => rmSync(LOCK_PATH, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockPid();
    if (holder === null || !isAlive(holder)) {
      // The holder died without releasing: remove its lock (unless someone just took it over)
      // and race for it again.
      if (lockPid() === holder) rmSync(LOCK_PATH, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`the pcscd stack stayed locked by pid ${holder} for ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
