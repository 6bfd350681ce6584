import { READ_BASIC_DATA, SELECT_NHI_APPLET } from '../native/src/pcsc/nhi-apdu.js';
import type { PcscApi, ScardHandle } from '../native/src/pcsc/pcsc-api.js';
import {
  SCARD_LEAVE_CARD,
  SCARD_SHARE_SHARED,
  SCARD_STATE,
} from '../native/src/pcsc/pcsc-constants.js';
import { createPcscDriver } from '../native/src/pcsc/pcsc-driver.js';
import { loadPcscLibrary } from '../native/src/pcsc/pcsc-library.js';
import { CardHost, vpcdReaderName } from '../test/pcsc/card-host.js';
import { demoNhiCard } from '../test/pcsc/demo-card-behaviours.js';
import { DriverEventLog } from '../test/pcsc/driver-events.js';
import { findPcscStackProblem, PcscdProcess } from '../test/pcsc/pcscd-process.js';
import { createPcscdSite } from '../test/pcsc/pcscd-site.js';
import {
  dateAndMachineLines,
  type MachineInfo,
  machineInfo,
  writeDocSection,
} from './bench-report.helpers.js';

const INSERTIONS = 20;
const READS = 200;
const READS_WITHOUT_QUICKACK = 20;
const READER = vpcdReaderName(0);
/** How often pcscd asks vpcd whether a card is there. */
const VPCD_POLL_MS = 400;
const COMMAND = 'pnpm tsx bench/pcsc-latency.ts';

/** Milliseconds on a clock shared with the card host process. */
const now = (): number => performance.timeOrigin + performance.now();

interface Row {
  what: string;
  samplesMs: number[];
}

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function table(rows: readonly Row[]): string {
  const lines = ['| measured | n | median (ms) | p95 (ms) |', '|---|---:|---:|---:|'];
  for (const { what, samplesMs } of rows) {
    const sorted = [...samplesMs].sort((a, b) => a - b);
    const median = percentile(sorted, 0.5).toFixed(2);
    lines.push(
      `| ${what} | ${sorted.length} | ${median} | ${percentile(sorted, 0.95).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

function check(code: number, what: string): void {
  if (code !== 0) throw new Error(`${what} failed: 0x${code.toString(16)}`);
}

/** Waits with a bare `SCardGetStatusChange` until the reader's card is (or is not) present. */
async function bareWait(api: PcscApi, context: ScardHandle, present: boolean): Promise<number> {
  let currentState = 0;
  for (;;) {
    const { code, states } = await api.getStatusChange(context, 10_000, [
      { reader: READER, currentState },
    ]);
    check(code, 'SCardGetStatusChange');
    currentState = states[0]?.eventState ?? 0;
    if (((currentState & SCARD_STATE.PRESENT) !== 0) === present) return now();
  }
}

async function measureInsertions(cards: CardHost, api: PcscApi): Promise<Row[]> {
  const driver = createPcscDriver();
  const log = new DriverEventLog(driver);
  await driver.listReaders();
  const { code, context } = await api.establishContext();
  check(code, 'SCardEstablishContext');
  const bare: number[] = [];
  const notReady: number[] = [];
  const ready: number[] = [];
  const card = await demoNhiCard('adult');
  for (let round = 0; round < INSERTIONS; round += 1) {
    const from = log.events.length;
    const seenBare = bareWait(api, context, true);
    const seenNotReady = log.waitForPresence(READER, 'not-ready', { from }).then(now);
    const seenReady = log.waitForPresence(READER, 'ready', { from }).then(now);
    // Inserting right after pcscd saw the last removal would always land just after one of its
    // 400 ms polls; a random pause spreads insertions over the poll period, as in real use.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * VPCD_POLL_MS));
    const { atMs } = await cards.insert(0, card);
    bare.push((await seenBare) - atMs);
    notReady.push((await seenNotReady) - atMs);
    ready.push((await seenReady) - atMs);
    const gone = bareWait(api, context, false);
    const removed = log.waitForPresence(READER, 'no-card', { from: log.events.length });
    await cards.remove(0);
    await Promise.all([gone, removed]);
  }
  await api.releaseContext(context);
  log.stop();
  await driver.close();
  return [
    { what: 'baseline: bare `SCardGetStatusChange` sees the card', samplesMs: bare },
    { what: 'driver: status event `not-ready` (card seen)', samplesMs: notReady },
    {
      what: 'driver: status event `ready` (+ 300 ms settle delay + classifying read)',
      samplesMs: ready,
    },
  ];
}

/** The basic read made with bare PC/SC calls: what the driver does, without the driver. */
async function bareSequence(api: PcscApi): Promise<void> {
  const { code, context } = await api.establishContext();
  check(code, 'SCardEstablishContext');
  const connected = await api.connect(context, READER, SCARD_SHARE_SHARED, 3);
  check(connected.code, 'SCardConnect');
  check(await api.beginTransaction(connected.card), 'SCardBeginTransaction');
  for (const command of [SELECT_NHI_APPLET, READ_BASIC_DATA]) {
    check((await api.transmit(connected.card, connected.protocol, command)).code, 'transmit');
  }
  check(await api.endTransaction(connected.card, SCARD_LEAVE_CARD), 'SCardEndTransaction');
  check(await api.disconnect(connected.card, SCARD_LEAVE_CARD), 'SCardDisconnect');
  check(await api.releaseContext(context), 'SCardReleaseContext');
}

/**
 * Times `reads` rounds of every function in `runs`, interleaved (one of each per round) so that
 * drifts in machine load fall on all of them alike, after a few unmeasured rounds.
 */
async function timeInterleaved(
  reads: number,
  runs: readonly (() => Promise<unknown>)[],
): Promise<number[][]> {
  for (let warmUp = 0; warmUp < 3; warmUp += 1) for (const run of runs) await run();
  const samples = runs.map((): number[] => []);
  for (let read = 0; read < reads; read += 1) {
    for (const [index, run] of runs.entries()) {
      const start = performance.now();
      await run();
      samples[index]?.push(performance.now() - start);
    }
  }
  return samples;
}

async function measureReads(cards: CardHost, api: PcscApi, quickAck: boolean): Promise<Row[]> {
  const reads = quickAck ? READS : READS_WITHOUT_QUICKACK;
  await cards.insert(0, await demoNhiCard('adult'), { quickAck });
  const driver = createPcscDriver({ settleDelayMs: 0, classifyCards: false });
  const log = new DriverEventLog(driver);
  await log.waitForPresence(READER, 'ready');
  const suffix = quickAck ? '' : ', card without `TCP_QUICKACK`';
  const [driverMs = [], sequenceMs = []] = await timeInterleaved(reads, [
    () => driver.read(READER, 'basic'),
    () => bareSequence(api),
  ]);
  log.stop();
  await driver.close();

  const { code, context } = await api.establishContext();
  check(code, 'SCardEstablishContext');
  const connected = await api.connect(context, READER, SCARD_SHARE_SHARED, 3);
  check(connected.code, 'SCardConnect');
  const transmit = async (command: Uint8Array): Promise<void> => {
    check((await api.transmit(connected.card, connected.protocol, command)).code, 'transmit');
  };
  await transmit(SELECT_NHI_APPLET);
  const [transmitMs = []] = await timeInterleaved(reads, [() => transmit(READ_BASIC_DATA)]);
  await api.disconnect(connected.card, SCARD_LEAVE_CARD);
  const gone = bareWait(api, context, false);
  await cards.remove(0);
  // The next insertion must wait until pcscd has seen this card go (its 400 ms poll).
  await gone;
  await api.releaseContext(context);
  return [
    { what: `baseline: bare \`SCardTransmit\` of the READ APDU${suffix}`, samplesMs: transmitMs },
    {
      what: `baseline: bare PC/SC sequence (context, connect, transaction, SELECT, READ, end, disconnect, release)${suffix}`,
      samplesMs: sequenceMs,
    },
    { what: `driver: \`read(reader, 'basic')\`${suffix}`, samplesMs: driverMs },
  ];
}

