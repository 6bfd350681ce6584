// The client under test on fake sockets (fake-socket.test-helpers.ts), with the broker's side of
// connecting and resyncing played by hand, and the fake clock every client test runs on.
import type { Codec, HelloMessage, OpResult } from '@nhicard/protocol';
import { afterEach, beforeEach, vi } from 'vitest';
import type { NhiCardClient } from './client-api.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';
import { type FakeSocket, fakeWebSocket } from './fake-socket.test-helpers.js';

/** The broker URL of the client tests. */
export const TEST_URL = 'ws://127.0.0.1:7766/v1';

/** Lets the client's promise callbacks run (fake timers). */
export const flush = (): Promise<unknown> => vi.advanceTimersByTimeAsync(0);

type FakeClient = { fake: ReturnType<typeof fakeWebSocket>; client: NhiCardClient };

/** A client on fake sockets (at `TEST_URL` unless `options.url` says otherwise), not yet answered. */
export function fakeClient(
  options: Omit<ClientOptions, 'url' | 'WebSocket'> & { url?: string } = {},
  codec?: Codec,
): FakeClient {
  const fake = fakeWebSocket(codec);
  const client = createClient({ url: TEST_URL, ...options, WebSocket: fake.WebSocket });
  return { fake, client };
}

/**
 * Opens `socket` and plays the broker's side of the client's resync: hello, the subscribe
 * answer, then the snapshot answer, letting the client's promise callbacks run after each.
 */
export async function acceptConnection(
  socket: FakeSocket,
  snapshot: OpResult['snapshot'],
  hello: Partial<HelloMessage> = {},
): Promise<void> {
  socket.open({ seq: snapshot.seq, ...hello });
  await flush();
  socket.respond('subscribe', { topics: ['*'] });
  await flush();
  socket.respond('snapshot', snapshot);
  await flush();
}

/** A client on fake sockets, opened and resynced to `snapshot` (fake timers must be on). */
export async function connectedClient(
  snapshot: OpResult['snapshot'],
  options: Omit<ClientOptions, 'url' | 'WebSocket'> = {},
): Promise<FakeClient> {
  const connected = fakeClient(options);
  await acceptConnection(connected.fake.latest(), snapshot);
  return connected;
}

/**
 * Drops the connection, lets the first retry run (375 ms with the tests' `Math.random` of 0.5)
 * and resyncs the new socket to `snapshot`.
 */
export async function reconnectWith(
  fake: ReturnType<typeof fakeWebSocket>,
  snapshot: OpResult['snapshot'],
  retryMs = 375,
): Promise<void> {
  fake.latest().drop();
  await vi.advanceTimersByTimeAsync(retryMs);
  await acceptConnection(fake.latest(), snapshot);
}

/**
 * Fake timers for every test of the file, undone after each (spies restored, stubbed globals
 * put back). `random` pins `Math.random` (0.5 with the default jitter 0.5 makes each reconnect
 * wait 75 % of its cap); `now` pins the clock.
 */
export function useFakeClock(options: { random?: number; now?: string } = {}): void {
  beforeEach(() => {
    vi.useFakeTimers();
    if (options.now !== undefined) vi.setSystemTime(new Date(options.now));
    if (options.random !== undefined) vi.spyOn(Math, 'random').mockReturnValue(options.random);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}
