/**
 * Monitor latency benchmark: from a card going into a workstation's reader to a monitor
 * receiving `card.inserted`, for 20, 100 and 200 publishing workstations and 1, 10 and 50
 * monitors, by the two paths measured in the same run on the same insertions: over NATS (each
 * broker publishes to Debian's nats-server, started here with its own config and ports; each
 * monitor is the SDK's NATS feed over NATS's WebSocket listener) and direct fan-out (each
 * monitor holds a presence WebSocket to every publishing workstation, LAN mode's data path).
 *
 * 200 real brokers on the simulator (one reader each) run in two publisher processes, the
 * monitors in two watcher processes, this process only schedules and counts: five processes
 * and nats-server on the machine's cores. Every workstation gets a card every
 * {@link INSERT_EVERY_MS} (staggered), held {@link CARD_HELD_MS}; each cell is a window of
 * {@link WINDOW_MS}, and the whole grid runs {@link RUNS} times. Clocks of the children are
 * mapped onto this one with offsets measured over IPC.
 *
 * Run: `pnpm bench:monitor`. Writes the monitor-latency section of docs/benchmarks.md.
 */
import { type ChildHandle, startChild } from '../test/hardening/support/child-ipc.js';
import { MONITOR, SITE, startNatsServer } from '../test/nats/nats-server-process.js';
import { fixed, machineInfo, sleep } from './bench-report.helpers.js';
import {
  type Cell,
  type Path,
  type PathRun,
  writeMonitorReport,
} from './monitor-report.helpers.js';
import { clock, lanCertificate, offsetOf } from './monitor-setup.helpers.js';

const machine = machineInfo();
const WORKSTATIONS = [20, 100, 200] as const;
const MONITORS = [1, 10, 50] as const;
const RUNS = 3;
const PATHS = ['nats', 'direct'] as const satisfies readonly Path[];
const POLL_INTERVAL_MS = 50;
const INSERT_EVERY_MS = 2000;
const CARD_HELD_MS = 1000;
const WINDOW_MS = 4000;
const TICK_MS = 25;
const SETTLE_LIMIT_MS = 8000;
const TOKEN = 'bench-monitor-presence-token-0123456789';

const names = Array.from({ length: 200 }, (_, index) => `ws-${String(index + 1).padStart(3, '0')}`);

const nats = await startNatsServer(names);
const certificate = await lanCertificate();
const publisherConfig = {
  natsUrl: nats.url,
  site: SITE,
  token: TOKEN,
  pollIntervalMs: POLL_INTERVAL_MS,
  certFile: certificate.certFile,
  keyFile: certificate.keyFile,
};
const startHelper = (file: string, config: unknown) =>
  startChild(new URL(file, import.meta.url), config, { runner: 'bundle' });
const publishers = [
  await startHelper('./monitor-publishers.helpers.ts', publisherConfig),
  await startHelper('./monitor-publishers.helpers.ts', publisherConfig),
];
const watchers = [
  await startHelper('./monitor-watchers.helpers.ts', {}),
  await startHelper('./monitor-watchers.helpers.ts', {}),
];
const children = [...publishers, ...watchers];
const cells: Cell[] = WORKSTATIONS.flatMap((workstations) =>
  MONITORS.map((monitors) => ({ workstations, monitors, runs: { nats: [], direct: [] } })),
);

