/**
 * Keeps servers and clients of a benchmark off each other's core: servers on core 0, clients
 * (and the benchmark's own process) on the last core, with util-linux `taskset`. Without two
 * cores or without `taskset` nothing is pinned, and {@link pinningNote} says so in the report.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import {
  type ChildHandle,
  type ChildReply,
  startChild,
} from '../test/hardening/support/child-ipc.js';

/** Who runs on a core. */
export type CoreRole = 'server' | 'clients';

const coreCount = cpus().length;
const tasksetFound = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
const canPin = coreCount >= 2 && tasksetFound;

const coreOf = (role: CoreRole): number => (role === 'server' ? 0 : coreCount - 1);

/** Pins process `pid` to the core of `role`; false when it cannot (nothing was changed). */
export function pinProcess(pid: number | undefined, role: CoreRole): boolean {
  if (!canPin || pid === undefined) return false;
  const run = spawnSync('taskset', ['-a', '-cp', String(coreOf(role)), String(pid)], {
    stdio: 'ignore',
  });
  return run.status === 0;
}

/** A started bench process and the fields it said it was ready with. */
export interface PinnedChild {
  child: ChildHandle;
  ready: ChildReply;
  /** `ready.url`, the server's address (empty when it gave none). */
  url: string;
}

/**
 * Starts the bench process `entry` (a path relative to bench/, bundled) with `config`, pins it
 * to the core of `role` and waits until it is ready.
 */
export async function startPinnedChild(
  entry: string,
  config: unknown,
  role: CoreRole,
): Promise<PinnedChild> {
  const child = await startChild(new URL(entry, import.meta.url), config, { runner: 'bundle' });
  pinProcess(child.child.pid, role);
  const ready = await child.ready;
  return { child, ready, url: String(ready.url ?? '') };
}

/** One sentence for a report: how servers and clients shared the machine. */
export function pinningNote(): string {
  if (canPin) {
    return `Servers pinned to core ${coreOf('server')}, clients to core ${coreOf('clients')} (util-linux \`taskset\`); other work on the machine was not pinned.`;
  }
  const why =
    coreCount < 2 ? `the machine has ${coreCount} core` : '`taskset` (util-linux) was not found';
  return `Nothing was pinned (${why}): servers and clients shared the cores.`;
}
