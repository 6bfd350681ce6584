import { ACCESS_ERRORS } from '@nhicard/protocol';
import { describe, expect, it, vi } from 'vitest';
import { connectionUrl } from './client-options.js';
import {
  acceptConnection,
  connectedClient,
  fakeClient,
  TEST_URL,
  useFakeClock,
} from './fake-client.test-helpers.js';

useFakeClock();

describe('a page the broker turns away', () => {
  it.each(['ORIGIN_NOT_ALLOWED', 'ACCESS_PENDING', 'ACCESS_DENIED', 'UNAUTHORIZED'] as const)(
    'reports %s with the catalog texts, fails requests with it and does not retry',
    async (code) => {
      const { fake, client } = fakeClient({ autoConnect: false });
      const queued = client.listReaders();
      client.connect();
      fake.latest().drop(1008, code, true);
      expect(client.state).toEqual({
        status: 'closed',
        lastClose: { code: 1008, reason: code, wasClean: true, accessError: code },
        attempt: 0,
        retryInMs: null,
      });
      await expect(queued).rejects.toMatchObject({ code, retryable: false });
      expect(client.accessError).toMatchObject({
        code,
        message: ACCESS_ERRORS[code].message,
        hint: ACCESS_ERRORS[code].hint,
        hintZh: ACCESS_ERRORS[code].hintZh,
      });
      await vi.advanceTimersByTimeAsync(600_000);
      expect(fake.sockets).toHaveLength(1);
      // Asked again (after approval), it connects and the refusal is gone.
      client.connect();
      await acceptConnection(fake.latest(), { seq: 0, readers: [] });
      expect(client.state.status).toBe('open');
      expect(client.accessError).toBeNull();
    },
  );

  it('keeps an ordinary 1008 (a policy close after hello) apart from access refusals', async () => {
    const { fake, client } = await connectedClient({ seq: 0, readers: [] });
    fake.latest().drop(1008, 'rate limit kept exceeded', true);
    expect(client.accessError).toBeNull();
  });

  it('asks for access with ?access= beside the token', () => {
    expect(connectionUrl(TEST_URL, undefined, ['presence', 'read'])).toBe(
      `${TEST_URL}?access=presence%2Cread`,
    );
    expect(connectionUrl(TEST_URL, 'abc', [])).toBe(`${TEST_URL}?token=abc`);
    expect(connectionUrl(TEST_URL, undefined, undefined)).toBe(TEST_URL);
    const { fake } = fakeClient({ requestAccess: ['read'] });
    expect(fake.latest().url).toBe(`${TEST_URL}?access=read`);
  });
});
