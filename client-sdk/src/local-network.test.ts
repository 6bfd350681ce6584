import { describe, expect, it, vi } from 'vitest';
import { acceptConnection, fakeClient, flush, useFakeClock } from './fake-client.test-helpers.js';
import { localNetworkPermission, pageOnLoopback } from './local-network.js';

const URL = 'wss://localhost:7768/v1';

/** A browser whose Local Network Access permission is `state`, on a page at `hostname`. */
function browserPage(hostname: string, initial: string, names = ['loopback-network']) {
  const status = new EventTarget() as EventTarget & { state: string };
  status.state = initial;
  const queried: string[] = [];
  vi.stubGlobal('location', { hostname });
  vi.stubGlobal('navigator', {
    permissions: {
      query: async ({ name }: { name: string }) => {
        queried.push(name);
        if (!names.includes(name)) throw new TypeError(`unknown permission ${name}`);
        return status;
      },
    },
  });
  return {
    queried,
    set(state: string) {
      status.state = state;
      status.dispatchEvent(new Event('change'));
    },
  };
}

/** A client on a page whose permission is `state`: its first socket opens and drops as a blocked one does. */
async function firstSocketDropped(state: 'denied' | 'granted') {
  browserPage('his.clinic.test', state);
  const { fake, client } = fakeClient({ url: URL });
  await flush();
  expect(fake.sockets).toHaveLength(1);
  fake.latest().drop(1006, '', false);
  await flush();
  return { fake, client };
}

useFakeClock();

describe('the Local Network Access permission', () => {
  it('reads the newer name, then the older one, else reports unsupported', async () => {
    browserPage('his.clinic.test', 'denied', ['local-network-access']);
    expect(await localNetworkPermission()).toBe('denied');
    const newer = browserPage('his.clinic.test', 'granted');
    expect(await localNetworkPermission()).toBe('granted');
    expect(newer.queried).toEqual(['loopback-network']);
    const neither = browserPage('his.clinic.test', 'granted', []);
    expect(await localNetworkPermission()).toBe('unsupported');
    expect(neither.queried).toEqual(['loopback-network', 'local-network-access']);
    vi.unstubAllGlobals();
    expect(await localNetworkPermission()).toBe('unsupported');
  });

  it('needs none on a loopback page', async () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      browserPage(host, 'prompt');
      expect([host, pageOnLoopback(), await localNetworkPermission()]).toEqual([
        host,
        true,
        'unsupported',
      ]);
    }
    browserPage('127.0.0.1.example', 'prompt');
    expect(pageOnLoopback()).toBe(false);
  });

  it('while `prompt`, holds the connection (and queued requests) until requestAccess()', async () => {
    browserPage('his.clinic.test', 'prompt');
    const { fake, client } = fakeClient({ url: URL });
    const queued = client.listReaders({ timeoutMs: 120_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(0);
    expect(client.waitingForPermission).toBe(true);
    expect(client.state.status).toBe('idle');
    const opened = client.requestAccess();
    expect(fake.sockets).toHaveLength(1);
    await acceptConnection(fake.latest(), { seq: 0, readers: [] });
    expect((await opened).type).toBe('hello');
    expect(client.waitingForPermission).toBe(false);
    expect(fake.latest().ops()).toContain('readers.list');
    fake.latest().respond('readers.list', { readers: [] });
    expect(await queued).toEqual([]);
  });

  it('connects by itself once the permission is granted (site settings, policy)', async () => {
    const page = browserPage('his.clinic.test', 'prompt');
    const { fake } = fakeClient({ url: URL });
    await flush();
    expect(fake.sockets).toHaveLength(0);
    page.set('granted');
    expect(fake.sockets).toHaveLength(1);
  });

  it('reports LOCAL_NETWORK_DENIED when the browser blocked the socket, and stops', async () => {
    const { fake, client } = await firstSocketDropped('denied');
    expect(client.state).toMatchObject({
      status: 'closed',
      lastClose: { code: 1006, accessError: 'LOCAL_NETWORK_DENIED' },
    });
    expect(client.accessError).toMatchObject({
      code: 'LOCAL_NETWORK_DENIED',
      retryable: false,
      messageZh: '瀏覽器封鎖此網頁連線本機讀卡服務（區域網路存取權限遭拒）',
    });
    expect(client.accessError?.hint).toContain('LocalNetworkAccessAllowedForUrls');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fake.sockets).toHaveLength(1);
    // Asked again (a click), it tries once more, and says the same while still denied.
    const asked = client.requestAccess();
    expect(fake.sockets).toHaveLength(2);
    fake.latest().drop(1006, '', false);
    await expect(asked).rejects.toMatchObject({ code: 'LOCAL_NETWORK_DENIED' });
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fake.sockets).toHaveLength(2);
  });

  it('retries a dropped socket as before while the permission is granted', async () => {
    const { fake, client } = await firstSocketDropped('granted');
    expect(client.state.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.sockets).toHaveLength(2);
  });
});
