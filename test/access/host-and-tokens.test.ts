// DNS rebinding, token guessing, the access endpoint and the start-up warnings, against a real
// broker on the simulator.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalOf, TestClient } from '../server/test-client.js';
import { HIS_ORIGIN, startTestServer, type TestServer, TOKENS } from '../server/test-server.js';
import { captureLog } from '../support/captured-log.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request with the headers given (fetch would not let a test set Host). */
function raw(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const UPGRADE = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Protocol': 'nhicard.v1.json',
};

/** An upgrade request; resolves with the HTTP refusal, or 101 when it was accepted. */
function upgrade(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/v1',
      headers: { ...UPGRADE, ...headers },
    });
    outgoing.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve(101);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the Host check (DNS rebinding)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ examples: true });
  });
  afterAll(async () => {
    await test.close();
  });

  it('refuses Host: evil.example with 421 on every route of both ports, before any route runs', async () => {
    const { port, presencePort } = test.server;
    const routes = ['/', '/healthz', '/metrics', '/v1/access', '/examples/', '/sdk/x', '/nowhere'];
    for (const [to, path] of [
      ...routes.map((route) => [port, route] as const),
      [presencePort ?? 0, '/examples/kiosk/'] as const,
      [presencePort ?? 0, '/'] as const,
    ]) {
      for (const host of ['evil.example', `evil.example:${to}`, `127.0.0.1.evil.example:${to}`]) {
        const answer = await raw(to, path, { Host: host });
        expect([host, path, answer.status, answer.body]).toEqual([
          host,
          path,
          421,
          'This broker answers only to the loopback names it serves (127.0.0.1, localhost, [::1]).\n',
        ]);
      }
    }
    // A loopback name on a port the broker does not serve is foreign too.
    expect((await raw(port, '/healthz', { Host: '127.0.0.1:1' })).status).toBe(421);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `LOCALHOST:${port}`,
    ]) {
      expect([host, (await raw(port, '/healthz', { Host: host })).status]).toEqual([host, 200]);
    }
  });

  it('refuses the upgrade with 421 too, whatever the Origin or token', async () => {
    const { port } = test.server;
    expect(await upgrade(port, { Host: 'evil.example' })).toBe(421);
    expect(
      await upgrade(port, { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` }),
    ).toBe(421);
    expect(
      await upgrade(port, { Host: 'evil.example', Authorization: `Bearer ${TOKENS.admin}` }),
    ).toBe(421);
    expect(await upgrade(port, { Host: `127.0.0.1:${port}` })).toBe(101);
  });
});

describe('wrong tokens', () => {
  it('are throttled per client address, counted in the log and never quoted', async () => {
    const { logger, lines } = captureLog('info');
    // Ten at once, then one an hour: no machine is slow enough for a refill within the test.
    const test = await startTestServer({
      logger,
      access: { failedTokens: { burst: 10, perSecond: 1 / 3600 } },
    });
    try {
      const guesses = ['guess-0', 'guess-1', 'guess-2', 'guess-3', 'guess-4'];
      const statuses: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        for (const guess of guesses)
          statuses.push((await refusalOf(test.server.url, { token: guess })).status);
      }
      // Ten wrong tokens are answered; after that the address waits.
      expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
      // While throttled even the right token is not checked, so a guess cannot be confirmed.
      expect((await refusalOf(test.server.url, { token: TOKENS.admin })).status).toBe(429);
      const counts = lines
        .map((line) => JSON.parse(line) as { msg: string; failedTokens?: number })
        .filter((record) => record.msg === 'token refused')
        .map((record) => record.failedTokens);
      expect(counts.slice(0, 3)).toEqual([1, 2, 3]);
      for (const guess of guesses) expect(lines.join('')).not.toContain(guess);
    } finally {
      await test.close();
    }
  });
});

describe('GET /v1/access', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => {
    await test.close();
  });

  it('tells an allowed origin its scopes, with CORS for that origin only', async () => {
    const answer = await raw(test.server.port, '/v1/access', {
      Host: `127.0.0.1:${test.server.port}`,
      Origin: HIS_ORIGIN,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      origin: HIS_ORIGIN,
      allowed: true,
      scopes: ['presence', 'read'],
    });
    expect(answer.headers['access-control-allow-origin']).toBe(HIS_ORIGIN);
    expect(answer.headers.vary).toBe('Origin');
  });

  it('says why not, readable by tools but with no CORS for the refused page', async () => {
    for (const origin of ['https://evil.example.test', 'null']) {
      const answer = await raw(test.server.port, '/v1/access', {
        Host: `127.0.0.1:${test.server.port}`,
        Origin: origin,
      });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({
        origin,
        allowed: false,
        code: 'ORIGIN_NOT_ALLOWED',
      });
      expect(JSON.parse(answer.body).hintZh).toContain('nhicard access approve');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('connection slots', () => {
  it('cannot be taken from the kiosk by opening origin-null connections', async () => {
    const test = await startTestServer({ examples: true, limits: { maxConnectionsPerOrigin: 4 } });
    try {
      // Each is refused before hello and holds no slot.
      for (let index = 0; index < 10; index += 1) {
        const flood = await TestClient.connect(test.server.url, { origin: 'null' });
        expect(await flood.closed).toEqual({ code: 1008, reason: 'ORIGIN_NOT_ALLOWED' });
      }
      const kiosk = await TestClient.connect(test.server.url, {
        origin: `http://127.0.0.1:${test.server.presencePort}`,
      });
      expect((await kiosk.hello()).scopes).toEqual(['presence']);
      await kiosk.close();
    } finally {
      await test.close();
    }
  });
});

describe('start-up warnings', () => {
  it('name opaque and plain-http remote origins, and nothing for https or loopback ones', async () => {
    const { logger, lines } = captureLog('warn');
    const test = await startTestServer({
      logger,
      access: {
        origins: {
          null: ['presence'],
          'http://his.example.clinic': ['read'],
          'https://his.example.clinic': ['read'],
          'http://localhost:3000': ['read'],
        },
      },
    });
    await test.close();
    const warnings = lines
      .map((line) => JSON.parse(line) as { msg: string; warning?: string })
      .filter((record) => record.msg === 'access warning')
      .map((record) => record.warning);
    expect(warnings).toEqual([
      'origin "null" is opaque: any website can send it from a sandboxed or data: frame, and gets its scopes',
      'origin http://his.example.clinic is plain http off this computer: anyone on the network path can change that page; use https',
    ]);
  });

  it('lets a named null in, as configured, after warning', async () => {
    const test = await startTestServer({ access: { origins: { null: ['presence'] } } });
    try {
      const client = await TestClient.connect(test.server.url, { origin: 'null' });
      expect((await client.hello()).scopes).toEqual(['presence']);
      await client.close();
    } finally {
      await test.close();
    }
  });
});
