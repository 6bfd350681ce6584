/**
 * The clients of the fan-out benchmark, in a process of their own (as browsers would be), so
 * the server under test and the clients each have a core. Driven over IPC by
 * bench/event-fanout.ts: `connect` a named group of clients (over `subprotocol`, the tokens
 * taken in turn: mixed scopes), `await-round` (resolves when every
 * client of the group has received `card.inserted` number `round`), `collect` the arrival times,
 * `disconnect` a group, `clock` for the clock offset between the two processes, `close`.
 *
 * Arrival times are `performance.timeOrigin + performance.now()`: milliseconds on a clock both
 * processes share up to the offset the parent measures with `clock`.
 */

import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { Subprotocol } from '@nhicard/protocol';
import { serveParent } from '../test/hardening/support/child-ipc.js';
import { RawClient } from '../test/hardening/support/raw-client.js';

interface Group {
  clients: RawClient[];
  /** Arrival times of the current round's event, one per client. */
  arrivals: number[];
  /** Events received so far by each client. */
  counts: number[];
  /** `reached[k]`: how many clients have received at least k events. */
  reached: number[];
  /** Waiters for a round: resolved when every client has seen `round` events. */
  waiters: { round: number; resolve: () => void }[];
}

const groups = new Map<string, Group>();
const CONNECT_BATCH = 100;
const now = (): number => performance.timeOrigin + performance.now();
/** Milliseconds this process spent in garbage collection since the last `collect`. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const flags = (entry as { detail?: { flags?: number } }).detail?.flags ?? 0;
    // The collection forced between rounds is not one of the round's.
    if ((flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) === 0) gcMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

function groupOf(name: unknown): Group {
  const group = groups.get(String(name));
  if (group === undefined) throw new Error(`no group ${String(name)}`);
  return group;
}

/** Resolves the waiters whose round every client has reached. */
function settle(group: Group): void {
  const complete = (round: number): boolean =>
    round === 0 || (group.reached[round] ?? 0) === group.clients.length;
  for (const waiter of group.waiters.filter(({ round }) => complete(round))) waiter.resolve();
  group.waiters = group.waiters.filter(({ round }) => !complete(round));
}

serveParent(
  {
    connect: async (request) => {
      const group: Group = { clients: [], arrivals: [], counts: [], reached: [], waiters: [] };
      groups.set(String(request.name), group);
      const count = Number(request.count);
      const tokens = request.tokens as string[];
      while (group.clients.length < count) {
        const batch = Math.min(CONNECT_BATCH, count - group.clients.length);
        const connected = await Promise.all(
          Array.from({ length: batch }, (_, index) =>
            RawClient.connect(String(request.url), {
              token: tokens[(group.clients.length + index) % tokens.length],
              subprotocol: (request.subprotocol as Subprotocol | undefined) ?? 'nhicard.v1.json',
              validate: false,
            }),
          ),
        );
        group.clients.push(...connected);
      }
      group.counts = group.clients.map(() => 0);
      group.clients.forEach((client, index) => {
        client.onMessage((message, receivedAtMs) => {
          if (message.type !== 'event' || message.topic !== 'card.inserted') return;
          group.arrivals.push(performance.timeOrigin + receivedAtMs);
          const count = (group.counts[index] ?? 0) + 1;
          group.counts[index] = count;
          group.reached[count] = (group.reached[count] ?? 0) + 1;
          if (group.reached[count] === group.clients.length) settle(group);
        });
      });
      if (request.subscribe === true) {
        await Promise.all(
          group.clients.map((client) => client.request('subscribe', { topics: ['card.inserted'] })),
        );
      }
      return {};
    },
    'await-round': (request) => {
      const group = groupOf(request.name);
      return new Promise((resolve) => {
        group.waiters.push({ round: Number(request.round), resolve: () => resolve({}) });
        settle(group);
      });
    },
    collect: (request) => {
      const group = groupOf(request.name);
      const arrivals = group.arrivals;
      group.arrivals = [];
      // These clients stand in for browsers on other machines: their garbage is collected
      // between rounds, so that a collection of theirs does not stall the next round's receipts
      // and pass for the server's latency. The servers' own collections are left alone.
      const gcDuringRoundMs = gcMs;
      (globalThis as { gc?: () => void }).gc?.();
      gcMs = 0;
      return { arrivals, gcDuringRoundMs };
    },
    disconnect: async (request) => {
      const group = groupOf(request.name);
      await Promise.all(group.clients.map((client) => client.close()));
      groups.delete(String(request.name));
      return {};
    },
    clock: () => ({ now: now() }),
    close: async () => {
      for (const group of groups.values()) {
        await Promise.all(group.clients.map((client) => client.close()));
      }
      return {};
    },
  },
  {},
);
