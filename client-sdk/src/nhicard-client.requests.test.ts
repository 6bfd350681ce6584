import { msgpackCodec } from '@nhicard/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { NhiCardClient } from './client-api.js';
import { createClient } from './create-client.js';
import {
  acceptConnection,
  connectedClient,
  fakeClient,
  flush,
  TEST_URL,
  useFakeClock,
} from './fake-client.test-helpers.js';
import { READER_A, readerStatus } from './fake-socket.test-helpers.js';
import { NhiCardError } from './nhicard-error.js';

const EMPTY_SNAPSHOT = { seq: 0, readers: [readerStatus(READER_A, 'no-card')] };

/** Settles `promise` into a value the test can inspect without an unhandled rejection. */
function outcome<T>(promise: Promise<T>): { current: { value?: T; error?: unknown } | null } {
  const box: { current: { value?: T; error?: unknown } | null } = { current: null };
  promise.then(
    (value) => {
      box.current = { value };
    },
    (error: unknown) => {
      box.current = { error };
    },
  );
  return box;
}

function errorOf(box: { current: { error?: unknown } | null }): NhiCardError {
  const error = box.current?.error;
  if (!(error instanceof NhiCardError))
    throw new Error(`expected an NhiCardError, got ${String(error)}`);
  return error;
}

useFakeClock();

