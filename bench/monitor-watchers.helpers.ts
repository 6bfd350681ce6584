/**
 * The monitors of the monitor benchmark, in a process of their own (as monitor PCs would be),
 * each watching by both paths at once: over NATS, with the SDK's own feed
 * (`watchPresenceOverNats`: the state bucket and the events, over NATS's WebSocket listener,
 * as the browser monitor does), and directly, with one presence WebSocket per publishing
 * workstation (LAN mode's data path). Driven over IPC by bench/monitor-latency.ts: `nats` starts
 * this process's monitors, `direct` connects each of them to more workstations, `count` and
 * `collect` the arrivals of `card.inserted` (by `<workstation>#<seq>`, per path),
 * `disconnect` everything, `clock`, `close`.
 */
import { WebSocket } from 'ws';
import { type NatsPresenceFeed, watchPresenceOverNats } from '../client-sdk/src/nats/index.js';
import { serveParent } from '../test/hardening/support/child-ipc.js';
import { RawClient } from '../test/hardening/support/raw-client.js';

// The NATS client's WebSocket transport uses the global WebSocket, as in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

type Path = 'nats' | 'direct';
interface Arrival {
  key: string;
  path: Path;
  at: number;
}

/** What the browser monitor subscribes to: every card and reader event. */
const TOPICS = ['card.*', 'reader.*'] as const;
const CONNECT_BATCH = 50;
const now = (): number => performance.timeOrigin + performance.now();
let feeds: NatsPresenceFeed[] = [];
let sockets: RawClient[] = [];
let arrivals: Arrival[] = [];
const counts = { nats: 0, direct: 0 };

function arrived(key: string, path: Path, at: number): void {
  arrivals.push({ key, path, at });
  counts[path] += 1;
}

async function connectDirect(name: string, url: string, token: string): Promise<RawClient> {
  const client = await RawClient.connect(url, { token, validate: false });
  client.onMessage((message, receivedAtMs) => {
    if (message.type === 'event' && message.topic === 'card.inserted') {
      arrived(`${name}#${message.seq}`, 'direct', performance.timeOrigin + receivedAtMs);
    }
  });
  await client.request('subscribe', { topics: [...TOPICS] });
  return client;
}

// Should the benchmark die, so do its helpers: nothing left polling on a shared machine.
process.once('disconnect', () => process.exit(0));

serveParent(
  {
    nats: async (request) => {
      const count = Number(request.count);
      const options = request.options as { servers: string; user: string; pass: string };
      let states = 0;
      for (let index = 0; index < count; index += 1) {
        feeds.push(
          await watchPresenceOverNats(options, {
            onState: () => {
              states += 1;
            },
            onEvent: (event) => {
              if (event.topic === 'card.inserted') {
                arrived(`${event.workstation}#${event.seq}`, 'nats', now());
              }
            },
          }),
        );
      }
      return { states };
    },
    direct: async (request) => {
      const urls = Object.entries(request.urls as Record<string, string>);
      const token = String(request.token);
      const pairs = feeds.flatMap(() => urls);
      for (let index = 0; index < pairs.length; index += CONNECT_BATCH) {
        sockets.push(
          ...(await Promise.all(
            pairs
              .slice(index, index + CONNECT_BATCH)
              .map(([name, url]) => connectDirect(name, url, token)),
          )),
        );
      }
      return { sockets: sockets.length };
    },
    count: () => ({ ...counts }),
    collect: () => {
      const collected = arrivals;
      arrivals = [];
      counts.nats = 0;
      counts.direct = 0;
      return { arrivals: collected };
    },
    disconnect: async () => {
      await Promise.all(sockets.map((socket) => socket.close()));
      await Promise.all(feeds.map((feed) => feed.close()));
      sockets = [];
      feeds = [];
      return {};
    },
    clock: () => ({ now: now() }),
    close: async () => {
      await Promise.all(sockets.map((socket) => socket.close()));
      await Promise.all(feeds.map((feed) => feed.close()));
      return {};
    },
  },
  {},
);
