/**
 * Setting up the monitor benchmark: LAN mode's certificate for its brokers, and the clock
 * offsets of its child processes.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalCa, issueServerCertificate } from '../server/src/tls/local-ca.js';
import type { ChildHandle } from '../test/hardening/support/child-ipc.js';

const CLOCK_SAMPLES = 30;

/** This process's clock, ms since the epoch with sub-millisecond resolution. */
export const clock = (): number => performance.timeOrigin + performance.now();

/** LAN mode's certificate for 127.0.0.1, from a CA of the benchmark's own, in a temporary folder. */
export async function lanCertificate(): Promise<{
  caPem: string;
  certFile: string;
  keyFile: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'nhicard-bench-monitor-'));
  const ca = await createLocalCa({ commonName: 'nhicard monitor benchmark CA' });
  const issued = await issueServerCertificate(ca, {
    names: { dns: ['monitor-bench.localhost'], ip: ['127.0.0.1'] },
  });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await writeFile(certFile, issued.certPem);
  await writeFile(keyFile, issued.keyPem, { mode: 0o600 });
  return { caPem: ca.certPem, certFile, keyFile };
}

/** The child's clock minus ours, from the IPC round trip with the smallest delay. */
export async function offsetOf(child: ChildHandle): Promise<number> {
  let best = { offsetMs: 0, errorMs: Number.POSITIVE_INFINITY };
  for (let sample = 0; sample < CLOCK_SAMPLES; sample += 1) {
    const sentAt = clock();
    const reply = await child.request('clock');
    const errorMs = (clock() - sentAt) / 2;
    if (errorMs < best.errorMs)
      best = { offsetMs: Number(reply.now) - (sentAt + errorMs), errorMs };
  }
  return best.offsetMs;
}
