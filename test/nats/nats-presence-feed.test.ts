// The SDK's NATS presence feed (`watchPresenceOverNats`) against a real nats-server and a real
// broker: the present from the bucket on start, then every state from the events alone (no
// JetStream consumer held between bucket reads), in order, and the state a broker reached while
// nats-server was down, once both are back.
//
// The broker runs as a process of its own, as it does in production: nats.js keeps one transport
// factory per process, which each `connect`/`wsconnect` call replaces, so once the feed's
// WebSocket connection is made every TCP connection of the same process would redial over
// WebSocket (`nats://…` handed to `new WebSocket`) and never come back after a restart.
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { createClient, type NhiCardClient } from '@nhicard/client';
import type { NatsPresenceEvent } from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  type NatsPresenceFeed,
  type ReaderStateChange,
  watchPresenceOverNats,
} from '../../client-sdk/src/nats/index.js';
import { CliProcess, NHICARD_BIN } from '../cli/cli-process.js';
import { NodeWebSocket } from '../client/client-stack.js';
import {
  ADMIN,
  BUCKET,
  brokerUser,
  MONITOR,
  type NatsServerProcess,
  requireNatsServer,
  SITE,
  startNatsServer,
} from './nats-server-process.js';

// The NATS client's WebSocket transport uses the global WebSocket, as in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const available = requireNatsServer();
const WS = 'ws-feed';
const KEY = `${SITE}.${WS}.sim-0`;
const TOKEN = 'nats-presence-feed-test-admin-0123456789';