function section(insertion: readonly Row[], reads: readonly Row[], machine: MachineInfo): string {
  return [
    '## PC/SC: insertion to event, and the basic-data read',
    '',
    'On the real stack the tests use: Debian pcscd, vsmartcard-vpcd and the emulated NHI card of',
    '`test/pcsc/` (a separate process), all on this machine. Each figure has a baseline measured',
    'in the same run through the same stack without the driver.',
    '',
    dateAndMachineLines(machine),
    `- Command: \`${COMMAND}\` (as root; pcscd is started and stopped by the script)`,
    '',
    `### Insertion to event (${INSERTIONS} insertions, defaults of \`createPcscDriver\`)`,
    '',
    'Time from the emulated card connecting to vpcd until the event; insertions are spread at',
    'random over the poll period. **pcscd polls vpcd every 400 ms**, so nearly all of it is the',
    'wait for that poll (uniform over 0–400 ms): a USB CCID reader notifies pcscd far sooner. The',
    'driver adds its settle delay (300 ms by default) and one classifying read before `ready`.',
    '',
    table(insertion),
    '',
    `### Basic-data read (57 bytes; ${READS} reads, ${READS_WITHOUT_QUICKACK} without TCP_QUICKACK)`,
    '',
    'The driver makes the same PC/SC calls as the bare sequence (a context of its own per read)',
    'and adds its per-reader queue, abort handling and presence checks. Without',
    '`TCP_QUICKACK` on the card side, Debian vpcd (Nagle on, length and payload written apart) waits',
    "for the card's delayed ACK on every APDU.",
    '',
    table(reads),
  ].join('\n');
}

function writeDoc(content: string): void {
  writeDocSection('pcsc-latency', content);
}

// A private pcscd (own socket, own vpcd ports), set up before the first PC/SC call.
const site = createPcscdSite();
const problem = await findPcscStackProblem(site);
if (problem !== null) {
  console.log(`pcsc-latency skipped: ${problem}`);
  process.exit(0);
}
const machine = machineInfo();
const pcscd = await PcscdProcess.start(site);
const cards = await CardHost.start(pcscd.vpcdBasePort);
try {
  const { api } = loadPcscLibrary();
  const insertion = await measureInsertions(cards, api);
  const reads = [
    ...(await measureReads(cards, api, true)),
    ...(await measureReads(cards, api, false)),
  ];
  console.log(table(insertion));
  console.log(table(reads));
  writeDoc(section(insertion, reads, machine));
} finally {
  await cards.close();
  await pcscd.stop();
  site.dispose();
}
