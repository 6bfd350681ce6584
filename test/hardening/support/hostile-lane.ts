import { isDeepStrictEqual } from 'node:util';
import type { ErrorResponseMessage, ServerMessage, Subprotocol } from '@nhicard/protocol';
import type { ExpectedOutcome } from './frame-oracle.js';
import type { HostileFrame } from './hostile-frames.js';
import { RawClient, type RawClientOptions } from './raw-client.js';

/** A frame with what the broker must do with it. */
export interface CheckedFrame {
  frame: HostileFrame;
  expected: Exclude<ExpectedOutcome, { kind: 'valid' }>;
}

/** What one hostile client saw. */
export interface LaneReport {
  /** Frames answered with the expected error response. */
  answered: number;
  /** Connections closed by the broker, by close code, each as expected. */
  closes: Record<number, number>;
  /** Connections opened. */
  connections: number;
  /** Anything that differed from the expectation (empty when all went as PROTOCOL.md says). */
  mismatches: string[];
}

/** Frames sent before waiting for their answers, so a lane never floods its own socket. */
const BATCH = 200;
const MAX_MISMATCH_NOTES = 20;
const WAIT_MS = 15_000;

function describeFrame(frame: HostileFrame): string {
  const { payload } = frame;
  const head =
    typeof payload === 'string'
      ? JSON.stringify(payload.slice(0, 60))
      : Buffer.from(payload.subarray(0, 30)).toString('hex');
  const length = typeof payload === 'string' ? payload.length : payload.length;
  return `${frame.category} frame (${length} long, starts ${head})`;
}

function sendFrame(client: RawClient, frame: HostileFrame): void {
  const binary = typeof frame.payload !== 'string' && frame.asText !== true;
  client.socket.send(frame.payload, { binary });
}

/** Collects a connection's responses and lets the lane wait for a number of them. */
class ResponseCollector {
  readonly responses: ServerMessage[] = [];
  private waiter: { count: number; resolve: () => void } | undefined;

  constructor(client: RawClient) {
    client.onMessage((message) => {
      if (message.type !== 'response') return;
      this.responses.push(message);
      if (this.waiter !== undefined && this.responses.length >= this.waiter.count) {
        this.waiter.resolve();
        this.waiter = undefined;
      }
    });
  }

  waitFor(count: number): Promise<void> {
    if (this.responses.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.responses.length} of ${count} responses arrived`)),
        WAIT_MS,
      );
      this.waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}

/**
 * One hostile client: sends its frames in order over as many connections as it takes (the
 * broker closes the connection at each fatal frame; the lane then reconnects), and checks
 * that every frame got exactly the expected answer, or the expected close.
 */
export async function runHostileLane(
  url: string,
  subprotocol: Subprotocol,
  options: RawClientOptions,
  frames: readonly CheckedFrame[],
): Promise<LaneReport> {
  const report: LaneReport = { answered: 0, closes: {}, connections: 0, mismatches: [] };
  const note = (text: string): void => {
    if (report.mismatches.length < MAX_MISMATCH_NOTES) report.mismatches.push(text);
  };
  let index = 0;
  while (index < frames.length) {
    const client = await RawClient.connect(url, { ...options, subprotocol });
    report.connections += 1;
    const collector = new ResponseCollector(client);
    const sent: CheckedFrame[] = [];
    let fatal: CheckedFrame | undefined;
    while (index < frames.length && fatal === undefined) {
      for (let inBatch = 0; inBatch < BATCH && index < frames.length; inBatch += 1) {
        const checked = frames[index++] as CheckedFrame;
        sendFrame(client, checked.frame);
        if (checked.expected.kind === 'close') {
          fatal = checked;
          break;
        }
        sent.push(checked);
      }
      if (fatal === undefined) await collector.waitFor(sent.length);
    }
    if (fatal !== undefined) {
      const { code } = await client.closed;
      const wanted = (fatal.expected as { code: number }).code;
      if (code === wanted) report.closes[code] = (report.closes[code] ?? 0) + 1;
      else note(`${describeFrame(fatal.frame)}: closed with ${code}, expected ${wanted}`);
    } else {
      await client.close();
    }
    const { responses } = collector;
    if (responses.length !== sent.length) {
      note(`${responses.length} responses to ${sent.length} answerable frames on one connection`);
    }
    sent.forEach((checked, position) => {
      const expected = (checked.expected as { response: ErrorResponseMessage }).response;
      const actual = responses[position];
      if (isDeepStrictEqual(actual, expected)) report.answered += 1;
      else {
        note(
          `${describeFrame(checked.frame)}: got ${JSON.stringify(actual)?.slice(0, 200)}, expected ${JSON.stringify(expected).slice(0, 200)}`,
        );
      }
    });
    if (client.invalidMessages > 0) note(`${client.invalidMessages} invalid server messages`);
  }
  return report;
}