describe('requests', () => {
  it('offers the codec subprotocol and sends the token as ?token=', () => {
    const { fake } = fakeClient({ token: 'pres ence&1' });
    expect(fake.latest().url).toBe('ws://127.0.0.1:7766/v1?token=pres+ence%261');
    expect(fake.latest().protocols).toEqual(['nhicard.v1.json']);
    expect(fake.latest().binaryType).toBe('arraybuffer');
  });

  it('queues a request made while connecting and sends it once the broker said hello', async () => {
    const { fake, client } = fakeClient();
    const listed = outcome(client.listReaders());
    await flush();
    expect(fake.latest().frames).toEqual([]);
    await acceptConnection(fake.latest(), EMPTY_SNAPSHOT);
    expect(fake.latest().ops()).toEqual(['subscribe', 'readers.list', 'snapshot']);
    fake.latest().respond('readers.list', { readers: [READER_A] });
    await flush();
    expect(listed.current).toEqual({ value: [READER_A] });
  });

  it('rejects with TIMEOUT when the connection does not come within the timeout', async () => {
    const { fake, client } = fakeClient({ connectTimeoutMs: 60_000 });
    const status = outcome(client.status({}, { timeoutMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(999);
    expect(status.current).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    const error = errorOf(status);
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'The card.status request timed out after 1000 ms (no connection to the broker).',
    );
    fake.latest().open();
    await flush();
    // The timed-out request was never sent.
    expect(fake.latest().ops()).toEqual(['subscribe']);
  });

  it('rejects with TIMEOUT when the broker does not answer, and ignores the late answer', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const read = outcome(client.readCard({ sections: ['basic'] }, { timeoutMs: 500 }));
    await vi.advanceTimersByTimeAsync(500);
    expect(errorOf(read).code).toBe('TIMEOUT');
    expect(errorOf(read).message).toBe(
      'The card.read request timed out after 500 ms (no answer from the broker).',
    );
    fake.latest().respond('card.read', { reader: 'sim-0', sections: {} });
    await flush();
    expect(errorOf(read).code).toBe('TIMEOUT');
    expect(client.state.status).toBe('open');
  });

  it("waits as long as the broker's deadline for the request, from hello.deadlines, plus grace", async () => {
    const { fake, client } = fakeClient({ heartbeat: { enabled: false }, timeoutGraceMs: 1000 });
    const deadlines = {
      statusMs: 3000,
      settleMs: 2000,
      readMs: 4000,
      pinEntryMs: 50_000,
      requestMs: 700,
    };
    await acceptConnection(fake.latest(), EMPTY_SNAPSHOT, { deadlines });
    // insurance needs the PIN: 2000 + 4000 + 50 000 ms at the broker, then 1000 ms of grace.
    const read = outcome(client.readCard({ sections: ['insurance'] }));
    const ping = outcome(client.request('ping', {}));
    await vi.advanceTimersByTimeAsync(1700);
    expect(errorOf(ping).message).toBe(
      'The ping request timed out after 1700 ms (no answer from the broker).',
    );
    await vi.advanceTimersByTimeAsync(45_000);
    expect(read.current).toBeNull();
    await vi.advanceTimersByTimeAsync(56_999 - 46_700);
    expect(read.current).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(errorOf(read).message).toBe(
      'The card.read request timed out after 57000 ms (no answer from the broker).',
    );
  });

  it('rejects with ABORTED when the signal aborts, and ignores the late answer', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const controller = new AbortController();
    const read = outcome(client.readCard({ sections: ['basic'] }, { signal: controller.signal }));
    controller.abort(new Error('user left the page'));
    await flush();
    const error = errorOf(read);
    expect(error.code).toBe('ABORTED');
    expect(error.retryable).toBe(false);
    expect((error.cause as Error).message).toBe('user left the page');
    fake.latest().respond('card.read', { reader: 'sim-0', sections: {} });
    await flush();
    expect(errorOf(read).code).toBe('ABORTED');
  });

  it('rejects at once for a signal that is already aborted, and sends nothing', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const read = outcome(client.snapshot({ signal: AbortSignal.abort() }));
    await flush();
    expect(errorOf(read).code).toBe('ABORTED');
    expect(fake.latest().ops()).toEqual(['subscribe', 'snapshot']);
  });

  it('rejects sent requests with DISCONNECTED on disconnect, never re-sends them, and keeps queued ones', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fake, client } = fakeClient();
    await acceptConnection(fake.latest(), EMPTY_SNAPSHOT);
    const inserted = outcome(client.request('sim.insert', { card: 'demo-adult' }));
    await flush();
    fake.latest().drop(1001, 'server shutting down', true);
    await flush();
    const error = errorOf(inserted);
    expect(error.code).toBe('DISCONNECTED');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'The connection closed (1001 server shutting down) before the answer came; the request was not re-sent.',
    );
    const listed = outcome(client.listReaders());
    await vi.advanceTimersByTimeAsync(500);
    await acceptConnection(fake.latest(), EMPTY_SNAPSHOT);
    expect(fake.sockets).toHaveLength(2);
    expect(fake.latest().ops()).toEqual(['subscribe', 'readers.list', 'snapshot']);
    fake.latest().respond('readers.list', { readers: [] });
    await flush();
    expect(listed.current).toEqual({ value: [] });
  });

  it('rejects with the broker error, native detail included', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const read = outcome(client.readCard({ sections: ['basic'] }));
    await flush();
    const native = { source: 'cshis', code: 4000, message: '讀卡機 timeout' } as const;
    fake.latest().fail('card.read', {
      code: 'CARD_ERROR',
      message: '讀卡機 timeout',
      retryable: false,
      native,
      hint: 'Check the reader cable.',
    });
    await flush();
    const error = errorOf(read);
    expect(error).toBeInstanceOf(NhiCardError);
    expect(error).toBeInstanceOf(Error);
    expect({
      name: error.name,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      native: error.native,
      hint: error.hint,
    }).toEqual({
      name: 'NhiCardError',
      code: 'CARD_ERROR',
      message: '讀卡機 timeout',
      retryable: false,
      native,
      hint: 'Check the reader cable.',
    });
  });

  it('rejects with INTERNAL when the result does not fit the op', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const listed = outcome(client.listReaders());
    await flush();
    fake.latest().receive({
      type: 'response',
      id: fake.latest().last('readers.list').id,
      ok: true,
      result: { readers: 'none' },
    });
    await flush();
    expect(errorOf(listed).code).toBe('INTERNAL');
    expect(errorOf(listed).message).toMatch(/^Malformed readers\.list result: result\.readers /);
  });

  it('uses increasing ids and answers each request by its own id', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const first = outcome(client.request('ping'));
    const second = outcome(client.request('ping'));
    await flush();
    const [a, b] = fake
      .latest()
      .requests()
      .filter((request) => request.op === 'ping');
    expect(b?.id).toBe((a?.id ?? 0) + 1);
    fake.latest().receive({
      type: 'response',
      id: b?.id ?? -1,
      ok: true,
      result: { time: '2025-03-14T02:00:00.000Z' },
    });
    await flush();
    expect(first.current).toBeNull();
    expect(second.current).toEqual({ value: { time: '2025-03-14T02:00:00.000Z' } });
  });

  it('speaks MessagePack in binary frames when asked, loading the codec on demand', async () => {
    const { fake, client } = fakeClient({ codec: 'msgpack' }, msgpackCodec);
    await vi.dynamicImportSettled();
    await flush();
    expect(fake.latest().protocols).toEqual(['nhicard.v1.msgpack']);
    await acceptConnection(fake.latest(), EMPTY_SNAPSHOT);
    const status = outcome(client.status({ reader: 'sim-0' }));
    await flush();
    expect(fake.latest().frames.every((frame) => frame instanceof Uint8Array)).toBe(true);
    fake.latest().respond('card.status', readerStatus(READER_A, 'ready', undefined, '王○明'));
    await flush();
    expect(status.current).toEqual({ value: readerStatus(READER_A, 'ready', undefined, '王○明') });
  });

  it('rejects with DISCONNECTED after close(), and close() fails what is pending', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const pending = outcome(client.snapshot());
    const closing = client.close('page unload');
    (fake.latest().onclose as ((event: unknown) => void) | null)?.({});
    await closing;
    expect(errorOf(pending).code).toBe('DISCONNECTED');
    expect(fake.latest().closeCalls).toEqual([{ code: 1000, reason: 'page unload' }]);
    await expect(client.listReaders()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(client.state).toEqual({
      status: 'closed',
      lastClose: { code: 1000, reason: 'page unload', wasClean: true },
      attempt: 0,
      retryInMs: null,
    });
  });
});

