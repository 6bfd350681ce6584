// How the broker serves the examples (no browser needed): by default with the simulator
// only, the SDK bundle beside them, the kiosk and monitor on the presence port whose origin is
// held to `presence` whatever the access options say, and origin `null` given nothing.
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

/**
 * The first message a WebSocket client sending `origin` gets, the typed close that came
 * instead (a refused page), or the refusal's HTTP status.
 */
function connectAs(
  server: RunningServer,
  origin: string,
): Promise<{
  status: number;
  hello?: { scopes: string[] };
  socket?: WsWebSocket;
  closed?: string;
}> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.url, ['nhicard.v1.json'], { headers: { Origin: origin } });
    socket.once('message', (data) => {
      resolve({ status: 101, hello: JSON.parse(String(data)), socket });
    });
    socket.once('close', (code, reason) => {
      resolve({ status: 101, closed: `${code} ${reason.toString()}` });
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
  it('are served with the simulator by default, the kiosk and monitor from the presence port', async () => {
    const server = await start({ examples: { sdkDirectory } });
    expect(server.examplesUrl).toBe(`http://127.0.0.1:${server.port}/examples/`);
    expect(server.presenceUrl).toBe(`http://127.0.0.1:${server.presencePort}/`);
    expect(server.presencePort).not.toBe(server.port);
    const index = await fetch(`${server.examplesUrl}`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<b>門診掛號</b>');
    const presenceKiosk = `${server.presenceUrl}examples/kiosk/`;
    for (const spelling of ['kiosk/', 'KIOSK/', 'Kiosk./']) {
      const moved = await fetch(`${server.examplesUrl}${spelling}`, { redirect: 'manual' });
      expect([spelling, moved.status, moved.headers.get('location')]).toEqual([
        spelling,
        302,
        presenceKiosk,
      ]);
    }
    const kiosk = await fetch(presenceKiosk);
    expect(kiosk.status).toBe(200);
    expect(kiosk.headers.get('content-security-policy')).not.toContain('sandbox');
    const registration = await fetch(`${server.examplesUrl}his-registration/`);
    expect(registration.headers.get('content-security-policy')).not.toContain('sandbox');
    const monitorConfig = await fetch(`${server.presenceUrl}examples/monitor/monitor.config.json`);
    // Same-origin for the monitor; no other page may read the tokens it may hold.
    expect(monitorConfig.headers.get('access-control-allow-origin')).toBeNull();
    expect(await monitorConfig.json()).toEqual({
      title: '工作站讀卡監看',
      brokers: [{ label: '本機 This workstation', url: '/v1' }],
    });
    const bundle = await fetch(`${server.httpUrl}sdk/nhicard-client.iife.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await bundle.text()).toContain('NhiCard');
  });

  it('give origin null nothing: no wildcard while the examples are served', async () => {
    const server = await start({ examples: { sdkDirectory } });
    expect((await connectAs(server, 'null')).closed).toBe('1008 ORIGIN_NOT_ALLOWED');
  });

  it('hold the presence origin to presence, even against the access options', async () => {
    const presenceOrigin = (port: number | null) => `http://127.0.0.1:${port}`;
    const server = await start({
      presencePort: 0,
      access: { origins: { 'http://127.0.0.1:1': ['read'] } },
    });
    const kiosk = await connectAs(server, presenceOrigin(server.presencePort));
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

  it('are off when turned off or with a real driver, and origin null is refused either way', async () => {
    let server = await start({ examples: false });
    expect(server.examplesUrl).toBeNull();
    const page = await fetch(`${server.httpUrl}examples/`);
    expect([page.status, await page.text()]).toEqual([
      404,
      'Not found. Try / , /healthz or /metrics.\n',
    ]);
    expect((await connectAs(server, 'null')).closed).toBe('1008 ORIGIN_NOT_ALLOWED');
    await server.close();

    // Any driver but the simulator: a simulator under another kind (closing a server closes
    // its driver, so each server gets its own).
    const realDriver = () => ({
      ...createSimulatorDriver({ samAuthDelayMs: 0 }),
      kind: 'pcsc' as const,
    });
    server = await start({ driver: realDriver() });
    expect(server.examplesUrl).toBeNull();
    expect((await fetch(`${server.httpUrl}examples/`)).status).toBe(404);
    // The demo page runs on the SDK's bundle: served with it, examples or not.
    expect((await fetch(`${server.httpUrl}sdk/nhicard-client.iife.js`)).status).toBe(200);
    expect(server.presencePort).toBeNull();
    await server.close();

    server = await start({ driver: realDriver(), demoPage: false });
    expect((await fetch(`${server.httpUrl}sdk/nhicard-client.iife.js`)).status).toBe(404);
    await server.close();

    server = await start({ driver: realDriver(), examples: true });
    expect(server.examplesUrl).toBe(`http://127.0.0.1:${server.port}/examples/`);
    expect((await connectAs(server, 'null')).closed).toBe('1008 ORIGIN_NOT_ALLOWED');
    const presence = await connectAs(server, `http://127.0.0.1:${server.presencePort}`);
    expect(presence.hello?.scopes).toEqual(['presence']);
    presence.socket?.close();
  });
});
