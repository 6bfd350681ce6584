// How the broker serves the examples (no browser needed): by default with the simulator
// only, the SDK bundle beside them, the kiosk and monitor sandboxed, and their origin `null`
// held to `presence` whatever the access options say.
import { createSimulatorDriver } from '@nhicard/native';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type WebSocket as WsWebSocket } from 'ws';
import { type RunningServer, startServer } from '../../server/src/server.js';
import type { ServerOptions } from '../../server/src/server-options.js';
import { buildSdkBundle } from './examples-stack.js';

let sdkDirectory: string;
let running: RunningServer | undefined;

beforeAll(async () => {
  sdkDirectory = await buildSdkBundle();
});

afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  running = await startServer({
    port: 0,
    driver: createSimulatorDriver({ samAuthDelayMs: 0, readLatencyMs: 0 }),
    broker: { pollIntervalMs: 10 },
    ...options,
  });
  return running;
}

/** The first message a WebSocket client sending `origin` gets, or the refusal's status. */
function connectAs(
  server: RunningServer,
  origin: string,
): Promise<{ status: number; hello?: { scopes: string[] }; socket?: WsWebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.url, ['nhicard.v1.json'], { headers: { Origin: origin } });
    socket.once('message', (data) => {
      resolve({ status: 101, hello: JSON.parse(String(data)), socket });
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** Sends one request and resolves with its response. */
function ask(socket: WsWebSocket, op: string, params: object): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: unknown): void => {
      const message = JSON.parse(String(data)) as { type: string; id?: number };
      if (message.type !== 'response' || message.id !== 1) return;
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'request', id: 1, op, params }));
  });
}

describe('the examples served by the broker', () => {
  it('are served with the simulator by default, with the SDK bundle and the kiosk sandboxed', async () => {
    const server = await start({ examples: { sdkDirectory } });
    expect(server.examplesUrl).toBe(`http://127.0.0.1:${server.port}/examples/`);
    const index = await fetch(`${server.examplesUrl}`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<b>門診掛號</b>');
    const kiosk = await fetch(`${server.examplesUrl}kiosk/`);
    expect(kiosk.status).toBe(200);
    expect(kiosk.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts; /);
    const registration = await fetch(`${server.examplesUrl}his-registration/`);
    expect(registration.headers.get('content-security-policy')).not.toContain('sandbox');
    const monitorConfig = await fetch(`${server.examplesUrl}monitor/monitor.config.json`);
    expect(monitorConfig.headers.get('access-control-allow-origin')).toBe('null');
    expect(await monitorConfig.json()).toEqual({
      title: '工作站讀卡監看',
      brokers: [{ label: '本機 This workstation', url: '/v1' }],
    });
    const bundle = await fetch(`${server.httpUrl}sdk/nhicard-client.iife.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await bundle.text()).toContain('NhiCard');
  });

  it('hold the sandboxed origin null to presence, even against the access options', async () => {
    const server = await start({ access: { origins: { null: ['presence', 'read', 'admin'] } } });
    const kiosk = await connectAs(server, 'null');
    expect(kiosk.hello).toMatchObject({ type: 'hello', scopes: ['presence'] });
    const socket = kiosk.socket as WsWebSocket;
    expect(await ask(socket, 'card.read', { sections: ['basic'] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ask(socket, 'sim.insert', { card: 'adult' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    socket.close();
    // The broker's own origin (the registration page) keeps what it had.
    const own = await connectAs(server, `http://127.0.0.1:${server.port}`);
    expect(own.hello?.scopes).toEqual(['presence', 'read', 'admin']);
    own.socket?.close();
  });

  it('are off, and origin null refused, when turned off or with a real driver', async () => {
    let server = await start({ examples: false });
    expect(server.examplesUrl).toBeNull();
    const page = await fetch(`${server.httpUrl}examples/`);
    expect([page.status, await page.text()]).toEqual([
      404,
      'Not found. Try / , /healthz or /metrics.\n',
    ]);
    expect((await connectAs(server, 'null')).status).toBe(403);
    await server.close();

    // Any driver but the simulator: a simulator under another kind (closing a server closes
    // its driver, so each server gets its own).
    const realDriver = () => ({
      ...createSimulatorDriver({ samAuthDelayMs: 0 }),
      kind: 'pcsc' as const,
    });
    server = await start({ driver: realDriver() });
    expect(server.examplesUrl).toBeNull();
    expect((await fetch(`${server.httpUrl}sdk/nhicard-client.iife.js`)).status).toBe(404);
    expect((await connectAs(server, 'null')).status).toBe(403);
    await server.close();

    server = await start({ driver: realDriver(), examples: true });
    expect(server.examplesUrl).toBe(`http://127.0.0.1:${server.port}/examples/`);
    expect((await connectAs(server, 'null')).hello?.scopes).toEqual(['presence']);
  });
});
