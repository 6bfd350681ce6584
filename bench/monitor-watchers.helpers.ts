/**
 * The monitors of the monitor benchmark, in a process of their own (as monitor PCs would be),
 * each watching by one path at a time: over NATS, with the SDK's own feed
 * (`watchPresenceOverNats`: the state bucket and the events, over NATS's WebSocket listener,
 * as the browser monitor does), or directly, with one presence `wss://` connection per
 * publishing workstation to its LAN-mode listener (LAN mode's data path). Driven over IPC by
 * bench/monitor-latency.ts: `nats` starts this process's NATS monitors and `disconnect` closes
 * them; `direct` connects that many direct monitors to every workstation once, and `watch`
 * subscribes the first few of them on some workstations (the rest unsubscribed); `count` and
 * `collect` the arrivals of `card.inserted` (by `<workstation>#<seq>`, per path); `clock`,
 * `close`.
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
/** Direct connections by `<monitor>@<workstation>`, and whether each is subscribed. */
const sockets = new Map<string, { client: RawClient; subscribed: boolean }>();
let arrivals: Arrival[] = [];
const counts = { nats: 0, direct: 0 };

function arrived(key: string, path: Path, at: number): void {
  arrivals.push({ key, path, at });
  counts[path] += 1;
}

async function connectDirect(
  name: string,
  url: string,
  token: string,
  ca: string,
): Promise<RawClient> {
  const client = await RawClient.connect(url, { token, validate: false, ca });
  client.onMessage((message, receivedAtMs) => {
    if (message.type === 'event' && message.topic === 'card.inserted') {
      arrived(`${name}#${message.seq}`, 'direct', performance.timeOrigin + receivedAtMs);
    }
  });
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
      // Every monitor's connection to every workstation, made once: TLS handshakes by the
      // ten thousand are slow on two cores, and a connection nothing is subscribed on costs
      // the broker nothing per event.
      const urls = Object.entries(request.urls as Record<string, string>);
      const token = String(request.token);
      const ca = String(request.ca);
      const monitors = Number(request.monitors);
      const pairs = Array.from({ length: monitors }, (_, monitor) =>
        urls.map(([name, url]) => ({ monitor, name, url })),
      ).flat();
      for (let index = 0; index < pairs.length; index += CONNECT_BATCH) {
        await Promise.all(
          pairs.slice(index, index + CONNECT_BATCH).map(async ({ monitor, name, url }) => {
            sockets.set(`${monitor}@${name}`, {
              client: await connectDirect(name, url, token, ca),
              subscribed: false,
            });
          }),
        );
      }
      return { sockets: sockets.size };
    },
    watch: async (request) => {
      // The first `monitors` monitors watch the named workstations; every other connection is
      // unsubscribed, so the broker sends it nothing.
      const monitors = Number(request.monitors);
      const watched = new Set(request.workstations as string[]);
      const changes: Promise<unknown>[] = [];
      for (const [key, socket] of sockets) {
        const [monitor, name] = key.split('@') as [string, string];
        const wanted = Number(monitor) < monitors && watched.has(name);
        if (wanted === socket.subscribed) continue;
        socket.subscribed = wanted;
        changes.push(
          socket.client.request(wanted ? 'subscribe' : 'unsubscribe', { topics: [...TOPICS] }),
        );
        if (changes.length >= CONNECT_BATCH) await Promise.all(changes.splice(0));
      }
      await Promise.all(changes);
      return {};
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
      await Promise.all(feeds.map((feed) => feed.close()));
      feeds = [];
      return {};
    },
    clock: () => ({ now: now() }),
    close: async () => {
      await Promise.all([...sockets.values()].map((socket) => socket.client.close()));
      await Promise.all(feeds.map((feed) => feed.close()));
      return {};
    },
  },
  {},
);
