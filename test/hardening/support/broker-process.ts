/**
 * A broker on the simulator in a process of its own, driven over IPC by a test or a benchmark
 * (see child-ipc.ts), so that its memory, CPU time and the handles it leaves behind are its own
 * and not mixed with those of the clients measuring it. Started by `startBrokerProcess`.
 */
import { createSimulatorDriver, loadDemoCard } from '@nhicard/native';
import type { SectionId, Topic } from '@nhicard/protocol';
import { startServer } from '../../../server/src/server.js';
import type { LimitOptions } from '../../../server/src/server-options.js';
import { CardCycler } from './card-cycler.js';
import { cpuTotalFields, cpuWindowFields, memoryFields, serveParent } from './child-ipc.js';

/** How the broker in the child runs. */
export interface BrokerProcessConfig {
  pollIntervalMs: number;
  /** Tokens and their scopes. */
  tokens: Record<string, ('presence' | 'read' | 'admin')[]>;
  limits?: LimitOptions;
  autoReadSections?: SectionId[];
  /** How long each simulated section read takes. @default 0 */
  readLatencyMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BrokerProcessConfig;
// Taken before the broker exists, for the report.
const resourcesBefore = process.getActiveResourcesInfo();
const sim = createSimulatorDriver({ readLatencyMs: config.readLatencyMs ?? 0, samAuthDelayMs: 0 });
const server = await startServer({
  port: 0,
  driver: sim,
  demoPage: false,
  broker: {
    pollIntervalMs: config.pollIntervalMs,
    ...(config.autoReadSections === undefined ? {} : { autoReadSections: config.autoReadSections }),
  },
  access: { tokens: config.tokens },
  ...(config.limits === undefined ? {} : { limits: config.limits }),
});
const published = new Map<Topic, number>();
server.broker.events$.subscribe((event) => {
  published.set(event.topic, (published.get(event.topic) ?? 0) + 1);
});
const cycler = new CardCycler(server.broker, sim, await loadDemoCard('adult'));

serveParent(
  {
    memory: () => memoryFields(),
    cpu: (request) => cpuWindowFields(Number(request.windowMs)),
    'cpu-total': () => cpuTotalFields(),
    cycles: async (request) => {
      await cycler.run(Number(request.count));
      return { cycles: cycler.cycles };
    },
    // A card in the reader, read and cached (for request benchmarks).
    insert: async () => {
      const read = new Promise<void>((resolve) => {
        const subscription = server.broker.events$.subscribe((event) => {
          if (event.topic !== 'card.read' || 'pending' in event.data) return;
          subscription.unsubscribe();
          resolve();
        });
      });
      sim.insert('sim-0', await loadDemoCard('adult'));
      await read;
      return {};
    },
    stats: () => ({ seq: server.broker.seq, published: Object.fromEntries(published) }),
    close: async () => {
      await server.close('finished');
      // Handles whose close is already under way (the listening socket) go within a few turns;
      // wait for that state rather than a span of time. The IPC pipe stays. A handle still
      // there after the bound is a leak, and the parent reports it.
      const leftOver = () => process.getActiveResourcesInfo().filter((name) => name !== 'PipeWrap');
      const deadline = performance.now() + 10_000;
      while (leftOver().length > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { resourcesBefore, resourcesAfter: process.getActiveResourcesInfo() };
    },
  },
  { url: server.url, port: server.port },
);
