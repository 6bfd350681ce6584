import { spawnSync } from 'node:child_process';
import type { CliIo } from '../../server/src/cli/cli-io.js';
import {
  processEnvironment,
  type TlsCommandEnvironment,
} from '../../server/src/cli/tls-command.js';
import { requireStack } from '../support/require-stack.js';

/**
 * Whether NSS's certutil is on the PATH (Debian: libnss3-tools), for `describe.skipIf`; see
 * requireStack for what happens when it is not.
 */
export function requireCertutil(): boolean {
  return requireStack(
    'nss-tools',
    spawnSync('certutil', ['-H']).error === undefined,
    'certutil not found: apt-get install -y --no-install-recommends libnss3-tools',
  );
}

/** The real machine, for `runTls` (the tests give it another home folder). */
export const realMachine: TlsCommandEnvironment = processEnvironment;

/** A CLI io that keeps what was written, with `env` as the environment. */
export function captureIo(env: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    commandName: 'nhicard',
    env,
    cwd: process.cwd(),
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
