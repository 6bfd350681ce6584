import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SectionId } from '@nhicard/protocol';
import { CSHIS_READ_FUNCTIONS } from '../../native/src/cshis/cshis-read-functions.js';
import { toWinePath } from '../../native/src/cshis/host-command.js';

/** What the stand-in's `control.txt` says (see the comment at the top of the C source). */
export interface StandInState {
  /** 0 = no card; a new number = a new insertion. */
  card: number;
  /** `hisGetCardStatus(2)` values after each insertion, one per call, the last repeated. */
  statuses: readonly number[];
  /** Exports that return a chosen code. */
  fail: Readonly<Record<string, number>>;
  /** Exports that never return. */
  hang: readonly string[];
  /** Exports that end the host process (abort) when called. */
  crash: readonly string[];
  /** What `csGetVersionEx` returns. */
  version: number;
}

/**
 * The virtual card behind the stand-in csHIS library: a folder with `control.txt`, one
 * `<export>.hex` per section and the stand-in's `calls.log`. The test changes it; the stand-in
 * reads it at every call, in whichever process (Linux or Wine) it is loaded.
 */
export class StandInCard {
  private state: StandInState = {
    card: 0,
    statuses: [2],
    fail: {},
    hang: [],
    crash: [],
    version: 3300,
  };
  private insertions = 0;

  private constructor(readonly dir: string) {}

  /** A fresh, empty card folder (no card inserted). */
  static async create(): Promise<StandInCard> {
    const card = new StandInCard(await mkdtemp(join(tmpdir(), 'nhicard-standin-')));
    await card.set({});
    return card;
  }

  /** The host environment that points the stand-in at this folder. */
  hostEnv(wine: boolean): Record<string, string> {
    return { NHICARD_STANDIN_DIR: wine ? toWinePath(this.dir) : this.dir };
  }

  /** The current control state. */
  get current(): StandInState {
    return this.state;
  }

  /** Changes some settings and writes `control.txt`. */
  async set(change: Partial<StandInState>): Promise<void> {
    this.state = { ...this.state, ...change };
    const { card, statuses, fail, hang, crash, version } = this.state;
    const lines = [
      `card ${card}`,
      `statuses ${statuses.join(' ')}`,
      ...Object.entries(fail).map(([name, code]) => `fail ${name} ${code}`),
      ...hang.map((name) => `hang ${name}`),
      ...crash.map((name) => `crash ${name}`),
      `version ${version}`,
    ];
    // Written aside and renamed into place: the stand-in reads the file at every call, and a
    // call that met it half-written would see `card 0` (a removal the test never made).
    const next = join(this.dir, 'control.txt.next');
    await writeFile(next, `${lines.join('\n')}\n`);
    await rename(next, join(this.dir, 'control.txt'));
  }

  /** Inserts a card (a new insertion) that goes through `statuses`. */
  async insert(statuses: readonly number[] = [1, 2]): Promise<void> {
    this.insertions += 1;
    await this.set({ card: this.insertions, statuses });
  }

  /** Takes the card out. */
  async remove(): Promise<void> {
    await this.set({ card: 0 });
  }

  /** Writes the bytes each section's export returns. */
  async writeSections(sections: ReadonlyMap<SectionId, Uint8Array>): Promise<void> {
    for (const [section, bytes] of sections) {
      const hex = Buffer.from(bytes).toString('hex');
      await writeFile(join(this.dir, `${CSHIS_READ_FUNCTIONS[section]}.hex`), `${hex}\n`);
    }
  }

  /** The calls the stand-in logged, as `name arg arg arg` lines. */
  async calls(): Promise<string[]> {
    try {
      const text = await readFile(join(this.dir, 'calls.log'), 'utf8');
      return text.split(/\r?\n/).filter((line) => line !== '');
    } catch {
      return [];
    }
  }

  /** Deletes the folder. */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