async function until<T>(read: () => T | Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How many consumers the state bucket's stream has: a KV watch would be one. */
async function bucketConsumers(admin: NatsConnection): Promise<number> {
  const reply = await admin.request(`$JS.API.STREAM.INFO.KV_${BUCKET}`, '');
  return (reply.json() as { state: { consumer_count: number } }).state.consumer_count;
}

interface Health {
  nats?: { state: string };
  readers?: { presence: string }[];
}

async function healthOf(httpUrl: string): Promise<Health> {
  return (await (await fetch(`${httpUrl}healthz`)).json()) as Health;
}

const presenceOf = (change: ReaderStateChange | undefined): string | undefined =>
  change?.record?.status.card.presence;

describe.skipIf(!available)(
  'the SDK presence feed on a real nats-server',
  { timeout: 90_000 },
  () => {
    let nats: NatsServerProcess;
    let broker: CliProcess;
    let client: NhiCardClient;
    let httpUrl: string;
    let admin: NatsConnection;
    let feed: NatsPresenceFeed | undefined;
    const states: ReaderStateChange[] = [];
    const events: NatsPresenceEvent[] = [];
    const statuses: string[] = [];

    beforeAll(async () => {
      nats = await startNatsServer([WS]);
      const { user, pass } = brokerUser(WS);
      broker = CliProcess.start(
        NHICARD_BIN,
        [
          ...['serve', '--driver', 'simulator', '--sim-readers', '1'],
          ...['--sim-sam-delay-ms', '0', '--sim-read-latency-ms', '0', '--poll-interval-ms', '10'],
          ...['--port', '0', '--no-demo-page', '--no-examples', '--log-level', 'warn'],
          ...['--allow-token', `${TOKEN}=presence,read,admin`],
          ...['--nats-servers', nats.url, '--nats-site', SITE, '--nats-workstation', WS],
          ...['--nats-user', user],
        ],
        { env: { NHICARD_NATS_PASSWORD: pass } },
      );
      const [, health = ''] = await broker.waitForStdout(
        /Health {5}(http:\/\/\S+)healthz/,
        300_000,
      );
      const [, url = ''] = await broker.waitForStdout(/WebSocket {2}(ws:\/\/\S+)/);
      httpUrl = health;
      client = createClient({ url, token: TOKEN, WebSocket: NodeWebSocket });
      await client.listReaders();
      admin = await connect({ servers: nats.url, ...ADMIN });
    });

    afterAll(async () => {
      await feed?.close();
      if (!admin?.isClosed()) await admin?.close();
      client?.close();
      broker?.kill('SIGTERM');
      await broker?.waitForExit();
      await nats?.close();
    });

    it('starts from the bucket: a card inserted before the monitor joined', async () => {
      await client.request('sim.insert', { reader: 'sim-0', card: 'adult' });
      // The broker has written the ready card to the bucket (its events went by unheard).
      const kv = await new Kvm(admin).open(BUCKET);
      await until(
        async () => (await kv.get(KEY))?.string() ?? '',
        (text) => text.includes('"presence":"ready"'),
      );
      feed = await watchPresenceOverNats(
        { servers: nats.wsUrl, user: MONITOR.user, pass: MONITOR.pass, site: SITE },
        {
          onState: (change) => states.push(change),
          onEvent: (event) => events.push(event),
          onStatus: (status) => statuses.push(status),
        },
      );
      expect(states).toHaveLength(1);
      expect(states[0]).toMatchObject({ key: KEY, site: SITE, workstation: WS, reader: 'sim-0' });
      expect(states[0]?.record?.status.card).toMatchObject({
        presence: 'ready',
        holder: { maskedName: '林○明' },
      });
      expect(JSON.stringify(states)).not.toContain('A123456789');
    });

    it('follows each state from the events, holding no bucket watch', async () => {
      // The bucket read's consumer is gone once the feed has started: changes come as events.
      expect(
        await until(
          () => bucketConsumers(admin),
          (count) => count === 0,
        ),
      ).toBe(0);
      const before = states.length;
      await client.request('sim.remove', { reader: 'sim-0' });
      await until(
        () => states,
        (all) => presenceOf(all.at(-1)) === 'no-card',
      );
      const removed = events.find((event) => event.topic === 'card.removed');
      expect(removed?.state?.status.card.presence).toBe('no-card');
      // Exactly one state per state-changing event, carrying that event's seq.
      expect(states.slice(before).map((change) => change.record?.seq)).toStrictEqual([
        removed?.seq,
      ]);

      await client.request('sim.insert', { reader: 'sim-0', card: 'adult' });
      await until(
        () => states,
        (all) => presenceOf(all.at(-1)) === 'ready',
      );
      const topics = events.map((event) => event.topic);
      expect(topics.slice(topics.indexOf('card.removed'))).toStrictEqual([
        'card.removed',
        'card.inserted',
        'card.reading',
        ...topics.slice(topics.indexOf('card.reading') + 1),
      ]);
      // Progress carries no state; every other event does, and the feed reported each in order.
      for (const event of events) {
        if (event.topic === 'card.reading') expect(event.state).toBeUndefined();
        else expect(event.state?.seq).toBe(event.seq);
      }
      const seqs = states.slice(before).map((change) => change.record?.seq ?? 0);
      expect(seqs).toStrictEqual([...seqs].sort((a, b) => a - b));
      expect(await bucketConsumers(admin)).toBe(0);
    });

    it('catches up with a change made while nats-server was down', async () => {
      // The admin link shares this process with the feed's WebSocket link: it could not redial
      // over TCP (see the top of this file), and it is not needed from here on.
      await admin.close();
      await nats.kill();
      // The broker knows NATS is gone (it publishes nothing until it is back).
      await until(
        () => healthOf(httpUrl),
        (health) => health.nats?.state === 'disconnected',
      );
      await client.request('sim.remove', { reader: 'sim-0' });
      await until(
        () => healthOf(httpUrl),
        (health) => health.readers?.[0]?.presence === 'no-card',
      );
      const eventsWhileDown = events.length;
      await nats.restart();
      await until(
        () => healthOf(httpUrl),
        (health) => health.nats?.state === 'connected',
      );
      // No event told of the removal: the reconnected feed reads it from the bucket, or hears the
      // broker republish it.
      const last = await until(
        () => states,
        (all) => presenceOf(all.at(-1)) === 'no-card',
      );
      expect(last.at(-1)?.record?.status.card).toMatchObject({ presence: 'no-card', holder: null });
      expect(events.slice(eventsWhileDown).some((event) => event.topic === 'card.removed')).toBe(
        false,
      );
    });
  },
);
