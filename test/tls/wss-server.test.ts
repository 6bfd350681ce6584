// The broker's wss:// listener: a certificate from the local CA, and renewal while clients are
// connected. Every client trusts only the local CA, as a browser with it installed would.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { createSimulatorDriver } from '@nhicard/native';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type RunningServer, startServer } from '../../server/src/server.js';

const TOKEN = 'wss-test-token-0123456789abcdef';
const CLIENTS = 50;

function servedSerial(port: number, caPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      { host: '127.0.0.1', port, ca: caPem, servername: 'localhost' },
      () => {
        resolve(socket.getPeerCertificate().serialNumber.toLowerCase());
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

/** Opens a wss connection with the token, resolved once the server's hello arrived. */
async function connectClient(url: string, caPem: string): Promise<{ socket: WebSocket }> {
  const socket = new WebSocket(url, 'nhicard.v1.json', {
    ca: caPem,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const [data] = (await once(socket, 'message')) as [Buffer];
  expect(JSON.parse(String(data))).toMatchObject({ type: 'hello', protocol: 1 });
  return { socket };
}

/** Sends a request and resolves with its response. */
async function ask(client: { socket: WebSocket }, id: number): Promise<unknown> {
  const answer = new Promise<unknown>((resolve) => {
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(String(data)) as { type: string; id?: number };
      if (message.type === 'response' && message.id === id) {
        client.socket.off('message', onMessage);
        resolve(message);
      }
    };
    client.socket.on('message', onMessage);
  });
  client.socket.send(JSON.stringify({ type: 'request', id, op: 'readers.list', params: {} }));
  return answer;
}

describe('wss:// with the local CA', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nhicard-wss-'));
    server = await startServer({
      port: 0,
      driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
      access: { tokens: { [TOKEN]: ['presence'] } },
      demoPage: false,
      tls: { port: 0, dir },
    });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves wss:// and https:// for localhost, trusted through the CA alone', async () => {
    const secure = server.secure;
    expect(secure?.url).toBe(`wss://localhost:${secure?.port}/v1`);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${secure?.httpUrl}healthz`, { ca: secure?.caCertPem }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
    const client = await connectClient(secure?.url ?? '', secure?.caCertPem ?? '');
    expect(await ask(client, 1)).toMatchObject({ type: 'response', id: 1, ok: true });
    client.socket.close();
  });

  it(`renews the certificate while ${CLIENTS} clients stay connected, and serves the new one`, async () => {
    const secure = server.secure;
    if (secure === null) throw new Error('no wss listener');
    const before = secure.certificate().serialHex;
    expect(await servedSerial(secure.port, secure.caCertPem)).toBe(before);
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => connectClient(secure.url, secure.caCertPem)),
    );
    const closes: number[] = [];
    for (const client of clients) client.socket.on('close', (code) => closes.push(code));

    const renewed = await secure.renewCertificate();
    expect(renewed.serialHex).not.toBe(before);
    expect(secure.certificate().serialHex).toBe(renewed.serialHex);
    expect(await servedSerial(secure.port, secure.caCertPem)).toBe(renewed.serialHex);

    // Every client is still there and still answered.
    const answers = await Promise.all(clients.map((client, index) => ask(client, 100 + index)));
    expect(answers.every((answer) => (answer as { ok: boolean }).ok)).toBe(true);
    expect(clients.map((client) => client.socket.readyState)).toStrictEqual(
      Array(CLIENTS).fill(WebSocket.OPEN),
    );
    expect(closes).toStrictEqual([]);
    await Promise.all(
      clients.map(async (client) => {
        client.socket.close();
        await once(client.socket, 'close');
      }),
    );
  });
});
