import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CertificateRenewal } from './certificate-renewal.js';
import type { IssuedCertificate } from './local-ca.js';
import { LocalTls } from './tls-directory.js';

const HOUR_MS = 60 * 60 * 1000;

/**
 * A list that says when it has grown. Not `vi.waitFor`: under fake timers that moves the clock
 * on at each check, and gives up after one real second, which a loaded machine can spend on
 * issuing one certificate.
 */
function collector<T>(): { items: T[]; add(item: T): void; until(length: number): Promise<void> } {
  const items: T[] = [];
  const waiters: { length: number; resolve: () => void }[] = [];
  return {
    items,
    add(item) {
      items.push(item);
      for (const waiter of waiters) if (items.length >= waiter.length) waiter.resolve();
    },
    until(length) {
      if (items.length >= length) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ length, resolve }));
    },
  };
}

describe('CertificateRenewal', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-renewal-'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-12-01T00:00:00Z'));
  });

  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('renews at two thirds of a 3-day certificate, checking hourly, and not before', async () => {
    const tls = new LocalTls({ dir, certificateLifetimeDays: 3 });
    const current = await tls.ensureServerCertificate();
    // Backdated one hour: 73 hours of life, so two thirds fall 48h40m after notBefore.
    expect(tls.renewalTime(current).toISOString()).toBe('2026-12-02T23:40:00.000Z');
    const renewed = collector<IssuedCertificate>();
    const renewal = new CertificateRenewal({
      tls,
      current,
      onRenewed: (cert) => renewed.add(cert),
      onError: (error) => {
        throw error;
      },
    });
    await vi.advanceTimersByTimeAsync(47 * HOUR_MS);
    expect(renewed.items).toStrictEqual([]);
    await vi.advanceTimersByTimeAsync(HOUR_MS);
    await renewed.until(1);
    expect(renewed.items[0]?.serialHex).not.toBe(current.serialHex);
    expect(renewal.certificate).toBe(renewed.items[0]);
    expect((await tls.currentServerCertificate())?.serialHex).toBe(renewed.items[0]?.serialHex);
    renewal.stop();
  });

  it('keeps serving the old certificate and retries a minute later when renewal fails', async () => {
    const tls = new LocalTls({ dir, certificateLifetimeDays: 3 });
    const current = await tls.ensureServerCertificate();
    let diskFull = true;
    const failing = Object.assign(Object.create(tls) as LocalTls, {
      renewServerCertificate: () =>
        diskFull ? Promise.reject(new Error('disk full')) : tls.renewServerCertificate(),
    });
    const errors = collector<string>();
    const renewed = collector<IssuedCertificate>();
    const renewal = new CertificateRenewal({
      tls: failing,
      current,
      onRenewed: (cert) => renewed.add(cert),
      onError: (error) => errors.add(String(error)),
    });
    await vi.advanceTimersByTimeAsync(tls.renewalTime(current).getTime() - Date.now());
    await errors.until(1);
    expect(errors.items).toStrictEqual(['Error: disk full']);
    expect(renewal.certificate).toBe(current);
    diskFull = false;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(renewed.items).toStrictEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    await renewed.until(1);
    expect(errors.items).toHaveLength(1);
    renewal.stop();
  });
});