// Compile-time checks (run by `pnpm typecheck`, never called): params are typed by op.
export function requestTypeChecks(client: NhiCardClient): void {
  void client.request('ping');
  void client.request('card.status');
  void client.request('card.read', { sections: ['basic'], fresh: true });
  // @ts-expect-error card.read needs its sections
  void client.request('card.read');
  // @ts-expect-error not a section id
  void client.readCard({ sections: ['everything'] });
  // @ts-expect-error not an op
  void client.request('card.write', {});
}

describe('close', () => {
  it('closes without a reason when the reason is too long for a close frame', async () => {
    const { fake, client } = await connectedClient(EMPTY_SNAPSHOT);
    const reason = '病人已離開掛號櫃台'.repeat(10);
    const closing = client.close(reason);
    fake.latest().drop(1000, '', true);
    await closing;
    expect(fake.latest().closeCalls).toEqual([{ code: 1000, reason: undefined }]);
    expect(client.state.lastClose).toEqual({ code: 1000, reason, wasClean: true });
  });
});

describe('createClient', () => {
  it('refuses a URL that is not ws: or wss:', () => {
    expect(() => fakeClient({ url: 'http://127.0.0.1:7766/v1' })).toThrow(
      new TypeError('The broker URL must start with ws: or wss: (got http:).'),
    );
  });

  it('needs a WebSocket implementation where there is no global one', () => {
    vi.stubGlobal('WebSocket', undefined);
    expect(() => createClient({ url: TEST_URL })).toThrow(NhiCardError);
    expect(() => createClient({ url: TEST_URL })).toThrow(/pass options\.WebSocket/);
  });

  it('stays idle with autoConnect: false until the first request', async () => {
    const { fake, client } = fakeClient({ autoConnect: false });
    expect(client.state.status).toBe('idle');
    expect(fake.sockets).toHaveLength(0);
    void client.listReaders().catch(() => {});
    expect(client.state.status).toBe('connecting');
    expect(fake.sockets).toHaveLength(1);
  });
});
