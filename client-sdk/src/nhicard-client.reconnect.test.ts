import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  acceptConnection,
  connectedClient,
  fakeClient,
  useFakeClock,
} from './fake-client.test-helpers.js';

// The reconnect probe's HTTP request: the broker is down unless a test says otherwise.
const probeFetch = vi.fn(async (_url: string, _init?: RequestInit): Promise<Response> => {
  throw new TypeError('fetch failed');
});

useFakeClock({ random: 0.5 });
beforeEach(() => {
  probeFetch.mockClear();
  vi.stubGlobal('fetch', probeFetch);
});

describe('reconnect', () => {
  it('retries with exponential backoff, capped, and starts over after a connection', async () => {
    const { fake, client } = fakeClient();
    const expectedWaits = [375, 750, 1500, 3000, 6000, 12000, 22500, 22500];
    for (const [index, waitMs] of expectedWaits.entries()) {
      fake.latest().drop();
      expect(client.state).toEqual({
        status: 'reconnecting',
        lastClose: { code: 1006, reason: '', wasClean: false },
        attempt: index + 1,
        retryInMs: waitMs,
      });
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      expect(fake.sockets).toHaveLength(index + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.sockets).toHaveLength(index + 2);
    }
    await acceptConnection(fake.latest(), { seq: 0, readers: [] });
    expect(client.state.status).toBe('open');
    fake.latest().drop(1001, 'restarting', true);
    expect(client.state.retryInMs).toBe(375);
  });

  it.each([1002, 1003, 1007, 1008, 1009])(
    'stops for good on close code %i (retrying cannot fix it), failing queued requests',
    async (code) => {
      const { fake, client } = await connectedClient({ seq: 0, readers: [] });
      fake.latest().drop(code, 'token revoked', true);
      expect(client.state).toEqual({
        status: 'closed',
        lastClose: { code, reason: 'token revoked', wasClean: true },
        attempt: 0,
        retryInMs: null,
      });
      await vi.advanceTimersByTimeAsync(600_000);
      expect(fake.sockets).toHaveLength(1);
      await expect(client.listReaders()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    },
  );

  it.each([1001, 1006, 1011, 1013])('reconnects after close code %i', async (code) => {
    const { fake, client } = await connectedClient({ seq: 0, readers: [] });
    fake.latest().drop(code);
    expect(client.state.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(375);
    expect(fake.sockets).toHaveLength(2);
  });

  it('gives up after maxAttempts retries in a row, and connect() starts again', async () => {
    const { fake, client } = fakeClient({ reconnect: { maxAttempts: 2 } });
    const waiting = client.snapshot({ timeoutMs: 600_000 }).catch((error: unknown) => error);
    fake.latest().drop();
    await vi.advanceTimersByTimeAsync(375);
    fake.latest().drop();
    await vi.advanceTimersByTimeAsync(750);
    fake.latest().drop();
    expect(client.state.status).toBe('closed');
    await expect(waiting).resolves.toMatchObject({ code: 'DISCONNECTED' });
    client.connect();
    expect(client.state).toMatchObject({ status: 'connecting', attempt: 0 });
    expect(fake.sockets).toHaveLength(4);
  });

  it('retries at once when connect() is called while waiting', async () => {
    const { fake, client } = fakeClient();
    fake.latest().drop();
    expect(fake.sockets).toHaveLength(1);
    client.connect();
    expect(fake.sockets).toHaveLength(2);
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: null });
  });

  it('abandons an attempt that gets no hello within connectTimeoutMs', async () => {
    const { fake, client } = fakeClient({ connectTimeoutMs: 3_000 });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(fake.sockets[0]?.closeCalls).toEqual([{ code: 4001, reason: 'no hello in 3000 ms' }]);
    expect(client.state.lastClose).toEqual({
      code: 4001,
      reason: 'no hello in 3000 ms',
      wasClean: false,
    });
    expect(client.state.status).toBe('reconnecting');
  });

  it('drops a connection whose frames cannot be decoded, and reconnects', async () => {
    const { fake, client } = await connectedClient({ seq: 0, readers: [] });
    fake.latest().receiveRaw('{"type":"event",');
    expect(fake.sockets[0]?.closeCalls).toEqual([{ code: 4002, reason: 'not valid JSON' }]);
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 1 });
  });

  it('stays closed after a drop when reconnect is disabled', async () => {
    const { fake, client } = await connectedClient(
      { seq: 0, readers: [] },
      {
        reconnect: { enabled: false },
      },
    );
    fake.latest().drop(1001, 'bye', true);
    expect(client.state.status).toBe('closed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(1);
  });

  it('retries as soon as a probe finds the broker back, once per outage, then backs off', async () => {
    const { fake, client } = await connectedClient({ seq: 0, readers: [] });
    // Down for a while: the backoff grows to 6 s while every probe (each second) fails.
    for (const waitMs of [375, 750, 1500, 3000]) {
      fake.latest().drop();
      await vi.advanceTimersByTimeAsync(waitMs);
    }
    fake.latest().drop();
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 5, retryInMs: 6000 });
    expect(probeFetch).toHaveBeenLastCalledWith('http://127.0.0.1:7766/healthz', {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
    });
    const socketsBefore = fake.sockets.length;
    // The broker is back: the next probe answers and the client retries at once, 5 s early.
    probeFetch.mockResolvedValue(new Response(null, { status: 200 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.sockets).toHaveLength(socketsBefore + 1);
    // That retry fails (the broker answers HTTP but not this page): no more early retries.
    fake.latest().drop();
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 6, retryInMs: 12000 });
    await vi.advanceTimersByTimeAsync(11_999);
    expect(fake.sockets).toHaveLength(socketsBefore + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets).toHaveLength(socketsBefore + 2);
    // A successful connection makes the probe available for the next outage again.
    await acceptConnection(fake.latest(), { seq: 0, readers: [] });
    for (const waitMs of [375, 750]) {
      fake.latest().drop();
      await vi.advanceTimersByTimeAsync(waitMs);
    }
    fake.latest().drop();
    expect(client.state).toMatchObject({ attempt: 3, retryInMs: 1500 });
    const before = fake.sockets.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.sockets).toHaveLength(before + 1);
  });
});
