import { loadDemoCard } from '@nhicard/native';
import { SUBPROTOCOLS } from '@nhicard/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startTestServer, TOKENS } from '../server/test-server.js';
import { CardCycler } from './support/card-cycler.js';
import { EventLog } from './support/event-log.js';
import { RawClient } from './support/raw-client.js';

/** A small buffer limit, so the test needs megabytes of events rather than hundreds. */
const MAX_BUFFERED_BYTES = 256 * 1024;
const READERS = 4;
/** Large `card.read` events: every section the simulator reads with a SAM and an HPC. */
const AUTO_READ_SECTIONS = [
  'basic',
  'insuranceBrief',
  'treatments',
  'cumulative',
  'vaccinations',
  'emergencyPhone',
  'lastVisitSeq',
  'criticalIllness',
  'prescriptions',
  'longTermPrescriptions',
  'importantOrders',
  'allergies',
] as const;
/** Gives up when the broker has not dropped the stalled client after this many cycles. */
const MAX_CYCLES_PER_READER = 3000;

interface LogRecord {
  msg: string;
  conn?: number;
  bufferedBytes?: number;
}

describe.each(SUBPROTOCOLS)('a client that stops reading (%s)', (subprotocol) => {
  it('is closed with 1013 once its queue passes maxBufferedBytes; the others get every event', async () => {
    const records: LogRecord[] = [];
    let onDrop: (() => void) | undefined;
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) => {
          const record = JSON.parse(line) as LogRecord;
          records.push(record);
          if (record.msg === 'dropping a slow consumer') onDrop?.();
        },
      },
    );
    const test = await startTestServer({
      logger,
      simulator: { readers: READERS, hpcInserted: true },
      broker: { pollIntervalMs: 1, autoReadSections: AUTO_READ_SECTIONS },
      limits: { maxBufferedBytes: MAX_BUFFERED_BYTES },
    });
    try {
      const connect = async (): Promise<{ client: RawClient; log: EventLog }> => {
        const client = await RawClient.connect(test.server.url, {
          subprotocol,
          token: TOKENS.read,
        });
        const log = new EventLog(client);
        expect(await client.request('subscribe', { topics: ['*'] })).toMatchObject({ ok: true });
        return { client, log };
      };
      const fast = [await connect(), await connect()];
      const stalled = await connect();
      let stalledFrames = 0;
      const firstSeq = test.server.broker.seq + 1;
      const dropped = new Promise<void>((resolve) => {
        onDrop = () => {
          // Reading again at once, the client drains what was queued and sees the close frame.
          // It has the server's 1 s grace for that, and the backlog is thousands of events: it
          // only counts their frames (no decoding), which stays far within the grace however
          // loaded the machine.
          stalled.client.socket.removeAllListeners('message');
          stalled.client.socket.on('message', () => {
            stalledFrames += 1;
          });
          stalled.client.socket.resume();
          resolve();
        };
      });
      stalled.client.socket.pause();

      const card = await loadDemoCard('adult');
      let stop = false;
      void dropped.then(() => {
        stop = true;
      });
      const cyclers = Array.from(
        { length: READERS },
        (_unused, index) => new CardCycler(test.server.broker, test.sim, card, `sim-${index}`),
      );
      await Promise.all(
        cyclers.map((cycler) =>
          cycler.runUntil(() => stop || cycler.cycles >= MAX_CYCLES_PER_READER),
        ),
      );
      expect(stop).toBe(true);
      expect(await stalled.client.closed).toStrictEqual({
        code: 1013,
        reason: 'too slow: messages piled up',
      });
      // Events go on after the drop (once the stalled client has drained, not competing with it).
      await Promise.all(cyclers.map((cycler) => cycler.run(3)));

      // What the broker held for it was bounded by the limit (plus the frame that crossed it).
      const drop = records.find((record) => record.msg === 'dropping a slow consumer');
      const largestEventBytes = 64 * 1024;
      expect(drop?.bufferedBytes).toBeGreaterThan(MAX_BUFFERED_BYTES);
      expect(drop?.bufferedBytes).toBeLessThanOrEqual(MAX_BUFFERED_BYTES + largestEventBytes);
      expect(records.filter((record) => record.msg === 'dropping a slow consumer')).toHaveLength(1);
      // And it holds nothing for it any more: only the two fast clients are connected.
      const health = (await (await fetch(`${test.server.httpUrl}healthz`)).json()) as {
        connections: number;
      };
      expect(health.connections).toBe(2);

      const lastSeq = test.server.broker.seq;
      for (const { client, log } of fast) {
        await log.reached(lastSeq);
        expect(log.discontinuities(firstSeq)).toStrictEqual([]);
        expect(log.lastSeq()).toBe(lastSeq);
        expect(client.invalidMessages).toBe(0);
      }
      const cycles = cyclers.reduce((sum, cycler) => sum + cycler.cycles, 0);
      expect(fast[0]?.log.count('card.inserted')).toBe(cycles);
      expect(stalled.log.seqs).toStrictEqual([]);
      expect(stalledFrames).toBeLessThan(fast[0]?.log.seqs.length ?? 0);
      console.log(
        `[slow consumer ${subprotocol}] dropped at ${drop?.bufferedBytes} buffered bytes ` +
          `(limit ${MAX_BUFFERED_BYTES}) after ${cycles} cycles; the stalled client had taken ` +
          `${stalledFrames} of ${fast[0]?.log.seqs.length} events`,
      );
      await Promise.all(fast.map(({ client }) => client.close()));
    } finally {
      await test.close();
    }
  }, 60_000);
});
