/**
 * The clients of the reconnect-storm benchmark, in a process of their own: SDK clients
 * (`createClient`, over Node's `ws`, reconnecting with the SDK's defaults), driven over IPC by
 * bench/reconnect-storm.ts. `connect` opens them and waits until all are open;
 * `await-card` resolves once every client's view of reader `sim-0` is `present` (or `absent`),
 * from a live event or a resync, with the time each got there; `close` closes them.
 */
import { type ClientEvent, createClient, type NhiCardClient } from '@nhicard/client';
import { WebSocket } from 'ws';
import type { WebSocketConstructor } from '../client-sdk/src/web-socket-like.js';
import { serveParent } from '../test/hardening/support/child-ipc.js';

interface Tracked {
  client: NhiCardClient;
  /** Whether the client believes a card is in `sim-0`, and since when (ms, shared clock). */
  cardIn: boolean;
  changedAt: number;
  /** `card.inserted`/`card.removed` events seen, live and from resyncs. */
  live: number;
  resync: number;
}

const clock = (): number => performance.timeOrigin + performance.now();
const clients: Tracked[] = [];
const waiters = new Set<() => void>();
const CONNECT_BATCH = 100;

function track(client: NhiCardClient): Tracked {
  const tracked: Tracked = { client, cardIn: false, changedAt: 0, live: 0, resync: 0 };
  const seen = (cardIn: boolean) => (event: ClientEvent) => {
    if (event.reader !== 'sim-0') return;
    tracked.cardIn = cardIn;
    tracked.changedAt = clock();
    if (event.resync) tracked.resync += 1;
    else tracked.live += 1;
    for (const waiter of waiters) waiter();
  };
  client.on('card.inserted', seen(true));
  client.on('card.removed', seen(false));
  return tracked;
}

const openNow = (tracked: Tracked): boolean => tracked.client.state.status === 'open';

serveParent(
  {
    connect: async (request) => {
      const count = Number(request.count);
      while (clients.length < count) {
        const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - clients.length) }, () =>
          track(
            createClient({
              url: String(request.url),
              token: String(request.token),
              codec: request.codec === 'msgpack' ? 'msgpack' : 'json',
              WebSocket: WebSocket as unknown as WebSocketConstructor,
            }),
          ),
        );
        await Promise.all(batch.map(({ client }) => client.next('reader.attached')));
        clients.push(...batch);
      }
      return { open: clients.filter(openNow).length };
    },
    'await-card': (request) => {
      const cardIn = request.cardIn === true;
      return new Promise((resolve) => {
        const check = (): void => {
          if (!clients.every((tracked) => tracked.cardIn === cardIn && openNow(tracked))) return;
          waiters.delete(check);
          resolve({
            times: clients.map((tracked) => tracked.changedAt),
            live: clients.reduce((sum, tracked) => sum + tracked.live, 0),
            resync: clients.reduce((sum, tracked) => sum + tracked.resync, 0),
          });
        };
        waiters.add(check);
        check();
      });
    },
    states: () => ({
      open: clients.filter(openNow).length,
      reconnecting: clients.filter((tracked) => tracked.client.state.status === 'reconnecting')
        .length,
    }),
    clock: () => ({ now: clock() }),
    close: async () => {
      await Promise.all(clients.map(({ client }) => client.close()));
      return {};
    },
  },
  {},
);
