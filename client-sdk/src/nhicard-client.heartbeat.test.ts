import { describe, expect, it, vi } from 'vitest';
import {
  acceptConnection,
  connectedClient,
  fakeClient,
  flush,
  useFakeClock,
} from './fake-client.test-helpers.js';

const EMPTY = { seq: 0, readers: [] };

useFakeClock({ random: 0 });

function pings(ops: string[]): number {
  return ops.filter((op) => op === 'ping').length;
}

describe('heartbeat', () => {
  it('pings every intervalMs while the broker answers', async () => {
    const { fake, client } = await connectedClient(EMPTY, {
      heartbeat: { intervalMs: 1_000, timeoutMs: 500 },
    });
    const socket = fake.latest();
    for (let beat = 1; beat <= 3; beat += 1) {
      await vi.advanceTimersByTimeAsync(999);
      expect(pings(socket.ops())).toBe(beat - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(pings(socket.ops())).toBe(beat);
      await vi.advanceTimersByTimeAsync(400);
      socket.respond('ping', { time: '2025-03-14T02:00:00.000Z' });
      await flush();
    }
    expect(client.state.status).toBe('open');
    expect(socket.closeCalls).toEqual([]);
  });

  it('declares the connection dead when a ping goes unanswered for timeoutMs, and reconnects', async () => {
    const { fake, client } = await connectedClient(EMPTY, {
      heartbeat: { intervalMs: 1_000, timeoutMs: 500 },
    });
    const pending = client.snapshot().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000 + 499);
    expect(client.state.status).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets[0]?.closeCalls).toEqual([
      { code: 4000, reason: 'no heartbeat answer in 500 ms' },
    ]);
    expect(client.state).toEqual({
      status: 'reconnecting',
      lastClose: { code: 4000, reason: 'no heartbeat answer in 500 ms', wasClean: false },
      attempt: 1,
      retryInMs: 500,
    });
    await expect(pending).resolves.toMatchObject({ code: 'DISCONNECTED' });
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.sockets).toHaveLength(2);
  });

  it('counts an error answer (busy, rate-limited) as alive', async () => {
    const { fake, client } = await connectedClient(EMPTY, {
      heartbeat: { intervalMs: 1_000, timeoutMs: 500 },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    fake.latest().fail('ping', { code: 'RATE_LIMITED', message: 'slow down', retryable: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pings(fake.latest().ops())).toBe(2);
    expect(client.state.status).toBe('open');
  });

  it('sends no ping when disabled', async () => {
    const { fake } = fakeClient({ heartbeat: { enabled: false } });
    await acceptConnection(fake.latest(), EMPTY);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(pings(fake.latest().ops())).toBe(0);
  });

  it('stops pinging a socket that closed', async () => {
    const { fake } = fakeClient({ heartbeat: { intervalMs: 1_000, timeoutMs: 500 } });
    await acceptConnection(fake.latest(), EMPTY);
    fake.latest().drop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pings(fake.sockets[0]?.ops() ?? [])).toBe(0);
  });
});
