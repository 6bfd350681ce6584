import { afterAll, beforeAll } from 'vitest';
import { type ProbedSlot, probePcsc } from '../../native/src/pcsc/probe-pcsc.js';
import { requireStack } from '../support/require-stack.js';
import { CardHost } from './card-host.js';
import { findPcscStackProblem, PcscdProcess, runningPcscdPid } from './pcscd-process.js';
import { acquireStackLock } from './stack-lock.js';

const problem = await findPcscStackProblem();

/**
 * Whether this machine can run the real PC/SC stack (pcscd + vpcd): false skips the suite with
 * a loud message, and a missing stack fails the file under `NHICARD_TEST_REQUIRE=all`.
 */
export const pcscStackAvailable = requireStack('pcsc', problem === null, problem ?? 'available');

/** Waits until every vpcd slot shows `slot` to pcscd (checked every 25 ms, up to 5 s). */
export async function waitForSlots(
  slot: ProbedSlot,
  readerNames?: readonly string[],
): Promise<void> {
  const deadline = Date.now() + 5000;
  let seen = '';
  while (Date.now() < deadline) {
    const probe = await probePcsc();
    const readers = probe.readers.filter((reader) => readerNames?.includes(reader.name) ?? true);
    seen = JSON.stringify(readers);
    if (probe.service.running && readers.every((reader) => reader.slot === slot)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the vpcd slots did not all become ${slot} within 5 s: ${seen}`);
}

/** How long a file may wait for the other real-stack files to finish with pcscd. */
const LOCK_WAIT_MS = 120_000;

/** The stack one test file runs on. */
export interface PcscTestStack {
  /** The emulated cards. */
  readonly cards: CardHost;
  /** The running pcscd. */
  readonly pcscd: PcscdProcess;
  /** Stops pcscd (SIGKILL: as if it crashed) and, unless `restart` is false, starts it again. */
  stopPcscd(signal: 'SIGTERM' | 'SIGKILL', restart?: boolean): Promise<void>;
  /** Starts pcscd after `stopPcscd(…, false)`. */
  startPcscd(): Promise<void>;
  /**
   * Removes the cards from both slots and waits until pcscd has seen them go (it polls vpcd
   * every 400 ms): a card inserted before that would look like the same card to pcscd.
   */
  removeCards(): Promise<void>;
}

/**
 * Registers the file's `beforeAll`/`afterAll`: take the machine-wide stack lock, start pcscd
 * and the card host; stop both and release the lock after. Returns the accessor to the stack.
 */
export function usePcscStack(): () => PcscTestStack {
  let cards: CardHost | undefined;
  let pcscd: PcscdProcess | undefined;
  let release: (() => void) | undefined;
  const stack: PcscTestStack = {
    get cards() {
      if (cards === undefined) throw new Error('the card host is not running');
      return cards;
    },
    get pcscd() {
      if (pcscd === undefined) throw new Error('pcscd is not running');
      return pcscd;
    },
    async stopPcscd(signal, restart = true) {
      await pcscd?.stop(signal);
      pcscd = undefined;
      if (restart) pcscd = await PcscdProcess.start();
    },
    async startPcscd() {
      pcscd ??= await PcscdProcess.start();
    },
    async removeCards() {
      await Promise.all([cards?.remove(0), cards?.remove(1)]);
      if (pcscd !== undefined) await waitForSlots('empty');
    },
  };
  beforeAll(async () => {
    if (!pcscStackAvailable) return;
    release = await acquireStackLock(LOCK_WAIT_MS);
    const foreign = runningPcscdPid();
    if (foreign !== null)
      throw new Error(`a pcscd (pid ${foreign}) not started by these tests is running`);
    pcscd = await PcscdProcess.start();
    cards = await CardHost.start();
  }, LOCK_WAIT_MS + 30_000);
  afterAll(async () => {
    await cards?.close();
    await pcscd?.stop();
    release?.();
  });
  return () => stack;
}
