import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from './cli-io.js';

/** How a command run by a test ended, and what it printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a CLI command (`runCli`, `runSim`, …) on `args` as `nhicard`, in a new empty folder and
 * with only `env` for an environment, and collects what it prints.
 */
export async function runCaptured(
  command: (args: readonly string[], io: CliIo) => Promise<number>,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const printed = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      printed.stdout += text;
    },
    stderr: (text) => {
      printed.stderr += text;
    },
    env,
    cwd: mkdtempSync(join(tmpdir(), 'nhicard-cli-')),
    commandName: 'nhicard',
  };
  const code = await command(args, io);
  return { code, ...printed };
}
