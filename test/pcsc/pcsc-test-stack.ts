import type { CardDriver } from '@nhicard/native';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPcscDriver } from '../../native/src/pcsc/pcsc-driver.js';
import { type ProbedSlot, probePcsc } from '../../native/src/pcsc/probe-pcsc.js';
import { requireStack } from '../support/require-stack.js';
import { CardHost } from './card-host.js';
import { DriverEventLog } from './driver-events.js';
import { findPcscStackProblem, PcscdProcess } from './pcscd-process.js';
import { createPcscdSite } from './pcscd-site.js';

// Before any PC/SC call of this process: libpcsclite reads the socket path once.
const site = createPcscdSite();
const problem = await findPcscStackProblem(site);

/**
 * Whether this machine can run the real PC/SC stack (pcscd + vpcd): false skips the suite with
 * a loud message, and a missing stack fails the file under `NHICARD_TEST_REQUIRE=all`.
 */
export const pcscStackAvailable = requireStack('pcsc', problem === null, problem ?? 'available');

/** How long a wait on pcscd's view of the slots may take before the test fails (not a race). */
const SLOT_WAIT_LIMIT_MS = 20_000;

/** Waits until every vpcd slot shows `slot` to pcscd (checked every 25 ms). */
export async function waitForSlots(
  slot: ProbedSlot,
  readerNames?: readonly string[],
): Promise<void> {
  const deadline = performance.now() + SLOT_WAIT_LIMIT_MS;
  let seen = '';
  while (performance.now() < deadline) {
    const probe = await probePcsc();
    const readers = probe.readers.filter((reader) => readerNames?.includes(reader.name) ?? true);
    seen = JSON.stringify(readers);
    if (probe.service.running && readers.every((reader) => reader.slot === slot)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `the vpcd slots did not all become ${slot} within ${SLOT_WAIT_LIMIT_MS} ms: ${seen}`,
  );
}

/** The stack one test file runs on. */
export interface PcscTestStack {
  /** The emulated cards. */
  readonly cards: CardHost;
  /** The running pcscd (this file's own: private socket, private vpcd ports). */
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
 * Registers the file's `beforeAll`/`afterAll`: start this file's private pcscd (its own socket,
 * vpcd on two free ports) and the card host; stop both after. Files and test runs never share
 * a pcscd, so they run side by side. Returns the accessor to the stack.
 */
export function usePcscStack(): () => PcscTestStack {
  let cards: CardHost | undefined;
  let pcscd: PcscdProcess | undefined;
  let vpcdBasePort: number | undefined;
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
      if (restart) pcscd = await PcscdProcess.start(site, { vpcdBasePort });
    },
    async startPcscd() {
      pcscd ??= await PcscdProcess.start(site, { vpcdBasePort });
    },
    async removeCards() {
      await Promise.all([cards?.remove(0), cards?.remove(1)]);
      if (pcscd !== undefined) await waitForSlots('empty');
    },
  };
  beforeAll(async () => {
    if (!pcscStackAvailable) return;
    pcscd = await PcscdProcess.start(site);
    vpcdBasePort = pcscd.vpcdBasePort;
    cards = await CardHost.start(vpcdBasePort);
  });
  afterAll(async () => {
    await cards?.close();
    await pcscd?.stop();
    site.dispose();
  });
  return () => stack;
}

type PcscDriverOptions = Parameters<typeof createPcscDriver>[0];

/** The PC/SC driver of the running test. */
export interface PcscDriverRun {
  /** The driver the test started, until the test ends. */
  readonly driver: CardDriver | undefined;
  /** Creates the driver with the defaults changed by `options`, and records its events. */
  start(options?: PcscDriverOptions): DriverEventLog;
}

/**
 * Registers the `afterEach` that stops the recording, closes the driver a test started and then
 * runs `reset` (puts the stack back as the next test needs it).
 */
export function usePcscDriver(
  defaults: PcscDriverOptions,
  reset: () => Promise<void>,
): PcscDriverRun {
  let driver: CardDriver | undefined;
  let log: DriverEventLog | undefined;
  afterEach(async () => {
    log?.stop();
    await driver?.close();
    driver = undefined;
    await reset();
  });
  return {
    get driver() {
      return driver;
    },
    start(options = {}) {
      driver = createPcscDriver({ ...defaults, ...options });
      log = new DriverEventLog(driver);
      return log;
    },
  };
}
