/**
 * The publishing workstations of the monitor benchmark: real brokers on the simulator (one
 * reader each), several sharing this process, each publishing its presence to NATS and serving
 * direct monitors in LAN mode (`wss://` with the benchmark's certificate, a presence token). Driven over IPC by bench/monitor-latency.ts:
 * `start` the brokers, `insert` a card at some of them (and take it out again after
 * `cardHeldMs`), `collect` when each card went in and when its broker raised `card.inserted`,
 * `clock` for the clock offset between the processes, `close`.
 *
 * Times are `performance.timeOrigin + performance.now()`, mapped onto the parent's clock by the
 * offset the parent measures with `clock`.
 */
import { createSimulatorDriver, loadDemoCard, type SimulatorDriver } from '@nhicard/native';
import { startServer } from '../server/src/server.js';
import { serveParent } from '../test/hardening/support/child-ipc.js';
import { brokerUser } from '../test/nats/nats-server-process.js';

interface Config {
  natsUrl: string;
  site: string;
  token: string;
  pollIntervalMs: number;
  /** LAN mode's certificate and key (PEM files), issued for 127.0.0.1. */
  certFile: string;
  keyFile: string;
}

interface Workstation {
  sim: SimulatorDriver;
  close(): Promise<void>;
  /** When the current card went in; NaN when none. */
  changedAt: number;
  /** Whether a card is in (its removal not yet done). */
  held: boolean;
}

/** One insertion as its broker saw it: the key monitors report it by, and its two times. */
interface Insertion {
  key: string;
  changedAt: number;
  emittedAt: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const now = (): number => performance.timeOrigin + performance.now();
const workstations = new Map<string, Workstation>();
let insertions: Insertion[] = [];
const card = await loadDemoCard('adult');
const START_BATCH = 10;

async function startWorkstation(name: string): Promise<string> {
  const sim = createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 });
  const credentials = brokerUser(name);
  const server = await startServer({
    port: 0,
    driver: sim,
    demoPage: false,
    examples: false,
    broker: { pollIntervalMs: config.pollIntervalMs },
    // LAN mode's listener, as a clinic runs it, but on 127.0.0.1: the benchmark has no second
    // machine. Its clients are remote to the broker all the same (TLS, token, presence only).
    lan: {
      host: '127.0.0.1',
      port: 0,
      certFile: config.certFile,
      keyFile: config.keyFile,
      tokens: { [config.token]: [] },
      // 50 monitors, each with its own connection to this workstation.
      maxConnectionsPerToken: 64,
    },
    nats: {
      servers: [config.natsUrl],
      site: config.site,
      workstation: name,
      user: credentials.user,
      password: credentials.pass,
    },
  });
  const workstation: Workstation = {
    sim,
    changedAt: Number.NaN,
    held: false,
    close: () => server.close(),
  };
  server.broker.events$.subscribe((event) => {
    if (event.topic !== 'card.inserted') return;
    insertions.push({
      key: `${name}#${event.seq}`,
      changedAt: workstation.changedAt,
      emittedAt: now(),
    });
  });
  workstations.set(name, workstation);
  if (server.lan === null) throw new Error(`${name}: LAN mode did not start`);
  return server.lan.url;
}

// Should the benchmark die, so do its helpers: nothing left polling on a shared machine.
process.once('disconnect', () => process.exit(0));

serveParent(
  {
    start: async (request) => {
      const names = request.workstations as string[];
      const urls: Record<string, string> = {};
      for (let index = 0; index < names.length; index += START_BATCH) {
        await Promise.all(
          names.slice(index, index + START_BATCH).map(async (name) => {
            urls[name] = await startWorkstation(name);
          }),
        );
      }
      return { urls };
    },
    insert: (request) => {
      const heldMs = Number(request.cardHeldMs);
      let skipped = 0;
      for (const name of request.workstations as string[]) {
        const workstation = workstations.get(name);
        if (workstation === undefined) throw new Error(`no workstation ${name}`);
        // A loaded machine can run the removal late: that workstation skips this turn.
        if (workstation.held) {
          skipped += 1;
          continue;
        }
        workstation.held = true;
        workstation.changedAt = now();
        workstation.sim.insert('sim-0', card);
        setTimeout(() => {
          workstation.sim.remove('sim-0');
          workstation.held = false;
        }, heldMs);
      }
      return { skipped };
    },
    collect: () => {
      const collected = insertions;
      insertions = [];
      return { insertions: collected };
    },
    clock: () => ({ now: now() }),
    close: async () => {
      await Promise.all([...workstations.values()].map((workstation) => workstation.close()));
      return {};
    },
  },
  {},
);
