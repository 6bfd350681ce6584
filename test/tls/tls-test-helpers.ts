import { spawnSync } from 'node:child_process';
import type { CliIo } from '../../server/src/cli/cli-io.js';
import {
  processEnvironment,
  type TlsCommandEnvironment,
} from '../../server/src/cli/tls-command.js';

/** Whether NSS's certutil is on the PATH (Debian: libnss3-tools). */
export function hasCertutil(): boolean {
  return spawnSync('certutil', ['-H']).error === undefined;
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
