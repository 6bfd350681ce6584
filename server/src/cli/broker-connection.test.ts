// The CLI's connection through the client SDK: the token as a header and never on the URL, and
// every way a connection can fail before the broker's hello turned into advice.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createSimulatorDriver } from '@nhicard/native';
import { jsonCodec } from '@nhicard/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.js';
import { BrokerConnectionError, connectToBroker } from './broker-connection.js';

const ADMIN_TOKEN = randomBytes(32).toString('hex');
const READ_TOKEN = randomBytes(32).toString('hex');

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function broker(): Promise<RunningServer> {
  const driver = createSimulatorDriver({ readLatencyMs: 0, samAuthDelayMs: 0 });
  const server = await startServer({
    driver,
    port: 0,
    access: { tokens: { [ADMIN_TOKEN]: ['admin'], [READ_TOKEN]: ['read'] } },
  });
  closers.push(() => server.close('test finished'));
  return server;
}

/** Listens on a free loopback port; resolves with the `ws://` URL of its `/v1`. */
async function listening(server: Server | TcpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `ws://127.0.0.1:${address.port}/v1`;
}

/** An HTTP server that answers every upgrade with `status` and `body`, keeping the requests. */
async function refusingServer(
  status: number,
  body: string,
): Promise<{ url: string; upgrades: IncomingMessage[] }> {
  const upgrades: IncomingMessage[] = [];
  const server = createServer();
  server.on('upgrade', (request, socket) => {
    upgrades.push(request);
    socket.end(
      `HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  return { url: await listening(server), upgrades };
}

/** What connecting with `options` fails with. */
async function failure(options: Parameters<typeof connectToBroker>[0]): Promise<unknown> {
  try {
    const { client } = await connectToBroker(options);
    await client.close();
  } catch (error) {
    return error;
  }
  throw new Error('connected, but a failure was expected');
}

describe('connectToBroker', () => {
  it('connects through the SDK, as the same user without a token and with the token’s scopes', async () => {
    const server = await broker();
    const sameUser = await connectToBroker({ url: server.url });
    closers.push(() => sameUser.client.close());
    expect(sameUser.hello.driver).toBe('simulator');
    expect(sameUser.hello.scopes).toContain('admin');
    expect(await sameUser.client.request('sim.insert', { card: 'adult' })).toEqual({
      reader: 'sim-0',
      card: 'adult',
    });

    const reader = await connectToBroker({ url: server.url, token: READ_TOKEN });
    closers.push(() => reader.client.close());
    expect(reader.hello.scopes).toEqual(['presence', 'read']);
  });

  it('sends the token as a Bearer header and never on the URL', async () => {
    const { url, upgrades } = await refusingServer(
      404,
      'Not found: the WebSocket endpoint is /v1.\n',
    );
    const error = await failure({ url: url.replace('/v1', '/v2'), token: ADMIN_TOKEN });
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]?.url).toBe('/v2');
    expect(upgrades[0]?.headers.authorization).toBe(`Bearer ${ADMIN_TOKEN}`);
    expect(upgrades[0]?.headers['sec-websocket-protocol']).toBe(jsonCodec.subprotocol);
    expect(upgrades[0]?.headers.origin).toBeUndefined();
    expect(error).toBeInstanceOf(BrokerConnectionError);
    expect((error as Error).message).toBe(
      `The broker at ${url.replace('/v1', '/v2')} refused the connection (HTTP 404: Not found: ` +
        'the WebSocket endpoint is /v1.)\nIs this an nhicard broker? Its WebSocket path is /v1.',
    );
  });

  it('turns a token the broker does not know (401) into token advice', async () => {
    const server = await broker();
    const error = await failure({ url: server.url, token: randomBytes(32).toString('hex') });
    expect(error).toBeInstanceOf(BrokerConnectionError);
    expect((error as Error).message).toBe(
      `The broker at ${server.url} refused the connection (HTTP 401: The token is not known to ` +
        'this broker.)\nPass a token with the admin scope with --token (or $NHICARD_TOKEN).',
    );
  });

  it('turns a 403 into token advice, and another refusal into its status and reason only', async () => {
    const forbidden = await refusingServer(403, 'Another user’s process needs a token.\n');
    expect(((await failure({ url: forbidden.url })) as Error).message).toBe(
      `The broker at ${forbidden.url} refused the connection (HTTP 403: Another user’s process ` +
        'needs a token.)\nPass a token with the admin scope with --token (or $NHICARD_TOKEN).',
    );
    const busy = await refusingServer(503, '');
    expect(((await failure({ url: busy.url })) as Error).message).toBe(
      `The broker at ${busy.url} refused the connection (HTTP 503)`,
    );
  });

  it('says that no broker is running where nothing listens', async () => {
    const server = createTcpServer();
    const url = await listening(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure({ url });
    expect(error).toBeInstanceOf(BrokerConnectionError);
    expect((error as Error).message).toBe(
      `No nhicard broker is running at ${url} (connection refused).\n` +
        'Start one with `nhicard serve` (or `pnpm start` in the nhicard repository), or point ' +
        '--url / --port at the one that is running.',
    );
  });

  it('gives up on a server that never answers the upgrade, saying how long it waited', async () => {
    const silent = createTcpServer((socket) => {
      closers.push(async () => {
        socket.destroy();
      });
    });
    const url = await listening(silent);
    const error = await failure({ url, connectTimeoutMs: 300 });
    expect(error).toBeInstanceOf(BrokerConnectionError);
    expect((error as Error).message).toBe(`The broker at ${url} did not answer in 300 ms.`);
  });
});
