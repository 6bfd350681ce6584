// Brokers publishing presence to a real nats-server: subjects per site, workstation and
// reader; each reader's last state in a JetStream key-value bucket; a monitor that joins late;
// nats-server killed and restarted without losing the final state; a broker that keeps serving
// its local clients meanwhile; and permissions that hold.
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { createSimulatorDriver, loadDemoCard, type SimulatorDriver } from '@nhicard/native';
import type { ReaderStateRecord } from '@nhicard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/src/server.js';
import {
  BUCKET,
  brokerUser,
  MONITOR,
  type NatsServerProcess,
  requireNatsServer,
  SITE,
  startNatsServer,
} from './nats-server-process.js';

const available = requireNatsServer();
const WS = 'ws-01';
const KEY = `${SITE}.${WS}.sim-0`;

/** Messages of `subscription`, parsed, pushed as they arrive. */
function collect(subscription: Subscription): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  void (async () => {
    for await (const message of subscription) messages.push(message.json());
  })().catch(() => undefined);
  return messages;
}

async function until<T>(read: () => T | Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function stateOf(kv: KV): Promise<ReaderStateRecord | null> {
  const entry = await kv.get(KEY);
  return entry === null || entry.operation !== 'PUT' ? null : (entry.json() as ReaderStateRecord);
}

async function healthOf(server: RunningServer): Promise<{ nats?: { state: string } }> {
  return (await (await fetch(`${server.httpUrl}healthz`)).json()) as { nats?: { state: string } };
}

describe.skipIf(!available)(
  'presence over NATS, on a real nats-server',
  { timeout: 60_000 },
  () => {
    let nats: NatsServerProcess;
    let sim: SimulatorDriver;
    let server: RunningServer;
    let monitor: NatsConnection;

    beforeAll(async () => {
      nats = await startNatsServer([WS, 'ws-02']);
      sim = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
      server = await startServer({
        port: 0,
        driver: sim,
        broker: { pollIntervalMs: 10 },
        demoPage: false,
        nats: {
          servers: [nats.url],
          site: SITE,
          workstation: WS,
          ...{ user: brokerUser(WS).user, password: brokerUser(WS).pass },
        },
      });
      monitor = await connect({ servers: nats.url, ...MONITOR });
      await until(
        () => healthOf(server),
        (health) => health.nats?.state === 'connected',
      );
    });

    afterAll(async () => {
      await monitor?.close();
      await server?.close();
      await nats?.close();
    });

    it('publishes each reader event on its own subject, presence view only, in seq order', async () => {
      const messages = collect(monitor.subscribe(`nhicard.presence.${SITE}.>`));
      await monitor.flush();
      sim.insert('sim-0', await loadDemoCard('adult'));
      const read = await until(
        () => messages,
        // The read is over with the card.read that has nothing `pending`.
        (all) =>
          all.some(
            (message) => message.topic === 'card.read' && !('pending' in (message.data as object)),
          ),
      );
      const topics = read.map((message) => message.topic);
      expect(topics.slice(0, 2)).toStrictEqual(['card.inserted', 'card.reading']);
      expect(topics.at(-1)).toBe('card.read');
      const seqs = read.map((message) => message.seq as number);
      expect(seqs).toStrictEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));
      const last = read.at(-1);
      expect(last).toMatchObject({ type: 'event', reader: 'sim-0', site: SITE, workstation: WS });
      // The insertion id is no card data: the presence view carries it.
      expect(last?.data).toStrictEqual({
        holder: { maskedName: '林○明' },
        insertion: expect.any(String),
      });
      const text = JSON.stringify(read);
      for (const secret of ['A123456789', '林小明', '1990']) expect(text).not.toContain(secret);
    });

    it("keeps each reader's last state in the bucket, so a monitor that joins late sees the present", async () => {
      const late = await connect({ servers: nats.url, ...MONITOR });
      const kv = await new Kvm(late).open(BUCKET);
      const state = await until(
        () => stateOf(kv),
        (record) => record?.status.card.holder !== null,
      );
      expect(state).toMatchObject({
        site: SITE,
        workstation: WS,
        status: {
          reader: { id: 'sim-0' },
          card: { presence: 'ready', holder: { maskedName: '林○明' } },
        },
      });
      expect(JSON.stringify(state)).not.toContain('A123456789');
      await late.close();
    });

    it('serves local clients while NATS is down, and the bucket has the final state after a restart', async () => {
      await nats.kill();
      await until(
        () => healthOf(server),
        (health) => health.nats?.state === 'disconnected',
      );
      sim.remove('sim-0');
      // The broker goes on: a local client is answered while NATS is away.
      const local = await until(
        () =>
          healthOf(server) as Promise<{ readers: { presence: string }[]; nats: { state: string } }>,
        (health) => health.readers[0]?.presence === 'no-card',
      );
      expect(local.nats.state).toBe('disconnected');
      const metrics = await (await fetch(`${server.httpUrl}metrics`)).text();
      expect(metrics).toContain('\nnhicard_nats_connected 0\n');

      await nats.restart();
      await until(
        () => healthOf(server),
        (h) => h.nats?.state === 'connected',
      );
      const after = await connect({ servers: nats.url, ...MONITOR });
      const kv = await new Kvm(after).open(BUCKET);
      const state = await until(
        () => stateOf(kv),
        (record) => record?.status.card.presence === 'no-card',
      );
      expect(state?.status.card).toMatchObject({ presence: 'no-card', holder: null });
      await after.close();
      await monitor.close();
      monitor = await connect({ servers: nats.url, ...MONITOR });
    });

    /** Publishes a forged state on `subject` as `user`: the error nats-server answers with. */
    async function forgedPublishError(
      user: { user: string; pass: string },
      subject: string,
    ): Promise<string | undefined> {
      const errors: string[] = [];
      const connection = await connect({ servers: nats.url, ...user });
      void (async () => {
        for await (const status of connection.status())
          if (status.type === 'error') errors.push(String(status.error));
      })();
      connection.publish(subject, '{"forged":true}');
      await until(
        () => errors,
        (all) => all.length > 0,
      );
      await connection.close();
      return errors[0];
    }

    it('holds the permissions: a monitor cannot publish, a broker cannot publish for another workstation', async () => {
      expect(await forgedPublishError(MONITOR, `nhicard.presence.${SITE}.${WS}.sim-0`)).toMatch(
        /Permissions Violation for Publish to "nhicard.presence.test-site.ws-01.sim-0"/,
      );
      expect(
        await forgedPublishError(brokerUser(WS), `nhicard.presence.${SITE}.ws-02.sim-0`),
      ).toMatch(/Permissions Violation for Publish to "nhicard.presence.test-site.ws-02.sim-0"/);
    });
  },
);
