// The stand-in csHIS library as the Linux-host tests use it: built with gcc into a fresh folder
// of the test file's own (also the host's log folder), with a stand-in card beside it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireStack } from '../support/require-stack.js';
import { buildLinuxStandIn, hasCommand } from './stand-in-build.js';
import { StandInCard } from './stand-in-card.js';

/** Whether gcc is here to build the library, for `describe.skipIf` (see requireStack). */
export const linuxStandInAvailable = requireStack(
  'cshis-linux',
  hasCommand('gcc'),
  'gcc not found (it builds the stand-in csHIS library): apt-get install -y gcc libc6-dev',
);

/** A built stand-in library and its card. */
export interface LinuxStandIn {
  /** The folder the library is built in, and the host's log folder. */
  readonly workDir: string;
  readonly libraryPath: string;
  readonly card: StandInCard;
  /** Disposes of the card and removes the folder. */
  dispose(): Promise<void>;
}

/** Builds the library into a new `nhicard-cshis-<name>-` folder and makes a card (no card in). */
export async function startLinuxStandIn(name: string): Promise<LinuxStandIn> {
  const workDir = await mkdtemp(join(tmpdir(), `nhicard-cshis-${name}-`));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  try {
    const libraryPath = await buildLinuxStandIn(workDir);
    const card = await StandInCard.create();
    return {
      workDir,
      libraryPath,
      card,
      async dispose() {
        await card.dispose();
        await removeWorkDir();
      },
    };
  } catch (error) {
    await removeWorkDir();
    throw error;
  }
}