try {
  for (const child of children) await child.ready;
  const half = names.length / 2;
  const urls: Record<string, string> = {};
  const brokersStartedAt = clock();
  await Promise.all(
    publishers.map(async (publisher, index) => {
      const started = await publisher.request('start', {
        workstations: names.slice(index * half, (index + 1) * half),
      });
      Object.assign(urls, started.urls as Record<string, string>);
    }),
  );
  console.log(`200 brokers started in ${fixed((clock() - brokersStartedAt) / 1000, 1)} s`);
  const publisherOf = (name: string): ChildHandle =>
    publishers[names.indexOf(name) < half ? 0 : 1] as ChildHandle;
  const offsets = new Map<ChildHandle, number>();
  for (const child of children) offsets.set(child, await offsetOf(child));
  const offset = (child: ChildHandle): number => offsets.get(child) ?? 0;

  /** One cell's window on one path: insertions on the first `count` workstations, then every arrival. */
  async function measure(count: number, monitors: number, path: Path): Promise<PathRun> {
    for (const child of children) await child.request('collect');
    const active = names.slice(0, count);
    const startedAt = clock();
    const due = active.map((_, index) => startedAt + (index / count) * INSERT_EVERY_MS);
    let scheduled = 0;
    while (clock() - startedAt < WINDOW_MS) {
      const batches = new Map<ChildHandle, string[]>();
      for (const [index, name] of active.entries()) {
        if ((due[index] as number) > clock()) continue;
        due[index] = (due[index] as number) + INSERT_EVERY_MS;
        scheduled += 1;
        const publisher = publisherOf(name);
        batches.set(publisher, [...(batches.get(publisher) ?? []), name]);
      }
      for (const [publisher, batch] of batches) {
        publisher
          .request('insert', { workstations: batch, cardHeldMs: CARD_HELD_MS })
          .catch((error: unknown) => console.error(`insert failed: ${String(error)}`));
      }
      await sleep(TICK_MS);
    }
    // Every card out again (and its events delivered) before the next window.
    await sleep(CARD_HELD_MS + 500);
    const insertions = new Map<string, { changedAt: number; emittedAt: number }>();
    for (const publisher of publishers) {
      const reply = await publisher.request('collect');
      for (const each of reply.insertions as {
        key: string;
        changedAt: number;
        emittedAt: number;
      }[]) {
        insertions.set(each.key, {
          changedAt: each.changedAt - offset(publisher),
          emittedAt: each.emittedAt - offset(publisher),
        });
      }
    }
    const expected = insertions.size * monitors;
    const settleBy = clock() + SETTLE_LIMIT_MS;
    for (;;) {
      let arrived = 0;
      for (const watcher of watchers) {
        const counted = await watcher.request('count');
        arrived += Number(counted[path]);
      }
      if (arrived >= expected || clock() > settleBy) break;
      await sleep(50);
    }
    const run: PathRun = {
      scheduled,
      insertions: insertions.size,
      expected,
      fromChange: [],
      fromEvent: [],
    };
    for (const watcher of watchers) {
      const reply = await watcher.request('collect');
      for (const arrival of reply.arrivals as { key: string; path: Path; at: number }[]) {
        const insertion = insertions.get(arrival.key);
        if (insertion === undefined || arrival.path !== path) continue;
        const at = arrival.at - offset(watcher);
        run.fromChange.push(at - insertion.changedAt);
        run.fromEvent.push(at - insertion.emittedAt);
      }
    }
    return run;
  }

  const splitOf = (monitors: number) => [Math.ceil(monitors / 2), Math.floor(monitors / 2)];
  const most = Math.max(...MONITORS);
  const connectingStartedAt = clock();
  for (const [index, watcher] of watchers.entries()) {
    await watcher.request('direct', {
      urls,
      token: TOKEN,
      ca: certificate.caPem,
      monitors: splitOf(most)[index],
    });
  }
  console.log(
    `${most} × ${names.length} direct wss:// connections made in ${fixed((clock() - connectingStartedAt) / 1000, 1)} s`,
  );

  for (let round = 1; round <= RUNS; round += 1) {
    for (const monitors of MONITORS) {
      const split = splitOf(monitors);
      // One path at a time: the other path's monitors are not connected (NATS) or not
      // subscribed (direct), so neither path's deliveries take the cores from the other's.
      for (const path of PATHS) {
        if (path === 'nats') {
          for (const [index, watcher] of watchers.entries()) {
            await watcher.request('nats', {
              count: split[index],
              options: { servers: nats.wsUrl, user: MONITOR.user, pass: MONITOR.pass },
            });
          }
        }
        for (const workstations of WORKSTATIONS) {
          const watched = path === 'direct' ? names.slice(0, workstations) : [];
          for (const [index, watcher] of watchers.entries()) {
            await watcher.request('watch', { monitors: split[index], workstations: watched });
          }
          const run = await measure(workstations, monitors, path);
          cells
            .find((c) => c.workstations === workstations && c.monitors === monitors)
            ?.runs[path].push(run);
          console.log(
            `run ${round}: ${path}, ${workstations} workstations × ${monitors} monitors: ` +
              `${run.insertions} of ${run.scheduled} insertions, ${run.fromChange.length}/${run.expected} arrived`,
          );
        }
        if (path === 'nats') for (const watcher of watchers) await watcher.request('disconnect');
      }
    }
  }
} finally {
  for (const child of children) {
    await child.request('close').catch(() => undefined);
    child.kill();
  }
  await nats.close();
}

writeMonitorReport(machine, cells, {
  pollIntervalMs: POLL_INTERVAL_MS,
  insertEveryMs: INSERT_EVERY_MS,
  cardHeldMs: CARD_HELD_MS,
  windowMs: WINDOW_MS,
  runs: RUNS,
});
