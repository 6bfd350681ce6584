// The client across a broker restart and a network cut, against the real broker.
import type { ClientEvent, ConnectionState, NhiCardClient } from '@nhicard/client';
import { loadDemoCard } from '@nhicard/native';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CuttableProxy, startProxy } from '../support/tcp-proxy.js';
import { adminClient, startTestBroker, type TestBroker, waitFor } from './client-stack.js';

const FAST_RECONNECT = { initialDelayMs: 50, maxDelayMs: 200 };
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A broker, a TCP proxy in front of it and a client that reconnects fast through the proxy. */
interface ProxiedStack {
  /** Replaceable by a restarted broker: the one here when the test ends is closed. */
  broker: TestBroker;
  readonly proxy: CuttableProxy;
  readonly client: NhiCardClient;
}

/** Starts a {@link ProxiedStack}, each part closed after the test. */
async function startBehindProxy(codec: 'json' | 'msgpack'): Promise<ProxiedStack> {
  let broker = await startTestBroker();
  cleanups.push(() => broker.server.close());
  const proxy = await startProxy(broker.server.port);
  cleanups.push(() => proxy.close());
  const client = adminClient(proxy.url, codec, { reconnect: FAST_RECONNECT });
  cleanups.push(() => client.close());
  return {
    get broker() {
      return broker;
    },
    set broker(restarted) {
      broker = restarted;
    },
    proxy,
    client,
  };
}

function track(client: NhiCardClient): ClientEvent[] {
  const events: ClientEvent[] = [];
  client.on('*', (event) => events.push(event));
  return events;
}

describe.each(['json', 'msgpack'] as const)('client reconnect over %s', (codec) => {
  it('reconnects after a broker restart, is told the card went, and hears the next insertion', async () => {
    const stack = await startBehindProxy(codec);
    const { proxy, client } = stack;
    const events = track(client);
    const states: ConnectionState[] = [];
    client.states().subscribe((state) => states.push(state));
    await client.next('reader.attached');
    // Listen before asking: the automatic read can finish before the insert's answer arrives.
    const firstRead = client.next('card.read');
    await client.request('sim.insert', { card: 'adult' });
    await firstRead;

    await stack.broker.server.close('restart for the test');
    await waitFor(() => client.state.status === 'reconnecting', 'the client to notice');
    // The client keeps the proxy's address; the restarted broker gets a port of its own.
    stack.broker = await startTestBroker();
    proxy.retarget(stack.broker.server.port);
    await waitFor(() => client.state.status === 'open', 'the client to reconnect', 10_000);
    const removed = await waitFor(
      () => events.some((event) => event.topic === 'card.removed'),
      'the resync to report the card gone',
    ).then(() => events.find((event) => event.topic === 'card.removed'));
    expect(removed).toMatchObject({ topic: 'card.removed', reader: 'sim-0', resync: true });

    const inserted = client.next('card.inserted');
    await client.request('sim.insert', { card: 'adult' });
    expect(await inserted).toMatchObject({ reader: 'sim-0', resync: false });
    const topics = events.map((event) => `${event.topic}${event.resync ? ' (resync)' : ''}`);
    // One insertion before the restart, one after; none made up by the resync.
    expect(topics.filter((topic) => topic.startsWith('card.inserted'))).toEqual([
      'card.inserted',
      'card.inserted',
    ]);
    expect(topics).toContain('server.shutdown');
    const statuses = states.map((state) => state.status);
    expect(statuses.slice(0, 2)).toEqual(['connecting', 'open']);
    expect(statuses[statuses.length - 1]).toBe('open');
    // The first close after `open` is the broker's: 1001 going away, with its reason.
    const firstLoss = states.find((state) => state.status === 'reconnecting');
    expect(firstLoss?.lastClose).toEqual({
      code: 1001,
      reason: 'restart for the test',
      wasClean: true,
    });
  });

  it('tells the app a card was removed while it was cut off, and fails what was in flight', async () => {
    const { broker, proxy, client } = await startBehindProxy(codec);
    await client.next('reader.attached');
    const firstRead = client.next('card.read');
    broker.sim.insert('sim-0', await loadDemoCard('adult'));
    await firstRead;
    const events = track(client);

    // A read that cannot finish before the cut: the simulator never completes it.
    const cancelHang = broker.sim.injectFailure('sim-0', {
      section: 'cumulative',
      failure: { kind: 'hang' },
    });
    const simRead = vi.spyOn(broker.sim, 'read');
    const inFlight = client
      .readCard({ sections: ['cumulative'], fresh: true })
      .catch((error: unknown) => error);
    // Cut once the read is in flight at the simulator (it hangs there).
    await waitFor(
      () => simRead.mock.calls.some(([, section]) => section === 'cumulative'),
      'the read to reach the simulator',
    );
    proxy.cut();
    await expect(inFlight).resolves.toMatchObject({ code: 'DISCONNECTED', retryable: true });
    cancelHang();
    await waitFor(() => client.state.status === 'reconnecting', 'the client to notice the cut');
    broker.sim.remove('sim-0');
    await waitFor(
      () => broker.server.broker.readerStatus('sim-0').card.presence === 'no-card',
      'the broker to see the removal',
    );
    proxy.restore();
    await waitFor(
      () => events.some((event) => event.topic === 'card.removed'),
      'the resync',
      10_000,
    );
    expect(events.map((event) => [event.topic, event.reader, event.resync])).toEqual([
      ['card.removed', 'sim-0', true],
    ]);
  });
});
