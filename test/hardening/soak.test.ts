import type { Subprotocol, TopicPattern } from '@nhicard/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BrokerProcess,
  closeBrokerProcess,
  startBrokerProcess,
} from './support/broker-process-handle.js';
import { EventLog } from './support/event-log.js';
import { RawClient } from './support/raw-client.js';

/**
 * Insert/remove cycles: 200 in CI; the full soak is
 * `NHICARD_SOAK_CYCLES=2000 pnpm vitest run test/hardening/soak.test.ts` (see docs/hardening.md).
 */
const CYCLES = Number(process.env.NHICARD_SOAK_CYCLES ?? 200);
const CLIENTS = 50;
/** Cycles run before the first memory reading, so start-up allocations are not counted. */
const WARM_UP_CYCLES = Math.max(20, Math.round(CYCLES / 10));
const MAX_RSS_GROWTH_BYTES = 20 * 1024 * 1024;
const TOKENS = { read: 'soak-token-read-000000', presence: 'soak-token-presence-00' } as const;
/**
 * Events a `card.*` subscriber gets per cycle: inserted, reading, read (basic, partial),
 * reading, read, removed.
 */
const EVENTS_PER_CYCLE = 6;

/** What each client subscribes to, in turn. */
const PLANS: readonly { token: string; topics: TopicPattern[] }[] = [
  { token: TOKENS.read, topics: ['*'] },
  { token: TOKENS.presence, topics: ['card.inserted', 'card.removed'] },
  { token: TOKENS.presence, topics: ['card.*'] },
];

interface SoakClient {
  client: RawClient;
  log: EventLog;
  topics: TopicPattern[];
}

describe('soak', () => {
  let broker: BrokerProcess | undefined;

  afterAll(() => broker?.handle.kill());

  it(`${CYCLES} insert/remove cycles with ${CLIENTS} clients: every event once and in order, bounded memory, a clean close`, async () => {
    broker = await startBrokerProcess({
      pollIntervalMs: 5,
      tokens: { [TOKENS.read]: ['read'], [TOKENS.presence]: ['presence'] },
    });
    const { url, handle } = broker;
    const clients: SoakClient[] = [];
    for (let index = 0; index < CLIENTS; index += 1) {
      const plan = PLANS[index % PLANS.length] as (typeof PLANS)[number];
      const subprotocol: Subprotocol = index % 2 === 0 ? 'nhicard.v1.json' : 'nhicard.v1.msgpack';
      const client = await RawClient.connect(url, { subprotocol, token: plan.token });
      const log = new EventLog(client);
      expect(await client.request('subscribe', { topics: plan.topics })).toMatchObject({
        ok: true,
      });
      clients.push({ client, log, topics: plan.topics });
    }
    const startSeq = Number((await handle.request('stats')).seq);

    await handle.request('cycles', { count: WARM_UP_CYCLES });
    const rssAfterWarmUp = Number((await handle.request('memory')).rssBytes);
    await handle.request('cycles', { count: CYCLES - WARM_UP_CYCLES });
    const stats = await handle.request('stats');
    const lastSeq = Number(stats.seq);
    await Promise.all(clients.map(({ log }) => log.reached(lastSeq, 30_000)));
    const rssAtEnd = Number((await handle.request('memory')).rssBytes);

    // Ground truth: what the broker published, as it counted it.
    expect(stats.published).toStrictEqual({
      'card.inserted': CYCLES,
      'card.reading': CYCLES * 2,
      'card.read': CYCLES * 2,
      'card.removed': CYCLES,
    });
    expect(lastSeq - startSeq).toBe(CYCLES * EVENTS_PER_CYCLE);
    const wildcard = clients[0] as SoakClient;
    for (const { client, log, topics } of clients) {
      expect(client.invalidMessages).toBe(0);
      if (topics.includes('*') || topics.includes('card.*')) {
        // Every event, each once, in order: seq runs on without a gap or a repeat.
        expect(log.discontinuities(startSeq + 1)).toStrictEqual([]);
        expect(log.seqs).toHaveLength(CYCLES * EVENTS_PER_CYCLE);
      } else {
        // Exactly the insertions and removals, alternating, with the broker's seqs.
        expect(log.seqs).toStrictEqual(wildcard.log.seqsOf(['card.inserted', 'card.removed']));
        expect(
          log.topics.every(
            (topic, index) => topic === (index % 2 === 0 ? 'card.inserted' : 'card.removed'),
          ),
        ).toBe(true);
        expect(log.count('card.inserted')).toBe(CYCLES);
      }
    }

    const rssGrowthBytes = rssAtEnd - rssAfterWarmUp;
    expect(rssGrowthBytes).toBeLessThan(MAX_RSS_GROWTH_BYTES);

    await Promise.all(clients.map(({ client }) => client.close()));
    const closed = await closeBrokerProcess(broker);
    // The broker left nothing running: once closed it holds no timer, socket or request (the
    // IPC channel to this test aside), and its process exits on its own.
    expect(closed.resourcesAfter.filter((name) => name !== 'PipeWrap')).toStrictEqual([]);
    expect(closed.exitCode).toBe(0);
    console.log(
      `[soak] ${CYCLES} cycles, ${CLIENTS} clients, ${lastSeq - startSeq} events ` +
        `(${(lastSeq - startSeq) * CLIENTS} deliveries checked); broker RSS ` +
        `${(rssAfterWarmUp / 2 ** 20).toFixed(1)} MiB after ${WARM_UP_CYCLES} warm-up cycles, ` +
        `${(rssAtEnd / 2 ** 20).toFixed(1)} MiB at the end ` +
        `(growth ${(rssGrowthBytes / 2 ** 20).toFixed(1)} MiB, limit 20 MiB); ` +
        `exit code ${closed.exitCode}, handles after close ${JSON.stringify(closed.resourcesAfter)}`,
    );
  }, 300_000);
});
