// A real nats-server (Debian's, 2.9) for the tests: its own ports, config and JetStream folder
// per run, users with the permissions the docs recommend (a broker may only publish its own
// subjects and state keys; a monitor may only read), and the state bucket made by an admin.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { requireStack } from '../support/require-stack.js';

/** Whether nats-server is installed; skips (or fails under NHICARD_TEST_REQUIRE) otherwise. */
export function requireNatsServer(): boolean {
  return requireStack(
    'nats',
    spawnSync('nats-server', ['--version']).status === 0,
    'nats-server not found: apt-get install -y --no-install-recommends nats-server',
  );
}

export const BUCKET = 'nhicard-readers';
export const SITE = 'test-site';
export const ADMIN = { user: 'admin', pass: 'admin-secret-0123456789' };
export const MONITOR = { user: 'monitor', pass: 'monitor-secret-0123456789' };
/** The broker user of workstation `ws`. */
export const brokerUser = (ws: string) => ({
  user: `broker-${ws}`,
  pass: `broker-secret-${ws}-0123456789`,
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A workstation with a broker user: a name at {@link SITE}, or a name at a site of its own. */
export type Workstation = string | { site: string; workstation: string };

function config(
  ports: { client: number; ws: number },
  storeDir: string,
  workstations: readonly Workstation[],
): string {
  const brokers = workstations.map((entry) => {
    const { site, workstation: ws } =
      typeof entry === 'string' ? { site: SITE, workstation: entry } : entry;
    const { user, pass } = brokerUser(ws);
    return `      { user: "${user}", password: "${pass}", permissions: {
          publish: { allow: ["nhicard.presence.${site}.${ws}.>", "$KV.${BUCKET}.${site}.${ws}.>"] },
          subscribe: { allow: ["_INBOX.>"] } } }`;
  });
  return `listen: "127.0.0.1:${ports.client}"
websocket { listen: "127.0.0.1:${ports.ws}", no_tls: true }
jetstream { store_dir: "${storeDir}" }
accounts {
  HOSPITAL {
    jetstream: enabled
    users: [
      { user: "${ADMIN.user}", password: "${ADMIN.pass}" }
      { user: "${MONITOR.user}", password: "${MONITOR.pass}", permissions: {
          publish: { allow: ["$JS.API.STREAM.INFO.KV_${BUCKET}", "$JS.API.DIRECT.GET.KV_${BUCKET}.>", "$JS.API.STREAM.MSG.GET.KV_${BUCKET}"] },
          subscribe: { allow: ["nhicard.presence.>", "_INBOX.>"] } } }
${brokers.join('\n')}
    ]
  }
}
`;
}

/** A running nats-server. */
export interface NatsServerProcess {
  /** `nats://127.0.0.1:<port>`. */
  url: string;
  /** `ws://127.0.0.1:<port>` (NATS over WebSocket, for browsers). */
  wsUrl: string;
  /** Kills it (SIGKILL: nothing flushed beyond what JetStream already synced). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and JetStream folder. */
  restart(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

/**
 * Starts nats-server with users for `workstations` (each may publish only its own subjects and
 * keys) and creates the state bucket.
 */
export async function startNatsServer(
  workstations: readonly Workstation[],
): Promise<NatsServerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'nhicard-nats-'));
  const ports = { client: await freePort(), ws: await freePort() };
  const configFile = join(dir, 'nats.conf');
  await writeFile(configFile, config(ports, join(dir, 'jetstream'), workstations));
  const url = `nats://127.0.0.1:${ports.client}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const started = spawn('nats-server', ['-c', configFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      started.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Server is ready')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`nats-server exited with ${code}:\n${log}`)));
    });
  };
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (child === undefined || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };

  await start();
  const admin = await connect({ servers: url, ...ADMIN });
  await new Kvm(admin).create(BUCKET, { history: 1 });
  await admin.close();
  return {
    url,
    wsUrl: `ws://127.0.0.1:${ports.ws}`,
    kill: () => stop('SIGKILL'),
    restart: start,
    close: async () => {
      await stop('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
