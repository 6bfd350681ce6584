import { afterEach, describe, expect, it } from 'vitest';
import { SERVER_VERSION } from './card-data.test-helpers.js';
import { TestClient } from './test-client.js';
import { startTestServer, type TestServer, TOKENS } from './test-server.js';

describe('HTTP on the WebSocket port', () => {
  let test: TestServer;

  afterEach(async () => {
    await test.close();
  });

  it('serves the demo page at / with a strict CSP and the demo cards', async () => {
    test = await startTestServer();
    const response = await fetch(test.server.httpUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<title>nhicard 讀卡服務 · broker</title>');
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`nhicard ${SERVER_VERSION}`);
    const config = /<script id="nhicard-config" type="application\/json">(.*?)<\/script>/s.exec(
      html,
    );
    const parsed = JSON.parse(config?.[1] ?? 'null') as {
      path: string;
      simulator: { cards: { name: string; kind: string }[] };
    };
    expect(parsed.path).toBe('/v1');
    expect(parsed.simulator.cards.map((card) => card.name)).toStrictEqual([
      'adult',
      'hkscs-name',
      'english-name',
      'cancelled',
      'expired-critical-illness',
      'pin-set',
      'not-nhi',
    ]);
  });

  it('answers /healthz with driver, readers, uptime and connections', async () => {
    test = await startTestServer();
    const client = await TestClient.connect(test.server.url, { token: TOKENS.admin });
    await client.request('subscribe', { topics: ['card.inserted'] });
    await client.request('sim.insert', { card: 'adult' });
    await client.waitForEvent('card.inserted');
    const response = await fetch(`${test.server.httpUrl}healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const health = (await response.json()) as Record<string, unknown>;
    expect(health).toStrictEqual({
      status: 'ok',
      reasons: [],
      server: { name: 'nhicard', version: SERVER_VERSION },
      driver: 'simulator',
      readers: [
        { id: 'sim-0', name: 'Simulated reader 0', presence: 'ready', since: expect.any(String) },
      ],
      uptimeSeconds: expect.any(Number),
      connections: 1,
      seq: expect.any(Number),
    });
  });

  it('answers /metrics in the Prometheus format with reads, events, requests and connections', async () => {
    test = await startTestServer();
    const client = await TestClient.connect(test.server.url, { token: TOKENS.admin });
    await client.request('subscribe', { topics: ['card.read'] });
    await client.request('sim.insert', { card: 'adult' });
    await client.waitForRead();
    await client.request('card.read', { sections: ['basic'] });
    await client.request('card.read', { sections: ['allergies'], reader: 'sim-7' });
    const response = await fetch(`${test.server.httpUrl}metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    const lines = text.split('\n');
    for (const line of [
      'nhicard_connections{subprotocol="nhicard.v1.json"} 1',
      'nhicard_connections_total{subprotocol="nhicard.v1.json"} 1',
      'nhicard_events_total{topic="card.read"} 2',
      'nhicard_events_total{topic="card.reading"} 2',
      'nhicard_card_reads_total{section="basic",outcome="ok"} 1',
      'nhicard_card_reads_total{section="insurance",outcome="ok"} 1',
      'nhicard_card_read_duration_seconds_count{section="basic"} 1',
      'nhicard_requests_total{op="card.read",outcome="ok"} 1',
      'nhicard_requests_total{op="card.read",outcome="NO_READER"} 1',
      'nhicard_errors_total{code="NO_READER"} 1',
      'nhicard_readers{presence="ready"} 1',
      'nhicard_readers{presence="no-card"} 0',
    ]) {
      expect(lines).toContain(line);
    }
    expect(text).not.toContain('林');
  });

  it('answers 404 elsewhere, 405 for other methods, and 404 at / without the demo page', async () => {
    test = await startTestServer({ demoPage: false });
    expect((await fetch(`${test.server.httpUrl}nope`)).status).toBe(404);
    const post = await fetch(`${test.server.httpUrl}healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(test.server.httpUrl)).status).toBe(404);
  });
});
