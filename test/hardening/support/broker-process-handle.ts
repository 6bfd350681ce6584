import type { BrokerProcessConfig } from './broker-process.js';
import { type ChildHandle, type StartChildOptions, startChild } from './child-ipc.js';

/** A broker running in a child process (see broker-process.ts). */
export interface BrokerProcess {
  /** The IPC handle: `memory`, `cpu`, `cpu-total`, `cycles`, `insert`, `stats`, `close` requests. */
  handle: ChildHandle;
  /** The broker's WebSocket endpoint. */
  url: string;
}

/** Starts the broker in a child process and waits until it listens. */
export async function startBrokerProcess(
  config: BrokerProcessConfig,
  options: StartChildOptions = {},
): Promise<BrokerProcess> {
  const handle = await startChild(new URL('./broker-process.ts', import.meta.url), config, options);
  const ready = await handle.ready;
  return { handle, url: String(ready.url) };
}

/**
 * Closes the broker and waits for its process to exit by itself; resolves with the exit code,
 * or null when it was still running after `timeoutMs` (then it is killed: something the broker
 * left running, a timer, a socket, kept it alive).
 */
export async function closeBrokerProcess(
  broker: BrokerProcess,
  timeoutMs = 10_000,
): Promise<{ exitCode: number | null; resourcesBefore: string[]; resourcesAfter: string[] }> {
  const reply = await broker.handle.request('close');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([broker.handle.exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') broker.handle.kill();
  return {
    exitCode: outcome === 'timeout' ? null : outcome,
    resourcesBefore: reply.resourcesBefore as string[],
    resourcesAfter: reply.resourcesAfter as string[],
  };
}
